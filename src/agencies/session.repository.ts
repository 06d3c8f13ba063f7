// Queries on sessions. Decides nothing.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, SessionTable } from '../db/schema.ts';

export type SessionRow = Selectable<SessionTable>;

export async function insertSession(db: Kysely<DB>, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Kysely<DB>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function markSecondFactorOk(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ second_factor_ok: 1, last_seen_at: at })
    .where('id', '=', id)
    .execute();
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of the user, except `keepId` when given. */
export async function deleteSessionsOfUser(db: Kysely<DB>, userId: string, keepId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepId !== undefined) q = q.where('id', '!=', keepId);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}
