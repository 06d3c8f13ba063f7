// The synchronous read path of public pages must never show what a transaction has not committed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { changeCounterOf, openDatabase, syncReaderOf } from './database.ts';
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
        assert.equal(changeCounterOf(database.db), undefined);
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

    it('counts commits of this connection and of any other, not what a transaction rolls back', async () => {
      const counter = changeCounterOf(database.db);
      assert.ok(counter, 'a SQLite file has a change counter');
      const agency = (id: string) => ({
        id,
        parent_id: null,
        kind: 'town',
        name: id,
        credit_code: null,
        created_at: '2026-11-27T00:00:00Z',
      });
      const start = counter();
      assert.equal(counter(), start, 'unchanged without a commit');
      await database.db.insertInto('agencies').values(agency('c1')).execute();
      const afterOwn = counter();
      assert.notEqual(afterOwn, start, 'a commit through Kysely');
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await trx.insertInto('agencies').values(agency('c2')).execute();
          assert.equal(counter(), afterOwn, 'an uncommitted write is not seen');
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.equal(counter(), afterOwn, 'a rolled back transaction');
      const other = openDatabase(database.url);
      try {
        await other.db.insertInto('agencies').values(agency('c3')).execute();
      } finally {
        await other.close();
      }
      assert.notEqual(counter(), afterOwn, 'a commit by another connection (another process)');
    });

    it('has no change counter for an in-memory database', async () => {
      const memory = openDatabase('sqlite::memory:');
      try {
        assert.equal(changeCounterOf(memory.db), undefined);
      } finally {
        await memory.close();
      }
    });
  });
}
