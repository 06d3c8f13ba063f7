// A user changes their own password (required after the first login and after a reset). The
// other sessions of the user end; the current one stays.
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { invalidCredentials, isLocked, lockedError, sessionRequired } from './auth-rules.ts';
import { recordFailedAttempt } from './lockout.ts';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY } from './password-policy.ts';
import { hashPassword, PRODUCTION_HASHING, verifyPassword } from './passwords.ts';
import type { Principal, UseCaseContext, User } from './principal.ts';
import { deleteSessionsOfUser } from './session.repository.ts';
import { findUserRow, toUser, updateUserRow } from './user.repository.ts';

export interface ChangePasswordInput {
  current: string;
  next: string;
}

export async function changePassword(
  ctx: UseCaseContext,
  principal: Principal,
  input: ChangePasswordInput,
): Promise<User> {
  if (!principal.secondFactorOk) {
    throw new DomainError('auth.second_factor_required', '请输入动态验证码完成登录');
  }
  const row = await findUserRow(ctx.db, principal.user.id);
  if (!row || row.disabled === 1) throw sessionRequired();
  const now = ctx.now();
  if (isLocked({ failedLogins: row.failed_logins, lockedUntil: row.locked_until }, now)) {
    throw lockedError(row.locked_until!);
  }
  const current = String(input.current ?? '');
  const next = String(input.next ?? '');
  if (!(await verifyPassword(row.password_hash, current))) {
    const lockedUntil = await recordFailedAttempt(ctx, {
      userId: row.id,
      action: 'auth.password_change',
      details: { reason: 'wrong_password' },
      sessionId: principal.sessionId,
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw invalidCredentials();
  }
  const problems = checkPasswordPolicy(next, row.username, ctx.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);
  if (next === current) problems.push('新密码不能与当前密码相同');
  if (problems.length > 0) throw new DomainError('auth.password_policy', problems.join('；'), { problems });

  const passwordHash = await hashPassword(next, ctx.passwordHashing ?? PRODUCTION_HASHING);
  const at = now.toISOString();
  const fields = { password_hash: passwordHash, must_change_password: 0, failed_logins: 0, updated_at: at };
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, row.id, fields);
    const ended = await deleteSessionsOfUser(trx, row.id, principal.sessionId);
    await appendAudit(
      trx,
      {
        userId: row.id,
        agencyId: row.agency_id,
        action: 'auth.password_change',
        objectType: 'user',
        objectId: row.id,
        result: 'ok',
        details: { wasInitial: row.must_change_password === 1, otherSessionsEnded: ended },
      },
      at,
    );
  });
  return toUser({ ...row, ...fields });
}
