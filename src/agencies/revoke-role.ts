// An admin withdraws a role grant. Sessions load the grants on every request, so it takes effect
// at once.
import { appendAudit } from '../audit/index.ts';
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
import { deleteGrant, findGrant, findUserRow } from './user.repository.ts';

export interface RevokeRoleInput {
  grantId: string;
}

export async function revokeRole(
  ctx: UseCaseContext,
  actor: Actor,
  input: RevokeRoleInput,
): Promise<RoleGrant> {
  const tree = await loadAgencyTree(ctx.db);
  const grant = await findGrant(ctx.db, input.grantId);
  if (!grant) throw notFound('角色授权');
  const user = await findUserRow(ctx.db, grant.userId);
  if (!user) throw notFound('角色授权');
  requireRole(actor, ['admin'], user.agency_id, tree, '角色授权');
  if (grant.includeSubtree) requireRoleOnSubtree(actor, ['admin'], grant.agencyId, tree);
  else requireRole(actor, ['admin'], grant.agencyId, tree, '角色授权');
  assertNotSelf(actor, grant.userId);

  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await deleteGrant(trx, grant.id);
    await appendAudit(
      trx,
      {
        userId: actorUserId(actor),
        agencyId: grant.agencyId,
        action: 'role.revoke',
        objectType: 'user',
        objectId: grant.userId,
        result: 'ok',
        details: actorDetails(actor, {
          grantId: grant.id,
          role: grant.role,
          includeSubtree: grant.includeSubtree,
        }),
      },
      now,
    );
  });
  return grant;
}
