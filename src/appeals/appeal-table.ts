// Table 四 of an agency's year from the stored cases, with the report engine's builder.
import type { Kysely } from 'kysely';
import { buildTable4 } from '../applications/index.ts';
import type { DB } from '../db/schema.ts';
import type { Table4GroupKey } from '../reports/report-format.ts';
import { findAppealsForYear } from './appeal.repository.ts';

export async function table4Of(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<Record<Table4GroupKey, number[]>> {
  const appeals = await findAppealsForYear(db, agencyId, year);
  return buildTable4(
    appeals.map((a) => ({
      kind: a.kind,
      filed: a.filedOn,
      result: a.result,
      ...(a.closedOn ? { closedOn: a.closedOn } : {}),
    })),
    year,
  );
}
