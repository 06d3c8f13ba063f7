// The demonstration 便民服务大厅 on both engines: eight windows, town- and village-level items, rated
// 办件 across the levels and two 效能投诉 (one answered on time, one open), through the use cases;
// a second run adds nothing; the statistics and the annual report's sentence read them back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAgency, createUser } from '../agencies/index.ts';
import { SYSTEM, type TestContext, testContext } from '../agencies/testing.ts';
import { serviceFactsOf } from '../annual-reports/load-report-facts.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { serviceSentence } from '../reports/draft/index.ts';
import { publicServiceCatalogue, serviceStatisticsOf } from '../services/index.ts';
import { seedDemoServices } from './demo-services.ts';

for (const engine of ENGINES) {
  describe(`demo service hall on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let town: string;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      const region = await createAgency(ctx, SYSTEM, { parentId: null, kind: 'region', name: '示范区' });
      town = (await createAgency(ctx, SYSTEM, { parentId: region.id, kind: 'town', name: '承留镇' })).id;
      await createUser(ctx, SYSTEM, {
        agencyId: town,
        username: 'chengliu-service',
        displayName: '政务服务',
        roles: ['service'],
      });
    });
    after(async () => database?.drop());

    it('seeds the hall through the use cases, quickly, and nothing the second time', async (t) => {
      const started = performance.now();
      const first = await seedDemoServices(ctx, 'chengliu-service', town);
      const elapsed = performance.now() - started;
      t.diagnostic(`first run: ${Math.round(elapsed)} ms`);
      assert.ok(elapsed < 3000, `${elapsed} ms`);
      assert.equal(first.windows, 8);
      assert.ok(first.items >= 20, `${first.items} items`);
      assert.deepEqual(
        { events: first.events, ratings: first.ratings, complaints: first.complaints },
        {
          events: 10,
          ratings: 8,
          complaints: 2,
        },
      );
      const counts = async () =>
        Promise.all(
          (
            [
              'service_windows',
              'service_items',
              'service_events',
              'service_ratings',
              'service_complaints',
            ] as const
          ).map(async (table) =>
            Number(
              (
                await database.db
                  .selectFrom(table)
                  .select((eb) => eb.fn.countAll<number | string>().as('n'))
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          ),
        );
      const before = await counts();
      assert.deepEqual(await seedDemoServices(ctx, 'chengliu-service', town), {
        windows: 0,
        items: 0,
        events: 0,
        ratings: 0,
        complaints: 0,
      });
      assert.deepEqual(await counts(), before);
    });

    it('gives the portal, the statistics and the report sentence something to show', async () => {
      const catalogue = await publicServiceCatalogue(database.db, town);
      assert.deepEqual(
        catalogue.windows.map((w) => w.name),
        [
          '综合窗口',
          '市场监督管理窗口',
          '人社窗口',
          '民政窗口',
          '村镇宅基地窗口',
          '计生窗口',
          '退役军人服务窗口',
          '农业农村服务窗口',
        ],
      );
      assert.ok(catalogue.items.some((i) => i.level === 'village'));
      const now = ctx.now();
      const year = Number(shanghaiDate(now).slice(0, 4));
      const statistics = (await serviceStatisticsOf(database.db, [town], year, now)).get(town)!;
      assert.deepEqual(statistics.ratings.byLevel, {
        very_satisfied: 4,
        satisfied: 2,
        basically_satisfied: 1,
        dissatisfied: 1,
        very_dissatisfied: 0,
      });
      assert.deepEqual(statistics.complaints, {
        received: 2,
        answered: 1,
        answeredOnTime: 1,
        overdueOpen: 0,
      });
      const sentence = serviceSentence(serviceFactsOf(statistics));
      assert.match(
        String(sentence),
        /^便民服务大厅设服务窗口8个，公开政务服务事项\d+项（乡镇级\d+项、村级3项）；全年收到服务评价8条，不满意率12\.5%；受理效能投诉2件，按时办结1件。$/,
      );
    });
  });
}
