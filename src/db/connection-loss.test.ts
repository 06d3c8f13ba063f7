// PostgreSQL: a connection ended by the server while the application holds it (inside a
// transaction, between two statements) must fail that transaction, not the process. Without a
// listener on the checked-out client, pg emits an unhandled 'error' and the server exits: found by
// the crash harness (test/reliability) when the postmaster was killed under load.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, skipUnless } from './testing.ts';

describe('a PostgreSQL connection lost while held', { skip: await skipUnless('postgres') }, () => {
  it('fails the transaction, keeps the process, and the next query gets a new connection', async () => {
    const database = await createTestDatabase('postgres');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const failed = await database.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          // Another connection ends this one while the transaction holds it, between statements.
          const other = await sql<{
            ok: boolean;
          }>`select pg_terminate_backend(${rows[0]!.pid}) as ok`.execute(database.db);
          assert.equal(other.rows[0]!.ok, true);
          // The server's FATAL message arrives while no statement runs on the connection.
          await new Promise((resolve) => setTimeout(resolve, 300));
          await sql`select 1`.execute(trx);
        })
        .then(
          () => false,
          () => true,
        );
      assert.equal(failed, true, 'the transaction on the lost connection fails');
      assert.deepEqual(uncaught, [], 'no error escaped to the process');
      const { rows } = await sql<{ n: number }>`select 1 as n`.execute(database.db);
      assert.equal(rows[0]!.n, 1);
    } finally {
      process.off('uncaughtException', onUncaught);
      await database.drop();
    }
  });
});
