// The second step of a login with TOTP: the code from the authenticator app completes the
// session. Wrong codes count towards the same lock as wrong passwords; a code is accepted once.
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { isLocked, lockedError, sessionRequired } from './auth-rules.ts';
import { recordFailedAttempt } from './lockout.ts';
import type { Principal, UseCaseContext } from './principal.ts';
import { deleteSession, markSecondFactorOk } from './session.repository.ts';
import { buildPrincipal, findLiveSession } from './sessions.ts';
import { matchTotp } from './totp.ts';
import { findUserRowForUpdate, updateUserRow } from './user.repository.ts';

export async function verifySecondFactor(
  ctx: UseCaseContext,
  token: string,
  code: string,
): Promise<Principal> {
  const live = await findLiveSession(ctx, token);
  if (!live) throw sessionRequired();
  const { session, user } = live;
  if (session.second_factor_ok === 1) return buildPrincipal(ctx.db, session, user);
  const now = ctx.now();
  const at = now.toISOString();
  if (user.totp_enabled !== 1 || user.totp_secret === null) {
    throw new DomainError('conflict.state', '该账户未启用动态验证码');
  }
  if (isLocked({ failedLogins: user.failed_logins, lockedUntil: user.locked_until }, now)) {
    await deleteSession(ctx.db, session.id);
    throw lockedError(user.locked_until!);
  }

  const step = matchTotp(user.totp_secret, String(code ?? ''), now, user.totp_last_step);
  const accepted =
    step !== null &&
    (await ctx.db.transaction().execute(async (trx) => {
      // Re-read under the row lock: two processes must not both accept the same code.
      const current = await findUserRowForUpdate(trx, user.id);
      if (!current || (current.totp_last_step !== null && step <= current.totp_last_step)) return false;
      await updateUserRow(trx, user.id, { totp_last_step: step, failed_logins: 0, locked_until: null });
      await markSecondFactorOk(trx, session.id, at);
      await appendAudit(
        trx,
        {
          userId: user.id,
          agencyId: user.agency_id,
          action: 'auth.second_factor',
          objectType: 'user',
          objectId: user.id,
          result: 'ok',
          details: {},
        },
        at,
      );
      return true;
    }));
  if (!accepted) {
    const lockedUntil = await recordFailedAttempt(ctx, {
      userId: user.id,
      action: 'auth.second_factor',
      details: { reason: 'wrong_code' },
      sessionId: session.id,
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new DomainError('auth.second_factor_invalid', '动态验证码错误或已使用，请输入验证器中的最新验证码');
  }
  return buildPrincipal(
    ctx.db,
    { ...session, second_factor_ok: 1, last_seen_at: at },
    { ...user, totp_last_step: step, failed_logins: 0, locked_until: null },
  );
}
