// T-R2: an appeal decided 纠正 reopens its application in the same transaction as the appeal's own
// audit record, while a clerk may be recording an event on that application. Both write the hash-
// chained audit log, which one transaction at a time appends (an advisory lock on PostgreSQL): the
// application's row must be locked before the audit log's lock in both, or each waits for the other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { findApplicationRow } from '../applications/application.repository.ts';
import { loadEvents, recordApplicationEvent, submitOnlineApplication } from '../applications/index.ts';
import {
  type ApplicationFixture,
  buildApplicationFixture,
  intake,
  pauseAfterRead,
} from '../applications/testing.ts';
import { verifyAuditLog } from '../audit/index.ts';
import {
  createTestDatabase,
  ENGINES,
  skipUnless,
  someoneWaitsForALock,
  type TestDatabase,
} from '../db/testing.ts';
import { decideAppeal, recordAppeal } from './index.ts';

for (const engine of ENGINES) {
  describe(`an appeal decided 纠正 while a clerk records an event on ${engine}`, {
    skip: (await skipUnless(engine)) || (engine === 'sqlite' && 'SQLite writes one transaction at a time'),
  }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: ApplicationFixture;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildApplicationFixture(ctx);
    });
    after(async () => database?.drop());

    it('commits both, the clerk’s event first and the new reply period after it', async () => {
      ctx.setNow('2026-03-02T02:00:00.000Z');
      const { applicationId } = await submitOnlineApplication(ctx, intake(f.chengliu));
      await recordApplicationEvent(ctx, f.handler, applicationId, {
        type: 'decided',
        at: '2026-03-02',
        outcome: 'unable1',
        legalBasis: '经检索，本机关不掌握您申请获取的政府信息。',
      });
      ctx.setNow('2026-04-20T02:00:00.000Z');
      const appeal = await recordAppeal(ctx, f.handler, {
        applicationId,
        kind: 'reconsideration',
        caseNumber: '济示复〔2026〕9号',
        filedOn: '2026-04-01',
      });

      // The clerk's 送达 stops inside its transaction, the application's row locked.
      const pausing = pauseAfterRead(database.db, 'application_events', applicationId);
      const clerk = recordApplicationEvent({ ...ctx, db: pausing.db }, f.handler, applicationId, {
        type: 'reply_delivered',
        at: '2026-04-20',
      });
      await pausing.paused;
      const deciding = decideAppeal(ctx, f.handler, appeal.id, { result: '纠正', closedOn: '2026-04-20' });
      await someoneWaitsForALock(database.db);
      pausing.release();
      const [recorded, decided] = await Promise.allSettled([clerk, deciding]);
      assert.equal(recorded.status, 'fulfilled', String((recorded as PromiseRejectedResult).reason));
      assert.equal(decided.status, 'fulfilled', String((decided as PromiseRejectedResult).reason));

      const events = await loadEvents(database.db, applicationId);
      assert.deepEqual(
        events.map((e) => e.type),
        ['received', 'decided', 'reply_delivered', 'reopened'],
      );
      const row = (await findApplicationRow(database.db, applicationId))!;
      assert.equal(row.phase, 'processing');
      assert.equal(row.is_open, 1);
      assert.deepEqual((await verifyAuditLog(database.db)).problems, []);
    });
  });
}
