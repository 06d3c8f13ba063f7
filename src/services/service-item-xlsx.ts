// The XLSX exchange of the service-item catalogue: the template (an export of no items), the export,
// and reading a filled file back into items and, per bad row, its row number and every problem. The
// windows of the hall travel in a sheet of their own (optional when reading: a file of items only is
// read as before), so that a catalogue and the windows it names move in one file. A file
// that is not such a workbook gives one Chinese problem instead of rows; reading never throws on what
// the cells hold. Checks against the stored catalogue are the import use case's.
import ExcelJS from 'exceljs';
import { DomainError } from '../kernel/errors.ts';
import { runIsolated } from '../kernel/isolated.ts';
import {
  dataRows,
  headerProblems,
  type ImportRow,
  loadWorkbook,
  type PlainValue,
  type RowProblem,
  rowCells,
  textOf,
} from '../kernel/xlsx-import.ts';
import {
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_ITEM_TYPES,
  SERVICE_LEVEL_IDS,
  SERVICE_LEVELS,
  type ServiceItem,
  type ServiceItemType,
  type ServiceLevel,
} from './service-item.ts';
import {
  comparable,
  duplicateItems,
  ITEM_FIELD_LABELS,
  itemFieldProblems,
  levelLabel,
  MAX_LIMIT_DAYS,
  MAX_VERSION,
  normalizeItem,
  type ServiceItemField,
} from './service-item-rules.ts';
import {
  normalizeWindow,
  type WindowField,
  type WindowInput,
  windowFieldProblems,
} from './service-window-rules.ts';

export { describeProblem, type ImportRow, type RowProblem } from '../kernel/xlsx-import.ts';

export const ITEMS_SHEET = '政务服务事项';
export const WINDOWS_SHEET = '服务窗口';
/** A hall has a few dozen windows at most. */
export const MAX_WINDOW_ROWS = 500;
const GUIDE_SHEET = '说明';
/** The seed's villages enter 1,782 items; a sheet far larger than that is not one catalogue. */
export const MAX_ITEM_ROWS = 10_000;
/** A catalogue of ten thousand items is a few megabytes; a larger upload is refused unread. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const header = (field: ServiceItemField, suffix = '') => `${ITEM_FIELD_LABELS[field]}${suffix}`;

/** The sheet's columns, in order: the field each fills, its header and width. */
export const ITEM_COLUMNS: readonly { field: ServiceItemField; header: string; width: number }[] = [
  { field: 'name', header: header('name'), width: 36 },
  { field: 'type', header: header('type'), width: 14 },
  { field: 'level', header: header('level'), width: 10 },
  { field: 'basis', header: header('basis'), width: 40 },
  { field: 'conditions', header: header('conditions'), width: 40 },
  { field: 'materials', header: header('materials', '（每行一项）'), width: 40 },
  { field: 'procedure', header: header('procedure'), width: 40 },
  { field: 'legalLimitDays', header: header('legalLimitDays', '（工作日）'), width: 14 },
  { field: 'promisedLimitDays', header: header('promisedLimitDays', '（工作日）'), width: 14 },
  { field: 'fee', header: header('fee'), width: 20 },
  { field: 'window', header: header('window'), width: 16 },
  { field: 'phone', header: header('phone'), width: 18 },
  { field: 'onlineUrl', header: header('onlineUrl'), width: 36 },
  { field: 'version', header: header('version'), width: 8 },
];

const column = (field: ServiceItemField) => ITEM_COLUMNS.findIndex((c) => c.field === field);

/** The windows sheet's columns, in order (the order of the list is kept by the system, not the file). */
export const WINDOW_COLUMNS: readonly {
  field: Exclude<WindowField, 'position'>;
  header: string;
  width: number;
}[] = [
  { field: 'name', header: '窗口名称', width: 20 },
  { field: 'hours', header: '办公时间', width: 44 },
  { field: 'phone', header: '咨询电话', width: 20 },
  { field: 'location', header: '窗口位置', width: 24 },
];

export interface ParsedServiceItems {
  /** Every filled row: its item, or its problems. */
  rows: ImportRow<ServiceItem>[];
  /** Every filled row of the windows sheet (none when the file has no such sheet). */
  windows: ImportRow<WindowInput>[];
  /** Set when the file as a whole cannot be read as the template; rows is then empty. */
  fileProblem: string | null;
}

/** The items of the rows without problems. */
export function validItems(parsed: ParsedServiceItems): ServiceItem[] {
  return parsed.rows.flatMap((r) => (r.value === null ? [] : [r.value]));
}

/** The rows with problems. */
export function badRows(parsed: ParsedServiceItems): ImportRow<ServiceItem>[] {
  return parsed.rows.filter((r) => r.problems.length > 0);
}

/** The template the clerk downloads: the headers, drop-down lists and a sheet of instructions. */
export function buildServiceItemTemplate(): Promise<Uint8Array> {
  return exportServiceItems([]);
}

/** The items (and the windows) in the template's form; reading the file back gives the same. */
export async function exportServiceItems(
  items: readonly ServiceItem[],
  windows: readonly Pick<WindowInput, 'name' | 'hours' | 'phone' | 'location'>[] = [],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gongkai';
  workbook.title = '政务服务事项目录';
  const sheet = workbook.addWorksheet(ITEMS_SHEET);
  sheet.columns = ITEM_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const item of items) {
    const row = sheet.addRow(ITEM_COLUMNS.map((c) => cellOf(item, c.field)));
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  const types = `"${SERVICE_ITEM_TYPE_IDS.map((t) => SERVICE_ITEM_TYPES[t].label).join(',')}"`;
  const levels = `"${SERVICE_LEVEL_IDS.map((l) => SERVICE_LEVELS[l].label).join(',')}"`;
  for (let row = 2; row <= items.length + 500; row++) {
    sheet.getCell(row, column('type') + 1).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [types],
    };
    sheet.getCell(row, column('level') + 1).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [levels],
    };
  }
  const windowSheet = workbook.addWorksheet(WINDOWS_SHEET);
  windowSheet.columns = WINDOW_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  windowSheet.getRow(1).font = { bold: true };
  windowSheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const window of windows) windowSheet.addRow(WINDOW_COLUMNS.map((c) => window[c.field]));
  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.getColumn(1).width = 110;
  for (const line of [
    '填写说明',
    `1. 在“${ITEMS_SHEET}”工作表中每行填写一个政务服务事项；第一行为表头，请勿修改。`,
    `2. 事项类型填${SERVICE_ITEM_TYPE_IDS.map((t) => `“${SERVICE_ITEM_TYPES[t].label}”`).join('')}之一；层级填“乡镇级”或“村级”。`,
    '3. 同一层级中事项名称不能重复。',
    '4. 申请材料每行填写一项（在单元格内换行：Alt+Enter）。',
    `5. 法定时限、承诺时限填工作日数（0 至 ${MAX_LIMIT_DAYS}），即办填 0 或“即办”；没有法定时限的，法定时限不填；承诺时限不能长于法定时限。`,
    '6. 不收费的，收费标准填“不收费”或不填；收费的，填写收费标准及依据。',
    '7. 咨询电话填写带区号的固定电话（如 0391-6612345）、12345 等服务热线或手机号码，多个号码用“、”分隔，最多三个。',
    '8. 在线办理地址须以 https:// 开头，没有在线办理的不填。版本号不填时为 1。',
    '9. 任何一行有误时不导入任何内容；可以改正后重新上传，或在检查结果中选择只导入无误的行。',
    `10. 办理窗口须为本机构已有的窗口，或在“${WINDOWS_SHEET}”工作表中填写的窗口（窗口名称、办公时间如“周一至周五 8:30-12:00，14:30-17:30”、咨询电话、窗口位置）；窗口先于事项导入，已有的同名窗口按表中内容更新。`,
  ])
    guide.addRow([line]);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function cellOf(item: ServiceItem, field: ServiceItemField): string | number {
  switch (field) {
    case 'type':
      return SERVICE_ITEM_TYPES[item.type].label;
    case 'level':
      return SERVICE_LEVELS[item.level].label;
    case 'materials':
      return item.materials.join('\n');
    case 'legalLimitDays':
      return item.legalLimitDays ?? '';
    case 'fee':
      return item.fee ?? '不收费';
    default:
      return item[field];
  }
}

const TYPE_BY_LABEL = new Map<string, ServiceItemType>(
  SERVICE_ITEM_TYPE_IDS.map((t) => [SERVICE_ITEM_TYPES[t].label, t] as const),
);
const LEVEL_BY_LABEL = new Map<string, ServiceLevel>([
  ...SERVICE_LEVEL_IDS.map((l) => [SERVICE_LEVELS[l].label, l] as const),
  ['乡镇', 'town'],
  ['镇级', 'town'],
  ['乡级', 'town'],
  ['街道级', 'town'],
  ['村', 'village'],
  ['社区级', 'village'],
  ['村（社区）级', 'village'],
]);

/** A working-day count as typed: 20, “20个工作日”, “即办” (0); null for a blank cell, undefined when unreadable. */
function daysOf(value: PlainValue): number | null | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const text = textOf(value).normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return null;
  if (text === '即办' || text === '当场办结') return 0;
  const match = /^(\d{1,4})(?:个)?(?:工作日)?$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function readRow(
  sheet: ExcelJS.Worksheet,
  row: number,
): { item: ServiceItem; problems: RowProblem[]; levelKnown: boolean } {
  const cells = rowCells(sheet, row, ITEM_COLUMNS.length);
  const problems: RowProblem[] = [];
  const cell = (field: ServiceItemField) => cells[column(field)]!;
  const text = (field: ServiceItemField) => textOf(cell(field));
  const problem = (field: ServiceItemField, reason: string) =>
    problems.push({ sheet: sheet.name, row, column: ITEM_COLUMNS[column(field)]!.header, reason });

  const typeText = text('type').replace(/\s+/g, '');
  const type = TYPE_BY_LABEL.get(typeText);
  if (type === undefined)
    problem(
      'type',
      typeText === ''
        ? '请填写事项类型'
        : `事项类型应为${SERVICE_ITEM_TYPE_IDS.map((t) => `“${SERVICE_ITEM_TYPES[t].label}”`).join('')}之一，不是“${typeText}”`,
    );
  const levelText = text('level')
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
  const level = LEVEL_BY_LABEL.get(levelText);
  if (level === undefined)
    problem('level', levelText === '' ? '请填写层级' : `层级应为“乡镇级”或“村级”，不是“${levelText}”`);
  const days = (field: 'legalLimitDays' | 'promisedLimitDays'): number | null => {
    const n = daysOf(cell(field));
    if (n === undefined) {
      problem(field, `无法识别的时限“${text(field)}”，请填写工作日数，即办填 0`);
      return null;
    }
    if (n === null && field === 'promisedLimitDays') {
      problem(field, '请填写承诺时限（工作日数，即办填 0）');
      return 0;
    }
    return n;
  };
  const legalLimitDays = days('legalLimitDays');
  const promisedLimitDays = days('promisedLimitDays') ?? 0;
  const versionText = text('version').normalize('NFKC');
  let version = 1;
  if (versionText !== '') {
    version = /^\d{1,7}$/.test(versionText) ? Number(versionText) : Number.NaN;
    if (!(version >= 1 && version <= MAX_VERSION))
      problem('version', `版本号应为正整数，不是“${versionText}”`);
  }
  const feeText = text('fee');
  const item: ServiceItem = {
    name: text('name'),
    type: type ?? 'publicService',
    level: level ?? 'town',
    basis: text('basis'),
    conditions: text('conditions'),
    materials: text('materials')
      .split(/\r?\n|\r/)
      .map((m) => m.trim())
      .filter((m) => m !== ''),
    procedure: text('procedure'),
    legalLimitDays,
    promisedLimitDays,
    fee: feeText === '' || feeText === '不收费' ? null : feeText,
    window: text('window'),
    phone: text('phone'),
    onlineUrl: text('onlineUrl'),
    version: Number.isNaN(version) ? 1 : version,
  };
  // A cell reported as unreadable is not reported again by the rules.
  const reported = new Set(problems.map((p) => p.column));
  for (const p of itemFieldProblems(item)) {
    const at = ITEM_COLUMNS[column(p.field)]!.header;
    if (!reported.has(at)) problems.push({ sheet: sheet.name, row, column: at, reason: p.message });
  }
  return { item, problems, levelKnown: level !== undefined };
}

function fileProblemOf(error: unknown): string {
  if (error instanceof DomainError) {
    const message = error.details.userMessage;
    return typeof message === 'string' ? message : error.message;
  }
  throw error;
}

/**
 * Reads a filled template: each filled row gives its item or its problems (every problem of the row,
 * names repeated within the file included). A file that is empty, too large, not an .xlsx, a ZIP bomb,
 * or a workbook without the template's sheet and headers gives one fileProblem and no rows.
 */
export async function readServiceItemsWorkbook(bytes: Uint8Array): Promise<ParsedServiceItems> {
  const refuse = (fileProblem: string): ParsedServiceItems => ({ rows: [], windows: [], fileProblem });
  if (bytes.length > MAX_IMPORT_BYTES)
    return refuse(`文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，不是正常填写的导入模板，请分批导入。`);
  let workbook: ExcelJS.Workbook;
  try {
    workbook = await loadWorkbook(bytes);
  } catch (error) {
    return refuse(fileProblemOf(error));
  }
  const sheet = workbook.getWorksheet(ITEMS_SHEET);
  if (!sheet) return refuse(`未找到“${ITEMS_SHEET}”工作表，请使用下载的导入模板填写。`);
  const headers = headerProblems(sheet, ITEM_COLUMNS);
  if (headers.length > 0)
    return refuse(
      `表头与导入模板不一致（${headers.map((p) => `应有“${p.column}”`).join('，')}），未导入任何内容，请使用下载的导入模板。`,
    );
  if (sheet.rowCount > MAX_ITEM_ROWS + 1)
    return refuse(`“${ITEMS_SHEET}”工作表超过 ${MAX_ITEM_ROWS} 行，请分批导入。`);
  const windowSheet = workbook.getWorksheet(WINDOWS_SHEET);
  if (windowSheet) {
    const windowHeaders = headerProblems(windowSheet, WINDOW_COLUMNS);
    if (windowHeaders.length > 0)
      return refuse(
        `“${WINDOWS_SHEET}”工作表的表头与导入模板不一致（${windowHeaders.map((p) => `应有“${p.column}”`).join('，')}），未导入任何内容，请使用下载的导入模板。`,
      );
    if (windowSheet.rowCount > MAX_WINDOW_ROWS + 1)
      return refuse(`“${WINDOWS_SHEET}”工作表超过 ${MAX_WINDOW_ROWS} 行，不是一个服务大厅的窗口。`);
  }
  const windows = windowSheet ? readWindows(windowSheet) : [];
  const filled = dataRows(sheet, ITEM_COLUMNS.length);
  if (filled.length === 0 && windows.length === 0)
    return refuse(`“${ITEMS_SHEET}”工作表中没有填写任何事项。`);
  const read = filled.map((row) => ({ row, ...readRow(sheet, row) }));
  // A row whose level is unreadable is compared with none: its level is not known.
  const duplicates = duplicateItems(
    read.map((r) => (r.levelKnown ? r.item : { name: '', level: r.item.level })),
  );
  const nameHeader = ITEM_COLUMNS[column('name')]!.header;
  const rows = read.map(({ row, item, problems }, i): ImportRow<ServiceItem> => {
    const others = duplicates.get(i);
    if (others && !problems.some((p) => p.column === nameHeader))
      problems.push({
        sheet: sheet.name,
        row,
        column: nameHeader,
        reason: `与第 ${others.map((j) => read[j]!.row).join('、')} 行的事项名称和层级（${levelLabel(item.level)}）相同`,
      });
    return { row, value: problems.length === 0 ? normalizeItem(item) : null, problems };
  });
  return { rows, windows, fileProblem: null };
}

/** readServiceItemsWorkbook for an upload: in a worker with a heap and a time limit (kernel/isolated.ts). */
export function readUploadedServiceItems(bytes: Uint8Array): Promise<ParsedServiceItems> {
  return runIsolated(new URL(import.meta.url), 'readServiceItemsWorkbook', [bytes]);
}

/** The windows sheet's filled rows: each window or every problem of its row, names repeated included. */
function readWindows(sheet: ExcelJS.Worksheet): ImportRow<WindowInput>[] {
  const headerOf = (field: WindowField) =>
    WINDOW_COLUMNS.find((c) => c.field === field)?.header ?? '窗口名称';
  const read = dataRows(sheet, WINDOW_COLUMNS.length).map((row) => {
    const cells = rowCells(sheet, row, WINDOW_COLUMNS.length).map(textOf);
    const window: WindowInput = {
      name: cells[0]!,
      hours: cells[1]!,
      phone: cells[2]!,
      location: cells[3]!,
      position: null,
    };
    const problems: RowProblem[] = windowFieldProblems(window).map((p) => ({
      sheet: sheet.name,
      row,
      column: headerOf(p.field),
      reason: p.message,
    }));
    return { row, window, problems };
  });
  const byName = new Map<string, number[]>();
  for (const r of read) {
    if (r.window.name.trim() === '') continue;
    const key = comparable(r.window.name);
    byName.set(key, [...(byName.get(key) ?? []), r.row]);
  }
  return read.map(({ row, window, problems }) => {
    const others = (byName.get(comparable(window.name)) ?? []).filter((r) => r !== row);
    if (others.length > 0 && !problems.some((p) => p.column === '窗口名称'))
      problems.push({
        sheet: sheet.name,
        row,
        column: '窗口名称',
        reason: `与第 ${others.join('、')} 行的窗口名称相同`,
      });
    return { row, value: problems.length === 0 ? normalizeWindow(window) : null, problems };
  });
}
