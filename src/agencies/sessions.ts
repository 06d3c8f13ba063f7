// Session tokens and the live session behind a token (shared by resolve-session, verify-second-
// factor and logout). The cookie carries 32 random bytes; the database keeps only their SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/index.ts';
import type { DB } from '../db/schema.ts';
import { findSettings } from './agency.repository.ts';
import { parseSettings } from './agency.ts';
import { sessionState } from './auth-rules.ts';
import type { Principal, UseCaseContext } from './principal.ts';
import { deleteSession, findSession, type SessionRow } from './session.repository.ts';
import { findGrantsOfUsers, findUserRow, toUser, type UserRow } from './user.repository.ts';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token)! };
}

/** sessions.id for a cookie token; null for anything that is not a token. */
export function sessionIdOf(token: string): string | null {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  return createHash('sha256').update(token).digest('hex');
}

export async function agencyEnforcesTotp(db: Kysely<DB>, agencyId: string): Promise<boolean> {
  const settings = await findSettings(db, agencyId);
  return settings !== undefined && parseSettings(settings).enforceTotp === true;
}

/**
 * The session and its user when the token names a session that is neither expired nor idle and
 * whose user is not disabled. An expired session is deleted (and the expiry audited).
 */
export async function findLiveSession(
  ctx: UseCaseContext,
  token: string,
): Promise<{ session: SessionRow; user: UserRow } | null> {
  const id = sessionIdOf(token);
  if (id === null) return null;
  const session = await findSession(ctx.db, id);
  if (!session) return null;
  const now = ctx.now();
  const state = sessionState(
    { lastSeenAt: session.last_seen_at, expiresAt: session.expires_at },
    now,
    ctx.config,
  );
  const user = await findUserRow(ctx.db, session.user_id);
  if (state !== 'active' || !user || user.disabled === 1) {
    await ctx.db.transaction().execute(async (trx) => {
      if ((await deleteSession(trx, id)) === 0) return;
      await appendAudit(
        trx,
        {
          userId: session.user_id,
          agencyId: user?.agency_id ?? null,
          action: 'auth.session_end',
          objectType: 'session',
          result: 'ok',
          details: { reason: state === 'active' ? 'user_disabled' : state },
        },
        now.toISOString(),
      );
    });
    return null;
  }
  return { session, user };
}

export async function buildPrincipal(db: Kysely<DB>, session: SessionRow, user: UserRow): Promise<Principal> {
  const grants = await findGrantsOfUsers(db, [user.id]);
  const enforce = user.totp_enabled === 1 ? false : await agencyEnforcesTotp(db, user.agency_id);
  return {
    user: toUser(user),
    grants,
    sessionId: session.id,
    secondFactorOk: session.second_factor_ok === 1,
    needsTotpEnrolment: enforce,
  };
}
