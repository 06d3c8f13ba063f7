// 信息处理费 under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), as data and pure functions.
// Two methods, one per application, both 超额累进 (excess progressive): 按件 over the same
// applicant's applications in one calendar month (art. 4) and 按量 over the pages of one
// application (art. 5). Amounts are whole 元. The applicant pays within 20 工作日 counted from the
// day after the fee notice is received.
import { addWorkingDays, isCivilDate, type WorkingDayCalendar } from '../calendar/index.ts';

export const FEE_MEASURES = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

export type FeeMethod = 'per_case' | 'per_page';

export const FEE_METHOD_LABELS: Record<FeeMethod, string> = {
  per_case: '按件计收',
  per_page: '按量计收',
};

/** 按件计收 (art. 4): the n-th application of one applicant in one calendar month. */
export const CASE_FEE_TIERS = {
  /** Applications 1–10 of the month are free. */
  freeUpTo: 10,
  /** Applications 11–30 cost 100元 each. */
  firstBandUpTo: 30,
  firstBandPrice: 100,
  /** From the 31st, each band of 10 applications costs 100元 more per application than the one before. */
  bandSize: 10,
  bandIncrement: 100,
} as const;

export interface PageFeeTier {
  /** First and last page of the tier (inclusive); null = no upper bound. */
  from: number;
  to: number | null;
  /** 元 per page within the tier. */
  price: number;
}

/** 按量计收 (art. 5): pages of one application, each page priced by the tier it falls in. */
export const PAGE_FEE_TIERS: readonly PageFeeTier[] = [
  { from: 1, to: 30, price: 0 },
  { from: 31, to: 100, price: 10 },
  { from: 101, to: 200, price: 20 },
  { from: 201, to: null, price: 40 },
];

/** Working days the applicant has to pay, counted from the day after the notice is received. */
export const FEE_PAYMENT_WORKING_DAYS = 20;

/** The largest count accepted: far beyond any real month or application, small enough to stay exact. */
const MAX_UNITS = 1_000_000;

function assertCount(value: number, what: string, min: number): void {
  if (!Number.isInteger(value) || value < min || value > MAX_UNITS)
    throw new RangeError(`${what} must be an integer ${min}–${MAX_UNITS}: ${value}`);
}

/** The fee of the `nthInMonth`-th application of one applicant in one calendar month (按件). */
export function feeForCase(nthInMonth: number): number {
  assertCount(nthInMonth, 'nthInMonth', 1);
  const t = CASE_FEE_TIERS;
  if (nthInMonth <= t.freeUpTo) return 0;
  if (nthInMonth <= t.firstBandUpTo) return t.firstBandPrice;
  const band = Math.floor((nthInMonth - t.firstBandUpTo - 1) / t.bandSize);
  return t.firstBandPrice + t.bandIncrement * (band + 1);
}

/** What one applicant owes for applications 1…n of one month together (Σ feeForCase(k), k ≤ n). */
export function cumulativeCaseFee(applications: number): number {
  assertCount(applications, 'applications', 0);
  let total = 0;
  for (let k = 1; k <= applications; k++) total += feeForCase(k);
  return total;
}

/** The fee of one application of `pages` pages (按量), excess progressive over PAGE_FEE_TIERS. */
export function feeForPages(pages: number): number {
  assertCount(pages, 'pages', 0);
  let total = 0;
  for (const tier of PAGE_FEE_TIERS) {
    const last = tier.to === null ? pages : Math.min(pages, tier.to);
    if (last >= tier.from) total += (last - tier.from + 1) * tier.price;
  }
  return total;
}

/** The basis of one application's fee: one method only (art. 3: never both). */
export type FeeBasis = { method: 'per_case'; nthInMonth: number } | { method: 'per_page'; pages: number };

export function applicationFee(basis: FeeBasis): number {
  return basis.method === 'per_case' ? feeForCase(basis.nthInMonth) : feeForPages(basis.pages);
}

/** The unit every amount of the method is a multiple of (按件 100元, 按量 10元). */
export const FEE_UNIT: Record<FeeMethod, number> = { per_case: 100, per_page: 10 };

/**
 * The position of an application received on `date` among one applicant's applications of that
 * calendar month: 1 + the applicant's earlier applications (`earlierReceipts`, their receipt
 * dates, this one excluded) received in the same month up to `date`.
 */
export function caseNumberInMonth(earlierReceipts: readonly string[], date: string): number {
  if (!isCivilDate(date)) throw new RangeError(`not a civil date (YYYY-MM-DD): ${date}`);
  const month = date.slice(0, 7);
  return 1 + earlierReceipts.filter((d) => d.slice(0, 7) === month && d <= date).length;
}

export interface FeePaymentDue {
  date: string;
  /** The count crossed a year without an official holiday arrangement. */
  provisional: boolean;
}

/** The last day to pay: 20 工作日 from the day after the applicant received the fee notice. */
export function feePaymentDue(noticeReceivedOn: string, calendar: WorkingDayCalendar): FeePaymentDue {
  const result = addWorkingDays(noticeReceivedOn, FEE_PAYMENT_WORKING_DAYS, calendar);
  return { date: result.date, provisional: result.provisional };
}
