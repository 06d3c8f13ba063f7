// Highlighted text for a hit: personal numbers masked first, then the query's needles found in the
// normalised text, mapped back to the original characters, HTML-escaped and wrapped in <mark>.
import { maskPersonalNumbers } from '../applications/letters/index.ts';
import { redactPersonalData } from '../disclosures/personal-data.ts';
import { normalizeWithOffsets, originalRange } from './normalize.ts';

/** Characters of body shown in a snippet. */
export const SNIPPET_LENGTH = 120;
/** Characters shown before the first match. */
const LEAD = 24;
/** A snippet looks for matches in this much of the body at most (else it shows the start). */
const SCAN_LIMIT = 20_000;
/** A snippet looks in this much first: most bodies match early. */
const HEAD = 4_000;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const HAN = /\p{Script=Han}/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch) && !HAN.test(ch);
}

/** Non-overlapping [start, end) ranges of needles in normalised text, leftmost then longest. */
export function findMatches(text: string, needles: readonly string[]): [number, number][] {
  const found: [number, number][] = [];
  for (const needle of needles) {
    if (needle.length === 0) continue;
    // A word (letters and digits) matches whole words only, and not the digits a mask left
    // visible (***…1234); Han runs match anywhere.
    const word = isWordChar(needle[0]) && isWordChar(needle[needle.length - 1]);
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if (word && (isWordChar(text[at - 1]) || isWordChar(text[end]) || text[at - 1] === '*')) continue;
      found.push([at, end]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const range of found) {
    const last = out[out.length - 1];
    if (last && range[0] < last[1]) continue;
    out.push(range);
  }
  return out;
}

/** Needles to highlight in a text: each whole needle found, else the pairs of its characters found. */
export function needlesIn(normalized: string, needles: readonly string[]): string[] {
  const out: string[] = [];
  for (const needle of needles) {
    if (normalized.includes(needle)) out.push(needle);
    else {
      const chars = [...needle];
      if (chars.length < 2 || !HAN.test(chars[0]!)) continue;
      for (let i = 0; i + 1 < chars.length; i++) {
        const pair = chars[i]! + chars[i + 1]!;
        if (normalized.includes(pair)) out.push(pair);
      }
    }
  }
  return out;
}

function render(original: string, from: number, to: number, marks: readonly [number, number][]): string {
  let html = '';
  let at = from;
  for (const [start, end] of marks) {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (e <= s) continue;
    html += `${escapeHtml(original.slice(at, s))}<mark>${escapeHtml(original.slice(s, e))}</mark>`;
    at = e;
  }
  return html + escapeHtml(original.slice(at, to));
}

/** Moves an offset off the second half of a surrogate pair. */
function codePointStart(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff && at > 0 ? at - 1 : at;
}

/**
 * Personal numbers masked in place (same length): those the 保密审查 finds (grouped, 13–14-digit
 * cards, split by invisible characters), then every long digit run and mobile as letters mask them.
 */
function masks(text: string): string {
  return maskPersonalNumbers(redactPersonalData(text));
}

/** The whole text, masked, escaped, every needle marked (for titles). */
export function highlightAll(text: string, needles: readonly string[]): string {
  const masked = masks(text);
  const normalized = normalizeWithOffsets(masked);
  const matches = findMatches(normalized.text, needlesIn(normalized.text, needles)).map((m) =>
    originalRange(normalized, m[0], m[1]),
  );
  return render(masked, 0, masked.length, matches);
}

/**
 * A window of the body around its first match (its start when nothing matches), masked, escaped,
 * matches marked, with … where text is left out.
 */
export function snippet(body: string, needles: readonly string[], length = SNIPPET_LENGTH): string {
  const clipped = body.length > SCAN_LIMIT ? body.slice(0, codePointStart(body, SCAN_LIMIT)) : body;
  const masked = masks(clipped.replace(/\s+/g, ' ').trim());
  const matchesIn = (text: string) => {
    const normalized = normalizeWithOffsets(text);
    return findMatches(normalized.text, needlesIn(normalized.text, needles)).map((m) =>
      originalRange(normalized, m[0], m[1]),
    );
  };
  let matches: [number, number][] = [];
  if (masked.length > HEAD) {
    const head = masked.slice(0, codePointStart(masked, HEAD));
    const inHead = matchesIn(head);
    // The head will do when the window around its first match ends well inside it.
    if (inHead.length > 0 && inHead[0]![0] + length + 100 < head.length) matches = inHead;
  }
  if (matches.length === 0) matches = matchesIn(masked);
  const first = matches[0]?.[0] ?? 0;
  let from = codePointStart(masked, Math.max(0, first - LEAD));
  let to = codePointStart(masked, Math.min(masked.length, from + length));
  if (to === masked.length) from = codePointStart(masked, Math.max(0, to - length));
  // A match cut by the end of the window is shown whole.
  for (const [start, end] of matches) if (start < to && end > to) to = end;
  const prefix = from > 0 ? '…' : '';
  const suffix = to < masked.length || clipped.length < body.length ? '…' : '';
  return prefix + render(masked, from, to, matches) + suffix;
}
