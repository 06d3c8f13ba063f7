// A user acting without a session, for the operator at the command line seeding demonstration data
// as the demo accounts (an approval must name a person: a system actor cannot approve). Never built
// from a web request: a disabled user or one without grants gets nothing. The first-login password
// change is a rule of signing in, which this is not; the user still changes it when signing in.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Principal } from './principal.ts';
import { findGrantsOfUsers, findUserRowByUsername, toUser } from './user.repository.ts';

export async function offlinePrincipal(db: Kysely<DB>, username: string): Promise<Principal | null> {
  const row = await findUserRowByUsername(db, username);
  if (!row || row.disabled === 1) return null;
  const grants = await findGrantsOfUsers(db, [row.id]);
  if (grants.length === 0) return null;
  return {
    user: { ...toUser(row), mustChangePassword: false },
    grants,
    sessionId: 'offline',
    secondFactorOk: true,
    needsTotpEnrolment: false,
  };
}
