// An annual report as an Excel workbook: a 报告 sheet with the title, the labelled facts and the text
// (one paragraph per row in column A), then one sheet per table in the national layout with merged
// header cells. Numbers are numeric cells; blank values are empty cells.

import ExcelJS from 'exceljs';
import type { AnnualReport } from '../report.ts';
import { renderedSections, reportTitle, signatureLines, type TableGrid } from './layout.ts';

export const REPORT_SHEET = '报告';
export const TABLE_SHEETS: Record<TableGrid['table'], string> = {
  table2: '表二 主动公开',
  table3: '表三 依申请公开',
  table4: '表四 复议诉讼',
};
/** Labels of rows 2–4 of the 报告 sheet (label in column A, value in column B). */
export const REPORT_SHEET_LABELS = { body: '报告单位', year: '报告年度', publishedOn: '发布日期' } as const;

const BODY_FONT = { name: '宋体', size: 11 };
const HEADING_FONT = { name: '黑体', size: 12 };
const TITLE_FONT = { name: '黑体', size: 16 };
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export async function renderXlsx(report: AnnualReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const title = reportTitle(report);
  workbook.title = title;
  workbook.creator = report.body ?? '';

  const sections = renderedSections(report);
  writeReportSheet(workbook, report, title, sections);
  for (const section of sections) {
    if (section.table) writeTableSheet(workbook, section.table);
  }
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

function writeReportSheet(
  workbook: ExcelJS.Workbook,
  report: AnnualReport,
  title: string,
  sections: ReturnType<typeof renderedSections>,
): void {
  const sheet = workbook.addWorksheet(REPORT_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [{ width: 100 }, { width: 24 }];

  const titleRow = sheet.addRow([title]);
  titleRow.font = TITLE_FONT;
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };

  const facts: [string, string | number | null][] = [
    [REPORT_SHEET_LABELS.body, report.body],
    [REPORT_SHEET_LABELS.year, report.year],
    [REPORT_SHEET_LABELS.publishedOn, report.publishedOn],
  ];
  for (const [label, value] of facts) {
    const row = sheet.addRow([label]);
    row.font = BODY_FONT;
    if (value !== null) row.getCell(2).value = value;
    row.getCell(1).alignment = { horizontal: 'right' };
  }

  const paragraph = (text: string) => {
    const row = sheet.addRow([text]);
    row.font = BODY_FONT;
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  };
  report.preamble.forEach(paragraph);
  for (const section of sections) {
    const row = sheet.addRow([section.heading]);
    row.font = HEADING_FONT;
    section.paragraphs.forEach(paragraph);
  }
  for (const line of signatureLines(report)) {
    sheet.addRow([line]).getCell(1).alignment = { horizontal: 'right' };
  }
}

function writeTableSheet(workbook: ExcelJS.Workbook, grid: TableGrid): void {
  const sheet = workbook.addWorksheet(TABLE_SHEETS[grid.table], {
    pageSetup: {
      paperSize: 9,
      orientation: grid.columnCount > 4 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
    views: grid.headerRowCount > 0 ? [{ state: 'frozen', ySplit: grid.headerRowCount }] : [],
  });
  sheet.columns = Array.from({ length: grid.columnCount }, (_, c) => ({
    width: columnWidth(grid, c),
  }));

  // Borders and font on every position, including the covered parts of merged cells.
  for (let r = 1; r <= grid.rowCount; r++) {
    for (let c = 1; c <= grid.columnCount; c++) {
      const target = sheet.getCell(r, c);
      target.border = BORDER;
      target.font = BODY_FONT;
    }
  }
  for (const cells of grid.rows) {
    for (const cell of cells) {
      const top = cell.row + 1;
      const left = cell.col + 1;
      const bottom = top + cell.rowSpan - 1;
      const right = left + cell.colSpan - 1;
      if (bottom > top || right > left) sheet.mergeCells(top, left, bottom, right);
      const target = sheet.getCell(top, left);
      if (cell.role === 'value') {
        if (cell.value !== null && Number.isFinite(cell.value)) target.value = cell.value;
        target.alignment = { horizontal: 'right', vertical: 'middle' };
      } else {
        target.value = cell.text;
        target.alignment = {
          horizontal: cell.role === 'rowHeader' ? 'left' : 'center',
          vertical: 'middle',
          wrapText: true,
        };
        if (cell.role !== 'rowHeader') target.fill = HEADER_FILL;
        if (cell.role === 'blockHeader') target.font = { ...BODY_FONT, bold: true };
      }
    }
  }
}

function columnWidth(grid: TableGrid, col: number): number {
  if (col >= grid.labelColumnCount) return grid.table === 'table2' ? 18 : 10;
  if (grid.labelColumnCount === 1) return 28;
  return [14, 22, 44][col] ?? 14;
}
