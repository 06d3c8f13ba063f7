// What decides whether a stored portal page of an item is still the page to show: every change of
// an item is a recorded step (event_count), a withdrawal sets withdrawn_at, and a version scheduled
// for later becomes public at its time without any write — so the next such time is part of it.
// One indexed query, cheaper than reading and rendering the item (bench/portal-item.bench.ts).
import type { UseCaseContext } from '../agencies/index.ts';

/** The item's stamp, or null when the agency has no such item (whatever its phase). */
export async function publicItemStamp(
  ctx: UseCaseContext,
  input: { agencyId: string; itemId: string },
): Promise<string | null> {
  const iso = ctx.now().toISOString();
  const row = await ctx.db
    .selectFrom('disclosure_items as i')
    .select((eb) => [
      'i.event_count',
      'i.withdrawn_at',
      eb
        .selectFrom('disclosure_versions as v')
        .select((e) => e.fn.min('v.published_at').as('next_at'))
        .whereRef('v.item_id', '=', 'i.id')
        .where('v.published_at', '>', iso)
        .as('next_at'),
    ])
    .where('i.id', '=', input.itemId)
    .where('i.agency_id', '=', input.agencyId)
    .executeTakeFirst();
  if (!row) return null;
  return `${row.event_count}|${row.withdrawn_at ?? ''}|${row.next_at ?? ''}`;
}
