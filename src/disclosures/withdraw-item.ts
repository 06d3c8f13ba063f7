// The approver withdraws a published (or scheduled) item with a reason: it leaves the portal at
// once (public reads exclude withdrawn items) and the search index in the same transaction. The
// 索引号 and every version stay on record.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { loadItemFor, recordStep, userIdOf } from './item-shell.ts';
import { APPROVER_ROLES } from './review-steps.ts';
import { unindexItem } from './search-entry.ts';

export async function withdraw(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  input: { reason: string; expectedEventCount?: number },
): Promise<void> {
  await loadItemFor(ctx, actor, itemId, APPROVER_ROLES);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await recordStep(trx, itemId, {
      actor,
      event: { type: 'withdrawn', at: now.toISOString(), by: userIdOf(actor), reason: input.reason ?? '' },
      now,
      ...(input.expectedEventCount !== undefined ? { expectedEventCount: input.expectedEventCount } : {}),
    });
    await unindexItem(trx, itemId);
  });
}
