// Serialising one kind of write across processes on PostgreSQL: a transaction-scoped advisory
// lock, released at commit or rollback. On SQLite nothing is needed: a process has one connection
// and its write transactions run one at a time.
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { DB } from './schema.ts';

/** Key space of these locks (pg_advisory_xact_lock(int, int)), apart from the one-key locks of the audit log and the scheduler. */
const NAMESPACE = 0x676b; // "gk"

/** A stable 32-bit key for a name (FNV-1a), for pg advisory locks here and in the scheduler. */
export function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * Inside a transaction: waits until no other transaction holds the lock `name`, then holds it until
 * this one ends. For numbers given in sequence (read the highest, write the next), which otherwise
 * collide under concurrent writers and must be retried once per writer.
 */
export async function lockUntilCommit(trx: Kysely<DB>, name: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${NAMESPACE}, ${lockKey(name)})`.execute(trx);
}

/**
 * Like lockUntilCommit, but shared: any number of transactions hold it together, while one that
 * takes it with lockUntilCommit waits for them all and keeps them waiting until it commits.
 */
export async function lockSharedUntilCommit(trx: Kysely<DB>, name: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock_shared(${NAMESPACE}, ${lockKey(name)})`.execute(trx);
}
