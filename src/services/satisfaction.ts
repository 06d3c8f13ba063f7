// 办事评价 (好差评): the five levels of satisfaction as data, what a rating must say, and the 评价码
// printed on the receipt of a 办件, with which the citizen rates it once.

/** The five levels, best first, as the 好差评 forms print them (ids as stored in service_ratings). */
export const SATISFACTION_LEVELS = {
  very_satisfied: { label: '非常满意', reasonRequired: false },
  satisfied: { label: '满意', reasonRequired: false },
  basically_satisfied: { label: '基本满意', reasonRequired: false },
  dissatisfied: { label: '不满意', reasonRequired: true },
  very_dissatisfied: { label: '非常不满意', reasonRequired: true },
} as const;

export type SatisfactionLevel = keyof typeof SATISFACTION_LEVELS;

export const SATISFACTION_LEVEL_IDS: readonly SatisfactionLevel[] = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
];

export function isSatisfactionLevel(value: unknown): value is SatisfactionLevel {
  return typeof value === 'string' && Object.hasOwn(SATISFACTION_LEVELS, value);
}

/** Where the rating came from: the portal's form, or the form opened from a QR code. */
export const RATING_SOURCES = ['portal', 'qr'] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

/** A reason of a few sentences: enough to say what went wrong, short enough to read in a queue. */
export const MAX_REASON_LENGTH = 500;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/;

export interface RatingInput {
  level: unknown;
  reason: unknown;
}

export interface RatingProblem {
  field: 'level' | 'reason';
  message: string;
}

/** What is wrong with a rating, field by field, in Chinese (empty when it may be saved). */
export function ratingProblems(input: RatingInput): RatingProblem[] {
  const problems: RatingProblem[] = [];
  if (!isSatisfactionLevel(input.level)) {
    problems.push({
      field: 'level',
      message: '请选择满意程度（非常满意、满意、基本满意、不满意或非常不满意）',
    });
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : null;
  if (input.reason !== undefined && input.reason !== null && reason === null) {
    problems.push({ field: 'reason', message: '评价理由无效' });
  } else if (reason !== null && [...reason].length > MAX_REASON_LENGTH) {
    problems.push({ field: 'reason', message: `评价理由不能超过 ${MAX_REASON_LENGTH} 个字` });
  } else if (reason !== null && CONTROL.test(reason)) {
    problems.push({ field: 'reason', message: '评价理由含有无效字符' });
  } else if (isSatisfactionLevel(input.level) && SATISFACTION_LEVELS[input.level].reasonRequired) {
    if (reason === null || reason === '')
      problems.push({
        field: 'reason',
        message: `选择“${SATISFACTION_LEVELS[input.level].label}”时，请写明不满意的原因，以便我们改进`,
      });
  }
  return problems;
}

/** The reason as stored: trimmed, null when empty. */
export function normalizeReason(reason: unknown): string | null {
  if (typeof reason !== 'string') return null;
  const text = reason.trim();
  return text === '' ? null : text;
}

// ---------------------------------------------------------------------------------------------
// 评价码

/**
 * The symbols of a 评价码: digits and capitals without those read or typed as one another on a
 * receipt (0/O, 1/I/L, U/V), so a code copied by hand comes back the same.
 */
export const RATING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
/** 10 symbols of 29: log2(29^10) ≈ 48.6 bits, far beyond guessing at 10 tries per 10 minutes. */
export const RATING_CODE_LENGTH = 10;
/** Printed in two groups of five, e.g. “7KQ2M-XH4PD”. */
const GROUP = 5;

/**
 * A new 评价码 from a uniform random source (`randomIndex(n)` gives an integer in [0, n); the
 * shell passes crypto.randomInt). Returned in its canonical form, without separators.
 */
export function generateRatingCode(randomIndex: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < RATING_CODE_LENGTH; i++) {
    const index = randomIndex(RATING_CODE_ALPHABET.length);
    if (!Number.isInteger(index) || index < 0 || index >= RATING_CODE_ALPHABET.length)
      throw new RangeError(`random index out of range: ${index}`);
    code += RATING_CODE_ALPHABET[index];
  }
  return code;
}

/** The code as printed: groups of five joined by a hyphen. */
export function formatRatingCode(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += GROUP) groups.push(code.slice(i, i + GROUP));
  return groups.join('-');
}

/**
 * The canonical code of what a citizen typed: full-width forms folded, case ignored, spaces and
 * hyphens dropped; null when it cannot be a code (wrong length or a symbol not in the alphabet).
 */
export function normalizeRatingCode(typed: unknown): string | null {
  if (typeof typed !== 'string' || typed.length > 100) return null;
  const text = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―－_.·]/g, '');
  if (text.length !== RATING_CODE_LENGTH) return null;
  for (const symbol of text) if (!RATING_CODE_ALPHABET.includes(symbol)) return null;
  return text;
}

/** What is wrong with a typed code, in Chinese; null when it has the form of a code. */
export function ratingCodeProblem(typed: unknown): string | null {
  if (typeof typed !== 'string' || typed.trim() === '') return '请填写办件回执上的评价码';
  if (normalizeRatingCode(typed) === null)
    return `评价码应为 ${RATING_CODE_LENGTH} 位数字和字母（如 7KQ2M-XH4PD），请核对回执后重新输入`;
  return null;
}
