// The working-day calendar in force: the years gongkai ships with, replaced or extended by the
// years an admin entered.
import type { Kysely } from 'kysely';
import { lockSharedUntilCommit } from '../db/advisory-lock.ts';
import type { DB } from '../db/schema.ts';
import { findEnteredArrangements } from './calendar.repository.ts';
import { type HolidayArrangement, OFFICIAL_ARRANGEMENTS } from './official-arrangements.ts';
import { buildCalendar, type WorkingDayCalendar } from './working-days.ts';

export function mergeArrangements(
  shipped: readonly HolidayArrangement[],
  entered: readonly HolidayArrangement[],
): HolidayArrangement[] {
  const byYear = new Map(shipped.map((a) => [a.year, a]));
  for (const arrangement of entered) byYear.set(arrangement.year, arrangement);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export async function loadWorkingDayCalendar(db: Kysely<DB>): Promise<WorkingDayCalendar> {
  return buildCalendar(mergeArrangements(OFFICIAL_ARRANGEMENTS, await findEnteredArrangements(db)));
}

const current = new WeakMap<
  Kysely<DB>,
  { version: string; calendar: WorkingDayCalendar; checkedAt: number }
>();

/** How long a calendar is used before the holiday_years table is asked again whether it changed. */
const RECHECK_MS = 1000;

/** Forgets the calendar of this process: a year was just entered here. */
export function forgetCurrentCalendar(db: Kysely<DB>): void {
  current.delete(db);
}

/**
 * The calendar in force, built once and reused while the holiday_years table is unchanged (one
 * cheap query decides, at most once a second), so that a year entered by another process counts
 * within a second; one entered by this process counts at once.
 */
export async function currentWorkingDayCalendar(db: Kysely<DB>): Promise<WorkingDayCalendar> {
  const known = current.get(db);
  if (known && performance.now() - known.checkedAt < RECHECK_MS) return known.calendar;
  const version = await calendarVersion(db);
  const cached = current.get(db);
  if (cached && cached.version === version) {
    cached.checkedAt = performance.now();
    return cached.calendar;
  }
  const calendar = await loadWorkingDayCalendar(db);
  versions.set(calendar, version);
  current.set(db, { version, calendar, checkedAt: performance.now() });
  return calendar;
}

/** The version of the entered years each calendar was built from. */
const versions = new WeakMap<WorkingDayCalendar, string>();

/** Changes whenever a year is entered or corrected (one cheap query). */
async function calendarVersion(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('holiday_years')
    .select((eb) => [
      eb.fn.countAll<number | string | bigint>().as('n'),
      eb.fn.max('entered_at').as('latest'),
    ])
    .executeTakeFirstOrThrow();
  return `${row.n}|${row.latest ?? ''}`;
}

/** Entering a holiday year takes this lock alone; every write of due dates shares it. */
export const CALENDAR_LOCK = 'working-day-calendar';

/**
 * Inside a transaction that stores due dates: `known` (the calendar read before the transaction,
 * up to a second old) if it is still the one in force, else the one in force now. Entering a year
 * waits for these transactions and they for it (CALENDAR_LOCK on PostgreSQL; SQLite writes one at a
 * time), so a due date is never stored from a calendar older than a year whose recompute of the
 * open applications has already passed this one: it would stay wrong until the daily recompute.
 */
export async function calendarForWrite(
  trx: Kysely<DB>,
  known: WorkingDayCalendar,
): Promise<WorkingDayCalendar> {
  await lockSharedUntilCommit(trx, CALENDAR_LOCK);
  const version = await calendarVersion(trx);
  if (versions.get(known) === version) return known;
  const calendar = await loadWorkingDayCalendar(trx);
  versions.set(calendar, version);
  return calendar;
}
