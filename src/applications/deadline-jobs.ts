// The daily work that keeps clerks from missing a statutory deadline:
// 1. every open application's derived columns are recomputed with the calendar in force, so a
//    holiday notice entered by any process moves every due date (and the queue's order);
// 2. a reminder is recorded for each open application due within DUE_SOON_WORKING_DAYS working
//    days or overdue (once per application, kind and due date), shown in the back office;
// 3. when SMTP is configured, each agency's new reminders go out in one e-mail to its office.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import { parseSettings } from '../agencies/agency.ts';
import { type Principal, type UseCaseContext, visibleAgencyIds } from '../agencies/index.ts';
import { calendarForWrite, currentWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { type ReminderMail, reminderMailJob } from '../jobs/reminder-mail.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import {
  type ApplicationRow,
  findApplicationRow,
  findApplicationRowForUpdate,
  findOpenApplicationIds,
} from './application.repository.ts';
import { DUE_SOON_WORKING_DAYS } from './deadlines.ts';
import type { Derived } from './derived-columns.ts';
import { deriveAfter, loadEvents, saveDerived } from './record-event.ts';
import { countWorkingDays } from './working-day-index.ts';

/**
 * Rewrites the derived columns of every open application; returns how many due dates moved.
 * A clerk may record an event while this runs: the write is decided again under the row lock, from
 * the row and events as they are then, so it never puts back columns derived from fewer events.
 */
export async function recomputeOpenApplications(
  db: Kysely<DB>,
  now: Date,
  calendar?: WorkingDayCalendar,
): Promise<number> {
  const cal = calendar ?? (await currentWorkingDayCalendar(db));
  let moved = 0;
  for (const id of await findOpenApplicationIds(db)) {
    // A first look without a lock: most applications do not move, and then nothing is locked.
    const row = await findApplicationRow(db, id);
    if (!row || !moves(row, deriveAfter(row, await loadEvents(db, id), cal))) continue;
    const saved = await inTransaction(db, async (trx) => {
      // Locked (PostgreSQL) or alone on the connection (SQLite): no event is appended until the
      // commit, and one appended since the first look is in what is read now.
      const current = await findApplicationRowForUpdate(trx, id);
      if (!current) return false;
      const derived = deriveAfter(current, await loadEvents(trx, id), await calendarForWrite(trx, cal));
      if (!moves(current, derived)) return false;
      await saveDerived(trx, current, derived, now);
      return true;
    });
    if (saved) moved += 1;
  }
  return moved;
}

function moves(row: ApplicationRow, derived: Derived): boolean {
  return (
    derived.columns.reply_due !== row.reply_due ||
    derived.columns.due_provisional !== row.due_provisional ||
    derived.columns.phase !== row.phase
  );
}

/** The daily job runs inside the scheduler's transaction; entering a holiday year does not. */
function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export type ReminderKind = 'due_soon' | 'overdue';

export const REMINDER_LABELS: Record<ReminderKind, string> = {
  due_soon: '即将到期',
  overdue: '已超期',
};

/** Records today's reminders; returns how many were new. */
export async function recordReminders(
  db: Kysely<DB>,
  now: Date,
  calendar: WorkingDayCalendar,
): Promise<number> {
  const today = shanghaiDate(now);
  const open = await db
    .selectFrom('applications')
    .select(['id', 'agency_id', 'reply_due'])
    .where('is_open', '=', 1)
    .where('reply_due', 'is not', null)
    .execute();
  let created = 0;
  for (const app of open) {
    const due = app.reply_due!;
    let kind: ReminderKind | null = null;
    if (today > due) kind = 'overdue';
    else if (countWorkingDays(today, due, calendar) <= DUE_SOON_WORKING_DAYS) kind = 'due_soon';
    if (!kind) continue;
    const result = await db
      .insertInto('reminders')
      .values({
        id: randomUUID(),
        agency_id: app.agency_id,
        application_id: app.id,
        kind,
        due_on: due,
        created_on: today,
        emailed_at: null,
      })
      .onConflict((oc) => oc.columns(['application_id', 'kind', 'due_on']).doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

/** One e-mail per agency with an address, listing its reminders not yet e-mailed. No personal data. */
export async function pendingReminderMails(
  db: Kysely<DB>,
): Promise<{ mails: ReminderMail[]; ids: string[] }> {
  const rows = await db
    .selectFrom('reminders')
    .innerJoin('applications', 'applications.id', 'reminders.application_id')
    .innerJoin('agencies', 'agencies.id', 'reminders.agency_id')
    .select([
      'reminders.id',
      'reminders.kind',
      'reminders.due_on',
      'reminders.agency_id',
      'agencies.name',
      'agencies.settings',
      'applications.tracking_number',
      'applications.is_open',
      'applications.reply_due',
    ])
    .where('reminders.emailed_at', 'is', null)
    .orderBy('reminders.agency_id')
    .orderBy('reminders.due_on')
    .execute();
  const byAgency = new Map<string, typeof rows>();
  for (const row of rows) byAgency.set(row.agency_id, [...(byAgency.get(row.agency_id) ?? []), row]);
  const mails: ReminderMail[] = [];
  const ids: string[] = [];
  for (const list of byAgency.values()) {
    const first = list[0]!;
    const settings = parseSettings(first.settings);
    const to =
      typeof settings.reminderEmail === 'string' ? settings.reminderEmail : (settings.contact?.email ?? null);
    // Without an address the reminders stay in the back office only; they are not retried forever.
    ids.push(...list.map((r) => r.id));
    // As in the back office: only reminders of the due date in force. One recorded from a read made
    // just before a clerk's 延期 or 补正 names a date that no longer holds; it is marked, not sent.
    const open = list.filter((r) => r.is_open === 1 && r.reply_due === r.due_on);
    if (!to || open.length === 0) continue;
    const overdue = open.filter((r) => r.kind === 'overdue').length;
    mails.push({
      to,
      subject: `【政府信息公开】${first.name}：${overdue > 0 ? `${overdue}件申请已超过答复期限，` : ''}${open.length}件申请需要尽快答复`,
      text: [
        `${first.name}：`,
        '',
        '以下政府信息公开申请即将到期或已超过答复期限，请登录后台及时办理：',
        ...open.map(
          (r) =>
            `- ${r.tracking_number}　${REMINDER_LABELS[r.kind as ReminderKind] ?? r.kind}　答复期限 ${r.due_on}`,
        ),
        '',
        '（本邮件由 gongkai 自动发送，不含申请人个人信息。）',
      ].join('\n'),
    });
  }
  return { mails, ids };
}

export function applicationDeadlineJobs(options: {
  transport: Pick<Transporter, 'sendMail'> | null;
  mailFrom: string;
}): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    {
      name: 'applications.recompute-and-remind',
      period: shanghaiDate,
      async run(trx, now) {
        const calendar = await currentWorkingDayCalendar(trx);
        await recomputeOpenApplications(trx, now, calendar);
        await recordReminders(trx, now, calendar);
      },
    },
  ];
  const transport = options.transport;
  if (transport) {
    jobs.push(
      reminderMailJob({
        name: 'applications.reminder-mail',
        table: 'reminders',
        pending: pendingReminderMails,
        transport,
        mailFrom: options.mailFrom,
      }),
    );
  }
  return jobs;
}

/** Reminders shown in the back office: the open applications of the given agencies, newest first. */
export async function listReminders(
  db: Kysely<DB>,
  agencyIds: readonly string[],
  limit = 50,
): Promise<
  {
    applicationId: string;
    agencyId: string;
    trackingNumber: string;
    kind: ReminderKind;
    dueOn: string;
    createdOn: string;
  }[]
> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom('reminders')
    .innerJoin('applications', 'applications.id', 'reminders.application_id')
    .select([
      'reminders.application_id',
      'reminders.agency_id',
      'applications.tracking_number',
      'reminders.kind',
      'reminders.due_on',
      'reminders.created_on',
    ])
    .where('reminders.agency_id', 'in', [...agencyIds])
    .where('applications.is_open', '=', 1)
    .where((eb) => eb('applications.reply_due', '=', eb.ref('reminders.due_on')))
    .orderBy('reminders.created_on', 'desc')
    .orderBy('reminders.due_on')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    applicationId: r.application_id,
    agencyId: r.agency_id,
    trackingNumber: r.tracking_number,
    kind: r.kind as ReminderKind,
    dueOn: r.due_on,
    createdOn: r.created_on,
  }));
}

/** The reminders of the applications the actor works on or watches (the dashboard's 到期提醒). */
export async function remindersFor(
  ctx: UseCaseContext,
  actor: Principal,
): Promise<Awaited<ReturnType<typeof listReminders>>> {
  const agencyIds = await visibleAgencyIds(ctx, actor, ['handler', 'approver', 'supervisor']);
  return listReminders(ctx.db, [...agencyIds]);
}
