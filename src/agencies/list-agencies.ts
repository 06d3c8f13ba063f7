// Reading agencies: the ones an actor can see, as a tree-ordered list, and one of them.
import { loadAgencyTree, notFound, requireRole } from './access.ts';
import { findAgencies, findAgency, findAllAgencies } from './agency.repository.ts';
import type { Agency } from './agency.ts';
import { assertReady, coveredAgencyIds, treeOrder } from './permissions.ts';
import { type Actor, isSystemActor, type UseCaseContext } from './principal.ts';
import { ROLE_IDS } from './roles.ts';

export interface AgencyListItem extends Agency {
  /** Depth among the listed agencies: 0 for an agency whose parent is not listed. */
  depth: number;
}

export async function listAgencies(ctx: UseCaseContext, actor: Actor): Promise<AgencyListItem[]> {
  const tree = await loadAgencyTree(ctx.db);
  let agencies: Agency[];
  let ids: Set<string> | undefined;
  if (isSystemActor(actor)) {
    agencies = await findAllAgencies(ctx.db);
  } else {
    assertReady(actor);
    ids = coveredAgencyIds(actor.grants, tree);
    agencies = await findAgencies(ctx.db, [...ids]);
  }
  const byId = new Map(agencies.map((a) => [a.id, a]));
  return treeOrder(tree, ids).flatMap(({ id, depth }) => {
    const agency = byId.get(id);
    return agency ? [{ ...agency, depth }] : [];
  });
}

/** Any role on the agency (or on an ancestor, with include_subtree) lets the actor read it. */
export async function getAgency(ctx: UseCaseContext, actor: Actor, id: string): Promise<Agency> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, ROLE_IDS, id, tree, '机构');
  const agency = await findAgency(ctx.db, id);
  if (!agency) throw notFound('机构');
  return agency;
}
