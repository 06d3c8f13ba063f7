// The XLSX template of the register and the yearly figures, and reading a filled one back. Reading
// gives every row either its value or its problems (row number, column, reason in Chinese); the
// checks against the stored register (文号 already there) are the import use case's.
import ExcelJS from 'exceljs';
import { DomainError } from '../kernel/errors.ts';
import { runIsolated } from '../kernel/isolated.ts';
import {
  dataRows,
  dateOf,
  describeProblem as describeRowProblem,
  headerProblems,
  type ImportRow,
  loadWorkbook,
  type RowProblem,
  rowCells,
  textOf,
} from '../kernel/xlsx-import.ts';
import {
  NORMATIVE_KIND_IDS,
  NORMATIVE_KINDS,
  NORMATIVE_STATUS_IDS,
  NORMATIVE_STATUSES,
  type NormativeDocument,
  type NormativeKind,
  type NormativeStatus,
  type YearCounts,
} from './normative.ts';
import {
  type DocumentField,
  documentFieldProblems,
  normalizeDocument,
  parseCount,
  parseWanYuan,
  yearCountsProblems,
} from './normative-rules.ts';

export const REGISTER_SHEET = '规章和行政规范性文件';
export const COUNTS_SHEET = '年度数量';
const GUIDE_SHEET = '填写说明';
/** More rows than an organ issues in decades; a larger sheet is not a register. */
export const MAX_IMPORT_ROWS = 5000;

/** The register sheet's columns, in order: the field each fills and its header. */
export const REGISTER_COLUMNS: readonly { field: DocumentField; header: string; width: number }[] = [
  { field: 'kind', header: '类别', width: 16 },
  { field: 'title', header: '标题', width: 50 },
  { field: 'documentNumber', header: '文号', width: 24 },
  { field: 'issuedOn', header: '发布（制发）日期', width: 16 },
  { field: 'effectiveOn', header: '施行日期', width: 14 },
  { field: 'validUntil', header: '有效期至', width: 14 },
  { field: 'status', header: '有效性', width: 10 },
  { field: 'statusOn', header: '废止、失效或修改日期', width: 20 },
];

type CountField = 'year' | 'licensing' | 'penalty' | 'enforcement' | 'feesYuan';
export const COUNT_COLUMNS: readonly { field: CountField; header: string; width: number }[] = [
  { field: 'year', header: '年度', width: 10 },
  { field: 'licensing', header: '行政许可本年处理决定数量', width: 24 },
  { field: 'penalty', header: '行政处罚本年处理决定数量', width: 24 },
  { field: 'enforcement', header: '行政强制本年处理决定数量', width: 24 },
  { field: 'feesYuan', header: '行政事业性收费本年收费金额（万元）', width: 30 },
];

// The shared reader's names, as this folder has always exported them.
export {
  describeProblem,
  type ImportRow,
  MAX_UNZIPPED_BYTES,
  type RowProblem,
  zipSizeCheck,
} from '../kernel/xlsx-import.ts';

export interface ParsedImport {
  documents: ImportRow<NormativeDocument>[];
  counts: ImportRow<YearCounts>[];
}

/** The template the clerk downloads: headers, drop-down lists and a sheet of instructions. */
export async function buildTemplate(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gongkai';
  workbook.title = '规章和行政规范性文件登记及年度数量导入模板';
  const register = workbook.addWorksheet(REGISTER_SHEET);
  register.columns = REGISTER_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  const counts = workbook.addWorksheet(COUNTS_SHEET);
  counts.columns = COUNT_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  for (const sheet of [register, counts]) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const kinds = `"${NORMATIVE_KIND_IDS.map((k) => NORMATIVE_KINDS[k].label).join(',')}"`;
  const statuses = `"${NORMATIVE_STATUS_IDS.map((s) => NORMATIVE_STATUSES[s].label).join(',')}"`;
  for (let row = 2; row <= 500; row++) {
    register.getCell(row, 1).dataValidation = { type: 'list', allowBlank: true, formulae: [kinds] };
    register.getCell(row, 7).dataValidation = { type: 'list', allowBlank: true, formulae: [statuses] };
    for (const column of [4, 5, 6, 8]) register.getCell(row, column).numFmt = 'yyyy-mm-dd';
  }
  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.getColumn(1).width = 100;
  for (const line of [
    '填写说明',
    `1. 在“${REGISTER_SHEET}”工作表中每行填写一件文件；第一行为表头，请勿修改。`,
    '2. 类别填“规章”或“行政规范性文件”；乡镇（街道）没有制定规章的权限，不应填写规章。',
    '3. 日期按“2024-01-31”的格式填写，也可使用 Excel 的日期格式。有效期至可不填。',
    '4. 有效性填“有效”“废止”“失效”或“修改”；填写废止、失效或修改的，须填写其生效日期。',
    '5. 文号在本机构登记簿中不能重复；已登记的文件请在系统中修改，不要重复导入。',
    `6. 在“${COUNTS_SHEET}”工作表中每行填写一个年度的数量：处理决定数量为非负整数，收费金额单位为万元，最多四位小数。`,
    '7. 已录入的年度再次导入时，以导入的数量为准。',
    '8. 任何一行有误时不导入任何内容；可以改正后重新上传，或在检查结果页面选择只导入无误的行。',
  ])
    guide.addRow([line]);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

const KIND_BY_LABEL = new Map<string, NormativeKind>([
  ...NORMATIVE_KIND_IDS.map((k) => [NORMATIVE_KINDS[k].label, k] as const),
  ['规范性文件', 'normative'],
]);
const STATUS_BY_LABEL = new Map<string, NormativeStatus>(
  NORMATIVE_STATUS_IDS.map((s) => [NORMATIVE_STATUSES[s].label, s] as const),
);

function readDocuments(sheet: ExcelJS.Worksheet, today: string): ImportRow<NormativeDocument>[] {
  const width = REGISTER_COLUMNS.length;
  const header = REGISTER_COLUMNS.map((c) => c.header);
  return dataRows(sheet, width).map((row) => {
    const cells = rowCells(sheet, row, width);
    const problems: RowProblem[] = [];
    const at = (field: DocumentField) => REGISTER_COLUMNS.findIndex((c) => c.field === field);
    const problem = (field: DocumentField, reason: string) =>
      problems.push({ sheet: sheet.name, row, column: header[at(field)]!, reason });
    const date = (field: DocumentField): string | null => {
      const d = dateOf(cells[at(field)]!);
      if (d === undefined) {
        problem(field, `无法识别的日期“${textOf(cells[at(field)]!)}”，请按“2024-01-31”的格式填写`);
        return '';
      }
      return d;
    };
    const kindText = textOf(cells[at('kind')]!).replace(/\s+/g, '');
    const kind = KIND_BY_LABEL.get(kindText);
    if (kind === undefined)
      problem('kind', kindText === '' ? '请填写类别' : `类别应为“规章”或“行政规范性文件”，不是“${kindText}”`);
    const statusText = textOf(cells[at('status')]!).replace(/\s+/g, '');
    const status = statusText === '' ? 'valid' : STATUS_BY_LABEL.get(statusText);
    if (status === undefined) problem('status', `有效性应为“有效”“废止”“失效”或“修改”，不是“${statusText}”`);
    const doc: NormativeDocument = {
      kind: kind ?? 'normative',
      title: textOf(cells[at('title')]!),
      documentNumber: textOf(cells[at('documentNumber')]!),
      issuedOn: date('issuedOn') ?? '',
      effectiveOn: date('effectiveOn') ?? '',
      validUntil: date('validUntil'),
      status: status ?? 'valid',
      statusOn: date('statusOn'),
      itemId: null,
    };
    // Problems of unreadable cells are reported once, not again by the rules.
    const reported = new Set(problems.map((p) => p.column));
    for (const p of documentFieldProblems(doc, today)) {
      const column = header[at(p.field)]!;
      if (reported.has(column)) continue;
      if (p.field === 'kind' || (p.field === 'status' && status === undefined)) continue;
      problems.push({ sheet: sheet.name, row, column, reason: p.message });
    }
    return { row, value: problems.length === 0 ? normalizeDocument(doc) : null, problems };
  });
}

function readCounts(sheet: ExcelJS.Worksheet, thisYear: number): ImportRow<YearCounts>[] {
  const width = COUNT_COLUMNS.length;
  return dataRows(sheet, width).map((row) => {
    const cells = rowCells(sheet, row, width);
    const problems: RowProblem[] = [];
    const values: Partial<Record<CountField, number>> = {};
    COUNT_COLUMNS.forEach((c, i) => {
      const raw = cells[i]!;
      const text = typeof raw === 'number' ? String(raw) : textOf(raw);
      let n: number | null;
      let reason: string;
      if (c.field === 'feesYuan') {
        n = text === '' ? null : parseWanYuan(text);
        reason = '收费金额应为非负数，单位万元，最多四位小数';
      } else if (c.field === 'year') {
        n = parseCount(text);
        if (n !== null && (n < 2000 || n > thisYear)) n = null;
        reason = `年度应为 2000 至 ${thisYear} 之间的年份`;
      } else {
        n = parseCount(text);
        reason = '处理决定数量应为非负整数';
      }
      if (n === null)
        problems.push({
          sheet: sheet.name,
          row,
          column: c.header,
          reason: text === '' ? `请填写${c.header}` : `${reason}（填写的是“${text}”）`,
        });
      else values[c.field] = n;
    });
    let value: YearCounts | null = null;
    if (problems.length === 0) {
      value = values as YearCounts;
      for (const reason of yearCountsProblems(value, thisYear))
        problems.push({ sheet: sheet.name, row, column: COUNT_COLUMNS[0]!.header, reason });
      if (problems.length > 0) value = null;
    }
    return { row, value, problems };
  });
}

/**
 * Reads a filled template. Unreadable files are refused (input.unreadable); a workbook without the
 * template's sheets or headers, or with too many rows, is refused as a whole (input.invalid).
 */
export async function readImportWorkbook(bytes: Uint8Array, today: string): Promise<ParsedImport> {
  const workbook = await loadWorkbook(bytes);
  const register = workbook.getWorksheet(REGISTER_SHEET);
  const counts = workbook.getWorksheet(COUNTS_SHEET);
  if (!register && !counts) {
    const message = `未找到“${REGISTER_SHEET}”或“${COUNTS_SHEET}”工作表，请使用下载的导入模板填写。`;
    throw new DomainError('input.invalid', message, { userMessage: message });
  }
  const problems = [
    ...(register ? headerProblems(register, REGISTER_COLUMNS) : []),
    ...(counts ? headerProblems(counts, COUNT_COLUMNS) : []),
  ];
  if (problems.length > 0) {
    const lines = problems.map(describeRowProblem);
    throw new DomainError('input.invalid', '表头与模板不一致', {
      userMessage: '表头与导入模板不一致，未导入任何内容：',
      problems: lines,
    });
  }
  for (const sheet of [register, counts]) {
    if (sheet && sheet.rowCount > MAX_IMPORT_ROWS + 1) {
      const message = `“${sheet.name}”工作表超过 ${MAX_IMPORT_ROWS} 行，请分批导入。`;
      throw new DomainError('input.invalid', message, { userMessage: message });
    }
  }
  const thisYear = Number(today.slice(0, 4));
  return {
    documents: register ? readDocuments(register, today) : [],
    counts: counts ? readCounts(counts, thisYear) : [],
  };
}

/** readImportWorkbook for an upload: in a worker with a heap and a time limit (kernel/isolated.ts). */
export function readUploadedImportWorkbook(bytes: Uint8Array, today: string): Promise<ParsedImport> {
  return runIsolated(new URL(import.meta.url), 'readImportWorkbook', [bytes, today]);
}
