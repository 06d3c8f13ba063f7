import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from './migrate.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from './testing.ts';

for (const engine of ENGINES) {
  describe(`migrations on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database?.drop();
    });

    it('creates every table and is idempotent', async () => {
      const tables = (await database.db.introspection.getTables()).map((t) => t.name).sort();
      for (const table of ['agencies', 'audit_log', 'job_runs', 'role_grants', 'sessions', 'users']) {
        assert.ok(tables.includes(table), table);
      }
      assert.deepEqual(await migrateToLatest(database.db), []);
    });

    it('enforces foreign keys and unique usernames', async () => {
      const now = new Date().toISOString();
      await assert.rejects(
        database.db
          .insertInto('users')
          .values({
            id: 'u1',
            agency_id: 'missing',
            username: 'a',
            display_name: 'A',
            password_hash: 'x',
            created_at: now,
            updated_at: now,
          })
          .execute(),
      );
      await database.db
        .insertInto('agencies')
        .values({
          id: 'a1',
          parent_id: null,
          kind: 'town',
          name: '镇',
          credit_code: null,
          settings: '{}',
          created_at: now,
        })
        .execute();
      const user = {
        agency_id: 'a1',
        username: 'clerk',
        display_name: 'A',
        password_hash: 'x',
        created_at: now,
        updated_at: now,
      };
      await database.db
        .insertInto('users')
        .values({ id: 'u1', ...user })
        .execute();
      await assert.rejects(
        database.db
          .insertInto('users')
          .values({ id: 'u2', ...user })
          .execute(),
      );
    });

    it('returns bigint audit sequence numbers as numbers', async () => {
      const row = {
        at: 'x',
        user_id: null,
        agency_id: null,
        action: 'test',
        object_type: null,
        object_id: null,
        result: 'ok',
        details: '{}',
        prev_hash: '',
      };
      await database.db
        .insertInto('audit_log')
        .values({ ...row, seq: 1, hash: 'h1' })
        .execute();
      await database.db
        .insertInto('audit_log')
        .values({ ...row, seq: 2, hash: 'h2' })
        .execute();
      const seqs = await database.db.selectFrom('audit_log').select('seq').orderBy('seq').execute();
      assert.deepEqual(
        seqs.map((r) => typeof r.seq),
        ['number', 'number'],
      );
      assert.ok(seqs[1]!.seq > seqs[0]!.seq);
      const count = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(database.db);
      assert.equal(Number(count.rows[0]!.n), 2);
    });
  });
}
