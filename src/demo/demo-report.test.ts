// The demo closes the loop of issue 6: 承留镇's 2022 data build a report whose tables are the seed
// report's tables cell for cell, and whose narrative states the true numbers, so that the checker
// finds nothing wrong with it — unlike the seed, whose prose says an application was received in
// 2022 while its table 三 counts it as carried over.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { listPublicAgencies } from '../agencies/index.ts';
import { testContext } from '../agencies/testing.ts';
import { buildAnnualReport } from '../annual-reports/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { parseReport } from '../reports/parse/parse-report.ts';
import type { AnnualReport } from '../reports/report.ts';
import { narrativeParagraphs, section } from '../reports/report.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import { seedDemo } from './seed-demo.ts';

async function seedReport(): Promise<AnnualReport> {
  const dir = new URL('../../../shared/seed/', import.meta.url);
  const [name] = (await readdir(dir)).filter((f) => f.endsWith('.txt'));
  return (await parseReport(await readFile(new URL(name!, dir)), name)).report;
}

for (const engine of ENGINES) {
  describe(`the demo's 2022 report of 承留镇 on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let built: AnnualReport;
    let seed: AnnualReport;

    before(async () => {
      database = await createTestDatabase(engine);
      const ctx = testContext(database);
      await seedDemo(ctx);
      const town = (await listPublicAgencies(ctx.db)).find((a) => a.name === '承留镇');
      assert.ok(town, 'the demo has 承留镇');
      // The seed's own 五 (problems and measures) as the clerk would type it: the one section
      // the data cannot write.
      seed = await seedReport();
      built = await buildAnnualReport(ctx.db, town.id, 2022, {
        now: ctx.now(),
        edits: { problems: section(seed, 'problems')!.paragraphs },
      });
    });
    after(async () => {
      await database?.drop();
    });

    it('has the seed report’s tables 二, 三 and 四, cell for cell', () => {
      assert.deepEqual(built.table2, seed.table2);
      assert.deepEqual(built.table3, seed.table3);
      assert.deepEqual(built.table4, seed.table4);
      assert.equal(built.year, 2022);
    });

    it('states the true numbers, and the checker finds nothing', () => {
      assert.deepEqual(checkReport(built), []);
      const seedFindings = checkReport(seed).filter((f) => f.severity === 'error');
      assert.ok(
        seedFindings.some((f) => f.rule === 'X2'),
        'the seed’s own prose contradicts its table 三 (the mistake the demo does not repeat)',
      );
      const prose = narrativeParagraphs(built)
        .map((p) => p.text)
        .join('\n');
      for (const fact of ['904', '645', '259', '60'])
        assert.ok(prose.includes(fact), `the narrative states ${fact}`);
      assert.match(prose, /未收取信息处理费/);
    });
  });
}
