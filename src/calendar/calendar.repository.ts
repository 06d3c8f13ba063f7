// The holiday arrangements entered in the database.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { HolidayArrangement } from './official-arrangements.ts';

export async function findEnteredArrangements(db: Kysely<DB>): Promise<HolidayArrangement[]> {
  const rows = await db.selectFrom('holiday_years').selectAll().orderBy('year').execute();
  return rows.map((row) => ({
    year: Number(row.year),
    source: row.source,
    holidays: JSON.parse(row.holidays) as [string, string][],
    makeupWorkdays: JSON.parse(row.makeup_workdays) as string[],
  }));
}

export async function saveArrangement(
  db: Kysely<DB>,
  arrangement: HolidayArrangement,
  enteredBy: string | null,
  enteredAt: string,
): Promise<void> {
  const values = {
    source: arrangement.source,
    holidays: JSON.stringify(arrangement.holidays),
    makeup_workdays: JSON.stringify(arrangement.makeupWorkdays),
    entered_by: enteredBy,
    entered_at: enteredAt,
  };
  const existing = await db
    .selectFrom('holiday_years')
    .select('year')
    .where('year', '=', arrangement.year)
    .executeTakeFirst();
  if (existing)
    await db.updateTable('holiday_years').set(values).where('year', '=', arrangement.year).execute();
  else
    await db
      .insertInto('holiday_years')
      .values({ year: arrangement.year, ...values })
      .execute();
}
