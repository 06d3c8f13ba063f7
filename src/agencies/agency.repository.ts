// Queries on agencies. Decides nothing.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AgencyTable, DB } from '../db/schema.ts';
import { type Agency, type AgencyKind, parseSettings } from './agency.ts';
import type { AgencyNode } from './permissions.ts';

export function toAgency(row: Selectable<AgencyTable>): Agency {
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind as AgencyKind,
    name: row.name,
    creditCode: row.credit_code,
    settings: parseSettings(row.settings),
    createdAt: row.created_at,
  };
}

export async function insertAgency(db: Kysely<DB>, row: Insertable<AgencyTable>): Promise<void> {
  await db.insertInto('agencies').values(row).execute();
}

export async function updateAgencyRow(
  db: Kysely<DB>,
  id: string,
  fields: Updateable<AgencyTable>,
): Promise<void> {
  await db.updateTable('agencies').set(fields).where('id', '=', id).execute();
}

export async function findAgency(db: Kysely<DB>, id: string): Promise<Agency | undefined> {
  const row = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAgency(row);
}

export async function findAgencies(db: Kysely<DB>, ids: readonly string[]): Promise<Agency[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('agencies').selectAll().where('id', 'in', ids).execute();
  return rows.map(toAgency);
}

export async function findAllAgencies(db: Kysely<DB>): Promise<Agency[]> {
  const rows = await db.selectFrom('agencies').selectAll().execute();
  return rows.map(toAgency);
}

export async function findAgencyNodes(db: Kysely<DB>): Promise<AgencyNode[]> {
  const rows = await db.selectFrom('agencies').select(['id', 'parent_id', 'kind', 'name']).execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, kind: r.kind as AgencyKind, name: r.name }));
}

/** An agency of that name directly under the parent (roots when parentId is null). */
export async function findSibling(
  db: Kysely<DB>,
  parentId: string | null,
  name: string,
): Promise<Agency | undefined> {
  let q = db.selectFrom('agencies').selectAll().where('name', '=', name);
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  const row = await q.executeTakeFirst();
  return row && toAgency(row);
}

export async function findSettings(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('agencies').select('settings').where('id', '=', id).executeTakeFirst();
  return row?.settings;
}

export async function findAgencyByCreditCode(
  db: Kysely<DB>,
  creditCode: string,
): Promise<Agency | undefined> {
  const row = await db
    .selectFrom('agencies')
    .selectAll()
    .where('credit_code', '=', creditCode)
    .executeTakeFirst();
  return row && toAgency(row);
}

export async function findAgencyNames(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
