// The daily reminders of 效能投诉 on both engines with a pinned clock around the 2026 National Day
// holiday: which complaints are noticed (due today or the next working day, holidays and 调休
// respected; overdue; never the answered), one e-mail per agency to its reminder or contact
// address with the 投诉编号, deadline and assignee and no complainant's data, nothing sent twice
// (a second run the same day, or the next day for what was already sent), a complaint answered
// before the mail left out, a failed send retried; and the dashboard's overdue count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SendMailOptions } from 'nodemailer';
import { type Principal, updateAgency } from '../agencies/index.ts';
import { buildFixture, type Fixture, SYSTEM, type TestContext, testContext } from '../agencies/testing.ts';
import {
  buildCalendar,
  enterHolidayArrangement,
  loadWorkingDayCalendar,
  OFFICIAL_ARRANGEMENTS,
} from '../calendar/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { staff } from '../disclosures/testing.ts';
import { runJobOnce } from '../jobs/scheduler.ts';
import {
  complaintReminderJobs,
  complaintReminderKind,
  complaintReminderMail,
  overdueComplaintCounts,
  pendingComplaintReminderMails,
  recordComplaintReminders,
  recountProvisionalDeadlines,
} from './complaint-jobs.ts';
import { answerComplaint, assignComplaint, fileOnlineComplaint, registerHotlineComplaint } from './index.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

describe('complaint reminder kind (pure)', () => {
  it('reminds of a complaint due today or the next working day, and of an overdue one', () => {
    const cases: [today: string, due: string, kind: string | null][] = [
      ['2026-03-04', '2026-03-04', 'due_soon'], // due today
      ['2026-03-04', '2026-03-05', 'due_soon'], // tomorrow
      ['2026-03-04', '2026-03-06', null], // two working days away
      ['2026-03-06', '2026-03-09', 'due_soon'], // Friday → Monday
      ['2026-03-06', '2026-03-10', null],
      ['2026-09-30', '2026-10-08', 'due_soon'], // over the National Day holiday
      ['2026-09-30', '2026-10-09', null],
      ['2026-02-13', '2026-02-14', 'due_soon'], // Saturday 14 February is a 调休 working day
      ['2026-02-13', '2026-02-24', null], // 14 February, then the Spring Festival, then the 24th
      ['2026-02-14', '2026-02-24', 'due_soon'],
      ['2026-03-05', '2026-03-04', 'overdue'],
      ['2027-01-01', '2026-12-31', 'overdue'],
    ];
    for (const [today, due, kind] of cases)
      assert.equal(complaintReminderKind(today, due, calendar), kind, `${today} → ${due}`);
  });

  it('writes the e-mail from the lines only', () => {
    const mail = complaintReminderMail('承留镇', 'a@example.gov.cn', [
      { reference: 'TS2026-0003', kind: 'overdue', dueOn: '2026-09-11', assignee: '李四' },
      { reference: 'TS2026-0005', kind: 'due_soon', dueOn: '2026-10-08', assignee: null },
    ]);
    assert.equal(mail.subject, '【政务服务】承留镇：1件效能投诉已超过办理期限，2件效能投诉需要尽快答复');
    assert.match(mail.text, /- TS2026-0003　已超期　办理期限 2026-09-11　承办人 李四/);
    assert.match(mail.text, /- TS2026-0005　即将到期　办理期限 2026-10-08　承办人 尚未分派/);
    const soon = complaintReminderMail('思礼镇', 'b@example.gov.cn', [
      { reference: 'TS2026-0001', kind: 'due_soon', dueOn: '2026-10-08', assignee: null },
    ]);
    assert.equal(soon.subject, '【政务服务】思礼镇：1件效能投诉需要尽快答复');
  });
});

const complaint = {
  windowId: null,
  itemId: null,
  content: '民政窗口工作人员上班时间离岗，等候四十分钟无人办理',
  complainantName: '王小明',
  complainantPhone: '13812345678',
};
const PERSONAL = ['王小明', '13812345678', '138', '离岗', '等候四十分钟'];

for (const engine of ENGINES) {
  describe(`complaint reminders on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: Fixture;
    let clerk: Principal;
    let colleague: Principal;
    let siliClerk: Principal;
    const sent: SendMailOptions[] = [];
    const transport = {
      async sendMail(mail: SendMailOptions) {
        sent.push(mail);
        return {};
      },
    };
    const [remind, mail] = complaintReminderJobs({
      transport: transport as never,
      mailFrom: 'gongkai@example.gov.cn',
    });
    /** The references a file of complaints got, by name in the test. */
    const ref = new Map<string, { id: string; reference: string; dueOn: string }>();

    const file = async (name: string, agencyId: string, at: string) => {
      ctx.setNow(at);
      const filed = await fileOnlineComplaint(ctx, { agencyId, ...complaint });
      ref.set(name, { id: filed.complaintId, reference: filed.reference, dueOn: filed.dueOn });
      return filed;
    };
    const deadlineDays = (agencyId: string, days: number) =>
      updateAgency(ctx, SYSTEM, { agencyId, settings: { complaintDeadlineDays: days } });
    const reminders = async () =>
      (
        await database.db
          .selectFrom('service_complaint_reminders')
          .select(['complaint_id', 'kind', 'due_on', 'created_on', 'emailed_at'])
          .orderBy('created_on')
          .orderBy('due_on')
          .execute()
      ).map((r) => ({ ...r, emailed_at: r.emailed_at === null ? null : 'sent' }));
    const textOf = (m: SendMailOptions) => `${m.subject}\n${m.text}`;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildFixture(ctx);
      clerk = await staff(ctx, f.chengliu, 'cl-service', ['service']);
      colleague = await staff(ctx, f.chengliu, 'cl-service-2', ['service']);
      siliClerk = await staff(ctx, f.sili, 'sl-service', ['service']);
      await updateAgency(ctx, SYSTEM, {
        agencyId: f.chengliu,
        settings: {
          reminderEmail: 'xiaoneng@chengliu.example.gov.cn',
          contact: { email: 'gk@chengliu.example.gov.cn' },
        },
      });
      await updateAgency(ctx, SYSTEM, {
        agencyId: f.sili,
        settings: { contact: { email: 'gongkai@sili.example.gov.cn' } },
      });
      assert.ok(remind && mail, 'both jobs with a transport');
    });
    after(async () => database?.drop());

    it('notices the complaints due today or the next working day and the overdue, and mails each agency once', async () => {
      // One working day to answer: a complaint of 10 September is due on the 11th.
      await deadlineDays(f.chengliu, 1);
      await deadlineDays(f.sili, 1);
      await file('overdue', f.chengliu, '2026-09-10T02:00:00.000Z');
      const answered = await file('answered', f.chengliu, '2026-09-10T02:00:00.000Z');
      await answerComplaint(ctx, clerk, {
        agencyId: f.chengliu,
        complaintId: answered.complaintId,
        answer: '已核实并整改。',
      });
      await file('today', f.chengliu, '2026-09-29T02:00:00.000Z');
      await file('afterHoliday', f.chengliu, '2026-09-30T01:00:00.000Z');
      await deadlineDays(f.chengliu, 2);
      await file('twoDays', f.chengliu, '2026-09-30T01:00:00.000Z');
      await file('sili', f.sili, '2026-09-30T01:00:00.000Z');
      assert.equal(ref.get('overdue')!.dueOn, '2026-09-11');
      assert.equal(ref.get('today')!.dueOn, '2026-09-30');
      assert.equal(ref.get('afterHoliday')!.dueOn, '2026-10-08');
      assert.equal(ref.get('twoDays')!.dueOn, '2026-10-09');
      await assignComplaint(ctx, clerk, {
        agencyId: f.chengliu,
        complaintId: ref.get('overdue')!.id,
        assigneeId: colleague.user.id,
      });

      // Wednesday 30 September, 10:00 in Beijing.
      ctx.setNow('2026-09-30T02:00:00.000Z');
      assert.equal(await runJobOnce(database.db, remind!, ctx.now()), 'ran');
      const noticed = await reminders();
      const kindOf = (name: string) =>
        noticed.filter((r) => r.complaint_id === ref.get(name)!.id).map((r) => r.kind);
      assert.deepEqual(kindOf('overdue'), ['overdue']);
      assert.deepEqual(kindOf('today'), ['due_soon']);
      assert.deepEqual(kindOf('afterHoliday'), ['due_soon'], 'eight days away, one working day');
      assert.deepEqual(kindOf('sili'), ['due_soon']);
      assert.deepEqual(kindOf('twoDays'), []);
      assert.deepEqual(kindOf('answered'), []);
      assert.equal(noticed.length, 4);
      assert.ok(noticed.every((r) => r.created_on === '2026-09-30' && r.emailed_at === null));

      assert.equal(await runJobOnce(database.db, mail!, ctx.now()), 'ran');
      assert.equal(sent.length, 2, 'one e-mail per agency');
      const chengliu = sent.find((m) => m.to === 'xiaoneng@chengliu.example.gov.cn');
      const sili = sent.find((m) => m.to === 'gongkai@sili.example.gov.cn');
      assert.ok(chengliu && sili, 'the reminder address first, else the contact address');
      assert.equal(chengliu.from, 'gongkai@example.gov.cn');
      const text = textOf(chengliu);
      assert.match(text, /承留镇：1件效能投诉已超过办理期限，3件效能投诉需要尽快答复/);
      assert.ok(
        text.includes(`- ${ref.get('overdue')!.reference}　已超期　办理期限 2026-09-11　承办人 cl-service-2`),
        text,
      );
      assert.ok(
        text.includes(`- ${ref.get('today')!.reference}　即将到期　办理期限 2026-09-30　承办人 尚未分派`),
      );
      assert.ok(text.includes(`- ${ref.get('afterHoliday')!.reference}　即将到期　办理期限 2026-10-08`));
      assert.ok(!text.includes(ref.get('twoDays')!.reference));
      assert.ok(!text.includes(ref.get('answered')!.reference));
      assert.ok(textOf(sili).includes(ref.get('sili')!.reference));
      assert.ok(!textOf(sili).includes(ref.get('today')!.reference), "not another town's");
      for (const m of sent)
        for (const secret of PERSONAL) assert.ok(!textOf(m).includes(secret), `mail contains ${secret}`);
      assert.ok((await reminders()).every((r) => r.emailed_at === 'sent'));

      // A second run the same day: the scheduler skips both; called directly, nothing is new.
      assert.equal(await runJobOnce(database.db, remind!, ctx.now()), 'skipped');
      assert.equal(await runJobOnce(database.db, mail!, ctx.now()), 'skipped');
      assert.equal(await recordComplaintReminders(database.db, ctx.now(), calendar), 0);
      assert.deepEqual((await pendingComplaintReminderMails(database.db)).mails, []);
      assert.equal(sent.length, 2);
    });

    it('mails the next day only what is new: a complaint that became overdue over the holiday', async () => {
      ctx.setNow('2026-10-01T02:00:00.000Z'); // National Day
      assert.equal(await runJobOnce(database.db, remind!, ctx.now()), 'ran');
      assert.equal(await runJobOnce(database.db, mail!, ctx.now()), 'ran');
      assert.equal(sent.length, 3);
      const text = textOf(sent[2]!);
      assert.equal(sent[2]!.to, 'xiaoneng@chengliu.example.gov.cn');
      assert.match(text, /承留镇：1件效能投诉已超过办理期限，1件效能投诉需要尽快答复/);
      assert.ok(text.includes(`- ${ref.get('today')!.reference}　已超期　办理期限 2026-09-30`));
      assert.ok(!text.includes(ref.get('overdue')!.reference), 'already reminded of');
      assert.ok(!text.includes(ref.get('afterHoliday')!.reference), 'already reminded of');
    });

    it('leaves out a complaint answered before the e-mail went, and retries a failed send', async () => {
      // Thursday 8 October, the first working day: the 9 October complaint is due tomorrow.
      ctx.setNow('2026-10-08T01:00:00.000Z');
      assert.equal(await recordComplaintReminders(database.db, ctx.now(), calendar), 1);
      await answerComplaint(ctx, clerk, {
        agencyId: f.chengliu,
        complaintId: ref.get('twoDays')!.id,
        answer: '已答复。',
      });
      // The SMTP server is down: nothing is marked sent, the period is not recorded.
      const [, failing] = complaintReminderJobs({
        transport: {
          sendMail: async () => {
            throw new Error('connection refused');
          },
        } as never,
        mailFrom: 'gongkai@example.gov.cn',
      });
      const siliFiled = await registerHotlineComplaint(ctx, siliClerk, {
        agencyId: f.sili,
        ...complaint,
        receivedOn: '2026-09-30',
      });
      assert.equal(siliFiled.dueOn, '2026-10-08');
      ctx.setNow('2026-10-09T01:00:00.000Z');
      await recordComplaintReminders(database.db, ctx.now(), calendar);
      await assert.rejects(runJobOnce(database.db, failing!, ctx.now()), /connection refused/);
      const unsent = (await reminders()).filter((r) => r.emailed_at === null);
      assert.ok(unsent.length >= 2, JSON.stringify(unsent));
      const run = await database.db
        .selectFrom('job_runs')
        .select('last_run')
        .where('name', '=', 'services.complaint-reminder-mail')
        .executeTakeFirstOrThrow();
      assert.equal(run.last_run, '2026-10-01');
      // The next tick with the server back: the answered complaint is not mentioned.
      assert.equal(await runJobOnce(database.db, mail!, ctx.now()), 'ran');
      const newMails = sent.slice(3);
      assert.ok(newMails.every((m) => !textOf(m).includes(ref.get('twoDays')!.reference)));
      assert.ok(newMails.some((m) => m.to === 'gongkai@sili.example.gov.cn'));
      assert.ok((await reminders()).every((r) => r.emailed_at === 'sent'));
    });

    it('counts the overdue complaints per agency for the dashboard', async () => {
      ctx.setNow('2026-10-09T01:00:00.000Z');
      const counts = await overdueComplaintCounts(database.db, [f.chengliu, f.sili, f.region], ctx.now());
      // 承留镇: due 11 September, 30 September and 8 October (the 9 October one answered);
      // 思礼镇: its two due 8 October.
      assert.equal(counts.get(f.chengliu), 3);
      assert.equal(counts.get(f.sili), 2);
      assert.equal(counts.get(f.region), undefined);
      assert.deepEqual(await overdueComplaintCounts(database.db, [], ctx.now()), new Map());
    });

    it('counts a deadline across New Year again once the next year’s notice is entered, with the days it was filed with', async () => {
      // Monday 28 December 2026, 5 working days: 2027 has no notice yet, so 1 January counts as a
      // working day (a provisional deadline, Monday 4 January).
      await deadlineDays(f.sili, 5);
      const filed = await file('acrossNewYear', f.sili, '2026-12-28T02:00:00.000Z');
      assert.equal(filed.dueOn, '2027-01-04');
      assert.equal(filed.provisional, true);
      // A later setting does not move a deadline already given.
      await deadlineDays(f.sili, 10);
      ctx.setNow('2026-12-29T02:00:00.000Z');
      assert.equal(await runJobOnce(database.db, remind!, ctx.now()), 'ran');
      const stored = () =>
        database.db
          .selectFrom('service_complaints')
          .select(['due_on', 'due_provisional'])
          .where('id', '=', filed.complaintId)
          .executeTakeFirstOrThrow();
      assert.deepEqual(
        await stored(),
        { due_on: '2027-01-04', due_provisional: 1 },
        'no notice yet: unchanged',
      );

      // The 2027 notice: 1–3 January off. The deadline is Tuesday 5 January, no longer provisional.
      await enterHolidayArrangement(ctx, SYSTEM, {
        year: 2027,
        source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
        holidays: [['2027-01-01', '2027-01-03']],
        makeupWorkdays: [],
      });
      ctx.setNow('2026-12-30T02:00:00.000Z');
      assert.equal(await runJobOnce(database.db, remind!, ctx.now()), 'ran');
      assert.deepEqual(await stored(), { due_on: '2027-01-05', due_provisional: 0 });
      const loaded = await loadWorkingDayCalendar(database.db);
      assert.equal(await recountProvisionalDeadlines(database.db, loaded), 0, 'counted once');
    });
  });
}
