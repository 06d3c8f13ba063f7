// 办件, 评价 and 效能投诉 stored on both engines: the 评价码 shown once and only its hash kept; one
// rating per 办件, also when two arrive together; the complaint's life (filed online or by hotline,
// numbered, its deadline from the agency's setting, assigned, answered on time or late, overdue in
// the queue); the complainant's masked view; access, isolation between towns, and the audit chain.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Principal, updateAgency } from '../agencies/index.ts';
import {
  buildFixture,
  type Fixture,
  SYSTEM,
  signIn,
  type TestContext,
  testContext,
} from '../agencies/testing.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { staff } from '../disclosures/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import { type SeededCatalogue, seedFeedbackCatalogue } from './feedback-testing.ts';
import {
  answerComplaint,
  assignComplaint,
  fileOnlineComplaint,
  findComplaintByToken,
  formatRatingCode,
  getComplaint,
  listComplaints,
  listRecentServiceEvents,
  maskComplainantName,
  maskComplainantPhone,
  rateService,
  registerHotlineComplaint,
  registerServiceEvent,
} from './index.ts';

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

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const complaint = {
  content: '民政窗口工作人员上班时间离岗，等候四十分钟无人办理',
  complainantName: '王小明',
  complainantPhone: '13812345678',
};

for (const engine of ENGINES) {
  describe(`service events, ratings and complaints stored on ${engine}`, {
    skip: await skipUnless(engine),
  }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: Fixture;
    let clerk: Principal;
    let colleague: Principal;
    let editor: Principal;
    let siliClerk: Principal;
    let supervisor: Principal;
    let cl: SeededCatalogue;
    let sl: SeededCatalogue;

    const count = async (table: 'service_events' | 'service_ratings' | 'service_complaints') =>
      (await database.db.selectFrom(table).select('id').execute()).length;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildFixture(ctx);
      clerk = await staff(ctx, f.chengliu, 'cl-service', ['service']);
      colleague = await staff(ctx, f.chengliu, 'cl-service-2', ['service']);
      editor = (await signIn(ctx, 'cl-editor', f.passwords.get('cl-editor')!)).principal;
      siliClerk = await staff(ctx, f.sili, 'sl-service', ['service']);
      supervisor = (await signIn(ctx, 'jy-supervisor', f.passwords.get('jy-supervisor')!)).principal;
      cl = await seedFeedbackCatalogue(database.db, f.chengliu);
      sl = await seedFeedbackCatalogue(database.db, f.sili, { window: '综合窗口' });
    });
    after(async () => database?.drop());

    it('registers a 办件 at a window or online and keeps only the hash of its 评价码', async () => {
      const atWindow = await registerServiceEvent(ctx, clerk, {
        agencyId: f.chengliu,
        itemId: cl.itemId,
        channel: 'window',
        windowId: null,
      });
      assert.match(atWindow.code, /^[2-9A-HJKMNP-TW-Z]{10}$/);
      assert.equal(atWindow.windowName, '民政窗口', "the item's own window when none is chosen");
      const online = await registerServiceEvent(ctx, clerk, {
        agencyId: f.chengliu,
        itemId: cl.looseItemId,
        channel: 'online',
        windowId: null,
      });
      assert.notEqual(online.code, atWindow.code);
      const rows = await database.db
        .selectFrom('service_events')
        .selectAll()
        .orderBy('occurred_at')
        .execute();
      assert.equal(rows.length, 2);
      const stored = rows.find((r) => r.id === atWindow.eventId)!;
      assert.equal(stored.code_hash, sha256(atWindow.code));
      assert.equal(stored.window_id, cl.windowId);
      assert.equal(rows.find((r) => r.id === online.eventId)!.window_id, null);
      assert.ok(!JSON.stringify(rows).includes(atWindow.code), 'the code itself is nowhere in the table');
      const audit = await listAudit(database.db, { action: 'service.event.register' });
      assert.equal(audit.length, 2);
      assert.ok(!JSON.stringify(audit).includes(atWindow.code), 'nor in the audit log');
      const recent = await listRecentServiceEvents(ctx, clerk, f.chengliu);
      assert.deepEqual(recent.map((e) => [e.itemName, e.windowName, e.channel, e.rating]).sort(), [
        ['临时救助', null, 'online', null],
        ['农村五保供养审批', '民政窗口', 'window', null],
      ]);
    });

    it('refuses a 办件 of a withdrawn or foreign item, at a closed or foreign window, or by the wrong people', async () => {
      const before = await count('service_events');
      const register = (actor: Principal, input: Partial<Parameters<typeof registerServiceEvent>[2]>) =>
        registerServiceEvent(ctx, actor, {
          agencyId: f.chengliu,
          itemId: cl.itemId,
          channel: 'window',
          windowId: cl.windowId,
          ...input,
        });
      await rejects(register(clerk, { itemId: cl.withdrawnItemId }), 'input.invalid', /已停止办理/);
      await rejects(register(clerk, { itemId: sl.itemId }), 'input.invalid', /不是本机构的事项/);
      await rejects(register(clerk, { itemId: 'no-such-item' }), 'input.invalid', /不存在/);
      await rejects(register(clerk, { windowId: cl.closedWindowId }), 'input.invalid', /已撤销/);
      await rejects(register(clerk, { windowId: sl.windowId }), 'input.invalid', /不是本机构的窗口/);
      await rejects(
        register(clerk, { itemId: cl.looseItemId, windowId: null }),
        'input.invalid',
        /请选择办理窗口/,
      );
      await rejects(register(clerk, { channel: 'online' }), 'input.invalid', /不选择窗口/);
      await rejects(register(clerk, { channel: 'post' as never }), 'input.invalid', /办理方式/);
      await rejects(register(editor, {}), 'access.forbidden');
      await rejects(register(siliClerk, {}), 'access.not_found');
      await rejects(register(supervisor, {}), 'access.forbidden');
      assert.equal(await count('service_events'), before, 'nothing written');
    });

    it('takes one rating per 办件 with the typed code, keeping its window and item; refuses unknown codes', async () => {
      const event = await registerServiceEvent(ctx, clerk, {
        agencyId: f.chengliu,
        itemId: cl.itemId,
        channel: 'window',
        windowId: cl.windowId,
      });
      const before = await count('service_ratings');
      // An unknown code, a code of another town's URL, a wrong form: nothing written.
      const other = await registerServiceEvent(ctx, siliClerk, {
        agencyId: f.sili,
        itemId: sl.itemId,
        channel: 'window',
        windowId: null,
      });
      await rejects(
        rateService(ctx, {
          agencyId: f.chengliu,
          code: 'ZZZZZ-ZZZZZ',
          level: 'satisfied',
          reason: '',
          source: 'portal',
        }),
        'input.invalid',
        /没有找到与该评价码相符的办件/,
      );
      await rejects(
        rateService(ctx, {
          agencyId: f.chengliu,
          code: other.code,
          level: 'satisfied',
          reason: '',
          source: 'portal',
        }),
        'input.invalid',
        /没有找到/,
      );
      const bad = await rejects(
        rateService(ctx, {
          agencyId: f.chengliu,
          code: '123',
          level: 'dissatisfied',
          reason: ' ',
          source: 'portal',
        }),
        'input.invalid',
      );
      assert.deepEqual(bad.details.fields, ['code', 'reason']);
      assert.equal(await count('service_ratings'), before);

      const typed = ` ${formatRatingCode(event.code).toLowerCase().replace('-', ' ')} `;
      const rated = await rateService(ctx, {
        agencyId: f.chengliu,
        code: typed,
        level: 'dissatisfied',
        reason: '  材料要求没有一次性告知  ',
        source: 'qr',
      });
      assert.equal(rated.itemName, '农村五保供养审批');
      assert.equal(rated.windowName, '民政窗口');
      const row = await database.db
        .selectFrom('service_ratings')
        .selectAll()
        .where('event_id', '=', event.eventId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.agency_id, row.window_id, row.item_id, row.level, row.reason, row.source],
        [f.chengliu, cl.windowId, cl.itemId, 'dissatisfied', '材料要求没有一次性告知', 'qr'],
      );
      await rejects(
        rateService(ctx, {
          agencyId: f.chengliu,
          code: event.code,
          level: 'very_satisfied',
          reason: '',
          source: 'portal',
        }),
        'conflict.exists',
        /已经评价过了/,
      );
      assert.equal(await count('service_ratings'), before + 1);
      const audit = await listAudit(database.db, { action: 'service.rate' });
      assert.equal(audit.length, 1);
      assert.ok(!audit[0]!.details.includes('材料要求'), "the citizen's words stay out of the audit log");
    });

    it('keeps exactly one rating when two are sent for the same 办件 at the same moment', async () => {
      for (let round = 0; round < 3; round++) {
        const event = await registerServiceEvent(ctx, clerk, {
          agencyId: f.chengliu,
          itemId: cl.itemId,
          channel: 'window',
          windowId: cl.windowId,
        });
        const results = await Promise.allSettled(
          (['very_satisfied', 'satisfied', 'basically_satisfied'] as const).map((level) =>
            rateService(ctx, { agencyId: f.chengliu, code: event.code, level, reason: '', source: 'portal' }),
          ),
        );
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}`);
        for (const r of results)
          if (r.status === 'rejected') {
            assert.ok(r.reason instanceof DomainError, String(r.reason));
            assert.equal(r.reason.code, 'conflict.exists');
          }
        const rows = await database.db
          .selectFrom('service_ratings')
          .select('id')
          .where('event_id', '=', event.eventId)
          .execute();
        assert.equal(rows.length, 1);
      }
    });

    it('files a complaint online: numbered, due in 10 working days, the link showing it masked', async () => {
      ctx.setNow('2026-03-02T01:00:00.000Z'); // Monday 2 March, 09:00 in Beijing
      const filed = await fileOnlineComplaint(ctx, {
        agencyId: f.chengliu,
        windowId: cl.windowId,
        itemId: cl.itemId,
        ...complaint,
      });
      assert.equal(filed.reference, 'TS2026-0001');
      assert.equal(filed.receivedOn, '2026-03-02');
      assert.equal(filed.dueOn, '2026-03-16');
      const row = await database.db
        .selectFrom('service_complaints')
        .selectAll()
        .where('id', '=', filed.complaintId)
        .executeTakeFirstOrThrow();
      assert.equal(row.token_hash, sha256(filed.token));
      assert.equal(row.state, 'received');
      assert.equal(row.channel, 'online');
      assert.equal(row.created_by, null);
      const view = await findComplaintByToken(ctx, filed.token);
      assert.ok(view);
      assert.equal(view.reference, 'TS2026-0001');
      assert.equal(view.complainantName, '王**');
      assert.equal(view.complainantPhone, '138****5678');
      assert.equal(view.windowName, '民政窗口');
      assert.equal(view.dueOn, '2026-03-16');
      assert.ok(!JSON.stringify(view).includes('13812345678'));
      assert.equal(await findComplaintByToken(ctx, `${filed.token.slice(0, -1)}A`), null);
      assert.equal(await findComplaintByToken(ctx, 'short'), null);
      const audit = await listAudit(database.db, { action: 'service.complaint.file' });
      assert.ok(!JSON.stringify(audit).includes('王小明') && !JSON.stringify(audit).includes('13812345678'));
    });

    it("uses the agency's own deadline, counted over the calendar", async () => {
      await updateAgency(ctx, SYSTEM, { agencyId: f.chengliu, settings: { complaintDeadlineDays: 3 } });
      await rejects(
        updateAgency(ctx, SYSTEM, { agencyId: f.chengliu, settings: { complaintDeadlineDays: 61 } }),
        'input.invalid',
      );
      ctx.setNow('2026-04-02T02:00:00.000Z'); // Thursday 2 April; 4–6 April is 清明
      const filed = await fileOnlineComplaint(ctx, {
        agencyId: f.chengliu,
        windowId: null,
        itemId: null,
        ...complaint,
      });
      assert.equal(filed.reference, 'TS2026-0002');
      assert.equal(filed.dueOn, '2026-04-08'); // 3 April, 7 April, 8 April
      await updateAgency(ctx, SYSTEM, { agencyId: f.chengliu, settings: { complaintDeadlineDays: null } });
    });

    it('numbers complaints filed together without a gap or a repeat, per agency', async () => {
      ctx.setNow('2026-04-03T02:00:00.000Z');
      // More at once than the retries of a unique number allow (a crowd: each of n writers reading
      // the same highest number needed n attempts, and the sixth got a 500 on PostgreSQL).
      const filed = await Promise.all(
        Array.from({ length: 12 }, () =>
          fileOnlineComplaint(ctx, { agencyId: f.chengliu, windowId: null, itemId: null, ...complaint }),
        ),
      );
      assert.deepEqual(
        filed.map((c) => c.reference).sort(),
        Array.from({ length: 12 }, (_, i) => `TS2026-${String(i + 3).padStart(4, '0')}`),
      );
      const sili = await fileOnlineComplaint(ctx, {
        agencyId: f.sili,
        windowId: null,
        itemId: null,
        ...complaint,
      });
      assert.equal(sili.reference, 'TS2026-0001', 'another town counts its own');
    });

    it('refuses incomplete complaints, and windows or items of another town', async () => {
      const before = await count('service_complaints');
      const bad = await rejects(
        fileOnlineComplaint(ctx, {
          agencyId: f.chengliu,
          windowId: null,
          itemId: null,
          content: '',
          complainantName: '',
          complainantPhone: '12345',
        }),
        'input.invalid',
      );
      assert.deepEqual(bad.details.fields, ['content', 'complainantName', 'complainantPhone']);
      await rejects(
        fileOnlineComplaint(ctx, { agencyId: f.chengliu, windowId: sl.windowId, itemId: null, ...complaint }),
        'input.invalid',
        /不是本机构的窗口/,
      );
      await rejects(
        fileOnlineComplaint(ctx, { agencyId: f.chengliu, windowId: null, itemId: sl.itemId, ...complaint }),
        'input.invalid',
        /不是本机构的事项/,
      );
      await rejects(
        fileOnlineComplaint(ctx, { agencyId: 'no-such-agency', windowId: null, itemId: null, ...complaint }),
        'access.not_found',
      );
      await rejects(
        registerHotlineComplaint(ctx, editor, {
          agencyId: f.chengliu,
          windowId: null,
          itemId: null,
          ...complaint,
        }),
        'access.forbidden',
      );
      assert.equal(await count('service_complaints'), before);
    });

    it('assigns, answers on time or late, and flags the overdue first in the queue', async () => {
      ctx.setNow('2026-05-11T01:00:00.000Z'); // Monday 11 May
      const hotline = await registerHotlineComplaint(ctx, clerk, {
        agencyId: f.chengliu,
        windowId: cl.windowId,
        itemId: null,
        ...complaint,
        complainantPhone: '0391-6012345',
      });
      assert.equal(hotline.dueOn, '2026-05-25');
      const late = await fileOnlineComplaint(ctx, {
        agencyId: f.chengliu,
        windowId: null,
        itemId: null,
        ...complaint,
      });

      await rejects(
        assignComplaint(ctx, clerk, {
          agencyId: f.chengliu,
          complaintId: hotline.complaintId,
          assigneeId: f.userIds.get('cl-editor')!,
        }),
        'input.invalid',
        /只能分配给本机构负责政务服务的工作人员/,
      );
      await rejects(
        assignComplaint(ctx, clerk, {
          agencyId: f.chengliu,
          complaintId: hotline.complaintId,
          assigneeId: siliClerk.user.id,
        }),
        'input.invalid',
      );
      await assignComplaint(ctx, clerk, {
        agencyId: f.chengliu,
        complaintId: hotline.complaintId,
        assigneeId: colleague.user.id,
      });
      const assigned = await getComplaint(ctx, clerk, f.chengliu, hotline.complaintId);
      assert.equal(assigned.state, 'assigned');
      assert.equal(assigned.assigneeName, 'cl-service-2');
      assert.equal(assigned.complainantPhone, '0391-6012345', 'staff see the number in full');
      assert.equal(assigned.channel, 'hotline');

      // On the last day (Beijing), late in the evening UTC-wise still 25 May in Beijing.
      ctx.setNow('2026-05-25T15:59:00.000Z');
      await rejects(
        answerComplaint(ctx, colleague, {
          agencyId: f.chengliu,
          complaintId: hotline.complaintId,
          answer: '  ',
        }),
        'input.invalid',
        /请填写答复内容/,
      );
      const answered = await answerComplaint(ctx, colleague, {
        agencyId: f.chengliu,
        complaintId: hotline.complaintId,
        answer: '经核实，已对当事人批评教育，并调整窗口午间值守安排。',
      });
      assert.equal(answered.onTime, true);
      await rejects(
        answerComplaint(ctx, clerk, {
          agencyId: f.chengliu,
          complaintId: hotline.complaintId,
          answer: '再答一次',
        }),
        'conflict.state',
      );
      await rejects(
        assignComplaint(ctx, clerk, {
          agencyId: f.chengliu,
          complaintId: hotline.complaintId,
          assigneeId: clerk.user.id,
        }),
        'conflict.state',
      );

      // 16:00 UTC is already 26 May in Beijing: the other one is overdue, and answered late.
      ctx.setNow('2026-05-25T16:00:00.000Z');
      const queue = await listComplaints(ctx, clerk, f.chengliu);
      assert.equal(queue.find((c) => c.id === late.complaintId)!.overdue, true);
      const lastOverdue = queue.findLastIndex((c) => c.overdue);
      assert.ok(
        queue.slice(0, lastOverdue + 1).every((c) => c.overdue),
        'overdue ones first',
      );
      assert.ok(queue.filter((c) => c.overdue).every((c) => c.state !== 'answered'));
      const firstAnswered = queue.findIndex((c) => c.state === 'answered');
      assert.ok(
        queue.slice(firstAnswered).every((c) => c.state === 'answered'),
        'answered ones last',
      );
      assert.equal(queue.find((c) => c.id === hotline.complaintId)!.onTime, true);
      const lateAnswer = await answerComplaint(ctx, clerk, {
        agencyId: f.chengliu,
        complaintId: late.complaintId,
        answer: '已答复',
      });
      assert.equal(lateAnswer.onTime, false);
      const view = await findComplaintByToken(ctx, late.token);
      assert.equal(view!.state, 'answered');
      assert.equal(view!.answer, '已答复');
      assert.equal(view!.answeredOn, '2026-05-26');
    });

    it('dates a hotline call typed in later on the day it came, within the last 30 days', async () => {
      ctx.setNow('2026-06-02T02:00:00.000Z'); // Tuesday 2 June
      const before = await count('service_complaints');
      const late = await registerHotlineComplaint(ctx, clerk, {
        agencyId: f.chengliu,
        windowId: null,
        itemId: null,
        ...complaint,
        receivedOn: '2026-05-29',
      });
      assert.equal(late.receivedOn, '2026-05-29');
      assert.equal(late.dueOn, '2026-06-12'); // 10 working days after Friday 29 May
      const row = await database.db
        .selectFrom('service_complaints')
        .select(['received_at', 'created_at'])
        .where('id', '=', late.complaintId)
        .executeTakeFirstOrThrow();
      assert.equal(row.received_at, '2026-05-28T16:00:00.000Z');
      assert.equal(row.created_at, '2026-06-02T02:00:00.000Z');
      for (const [receivedOn, message] of [
        ['2026-06-03', /不能晚于今天/],
        ['2026-04-30', /最近 30 天内/],
        ['yesterday', /有效日期/],
      ] as const) {
        const refused = await rejects(
          registerHotlineComplaint(ctx, clerk, {
            agencyId: f.chengliu,
            windowId: null,
            itemId: null,
            ...complaint,
            receivedOn,
          }),
          'input.invalid',
          message,
        );
        assert.deepEqual(refused.details.fields, ['receivedOn']);
      }
      assert.equal(await count('service_complaints'), before + 1);
    });

    it('keeps each town to its own complaints; the supervisor above reads them', async () => {
      const [first] = await listComplaints(ctx, clerk, f.chengliu);
      await rejects(listComplaints(ctx, siliClerk, f.chengliu), 'access.not_found');
      await rejects(getComplaint(ctx, siliClerk, f.chengliu, first!.id), 'access.not_found');
      await rejects(getComplaint(ctx, siliClerk, f.sili, first!.id), 'access.not_found', /投诉不存在/);
      await rejects(listComplaints(ctx, editor, f.chengliu), 'access.forbidden');
      await rejects(
        answerComplaint(ctx, siliClerk, { agencyId: f.sili, complaintId: first!.id, answer: '越权答复' }),
        'access.not_found',
      );
      await rejects(
        answerComplaint(ctx, supervisor, {
          agencyId: f.chengliu,
          complaintId: first!.id,
          answer: '监督不能答复',
        }),
        'access.forbidden',
      );
      const seen = await listComplaints(ctx, supervisor, f.chengliu);
      assert.ok(seen.length > 0);
      assert.ok((await listComplaints(ctx, siliClerk, f.sili)).every((c) => c.reference === 'TS2026-0001'));
      // The clerk calls the complainant back; the supervisor reads the case, not who filed it.
      const full = await getComplaint(ctx, clerk, f.chengliu, first!.id);
      const read = await getComplaint(ctx, supervisor, f.chengliu, first!.id);
      assert.equal(read.content, full.content);
      assert.equal(read.complainantName, maskComplainantName(full.complainantName));
      assert.equal(read.complainantPhone, maskComplainantPhone(full.complainantPhone));
      assert.notEqual(read.complainantPhone, full.complainantPhone, 'the phone masked for the supervisor');
      assert.notEqual(read.complainantName, full.complainantName, 'the name masked for the supervisor');
    });

    it('leaves an intact audit chain', async () => {
      const verification = await verifyAuditLog(database.db);
      assert.deepEqual(verification.problems, []);
    });
  });
}
