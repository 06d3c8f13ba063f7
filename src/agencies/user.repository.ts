// Queries on users and role grants. Decides nothing.
import { type Insertable, type Kysely, PostgresAdapter, type Selectable, type Updateable } from 'kysely';
import type { DB, RoleGrantTable, UserTable } from '../db/schema.ts';
import type { RoleGrant, User } from './principal.ts';
import { ROLE_IDS, type Role } from './roles.ts';

export type UserRow = Selectable<UserTable>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    agencyId: row.agency_id,
    username: row.username,
    displayName: row.display_name,
    mustChangePassword: row.must_change_password === 1,
    totpEnabled: row.totp_enabled === 1,
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toGrant(row: Selectable<RoleGrantTable>): RoleGrant {
  return {
    id: row.id,
    userId: row.user_id,
    agencyId: row.agency_id,
    role: row.role as Role,
    includeSubtree: row.include_subtree === 1,
    createdAt: row.created_at,
  };
}

export async function insertUser(db: Kysely<DB>, row: Insertable<UserTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUserRow(
  db: Kysely<DB>,
  id: string,
  fields: Updateable<UserTable>,
): Promise<void> {
  await db.updateTable('users').set(fields).where('id', '=', id).execute();
}

export async function findUserRow(db: Kysely<DB>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The row, locked until the end of the transaction on PostgreSQL (concurrent failed logins of
 * several processes count one after the other); SQLite transactions already write one at a time.
 */
export async function findUserRowForUpdate(trx: Kysely<DB>, id: string): Promise<UserRow | undefined> {
  let q = trx.selectFrom('users').selectAll().where('id', '=', id);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findUserRowByUsername(db: Kysely<DB>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserRowsByAgency(db: Kysely<DB>, agencyId: string): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('agency_id', '=', agencyId).orderBy('username').execute();
}

export async function insertGrant(db: Kysely<DB>, row: Insertable<RoleGrantTable>): Promise<void> {
  await db.insertInto('role_grants').values(row).execute();
}

export async function deleteGrant(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('role_grants').where('id', '=', id).execute();
}

export async function findGrant(db: Kysely<DB>, id: string): Promise<RoleGrant | undefined> {
  const row = await db.selectFrom('role_grants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toGrant(row);
}

export async function findGrantsOfUsers(db: Kysely<DB>, userIds: readonly string[]): Promise<RoleGrant[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('role_grants').selectAll().where('user_id', 'in', userIds).execute();
  // A stable order: roles as ROLES lists them, then by agency and age.
  return rows
    .map(toGrant)
    .sort(
      (a, b) =>
        ROLE_IDS.indexOf(a.role) - ROLE_IDS.indexOf(b.role) ||
        a.agencyId.localeCompare(b.agencyId) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    );
}

export async function findUsernames(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}
