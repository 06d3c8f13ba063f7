// The working-day calendar in force: the years gongkai ships with, replaced or extended by the
// years an admin entered.
import type { Kysely } from 'kysely';
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
  const row = await db
    .selectFrom('holiday_years')
    .select((eb) => [
      eb.fn.countAll<number | string | bigint>().as('n'),
      eb.fn.max('entered_at').as('latest'),
    ])
    .executeTakeFirstOrThrow();
  const version = `${row.n}|${row.latest ?? ''}`;
  const cached = current.get(db);
  if (cached && cached.version === version) {
    cached.checkedAt = performance.now();
    return cached.calendar;
  }
  const calendar = await loadWorkingDayCalendar(db);
  current.set(db, { version, calendar, checkedAt: performance.now() });
  return calendar;
}
