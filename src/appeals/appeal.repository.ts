// Queries on appeals. Decides nothing.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AppealResult } from '../applications/index.ts';
import type { AppealTable, DB } from '../db/schema.ts';
import type { Appeal, AppealKind } from './appeal.ts';

export function toAppeal(row: Selectable<AppealTable>): Appeal {
  return {
    id: row.id,
    applicationId: row.application_id,
    agencyId: row.agency_id,
    kind: row.kind as AppealKind,
    caseNumber: row.case_number,
    filedOn: row.filed_on,
    result: row.result as AppealResult,
    closedOn: row.closed_on,
    notes: row.notes,
  };
}

export async function insertAppeal(db: Kysely<DB>, row: Insertable<AppealTable>): Promise<void> {
  await db.insertInto('appeals').values(row).execute();
}

export async function updateAppeal(
  db: Kysely<DB>,
  id: string,
  fields: Updateable<AppealTable>,
): Promise<void> {
  await db.updateTable('appeals').set(fields).where('id', '=', id).execute();
}

export async function findAppeal(db: Kysely<DB>, id: string): Promise<Appeal | undefined> {
  const row = await db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAppeal(row) : undefined;
}

export async function findAppealsOfApplication(db: Kysely<DB>, applicationId: string): Promise<Appeal[]> {
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('filed_on')
    .orderBy('created_at')
    .execute();
  return rows.map(toAppeal);
}

/** Cases of the agency filed on or before the year's end and not closed before its start. */
export async function findAppealsForYear(db: Kysely<DB>, agencyId: string, year: number): Promise<Appeal[]> {
  const rows = await db
    .selectFrom('appeals')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('filed_on', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', `${year}-01-01`)]))
    .execute();
  return rows.map(toAppeal);
}
