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
