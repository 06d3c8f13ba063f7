import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { updateAgency } from '../agencies/index.ts';
import { SYSTEM, type TestContext, testContext } from '../agencies/testing.ts';
import type { HolidayArrangement } from '../calendar/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { runJobOnce } from '../jobs/scheduler.ts';
import { findApplicationRow } from './application.repository.ts';
import { applicationDeadlineJobs, listReminders } from './deadline-jobs.ts';
import { enterHolidayYear, submitOnlineApplication } from './index.ts';
import {
  type ApplicationFixture,
  buildApplicationFixture,
  intake,
  ZHANG_ID,
  ZHANG_PHONE,
} from './testing.ts';

const YEAR_2027: HolidayArrangement = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: [
    ['2027-01-01', '2027-01-03'],
    ['2027-02-05', '2027-02-13'],
  ],
  makeupWorkdays: ['2027-02-14'],
};

interface Received {
  to: string[];
  body: string;
}

async function startSmtp(): Promise<{ port: number; mails: Received[]; close(): Promise<void> }> {
  const mails: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Subject and body of a single-part message as nodemailer writes it (base64 body, B-encoded subject). */
function decodeMime(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).trim();
  const subject = [...headers.matchAll(/=\?UTF-8\?B\?([^?]+)\?=/gi)]
    .map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))
    .join('');
  const text = /Content-Transfer-Encoding: base64/i.test(headers)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : body;
  return `${subject}\n${text}`;
}

for (const engine of ENGINES) {
  describe(`deadline jobs on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: ApplicationFixture;
    let applicationId: string;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildApplicationFixture(ctx);
    });
    after(async () => database?.drop());

    it('marks a due date in a year without a notice provisional, and entering the notice moves it', async () => {
      ctx.setNow('2026-12-10T02:00:00.000Z');
      const app = await submitOnlineApplication(ctx, intake(f.chengliu));
      applicationId = app.applicationId;
      // Counting 2027-01-01 (a Friday) as a working day until the notice says otherwise.
      assert.equal(app.replyDue, '2027-01-07');
      let row = await findApplicationRow(database.db, applicationId);
      assert.equal(row?.due_provisional, 1);
      const { movedApplications } = await enterHolidayYear(ctx, SYSTEM, YEAR_2027);
      assert.equal(movedApplications, 1);
      row = await findApplicationRow(database.db, applicationId);
      assert.equal(row?.reply_due, '2027-01-08');
      assert.equal(row?.due_provisional, 0);
    });

    it('records due-soon and overdue reminders once per day and e-mails each agency without personal data', async () => {
      const smtp = await startSmtp();
      try {
        await updateAgency(ctx, SYSTEM, {
          agencyId: f.chengliu,
          settings: { contact: { email: 'gongkaiban@chengliu.example.gov.cn' } },
        });
        const transport = createTransport({
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          ignoreTLS: true,
        });
        const [remind, mail] = applicationDeadlineJobs({ transport, mailFrom: 'gongkai@example.gov.cn' });
        assert.ok(remind && mail);

        // 2027-01-05: three working days (01-06, 01-07, 01-08) left → 即将到期.
        ctx.setNow('2027-01-05T01:00:00.000Z');
        assert.equal(await runJobOnce(database.db, remind, ctx.now()), 'ran');
        assert.equal(await runJobOnce(database.db, remind, ctx.now()), 'skipped');
        let reminders = await listReminders(database.db, [f.chengliu]);
        assert.deepEqual(
          reminders.map((r) => [r.kind, r.dueOn]),
          [['due_soon', '2027-01-08']],
        );
        assert.equal(await runJobOnce(database.db, mail, ctx.now()), 'ran');
        assert.equal(smtp.mails.length, 1);
        assert.deepEqual(smtp.mails[0]!.to, ['gongkaiban@chengliu.example.gov.cn']);
        const text = decodeMime(smtp.mails[0]!.body);
        const row = await findApplicationRow(database.db, applicationId);
        assert.ok(text.includes(row!.tracking_number), text);
        for (const secret of [ZHANG_ID, ZHANG_PHONE, '张三'])
          assert.ok(!text.includes(secret), `mail contains ${secret}`);

        // 2027-01-11: past the due date → 已超期; the next day's mail lists it, and only it.
        ctx.setNow('2027-01-11T01:00:00.000Z');
        await runJobOnce(database.db, remind, ctx.now());
        reminders = await listReminders(database.db, [f.chengliu]);
        assert.ok(reminders.some((r) => r.kind === 'overdue'));
        await runJobOnce(database.db, mail, ctx.now());
        assert.equal(smtp.mails.length, 2);
        assert.match(decodeMime(smtp.mails[1]!.body), /已超过答复期限|已超期/);
        // Another town's staff do not get 承留镇's reminders.
        assert.deepEqual(await listReminders(database.db, [f.sili]), []);
      } finally {
        await smtp.close();
      }
    });

    it('retries the e-mail on the next tick when the server is down (nothing marked sent)', async () => {
      const transport = createTransport({
        host: '127.0.0.1',
        port: 9,
        secure: false,
        ignoreTLS: true,
        connectionTimeout: 500,
      });
      const jobs = applicationDeadlineJobs({ transport, mailFrom: 'gongkai@example.gov.cn' });
      ctx.setNow('2027-01-12T01:00:00.000Z');
      await database.db.updateTable('reminders').set({ emailed_at: null }).execute();
      await assert.rejects(runJobOnce(database.db, jobs[1]!, ctx.now()));
      const unsent = await database.db
        .selectFrom('reminders')
        .select('id')
        .where('emailed_at', 'is', null)
        .execute();
      const all = await database.db.selectFrom('reminders').select('id').execute();
      assert.equal(unsent.length, all.length);
      const run = await database.db
        .selectFrom('job_runs')
        .select('last_run')
        .where('name', '=', 'applications.reminder-mail')
        .executeTakeFirst();
      assert.equal(run?.last_run, '2027-01-11');
    });
  });
}
