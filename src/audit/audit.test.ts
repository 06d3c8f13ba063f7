import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { appendAudit, listAudit, purgeAuditBefore, verifyAuditLog } from './index.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (day: number) => new Date(T0 + day * 86_400_000).toISOString();

for (const engine of ENGINES) {
  describe(`audit log on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
      for (let day = 0; day < 12; day++) {
        await database.db.transaction().execute((trx) =>
          appendAudit(
            trx,
            {
              userId: `u${day}`,
              agencyId: day % 2 ? 'a1' : 'a2',
              action: 'test.write',
              objectType: 'thing',
              objectId: `t${day}`,
              result: 'ok',
              details: { day },
            },
            at(day),
          ),
        );
      }
    });
    after(async () => {
      await database?.drop();
    });

    it('chains the records and verifies an untouched log', async () => {
      const result = await verifyAuditLog(database.db);
      assert.equal(result.records, 12);
      assert.deepEqual(result.problems, []);
      assert.match(result.lastHash!, /^[0-9a-f]{64}$/);
    });

    it('lists the newest first, filtered by agency', async () => {
      const rows = await listAudit(database.db, { agencyIds: ['a1'], limit: 3 });
      assert.deepEqual(
        rows.map((r) => r.object_id),
        ['t11', 't9', 't7'],
      );
      assert.deepEqual(await listAudit(database.db, { agencyIds: [] }), []);
    });

    it('rolls the record back with the write it audits', async () => {
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await appendAudit(trx, { userId: 'x', agencyId: 'a1', action: 'test.write', result: 'ok' }, at(20));
          throw new Error('the audited write failed');
        }),
      );
      assert.equal((await verifyAuditLog(database.db)).records, 12);
    });

    it('keeps the chain intact under concurrent appends', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          database.db
            .transaction()
            .execute((trx) =>
              appendAudit(
                trx,
                { userId: 'c', agencyId: 'a1', action: 'test.concurrent', result: 'ok', details: { i } },
                at(13),
              ),
            ),
        ),
      );
      const result = await verifyAuditLog(database.db);
      assert.equal(result.records, 32);
      assert.deepEqual(result.problems, []);
    });

    it('refuses to delete records younger than 180 days', async () => {
      await assert.rejects(
        purgeAuditBefore(database.db, at(5), new Date(T0 + 100 * 86_400_000)),
        /至少保存180天/,
      );
      assert.equal((await verifyAuditLog(database.db)).records, 32);
    });

    it('detects a changed record and a removed one', async () => {
      await database.db
        .updateTable('audit_log')
        .set({ details: '{"day":99}' })
        .where('object_id', '=', 't3')
        .execute();
      const seq4 = await database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('object_id', '=', 't6')
        .executeTakeFirstOrThrow();
      await database.db.deleteFrom('audit_log').where('seq', '=', seq4.seq).execute();
      const { problems } = await verifyAuditLog(database.db);
      assert.ok(
        problems.some((p) => p.kind === 'changed'),
        'changed record found',
      );
      assert.ok(
        problems.some((p) => p.kind === 'removed'),
        'removed record found',
      );
    });

    it('notices records deleted at the start of the log, and continues the chain after a full purge', async () => {
      const fresh = await createTestDatabase(engine);
      try {
        for (let day = 0; day < 5; day++) {
          await fresh.db
            .transaction()
            .execute((trx) =>
              appendAudit(trx, { userId: null, agencyId: null, action: 'auth.login', result: 'ok' }, at(day)),
            );
        }
        await fresh.db.deleteFrom('audit_log').where('seq', '<=', 2).execute();
        const tampered = await verifyAuditLog(fresh.db);
        assert.deepEqual(tampered.problems, [{ kind: 'removed', afterSeq: 0, beforeSeq: 3 }]);
        // A lawful purge of everything old leaves an anchor; numbering and the chain go on from it.
        await purgeAuditBefore(fresh.db, at(10), new Date(T0 + 400 * 86_400_000));
        const record = await fresh.db
          .transaction()
          .execute((trx) =>
            appendAudit(trx, { userId: null, agencyId: null, action: 'auth.login', result: 'ok' }, at(401)),
          );
        assert.equal(record.seq, 6);
        assert.deepEqual((await verifyAuditLog(fresh.db)).problems, []);
      } finally {
        await fresh.drop();
      }
    });

    it('purges records past the retention period; the rest still verifies from its anchor', async () => {
      const fresh = await createTestDatabase(engine);
      try {
        for (let day = 0; day < 4; day++) {
          await fresh.db
            .transaction()
            .execute((trx) =>
              appendAudit(trx, { userId: null, agencyId: null, action: 'auth.login', result: 'ok' }, at(day)),
            );
        }
        const deleted = await purgeAuditBefore(fresh.db, at(2), new Date(T0 + 400 * 86_400_000));
        assert.equal(deleted, 2);
        const result = await verifyAuditLog(fresh.db);
        assert.equal(result.records, 2);
        assert.deepEqual(result.problems, []);
      } finally {
        await fresh.drop();
      }
    });
  });
}
