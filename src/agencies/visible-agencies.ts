// The agencies an actor may work on: for other features' queries (`where agency_id in …`).
import { loadAgencyTree } from './access.ts';
import { coveredAgencyIds, isReady } from './permissions.ts';
import { type Actor, isSystemActor, type UseCaseContext } from './principal.ts';
import type { Role } from './roles.ts';

/**
 * The ids of the agencies covered by the actor's grants of `roles` (any role when absent),
 * including subtrees of include_subtree grants. Empty for a principal that is not completely
 * signed in; every agency for the system actor.
 */
export async function visibleAgencyIds(
  ctx: UseCaseContext,
  actor: Actor,
  roles?: readonly Role[],
): Promise<Set<string>> {
  const tree = await loadAgencyTree(ctx.db);
  if (isSystemActor(actor)) return new Set(tree.nodes.keys());
  if (!isReady(actor)) return new Set();
  return coveredAgencyIds(actor.grants, tree, roles);
}
