// Counting failed attempts (password or TOTP) in the users row, so that every server process
// shares the count and the lock.
import { appendAudit } from '../audit/index.ts';
import { afterFailedAttempt, isLocked } from './auth-rules.ts';
import type { UseCaseContext } from './principal.ts';
import { deleteSession } from './session.repository.ts';
import { findUserRowForUpdate, updateUserRow } from './user.repository.ts';

export interface FailedAttempt {
  userId: string;
  /** `auth.login`, `auth.second_factor`, `auth.password_change` */
  action: string;
  details?: Record<string, unknown>;
  /** A pending session to end if this attempt locks the account. */
  sessionId?: string;
}

/**
 * Records the failure (and audits it); returns the end of the lock when the account is locked
 * after this attempt (locked by it, or by a concurrent one), else null.
 */
export async function recordFailedAttempt(
  ctx: UseCaseContext,
  attempt: FailedAttempt,
): Promise<string | null> {
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findUserRowForUpdate(trx, attempt.userId);
    if (!row) return null;
    const next = afterFailedAttempt(
      { failedLogins: row.failed_logins, lockedUntil: row.locked_until },
      now,
      ctx.config,
    );
    await updateUserRow(trx, row.id, { failed_logins: next.failedLogins, locked_until: next.lockedUntil });
    // The session's row before the audit log's lock, as logout takes them: in the other order a
    // logout of this session at the same moment and this attempt would wait for each other.
    if (next.justLocked && attempt.sessionId !== undefined) await deleteSession(trx, attempt.sessionId);
    await appendAudit(
      trx,
      {
        userId: row.id,
        agencyId: row.agency_id,
        action: attempt.action,
        objectType: 'user',
        objectId: row.id,
        result: 'failed',
        details: {
          ...attempt.details,
          failedAttempts: next.justLocked ? ctx.config.lockoutThreshold : next.failedLogins,
        },
      },
      at,
    );
    if (!next.justLocked) return isLocked(next, now) ? next.lockedUntil : null;
    await appendAudit(
      trx,
      {
        userId: row.id,
        agencyId: row.agency_id,
        action: 'auth.lock',
        objectType: 'user',
        objectId: row.id,
        result: 'ok',
        details: { lockedUntil: next.lockedUntil, minutes: ctx.config.lockoutMinutes },
      },
      at,
    );
    return next.lockedUntil;
  });
}
