// The pure rules of the register: what a valid entry is, whether a document is in force on a day,
// the counts of a year exactly as table 二 第二十条第（一）项 prints them, and the yearly figures
// (integers; 万元 with at most four decimals).
import { isCivilDate } from '../calendar/index.ts';
import {
  isNormativeKind,
  isNormativeStatus,
  NORMATIVE_KIND_IDS,
  NORMATIVE_STATUSES,
  type NormativeDocument,
  type RegisterCounts,
  type YearCounts,
} from './normative.ts';

export const MAX_TITLE_LENGTH = 300;
export const MAX_DOCUMENT_NUMBER_LENGTH = 100;
/** The largest count a form accepts: more decisions than any organ takes in a year. */
export const MAX_COUNT = 100_000_000;
/** 1,000 亿元 in 元: far above any organ's fee income. */
export const MAX_FEES_YUAN = 100_000_000_000;

// Control characters other than tab and newline, and the Unicode non-characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/;

export type DocumentField = Exclude<keyof NormativeDocument, never>;

export interface FieldProblem {
  field: DocumentField;
  message: string;
}

/** What is wrong with a document, field by field, as Chinese sentences (empty when it is fine). */
export function documentFieldProblems(doc: NormativeDocument, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: DocumentField, message: string) => problems.push({ field, message });
  if (!isNormativeKind(doc.kind)) add('kind', '请选择类别（规章或行政规范性文件）');
  const title = typeof doc.title === 'string' ? doc.title.trim() : '';
  if (title === '') add('title', '请填写标题');
  else if (title.length > MAX_TITLE_LENGTH) add('title', `标题不能超过 ${MAX_TITLE_LENGTH} 个字`);
  else if (CONTROL.test(title) || /[\r\n]/.test(title)) add('title', '标题含有无效字符');
  const number = typeof doc.documentNumber === 'string' ? doc.documentNumber.trim() : '';
  if (number === '') add('documentNumber', '请填写文号');
  else if (number.length > MAX_DOCUMENT_NUMBER_LENGTH)
    add('documentNumber', `文号不能超过 ${MAX_DOCUMENT_NUMBER_LENGTH} 个字`);
  else if (CONTROL.test(number) || /[\r\n]/.test(number)) add('documentNumber', '文号含有无效字符');
  const issued = isCivilDate(doc.issuedOn ?? '');
  if (!issued) add('issuedOn', '发布（制发）日期无效，请按“2024-01-31”的格式填写');
  else if (doc.issuedOn > today) add('issuedOn', '发布（制发）日期不能晚于今天');
  const effective = isCivilDate(doc.effectiveOn ?? '');
  if (!effective) add('effectiveOn', '施行日期无效，请按“2024-01-31”的格式填写');
  else if (issued && doc.effectiveOn < doc.issuedOn) add('effectiveOn', '施行日期不能早于发布日期');
  if (doc.validUntil !== null) {
    if (!isCivilDate(doc.validUntil)) add('validUntil', '有效期至的日期无效');
    else if (effective && doc.validUntil < doc.effectiveOn) add('validUntil', '有效期至不能早于施行日期');
  }
  if (!isNormativeStatus(doc.status)) add('status', '请选择有效性（有效、废止、失效或修改）');
  else if (NORMATIVE_STATUSES[doc.status].dated) {
    const label = NORMATIVE_STATUSES[doc.status].label;
    if (doc.statusOn === null || !isCivilDate(doc.statusOn)) add('statusOn', `请填写${label}的日期`);
    else if (issued && doc.statusOn < doc.issuedOn) add('statusOn', `${label}日期不能早于发布日期`);
  } else if (doc.statusOn !== null) add('statusOn', '有效的文件不填写废止、失效或修改日期');
  if (doc.itemId !== null && (typeof doc.itemId !== 'string' || doc.itemId.length > 100))
    add('itemId', '关联的公开信息无效');
  return problems;
}

/** What is wrong with a document, as Chinese sentences (empty when it is fine). */
export function documentProblems(doc: NormativeDocument, today: string): string[] {
  return documentFieldProblems(doc, today).map((p) => p.message);
}

/** The document with its text fields trimmed, as stored. */
export function normalizeDocument(doc: NormativeDocument): NormativeDocument {
  return { ...doc, title: doc.title.trim(), documentNumber: doc.documentNumber.trim() };
}

/** In force on the day: in effect, not past 有效期至, not 废止 or 失效 on or before it. */
export function inForceOn(doc: NormativeDocument, day: string): boolean {
  if (doc.effectiveOn > day) return false;
  if (doc.validUntil !== null && doc.validUntil < day) return false;
  if (NORMATIVE_STATUSES[doc.status].ends && doc.statusOn !== null && doc.statusOn <= day) return false;
  return true;
}

/** 有效性 on a day, for lists: 尚未施行, 有效, 修改 (in force as amended), 废止 or 失效. */
export function statusOn(
  doc: NormativeDocument,
  day: string,
): 'pending' | 'valid' | 'amended' | 'repealed' | 'expired' {
  if (NORMATIVE_STATUSES[doc.status].ends && doc.statusOn !== null && doc.statusOn <= day)
    return doc.status as 'repealed' | 'expired';
  if (doc.validUntil !== null && doc.validUntil < day) return 'expired';
  if (doc.effectiveOn > day) return 'pending';
  return doc.status === 'amended' && doc.statusOn !== null && doc.statusOn <= day ? 'amended' : 'valid';
}

export const STATUS_ON_LABELS = {
  pending: '尚未施行',
  valid: '有效',
  amended: '有效（已修改）',
  repealed: '已废止',
  expired: '已失效',
} as const;

/**
 * 第二十条第（一）项 of a year:
 * - 本年制发件数: documents issued (发布) in the year;
 * - 本年废止件数: documents 废止 with effect in the year (失效 is not 废止: it lowers 现行有效 only);
 * - 现行有效件数: documents in force on 31 December of the year.
 */
export function registerCounts(docs: readonly NormativeDocument[], year: number): RegisterCounts {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const counts = Object.fromEntries(
    NORMATIVE_KIND_IDS.map((kind) => [kind, { issued: 0, repealed: 0, valid: 0 }]),
  ) as RegisterCounts;
  for (const doc of docs) {
    const row = counts[doc.kind];
    if (doc.issuedOn >= first && doc.issuedOn <= last) row.issued++;
    if (doc.status === 'repealed' && doc.statusOn !== null && doc.statusOn >= first && doc.statusOn <= last)
      row.repealed++;
    if (doc.issuedOn <= last && inForceOn(doc, last)) row.valid++;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The yearly figures

/** A count as typed: a non-negative integer (full-width digits and thousands commas accepted). */
export function parseCount(text: string): number | null {
  const t = toHalfWidth(text).trim().replace(/,/g, '');
  if (!/^\d{1,12}$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_COUNT ? n : null;
}

/** 万元 as typed, with at most four decimals, to 元 (an integer); null when it is not one. */
export function parseWanYuan(text: string): number | null {
  const t = toHalfWidth(text).trim().replace(/,/g, '');
  const match = /^(\d{1,12})(?:\.(\d{0,4}))?$/.exec(t);
  if (!match) return null;
  const yuan = Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
  return yuan <= MAX_FEES_YUAN ? yuan : null;
}

/** 元 as 万元 for printing: at most four decimals, no trailing zeros (12.5, 0.0003, 7). */
export function formatWanYuan(yuan: number): string {
  const whole = Math.floor(yuan / 10_000);
  const rest = String(yuan % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return rest === '' ? String(whole) : `${whole}.${rest}`;
}

/** 元 as the number in the 万元 cell of table 二. */
export function wanYuan(yuan: number): number {
  return Number(formatWanYuan(yuan));
}

function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\uff0e/g, '.')
    .replace(/\uff0c/g, ',');
}

export function isReportYear(year: unknown): year is number {
  return typeof year === 'number' && Number.isInteger(year) && year >= 2000 && year <= 2100;
}

/** What is wrong with the yearly figures, as Chinese sentences. */
export function yearCountsProblems(counts: YearCounts, thisYear: number): string[] {
  const problems: string[] = [];
  if (!isReportYear(counts.year) || counts.year > thisYear) problems.push('年度无效');
  for (const [key, label] of [
    ['licensing', '行政许可'],
    ['penalty', '行政处罚'],
    ['enforcement', '行政强制'],
  ] as const) {
    const n = counts[key];
    if (!Number.isInteger(n) || n < 0 || n > MAX_COUNT) problems.push(`${label}的处理决定数量应为非负整数`);
  }
  if (!Number.isInteger(counts.feesYuan) || counts.feesYuan < 0 || counts.feesYuan > MAX_FEES_YUAN)
    problems.push('行政事业性收费金额应为非负数，单位万元，最多四位小数');
  return problems;
}

/** The figures of a form (strings as typed) or the problems of each field. */
export function parseYearCountsForm(
  year: number,
  fields: { licensing: string; penalty: string; enforcement: string; fees: string },
): { value: YearCounts; problems: string[] } {
  const problems: string[] = [];
  const count = (text: string, label: string) => {
    const n = parseCount(text);
    if (n === null) problems.push(`${label}的处理决定数量应为非负整数`);
    return n ?? 0;
  };
  const licensing = count(fields.licensing, '行政许可');
  const penalty = count(fields.penalty, '行政处罚');
  const enforcement = count(fields.enforcement, '行政强制');
  const feesYuan = parseWanYuan(fields.fees);
  if (feesYuan === null) problems.push('行政事业性收费金额应为非负数，单位万元，最多四位小数');
  return { value: { year, licensing, penalty, enforcement, feesYuan: feesYuan ?? 0 }, problems };
}
