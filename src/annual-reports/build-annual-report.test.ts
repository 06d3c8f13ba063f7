// The report built from live data on both engines, the data made through the use cases: the
// tables equal their builders, the publications are counted per channel and category by the
// Beijing year (withdrawn and other years' items left out), the fee sentence follows the notices
// and payments, the checker finds no error, and bad agencies and years are refused in Chinese.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../agencies/index.ts';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { recordAppeal, table4Of } from '../appeals/index.ts';
import { recordApplicationEvent, registerApplication, table3Of } from '../applications/index.ts';
import { applicant, intake } from '../applications/testing.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { registerExternalPublication, withdraw } from '../disclosures/index.ts';
import {
  buildDisclosureFixture,
  type DisclosureFixture,
  publishedItem,
  staff,
} from '../disclosures/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import { saveYearCounts, table2Of } from '../normative/index.ts';
import { section } from '../reports/report.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import { buildAnnualReport } from './build-annual-report.ts';
import { feeFactsOf, publicationFactsOf } from './load-report-facts.ts';

async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected DomainError, got ${error}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return;
  }
  assert.fail(`expected ${code}`);
}

for (const engine of ENGINES) {
  describe(`annual report built from live data on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: DisclosureFixture;
    let handler: Principal;
    const NOW = new Date('2026-11-20T02:00:00.000Z');

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildDisclosureFixture(ctx);
      handler = await staff(ctx, f.chengliu, 'cl-handler', ['handler']);

      // Items: 23:30 on 31 December 2025 in Beijing is 2025; 00:30 on 1 January 2026 is 2026.
      ctx.setNow('2025-12-31T15:30:00.000Z');
      await publishedItem(ctx, f.chengliu, 'y2025', { content: { formedOn: '2025-12-30' } });
      ctx.setNow('2025-12-31T16:30:00.000Z');
      await publishedItem(ctx, f.chengliu, 'newyear', { content: { formedOn: '2025-12-30' } });
      ctx.setNow('2026-03-10T02:00:00.000Z');
      await publishedItem(ctx, f.chengliu, 'housing2', {});
      await publishedItem(ctx, f.chengliu, 'policy', { content: { categoryCode: 'FD01' } });
      const withdrawn = await publishedItem(ctx, f.chengliu, 'gone', { content: { categoryCode: 'FD01' } });
      const chief = f.chief;
      await withdraw(ctx, chief, withdrawn, { reason: '内容有误' });
      // Another town's item is not ours.
      await publishedItem(ctx, f.sili, 'sili', {});
      await registerExternalPublication(ctx, f.editor, {
        agencyId: f.chengliu,
        channel: 'wechat',
        title: '承留镇危房改造公示',
        url: 'https://mp.weixin.qq.com/s/abc',
        publishedOn: '2026-03-09',
      });

      // Applications: one granted and appealed, one with a fee paid, one whose fee notice expired unpaid.
      const registered = async (name: string, receivedOn: string) =>
        (
          await registerApplication(ctx, handler, {
            ...intake(f.chengliu, { applicant: applicant({ name }) }),
            channel: 'letter',
            receivedOn,
          })
        ).applicationId;
      ctx.setNow('2026-03-12T02:00:00.000Z');
      const granted = await registered('张三', '2026-03-11');
      const paid = await registered('李四', '2026-03-11');
      const unpaid = await registered('王五', '2026-03-11');
      await recordApplicationEvent(ctx, handler, granted, {
        type: 'decided',
        at: '2026-03-12',
        outcome: 'granted',
        legalBasis: '根据《中华人民共和国政府信息公开条例》第三十七条的规定，予以公开。',
      });
      for (const id of [paid, unpaid])
        await recordApplicationEvent(
          ctx,
          handler,
          id,
          { type: 'fee_notice_sent', at: '2026-03-12', method: 'per_case', units: 31, amount: 200 },
          { letter: { paymentMethod: '到承留镇便民服务中心窗口缴纳' } },
        );
      ctx.setNow('2026-03-16T02:00:00.000Z');
      await recordApplicationEvent(ctx, handler, paid, { type: 'fee_paid', at: '2026-03-16' });
      await recordApplicationEvent(ctx, handler, paid, {
        type: 'decided',
        at: '2026-03-16',
        outcome: 'granted',
        legalBasis: '根据《中华人民共和国政府信息公开条例》第三十七条的规定，予以公开。',
      });
      ctx.setNow('2026-05-06T02:00:00.000Z');
      await recordApplicationEvent(ctx, handler, unpaid, { type: 'fee_expired', at: '2026-05-06' });
      await recordAppeal(ctx, handler, {
        applicationId: granted,
        kind: 'reconsideration',
        filedOn: '2026-04-01',
      });

      ctx.setNow('2026-11-20T02:00:00.000Z');
      await saveYearCounts(ctx, f.editor, {
        agencyId: f.chengliu,
        counts: { year: 2026, licensing: 0, penalty: 12, enforcement: 1, feesYuan: 0 },
      });
    });
    after(async () => database?.drop());

    it('builds the tables from their builders and counts the publications by the Beijing year', async () => {
      const report = await buildAnnualReport(database.db, f.chengliu, 2026, { now: NOW });
      assert.equal(report.title, '承留镇2026年政府信息公开工作年度报告');
      assert.equal(report.body, '承留镇');
      assert.equal(report.format, '2021');
      assert.deepEqual(report.table2, await table2Of(database.db, f.chengliu, 2026));
      assert.deepEqual(report.table3, await table3Of(database.db, f.chengliu, 2026));
      assert.deepEqual(report.table4, await table4Of(database.db, f.chengliu, 2026));
      assert.deepEqual(report.table3.new, [3, 0, 0, 0, 0, 0, 3]);
      assert.deepEqual(report.table3.granted, [2, 0, 0, 0, 0, 0, 2]);
      assert.deepEqual(report.table3.other2, [1, 0, 0, 0, 0, 0, 1]);
      assert.deepEqual(report.table4.reconsideration, [0, 0, 0, 1, 1]);
      assert.deepEqual(report.table2.penalty, [12]);

      const publications = await publicationFactsOf(database.db, f.chengliu, 2026, NOW);
      assert.equal(publications.total, 4);
      assert.deepEqual(
        publications.channels.filter((c) => c.count > 0),
        [
          { key: 'portal', label: '政府网站', count: 3 },
          { key: 'wechat', label: '政务微信公众号', count: 1 },
        ],
      );
      assert.deepEqual(publications.categories, [
        { key: 'FD01', label: '行政法规、规章和规范性文件', count: 1 },
        { key: 'JC08', label: '农村危房改造', count: 2 },
      ]);
      const last = await publicationFactsOf(database.db, f.chengliu, 2025, NOW);
      assert.equal(last.total, 1);
      assert.deepEqual(last.categories, [{ key: 'JC08', label: '农村危房改造', count: 1 }]);
      // Before the items of March were published, the portal had only the new-year item.
      const early = await publicationFactsOf(database.db, f.chengliu, 2026, new Date('2026-02-01T00:00:00Z'));
      assert.equal(early.channels[0]!.count, 1);
      assert.deepEqual(early.categories, [{ key: 'JC08', label: '农村危房改造', count: 1 }]);

      const overview = section(report, 'overview')!.paragraphs;
      assert.equal(
        overview[0],
        '主动公开方面，2026年通过各渠道主动公开政府信息4条，其中政府网站3条、政务微信公众号1条。' +
          '在政府网站发布的3条信息中，“行政法规、规章和规范性文件”1条、“农村危房改造”2条。' +
          '本年度制发行政规范性文件0件、废止0件，年末现行有效0件。本年度作出行政许可决定0件、行政处罚决定12件、行政强制决定1件。',
      );
      assert.match(overview[1]!, /本年度新收政府信息公开申请3件，均由自然人提出/);
      assert.match(overview[2]!, /行政复议1件，尚未审结/);
      const findings = checkReport(report);
      assert.deepEqual(
        findings.filter((x) => x.severity === 'error'),
        [],
      );
    });

    it('writes the 信息处理费 sentence from the notices and payments of the year', async () => {
      assert.deepEqual(await feeFactsOf(database.db, f.chengliu, 2026), {
        noticesIssued: 2,
        amountCollectedYuan: 200,
      });
      assert.deepEqual(await feeFactsOf(database.db, f.chengliu, 2025), {
        noticesIssued: 0,
        amountCollectedYuan: 0,
      });
      assert.deepEqual(await feeFactsOf(database.db, f.sili, 2026), {
        noticesIssued: 0,
        amountCollectedYuan: 0,
      });
      const report = await buildAnnualReport(database.db, f.chengliu, 2026, { now: NOW });
      assert.equal(
        section(report, 'other')!.paragraphs[0],
        '2026年依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）发出收费通知2件，收取信息处理费200元。',
      );
      const quiet = await buildAnnualReport(database.db, f.sili, 2026, { now: NOW });
      assert.deepEqual(section(quiet, 'other')!.paragraphs, ['2026年未收取信息处理费。']);
    });

    it('keeps the clerk’s paragraphs of 一, 五 and 六 and the tables of the data', async () => {
      const report = await buildAnnualReport(database.db, f.chengliu, 2026, {
        now: NOW,
        edits: {
          problems: ['主要问题是公开不够及时。改进措施：建立提醒机制。'],
          other: ['本年度承办人大代表建议2件。'],
        },
      });
      assert.deepEqual(section(report, 'problems')!.paragraphs, [
        '主要问题是公开不够及时。改进措施：建立提醒机制。',
      ]);
      assert.equal(section(report, 'other')!.paragraphs.length, 2);
      assert.equal(section(report, 'other')!.paragraphs[1], '本年度承办人大代表建议2件。');
      assert.deepEqual(report.table3, await table3Of(database.db, f.chengliu, 2026));
    });

    it('refuses an unknown agency and a year that has no report', async () => {
      await rejects(
        buildAnnualReport(database.db, 'no-such-agency', 2026, { now: NOW }),
        'access.not_found',
        /机构不存在/,
      );
      await rejects(
        buildAnnualReport(database.db, f.chengliu, 2027, { now: NOW }),
        'input.invalid',
        /2027 年尚未开始/,
      );
      await rejects(
        buildAnnualReport(database.db, f.chengliu, 2007, { now: NOW }),
        'input.invalid',
        /不能早于 2008 年/,
      );
      await rejects(
        buildAnnualReport(database.db, f.chengliu, 2022.5, { now: NOW }),
        'input.invalid',
        /四位数字/,
      );
    });
  });
}
