import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mammoth from 'mammoth';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { decideAppeal, recordAppeal, table4Of } from '../appeals/index.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import { findApplicationRow } from './application.repository.ts';
import {
  assignApplication,
  findApplicationByToken,
  getApplicationForStaff,
  listApplicationQueue,
  loadEvents,
  recordApplicationEvent,
  registerApplication,
  submitOnlineApplication,
  submitSupplement,
  suggestFee,
  table3Of,
} from './index.ts';
import { renderLetterDocx, renderLetterHtml } from './letters/index.ts';
import { buildTable3 } from './table3.ts';
import {
  type ApplicationFixture,
  applicant,
  buildApplicationFixture,
  intake,
  residentId,
  TINY_PDF,
  ZHANG_ID,
  ZHANG_PHONE,
} from './testing.ts';

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
  describe(`applications stored on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: ApplicationFixture;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildApplicationFixture(ctx);
    });
    after(async () => database?.drop());

    async function letters(applicationId: string) {
      return database.db
        .selectFrom('letters')
        .selectAll()
        .where('application_id', '=', applicationId)
        .orderBy('serial')
        .execute();
    }

    it('takes an online application: tracking number, secret link, due date, audit without personal data', async () => {
      ctx.setNow('2026-03-02T01:00:00.000Z'); // Monday 2026-03-02, 09:00 in Beijing
      const result = await submitOnlineApplication(
        ctx,
        intake(f.chengliu, {
          idProof: { filename: '../身份证.pdf', mediaType: 'image/png', content: TINY_PDF },
        }),
      );
      assert.match(result.trackingNumber, /^YSQ2026-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      assert.equal(result.receivedOn, '2026-03-02');
      // 20 working days counted from the next day: 2026-03-03 … 2026-03-30.
      assert.equal(result.replyDue, '2026-03-30');
      const row = await findApplicationRow(database.db, result.applicationId);
      assert.equal(row?.phase, 'processing');
      assert.equal(row?.reply_due, '2026-03-30');
      assert.notEqual(row?.access_hash, result.accessToken);
      const file = await database.db.selectFrom('application_files').selectAll().executeTakeFirstOrThrow();
      assert.equal(file.filename, '身份证.pdf');
      assert.equal(file.media_type, 'application/pdf');
      const audit = await listAudit(database.db, {});
      const record = audit.find((a) => a.action === 'application.submit');
      assert.ok(record);
      const all = JSON.stringify(audit);
      for (const secret of [ZHANG_ID, ZHANG_PHONE, '张三', 'zhangsan@', result.accessToken])
        assert.ok(!all.includes(secret), `audit log contains ${secret}`);
    });

    it('refuses a bad application with Chinese reasons and writes nothing', async () => {
      const before = await database.db.selectFrom('applications').select('id').execute();
      const error = await rejects(
        submitOnlineApplication(
          ctx,
          intake(f.chengliu, {
            applicant: applicant({ idNumber: `${ZHANG_ID.slice(0, 17)}0`, phone: 'abc' }),
          }),
        ),
        'input.invalid',
      );
      assert.match(String(error.details.userMessage), /居民身份证号码有误/);
      assert.match(String(error.details.userMessage), /联系电话只能包含数字/);
      await rejects(
        submitOnlineApplication(
          ctx,
          intake(f.chengliu, {
            idProof: {
              filename: 'x.exe',
              mediaType: 'application/pdf',
              content: new Uint8Array([0x4d, 0x5a, 1, 2]),
            },
          }),
        ),
        'input.invalid',
        /只能上传 PDF、JPG 或 PNG/,
      );
      // 村民委员会 receive no applications (第二十七条).
      await rejects(submitOnlineApplication(ctx, intake(f.chengliuVillage)), 'access.not_found');
      const afterRows = await database.db.selectFrom('applications').select('id').execute();
      assert.equal(afterRows.length, before.length);
    });

    it('limits one applicant to 10 online applications a day (429 with the reason)', async () => {
      ctx.setNow('2026-03-03T02:00:00.000Z');
      const other = applicant({ idNumber: residentId('41900119900202456'), name: '李四' });
      for (let i = 0; i < 10; i++) await submitOnlineApplication(ctx, intake(f.sili, { applicant: other }));
      await rejects(
        submitOnlineApplication(ctx, intake(f.sili, { applicant: other })),
        'input.rate_limited',
        /每天最多/,
      );
      ctx.setNow('2026-03-04T02:00:00.000Z');
      const eleventh = await submitOnlineApplication(ctx, intake(f.sili, { applicant: other }));
      // 按件计收: the 11th application of the applicant in March is the first one charged, 100 元.
      assert.deepEqual(await suggestFee(ctx, f.otherHandler, eleventh.applicationId, 'per_case'), {
        method: 'per_case',
        units: 11,
        amount: 100,
      });
      assert.deepEqual(await suggestFee(ctx, f.otherHandler, eleventh.applicationId, 'per_page', 31), {
        method: 'per_page',
        units: 31,
        amount: 10,
      });
      await rejects(suggestFee(ctx, f.handler, eleventh.applicationId, 'per_case'), 'access.not_found');
    });

    it('keeps the daily limit and every other submission when many arrive at once (group commit)', async () => {
      ctx.setNow('2026-03-06T02:00:00.000Z');
      const busy = applicant({ idNumber: residentId('41900119880808888'), name: '赵五' });
      const results = await Promise.allSettled(
        Array.from({ length: 14 }, () => submitOnlineApplication(ctx, intake(f.sili, { applicant: busy }))),
      );
      const accepted = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(accepted.length, 10);
      assert.equal(refused.length, 4);
      for (const r of refused) assert.equal((r.reason as DomainError).code, 'input.rate_limited');
      const numbers = new Set(accepted.map((r) => r.value.trackingNumber));
      assert.equal(numbers.size, 10);
      for (const r of accepted) assert.ok(await findApplicationRow(database.db, r.value.applicationId));
      assert.deepEqual((await verifyAuditLog(database.db)).problems, []);
    });

    it('lets only the agency’s handlers register applications received by letter', async () => {
      ctx.setNow('2026-03-05T02:00:00.000Z');
      const input = { ...intake(f.chengliu), channel: 'letter' as const, receivedOn: '2026-03-04' };
      await rejects(registerApplication(ctx, f.editor, input), 'access.forbidden');
      await rejects(registerApplication(ctx, f.otherHandler, input), 'access.not_found');
      await rejects(
        registerApplication(ctx, f.handler, { ...input, receivedOn: '2026-03-06' }),
        'input.invalid',
        /晚于今天/,
      );
      const registered = await registerApplication(ctx, f.handler, input);
      assert.equal(registered.receivedOn, '2026-03-04');
      assert.equal(registered.replyDue, '2026-04-01');
    });

    it('runs 补正 → supplement by the applicant → 部分公开, with letters, 文号 and the applicant’s view', async () => {
      ctx.setNow('2026-03-09T02:00:00.000Z');
      const app = await submitOnlineApplication(ctx, intake(f.chengliu));
      ctx.setNow('2026-03-10T02:00:00.000Z');
      await rejects(
        recordApplicationEvent(ctx, f.otherHandler, app.applicationId, {
          type: 'supplement_requested',
          at: '2026-03-10',
          items: ['x'],
          correctionDue: '2026-03-20',
        }),
        'access.not_found',
      );
      const requested = await recordApplicationEvent(
        ctx,
        f.handler,
        app.applicationId,
        {
          type: 'supplement_requested',
          at: '2026-03-10',
          items: ['请说明所需信息的具体项目名称', '请说明所需信息的形成时间'],
          correctionDue: '2026-03-24',
        },
        { expectedEventCount: 1 },
      );
      assert.equal(requested.letterIds.length, 1);
      const [notice] = await letters(app.applicationId);
      assert.equal(notice?.kind, 'supplement_notice');
      assert.match(notice!.document_number, /^承留镇依申请公开〔2026〕\d+号$/);

      // The applicant sees the notice through the link; another token sees nothing.
      const view = await findApplicationByToken(ctx, app.accessToken);
      assert.equal(view?.detail.status.phase, 'awaiting_supplement');
      assert.equal(view?.detail.applicant.idNumber.includes(ZHANG_ID), false);
      assert.equal(
        await findApplicationByToken(
          ctx,
          `${app.accessToken.slice(0, -1)}${app.accessToken.endsWith('A') ? 'B' : 'A'}`,
        ),
        null,
      );
      assert.equal(await findApplicationByToken(ctx, app.trackingNumber), null);

      // A stale form is refused; a decision while waiting for the 补正 is refused; nothing is written.
      await rejects(
        recordApplicationEvent(
          ctx,
          f.handler,
          app.applicationId,
          { type: 'supplement_received', at: '2026-03-10' },
          { expectedEventCount: 1 },
        ),
        'conflict.state',
        /已被他人更新/,
      );
      const auditBefore = (await listAudit(database.db, {})).length;
      await rejects(
        recordApplicationEvent(ctx, f.handler, app.applicationId, {
          type: 'decided',
          at: '2026-03-10',
          outcome: 'granted',
          legalBasis: 'x',
        }),
        'conflict.state',
      );
      assert.equal((await listAudit(database.db, {})).length, auditBefore);
      assert.equal((await loadEvents(database.db, app.applicationId)).length, 2);

      ctx.setNow('2026-03-12T02:00:00.000Z');
      await submitSupplement(ctx, app.accessToken, {
        text: '项目名称：南桥村道路硬化工程',
        file: { filename: '补正.pdf', mediaType: 'application/pdf', content: TINY_PDF },
      });
      await rejects(
        submitSupplement(ctx, app.accessToken, { text: 'again' }),
        'conflict.state',
        /不需要补正/,
      );
      let row = await findApplicationRow(database.db, app.applicationId);
      assert.equal(row?.phase, 'processing');
      // The period restarts from the day after 2026-03-12: 20 working days → 2026-04-10 (清明 04-04–04-06).
      assert.equal(row?.reply_due, '2026-04-10');

      ctx.setNow('2026-03-20T02:00:00.000Z');
      await recordApplicationEvent(ctx, f.handler, app.applicationId, {
        type: 'decided',
        at: '2026-03-20',
        outcome: 'partial',
        legalBasis: '根据《中华人民共和国政府信息公开条例》第三十七条的规定，部分公开。',
        withheld: ['denied4'],
      });
      row = await findApplicationRow(database.db, app.applicationId);
      assert.equal(row?.phase, 'decided');
      assert.equal(row?.outcome, 'partial');
      assert.equal(row?.is_open, 0);
      const all = await letters(app.applicationId);
      assert.deepEqual(
        all.map((l) => l.kind),
        ['supplement_notice', 'reply'],
      );
      assert.ok(all[1]!.serial > all[0]!.serial);
      const reply = JSON.parse(all[1]!.content);
      const html = renderLetterHtml(reply);
      assert.match(html, /部分公开/);
      assert.ok(!html.includes(ZHANG_ID) && !html.includes(ZHANG_PHONE));
      const text = (await mammoth.extractRawText({ buffer: await renderLetterDocx(reply) })).value;
      assert.match(text, /第三十七条/);
      assert.ok(text.includes(all[1]!.document_number));

      const staffView = await getApplicationForStaff(ctx, f.handler, row!);
      assert.equal(staffView.applicant.idNumber, ZHANG_ID);
      assert.deepEqual(
        staffView.timeline.map((t) => t.type),
        ['received', 'supplement_requested', 'supplement_received', 'decided'],
      );
      assert.ok(staffView.files.some((file) => file.kind === 'supplement_text'));
      // The supervisor of the region sees the case, with the applicant masked; another town sees nothing.
      const supervised = await getApplicationForStaff(ctx, f.supervisor, row!);
      assert.notEqual(supervised.applicant.idNumber, ZHANG_ID);
      assert.match(supervised.applicant.phone, /^139\*+5678$/);
      await rejects(getApplicationForStaff(ctx, f.otherHandler, row!), 'access.not_found');
    });

    it('needs the approver for an extension and names the new due date in the 延期告知书', async () => {
      ctx.setNow('2026-04-01T02:00:00.000Z');
      const app = await submitOnlineApplication(ctx, intake(f.chengliu));
      const extension = {
        type: 'extension_approved' as const,
        at: '2026-04-20',
        approver: 'x',
        days: 10,
        noticeOn: '2026-04-20',
      };
      ctx.setNow('2026-04-20T02:00:00.000Z');
      await rejects(recordApplicationEvent(ctx, f.handler, app.applicationId, extension), 'access.forbidden');
      const recorded = await recordApplicationEvent(ctx, f.approver, app.applicationId, extension, {
        letter: { extensionReason: '所需信息涉及多个村委会，需逐一调取' },
      });
      const due = recorded.derived.due.replyDue;
      assert.ok(due && due > (app.replyDue ?? ''));
      const [letter] = await letters(app.applicationId);
      assert.equal(letter?.kind, 'extension_notice');
      assert.ok(JSON.stringify(JSON.parse(letter!.content)).includes(due.slice(0, 4)));
    });

    it('puts the queue in due-date order with overdue and due-soon flags, and assigns to handlers only', async () => {
      ctx.setNow('2026-05-06T02:00:00.000Z');
      const queue = await listApplicationQueue(ctx, f.handler);
      assert.ok(queue.length >= 2);
      const dues = queue.map((q) => q.replyDue ?? '9999');
      assert.deepEqual(dues, [...dues].sort());
      assert.ok(queue.every((q) => q.agencyId === f.chengliu));
      assert.ok(queue.some((q) => q.overdue));
      assert.equal(
        (await listApplicationQueue(ctx, f.otherHandler)).some((q) => q.agencyId === f.chengliu),
        false,
      );
      const first = queue[0]!;
      await rejects(
        assignApplication(ctx, f.handler, first.id, f.otherHandler.user.id),
        'input.invalid',
        /依申请办理/,
      );
      await assignApplication(ctx, f.handler, first.id, f.handler.user.id);
      const mine = await listApplicationQueue(ctx, f.handler, { assignedTo: f.handler.user.id });
      assert.deepEqual(
        mine.map((q) => q.id),
        [first.id],
      );
    });

    it('refuses to assign a finished application, before any write; a reopened one is assigned again', async () => {
      ctx.setNow('2026-05-07T02:00:00.000Z');
      const assigned = async (id: string) => (await findApplicationRow(database.db, id))?.assigned_to ?? null;
      const assignAudits = async (id: string) =>
        (
          await database.db
            .selectFrom('audit_log')
            .select('seq')
            .where('action', '=', 'application.assign')
            .where('object_id', '=', id)
            .execute()
        ).length;
      const withdrawn = await submitOnlineApplication(ctx, intake(f.chengliu));
      await assignApplication(ctx, f.handler, withdrawn.applicationId, f.handler.user.id, {
        expectedAssignee: null,
      });
      await recordApplicationEvent(ctx, f.handler, withdrawn.applicationId, {
        type: 'withdrawn',
        at: '2026-05-07',
      });
      // A page opened before the withdrawal still offers the form: the clerk saw f.handler assigned.
      for (const assignee of [null, f.handler.user.id]) {
        await rejects(
          assignApplication(ctx, f.approver, withdrawn.applicationId, assignee, {
            expectedAssignee: f.handler.user.id,
          }),
          'conflict.state',
          /已办结，不能再分配承办人/,
        );
      }
      assert.equal(await assigned(withdrawn.applicationId), f.handler.user.id);
      assert.equal(await assignAudits(withdrawn.applicationId), 1, 'only the assignment that happened');

      // Answered (答复 issued, is_open 0) is finished too; 重新答复 opens it for a handler again.
      const answered = await submitOnlineApplication(ctx, intake(f.chengliu));
      await recordApplicationEvent(ctx, f.handler, answered.applicationId, {
        type: 'decided',
        at: '2026-05-07',
        outcome: 'unable1',
        legalBasis: '经检索，本机关不掌握您申请获取的政府信息。',
      });
      await rejects(
        assignApplication(ctx, f.handler, answered.applicationId, f.handler.user.id),
        'conflict.state',
        /已办结/,
      );
      assert.equal(await assigned(answered.applicationId), null);
      await recordApplicationEvent(ctx, f.handler, answered.applicationId, {
        type: 'reopened',
        at: '2026-05-07',
        reason: '行政复议决定责令重新答复',
      });
      await assignApplication(ctx, f.handler, answered.applicationId, f.handler.user.id, {
        expectedAssignee: null,
      });
      assert.equal(await assigned(answered.applicationId), f.handler.user.id);
      assert.equal(await assignAudits(answered.applicationId), 1);
    });

    it('builds table 三 from the stored rows exactly as from the histories, and table 四 from appeals', async () => {
      ctx.setNow('2026-06-01T02:00:00.000Z');
      const rows = await database.db
        .selectFrom('applications')
        .select(['id', 'applicant_type', 'agency_id'])
        .execute();
      const calendar = await currentWorkingDayCalendar(database.db);
      for (const agency of [f.chengliu, f.sili]) {
        const histories = await Promise.all(
          rows
            .filter((r) => r.agency_id === agency)
            .map(async (r) => ({
              id: r.id,
              applicantType: r.applicant_type as 'naturalPerson',
              events: await loadEvents(database.db, r.id),
            })),
        );
        for (const year of [2025, 2026, 2027]) {
          assert.deepEqual(
            await table3Of(database.db, agency, year),
            buildTable3(histories, year, calendar),
            `${agency} ${year}`,
          );
        }
      }
      const table2026 = await table3Of(database.db, f.chengliu, 2026);
      assert.equal(table2026.partial?.[0], 1);
      // Still open at the end of 2026 and nothing happening in 2027: carried into and out of 2027.
      const table2027 = await table3Of(database.db, f.chengliu, 2027);
      assert.equal(table2027.carriedIn?.[6], table2026.carriedOut?.[6]);

      // A 复议 decided 纠正 reopens the closed application for a new reply, in the same transaction.
      const decided = (
        await database.db
          .selectFrom('applications')
          .select('id')
          .where('outcome', '=', 'partial')
          .executeTakeFirstOrThrow()
      ).id;
      const appeal = await recordAppeal(ctx, f.handler, {
        applicationId: decided,
        kind: 'reconsideration',
        caseNumber: '济示复〔2026〕7号',
        filedOn: '2026-04-15',
      });
      assert.deepEqual((await table4Of(database.db, f.chengliu, 2026)).reconsideration, [0, 0, 0, 1, 1]);
      await decideAppeal(ctx, f.handler, appeal.id, { result: '纠正', closedOn: '2026-05-29' });
      const reopened = await findApplicationRow(database.db, decided);
      assert.equal(reopened?.is_open, 1);
      assert.equal(reopened?.phase, 'processing');
      assert.deepEqual((await table4Of(database.db, f.chengliu, 2026)).reconsideration, [0, 1, 0, 0, 1]);
      assert.deepEqual((await table4Of(database.db, f.chengliu, 2027)).reconsideration, [0, 0, 0, 0, 0]);
    });
  });
}
