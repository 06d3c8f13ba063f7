// The release of scheduled items on both engines: the job looks every 5 seconds, so a scheduled
// item is searchable a few seconds after its time (not at the next minute); the attachments are
// read after the scheduler's transaction has committed (SQLite's write lock is not held while a
// PDF is parsed); a second run, a withdrawal and a later version are harmless.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { directoryFileStore, type FileStore } from '../files/index.ts';
import { runJobOnce, type ScheduledJob, tickInterval } from '../jobs/scheduler.ts';
import { searchDocuments } from '../search/index.ts';
import type { AttachmentInput } from './attachments.ts';
import { RELEASE_TICK_MS, releasePeriod, releaseScheduledItems } from './disclosure-jobs.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  disclosureJobs,
  publish,
  signReview,
  submitForReview,
  withdraw,
} from './index.ts';
import { buildDisclosureFixture, content, type DisclosureFixture, textPdf } from './testing.ts';

const JOB = 'disclosures.release-scheduled';

describe('the release period', () => {
  it('is a 5-second slice of the minute, in order after the minute periods of before', () => {
    assert.equal(releasePeriod(new Date('2026-03-02T01:00:00.000Z')), '2026-03-02T01:00:00');
    assert.equal(releasePeriod(new Date('2026-03-02T01:00:04.999Z')), '2026-03-02T01:00:00');
    assert.equal(releasePeriod(new Date('2026-03-02T01:00:05.000Z')), '2026-03-02T01:00:05');
    assert.equal(releasePeriod(new Date('2026-03-02T01:00:59.000Z')), '2026-03-02T01:00:55');
    assert.ok(releasePeriod(new Date('2026-03-02T01:00:00.000Z')) > '2026-03-02T01:00');
    assert.ok(releasePeriod(new Date('2026-03-02T01:01:00.000Z')) > '2026-03-02T01:00:55');
  });

  it('makes the scheduler look every 5 seconds; other jobs alone keep the minute', () => {
    assert.equal(RELEASE_TICK_MS, 5_000);
    assert.equal(tickInterval({ jobs: disclosureJobs() }), RELEASE_TICK_MS);
    assert.equal(tickInterval({ jobs: disclosureJobs().slice(1) }), 60_000);
    assert.equal(tickInterval({ jobs: disclosureJobs(), intervalMs: 1234 }), 1234);
  });
});

for (const engine of ENGINES) {
  describe(`scheduled release on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: DisclosureFixture;
    let dir: string;
    /** What the job saw of the scheduler's own record while it read an attachment. */
    const seen: string[] = [];
    let store: FileStore;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      dir = await mkdtemp(join(tmpdir(), 'gongkai-release-'));
      const inner = directoryFileStore(dir);
      // Reading a file, the job's record of its period is read on another connection: committed
      // already when the reading happens after the scheduler's transaction. Inside it, SQLite's one
      // connection would wait for the transaction (which waits for this read): a timeout says so.
      store = {
        kind: 'directory',
        put: (sha256, bytes) => inner.put(sha256, bytes),
        get: async (sha256) => {
          const read = database.db
            .selectFrom('job_runs')
            .select('last_run')
            .where('name', '=', JOB)
            .executeTakeFirst()
            .then((row) => row?.last_run ?? 'none');
          const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('blocked'), 3000));
          seen.push(await Promise.race([read, timeout]));
          return inner.get(sha256);
        },
      };
      ctx = Object.assign(ctx, { files: store });
      f = await buildDisclosureFixture(ctx);
      ctx.setNow('2026-03-02T01:00:00.000Z');
    });
    after(async () => {
      await database?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function approved(title: string, attachments: AttachmentInput[] = []): Promise<string> {
      const { itemId } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title }),
        attachments,
      });
      await submitForReview(ctx, f.editor, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(ctx, f.approver, itemId);
      return itemId;
    }

    const search = async (q: string) =>
      (await searchDocuments(database.db, { q, agencyIds: [f.chengliu] })).hits.map((h) => h.id);
    const job = (): ScheduledJob => disclosureJobs(store).find((j) => j.name === JOB)!;

    it('indexes a scheduled item a few seconds after its time, its attachment read after the commit', async () => {
      ctx.setNow('2026-03-02T01:10:00.000Z');
      const itemId = await approved('定时发布的防汛通知', [
        { filename: '防汛.pdf', content: textPdf('Marshwarden floodgate') },
      ]);
      await publish(ctx, f.approver, itemId, { publishAt: '2026-03-02T01:10:20.000Z' });
      assert.equal(await runJobOnce(database.db, job(), ctx.now()), 'ran');
      assert.deepEqual(await search('Marshwarden'), [], 'not before its time');
      assert.deepEqual(seen, [], 'nothing due, nothing read');

      // 21 seconds later, in the same minute: a new period, and the item is found.
      ctx.setNow('2026-03-02T01:10:21.000Z');
      assert.equal(await runJobOnce(database.db, job(), ctx.now()), 'ran');
      assert.deepEqual(await search('Marshwarden'), [`disclosure:${itemId}`], 'by its attachment');
      assert.deepEqual(await search('防汛通知'), [`disclosure:${itemId}`]);
      assert.deepEqual(seen, ['2026-03-02T01:10:20'], 'read after the period was committed');

      // The same period again: skipped; a later one: nothing left to do.
      assert.equal(await runJobOnce(database.db, job(), ctx.now()), 'skipped');
      ctx.setNow('2026-03-02T01:10:26.000Z');
      assert.equal(await runJobOnce(database.db, job(), ctx.now()), 'ran');
      assert.deepEqual(seen, ['2026-03-02T01:10:20'], 'indexed once');
      assert.equal(await releaseScheduledItems(database.db, ctx.now(), store), 0);
    });

    it('leaves a withdrawn item out, and indexes only the latest version whose time has come', async () => {
      ctx.setNow('2026-03-02T02:00:00.000Z');
      const gone = await approved('定时发布后撤回的公告');
      await publish(ctx, f.approver, gone, { publishAt: '2026-03-02T02:00:10.000Z' });
      const kept = await approved('定时发布保留的公告');
      await publish(ctx, f.approver, kept, { publishAt: '2026-03-02T02:00:10.000Z' });
      await withdraw(ctx, f.approver, gone, { reason: '测试撤回' });
      ctx.setNow('2026-03-02T02:00:11.000Z');
      assert.equal(await runJobOnce(database.db, job(), ctx.now()), 'ran');
      assert.deepEqual(await search('定时发布保留'), [`disclosure:${kept}`]);
      assert.deepEqual(await search('定时发布后撤回'), []);
      // Both ran at once (two schedulers, or the job and a direct call): the second finds nothing.
      const [a, b] = await Promise.all([
        releaseScheduledItems(database.db, ctx.now(), store),
        releaseScheduledItems(database.db, ctx.now(), store),
      ]);
      assert.equal(a + b, 0);
    });
  });
}
