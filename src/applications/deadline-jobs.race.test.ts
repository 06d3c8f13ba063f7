// T-R2: the deadline recompute (daily job, or a holiday notice entered) running while a clerk
// records an event on the same application must not put back columns derived from the events it
// read before the clerk's: the stored columns are always those of the stored events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { updateAgency } from '../agencies/index.ts';
import { SYSTEM, type TestContext, testContext } from '../agencies/testing.ts';
import { saveArrangement } from '../calendar/calendar.repository.ts';
import {
  addDays,
  calendarForWrite,
  currentWorkingDayCalendar,
  enterHolidayArrangement,
  type HolidayArrangement,
  loadWorkingDayCalendar,
} from '../calendar/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { runJobOnce } from '../jobs/scheduler.ts';
import { findApplicationRow } from './application.repository.ts';
import type { ApplicationEvent } from './application.ts';
import {
  applicationDeadlineJobs,
  listReminders,
  pendingReminderMails,
  recomputeOpenApplications,
  recordReminders,
} from './deadline-jobs.ts';
import type { DerivedColumns } from './derived-columns.ts';
import { enterHolidayYear, submitOnlineApplication } from './index.ts';
import { deriveAfter, loadEvents, type RecordedEvent, recordApplicationEvent } from './record-event.ts';
import { type ApplicationFixture, buildApplicationFixture, intake, pauseAfterRead } from './testing.ts';

/** A notice for `year` that makes 1–3 January holidays: a due date counted across them moves. */
function newYear(year: number): HolidayArrangement {
  return {
    year,
    source: `国务院办公厅关于${year}年部分节假日安排的通知（测试数据）`,
    holidays: [[`${year}-01-01`, `${year}-01-03`]],
    makeupWorkdays: [],
  };
}

const DERIVED_KEYS: readonly (keyof DerivedColumns)[] = [
  'phase',
  'is_open',
  'reply_due',
  'due_provisional',
  'outcome',
  'closed_on',
  'last_event_on',
  'event_count',
];

function pick(row: object): Record<string, unknown> {
  return Object.fromEntries(DERIVED_KEYS.map((k) => [k, (row as Record<string, unknown>)[k]]));
}

interface ClerkAction {
  name: string;
  event(on: string): ApplicationEvent;
  by: 'handler' | 'approver';
  check(columns: DerivedColumns): void;
}

const ACTIONS: ClerkAction[] = [
  {
    name: '延期',
    by: 'approver',
    event: (on) => ({ type: 'extension_approved', at: on, approver: '李主任', days: 10, noticeOn: on }),
    check: (c) => assert.equal(c.is_open, 1),
  },
  {
    name: '补正',
    by: 'handler',
    event: (on) => ({
      type: 'supplement_requested',
      at: on,
      items: ['请写明所需信息的名称或文号'],
      correctionDue: addDays(on, 15),
    }),
    check: (c) => assert.equal(c.phase, 'awaiting_supplement'),
  },
  {
    name: '答复',
    by: 'handler',
    event: (on) => ({
      type: 'decided',
      at: on,
      outcome: 'unable1',
      legalBasis: '经检索，本机关不掌握您申请获取的政府信息。',
    }),
    check: (c) => assert.equal(c.is_open, 0),
  },
  {
    name: '撤回',
    by: 'handler',
    event: (on) => ({ type: 'withdrawn', at: on }),
    check: (c) => assert.equal(c.is_open, 0),
  },
];

for (const engine of ENGINES) {
  describe(`deadline recompute racing a clerk on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: ApplicationFixture;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildApplicationFixture(ctx);
    });
    after(async () => database?.drop());

    /** Every application's stored columns and year rows are those of its stored events. */
    async function assertAllDerived(): Promise<void> {
      const calendar = await loadWorkingDayCalendar(database.db);
      const ids = await database.db.selectFrom('applications').select('id').execute();
      for (const { id } of ids) {
        const row = (await findApplicationRow(database.db, id))!;
        const derived = deriveAfter(row, await loadEvents(database.db, id), calendar);
        assert.deepEqual(pick(row), pick(derived.columns), `columns of ${row.tracking_number}`);
        const years = await database.db
          .selectFrom('application_years')
          .select(['year', 'applicant_column', 'entry', 'exit'])
          .where('application_id', '=', id)
          .orderBy('year')
          .execute();
        assert.deepEqual(years, derived.years, `year rows of ${row.tracking_number}`);
      }
    }

    /** Two applications whose due date counts 1–3 January of `year`, before its notice is entered. */
    async function twoProvisional(year: number): Promise<{ target: string; other: string }> {
      ctx.setNow(`${year - 1}-12-10T02:00:00.000Z`);
      const target = await submitOnlineApplication(ctx, intake(f.chengliu));
      const other = await submitOnlineApplication(ctx, intake(f.chengliu));
      assert.equal((await findApplicationRow(database.db, target.applicationId))?.due_provisional, 1);
      ctx.setNow(`${year - 1}-12-15T02:00:00.000Z`);
      // The notice alone (as another process would enter it): the due dates are not moved yet.
      await enterHolidayArrangement(ctx, SYSTEM, newYear(year));
      return { target: target.applicationId, other: other.applicationId };
    }

    function act(action: ClerkAction, applicationId: string, on: string): Promise<RecordedEvent> {
      return recordApplicationEvent(ctx, f[action.by], applicationId, action.event(on));
    }

    ACTIONS.forEach((action, i) => {
      it(`keeps the clerk's ${action.name} recorded between the recompute's read and its write`, async () => {
        const year = 2027 + i;
        const { target, other } = await twoProvisional(year);
        const before = (await findApplicationRow(database.db, other))!;
        const pausing = pauseAfterRead(database.db, 'application_events', target);
        const job = recomputeOpenApplications(pausing.db, ctx.now());
        await pausing.paused;
        const recorded = await act(action, target, `${year - 1}-12-15`).finally(pausing.release);
        const moved = await job;

        const row = (await findApplicationRow(database.db, target))!;
        assert.deepEqual(pick(row), pick(recorded.derived.columns), 'the clerk’s columns stay');
        action.check(row as DerivedColumns);
        assert.equal(row.event_count, 2);
        // The clerk's write already used the notice; the untouched application is moved and counted.
        const otherRow = (await findApplicationRow(database.db, other))!;
        assert.equal(otherRow.due_provisional, 0);
        assert.ok(otherRow.reply_due! > before.reply_due!, `${otherRow.reply_due} > ${before.reply_due}`);
        assert.equal(moved, 1);
        await assertAllDerived();
        // The next event is numbered after the clerk's (a stale event_count would collide).
        const next = await recordApplicationEvent(ctx, f.handler, target, {
          type: 'archived',
          at: `${year - 1}-12-15`,
        }).catch((error: Error) => error);
        if (!(next instanceof Error)) assert.equal(next.seq, 3);
        else assert.doesNotMatch(String(next), /unique|UNIQUE|duplicate/);
      });
    });

    it('keeps the clerk’s event recorded while the daily job (in the scheduler’s transaction) runs', async () => {
      const year = 2027 + ACTIONS.length;
      const { target, other } = await twoProvisional(year);
      const [job] = applicationDeadlineJobs({ transport: null, mailFrom: 'gongkai@example.gov.cn' });
      const pausing = pauseAfterRead(database.db, 'application_events', target);
      const run = runJobOnce(pausing.db, job!, ctx.now());
      await pausing.paused;
      const clerk = act(ACTIONS[0]!, target, `${year - 1}-12-15`);
      // PostgreSQL: the clerk's transaction commits while the job waits. SQLite: the job's
      // transaction holds the one connection, so the clerk's event follows the job's commit.
      if (engine === 'postgres') await clerk.catch(() => {});
      pausing.release();
      assert.equal(await run, 'ran');
      const recorded = await clerk;
      const row = (await findApplicationRow(database.db, target))!;
      assert.deepEqual(pick(row), pick(recorded.derived.columns));
      assert.equal((await findApplicationRow(database.db, other))?.due_provisional, 0);
      await assertAllDerived();
    });

    it('leaves every application derived from its stored events after a notice entered during a burst of events', async () => {
      const year = 2028 + ACTIONS.length;
      ctx.setNow(`${year - 1}-12-10T02:00:00.000Z`);
      const ids: string[] = [];
      for (let n = 0; n < 8; n++)
        ids.push((await submitOnlineApplication(ctx, intake(f.chengliu))).applicationId);
      ctx.setNow(`${year - 1}-12-15T02:00:00.000Z`);
      const on = `${year - 1}-12-15`;
      const [moved] = await Promise.all([
        enterHolidayYear(ctx, SYSTEM, newYear(year)),
        ...ids.map(async (id, n) => {
          const action = ACTIONS[n % ACTIONS.length]!;
          await act(action, id, on);
          if (action.name === '补正') await act(ACTIONS[3]!, id, on);
        }),
      ]);
      assert.ok(moved.movedApplications <= ids.length);
      await assertAllDerived();
      // Once more, nothing left to move: the burst's columns are all current.
      assert.equal(await recomputeOpenApplications(database.db, ctx.now()), 0);
    });

    it('stores due dates from a year entered by another process a moment before, not from the calendar read before it', async () => {
      const year = 2029 + ACTIONS.length;
      ctx.setNow(`${year - 1}-12-10T02:00:00.000Z`);
      const clerkTarget = (await submitOnlineApplication(ctx, intake(f.chengliu))).applicationId;
      ctx.setNow(`${year - 1}-12-15T02:00:00.000Z`);
      // This process has just read the calendar (kept up to a second); another process enters the
      // year, which this process does not hear of.
      const before = await currentWorkingDayCalendar(database.db);
      await saveArrangement(database.db, newYear(year), null, ctx.now().toISOString());
      assert.equal(
        await currentWorkingDayCalendar(database.db),
        before,
        'the calendar of a second ago is still in use',
      );
      const submitted = await submitOnlineApplication(ctx, intake(f.chengliu));
      await act(ACTIONS[0]!, clerkTarget, `${year - 1}-12-15`);
      for (const id of [submitted.applicationId, clerkTarget])
        assert.equal(
          (await findApplicationRow(database.db, id))?.due_provisional,
          0,
          'counted with the year entered',
        );
      await assertAllDerived();
    });

    it('enters a holiday year only after the writes of due dates in flight, and holds new ones until it is in force', {
      skip: engine === 'sqlite' && 'SQLite writes one transaction at a time',
    }, async () => {
      const year = 2030 + ACTIONS.length;
      const known = await currentWorkingDayCalendar(database.db);
      let releaseWrite!: () => void;
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const write = database.db.transaction().execute(async (trx) => {
        await calendarForWrite(trx, known);
        holding();
        await new Promise<void>((resolve) => (releaseWrite = resolve));
      });
      await held;
      let entered = false;
      const entering = enterHolidayArrangement(ctx, SYSTEM, newYear(year)).then(() => {
        entered = true;
      });
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(entered, false, 'the year waits for the write in flight');
      } finally {
        releaseWrite();
        await write;
        await entering;
      }
      assert.equal(entered, true);
      // A write after it counts with the year.
      const after = await database.db.transaction().execute((trx) => calendarForWrite(trx, known));
      assert.notEqual(after, known);
      assert.ok(after.officialYears.has(year));
    });

    it('never e-mails a reminder of a due date moved by a 延期 recorded while the reminders were recorded', async () => {
      await updateAgency(ctx, SYSTEM, {
        agencyId: f.chengliu,
        settings: { contact: { email: 'gongkaiban@chengliu.example.gov.cn' } },
      });
      ctx.setNow('2033-03-01T02:00:00.000Z');
      const target = (await submitOnlineApplication(ctx, intake(f.chengliu))).applicationId;
      const other = (await submitOnlineApplication(ctx, intake(f.chengliu))).applicationId;
      const due = (await findApplicationRow(database.db, target))!.reply_due!;
      ctx.setNow(`${due}T02:00:00.000Z`);
      const pausing = pauseAfterRead(database.db, 'applications', target);
      const reminding = recordReminders(pausing.db, ctx.now(), await loadWorkingDayCalendar(database.db));
      await pausing.paused;
      const extended = await act(ACTIONS[0]!, target, due).finally(pausing.release);
      assert.ok(extended.derived.columns.reply_due! > due);
      assert.ok((await reminding) >= 2);

      const tracking = async (id: string) => (await findApplicationRow(database.db, id))!.tracking_number;
      const shown = (await listReminders(database.db, [f.chengliu])).map((r) => r.applicationId);
      assert.ok(shown.includes(other));
      assert.ok(!shown.includes(target), 'the back office shows no reminder of the old due date');
      const { mails } = await pendingReminderMails(database.db);
      const text = mails.map((m) => m.text).join('\n');
      assert.ok(text.includes(await tracking(other)), text);
      assert.ok(!text.includes(await tracking(target)), `the e-mail names the old due date ${due}: ${text}`);
    });

    it('records each reminder once when two processes record the same day’s reminders at once', async () => {
      ctx.setNow('2033-06-01T02:00:00.000Z');
      await database.db.deleteFrom('reminders').execute();
      const calendar = await loadWorkingDayCalendar(database.db);
      const counts = await Promise.all([
        recordReminders(database.db, ctx.now(), calendar),
        recordReminders(database.db, ctx.now(), calendar),
      ]);
      const rows = await database.db.selectFrom('reminders').select(['application_id', 'kind']).execute();
      assert.ok(rows.length > 0);
      assert.equal(counts[0]! + counts[1]!, rows.length);
      assert.equal(new Set(rows.map((r) => `${r.application_id} ${r.kind}`)).size, rows.length);
    });
  });
}
