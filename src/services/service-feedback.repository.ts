// Storage of 办件, 评价 and 效能投诉 (migration 014): plain reads and writes, no rules.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, ServiceComplaintTable, ServiceEventTable, ServiceRatingTable } from '../db/schema.ts';

export type EventRow = Selectable<ServiceEventTable>;
export type RatingRow = Selectable<ServiceRatingTable>;
export type ComplaintRow = Selectable<ServiceComplaintTable>;

export interface NamedChoice {
  id: string;
  name: string;
}

/** The agency's open windows, in the hall's order. */
export async function findOpenWindows(db: Kysely<DB>, agencyId: string): Promise<NamedChoice[]> {
  return db
    .selectFrom('service_windows')
    .select(['id', 'name'])
    .where('agency_id', '=', agencyId)
    .where('closed_at', 'is', null)
    .orderBy('position')
    .orderBy('name')
    .execute();
}

/** The agency's items still offered, with the window that handles each. */
export async function findOfferedItems(
  db: Kysely<DB>,
  agencyId: string,
): Promise<(NamedChoice & { windowId: string | null; level: string })[]> {
  const rows = await db
    .selectFrom('service_items')
    .select(['id', 'name', 'window_id', 'level'])
    .where('agency_id', '=', agencyId)
    .where('withdrawn_at', 'is', null)
    .orderBy('level')
    .orderBy('position')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, windowId: r.window_id, level: r.level }));
}

export async function findWindowRow(db: Kysely<DB>, windowId: string) {
  return db
    .selectFrom('service_windows')
    .select(['id', 'agency_id', 'name', 'closed_at'])
    .where('id', '=', windowId)
    .executeTakeFirst();
}

export async function findItemRow(db: Kysely<DB>, itemId: string) {
  return db
    .selectFrom('service_items')
    .select(['id', 'agency_id', 'name', 'window_id', 'withdrawn_at'])
    .where('id', '=', itemId)
    .executeTakeFirst();
}

/** Names of windows and items by id, for the pages (closed or withdrawn ones included). */
export async function namesOf(
  db: Kysely<DB>,
  windowIds: readonly (string | null)[],
  itemIds: readonly (string | null)[],
): Promise<{ windows: Map<string, string>; items: Map<string, string> }> {
  const w = [...new Set(windowIds.filter((id): id is string => id !== null))];
  const i = [...new Set(itemIds.filter((id): id is string => id !== null))];
  const windows = w.length
    ? await db.selectFrom('service_windows').select(['id', 'name']).where('id', 'in', w).execute()
    : [];
  const items = i.length
    ? await db.selectFrom('service_items').select(['id', 'name']).where('id', 'in', i).execute()
    : [];
  return {
    windows: new Map(windows.map((r) => [r.id, r.name])),
    items: new Map(items.map((r) => [r.id, r.name])),
  };
}

export async function insertEvent(db: Kysely<DB>, row: Insertable<ServiceEventTable>): Promise<void> {
  await db.insertInto('service_events').values(row).execute();
}

export async function findEventByCodeHash(db: Kysely<DB>, codeHash: string): Promise<EventRow | undefined> {
  return db.selectFrom('service_events').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

export async function findRatingOfEvent(db: Kysely<DB>, eventId: string): Promise<RatingRow | undefined> {
  return db.selectFrom('service_ratings').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

export async function insertRating(db: Kysely<DB>, row: Insertable<ServiceRatingTable>): Promise<void> {
  await db.insertInto('service_ratings').values(row).execute();
}

/** The agency's latest 办件 with their rating level, if any. */
export async function findRecentEvents(db: Kysely<DB>, agencyId: string, limit: number) {
  return db
    .selectFrom('service_events')
    .leftJoin('service_ratings', 'service_ratings.event_id', 'service_events.id')
    .select([
      'service_events.id',
      'service_events.window_id',
      'service_events.item_id',
      'service_events.channel',
      'service_events.occurred_at',
      'service_ratings.level',
      'service_ratings.rated_at',
    ])
    .where('service_events.agency_id', '=', agencyId)
    .orderBy('service_events.occurred_at', 'desc')
    .orderBy('service_events.id')
    .limit(limit)
    .execute();
}

export async function findReferencesOfYear(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('service_complaints')
    .select('reference')
    .where('agency_id', '=', agencyId)
    .where('reference', 'like', `TS${year}-%`)
    .execute();
  return rows.map((r) => r.reference);
}

export async function insertComplaint(db: Kysely<DB>, row: Insertable<ServiceComplaintTable>): Promise<void> {
  await db.insertInto('service_complaints').values(row).execute();
}

export async function findComplaint(db: Kysely<DB>, id: string): Promise<ComplaintRow | undefined> {
  return db.selectFrom('service_complaints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findComplaintByTokenHash(
  db: Kysely<DB>,
  tokenHash: string,
): Promise<ComplaintRow | undefined> {
  return db
    .selectFrom('service_complaints')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function findComplaintsOfAgency(db: Kysely<DB>, agencyId: string): Promise<ComplaintRow[]> {
  return db
    .selectFrom('service_complaints')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('received_at', 'desc')
    .execute();
}

/** Updates the complaint unless it was answered meanwhile; the number of rows changed. */
export async function updateOpenComplaint(
  db: Kysely<DB>,
  id: string,
  values: Updateable<ServiceComplaintTable>,
  /** When given, only while the assignee is still this one (null: none). */
  expectedAssignee?: string | null,
): Promise<number> {
  let query = db
    .updateTable('service_complaints')
    .set(values)
    .where('id', '=', id)
    .where('state', '<>', 'answered');
  if (expectedAssignee !== undefined)
    query =
      expectedAssignee === null
        ? query.where('assigned_to', 'is', null)
        : query.where('assigned_to', '=', expectedAssignee);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

export async function displayNamesOf(db: Kysely<DB>, userIds: readonly (string | null)[]) {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
