// Reads an Excel .xlsx report: every visible worksheet, in tab order, becomes one table whose rows
// are the sheet's rows with each cell's displayed value. Narrative paragraphs, section headings and
// the report title that offices type into a single cell come out as text blocks, so the extractor
// (which looks for those in text) finds the report's prose sections.

import ExcelJS from 'exceljs';
import { checkDocumentZip } from '../../kernel/zip-directory.ts';
import { SECTIONS } from '../report-format.ts';
import type { DocumentBlock, SourceDocument } from './document.ts';
import { normaliseSpace } from './from-html.ts';

const CORRUPT = '无法读取XLSX文件：文件已损坏或不是Excel工作簿';
const LEGACY = '无法读取XLSX文件：这是旧版Excel（.xls）文件或加密工作簿，请在Excel中另存为.xlsx后再试';
const EMPTY = '无法读取XLSX文件：文件为空';
const TOO_LARGE = '无法读取XLSX文件：文件解压后超过 128 MB，不是正常的年度报告';

/** Signature of OLE compound files: legacy .xls/.et and password-protected .xlsx. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const NUMBER = /^[+\-−]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?%?$/;
/** Prose: a sentence end, or longer than any label of the national tables (the longest is 38). */
const SENTENCE_END = /[。！？；!?]/;
const PROSE_LENGTH = 50;

export async function fromXlsx(bytes: Uint8Array): Promise<SourceDocument> {
  const workbook = await loadWorkbook(bytes);
  const blocks: DocumentBlock[] = [];
  let table = 0;
  for (const sheet of workbook.worksheets) {
    if (sheet.state !== 'visible') continue;
    const sheetBlocks = readSheet(sheet, table);
    if (sheetBlocks.some((block) => block.kind === 'row')) table++;
    blocks.push(...sheetBlocks);
  }
  const document: SourceDocument = { blocks };
  const title = normaliseSpace(workbook.title ?? '');
  if (title !== '') document.title = title;
  return document;
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  if (bytes.length === 0) throw new Error(EMPTY);
  if (OLE_SIGNATURE.every((byte, index) => bytes[index] === byte)) throw new Error(LEGACY);
  // A ZIP bomb (or no sound ZIP) is refused before anything is inflated.
  checkDocumentZip(bytes, { tooLarge: TOO_LARGE, corrupt: CORRUPT });
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings ask for its own Buffer type; a Node Buffer view over the bytes is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new Error(CORRUPT);
  }
  // Any ZIP loads without error; a workbook without sheets was not a workbook.
  if (workbook.worksheets.length === 0) throw new Error(CORRUPT);
  return workbook;
}

function readSheet(sheet: ExcelJS.Worksheet, table: number): DocumentBlock[] {
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++)
      cells[column - 1] = cellDisplay(row.getCell(column));
    grid.push(cells);
  });
  const [first, last] = usedColumns(grid);
  // A sheet with no row of three or more cells holds the report's prose, not a table: each
  // single-cell row there is a line of text.
  const textSheet = !grid.some((row) => distinctFilled(row).length >= 3);
  const blocks: DocumentBlock[] = [];
  for (const raw of grid) {
    const cells = Array.from({ length: last - first + 1 }, (_, i) => raw[first + i] ?? '');
    blocks.push(...rowBlocks(cells, table, textSheet));
  }
  return blocks;
}

/** First and last column (0-based) holding any text, so styling-only columns do not widen rows. */
function usedColumns(grid: readonly string[][]): [number, number] {
  let first = Number.POSITIVE_INFINITY;
  let last = -1;
  for (const row of grid) {
    row.forEach((cell, column) => {
      if (cell === '') return;
      first = Math.min(first, column);
      last = Math.max(last, column);
    });
  }
  return last < 0 ? [0, -1] : [first, last];
}

/** The texts of a row's filled cells, a merged label (repeated over its cells) counted once. */
function distinctFilled(cells: readonly string[]): string[] {
  return [...new Set(cells.filter((cell) => cell.trim() !== ''))];
}

function rowBlocks(rawCells: readonly string[], table: number, textSheet: boolean): DocumentBlock[] {
  const filled = distinctFilled(rawCells);
  if (filled.length === 0) return [];
  const only = filled[0]!;
  if (filled.length === 1 && (textSheet || isProse(only) || isHeadingOrTitle(only))) {
    // One paragraph per line of the cell (Alt+Enter breaks).
    return only
      .split(/\r\n|\r|\n/)
      .map(normaliseSpace)
      .filter((line) => line !== '')
      .map((text): DocumentBlock => ({ kind: 'text', text }));
  }
  return [{ kind: 'row', cells: rawCells.map(normaliseSpace), table }];
}

function isProse(text: string): boolean {
  const flat = normaliseSpace(text);
  if (NUMBER.test(flat.normalize('NFKC'))) return false;
  return SENTENCE_END.test(flat) || flat.length >= PROSE_LENGTH;
}

/**
 * The report title or one of the six section headings. Table row labels left without values
 * (四、结转下年度继续办理, 第二十条第（一）项) match neither and stay rows.
 */
function isHeadingOrTitle(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  if (/年度报告|年报/.test(compact) && /信息公开|政务公开/.test(compact)) return true;
  const heading = /^[一二三四五六七八九十]+[、.．](.+)$/.exec(compact);
  return (
    heading !== null && SECTIONS.some((section) => section.keywords.some((k) => heading[1]!.includes(k)))
  );
}

/** The text a cell shows; the cells a merge covers, other than its top-left master, are blank. */
function cellDisplay(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) {
    // A merged label repeats over the cells it covers, so every row names itself and value cells
    // keep their columns; a merged number counts once.
    const master = cellDisplay(cell.master);
    return NUMBER.test(normaliseSpace(master).normalize('NFKC')) ? '' : master;
  }
  // exceljs's formula `value` drops a falsy cached result (a 0 total would read as blank), while
  // `result` keeps it.
  if (cell.type === ExcelJS.ValueType.Formula) return displayValue(cell.result);
  return displayValue(cell.value);
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return plainDate(value);
  if (typeof value !== 'object') return '';
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText
      .map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : ''))
      .join('');
  }
  // A formula nested elsewhere shows its cached result; one never calculated has none.
  if ('formula' in value || 'sharedFormula' in value)
    return 'result' in value ? displayValue(value.result) : '';
  if ('error' in value) return String(value.error);
  // Hyperlinks: the shown text, which may itself be rich text.
  if ('text' in value) return displayValue(value.text);
  return '';
}

/** A number as a plain decimal: no exponent, and without binary floating-point noise. */
function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const rounded = Number.parseFloat(value.toPrecision(15));
  if (rounded === 0) return '0';
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** exceljs gives date cells as UTC Dates; show the date, and the time only when there is one. */
function plainDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
