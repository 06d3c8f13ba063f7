// Ends the session of a cookie token. Unknown or expired tokens are ignored.
import { appendAudit } from '../audit/index.ts';
import type { UseCaseContext } from './principal.ts';
import { deleteSession, findSession } from './session.repository.ts';
import { sessionIdOf } from './sessions.ts';
import { findUserRow } from './user.repository.ts';

export async function logout(ctx: UseCaseContext, token: string): Promise<void> {
  const id = sessionIdOf(token);
  if (id === null) return;
  const session = await findSession(ctx.db, id);
  if (!session) return;
  const user = await findUserRow(ctx.db, session.user_id);
  await ctx.db.transaction().execute(async (trx) => {
    if ((await deleteSession(trx, id)) === 0) return;
    await appendAudit(
      trx,
      {
        userId: session.user_id,
        agencyId: user?.agency_id ?? null,
        action: 'auth.logout',
        objectType: 'session',
        result: 'ok',
        details: {},
      },
      ctx.now().toISOString(),
    );
  });
}
