// Queries on the windows and service items of an agency and on the items' versions. Decides nothing.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, ServiceItemTable, ServiceItemVersionTable, ServiceWindowTable } from '../db/schema.ts';

export type WindowRow = Selectable<ServiceWindowTable>;
export type ItemRow = Selectable<ServiceItemTable>;
export type VersionRow = Selectable<ServiceItemVersionTable>;

export async function insertWindow(db: Kysely<DB>, row: Insertable<ServiceWindowTable>): Promise<void> {
  await db.insertInto('service_windows').values(row).execute();
}

export async function updateWindowRow(
  db: Kysely<DB>,
  id: string,
  fields: Updateable<ServiceWindowTable>,
): Promise<void> {
  await db.updateTable('service_windows').set(fields).where('id', '=', id).execute();
}

export async function findWindow(db: Kysely<DB>, id: string): Promise<WindowRow | undefined> {
  return db.selectFrom('service_windows').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agency's windows, open and closed, in the hall's order. */
export async function findWindows(db: Kysely<DB>, agencyId: string): Promise<WindowRow[]> {
  return db
    .selectFrom('service_windows')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('position')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function maxWindowPosition(db: Kysely<DB>, agencyId: string): Promise<number> {
  const row = await db
    .selectFrom('service_windows')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? -1 : Number(row.max);
}

export async function insertItem(db: Kysely<DB>, row: Insertable<ServiceItemTable>): Promise<void> {
  await db.insertInto('service_items').values(row).execute();
}

/** Updates the item only at the version the caller read; the number of rows changed (0 or 1). */
export async function updateItemAt(
  db: Kysely<DB>,
  id: string,
  version: number,
  fields: Updateable<ServiceItemTable>,
): Promise<number> {
  const result = await db
    .updateTable('service_items')
    .set(fields)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setItemWithdrawn(
  db: Kysely<DB>,
  id: string,
  fields: Pick<Updateable<ServiceItemTable>, 'withdrawn_at' | 'updated_by' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('service_items').set(fields).where('id', '=', id).execute();
}

export async function findItem(db: Kysely<DB>, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('service_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agency's items, offered and withdrawn, in the catalogue's order. */
export async function findItems(db: Kysely<DB>, agencyId: string): Promise<ItemRow[]> {
  return db
    .selectFrom('service_items')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('level')
    .orderBy('position')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The agency's items still offered at the window. */
export async function findOfferedItemsAt(db: Kysely<DB>, windowId: string): Promise<ItemRow[]> {
  return db
    .selectFrom('service_items')
    .selectAll()
    .where('window_id', '=', windowId)
    .where('withdrawn_at', 'is', null)
    .orderBy('position')
    .orderBy('name')
    .execute();
}

export async function maxItemPosition(db: Kysely<DB>, agencyId: string): Promise<number> {
  const row = await db
    .selectFrom('service_items')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? -1 : Number(row.max);
}

export async function insertVersion(db: Kysely<DB>, row: Insertable<ServiceItemVersionTable>): Promise<void> {
  await db.insertInto('service_item_versions').values(row).execute();
}

/** Every version of the item, newest first. */
export async function findVersions(db: Kysely<DB>, itemId: string): Promise<VersionRow[]> {
  return db
    .selectFrom('service_item_versions')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('version', 'desc')
    .execute();
}
