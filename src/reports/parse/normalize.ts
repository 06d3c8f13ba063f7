// Text normalisation shared by the readers and the extractor: real reports mix full-width and
// half-width characters, split labels with spaces and number list items in several ways.
import { CHINESE_DIGITS } from './chinese-number.ts';

/** Text as printed, with zero-width characters removed and whitespace collapsed. */
export function cleanText(text: string): string {
  return text
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Compatibility form (full-width digits, letters and brackets to ASCII) with whitespace collapsed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// Reports repeat the same cell texts ("0", labels) thousands of times; keys are memoised.
const LABEL_KEY_CACHE = new Map<string, string>();
const LABEL_KEY_CACHE_LIMIT = 20_000;

/** A key for comparing labels: compatibility form, no whitespace, list markers unified. */
export function labelKey(text: string): string {
  const cached = LABEL_KEY_CACHE.get(text);
  if (cached !== undefined) return cached;
  const key = computeLabelKey(text);
  if (LABEL_KEY_CACHE.size >= LABEL_KEY_CACHE_LIMIT) LABEL_KEY_CACHE.clear();
  LABEL_KEY_CACHE.set(text, key);
  return key;
}

function computeLabelKey(text: string): string {
  return normalizeText(text)
    .replace(/\s+/g, '')
    .replace(/[“”"'‘’「」『』]/g, '')
    .replace(/(\d)[、．.,，]/g, '$1.')
    .replace(/[【[]/g, '(')
    .replace(/[】\]]/g, ')');
}

export type ParsedNumber =
  | { kind: 'blank' }
  | { kind: 'number'; value: number }
  | { kind: 'unreadable'; text: string };

const PLAIN_INTEGER = /^\d{1,15}$/;
const PLACEHOLDERS = /^[-—–－─/／\\×xX*＊无]+$/;

/** Reads a table cell as a number without ever guessing: anything doubtful is 'unreadable'. */
const NUMBER_CACHE = new Map<string, ParsedNumber>();

export function parseNumberCell(raw: string): ParsedNumber {
  if (PLAIN_INTEGER.test(raw)) return { kind: 'number', value: Number(raw) };
  const cached = NUMBER_CACHE.get(raw);
  if (cached !== undefined) return cached;
  const parsed = computeNumberCell(raw);
  if (NUMBER_CACHE.size >= LABEL_KEY_CACHE_LIMIT) NUMBER_CACHE.clear();
  NUMBER_CACHE.set(raw, parsed);
  return parsed;
}

function computeNumberCell(raw: string): ParsedNumber {
  const text = normalizeText(raw).replace(/\s+/g, '');
  if (text === '') return { kind: 'blank' };
  const stripped = text.replace(/(?<=\d),(?=\d{3}(?:\D|$))/g, '').replace(/(件|个|项|条|万元|元)$/, '');
  if (/^[-+]?\d+(?:\.\d+)?$/.test(stripped)) return { kind: 'number', value: Number(stripped) };
  return { kind: 'unreadable', text: raw.trim() };
}

/** Whether a cell is a number, a blank or a placeholder dash: the value part of a table row. */
export function isValueCell(raw: string): boolean {
  const parsed = parseNumberCell(raw);
  if (parsed.kind !== 'unreadable') return true;
  return PLACEHOLDERS.test(parsed.text.normalize('NFKC').replace(/\s+/g, ''));
}

/** 2022, '二〇二二', '二零二二' → 2022; anything else → null. */
export function parseYear(text: string): number | null {
  // Typed years often use the letter O (or Ｏ) for 〇.
  const digits = normalizeText(text).replace(/[Oo]/g, '〇');
  if (/^(19|20)\d{2}$/.test(digits)) return Number(digits);
  if (!/^[〇零一二三四五六七八九]{4}$/.test(digits)) return null;
  return Number([...digits].map((c) => CHINESE_DIGITS[c]).join(''));
}

/** Finds dates like 2023年1月20日, 2023-01-20, 2023/1/20, 2023.01.20 → YYYY-MM-DD. */
export function findDates(text: string): { date: string; index: number }[] {
  const normalized = normalizeText(text);
  const result: { date: string; index: number }[] = [];
  const pattern = /((?:19|20)\d{2})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?/g;
  for (const match of normalized.matchAll(pattern)) {
    const [, y, m, d] = match;
    const month = Number(m);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    result.push({
      date: `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      index: match.index,
    });
  }
  return result;
}
