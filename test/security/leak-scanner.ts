// The personal-data leak scanner of issue 8 (T-S4), pure: what in a text served to the public is a
// person's data. Two nets:
//  - patterns: 18-digit 身份证号 with a valid check digit, 11-digit mobiles, bank cards (Luhn) — the
//    保密审查's own finder (src/disclosures/personal-data.ts), so the gate and this scan agree on
//    what a number is — and e-mail addresses, except the agencies' published ones (allow-list);
//  - canaries: the exact values planted by the seed (names, addresses, request texts, numbers),
//    found even when glued to other characters, split by markup or written with separators.
// The text is decoded the ways a browser or a client would read it first: HTML character
// references, JSON \u escapes, percent-encoding (links, Content-Disposition), full-width digits.
import { maskNumber, scanPersonalData } from '../../src/disclosures/personal-data.ts';

export type LeakKind = 'id_number' | 'mobile' | 'bank_card' | 'email' | 'planted';

export const LEAK_LABELS: Record<LeakKind, string> = {
  id_number: '居民身份证号码',
  mobile: '手机号码',
  bank_card: '银行卡号',
  email: '电子邮箱',
  planted: '植入的个人信息',
};

export interface Leak {
  kind: LeakKind;
  /** The value masked: safe to print in a test's failure. */
  masked: string;
  /** For a canary: what it is (申请人姓名, 投诉人电话 …). */
  label?: string;
}

/** A value planted in a private place: it must never reach a public output. */
export interface Canary {
  value: string;
  label: string;
  /**
   * `digits`: compared on its digits (and X) only, whatever separates or surrounds them;
   * `text`: compared with markup and white space removed.
   */
  match: 'digits' | 'text';
  /**
   * Who may see it: the secret-link pages of this owner (the applicant's own status page and
   * letters may show the applicant's name and request). Absent: nobody, anywhere public.
   */
  owner?: string;
}

export interface ScanOptions {
  /** E-mail addresses that are published on purpose (the agencies' contact addresses). */
  allowedEmails?: Iterable<string>;
  /** Numbers published on purpose (an agency's contact mobile), digits only. */
  allowedNumbers?: Iterable<string>;
  canaries?: readonly Canary[];
  /** The owner whose secret link fetched this output (their canaries are allowed). */
  owner?: string;
  /**
   * The output answers a request that carried `value` (a search, an unknown path): as many
   * occurrences of it as the same request with `control` (same shape, naming nothing) shows of
   * `control` in `controlText` are the echo of the visitor's own typing, not a leak.
   */
  echo?: { value: string; control: string; controlText: string };
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  shy: '',
  zwj: '',
  zwnj: '',
  commat: '@',
  period: '.',
  hyphen: '-',
  dash: '-',
  ndash: '–',
  mdash: '—',
};

function fromCodePoint(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** HTML/XML character references, as many rounds as it takes (&amp;#49; is a 1 to a careless reader). */
export function decodeEntities(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round++) {
    const next = current.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
      if (ref.startsWith('#x') || ref.startsWith('#X'))
        return fromCodePoint(Number.parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return fromCodePoint(Number.parseInt(ref.slice(1), 10));
      return NAMED_ENTITIES[ref] ?? whole;
    });
    if (next === current) break;
    current = next;
  }
  return current;
}

/** JSON and JavaScript escapes: \uXXXX, \/ and the like. */
export function decodeJsonEscapes(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\([/"'\\])/g, '$1');
}

/** %XX sequences (UTF-8), where they decode; others stay as written. */
export function decodePercent(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Inline markup that may split a number (a search snippet's <mark>) is removed; other tags become a space. */
function withoutTags(text: string): string {
  return text
    .replace(/<\/?(?:mark|b|i|em|strong|span|a|u|s|small|sub|sup|code|wbr|font)(?:\s[^>]*)?\/?>/gi, '')
    .replace(/<[^>]*>/g, ' ');
}

/** Full-width digits, letters and @ . as ASCII (NFKC), so every reading below sees them alike. */
function normalizeWidth(text: string): string {
  return text.normalize('NFKC');
}

/** The readings of an output that are scanned: as served, and decoded (always three, in this order). */
export function readingsOf(text: string): string[] {
  const decoded = decodePercent(decodeJsonEscapes(decodeEntities(text)));
  return [text, decoded, withoutTags(decoded)].map(normalizeWidth);
}

function occurrences(text: string, value: string): number {
  if (value === '') return 0;
  let count = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) count++;
  return count;
}

/** The text without its first `times` occurrences of `value`. */
function withoutOccurrences(text: string, value: string, times: number): string {
  let out = text;
  for (let k = 0; k < times; k++) {
    const at = out.indexOf(value);
    if (at < 0) break;
    out = out.slice(0, at) + out.slice(at + value.length);
  }
  return out;
}

/**
 * Record ids (UUIDs), request ids and hex digests in URLs, headers and file names, blanked to the
 * same length: identifiers, not personal numbers (the 保密审查's finder also no longer reads hex
 * letters before digits as a label). Only the pattern net skips them; canaries are still sought
 * everywhere.
 */
function withoutIdentifiers(text: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, blank)
    .replace(/(?<![0-9A-Za-z])(?=[0-9]*[a-f])(?=[a-f]*[0-9])[0-9a-f]{12,}(?![0-9A-Za-z])/gi, blank);
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** A canary's value masked for printing. */
function maskCanary(canary: Canary): string {
  const v = canary.value;
  if (canary.match === 'digits') {
    const digits = digitsOf(v);
    return digits.length <= 8 ? '*'.repeat(digits.length) : maskNumber('bank_card', digits);
  }
  if (v.includes('@')) return maskEmail(v);
  return v.length <= 2 ? `${v.slice(0, 1)}*` : `${v.slice(0, 1)}${'*'.repeat(v.length - 2)}${v.slice(-1)}`;
}

function digitsOf(text: string): string {
  return normalizeWidth(text)
    .toUpperCase()
    .replace(/[^0-9X]/g, '');
}

function compactText(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, '');
}

/** Every leak in the text: each kind and value once. */
export function scanForLeaks(text: string, options: ScanOptions = {}): Leak[] {
  const allowedEmails = new Set([...(options.allowedEmails ?? [])].map((e) => e.toLowerCase()));
  const allowedNumbers = new Set([...(options.allowedNumbers ?? [])].map(digitsOf));
  const leaks = new Map<string, Leak>();
  const add = (leak: Leak) => leaks.set(`${leak.kind}:${leak.label ?? ''}:${leak.masked}`, leak);
  let readings = readingsOf(text);
  const echo = options.echo;
  if (echo !== undefined) {
    const value = normalizeWidth(echo.value);
    const control = normalizeWidth(echo.control);
    const controls = readingsOf(echo.controlText);
    readings = readings.map((r, i) => withoutOccurrences(r, value, occurrences(controls[i]!, control)));
  }
  for (const reading of new Set(readings)) {
    for (const f of scanPersonalData(withoutIdentifiers(reading))) {
      if (f.kind === 'unchecked') continue;
      if (allowedNumbers.has(digitsOf(reading.slice(f.start, f.end)))) continue;
      add({ kind: f.kind, masked: f.preview });
    }
    for (const m of reading.matchAll(EMAIL)) {
      const email = m[0].replace(/^[._%+-]+/, '');
      if (allowedEmails.has(email.toLowerCase())) continue;
      add({ kind: 'email', masked: maskEmail(email) });
    }
  }
  const canaries = (options.canaries ?? []).filter((c) => c.owner === undefined || c.owner !== options.owner);
  if (canaries.length > 0) {
    const digitReadings = readings.map(digitsOf);
    const textReadings = readings.map(compactText);
    for (const canary of canaries) {
      const found =
        canary.match === 'digits'
          ? digitReadings.some((r) => r.includes(digitsOf(canary.value)))
          : textReadings.some((r) => r.includes(compactText(normalizeWidth(canary.value))));
      if (found) add({ kind: 'planted', masked: maskCanary(canary), label: canary.label });
    }
  }
  return [...leaks.values()];
}

/** One line per leak for a failure message: where, what, the masked value. */
export function describeLeak(where: string, leak: Leak): string {
  return `${where}: ${LEAK_LABELS[leak.kind]}${leak.label ? `（${leak.label}）` : ''} ${leak.masked}`;
}
