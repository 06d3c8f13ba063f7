// 工作日 arithmetic under the 条例 (国办公开办函〔2015〕207号: the day of receipt is not counted;
// counting starts the next day). Pure functions over civil dates (YYYY-MM-DD) and a calendar.
import type { HolidayArrangement } from './official-arrangements.ts';

export interface WorkingDayCalendar {
  /** Years with an official arrangement. */
  officialYears: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  makeupWorkdays: ReadonlySet<string>;
}

export function buildCalendar(arrangements: readonly HolidayArrangement[]): WorkingDayCalendar {
  const holidays = new Set<string>();
  const makeupWorkdays = new Set<string>();
  for (const arrangement of arrangements) {
    for (const [first, last] of arrangement.holidays) {
      for (let day = first; day <= last; day = addDays(day, 1)) holidays.add(day);
    }
    for (const day of arrangement.makeupWorkdays) makeupWorkdays.add(day);
  }
  return { officialYears: new Set(arrangements.map((a) => a.year)), holidays, makeupWorkdays };
}

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCivilDate(text: string): boolean {
  const match = CIVIL_DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function toUtc(date: string): Date {
  if (!isCivilDate(date)) throw new RangeError(`not a civil date (YYYY-MM-DD): ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return toUtc(date).getUTCDay();
}

export function isWorkingDay(date: string, calendar: WorkingDayCalendar): boolean {
  if (calendar.makeupWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

export interface CountedDay {
  date: string;
  /** 1-based count of working days, or null for a day not counted. */
  count: number | null;
  reason: 'working day' | 'makeup working day' | 'weekend' | 'holiday';
}

export interface WorkingDayResult {
  date: string;
  /** Some day counted lies in a year without an official arrangement: weekends only were assumed. */
  provisional: boolean;
  /** The years without an official arrangement that the count went through. */
  provisionalYears: number[];
  days: CountedDay[];
}

function classify(date: string, calendar: WorkingDayCalendar): CountedDay['reason'] {
  if (calendar.makeupWorkdays.has(date)) return 'makeup working day';
  if (calendar.holidays.has(date)) return 'holiday';
  const day = weekday(date);
  return day === 0 || day === 6 ? 'weekend' : 'working day';
}

/**
 * The date `n` working days after `start`, counting from the next day, with every day passed and
 * why it counted or not. n = 0 gives `start` itself.
 */
export function addWorkingDays(start: string, n: number, calendar: WorkingDayCalendar): WorkingDayResult {
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new RangeError(`working days must be an integer 0–1000: ${n}`);
  const days: CountedDay[] = [];
  const provisionalYears = new Set<number>();
  let date = toUtc(start).toISOString().slice(0, 10);
  let counted = 0;
  while (counted < n) {
    date = addDays(date, 1);
    const year = Number(date.slice(0, 4));
    if (!calendar.officialYears.has(year)) provisionalYears.add(year);
    const reason = classify(date, calendar);
    const working = reason === 'working day' || reason === 'makeup working day';
    if (working) counted++;
    days.push({ date, count: working ? counted : null, reason });
  }
  const years = [...provisionalYears].sort();
  return { date, provisional: years.length > 0, provisionalYears: years, days };
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: string, to: string, calendar: WorkingDayCalendar): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (isWorkingDay(date, calendar)) count++;
  }
  return count;
}
