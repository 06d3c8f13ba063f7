// Small Chinese numerals as reports write counts in prose: 一, 十二, 二十五, 一百零三, 两.
export const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(text)) return null;
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char in CHINESE_DIGITS) digit = CHINESE_DIGITS[char]!;
    else {
      total += (digit === 0 && char === '十' ? 1 : digit) * UNITS[char]!;
      digit = 0;
    }
  }
  return total + digit;
}

/** A number as prose writes it: Arabic digits (after NFKC) or small Chinese numerals. */
export const PROSE_NUMBER = '(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)';
