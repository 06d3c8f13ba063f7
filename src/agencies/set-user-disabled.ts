// An admin disables a staff account (its sessions end at once) or enables it again.
import { appendAudit } from '../audit/index.ts';
import { actorDetails, actorUserId, loadAccountToManage } from './access.ts';
import type { Actor, UseCaseContext, User } from './principal.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { toUser, updateUserRow } from './user.repository.ts';

export interface SetUserDisabledInput {
  userId: string;
  disabled: boolean;
}

export async function setUserDisabled(
  ctx: UseCaseContext,
  actor: Actor,
  input: SetUserDisabledInput,
): Promise<User> {
  const row = await loadAccountToManage(ctx.db, actor, input.userId);
  const disabled = input.disabled ? 1 : 0;
  if (row.disabled === disabled) return toUser(row);

  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, { disabled, updated_at: at });
    const ended = disabled ? await deleteSessionsOfUser(trx, row.id) : 0;
    await appendAudit(
      trx,
      {
        userId: actorUserId(actor),
        agencyId: row.agency_id,
        action: disabled ? 'user.disable' : 'user.enable',
        objectType: 'user',
        objectId: row.id,
        result: 'ok',
        details: actorDetails(actor, disabled ? { sessionsEnded: ended } : {}),
      },
      at,
    );
  });
  return toUser({ ...row, disabled, updated_at: at });
}
