// The clerk withdraws an item the agency no longer offers (撤回), or restores it. The content and its
// versions stay as they were; a restored item must still have an open window. Audited.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { findItem, findWindows, setItemWithdrawn } from './service-catalogue.repository.ts';
import {
  invalid,
  itemOfRow,
  loadItemFor,
  SERVICE_EDITOR_ROLES,
  type StoredServiceItem,
  userIdOf,
  windowOfRow,
  windowsById,
} from './service-catalogue-shell.ts';
import { resolveWindow } from './service-window-rules.ts';

export interface WithdrawItemInput {
  agencyId: string;
  itemId: string;
  /** true withdraws the item, false restores it. */
  withdrawn: boolean;
}

export async function setItemWithdrawnState(
  ctx: UseCaseContext,
  actor: Actor,
  input: WithdrawItemInput,
): Promise<StoredServiceItem> {
  const current = await loadItemFor(ctx, actor, input.agencyId, input.itemId, SERVICE_EDITOR_ROLES);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = (await findItem(trx, current.id))!;
    if ((row.withdrawn_at !== null) === input.withdrawn) return;
    if (!input.withdrawn) {
      const windows = (await findWindows(trx, input.agencyId)).map(windowOfRow);
      const window = windows.find((w) => w.id === row.window_id);
      const resolved = window ? resolveWindow(windows, window.name) : resolveWindow(windows, current.window);
      if ('problem' in resolved) throw invalid([`事项未恢复：${resolved.problem}。请先修改该事项的办理窗口`]);
    }
    await setItemWithdrawn(trx, current.id, {
      withdrawn_at: input.withdrawn ? now : null,
      updated_by: userIdOf(actor),
      updated_at: now,
    });
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: input.agencyId,
        action: input.withdrawn ? 'service.item.withdraw' : 'service.item.restore',
        objectType: 'service_item',
        objectId: current.id,
        result: 'ok',
        details: { name: row.name, version: Number(row.version) },
      },
      now,
    );
  });
  return itemOfRow((await findItem(ctx.db, current.id))!, await windowsById(ctx.db, input.agencyId));
}
