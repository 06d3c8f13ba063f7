// An admin gives a user a new random password (which must be changed at the next login), which
// also lifts a lock and ends the user's sessions; optionally removes a lost TOTP authenticator.
import { appendAudit } from '../audit/index.ts';
import { actorDetails, actorUserId, loadAccountToManage } from './access.ts';
import { isLocked } from './auth-rules.ts';
import { DEFAULT_PASSWORD_POLICY } from './password-policy.ts';
import { generatePassword, hashPassword, PRODUCTION_HASHING } from './passwords.ts';
import type { Actor, UseCaseContext } from './principal.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { updateUserRow } from './user.repository.ts';

export interface ResetPasswordInput {
  userId: string;
  /** Also remove the user's TOTP authenticator (lost phone); the user enrols again. */
  resetTotp?: boolean;
}

/** Returns the new password, to be handed to the user; it is not stored or logged anywhere. */
export async function resetPassword(
  ctx: UseCaseContext,
  actor: Actor,
  input: ResetPasswordInput,
): Promise<string> {
  const row = await loadAccountToManage(ctx.db, actor, input.userId);

  const password = generatePassword(16, row.username, ctx.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);
  const passwordHash = await hashPassword(password, ctx.passwordHashing ?? PRODUCTION_HASHING);
  const now = ctx.now();
  const at = now.toISOString();
  const resetTotp = input.resetTotp === true;
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, {
      password_hash: passwordHash,
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      updated_at: at,
      ...(resetTotp ? { totp_secret: null, totp_enabled: 0, totp_last_step: null } : {}),
    });
    const ended = await deleteSessionsOfUser(trx, row.id);
    await appendAudit(
      trx,
      {
        userId: actorUserId(actor),
        agencyId: row.agency_id,
        action: 'user.password_reset',
        objectType: 'user',
        objectId: row.id,
        result: 'ok',
        details: actorDetails(actor, {
          resetTotp,
          unlocked: isLocked({ failedLogins: row.failed_logins, lockedUntil: row.locked_until }, now),
          sessionsEnded: ended,
        }),
      },
      at,
    );
  });
  return password;
}
