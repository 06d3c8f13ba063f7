// Isolation of concurrent staff actions (T-R2), on both engines: two approvers acting on the same
// 主动公开 item at the same moment, each from the page they were shown (its event count). On
// PostgreSQL the two run on two connections truly at once; the item's row lock and the form's
// version must let exactly one win and refuse the other as stale — one event, one audit record, one
// 索引号 serial, no update lost or doubled. (Assigning an application has no such version: see the
// report of issue 8 in ROADMAP.md.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Principal } from '../../src/agencies/index.ts';
import { type TestContext, testContext } from '../../src/agencies/testing.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  publish,
  signReview,
  submitForReview,
} from '../../src/disclosures/index.ts';
import {
  buildDisclosureFixture,
  content,
  type DisclosureFixture,
  staff,
} from '../../src/disclosures/testing.ts';
import { isDomainError } from '../../src/kernel/errors.ts';

const ROUNDS = 6;

for (const engine of ENGINES) {
  describe(`concurrent staff steps on one item on ${engine} (T-R2)`, {
    skip: await skipUnless(engine),
  }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let fx: DisclosureFixture;
    let secondApprover: Principal;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      fx = await buildDisclosureFixture(ctx);
      secondApprover = await staff(ctx, fx.chengliu, 'cl-approver-2', ['approver']);
    });
    after(async () => {
      await database?.drop();
    });

    const eventCount = async (itemId: string) =>
      Number(
        (
          await database.db
            .selectFrom('disclosure_items')
            .select('event_count')
            .where('id', '=', itemId)
            .executeTakeFirstOrThrow()
        ).event_count,
      );

    /** Both at once from the same shown version: exactly one fulfilled, the other refused as stale. */
    async function race(run: (who: Principal, shown: number) => Promise<unknown>, itemId: string) {
      const shown = await eventCount(itemId);
      const outcomes = await Promise.allSettled([run(fx.approver, shown), run(secondApprover, shown)]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.equal(won.length, 1, `one wins: ${refused.map((r) => String(r.reason)).join('; ')}`);
      assert.equal(refused.length, 1);
      assert.ok(
        isDomainError(refused[0]!.reason) && refused[0]!.reason.code === 'conflict.state',
        `the other is refused as stale: ${String(refused[0]!.reason)}`,
      );
      assert.equal(await eventCount(itemId), shown + 1, 'one step recorded');
    }

    it(`approving and publishing at once: one wins each time, ${ROUNDS} items`, async () => {
      const items: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const { itemId } = await createDraft(ctx, fx.editor, {
          agencyId: fx.chengliu,
          content: content({ title: `承留镇危房改造补助对象公示（第${round + 1}批）` }),
        });
        await submitForReview(ctx, fx.editor, itemId);
        await signReview(ctx, fx.reviewer, itemId, { checklist: CHECKLIST_IDS });
        await race((who, shown) => approve(ctx, who, itemId, { expectedEventCount: shown }), itemId);
        await race((who, shown) => publish(ctx, who, itemId, { expectedEventCount: shown }), itemId);
        items.push(itemId);
      }
      const { rows } = await sql<{ id: string; approved: unknown; published: unknown; audits: unknown }>`
        select i.id,
          (select count(*) from disclosure_events e where e.item_id = i.id and e.type = 'approved') as approved,
          (select count(*) from disclosure_events e where e.item_id = i.id and e.type = 'published') as published,
          (select count(*) from audit_log l where l.object_id = i.id
             and l.action in ('disclosure.approved', 'disclosure.published')) as audits
        from disclosure_items i where i.agency_id = ${fx.chengliu}`.execute(database.db);
      assert.equal(rows.length, ROUNDS);
      for (const row of rows) {
        assert.equal(Number(row.approved), 1, `${row.id} approved once`);
        assert.equal(Number(row.published), 1, `${row.id} published once`);
        assert.equal(Number(row.audits), 2, `${row.id}: one audit record per step`);
      }
      // Each publication took its own 索引号 serial: none given twice, none skipped.
      const serials = await database.db
        .selectFrom('disclosure_items')
        .select('index_serial')
        .where('agency_id', '=', fx.chengliu)
        .orderBy('index_serial')
        .execute();
      assert.deepEqual(
        serials.map((s) => Number(s.index_serial)),
        Array.from({ length: ROUNDS }, (_, i) => i + 1),
      );
    });
  });
}
