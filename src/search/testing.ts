// Arbitraries and helpers for the search tests: texts of Han characters, Latin letters, digits and
// separators, and the substrings that the recall guarantee (T-P4, tokens.ts) covers.
import fc from 'fast-check';
import { normalizeForSearch } from './normalize.ts';

/**
 * The units a random text is made of. Each unit is one group (normalize.ts) and normalises to a
 * non-empty string, so a substring of whole units normalises to a substring of the normalised text.
 */
export const TEXT_UNITS: readonly string[] = [
  // Han characters, common ones twice so that words repeat, and one outside the BMP.
  ...'承留镇人民政府行政处罚决定公开信息年度报告国办发号村委会财政预算低保资金条例第十九条',
  ...'政府信息公开',
  '𠀋',
  '〇',
  // Latin letters and digits, upper case and full width (NFKC and lower case change them).
  ...'abcxyzIPVabc0123456789',
  'Ａ',
  'ｖ',
  '６',
  '①',
  'é',
  'e\u0301',
  // Separators: spaces, Chinese and ASCII punctuation, FTS syntax.
  ' ',
  '〔',
  '〕',
  '，',
  '。',
  '《',
  '》',
  '-',
  '.',
  '"',
  '*',
  ':',
  '(',
  ')',
  '_',
  '㈠',
];

/** A text as an array of units. */
export const arbitraryUnits = (maxLength = 40): fc.Arbitrary<string[]> =>
  fc.array(fc.constantFrom(...TEXT_UNITS), { minLength: 1, maxLength });

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const HAN = /\p{Script=Han}/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch) && !HAN.test(ch);
}

/** Whether a cut between units i-1 and i splits a word (a run of letters and digits). */
export function cutsWord(units: readonly string[], i: number): boolean {
  if (i <= 0 || i >= units.length) return false;
  const before = [...normalizeForSearch(units[i - 1]!)].at(-1);
  const after = [...normalizeForSearch(units[i]!)][0];
  return isWordChar(before) && isWordChar(after);
}

/** Every substring of 1–maxUnits whole units that cuts no word, as [start, end) unit indexes. */
export function guaranteedSubstrings(units: readonly string[], maxUnits = 6): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < units.length; start++) {
    if (cutsWord(units, start)) continue;
    for (let end = start + 1; end <= Math.min(units.length, start + maxUnits); end++) {
      if (!cutsWord(units, end)) out.push([start, end]);
    }
  }
  return out;
}
