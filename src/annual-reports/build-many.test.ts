// buildAnnualReports gives, for every agency of a small simulated province, exactly the report
// buildAnnualReport builds for it alone, on both engines (chunks smaller than the province, so that
// the grouped queries are split); unknown agencies and bad years are refused the same way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateProvince, type Province } from '../../bench/province-data.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import { buildAnnualReport } from './build-annual-report.ts';
import { buildAnnualReports } from './build-many.ts';

for (const engine of ENGINES) {
  describe(`annual reports of many agencies at once on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let province: Province;

    before(async () => {
      database = await createTestDatabase(engine);
      province = await generateProvince(database, {
        scale: { agencies: 60, applications: 4000, items: 6000 },
        seed: 7,
      });
    });
    after(async () => database?.drop());

    it('equals buildAnnualReport for every agency', async () => {
      const ids = province.agencies.map((a) => a.id);
      const many = await buildAnnualReports(database.db, ids, province.year, {
        now: province.now,
        chunk: 17,
      });
      assert.deepEqual([...many.keys()], ids);
      const totals = { carriedIn: 0, carriedOut: 0, appeals: 0, fees: 0, wechat: 0, categories: 0, valid: 0 };
      for (const id of ids) {
        const one = await buildAnnualReport(database.db, id, province.year, { now: province.now });
        assert.deepEqual(many.get(id), one, id);
        totals.carriedIn += one.table3.carriedIn![6]!;
        totals.carriedOut += one.table3.carriedOut![6]!;
        totals.appeals += one.table4.reconsideration[4]! + one.table4.litigationDirect[4]!;
        totals.valid += one.table2.normativeDocs![2]!;
      }
      // The simulation reaches every part of the report: otherwise equality would prove little.
      assert.ok(totals.carriedIn > 0 && totals.carriedOut > 0, JSON.stringify(totals));
      assert.ok(totals.appeals > 0 && totals.valid > 0, JSON.stringify(totals));
      const text = JSON.stringify([...many.values()].map((r) => r.sections));
      // Checked without printing the reports: a failure names what is missing.
      assert.ok(/收取信息处理费\d+元/.test(text), 'no fee collected in any report');
      assert.ok(text.includes('乡村振兴专栏'), 'no item in an own category');
      assert.ok(/政务微信公众号\d+条/.test(text), 'no WeChat publication');
    });

    it('refuses an unknown agency and a year not yet begun, as buildAnnualReport does', async () => {
      const known = province.agencies[1]!.id;
      await assert.rejects(
        buildAnnualReports(database.db, [known, 'no-such-agency'], province.year, { now: province.now }),
        (e: unknown) =>
          e instanceof DomainError && e.code === 'access.not_found' && /机构不存在/.test(e.message),
      );
      await assert.rejects(
        buildAnnualReports(database.db, [known], province.year + 2, { now: province.now }),
        (e: unknown) => e instanceof DomainError && e.code === 'input.invalid' && /尚未开始/.test(e.message),
      );
    });
  });
}
