// Table 三 of an agency's year from the stored data: the database counts the year rows that the
// pure core wrote with every event (derived-columns.ts), and the report engine's builder lays the
// counts out. Equal, by construction and by test, to buildTable3 over the full histories.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ReportFormat } from '../reports/report-format.ts';
import { countYearRows } from './application.repository.ts';
import { table3FromCounts } from './table3.ts';
import { YEAR_ROWS, type YearRow } from './year-count.ts';

export async function table3Of(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
  format: ReportFormat = '2021',
): Promise<Record<string, number[]>> {
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    throw new RangeError(`not a report year: ${year}`);
  const rows = Object.fromEntries(YEAR_ROWS.map((row) => [row, [0, 0, 0, 0, 0, 0]])) as Record<
    YearRow,
    number[]
  >;
  for (const { entry, exit, column, n } of await countYearRows(db, agencyId, year)) {
    for (const row of [entry, exit]) {
      const counts = rows[row as YearRow];
      if (!counts) throw new Error(`unknown table 三 row in application_years: ${row}`);
      counts[column]! += n;
    }
  }
  return table3FromCounts(rows, format);
}
