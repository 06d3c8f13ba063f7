// The one tokenizer of search, for the index and for queries alike.
//
// The text is normalised (normalize.ts: NFKC, lower case) and read as a sequence of
//   - Han runs: maximal runs of Han characters (\p{Script=Han});
//   - words: maximal runs of other letters, digits and marks (\p{L}\p{N}\p{M}), e.g. "ipv6", "2017";
//   - separators: everything else (spaces, punctuation such as 〔〕《》, symbols).
// searchTokens(text) gives, in text order:
//   - for a Han run: every character and every pair of neighbouring characters (so "镇" and "承留"
//     find "承留镇"), and the words of three or more characters that jieba's cutForSearch finds in it
//     (行政处罚, 人民政府: they rank a document that has the whole word above scattered pairs);
//   - for a word: the word itself and, when it mixes letters and digits, its letter and digit parts
//     ("ipv6" → ipv6, ipv, 6). Words and parts are cut to MAX_WORD characters.
// queryTerms(q) takes from the same tokenizer the tokens that every text containing q must have:
// each Han run's pairs (its one character when it is a single character) and each whole word. They
// are ANDed. The jieba words of q only rank (boost). So (T-P4): if the normalised query is a
// substring of a document's normalised title or body that cuts no word in two (it neither starts nor
// ends inside a run of letters and digits; Han runs may be cut anywhere), the document is found.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeForSearch } from './normalize.ts';

/** Words and word parts longer than this are cut to it (the same cut in documents and queries). */
export const MAX_WORD = 40;
/** A query ANDs at most this many distinct tokens (fewer required tokens can only find more). */
export const MAX_QUERY_TERMS = 32;
/** Jieba words longer than this are not kept as rank tokens. */
const MAX_JIEBA_WORD = 16;

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const DIGIT = /\p{N}/u;

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Loads jieba's dictionary now (about a third of a second) instead of at the first search. */
export function warmUpTokenizer(): void {
  segmenter();
}

enum Kind {
  Separator = 0,
  Han = 1,
  Word = 2,
}

function kindOf(code: number): Kind {
  if (code < 0x80) {
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return Kind.Word;
    return Kind.Separator;
  }
  if (code >= 0x4e00 && code <= 0x9fff) return Kind.Han;
  const ch = String.fromCodePoint(code);
  if (HAN.test(ch)) return Kind.Han;
  if (WORD.test(ch)) return Kind.Word;
  return Kind.Separator;
}

function isDigit(code: number): boolean {
  if (code < 0x80) return code >= 48 && code <= 57;
  return DIGIT.test(String.fromCodePoint(code));
}

/** Calls f for each Han run and word of normalised text, in order, with its UTF-16 range. */
function scan(normalized: string, f: (kind: Kind.Han | Kind.Word, start: number, end: number) => void): void {
  const n = normalized.length;
  let runKind = Kind.Separator;
  let runStart = 0;
  let i = 0;
  while (i < n) {
    const code = normalized.codePointAt(i)!;
    const kind = kindOf(code);
    if (kind !== runKind) {
      if (runKind !== Kind.Separator) f(runKind, runStart, i);
      runKind = kind;
      runStart = i;
    }
    i += code > 0xffff ? 2 : 1;
  }
  if (runKind !== Kind.Separator) f(runKind, runStart, n);
}

/** The first MAX_WORD code points of a word. */
function cut(word: string): string {
  if (word.length <= MAX_WORD) return word;
  const chars = [...word];
  return chars.length > MAX_WORD ? chars.slice(0, MAX_WORD).join('') : word;
}

/** The word and, if it mixes letters and digits, its letter parts and digit parts. */
function wordTokens(word: string, out: string[]): void {
  out.push(cut(word));
  let partStart = 0;
  let partDigits = isDigit(word.codePointAt(0)!);
  const parts: string[] = [];
  for (let i = 0; i < word.length; ) {
    const code = word.codePointAt(i)!;
    const digit = isDigit(code);
    if (digit !== partDigits) {
      parts.push(cut(word.slice(partStart, i)));
      partStart = i;
      partDigits = digit;
    }
    i += code > 0xffff ? 2 : 1;
  }
  if (parts.length > 0) {
    parts.push(cut(word.slice(partStart)));
    out.push(...parts);
  }
}

/** Every character and every pair of neighbouring characters of a Han run. */
function hanTokens(run: string, out: string[]): void {
  let i = 0;
  while (i < run.length) {
    const w1 = run.charCodeAt(i) >= 0xd800 && run.charCodeAt(i) <= 0xdbff ? 2 : 1;
    out.push(run.slice(i, i + w1));
    if (i + w1 < run.length) {
      const w2 = run.charCodeAt(i + w1) >= 0xd800 && run.charCodeAt(i + w1) <= 0xdbff ? 2 : 1;
      out.push(run.slice(i, i + w1 + w2));
    }
    i += w1;
  }
}

function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** Jieba's words of three or more Han characters in normalised text. */
function jiebaWords(normalized: string): string[] {
  const words: string[] = [];
  for (const word of segmenter().cutForSearch(normalized, false)) {
    if (word.length < 3) continue;
    const length = codePoints(word);
    if (length < 3 || length > MAX_JIEBA_WORD) continue;
    let han = true;
    for (let i = 0; i < word.length && han; ) {
      const code = word.codePointAt(i)!;
      han = kindOf(code) === Kind.Han;
      i += code > 0xffff ? 2 : 1;
    }
    if (han) words.push(word);
  }
  return words;
}

/** Every token of a text (see the file comment), in text order, with repeats. */
export function searchTokens(text: string): string[] {
  const normalized = normalizeForSearch(text);
  const out: string[] = [];
  let hasLongHan = false;
  scan(normalized, (kind, start, end) => {
    const run = normalized.slice(start, end);
    if (kind === Kind.Han) {
      hanTokens(run, out);
      if (!hasLongHan && codePoints(run) >= 3) hasLongHan = true;
    } else wordTokens(run, out);
  });
  if (hasLongHan) out.push(...jiebaWords(normalized));
  return out;
}

export interface QueryTerms {
  /** Tokens every matching document has (ANDed); empty: the query matches nothing. */
  required: string[];
  /** Jieba words of the query: they only raise the rank of documents that have them. */
  boost: string[];
  /** What to highlight: the query's Han runs and words, normalised, longest first. */
  needles: string[];
}

/** The query's terms from the same tokenizer (see the file comment). */
export function queryTerms(q: string): QueryTerms {
  const normalized = normalizeForSearch(q);
  const required = new Set<string>();
  const needles = new Set<string>();
  scan(normalized, (kind, start, end) => {
    const run = normalized.slice(start, end);
    if (kind === Kind.Han) {
      needles.add(run);
      const tokens: string[] = [];
      hanTokens(run, tokens);
      // hanTokens alternates character, pair, character, pair, …, character.
      if (tokens.length === 1) required.add(tokens[0]!);
      for (let i = 1; i < tokens.length; i += 2) required.add(tokens[i]!);
    } else {
      const word = cut(run);
      needles.add(word);
      required.add(word);
    }
  });
  const requiredList = [...required].slice(0, MAX_QUERY_TERMS);
  const boost =
    requiredList.length > 0 ? [...new Set(jiebaWords(normalized))].filter((w) => !required.has(w)) : [];
  return {
    required: requiredList,
    boost: boost.slice(0, MAX_QUERY_TERMS),
    needles: [...needles].sort((a, b) => b.length - a.length),
  };
}

/**
 * A document field's distinct tokens may take this many bytes of UTF-8 (PostgreSQL refuses a
 * tsvector whose lexemes take 1 MB; title and body together stay below). Past it a field's tokens
 * stop, at the same token on both engines, so that they find the same documents: text that far
 * into a long body is not searchable.
 */
export const MAX_INDEXED_BYTES = 400 * 1024;

function utf8Length(token: string): number {
  let bytes = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
  }
  return bytes;
}

/** Texts at least this long are worth tokenizing ahead of a transaction (pretokenize). */
const PRETOKENIZE_MIN_LENGTH = 4_096;
const pretokenized = new Map<string, string>();

/**
 * Tokenizes a long text now, so that indexing the same text later (inside a write transaction,
 * where every millisecond holds the database's write lock) finds the tokens ready. A few recent
 * texts are kept; a text indexed without this is simply tokenized then.
 */
export function pretokenize(text: string): void {
  if (text.length < PRETOKENIZE_MIN_LENGTH || pretokenized.has(text)) return;
  const tokens = tokenizeForIndex(text);
  if (pretokenized.size >= 4) pretokenized.delete(pretokenized.keys().next().value!);
  pretokenized.set(text, tokens);
}

/** A document field's tokens as the engines index them: space-separated, within MAX_INDEXED_BYTES. */
export function indexText(text: string): string {
  const ready = pretokenized.get(text);
  if (ready !== undefined) {
    pretokenized.delete(text);
    return ready;
  }
  return tokenizeForIndex(text);
}

function tokenizeForIndex(text: string): string {
  const tokens = searchTokens(text);
  // Any UTF-16 unit is at most 3 bytes of UTF-8: most fields need no counting.
  let units = 0;
  for (const token of tokens) units += token.length;
  if (units * 3 <= MAX_INDEXED_BYTES) return tokens.join(' ');
  const seen = new Set<string>();
  let bytes = 0;
  let end = 0;
  for (; end < tokens.length; end++) {
    const token = tokens[end]!;
    if (seen.has(token)) continue;
    bytes += utf8Length(token);
    if (bytes > MAX_INDEXED_BYTES) break;
    seen.add(token);
  }
  return (end === tokens.length ? tokens : tokens.slice(0, end)).join(' ');
}
