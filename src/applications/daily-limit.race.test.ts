// T-S6: the daily limit of online applications per applicant (条例 第三十五条's reasonable range),
// when the applicant's last allowed submissions arrive at two processes of one PostgreSQL at once.
// Each process counts inside its transaction; without a lock shared by the processes, both counts
// can read 9 and both insert, 11 in all. (Within one process group commit runs them in turn.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestContext, testContext } from '../agencies/testing.ts';
import {
  createTestDatabase,
  ENGINES,
  skipUnless,
  someoneWaitsForALock,
  type TestDatabase,
} from '../db/testing.ts';
import type { DomainError } from '../kernel/errors.ts';
import { submitOnlineApplication } from './index.ts';
import { DAILY_ONLINE_LIMIT_PER_APPLICANT } from './intake-rules.ts';
import {
  type ApplicationFixture,
  applicant,
  buildApplicationFixture,
  intake,
  pauseAfterRead,
  residentId,
} from './testing.ts';

for (const engine of ENGINES) {
  describe(`the daily limit per applicant across two processes on ${engine}`, {
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

    it('accepts one of the two last submissions and refuses the other', async () => {
      ctx.setNow('2026-05-06T02:00:00.000Z');
      const busy = applicant({ idNumber: residentId('41900119770707777'), name: '钱六' });
      const submit = (c: TestContext) => submitOnlineApplication(c, intake(f.sili, { applicant: busy }));
      for (let i = 0; i < DAILY_ONLINE_LIMIT_PER_APPLICANT - 1; i++) await submit(ctx);

      // One process stops inside its transaction right after its count (9): the other's count
      // must wait for it, not read 9 as well. (Each handle groups its own commits, as a process.)
      const pausing = pauseAfterRead(database.db, 'applications', (row) => 'n' in row);
      const first = submit({ ...ctx, db: pausing.db });
      await pausing.paused;
      const second = submit(ctx);
      const secondSettled = second.then(
        () => 'done',
        () => 'done',
      );
      await Promise.race([secondSettled, someoneWaitsForALock(database.db)]);
      pausing.release();
      const results = await Promise.allSettled([first, second]);

      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(refused.length, 1);
      assert.equal((refused[0]!.reason as DomainError).code, 'input.rate_limited');
      const stored = await database.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('applicant_name', '=', '钱六')
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), DAILY_ONLINE_LIMIT_PER_APPLICANT);
    });
  });
}
