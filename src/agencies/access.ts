// Loading the agency tree and turning permission answers into the errors use cases throw:
// 'access.not_found' where the actor sees nothing, 'access.forbidden' where it sees but may not act.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import { findAgencyNodes } from './agency.repository.ts';
import { type AgencyTree, assertReady, buildAgencyTree, grantsCover, subtreeIds } from './permissions.ts';
import { type Actor, isSystemActor } from './principal.ts';
import type { Role } from './roles.ts';
import { findGrantsOfUsers, findUserRow } from './user.repository.ts';

export async function loadAgencyTree(db: Kysely<DB>): Promise<AgencyTree> {
  return buildAgencyTree(await findAgencyNodes(db));
}

export function notFound(what = '对象'): DomainError {
  return new DomainError('access.not_found', `${what}不存在或您无权访问`);
}

export function forbidden(message = '您没有进行此项操作的权限'): DomainError {
  return new DomainError('access.forbidden', message);
}

/** The actor can see the agency (any role covers it). The system actor sees every agency. */
export function canSee(actor: Actor, agencyId: string, tree: AgencyTree): boolean {
  if (!tree.nodes.has(agencyId)) return false;
  if (isSystemActor(actor)) return true;
  return grantsCover(actor.grants, undefined, agencyId, tree);
}

/**
 * Throws unless the actor holds one of `roles` on the agency: not_found when it cannot see the
 * agency at all, forbidden when it can.
 */
export function requireRole(
  actor: Actor,
  roles: readonly Role[],
  agencyId: string,
  tree: AgencyTree,
  what?: string,
): void {
  if (!isSystemActor(actor)) assertReady(actor);
  if (!canSee(actor, agencyId, tree)) throw notFound(what);
  if (isSystemActor(actor)) return;
  if (!grantsCover(actor.grants, roles, agencyId, tree)) throw forbidden();
}

/** Like requireRole, for the agency and every agency below it. */
export function requireRoleOnSubtree(
  actor: Actor,
  roles: readonly Role[],
  agencyId: string,
  tree: AgencyTree,
): void {
  requireRole(actor, roles, agencyId, tree);
  if (isSystemActor(actor)) return;
  for (const id of subtreeIds(tree, agencyId)) {
    if (!grantsCover(actor.grants, roles, id, tree)) {
      throw forbidden('您没有管理该机构全部下级机构的权限');
    }
  }
}

/** The audit details of an actor's write: the system actor is named. */
export function actorDetails(actor: Actor, details: Record<string, unknown> = {}): Record<string, unknown> {
  return isSystemActor(actor) ? { ...details, system: actor.system } : details;
}

export function actorUserId(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.user.id;
}

/** Nobody changes their own account or roles through admin use cases: an admin cannot make
 * himself auditor, widen his own reach, or reset his own password. */
export function assertNotSelf(actor: Actor, userId: string): void {
  if (!isSystemActor(actor) && actor.user.id === userId) {
    throw new DomainError('access.separation_of_duties', '不能变更自己的账户或角色，请由其他管理员办理');
  }
}

/**
 * Taking over an account (resetting its password or TOTP, disabling it) needs admin rights over
 * everything the account can reach, not only over its home agency: otherwise a town admin could
 * reset a region-wide admin or an auditor who lives in the town and act as them.
 */
export async function requireAdminOverAccount(
  db: Kysely<DB>,
  actor: Actor,
  user: { id: string; agency_id: string },
  tree: AgencyTree,
): Promise<void> {
  requireRole(actor, ['admin'], user.agency_id, tree, '用户');
  if (isSystemActor(actor)) return;
  for (const grant of await findGrantsOfUsers(db, [user.id])) {
    try {
      if (grant.includeSubtree) requireRoleOnSubtree(actor, ['admin'], grant.agencyId, tree);
      else requireRole(actor, ['admin'], grant.agencyId, tree);
    } catch {
      throw forbidden('该用户在您的管辖范围以外还有权限，只能由上级机构的系统管理员处理');
    }
  }
}

/**
 * The account an admin is about to reset or disable: it exists, the actor has admin rights over
 * everything it reaches, and it is not the actor's own.
 */
export async function loadAccountToManage(db: Kysely<DB>, actor: Actor, userId: string) {
  const tree = await loadAgencyTree(db);
  const row = await findUserRow(db, userId);
  if (!row) throw notFound('用户');
  await requireAdminOverAccount(db, actor, row, tree);
  assertNotSelf(actor, row.id);
  return row;
}
