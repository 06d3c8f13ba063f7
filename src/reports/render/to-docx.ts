// An annual report as a Word document (.docx): A4 portrait, 宋体 body and 黑体 headings (set for East
// Asian text), the title as Heading 1 and the six sections as Heading 2 so that both show in the
// navigation pane, and the three tables in the national layout with merged cells and borders.

import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { AnnualReport } from '../report.ts';
import { type GridCell, renderedSections, reportTitle, signatureLines, type TableGrid } from './layout.ts';

/** Fonts: Latin text and digits in Times New Roman, Chinese text in 宋体 (body) and 黑体 (headings). */
const BODY_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '宋体',
  cs: 'Times New Roman',
};
const HEADING_FONT = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: '黑体',
  cs: 'Times New Roman',
};

/** Sizes in half-points: 小二 (18pt) title, 四号 (14pt) headings, 小四 (12pt) body, 小五 (9pt) tables. */
const TITLE_SIZE = 36;
const HEADING_SIZE = 28;
const BODY_SIZE = 24;
const TABLE_SIZE = 18;

/** A4 in twips, with 2.54 cm top/bottom and 2 cm left/right margins. */
const PAGE_WIDTH = 11906;
const PAGE_HEIGHT = 16838;
const MARGIN_X = 1134;
const MARGIN_Y = 1440;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const TABLE_BORDERS = {
  top: BORDER,
  bottom: BORDER,
  left: BORDER,
  right: BORDER,
  insideHorizontal: BORDER,
  insideVertical: BORDER,
};
const HEADER_SHADING = { fill: 'F2F2F2', type: 'clear', color: 'auto' } as const;

export async function renderDocx(report: AnnualReport): Promise<Buffer> {
  const title = reportTitle(report);
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, text: title }),
    ...report.preamble.map(bodyParagraph),
  ];
  for (const section of renderedSections(report)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: section.heading }));
    children.push(...section.paragraphs.map(bodyParagraph));
    if (section.table) children.push(docxTable(section.table));
  }
  for (const line of signatureLines(report)) {
    children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: line })] }));
  }

  const customProperties = [
    ...(report.body === null ? [] : [{ name: 'gongkai:body', value: report.body }]),
    ...(report.year === null ? [] : [{ name: 'gongkai:year', value: String(report.year) }]),
    ...(report.publishedOn === null ? [] : [{ name: 'PubDate', value: report.publishedOn }]),
  ];

  const document = new Document({
    title,
    creator: report.body ?? '',
    lastModifiedBy: report.body ?? '',
    customProperties,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_SIZE },
          paragraph: { spacing: { line: 360, lineRule: LineRuleType.AUTO } },
        },
        heading1: {
          run: { font: HEADING_FONT, size: TITLE_SIZE, bold: true, color: '000000' },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { before: 240, after: 360 },
            outlineLevel: 0,
          },
        },
        heading2: {
          run: { font: HEADING_FONT, size: HEADING_SIZE, bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 }, outlineLevel: 1, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT, orientation: PageOrientation.PORTRAIT },
            margin: { top: MARGIN_Y, bottom: MARGIN_Y, left: MARGIN_X, right: MARGIN_X },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

function bodyParagraph(text: string): Paragraph {
  // First line indented by two characters, as Chinese official documents are.
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: BODY_SIZE * 20 },
    children: [new TextRun({ text })],
  });
}

/** Column widths in twips, summing to the text width. */
function columnWidths(grid: TableGrid): number[] {
  const labels: number[] =
    grid.labelColumnCount === 3 ? [1100, 1400, 2900] : grid.labelColumnCount === 1 ? [3000] : [];
  const labelWidth = labels.reduce((a, b) => a + b, 0);
  const numbers = grid.columnCount - labels.length;
  const each = Math.floor((TEXT_WIDTH - labelWidth) / numbers);
  const widths = [...labels, ...Array.from({ length: numbers }, () => each)];
  widths[widths.length - 1]! += TEXT_WIDTH - labelWidth - each * numbers;
  return widths;
}

function docxTable(grid: TableGrid): Table {
  const widths = columnWidths(grid);
  const rows = grid.rows.map(
    (cells, index) =>
      new TableRow({
        tableHeader: index < grid.headerRowCount ? true : undefined,
        cantSplit: true,
        children: cells.map((cell) => docxCell(cell, widths)),
      }),
  );
  return new Table({
    rows,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TABLE_BORDERS,
    alignment: AlignmentType.CENTER,
    margins: { left: 57, right: 57, top: 28, bottom: 28 },
  });
}

function docxCell(cell: GridCell, widths: number[]): TableCell {
  const width = widths.slice(cell.col, cell.col + cell.colSpan).reduce((a, b) => a + b, 0);
  const isValue = cell.role === 'value';
  const alignment = isValue
    ? AlignmentType.RIGHT
    : cell.role === 'rowHeader'
      ? AlignmentType.LEFT
      : AlignmentType.CENTER;
  return new TableCell({
    rowSpan: cell.rowSpan > 1 ? cell.rowSpan : undefined,
    columnSpan: cell.colSpan > 1 ? cell.colSpan : undefined,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    shading: cell.role === 'colHeader' || cell.role === 'blockHeader' ? HEADER_SHADING : undefined,
    children: [
      new Paragraph({
        alignment,
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
        children: cell.text === '' ? [] : [new TextRun({ text: cell.text, size: TABLE_SIZE })],
      }),
    ],
  });
}
