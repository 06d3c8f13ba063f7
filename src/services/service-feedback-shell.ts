// What the use cases of 办件, 评价 and 效能投诉 share: who may act, the hash that stands for a secret,
// the window and item of an agency, the staff who handle complaints, and refusals in Chinese.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type Actor,
  type AgencyTree,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
} from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import { findItemRow, findWindowRow } from './service-feedback.repository.ts';

/** Who registers 办件 and handles complaints: the agency's 政务服务 clerk, or its administrator. */
export const FEEDBACK_CLERK_ROLES: readonly Role[] = ['service', 'admin'];
/** Who reads the complaints in the back office: the clerks and the supervisors above. */
export const FEEDBACK_READER_ROLES: readonly Role[] = ['service', 'admin', 'supervisor'];

/** SHA-256 of a 评价码 or a complaint's link secret: the database never holds the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function userIdOf(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.user.id;
}

export function invalid(problems: readonly string[], details: Record<string, unknown> = {}): DomainError {
  const message = problems.length === 1 ? problems[0]! : `提交的内容有误：${problems.join('；')}`;
  return new DomainError('input.invalid', message, {
    ...details,
    problems: [...problems],
    userMessage: message,
  });
}

export function notFoundComplaint(): DomainError {
  return new DomainError('access.not_found', '投诉不存在或您无权访问');
}

export async function requireAgencyRole(
  db: Kysely<DB>,
  actor: Actor,
  agencyId: string,
  roles: readonly Role[],
): Promise<AgencyTree> {
  const tree = await loadAgencyTree(db);
  requireRole(actor, roles, agencyId, tree, '机构');
  return tree;
}

/** A unique index refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The window, when it is the agency's (and open, if asked); else an input problem. */
export async function windowOfAgency(
  db: Kysely<DB>,
  agencyId: string,
  windowId: string,
  options: { open: boolean },
): Promise<{ id: string; name: string }> {
  const row = await findWindowRow(db, windowId);
  if (!row || row.agency_id !== agencyId)
    throw invalid(['所选窗口不存在，或不是本机构的窗口'], { field: 'window' });
  if (options.open && row.closed_at !== null) throw invalid([`窗口“${row.name}”已撤销`], { field: 'window' });
  return { id: row.id, name: row.name };
}

/** The item, when it is the agency's (and still offered, if asked); else an input problem. */
export async function itemOfAgency(
  db: Kysely<DB>,
  agencyId: string,
  itemId: string,
  options: { offered: boolean },
): Promise<{ id: string; name: string; windowId: string | null }> {
  const row = await findItemRow(db, itemId);
  if (!row || row.agency_id !== agencyId)
    throw invalid(['所选事项不存在，或不是本机构的事项'], { field: 'item' });
  if (options.offered && row.withdrawn_at !== null)
    throw invalid([`事项“${row.name}”已停止办理`], { field: 'item' });
  return { id: row.id, name: row.name, windowId: row.window_id };
}

/** Whether the grant's agency is the agency or above it. */
function covers(tree: AgencyTree, grantAgency: string, agencyId: string): boolean {
  let node = tree.nodes.get(agencyId);
  while (node) {
    if (node.id === grantAgency) return true;
    node = node.parentId === null ? undefined : tree.nodes.get(node.parentId);
  }
  return false;
}

/** The enabled users holding the 政务服务 role on the agency (directly, or over a subtree above it). */
export async function listServiceStaff(
  db: Kysely<DB>,
  agencyId: string,
): Promise<{ id: string; displayName: string }[]> {
  const tree = await loadAgencyTree(db);
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select(['users.id', 'users.display_name', 'role_grants.agency_id', 'role_grants.include_subtree'])
    .where('role_grants.role', '=', 'service')
    .where('users.disabled', '=', 0)
    .execute();
  const seen = new Map<string, string>();
  for (const r of rows) {
    if (r.agency_id === agencyId || (r.include_subtree === 1 && covers(tree, r.agency_id, agencyId)))
      seen.set(r.id, r.display_name);
  }
  return [...seen]
    .map(([id, displayName]) => ({ id, displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh'));
}
