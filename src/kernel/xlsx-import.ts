// Reading a filled XLSX import template, shared by every import (the normative register, the
// service-item catalogue): the file checked before it is inflated (signature, ZIP directory, size),
// cells reduced to plain values, dates as civil dates, headers compared, row problems described.
import ExcelJS from 'exceljs';
import { DomainError } from './errors.ts';
import { declaredUnzippedSize, ZipRefused } from './zip-directory.ts';

export interface RowProblem {
  sheet: string;
  /** The row number as Excel shows it. */
  row: number;
  /** The column header. */
  column: string;
  reason: string;
}

export interface ImportRow<T> {
  row: number;
  value: T | null;
  problems: RowProblem[];
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function unreadable(message: string): DomainError {
  return new DomainError('input.unreadable', message, { userMessage: message });
}

export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  if (bytes.length === 0) throw unreadable('上传的文件为空，请选择填写好的导入模板（.xlsx）。');
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b))
    throw unreadable('这是旧版 Excel（.xls）文件或加密的工作簿，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。');
  if (!ZIP_SIGNATURE.every((b, i) => bytes[i] === b))
    throw unreadable('上传的文件不是 Excel 工作簿（.xlsx），请使用下载的导入模板。');
  zipSizeCheck(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw unreadable('无法读取该文件：文件已损坏或不是 Excel 工作簿（.xlsx），请重新保存后再上传。');
  }
  if (workbook.worksheets.length === 0)
    throw unreadable('无法读取该文件：文件已损坏或不是 Excel 工作簿（.xlsx），请重新保存后再上传。');
  return workbook;
}

/** Uncompressed size a template filled with thousands of rows stays far below. */
export const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 2000;

/** A small upload that would expand to gigabytes (a ZIP bomb), or not a sound ZIP, refused unopened. */
export function zipSizeCheck(bytes: Uint8Array): void {
  try {
    declaredUnzippedSize(bytes, { maxUnzippedBytes: MAX_UNZIPPED_BYTES, maxEntries: MAX_ZIP_ENTRIES });
  } catch (error) {
    if (!(error instanceof ZipRefused)) throw error;
    if (error.tooLarge)
      throw new DomainError('input.too_large', 'workbook expands too far', {
        userMessage: '该文件解压后过大，不是正常填写的导入模板，请检查后重新上传。',
      });
    throw unreadable('无法读取该文件：文件已损坏或不是 Excel 工作簿（.xlsx），请重新保存后再上传。');
  }
}

type CellValue = ExcelJS.CellValue;
/** A cell's value as the readers see it. */
export type PlainValue = string | number | boolean | Date | null | { error: string };

/** The value a cell holds: a formula's result, a rich text's text, a hyperlink's text. */
export function plainValue(value: CellValue): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value as string | number | boolean | Date;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: CellValue }).result;
    return result === undefined ? null : plainValue(result);
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('error' in value) return { error: String(value.error) };
  return null;
}

export function textOf(value: PlainValue): string {
  if (value === null) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') return value.error;
  return String(value).trim();
}

/** A date cell: an Excel date, a serial number, or text such as 2024-01-31, 2024/1/31, 2024年1月31日. */
export function dateOf(value: PlainValue): string | null | undefined {
  if (value === null) return null;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 2_958_465) return undefined;
    return new Date(Date.UTC(1899, 11, 30) + value * 86_400_000).toISOString().slice(0, 10);
  }
  const text = textOf(value).normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return null;
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!match) return undefined;
  return `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
}

export function rowCells(sheet: ExcelJS.Worksheet, row: number, width: number): PlainValue[] {
  const r = sheet.getRow(row);
  return Array.from({ length: width }, (_, i) => plainValue(r.getCell(i + 1).value));
}

export function headerProblems(
  sheet: ExcelJS.Worksheet,
  columns: readonly { header: string }[],
): RowProblem[] {
  const cells = rowCells(sheet, 1, columns.length).map((v) => textOf(v).replace(/\s+/g, ''));
  return columns.flatMap((c, i) =>
    cells[i] === c.header
      ? []
      : [
          {
            sheet: sheet.name,
            row: 1,
            column: c.header,
            reason: `表头应为“${c.header}”，请使用下载的导入模板`,
          },
        ],
  );
}

/** Rows 2.. of the sheet that hold anything. */
export function dataRows(sheet: ExcelJS.Worksheet, width: number): number[] {
  const rows: number[] = [];
  for (let row = 2; row <= sheet.rowCount; row++) {
    if (rowCells(sheet, row, width).some((v) => textOf(v) !== '')) rows.push(row);
  }
  return rows;
}

export function describeProblem(p: RowProblem): string {
  return `“${p.sheet}”第 ${p.row} 行“${p.column}”列：${p.reason}`;
}
