// The principal behind a session cookie, or null. Enforces the idle timeout and the absolute
// lifetime; records activity at most once a minute.
import { shouldTouch } from './auth-rules.ts';
import type { Principal, UseCaseContext } from './principal.ts';
import { touchSession } from './session.repository.ts';
import { buildPrincipal, findLiveSession } from './sessions.ts';

/**
 * A principal whose second factor is still pending (secondFactorOk false), whose initial password
 * must be changed or whose TOTP enrolment is required is returned too, so that the edge can show
 * the right page; use cases refuse it (assertReady) and hasRole is false for it.
 */
export async function resolveSession(ctx: UseCaseContext, token: string): Promise<Principal | null> {
  const live = await findLiveSession(ctx, token);
  if (!live) return null;
  const now = ctx.now();
  let session = live.session;
  if (shouldTouch({ lastSeenAt: session.last_seen_at, expiresAt: session.expires_at }, now)) {
    // Bookkeeping of the session itself, not a user's write: not audited.
    await touchSession(ctx.db, session.id, now.toISOString());
    session = { ...session, last_seen_at: now.toISOString() };
  }
  return buildPrincipal(ctx.db, session, live.user);
}
