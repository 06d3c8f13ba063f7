// Fast working-day arithmetic for the reply clock, pure and memoised per calendar: every day's
// working/non-working status is taken once from the calendar module (isWorkingDay, the authority)
// and kept as running counts, so "working days between" is one subtraction and "n working days
// after" a short scan over bytes, with no Date objects. A supervisor's dashboard derives the
// deadlines of 10^5 applications; the day-by-day calendar functions cost ~0.2 ms a call.
import { isCivilDate, isWorkingDay, type WorkingDayCalendar } from '../calendar/index.ts';

const MS_PER_DAY = 86_400_000;
/** Day numbers are counted from this year's 1 January; earlier dates are refused. */
const ORIGIN_YEAR = 1990;
const ORIGIN = Date.UTC(ORIGIN_YEAR, 0, 1) / MS_PER_DAY;

interface Index {
  /** working[k] = 1 when day ORIGIN + k is a working day. */
  working: Uint8Array;
  /** before[k] = working days among days ORIGIN … ORIGIN + k − 1. */
  before: Int32Array;
  /** Days covered. */
  length: number;
}

const INDEXES = new WeakMap<WorkingDayCalendar, Index>();

function dayNumber(date: string): number {
  if (!isCivilDate(date)) throw new RangeError(`not a civil date (YYYY-MM-DD): ${date}`);
  const day =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY -
    ORIGIN;
  if (day < 0) throw new RangeError(`date before ${ORIGIN_YEAR}: ${date}`);
  return day;
}

function civilDate(day: number): string {
  return new Date((day + ORIGIN) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The index of `calendar`, covering at least days 0 … `day`. */
function indexFor(calendar: WorkingDayCalendar, day: number): Index {
  let index = INDEXES.get(calendar);
  if (index && day < index.length) return index;
  // Grow to the end of the year after the day asked for (and never by less than ten years).
  const year = new Date((day + ORIGIN) * MS_PER_DAY).getUTCFullYear();
  const length = Math.max(
    Date.UTC(year + 2, 0, 1) / MS_PER_DAY - ORIGIN,
    Date.UTC(ORIGIN_YEAR + 10, 0, 1) / MS_PER_DAY - ORIGIN,
    index ? index.length : 0,
  );
  const working = new Uint8Array(length);
  const before = new Int32Array(length + 1);
  const known = index?.length ?? 0;
  if (index) {
    working.set(index.working);
    before.set(index.before);
  }
  for (let k = known; k < length; k++) {
    working[k] = isWorkingDay(civilDate(k), calendar) ? 1 : 0;
    before[k + 1] = before[k]! + working[k]!;
  }
  index = { working, before, length };
  INDEXES.set(calendar, index);
  return index;
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function countWorkingDays(from: string, to: string, calendar: WorkingDayCalendar): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b <= a) return 0;
  const index = indexFor(calendar, b);
  return index.before[b + 1]! - index.before[a + 1]!;
}

/** The date `n` working days after `start`, counting from the next day; n = 0 gives `start`. */
export function plusWorkingDays(start: string, n: number, calendar: WorkingDayCalendar): string {
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new RangeError(`working days must be an integer 0–1000: ${n}`);
  let day = dayNumber(start);
  if (n === 0) return start;
  // n working days never take more than n weeks plus the longest holiday block.
  let index = indexFor(calendar, day + n * 7 + 31);
  for (let counted = 0; counted < n; ) {
    day++;
    if (day >= index.length) index = indexFor(calendar, day);
    counted += index.working[day]!;
  }
  return civilDate(day);
}
