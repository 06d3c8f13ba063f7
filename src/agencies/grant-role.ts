// An admin grants a role on an agency (and, when include_subtree, on everything below it).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/index.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  actorDetails,
  actorUserId,
  assertNotSelf,
  loadAgencyTree,
  notFound,
  requireRole,
  requireRoleOnSubtree,
} from './access.ts';
import type { Actor, RoleGrant, UseCaseContext } from './principal.ts';
import { conflictingRole, isRole, ROLES, type Role } from './roles.ts';
import { findGrantsOfUsers, findUserRow, insertGrant } from './user.repository.ts';

export interface GrantRoleInput {
  userId: string;
  agencyId: string;
  role: Role;
  includeSubtree?: boolean;
}

/** Inserts the grant and its audit record inside the caller's transaction, after the checks. */
export async function insertGrantAudited(
  trx: Kysely<DB>,
  actor: Actor,
  grant: RoleGrant,
  held: readonly RoleGrant[],
): Promise<void> {
  if (!isRole(grant.role)) throw new DomainError('input.invalid', '角色无效', { role: grant.role });
  if (held.some((g) => g.agencyId === grant.agencyId && g.role === grant.role)) {
    throw new DomainError('conflict.exists', `该用户在此机构已有“${ROLES[grant.role].label}”角色`);
  }
  const conflict = conflictingRole(
    grant.role,
    held.map((g) => g.role),
  );
  if (conflict) {
    throw new DomainError(
      'access.separation_of_duties',
      `同一人不能同时担任“${ROLES[grant.role].label}”和“${ROLES[conflict].label}”`,
      { role: grant.role, conflictsWith: conflict },
    );
  }
  await insertGrant(trx, {
    id: grant.id,
    user_id: grant.userId,
    agency_id: grant.agencyId,
    role: grant.role,
    include_subtree: grant.includeSubtree ? 1 : 0,
    created_at: grant.createdAt,
  });
  await appendAudit(
    trx,
    {
      userId: actorUserId(actor),
      agencyId: grant.agencyId,
      action: 'role.grant',
      objectType: 'user',
      objectId: grant.userId,
      result: 'ok',
      details: actorDetails(actor, {
        grantId: grant.id,
        role: grant.role,
        includeSubtree: grant.includeSubtree,
      }),
    },
    grant.createdAt,
  );
}

export async function grantRole(
  ctx: UseCaseContext,
  actor: Actor,
  input: GrantRoleInput,
): Promise<RoleGrant> {
  if (!isRole(input.role)) throw new DomainError('input.invalid', '角色无效', { role: input.role });
  const tree = await loadAgencyTree(ctx.db);
  const target = await findUserRow(ctx.db, input.userId);
  // The admin must manage the user as well as the agency the role is granted on.
  if (!target) throw notFound('用户');
  requireRole(actor, ['admin'], target.agency_id, tree, '用户');
  if (input.includeSubtree) requireRoleOnSubtree(actor, ['admin'], input.agencyId, tree);
  else requireRole(actor, ['admin'], input.agencyId, tree, '机构');
  assertNotSelf(actor, input.userId);

  const grant: RoleGrant = {
    id: randomUUID(),
    userId: input.userId,
    agencyId: input.agencyId,
    role: input.role,
    includeSubtree: input.includeSubtree === true,
    createdAt: ctx.now().toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    const held = await findGrantsOfUsers(trx, [input.userId]);
    await insertGrantAudited(trx, actor, grant, held);
  });
  return grant;
}
