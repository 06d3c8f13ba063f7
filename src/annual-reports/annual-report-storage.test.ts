// The annual report stored on both engines, every step through its use case: the seed report
// imported as 承留镇's 2022 report (findings kept, file kept, a second import refused) and the
// cross-year rule against it; the clerk's draft, stale forms, approval refused on errors and for
// an author, the approved snapshot frozen against later data, publication (late flagged), revision,
// the supervisor's status lines, and the reminders job. Every write audited.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../agencies/index.ts';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { buildDisclosureFixture, type DisclosureFixture, staff } from '../disclosures/testing.ts';
import { runJobOnce } from '../jobs/scheduler.ts';
import { DomainError } from '../kernel/errors.ts';
import { saveYearCounts } from '../normative/index.ts';
import { reportDocumentJson } from '../reports/report-json.ts';
import {
  annualReportJobs,
  approveReport,
  importedReportFile,
  importReport,
  lastYearReport,
  listReportReminders,
  publishedReportOf,
  publishedReportYears,
  publishReport,
  reportOf,
  reportStatusOf,
  reviseReport,
  saveReportDraft,
} from './index.ts';

const seedDir = new URL('../../../shared/seed/', import.meta.url);
const SEED = new Uint8Array(readFileSync(new URL('000_aa5fa00d655c084b.txt', seedDir)));
/** The seed as 思礼镇's, with one application carried over into 2023 (自然人 and 总计 of 结转下年度继续办理). */
const SEED_CARRYING_ONE = new Uint8Array(
  Buffer.from(
    Buffer.from(SEED)
      .toString('utf8')
      .replaceAll('承留镇', '思礼镇')
      .replace(
        /四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0/,
        '四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1',
      ),
  ),
);

async function rejects(promise: Promise<unknown>, code: string, message?: RegExp): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected DomainError, got ${error}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(String(error.details.userMessage ?? error.message), message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

for (const engine of ENGINES) {
  describe(`annual reports stored on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: DisclosureFixture;
    let siliApprover: Principal;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildDisclosureFixture(ctx);
      siliApprover = await staff(ctx, f.sili, 'sl-approver', ['approver']);
    });
    after(async () => database?.drop());

    it('imports the seed report as 承留镇 2022: published, imported, findings and file kept; once only', async () => {
      ctx.setNow('2026-01-05T02:00:00.000Z');
      const { report, findings } = await importReport(ctx, f.editor, {
        agencyId: f.chengliu,
        fileName: 'C:\\报告\\承留镇2022年报.txt',
        content: SEED,
      });
      assert.equal(report.year, 2022);
      assert.equal(report.state, 'published');
      assert.equal(report.source, 'imported');
      assert.equal(report.importFileName, '承留镇2022年报.txt');
      assert.equal(report.eventCount, 1);
      // The seed's narrative says 1 new application where table 三 has 0: kept, not refused.
      assert.ok(findings.some((x) => x.rule === 'X2' && x.severity === 'error'));
      const file = await importedReportFile(ctx, f.supervisor, f.chengliu, 2022);
      assert.ok(file);
      assert.deepEqual(Buffer.from(file.content), Buffer.from(SEED));
      assert.match(file.sha256, /^[0-9a-f]{64}$/);

      const view = await reportOf(ctx, f.supervisor, f.chengliu, 2022);
      assert.equal(view.state, 'published');
      assert.equal(view.report.body, '承留镇人民政府');
      assert.deepEqual(view.report.table3.carriedIn, [1, 0, 0, 0, 0, 0, 1]);
      assert.ok(view.html?.includes('承留镇人民政府'));
      const x2 = view.findings.find((x) => x.rule === 'X2')!;
      assert.ok(x2.locations.every((l) => l.label.startsWith('表')));
      assert.equal(view.counts.errors, findings.filter((x) => x.severity === 'error').length);
      assert.deepEqual(await publishedReportYears(database.db, f.chengliu), [2022]);
      assert.equal((await lastYearReport(database.db, f.chengliu, 2023))?.year, 2022);

      await rejects(
        importReport(ctx, f.editor, { agencyId: f.chengliu, fileName: 'again.txt', content: SEED }),
        'conflict.state',
        /已有已发布的年度报告/,
      );
      await rejects(
        importReport(ctx, f.otherEditor, { agencyId: f.sili, fileName: 'x.txt', content: SEED }),
        'input.invalid',
        /文件中的报告机关为“承留镇人民政府”，不是思礼镇的年度报告/,
      );
      await rejects(
        importReport(ctx, f.otherEditor, {
          agencyId: f.sili,
          year: 2021,
          fileName: 'x.txt',
          content: SEED_CARRYING_ONE,
        }),
        'input.invalid',
        /文件中的报告年度为2022年，与所选的2021年不一致/,
      );
      await rejects(
        importReport(ctx, f.editor, {
          agencyId: f.chengliu,
          fileName: 'notes.txt',
          content: new TextEncoder().encode('会议纪要\n今天开会。'),
        }),
        'input.not_a_report',
      );
      await rejects(
        importReport(ctx, f.otherEditor, { agencyId: f.chengliu, fileName: 'x.txt', content: SEED }),
        'access.not_found',
      );
      const audit = await listAudit(database.db, { action: 'annual_report.imported' });
      assert.equal(audit.length, 1);
      assert.equal(JSON.parse(audit[0]!.details).sha256, file.sha256);
    });

    it('checks the next year against the imported report (X1): consistent for 承留镇, refused where it is not', async () => {
      ctx.setNow('2026-01-06T02:00:00.000Z');
      const chengliu2023 = await reportOf(ctx, f.editor, f.chengliu, 2023);
      assert.deepEqual(chengliu2023.previous, { year: 2022, source: 'imported' });
      assert.equal(chengliu2023.state, 'none');
      // Carried over: 0 in 2022, 0 now; table 二 counts from the register (empty here) differ from 2022's.
      assert.deepEqual(
        chengliu2023.findings.filter((x) => x.rule === 'X1').map((x) => [x.severity, x.cells]),
        [['warning', ['table2.normativeDocs.valid']]],
      );

      await importReport(ctx, f.otherEditor, {
        agencyId: f.sili,
        fileName: '思礼镇2022.txt',
        content: SEED_CARRYING_ONE,
      });
      const sili2023 = await reportOf(ctx, f.otherEditor, f.sili, 2023);
      const x1 = sili2023.findings.filter((x) => x.rule === 'X1' && x.severity === 'error');
      assert.equal(x1.length, 2);
      assert.deepEqual(x1[0]!.locations, [
        { path: 'table3.rows.carriedIn[0]', label: '表三“二、上年结转政府信息公开申请数量”行“自然人”列' },
      ]);
      const refused = await rejects(
        approveReport(ctx, siliApprover, { agencyId: f.sili, year: 2023 }),
        'conflict.state',
        /检查发现2处错误/,
      );
      assert.equal(refused.details.reason, 'report_errors');
      assert.equal((await reportOf(ctx, f.otherEditor, f.sili, 2023)).state, 'none');
    });

    it('the clerk drafts 一/五/六; stale forms and bad text refused; an approver who wrote it may not approve', async () => {
      ctx.setNow('2026-01-20T02:00:00.000Z');
      const saved = await saveReportDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        year: 2025,
        edits: { problems: ['一是公开内容不够全面。', '下一步将加强培训，改进工作。'] },
        expectedEventCount: 0,
      });
      assert.equal(saved.state, 'draft');
      assert.equal(saved.eventCount, 1);
      assert.deepEqual(saved.authors, [f.editor.user.id]);
      await rejects(
        saveReportDraft(ctx, f.editor, {
          agencyId: f.chengliu,
          year: 2025,
          edits: {},
          expectedEventCount: 0,
        }),
        'conflict.state',
        /已被他人更新/,
      );
      await rejects(
        saveReportDraft(ctx, f.editor, { agencyId: f.chengliu, year: 2025, edits: { applications: ['x'] } }),
        'input.invalid',
        /表格由数据生成/,
      );
      await rejects(
        saveReportDraft(ctx, f.editor, { agencyId: f.chengliu, year: 2027, edits: {} }),
        'input.invalid',
      );
      const villageClerk = await staff(ctx, f.chengliuVillage, 'village-clerk', ['editor']);
      await rejects(
        saveReportDraft(ctx, villageClerk, { agencyId: f.chengliuVillage, year: 2025, edits: {} }),
        'input.invalid',
        /村（社区）不编制政府信息公开工作年度报告/,
      );
      await rejects(reportOf(ctx, f.supervisor, f.chengliuVillage, 2025), 'input.invalid', /村（社区）/);
      await rejects(
        saveReportDraft(ctx, f.approver, { agencyId: f.chengliu, year: 2025, edits: {} }),
        'access.forbidden',
      );

      const view = await reportOf(ctx, f.approver, f.chengliu, 2025);
      assert.equal(view.state, 'draft');
      assert.deepEqual(view.report.sections.find((s) => s.key === 'problems')?.paragraphs, [
        '一是公开内容不够全面。',
        '下一步将加强培训，改进工作。',
      ]);
      assert.equal(view.counts.errors, 0, JSON.stringify(view.findings));
      assert.equal(view.deadline.date, '2026-01-31');
      assert.equal(view.deadlineStatus, 'open');

      // A planted mismatch: the narrative says 5 new applications, table 三 has none.
      await saveReportDraft(ctx, f.chief, {
        agencyId: f.chengliu,
        year: 2025,
        edits: {
          overview: ['2025年，承留镇新收政府信息公开申请数量5件，已全部办结。'],
          problems: saved.edits.problems,
        },
        expectedEventCount: 1,
      });
      const planted = await reportOf(ctx, f.approver, f.chengliu, 2025);
      const x2 = planted.findings.find((x) => x.rule === 'X2' && x.severity === 'error');
      assert.ok(x2, JSON.stringify(planted.findings));
      assert.match(x2.message, /5/);
      await rejects(
        approveReport(ctx, f.approver, { agencyId: f.chengliu, year: 2025 }),
        'conflict.state',
        /检查发现/,
      );
      const fixed = await saveReportDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        year: 2025,
        edits: { problems: saved.edits.problems },
        expectedEventCount: 2,
      });
      assert.deepEqual(fixed.authors, [f.editor.user.id, f.chief.user.id]);
      await rejects(
        approveReport(ctx, f.chief, { agencyId: f.chengliu, year: 2025, expectedEventCount: 3 }),
        'access.separation_of_duties',
      );
      await rejects(
        approveReport(ctx, f.approver, { agencyId: f.chengliu, year: 2025, expectedEventCount: 2 }),
        'conflict.state',
        /已被他人更新/,
      );
      await rejects(approveReport(ctx, f.editor, { agencyId: f.chengliu, year: 2025 }), 'access.forbidden');
      await rejects(
        approveReport(ctx, f.approver, { agencyId: f.chengliu, year: 2026 }),
        'input.invalid',
        /2026年尚未结束/,
      );
    });

    it('approval keeps a snapshot that later data do not change; revision drops it; publication freezes it', async () => {
      const { report: approved, findings } = await approveReport(ctx, f.approver, {
        agencyId: f.chengliu,
        year: 2025,
        expectedEventCount: 3,
      });
      assert.equal(approved.state, 'approved');
      assert.equal(approved.approvedBy, f.approver.user.id);
      assert.equal(findings.filter((x) => x.severity === 'error').length, 0);
      await rejects(
        saveReportDraft(ctx, f.editor, { agencyId: f.chengliu, year: 2025, edits: {} }),
        'conflict.state',
        /已经审批，请先退回修改/,
      );

      // 行政处罚 decisions typed in after approval: the live draft differs, the snapshot does not.
      await saveYearCounts(ctx, f.editor, {
        agencyId: f.chengliu,
        counts: { year: 2025, licensing: 0, penalty: 7, enforcement: 0, feesYuan: 0 },
      });
      const afterData = await reportOf(ctx, f.approver, f.chengliu, 2025);
      assert.equal(afterData.state, 'approved');
      // Not typed in before the approval: blank in the snapshot.
      assert.deepEqual(afterData.report.table2.penalty, [null]);
      assert.equal(afterData.changedSinceApproval, true);

      // Revised and approved again: the snapshot takes the new figure.
      const revised = await reviseReport(ctx, f.editor, {
        agencyId: f.chengliu,
        year: 2025,
        expectedEventCount: 4,
        reason: '补录行政处罚数量',
      });
      assert.equal(revised.state, 'draft');
      assert.equal(revised.approvedBy, null);
      await approveReport(ctx, f.approver, { agencyId: f.chengliu, year: 2025, expectedEventCount: 5 });
      assert.deepEqual((await reportOf(ctx, f.approver, f.chengliu, 2025)).report.table2.penalty, [7]);

      ctx.setNow('2026-01-30T03:00:00.000Z');
      const published = await publishReport(ctx, f.approver, {
        agencyId: f.chengliu,
        year: 2025,
        expectedEventCount: 6,
      });
      assert.equal(published.report.state, 'published');
      assert.equal(published.report.publishedOn, '2026-01-30');
      assert.equal(published.report.deadlineOn, '2026-01-31');
      assert.equal(published.report.late, false);
      const portal = await publishedReportOf(database.db, f.chengliu, 2025);
      assert.ok(portal);
      assert.equal(portal.report.publishedOn, '2026-01-30');
      assert.match(portal.html, /<title>承留镇2025年政府信息公开工作年度报告<\/title>/);
      const frozen = JSON.stringify(reportDocumentJson(portal.report));

      await saveYearCounts(ctx, f.editor, {
        agencyId: f.chengliu,
        counts: { year: 2025, licensing: 2, penalty: 9, enforcement: 1, feesYuan: 0 },
      });
      const later = await publishedReportOf(database.db, f.chengliu, 2025);
      assert.equal(JSON.stringify(reportDocumentJson(later!.report)), frozen);
      assert.equal(later!.html, portal.html);
      const steps = [
        () => saveReportDraft(ctx, f.editor, { agencyId: f.chengliu, year: 2025, edits: {} }),
        () => reviseReport(ctx, f.approver, { agencyId: f.chengliu, year: 2025 }),
        () => approveReport(ctx, f.approver, { agencyId: f.chengliu, year: 2025 }),
        () => publishReport(ctx, f.approver, { agencyId: f.chengliu, year: 2025 }),
        () =>
          importReport(ctx, f.editor, {
            agencyId: f.chengliu,
            fileName: '2025.txt',
            content: new TextEncoder().encode(Buffer.from(SEED).toString('utf8').replaceAll('2022', '2025')),
          }),
      ];
      for (const step of steps) await rejects(step(), 'conflict.state', /已经发布|已有已发布/);

      const actions = (await listAudit(database.db, { agencyIds: [f.chengliu] }))
        .filter((a) => a.object_id === published.report.id)
        .map((a) => a.action);
      assert.deepEqual(actions.sort(), [
        'annual_report.approved',
        'annual_report.approved',
        'annual_report.published',
        'annual_report.revised',
        'annual_report.saved',
        'annual_report.saved',
        'annual_report.saved',
      ]);
      assert.deepEqual((await verifyAuditLog(database.db)).problems, []);
    });

    it('two first saves of one agency-year at the same moment: one row, the other form refused as stale', async () => {
      const results = await Promise.allSettled(
        [f.editor, f.chief].map((who) =>
          saveReportDraft(ctx, who, {
            agencyId: f.chengliu,
            year: 2024,
            edits: { other: ['本年度未收取信息处理费。'] },
            expectedEventCount: 0,
          }),
        ),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.ok(refused.reason instanceof DomainError);
      assert.equal(refused.reason.code, 'conflict.state');
      assert.match(String(refused.reason.details.userMessage), /已被他人更新/);
      const rows = await database.db
        .selectFrom('annual_reports')
        .select('event_count')
        .where('agency_id', '=', f.chengliu)
        .where('year', '=', 2024)
        .execute();
      assert.deepEqual(
        rows.map((r) => Number(r.event_count)),
        [1],
      );
    });

    it('flags late publication and gives the supervisor one status line per reporting agency', async () => {
      ctx.setNow('2026-02-03T02:00:00.000Z');
      await approveReport(ctx, siliApprover, { agencyId: f.sili, year: 2025 });
      const late = await publishReport(ctx, siliApprover, { agencyId: f.sili, year: 2025 });
      assert.equal(late.report.late, true);
      assert.equal(late.report.publishedOn, '2026-02-03');

      const lines = await reportStatusOf(
        ctx,
        f.supervisor,
        [f.region, f.chengliu, f.sili, f.chengliuVillage],
        2025,
      );
      assert.deepEqual(
        lines.map((l) => [l.name, l.state, l.deadline, l.status, l.late, l.errors]),
        [
          ['济源示范区', 'none', '2026-03-31', 'open', false, 0],
          ['承留镇', 'published', '2026-01-31', 'published_on_time', false, 0],
          ['思礼镇', 'published', '2026-01-31', 'published_late', true, 0],
        ],
      );
      await rejects(reportStatusOf(ctx, f.editor, [f.chengliu, f.sili], 2025), 'access.not_found');
      // Next year's draft is checked against this built, published report.
      assert.deepEqual((await reportOf(ctx, f.editor, f.chengliu, 2026)).previous, {
        year: 2025,
        source: 'built',
      });
    });

    it('records reminders 15, 5 and 1 working days before the deadline, once, and e-mails them', async () => {
      // 2026: the deadline of the 2025 reports is Saturday 31 January; 4 January is a 调休 workday.
      await database.db
        .updateTable('agencies')
        .set({
          settings: JSON.stringify({
            reportDeadlines: { town: '02-20' },
            contact: { email: 'jy@example.cn' },
          }),
        })
        .where('id', '=', f.region)
        .execute();
      await database.db
        .deleteFrom('annual_reports')
        .where('agency_id', '=', f.sili)
        .where('year', '=', 2025)
        .execute();
      const sent: { to: string; subject: string; text: string }[] = [];
      const jobs = annualReportJobs({
        transport: {
          sendMail: async (mail: (typeof sent)[number]) => {
            sent.push(mail);
            return {};
          },
        } as never,
        mailFrom: 'gongkai@example.cn',
      });
      const run = async (iso: string) => {
        for (const job of jobs) await runJobOnce(database.db, job, new Date(iso));
        return listReportReminders(database.db, [f.region, f.chengliu, f.sili]);
      };
      // 思礼镇's deadline is now 20 February (set by the region for towns); 承留镇's report is published.
      assert.deepEqual(await run('2026-01-26T02:00:00.000Z'), []);
      const first = await run('2026-01-30T02:00:00.000Z');
      assert.deepEqual(
        first.map((r) => [r.agencyId, r.year, r.kind, r.deadlineOn]),
        [[f.sili, 2025, 'before_15', '2026-02-20']],
      );
      assert.equal(sent.length, 0, 'no address for 思礼镇');
      await database.db
        .updateTable('agencies')
        .set({ settings: JSON.stringify({ reminderEmail: 'sili@example.cn' }) })
        .where('id', '=', f.sili)
        .execute();
      const second = await run('2026-02-13T02:00:00.000Z');
      assert.deepEqual(
        second.map((r) => r.kind),
        ['before_5'],
      );
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.to, 'sili@example.cn');
      assert.match(sent[0]!.subject, /思礼镇：2025年政府信息公开工作年度报告尚未发布/);
      assert.match(sent[0]!.text, /发布期限为2026-02-20/);
      // The same day again: nothing new.
      await run('2026-02-13T09:00:00.000Z');
      assert.equal(sent.length, 1);
      assert.deepEqual(
        (await run('2026-02-23T02:00:00.000Z')).map((r) => r.kind),
        ['overdue'],
      );
      const rows = await database.db
        .selectFrom('annual_report_reminders')
        .select(['agency_id', 'kind'])
        .execute();
      assert.deepEqual(rows.map((r) => r.kind).sort(), ['before_15', 'before_5', 'overdue']);
    });
  });
}
