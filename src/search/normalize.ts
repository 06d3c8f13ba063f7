// The one normalisation of search: NFKC and lower case, applied to each "group" of the text (a
// code point with the combining marks that follow it) on its own. Group by group, the normalised
// text of a substring is the substring of the normalised text, so a query typed as any part of a
// document normalises to a part of the document's normalised text, and snippets can map matches
// back to the original characters.

const COMBINING = /\p{M}/u;

/** The normalised text with, for each group, where it starts in the original and in the result. */
export interface NormalizedText {
  text: string;
  /** Start of each group in the original string (UTF-16 offsets), then the original's length. */
  originalStarts: number[];
  /** Start of each group in `text`, then `text.length`. */
  normalizedStarts: number[];
}

const groupCache = new Map<string, string>();

function normalizeGroup(group: string): string {
  let normalized = groupCache.get(group);
  if (normalized === undefined) {
    normalized = group.normalize('NFKC').toLowerCase();
    // Single characters (punctuation, full-width forms, rarer ideographs) recur: keep a few thousand.
    if (group.length <= 2 && groupCache.size < 5000) groupCache.set(group, normalized);
  }
  return normalized;
}

/** Whether a code point is a combining mark; quick for the characters of Chinese text. */
function isMark(code: number): boolean {
  if (code < 0x300 || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xff00 && code <= 0xffef)) return false;
  return COMBINING.test(String.fromCodePoint(code));
}

/** The code point at i is its own stable group: ASCII (lowered) or a common CJK ideograph. */
function fastChar(code: number): boolean {
  return code < 0x80 || (code >= 0x4e00 && code <= 0x9fff);
}

/** Normalises `text` group by group (see the file comment). */
export function normalizeForSearch(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    const next = i + 1 < n ? text.codePointAt(i + 1)! : 0;
    // Fast path: a stable character not followed by a combining mark (all marks are ≥ U+0300).
    if (fastChar(code) && !isMark(next)) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
      i++;
      continue;
    }
    const end = groupEnd(text, i);
    out += normalizeGroup(text.slice(i, end));
    i = end;
  }
  return out;
}

/** The end of the group starting at i: one code point and the combining marks after it. */
function groupEnd(text: string, i: number): number {
  const first = text.codePointAt(i)!;
  let end = i + (first > 0xffff ? 2 : 1);
  while (end < text.length) {
    const cp = text.codePointAt(end)!;
    if (!isMark(cp)) break;
    end += cp > 0xffff ? 2 : 1;
  }
  return end;
}

/** Like normalizeForSearch, with the offsets of every group in both strings. */
export function normalizeWithOffsets(text: string): NormalizedText {
  const originalStarts: number[] = [];
  const normalizedStarts: number[] = [];
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    originalStarts.push(i);
    normalizedStarts.push(out.length);
    const code = text.charCodeAt(i);
    const next = i + 1 < n ? text.codePointAt(i + 1)! : 0;
    if (fastChar(code) && !isMark(next)) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[i];
      i++;
      continue;
    }
    const end = groupEnd(text, i);
    out += normalizeGroup(text.slice(i, end));
    i = end;
  }
  originalStarts.push(text.length);
  normalizedStarts.push(out.length);
  return { text: out, originalStarts, normalizedStarts };
}

/** The index of the group that holds normalised offset `offset` (the last group starting at or before it). */
export function groupAt(normalized: NormalizedText, offset: number): number {
  const starts = normalized.normalizedStarts;
  let lo = 0;
  let hi = starts.length - 2;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The original range [start, end) covering the normalised range [start, end). */
export function originalRange(normalized: NormalizedText, start: number, end: number): [number, number] {
  const first = groupAt(normalized, start);
  const last = groupAt(normalized, Math.max(start, end - 1));
  return [normalized.originalStarts[first]!, normalized.originalStarts[last + 1]!];
}
