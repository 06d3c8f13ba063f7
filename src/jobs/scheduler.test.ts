import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { purgeExpiredSessionsJob, shanghaiDate } from './maintenance-jobs.ts';
import { lockKey, runJobOnce, type ScheduledJob, startScheduler } from './scheduler.ts';

describe('shanghaiDate and lockKey', () => {
  it('gives the civil date in China, 8 hours ahead of UTC', () => {
    assert.equal(shanghaiDate(new Date('2026-11-26T15:59:59Z')), '2026-11-26');
    assert.equal(shanghaiDate(new Date('2026-11-26T16:00:00Z')), '2026-11-27');
  });
  it('gives a stable signed 32-bit lock key per name', () => {
    assert.equal(lockKey('sessions.purge-expired'), lockKey('sessions.purge-expired'));
    assert.notEqual(lockKey('a'), lockKey('b'));
    assert.ok(Number.isInteger(lockKey('x')) && Math.abs(lockKey('x')) < 2 ** 31);
  });
});

for (const engine of ENGINES) {
  describe(`scheduled jobs on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database?.drop();
    });

    it('runs a job once per period', async () => {
      const runs: string[] = [];
      const job: ScheduledJob = {
        name: 'test.daily',
        period: shanghaiDate,
        run: async (_trx, now) => void runs.push(now.toISOString()),
      };
      assert.equal(await runJobOnce(database.db, job, new Date('2026-11-26T01:00:00Z')), 'ran');
      assert.equal(await runJobOnce(database.db, job, new Date('2026-11-26T09:00:00Z')), 'skipped');
      assert.equal(await runJobOnce(database.db, job, new Date('2026-11-27T01:00:00Z')), 'ran');
      assert.equal(runs.length, 2);
    });

    it('does not record the period when the job fails, so it runs again', async () => {
      let attempts = 0;
      const job: ScheduledJob = {
        name: 'test.flaky',
        period: shanghaiDate,
        run: async () => {
          attempts++;
          if (attempts === 1) throw new Error('boom');
        },
      };
      const now = new Date('2026-11-26T01:00:00Z');
      await assert.rejects(runJobOnce(database.db, job, now), /boom/);
      assert.equal(await runJobOnce(database.db, job, now), 'ran');
    });

    it('purges sessions past their lifetime or idle timeout, and keeps live ones', async () => {
      const config = loadConfig({});
      const now = new Date('2026-11-26T10:00:00Z');
      const iso = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
      await database.db
        .insertInto('agencies')
        .values({ id: 'a', parent_id: null, kind: 'town', name: '镇', credit_code: null, created_at: iso(0) })
        .execute();
      await database.db
        .insertInto('users')
        .values({
          id: 'u',
          agency_id: 'a',
          username: 'u',
          display_name: 'U',
          password_hash: 'x',
          created_at: iso(0),
          updated_at: iso(0),
        })
        .execute();
      const session = (id: string, lastSeen: number, expiresIn: number) => ({
        id,
        user_id: 'u',
        created_at: iso(60),
        last_seen_at: iso(lastSeen),
        expires_at: new Date(now.getTime() + expiresIn * 60_000).toISOString(),
      });
      await database.db
        .insertInto('sessions')
        .values([session('live', 1, 60), session('idle', 20, 60), session('expired', 1, -1)])
        .execute();
      assert.equal(await runJobOnce(database.db, purgeExpiredSessionsJob(config), now), 'ran');
      const left = await database.db.selectFrom('sessions').select('id').execute();
      assert.deepEqual(
        left.map((s) => s.id),
        ['live'],
      );
    });

    it('the scheduler runs every job on its ticks and stops cleanly', async () => {
      let count = 0;
      let minute = 0;
      const job: ScheduledJob = {
        name: 'test.minutely',
        period: (now) => now.toISOString().slice(0, 16),
        run: async () => void count++,
      };
      const scheduler = startScheduler({
        db: database.db,
        jobs: [job],
        now: () => new Date(Date.UTC(2026, 10, 26, 0, minute++)),
        intervalMs: 3_600_000,
      });
      await scheduler.tick();
      await scheduler.tick();
      await scheduler.stop();
      assert.equal(count, 3, 'the first tick on start and two more, each in a new minute');
    });
  });
}
