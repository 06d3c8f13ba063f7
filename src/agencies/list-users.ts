// Reading staff accounts: an admin of the agency lists and reads its users; everyone reads
// their own account.
import { loadAgencyTree, notFound, requireRole } from './access.ts';
import { assertReady } from './permissions.ts';
import { type Actor, isSystemActor, type RoleGrant, type UseCaseContext, type User } from './principal.ts';
import { findGrantsOfUsers, findUserRow, findUserRowsByAgency, toUser } from './user.repository.ts';

export interface UserWithGrants extends User {
  grants: RoleGrant[];
}

export async function listUsers(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<UserWithGrants[]> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, ['admin'], agencyId, tree, '机构');
  const rows = await findUserRowsByAgency(ctx.db, agencyId);
  const grants = await findGrantsOfUsers(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...toUser(row), grants: grants.filter((g) => g.userId === row.id) }));
}

export async function getUser(ctx: UseCaseContext, actor: Actor, userId: string): Promise<UserWithGrants> {
  if (!isSystemActor(actor)) assertReady(actor);
  const row = await findUserRow(ctx.db, userId);
  if (!row) throw notFound('用户');
  if (isSystemActor(actor) || actor.user.id !== row.id) {
    requireRole(actor, ['admin'], row.agency_id, await loadAgencyTree(ctx.db), '用户');
  }
  return { ...toUser(row), grants: await findGrantsOfUsers(ctx.db, [row.id]) };
}
