// The printed layout of an annual report, computed once from report-format.ts and shared by the
// HTML, DOCX, XLSX and Markdown renderers: the six sections in order, and the three tables as grids
// of cells with their row and column spans as in the national format.

import type { AnnualReport, Cell } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  LEGAL_PERSON_COLUMNS,
  SECTIONS,
  type SectionDefinition,
  type SectionKey,
  sectionHeading,
  TABLE2_HEADER_FIRST_CELL,
  TABLE3_APPLICANT_HEADER,
  TABLE3_CORNER,
  TABLE3_LEGAL_PERSON_HEADER,
  TABLE3_RESULT_HEADING,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../report-format.ts';

export type TableId = 'table2' | 'table3' | 'table4';

/**
 * What a cell is:
 * - `corner`: the explanatory note in the top-left corner of table 三;
 * - `colHeader`: a column heading (`scope="col"`, or `colgroup` when it spans columns);
 * - `blockHeader`: a table 二 item line (第二十条第（一）项) heading the rows of its block;
 * - `rowHeader`: a row label (the group label of table 三 spans the rows of its group);
 * - `value`: a number, or a blank when the value is null.
 */
export type GridCellRole = 'corner' | 'colHeader' | 'blockHeader' | 'rowHeader' | 'value';

export interface GridCell {
  role: GridCellRole;
  /** The printed text: the label, or the formatted number ('' for a blank value). */
  text: string;
  /** The number of a `value` cell (null when blank); always null for labels. */
  value: Cell;
  /** Whether this value cell allows decimals (amounts in 万元). */
  decimal: boolean;
  /** Position of the cell's top-left corner in the full grid, 0-based. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface TableGrid {
  table: TableId;
  /** The section the table is printed in. */
  section: SectionKey;
  /** A caption for formats that have one (the section title, without its numeral). */
  caption: string;
  columnCount: number;
  rowCount: number;
  /** Leading rows that are column headings for the whole table (table 二 has none: each block has its own). */
  headerRowCount: number;
  /** Leading columns that hold labels; the others hold numbers. */
  labelColumnCount: number;
  /** The cells anchored in each row, left to right; cells covered by a span are not repeated. */
  rows: GridCell[][];
  /** Body row ranges [start, end) that belong together (table 二's blocks); one range for the other tables. */
  bodyGroups: { start: number; end: number }[];
}

export function formatNumber(value: Cell): string {
  if (value === null || !Number.isFinite(value)) return '';
  return String(value);
}

/** The report's title, or one composed from the body and year when the model has none. */
export function reportTitle(report: AnnualReport): string {
  if (report.title?.trim()) return report.title.trim();
  const year = report.year === null ? '' : `${report.year}年`;
  return `${report.body ?? ''}${year}政府信息公开工作年度报告`;
}

export interface RenderedSection {
  definition: SectionDefinition;
  /** The heading exactly as the format prints it (一、总体情况 …). */
  heading: string;
  paragraphs: string[];
  /** The table printed after the section's paragraphs, if the section has one. */
  table: TableGrid | null;
}

/** The six sections in the format's order, whether or not the report has text for them. */
/**
 * The 落款 closing a published report: the body's name and the publication date in Chinese form,
 * right-aligned under section 六. Readers take the date from it.
 */
export function signatureLines(report: AnnualReport): string[] {
  if (report.publishedOn === null) return [];
  const [y, m, d] = report.publishedOn.split('-').map(Number);
  return [...(report.body === null ? [] : [report.body]), `${y}年${m}月${d}日`];
}

export function renderedSections(report: AnnualReport): RenderedSection[] {
  const tables: Partial<Record<SectionKey, TableGrid>> = {
    proactive: table2Grid(report),
    applications: table3Grid(report),
    appeals: table4Grid(report),
  };
  return SECTIONS.map((definition) => ({
    definition,
    heading: sectionHeading(definition),
    paragraphs: report.sections.filter((s) => s.key === definition.key).flatMap((s) => s.paragraphs),
    table: tables[definition.key] ?? null,
  }));
}

function sectionTitle(key: SectionKey): string {
  return SECTIONS.find((s) => s.key === key)!.title;
}

function label(
  role: GridCellRole,
  text: string,
  row: number,
  col: number,
  rowSpan = 1,
  colSpan = 1,
): GridCell {
  return { role, text, value: null, decimal: false, row, col, rowSpan, colSpan };
}

function valueCell(
  value: Cell | undefined,
  row: number,
  col: number,
  decimal = false,
  colSpan = 1,
): GridCell {
  const v = value ?? null;
  return { role: 'value', text: formatNumber(v), value: v, decimal, row, col, rowSpan: 1, colSpan };
}

// ---------------------------------------------------------------------------------------------
// Table 二: one table of blocks. Each block is an item line spanning the table, a heading row
// (信息内容 | column labels) and its data rows. A block with fewer columns than the widest block
// stretches its last column over the rest, as the national layout does.

export function table2Grid(report: AnnualReport): TableGrid {
  const blocks = table2Layout(report.format);
  const valueColumns = Math.max(...blocks.map((b) => b.columns.length));
  const columnCount = 1 + valueColumns;
  const rows: GridCell[][] = [];
  const bodyGroups: { start: number; end: number }[] = [];
  for (const block of blocks) {
    const start = rows.length;
    const last = block.columns.length - 1;
    const stretch = (index: number) => (index === last ? valueColumns - last : 1);
    rows.push([label('blockHeader', block.item, rows.length, 0, 1, columnCount)]);
    const r = rows.length;
    rows.push([
      label('colHeader', TABLE2_HEADER_FIRST_CELL, r, 0),
      ...block.columns.map((column, i) => label('colHeader', column.label, r, 1 + i, 1, stretch(i))),
    ]);
    for (const row of block.rows) {
      const r = rows.length;
      const cells = report.table2[row.key];
      rows.push([
        label('rowHeader', row.label, r, 0),
        ...block.columns.map((column, i) =>
          valueCell(cells?.[i], r, 1 + i, column.decimal === true, stretch(i)),
        ),
      ]);
    }
    bodyGroups.push({ start, end: rows.length });
  }
  return {
    table: 'table2',
    section: 'proactive',
    caption: sectionTitle('proactive'),
    columnCount,
    rowCount: rows.length,
    headerRowCount: 0,
    labelColumnCount: 1,
    rows,
    bodyGroups,
  };
}

// ---------------------------------------------------------------------------------------------
// Table 三: three label columns and the seven applicant columns.
//   header row 0: corner note (3 rows × 3 columns) | 申请人情况 (7 columns)
//   header row 1: 自然人 (2 rows) | 法人或其他组织 (5 columns) | 总计 (2 rows)
//   header row 2: 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他
//   body: 一、/二、/四、 rows label spanning the 3 label columns; 三、本年度办理结果 spans its rows in
//   column 0; a grouped row has its group label (spanning the group's rows) in column 1 and its leaf
//   label in column 2; an ungrouped result row spans columns 1–2. The 7 numbers are always the
//   last 7 cells of the row.

export const TABLE3_LABEL_COLUMNS = 3;

export function table3Grid(report: AnnualReport): TableGrid {
  const defs = table3Rows(report.format);
  const columnCount = TABLE3_LABEL_COLUMNS + APPLICANT_COLUMNS.length;
  const headerRowCount = 3;
  const legal: readonly number[] = LEGAL_PERSON_COLUMNS;
  const firstLegal = Math.min(...legal);
  if (legal.some((c, i) => c !== firstLegal + i))
    throw new Error('法人或其他组织 columns must be contiguous');

  const header: GridCell[][] = [
    [
      label('corner', TABLE3_CORNER, 0, 0, headerRowCount, TABLE3_LABEL_COLUMNS),
      label('colHeader', TABLE3_APPLICANT_HEADER, 0, TABLE3_LABEL_COLUMNS, 1, APPLICANT_COLUMNS.length),
    ],
    [],
    [],
  ];
  APPLICANT_COLUMNS.forEach((name, i) => {
    const col = TABLE3_LABEL_COLUMNS + i;
    if (legal.includes(i)) {
      if (i === firstLegal)
        header[1]!.push(label('colHeader', TABLE3_LEGAL_PERSON_HEADER, 1, col, 1, legal.length));
      header[2]!.push(label('colHeader', name, 2, col));
    } else {
      header[1]!.push(label('colHeader', name, 1, col, 2, 1));
    }
  });

  const inResults = defs.map((d) => d.result || d.key === 'total');
  const firstResult = inResults.indexOf(true);
  const resultCount = inResults.filter(Boolean).length;
  const body: GridCell[][] = defs.map((def, index) => {
    const r = headerRowCount + index;
    const cells: GridCell[] = [];
    if (!inResults[index]) {
      cells.push(label('rowHeader', def.label, r, 0, 1, TABLE3_LABEL_COLUMNS));
    } else {
      if (index === firstResult) cells.push(label('rowHeader', TABLE3_RESULT_HEADING, r, 0, resultCount, 1));
      if (def.groupLabel) {
        const previous = defs[index - 1];
        if (previous?.groupLabel !== def.groupLabel) {
          let span = 0;
          while (defs[index + span]?.groupLabel === def.groupLabel) span++;
          cells.push(label('rowHeader', def.groupLabel, r, 1, span, 1));
        }
        cells.push(label('rowHeader', def.label, r, 2));
      } else {
        cells.push(label('rowHeader', def.label, r, 1, 1, 2));
      }
    }
    const values = report.table3[def.key];
    APPLICANT_COLUMNS.forEach((_, i) => {
      cells.push(valueCell(values?.[i], r, TABLE3_LABEL_COLUMNS + i));
    });
    return cells;
  });

  return {
    table: 'table3',
    section: 'applications',
    caption: sectionTitle('applications'),
    columnCount,
    rowCount: headerRowCount + body.length,
    headerRowCount,
    labelColumnCount: TABLE3_LABEL_COLUMNS,
    rows: [...header, ...body],
    bodyGroups: [{ start: headerRowCount, end: headerRowCount + body.length }],
  };
}

// ---------------------------------------------------------------------------------------------
// Table 四: 15 number columns, 5 per group.
//   header row 0: 行政复议 (5 columns) | 行政诉讼 (10 columns)
//   header row 1: 行政复议's five results (2 rows each) | 未经复议直接起诉 (5) | 复议后起诉 (5)
//   header row 2: the five results of each 行政诉讼 group
//   row 3: the 15 numbers.

export function table4Grid(report: AnnualReport): TableGrid {
  const width = TABLE4_RESULTS.length;
  const columnCount = TABLE4_GROUPS.length * width;
  const hasParents = TABLE4_GROUPS.some((g) => g.parent !== null);
  const headerRowCount = hasParents ? 3 : 2;
  const header: GridCell[][] = Array.from({ length: headerRowCount }, () => []);
  const values: GridCell[] = [];
  TABLE4_GROUPS.forEach((group, g) => {
    const col = g * width;
    const resultsRow = headerRowCount - 1;
    if (group.parent === null) {
      header[0]!.push(label('colHeader', group.label, 0, col, 1, width));
      TABLE4_RESULTS.forEach((result, i) => {
        header[1]!.push(label('colHeader', result, 1, col + i, headerRowCount - 1, 1));
      });
    } else {
      const previous = TABLE4_GROUPS[g - 1];
      if (previous?.parent !== group.parent) {
        let span = 0;
        while (TABLE4_GROUPS[g + span]?.parent === group.parent) span++;
        header[0]!.push(label('colHeader', group.parent, 0, col, 1, span * width));
      }
      header[1]!.push(label('colHeader', group.label, 1, col, 1, width));
      TABLE4_RESULTS.forEach((result, i) => {
        header[resultsRow]!.push(label('colHeader', result, resultsRow, col + i));
      });
    }
    const cells = report.table4[group.key];
    TABLE4_RESULTS.forEach((_, i) => {
      values.push(valueCell(cells?.[i], headerRowCount, col + i));
    });
  });
  for (const row of header) row.sort((a, b) => a.col - b.col);
  return {
    table: 'table4',
    section: 'appeals',
    caption: sectionTitle('appeals'),
    columnCount,
    rowCount: headerRowCount + 1,
    headerRowCount,
    labelColumnCount: 0,
    rows: [...header, values],
    bodyGroups: [{ start: headerRowCount, end: headerRowCount + 1 }],
  };
}

/**
 * The grid with every position filled, for formats without merged cells (Markdown, plain text).
 * A row label spanning rows is repeated in each row it covers; any other spanned position is ''.
 */
export function expandGrid(grid: TableGrid): string[][] {
  const out = Array.from({ length: grid.rowCount }, () => Array.from({ length: grid.columnCount }, () => ''));
  for (const row of grid.rows) {
    for (const cell of row) {
      // Row labels repeat over their whole span so that every row names itself and its value
      // cells keep their positions; other spanned positions stay empty.
      const rows = cell.role === 'rowHeader' ? cell.rowSpan : 1;
      const cols = cell.role === 'rowHeader' ? cell.colSpan : 1;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) out[cell.row + r]![cell.col + c] = cell.text;
      }
    }
  }
  return out;
}

/** Every position of the grid: the cell anchored there or covering it, and whether it is the anchor. */
export function cellAt(
  grid: TableGrid,
  row: number,
  col: number,
): { cell: GridCell; anchor: boolean } | null {
  for (const cells of grid.rows) {
    for (const cell of cells) {
      if (
        row >= cell.row &&
        row < cell.row + cell.rowSpan &&
        col >= cell.col &&
        col < cell.col + cell.colSpan
      ) {
        return { cell, anchor: row === cell.row && col === cell.col };
      }
    }
  }
  return null;
}
