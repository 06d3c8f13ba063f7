// Agencies as the public portal shows them: no sign-in, only public fields.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findAgency, findAllAgencies } from './agency.repository.ts';
import { type PublicAgency, toPublicAgency } from './agency.ts';
import { buildAgencyTree, treeOrder } from './permissions.ts';

export async function getPublicAgency(db: Kysely<DB>, id: string): Promise<PublicAgency | null> {
  const agency = await findAgency(db, id);
  return agency ? toPublicAgency(agency) : null;
}

/** Every agency, in tree order, with its depth. */
export async function listPublicAgencies(db: Kysely<DB>): Promise<(PublicAgency & { depth: number })[]> {
  const agencies = await findAllAgencies(db);
  const byId = new Map(agencies.map((a) => [a.id, a]));
  return treeOrder(buildAgencyTree(agencies)).map(({ id, depth }) => ({
    ...toPublicAgency(byId.get(id)!),
    depth,
  }));
}
