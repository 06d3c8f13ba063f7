// Failed logins for usernames that do not exist go through the same lockout as real accounts:
// otherwise the 423 after five failures would tell an attacker which usernames exist.
import { createHmac } from 'node:crypto';
import { type Kysely, PostgresAdapter } from 'kysely';
import { installSecret } from '../db/install-secrets.ts';
import type { DB } from '../db/schema.ts';
import { afterFailedAttempt, isLocked } from './auth-rules.ts';
import type { UseCaseContext } from './principal.ts';

const SECRET_NAME = 'login-names';

/** The typed name is never stored: people type passwords into the username field. */
async function nameKey(db: Kysely<DB>, username: string): Promise<string> {
  return createHmac('sha256', await installSecret(db, SECRET_NAME))
    .update(username)
    .digest('base64url');
}

/** Counts a failed login for an unknown name; returns the end of its lock when it is (now) locked. */
export async function recordUnknownNameFailure(
  ctx: UseCaseContext,
  username: string,
): Promise<string | null> {
  const key = await nameKey(ctx.db, username);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('unknown_login_attempts').selectAll().where('key', '=', key);
    if (trx.getExecutor().adapter instanceof PostgresAdapter) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    const state = { failedLogins: row?.failed_logins ?? 0, lockedUntil: row?.locked_until ?? null };
    if (isLocked(state, now)) return state.lockedUntil;
    const next = afterFailedAttempt(state, now, ctx.config);
    const values = {
      failed_logins: next.failedLogins,
      locked_until: next.lockedUntil,
      updated_at: now.toISOString(),
    };
    await trx
      .insertInto('unknown_login_attempts')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
    return next.justLocked ? next.lockedUntil : null;
  });
}
