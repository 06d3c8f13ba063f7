// The synchronous read path of public pages must never show what a transaction has not committed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { syncReaderOf } from './database.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from './testing.ts';

for (const engine of ENGINES) {
  describe(`sync reader on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database?.drop();
    });

    const countAgencies = () => sql<{ n: number }>`select count(*) as n from agencies`.compile(database.db);

    if (engine === 'postgres') {
      it('does not exist: every read goes through the pool', () => {
        assert.equal(syncReaderOf(database.db), undefined);
      });
      return;
    }

    it('reads committed rows at once, and declines inside a transaction', async () => {
      const read = syncReaderOf(database.db);
      assert.ok(read);
      assert.deepEqual(read(countAgencies()), [{ n: 0 }]);
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('agencies')
            .values({
              id: 'a1',
              parent_id: null,
              kind: 'town',
              name: '承留镇',
              credit_code: null,
              created_at: '2026-11-27T00:00:00Z',
            })
            .execute();
          // The raw handle would see the uncommitted row: the reader must leave it to Kysely.
          assert.equal(read(countAgencies()), undefined);
          assert.equal(syncReaderOf(trx), undefined, 'a transaction has no sync reader');
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.deepEqual(read(countAgencies()), [{ n: 0 }]);
    });
  });
}
