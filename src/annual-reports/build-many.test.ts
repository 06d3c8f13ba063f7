// buildAnnualReports gives, for every agency of a small simulated province, exactly the report
// buildAnnualReport builds for it alone, on both engines (chunks smaller than the province, so that
// the grouped queries are split); unknown agencies and bad years are refused the same way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateProvince, type Province } from '../../bench/province-data.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  insertComplaintRow,
  insertItemRow,
  insertRatingRow,
  insertWindowRow,
} from '../services/statistics-testing.ts';
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

    it('equals buildAnnualReport with a service hall, its sentence in section 一', async () => {
      const [a, b, c] = province.agencies.map((x) => x.id);
      const db = database.db;
      const inYear = (md: string) => `${province.year}-${md}T02:00:00.000Z`;
      for (const id of [a!, b!]) {
        const windowId = await insertWindowRow(db, id, { created: inYear('01-05') });
        await insertWindowRow(db, id, { created: inYear('01-05') });
        await insertItemRow(db, id, { level: 'town', type: 'licensing', created: inYear('01-06'), windowId });
        await insertItemRow(db, id, { level: 'village', type: 'publicService', created: inYear('01-06') });
        // Withdrawn before the year's end: not counted.
        await insertItemRow(db, id, {
          level: 'town',
          type: 'payment',
          created: inYear('01-06'),
          withdrawn: inYear('06-01'),
        });
      }
      for (const level of ['very_satisfied', 'satisfied', 'basically_satisfied', 'very_dissatisfied'])
        await insertRatingRow(db, a!, { level, at: inYear('05-10') });
      await insertComplaintRow(db, a!, {
        received: inYear('05-11'),
        state: 'answered',
        dueOn: `${province.year}-05-25`,
        onTime: 1,
      });
      const ids = [a!, b!, c!];
      const many = await buildAnnualReports(db, ids, province.year, { now: province.now, chunk: 2 });
      const sentences: string[] = [];
      for (const id of ids) {
        const one = await buildAnnualReport(db, id, province.year, { now: province.now });
        assert.deepEqual(many.get(id), one, id);
        sentences.push(one.sections[0]!.paragraphs.find((p) => p.includes('政务服务事项')) ?? '');
      }
      assert.deepEqual(sentences, [
        '便民服务大厅设服务窗口2个，公开政务服务事项2项（乡镇级1项、村级1项）；全年收到服务评价4条，不满意率25.0%；受理效能投诉1件，按时办结1件。',
        '便民服务大厅设服务窗口2个，公开政务服务事项2项（乡镇级1项、村级1项）。',
        '',
      ]);
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
