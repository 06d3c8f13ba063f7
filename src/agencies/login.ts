// Staff login with username and password. Unknown usernames and wrong passwords fail alike and
// take about as long (a dummy hash is verified); failures count towards a lock kept in the users
// row (for unknown names, in unknown_login_attempts, so that the lock reveals nothing); a locked
// account is refused without saying whether the password was right.
import { appendAudit } from '../audit/index.ts';
import { invalidCredentials, isLocked, lockedError, sessionExpiresAt } from './auth-rules.ts';
import { recordFailedAttempt } from './lockout.ts';
import {
  hashPassword,
  needsRehash,
  PRODUCTION_HASHING,
  verifyAgainstDummy,
  verifyPassword,
} from './passwords.ts';
import type { UseCaseContext, User } from './principal.ts';
import { insertSession } from './session.repository.ts';
import { agencyEnforcesTotp, newSessionToken } from './sessions.ts';
import { recordUnknownNameFailure } from './unknown-logins.ts';
import { findUserRowByUsername, findUserRowForUpdate, toUser, updateUserRow } from './user.repository.ts';
import { normalizeUsername } from './user-rules.ts';

export interface LoginInput {
  username: string;
  password: string;
  /** Recorded in the audit log with the attempt. */
  clientIp?: string;
}

export interface LoginResult {
  /** The cookie value; only its SHA-256 is stored. */
  token: string;
  user: User;
  /** The session is not usable until verifySecondFactor succeeds. */
  needsSecondFactor: boolean;
  mustChangePassword: boolean;
  /** The agency enforces TOTP and the user has not enrolled: enrolTotp comes first. */
  needsTotpEnrolment: boolean;
}

export async function login(ctx: UseCaseContext, input: LoginInput): Promise<LoginResult> {
  const hashing = ctx.passwordHashing ?? PRODUCTION_HASHING;
  const username = normalizeUsername(String(input.username ?? ''));
  const password = String(input.password ?? '');
  const client = input.clientIp ? { clientIp: input.clientIp } : {};
  const row = username === '' ? undefined : await findUserRowByUsername(ctx.db, username);

  if (!row) {
    await verifyAgainstDummy(password, hashing);
    // The attempted name is not recorded: people type their password into the username field.
    await ctx.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        {
          userId: null,
          agencyId: null,
          action: 'auth.login',
          result: 'failed',
          details: { reason: 'unknown_user', ...client },
        },
        ctx.now().toISOString(),
      ),
    );
    const lockedUntil = username === '' ? null : await recordUnknownNameFailure(ctx, username);
    if (lockedUntil) throw lockedError(lockedUntil);
    throw invalidCredentials();
  }

  // Always verified, so that every refusal below takes the same time.
  const passwordOk = await verifyPassword(row.password_hash, password);
  const now = ctx.now();
  const refuse = async (result: 'failed' | 'denied', reason: string) => {
    await ctx.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        {
          userId: row.id,
          agencyId: row.agency_id,
          action: 'auth.login',
          objectType: 'user',
          objectId: row.id,
          result,
          details: { reason, ...client },
        },
        now.toISOString(),
      ),
    );
  };

  const lock = { failedLogins: row.failed_logins, lockedUntil: row.locked_until };
  if (isLocked(lock, now)) {
    await refuse('denied', 'locked');
    throw lockedError(row.locked_until!);
  }
  if (row.disabled === 1) {
    await refuse('denied', 'disabled');
    throw invalidCredentials();
  }
  if (!passwordOk) {
    const lockedUntil = await recordFailedAttempt(ctx, {
      userId: row.id,
      action: 'auth.login',
      details: { reason: 'wrong_password', ...client },
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw invalidCredentials();
  }

  const rehash = needsRehash(row.password_hash, hashing) ? await hashPassword(password, hashing) : null;
  const enforceTotp = row.totp_enabled === 1 ? false : await agencyEnforcesTotp(ctx.db, row.agency_id);
  const { token, id } = newSessionToken();
  const at = now.toISOString();
  const user = await ctx.db.transaction().execute(async (trx) => {
    const current = await findUserRowForUpdate(trx, row.id);
    if (!current || current.disabled === 1) throw invalidCredentials();
    // The password was verified against the row read before; a reset or change since then wins.
    if (current.password_hash !== row.password_hash) throw invalidCredentials();
    if (isLocked({ failedLogins: current.failed_logins, lockedUntil: current.locked_until }, now)) {
      throw lockedError(current.locked_until!);
    }
    const secondFactor = current.totp_enabled === 1;
    const fields = {
      // With a second factor, the sign-in succeeds only with the code (verify-second-factor.ts
      // resets the count then): reset here, wrong codes between new logins would never lock.
      ...(secondFactor ? {} : { failed_logins: 0, locked_until: null }),
      ...(rehash ? { password_hash: rehash, updated_at: at } : {}),
    };
    if (Object.keys(fields).length > 0) await updateUserRow(trx, row.id, fields);
    await insertSession(trx, {
      id,
      user_id: row.id,
      created_at: at,
      last_seen_at: at,
      expires_at: sessionExpiresAt(now, ctx.config),
      second_factor_ok: secondFactor ? 0 : 1,
    });
    await appendAudit(
      trx,
      {
        userId: row.id,
        agencyId: row.agency_id,
        action: 'auth.login',
        objectType: 'user',
        objectId: row.id,
        result: 'ok',
        details: { secondFactor: secondFactor ? 'pending' : 'none', ...client },
      },
      at,
    );
    return toUser({ ...current, ...fields });
  });
  return {
    token,
    user,
    needsSecondFactor: user.totpEnabled,
    mustChangePassword: user.mustChangePassword,
    needsTotpEnrolment: enforceTotp,
  };
}
