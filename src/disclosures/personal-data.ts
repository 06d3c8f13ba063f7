// The automatic part of 保密审查 (pure): personal numbers in text about to be published —
// 18-digit 居民身份证号码 (GB 11643 check digit and a real birth date), 11-digit mobile numbers
// (1[3-9]…) and bank card numbers (13–19 digits, Luhn, issuer prefixes 3/4/5/6/9). Each finding
// has its position in the text and a masked preview; `redactPersonalData` masks them in place.
//
// Numbers may be written with full-width digits or grouped by spaces or hyphens (138 1234 5678,
// 6222 0212 3456 7890 123, 410102 19800101 123X). A number glued to letters or other digits (a
// 统一社会信用代码, an 索引号, a timestamp) is not one; neither is one marked as money (¥…, …元).
// Two exceptions to the glue rule, for the ways people write a contact: Latin letters before a
// mobile or an ID number (Tel13812345678, SFZ4101…) do not hide it, unless they are hex digits
// (a UUID's last group b14117589209 is no Tel label), and a mobile may carry the country code
// glued to it (+8613812345678, 8613812345678, 008613812345678).
import { hasValidResidentIdChecksum } from '../kernel/resident-id.ts';

/** `unchecked`: an attachment whose content could not be scanned (no number, no position). */
export type FindingKind = 'id_number' | 'mobile' | 'bank_card' | 'unchecked';

export const FINDING_LABELS: Record<FindingKind, string> = {
  id_number: '居民身份证号码',
  mobile: '手机号码',
  bank_card: '银行卡号',
  unchecked: '附件内容未能检查',
};

export interface Finding {
  kind: FindingKind;
  /** UTF-16 offsets into the scanned text: text.slice(start, end) is the number as written. */
  start: number;
  end: number;
  /** The number masked (138****5678): safe to show to the reviewer, to log and to audit. */
  preview: string;
}

function validBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  if (year < 1900 || year > 2099) return false;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/** 18 characters, region code not starting with 0, a real birth date and the right check digit. */
export function isIdNumber(value: string): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return false;
  if (!validBirthDate(value.slice(6, 14))) return false;
  return hasValidResidentIdChecksum(value);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A 统一社会信用代码 (GB 32100) check: an all-digit one is an organisation, not a card. */
export function isCreditCode(value: string): boolean {
  if (value.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(value[i]!);
    if (v < 0) return false;
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31] === value[17];
}

export function isMobileNumber(digits: string): boolean {
  return /^1[3-9]\d{9}$/.test(digits);
}

/**
 * 13–19 digits, an issuer prefix (3 JCB/Amex, 4 Visa, 5 Mastercard, 6 UnionPay, 9 domestic) and
 * the Luhn digit. An 18-digit number starting with 5 or 9 that is also a valid 统一社会信用代码
 * (民政 and 市场监管 registrations, very common in documents) is taken as the code: the one
 * ambiguity, left to the reviewer's checklist.
 */
export function isBankCardNumber(digits: string): boolean {
  if (!/^[34569]\d{12,18}$/.test(digits) || !luhnValid(digits)) return false;
  return !(/^[59]/.test(digits) && isCreditCode(digits));
}

/** The masked form of a number (separators removed): 4101**********123X, 138****5678, 6222***********0123. */
export function maskNumber(kind: FindingKind, digits: string): string {
  if (kind === 'mobile') return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
}

/** Full-width digits and Ｘ/x become ASCII; every other character stays (the length never changes). */
function normalizeDigits(text: string): string {
  return text.replace(/[\uff10-\uff19\uff38\uff58x]/g, (c) => {
    if (c === '\uff38' || c === '\uff58' || c === 'x') return 'X';
    return String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48);
  });
}

interface Group {
  start: number;
  end: number;
  digits: string;
}

const GLUE = /[0-9A-Za-z]/;
const MONEY_BEFORE = /[¥￥$]\s*$/;
const MONEY_AFTER = /^\s*(元|万|亿|角|分|%|％|‰|美元|人民币)/;

/** Between two groups of one number: one space or hyphen at most, and any invisible format characters. */
const JOINING_GAP = /^\p{Cf}*(?:[ \-\u00a0\u2010-\u2012]\p{Cf}*)?$/u;

/** Runs of digit groups joined by one space or hyphen, each run as its groups. */
function digitRuns(text: string): Group[][] {
  const runs: Group[][] = [];
  const groupPattern = /\d+X?/g;
  let current: Group[] = [];
  let lastEnd = -2;
  for (let m = groupPattern.exec(text); m; m = groupPattern.exec(text)) {
    const group = { start: m.index, end: m.index + m[0].length, digits: m[0] };
    const gap = text.slice(lastEnd, group.start);
    // Invisible format characters (U+200B, U+FEFF, soft hyphen…) show nothing: 139\u200b1234\u200b5678
    // reads as a mobile, so they join groups like no separator at all, beside one visible separator.
    const joined = current.length > 0 && JOINING_GAP.test(gap) && !current.at(-1)!.digits.endsWith('X');
    if (!joined && current.length > 0) {
      runs.push(current);
      current = [];
    }
    current.push(group);
    lastEnd = group.end;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/**
 * The kind of number the groups write, if they are one. Grouped writings need groups of at least
 * three digits (138 1234 5678, 410102 19800101 123X, 6222 0212 3456 7890 123): a lone digit or
 * two beside a number is a count or a clause, not part of it.
 */
function classify(groups: readonly Group[]): FindingKind | null {
  const digits = groups.map((g) => g.digits).join('');
  if (groups.length > 1 && groups.some((g) => g.digits.replace('X', '').length < 3)) return null;
  if (groups.length <= 4 && isIdNumber(digits)) return 'id_number';
  if (digits.endsWith('X')) return null;
  if (groups.length <= 3 && isMobileNumber(digits)) return 'mobile';
  if (isBankCardNumber(digits)) return 'bank_card';
  return null;
}

/** Letters before these kinds are a label (Tel, SFZ, No), not part of a longer code. */
function lettersMayPrecede(kind: FindingKind | null): boolean {
  return kind === 'mobile' || kind === 'id_number';
}

function isolated(text: string, start: number, end: number, kind: FindingKind | null = null): boolean {
  if (start > 0 && GLUE.test(text[start - 1]!)) {
    if (!lettersMayPrecede(kind) || !/[A-Za-z]/.test(text[start - 1]!)) return false;
    // A letter-and-digit code (GK1A2B…, JC12…) is still glue: the letters must follow no digit.
    let p = start - 1;
    while (p > 0 && /[A-Za-z]/.test(text[p - 1]!)) p--;
    if (p > 0 && /[0-9]/.test(text[p - 1]!)) return false;
    // Letters that are all hex digits are part of a hex identifier, not a label: the last group
    // of a UUID (…-9a3f-b14117589209 in a link or a file name), a digest; labels (Tel, SFZ, ID,
    // No) are not spelt with a–f alone. The price: ab13812345678 is no longer read as a mobile.
    if (/^[a-f]+$/i.test(text.slice(p, start))) return false;
  }
  if (end < text.length && GLUE.test(text[end]!)) return false;
  if (MONEY_BEFORE.test(text.slice(Math.max(0, start - 3), start))) return false;
  if (MONEY_AFTER.test(text.slice(end, end + 4))) return false;
  return true;
}

/** Every personal number in the text, in order of position. */
export function scanPersonalData(text: string): Finding[] {
  const normalized = normalizeDigits(text);
  const findings: Finding[] = [];
  for (const run of digitRuns(normalized)) {
    let i = 0;
    while (i < run.length) {
      let matched = false;
      // The longest span of groups starting here that is a number (at most five groups).
      for (let j = Math.min(run.length, i + 5); j > i; j--) {
        const span = run.slice(i, j);
        const start = span[0]!.start;
        const end = span.at(-1)!.end;
        const kind = classify(span);
        if (kind) {
          // A span must not be glued to a neighbouring group of the same run by a bare digit.
          if (!isolated(normalized, start, end, kind)) continue;
          const digits = span.map((g) => g.digits).join('');
          findings.push({ kind, start, end, preview: maskNumber(kind, digits) });
          i = j;
          matched = true;
          break;
        }
        // A mobile with the country code glued on: the finding is the mobile, the prefix stays.
        const prefix = /^(?:0086|86)(?=1[3-9])/.exec(span[0]!.digits)?.[0];
        if (!prefix || j !== i + 1) continue;
        const local = {
          ...span[0]!,
          start: start + prefix.length,
          digits: span[0]!.digits.slice(prefix.length),
        };
        if (classify([local]) !== 'mobile' || !isolated(normalized, start, end, 'mobile')) continue;
        findings.push({
          kind: 'mobile',
          start: local.start,
          end,
          preview: maskNumber('mobile', local.digits),
        });
        i = j;
        matched = true;
        break;
      }
      if (!matched) i++;
    }
  }
  return findings;
}

/**
 * The text with every finding masked in place: digits replaced by the preview's characters,
 * separators kept, so the length and every other character stay as they were.
 */
export function redactPersonalData(text: string, findings = scanPersonalData(text)): string {
  if (findings.length === 0) return text;
  const chars = text.split('');
  for (const f of findings) {
    let k = 0;
    for (let p = f.start; p < f.end; p++) {
      if (/[ \-\u00a0\u2010-\u2012]|\p{Cf}/u.test(chars[p]!)) continue;
      chars[p] = f.preview[k] ?? '*';
      k++;
    }
  }
  return chars.join('');
}

/** The fields of an item that are scanned, and their Chinese names. */
export const SCANNED_FIELDS = {
  title: '标题',
  documentNumber: '文号',
  summary: '内容概述',
  keywords: '关键词',
  body: '正文',
  /** The addresses of the body's links (href), one a line. */
  links: '正文链接地址',
  /** The attachments' file names, one a line: they are published as written. */
  attachments: '附件名称',
  /** The text of an attachment, scanned when it is uploaded (see AttachmentScan). */
  attachmentContent: '附件内容',
} as const;

export type ScannedField = keyof typeof SCANNED_FIELDS;

/** The text fields: every one but the attachments' content, which is scanned on upload. */
export type TextField = Exclude<ScannedField, 'attachmentContent'>;

/** What a finding in an attachment's content refers to. */
export interface AttachmentRef {
  id: string;
  filename: string;
  /** 1-based: the n-th finding in this file. */
  n: number;
}

export interface FieldFinding extends Finding {
  field: ScannedField;
  /**
   * Stable within one version of the text: `<field>:<kind>:<start>`; for an attachment's content
   * `attachment:<attachmentId>:<kind>:<n>`. A justification names it.
   */
  key: string;
  /** For field `attachmentContent`: the file. */
  attachment?: AttachmentRef;
}

export function scanFields(
  fields: Readonly<Record<Exclude<TextField, 'links' | 'attachments'>, string>> &
    Readonly<Partial<Record<'links' | 'attachments', string>>>,
): FieldFinding[] {
  const result: FieldFinding[] = [];
  for (const field of Object.keys(SCANNED_FIELDS) as ScannedField[]) {
    if (field === 'attachmentContent') continue;
    for (const f of scanPersonalData(fields[field] ?? ''))
      result.push({ ...f, field, key: `${field}:${f.kind}:${f.start}` });
  }
  return result;
}

/** A finding kept with an attachment: the kind and the mask, never the number. */
export interface StoredFinding {
  kind: Exclude<FindingKind, 'unchecked'>;
  preview: string;
}

/**
 * The scan of an attachment's content, made when it is uploaded: `scanned` (its findings),
 * `no_text` (an image, a scanned PDF, a kind whose text is not read: the checklist covers it) or
 * `unchecked` (the file was stored before the scan existed, or its text could not be read).
 */
export type AttachmentScanResult =
  | { status: 'scanned'; findings: StoredFinding[] }
  | { status: 'no_text' }
  | { status: 'unchecked' };

/** The scan of an attachment's text (null: the kind has no text, or none could be read). */
export function scanAttachmentText(text: string | null): AttachmentScanResult {
  if (text === null || text.trim() === '') return { status: 'no_text' };
  return {
    status: 'scanned',
    findings: scanPersonalData(text).map((f) => ({
      kind: f.kind as StoredFinding['kind'],
      preview: f.preview,
    })),
  };
}

/** The attachment's findings as item findings (field attachmentContent). */
export function attachmentFindings(
  attachment: { id: string; filename: string },
  scan: AttachmentScanResult,
): FieldFinding[] {
  const ref = (n: number) => ({ id: attachment.id, filename: attachment.filename, n });
  if (scan.status === 'no_text') return [];
  if (scan.status === 'unchecked')
    return [
      {
        kind: 'unchecked',
        start: 0,
        end: 0,
        preview: '',
        field: 'attachmentContent',
        key: `attachment:${attachment.id}:unchecked:1`,
        attachment: ref(1),
      },
    ];
  return scan.findings.map((f, i) => ({
    kind: f.kind,
    start: 0,
    end: 0,
    preview: f.preview,
    field: 'attachmentContent',
    key: `attachment:${attachment.id}:${f.kind}:${i + 1}`,
    attachment: ref(i + 1),
  }));
}

/** What to do about a finding in a file: the redaction cannot change it. */
export const ATTACHMENT_FINDING_ADVICE =
  '附件内容无法自动去除，请删除该附件或上传去除个人信息后的文件，或说明确需公开的理由';

/**
 * One line per finding for a Chinese message: 正文第12字起：手机号码 138****5678;
 * 附件《名单.pdf》第2处：居民身份证号码 4101**********123X.
 */
export function describeFinding(f: FieldFinding): string {
  if (f.field === 'attachmentContent' && f.attachment) {
    if (f.kind === 'unchecked') return `附件《${f.attachment.filename}》：附件内容未能检查`;
    return `附件《${f.attachment.filename}》第${f.attachment.n}处：${FINDING_LABELS[f.kind]} ${f.preview}`;
  }
  if (f.field === 'attachments' || f.field === 'links')
    return `${SCANNED_FIELDS[f.field]}中：${FINDING_LABELS[f.kind]} ${f.preview}`;
  return `${SCANNED_FIELDS[f.field]}第${f.start + 1}字起：${FINDING_LABELS[f.kind]} ${f.preview}`;
}
