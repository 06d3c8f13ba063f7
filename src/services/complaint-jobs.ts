// The daily reminders of 效能投诉, beside those of the applications and the annual reports:
// 0. a deadline counted across a year without its holiday notice is counted again once the notice
//    is in force (migration 016 keeps the days it was counted with);
// 1. every complaint not answered whose deadline is today or the next working day (holidays and
//    调休 as in the calendar in force) is noticed as 即将到期, and once its deadline has passed as
//    已超期: one row per complaint, kind and deadline (migration 015), so each is noticed once;
// 2. when SMTP is configured, each agency's reminders not yet sent go out in one e-mail to the
//    address of its settings (reminderEmail, else the 公开指南 contact), like the applications'
//    reminder mail. The e-mail names the 投诉编号, the deadline and the assignee, never the
//    complainant nor what the complaint says.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import { parseSettings } from '../agencies/agency.ts';
import { currentWorkingDayCalendar, type WorkingDayCalendar, workingDaysBetween } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { type ReminderMail, reminderMailJob } from '../jobs/reminder-mail.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { complaintDueOn } from './complaint.ts';

export type ComplaintReminderKind = 'due_soon' | 'overdue';

export const COMPLAINT_REMINDER_LABELS: Record<ComplaintReminderKind, string> = {
  due_soon: '即将到期',
  overdue: '已超期',
};

/** A complaint due within this many working days (today counts as 0) is reminded of. */
export const COMPLAINT_DUE_SOON_WORKING_DAYS = 1;

/** The reminder a complaint not answered calls for today, if any. Pure. */
export function complaintReminderKind(
  today: string,
  dueOn: string,
  calendar: WorkingDayCalendar,
): ComplaintReminderKind | null {
  if (today > dueOn) return 'overdue';
  return workingDaysBetween(today, dueOn, calendar) <= COMPLAINT_DUE_SOON_WORKING_DAYS ? 'due_soon' : null;
}

/**
 * The deadlines counted across a year without its holiday notice, counted again with the calendar
 * in force (the notice entered since: its holidays skipped, its 调休 workdays counted, which can
 * bring a deadline forward). Only complaints not answered; returns how many deadlines moved.
 */
export async function recountProvisionalDeadlines(
  db: Kysely<DB>,
  calendar: WorkingDayCalendar,
): Promise<number> {
  const rows = await db
    .selectFrom('service_complaints')
    .select(['id', 'received_at', 'due_on', 'due_days'])
    .where('state', '!=', 'answered')
    .where('due_provisional', '=', 1)
    .where('due_days', 'is not', null)
    .execute();
  let moved = 0;
  for (const row of rows) {
    const receivedOn = shanghaiDate(new Date(row.received_at));
    const deadline = complaintDueOn(receivedOn, row.due_days!, calendar);
    if (deadline.provisional && deadline.dueOn === row.due_on) continue;
    await db
      .updateTable('service_complaints')
      .set({ due_on: deadline.dueOn, due_provisional: deadline.provisional ? 1 : 0 })
      .where('id', '=', row.id)
      .where('state', '!=', 'answered')
      .execute();
    if (deadline.dueOn !== row.due_on) moved++;
  }
  return moved;
}

/** Records today's reminders of the complaints not answered; returns how many were new. */
export async function recordComplaintReminders(
  db: Kysely<DB>,
  now: Date,
  calendar: WorkingDayCalendar,
): Promise<number> {
  const today = shanghaiDate(now);
  const open = await db
    .selectFrom('service_complaints')
    .select(['id', 'agency_id', 'due_on'])
    .where('state', '!=', 'answered')
    .execute();
  let created = 0;
  for (const complaint of open) {
    const kind = complaintReminderKind(today, complaint.due_on, calendar);
    if (kind === null) continue;
    const result = await db
      .insertInto('service_complaint_reminders')
      .values({
        id: randomUUID(),
        agency_id: complaint.agency_id,
        complaint_id: complaint.id,
        kind,
        due_on: complaint.due_on,
        created_on: today,
        emailed_at: null,
      })
      .onConflict((oc) => oc.columns(['complaint_id', 'kind', 'due_on']).doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

export interface ComplaintReminderLine {
  reference: string;
  kind: ComplaintReminderKind;
  dueOn: string;
  /** The colleague the complaint is assigned to, or null when nobody is yet. */
  assignee: string | null;
}

/** The e-mail of one agency's reminders. Pure; only what the lines hold, so no personal data. */
export function complaintReminderMail(
  agencyName: string,
  to: string,
  lines: readonly ComplaintReminderLine[],
): ReminderMail {
  const overdue = lines.filter((l) => l.kind === 'overdue').length;
  return {
    to,
    subject: `【政务服务】${agencyName}：${overdue > 0 ? `${overdue}件效能投诉已超过办理期限，` : ''}${lines.length}件效能投诉需要尽快答复`,
    text: [
      `${agencyName}：`,
      '',
      '以下效能投诉即将到期或已超过办理期限，请登录后台及时答复：',
      ...lines.map(
        (l) =>
          `- ${l.reference}　${COMPLAINT_REMINDER_LABELS[l.kind]}　办理期限 ${l.dueOn}　承办人 ${l.assignee ?? '尚未分派'}`,
      ),
      '',
      '（本邮件由 gongkai 自动发送，不含投诉人个人信息。）',
    ].join('\n'),
  };
}

/**
 * One e-mail per agency with an address for its reminders not yet e-mailed, of complaints still
 * not answered; `ids` are every reminder looked at, marked sent by the caller (those of an agency
 * without an address, or of a complaint answered meanwhile, are not retried forever).
 */
export async function pendingComplaintReminderMails(
  db: Kysely<DB>,
): Promise<{ mails: ReminderMail[]; ids: string[] }> {
  const rows = await db
    .selectFrom('service_complaint_reminders as r')
    .innerJoin('service_complaints as c', 'c.id', 'r.complaint_id')
    .innerJoin('agencies', 'agencies.id', 'r.agency_id')
    .leftJoin('users', 'users.id', 'c.assigned_to')
    .select([
      'r.id',
      'r.kind',
      'r.due_on',
      'r.agency_id',
      'agencies.name',
      'agencies.settings',
      'c.reference',
      'c.state',
      'users.display_name',
    ])
    .where('r.emailed_at', 'is', null)
    .orderBy('r.agency_id')
    .orderBy('r.due_on')
    .orderBy('c.reference')
    .execute();
  const byAgency = new Map<string, typeof rows>();
  for (const row of rows) byAgency.set(row.agency_id, [...(byAgency.get(row.agency_id) ?? []), row]);
  const mails: ReminderMail[] = [];
  const ids: string[] = [];
  for (const list of byAgency.values()) {
    ids.push(...list.map((r) => r.id));
    const first = list[0]!;
    const settings = parseSettings(first.settings);
    const to =
      typeof settings.reminderEmail === 'string' ? settings.reminderEmail : (settings.contact?.email ?? null);
    const open = list.filter((r) => r.state !== 'answered');
    if (!to || open.length === 0) continue;
    mails.push(
      complaintReminderMail(
        first.name,
        to,
        open.map((r) => ({
          reference: r.reference,
          kind: r.kind as ComplaintReminderKind,
          dueOn: r.due_on,
          assignee: r.display_name ?? null,
        })),
      ),
    );
  }
  return { mails, ids };
}

export function complaintReminderJobs(options: {
  transport: Pick<Transporter, 'sendMail'> | null;
  mailFrom: string;
}): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    {
      name: 'services.complaint-remind',
      period: shanghaiDate,
      async run(trx, now) {
        const calendar = await currentWorkingDayCalendar(trx);
        // Deadlines first: a reminder names the deadline in force.
        await recountProvisionalDeadlines(trx, calendar);
        await recordComplaintReminders(trx, now, calendar);
      },
    },
  ];
  const transport = options.transport;
  if (transport) {
    jobs.push(
      reminderMailJob({
        name: 'services.complaint-reminder-mail',
        table: 'service_complaint_reminders',
        pending: pendingComplaintReminderMails,
        transport,
        mailFrom: options.mailFrom,
      }),
    );
  }
  return jobs;
}

/** Complaints not answered past their deadline, per agency (the office dashboard's count). */
export async function overdueComplaintCounts(
  db: Kysely<DB>,
  agencyIds: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (agencyIds.length === 0) return counts;
  const rows = await db
    .selectFrom('service_complaints')
    .select(['agency_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('agency_id', 'in', [...agencyIds])
    .where('state', '!=', 'answered')
    .where('due_on', '<', shanghaiDate(now))
    .groupBy('agency_id')
    .execute();
  for (const row of rows) counts.set(row.agency_id, Number(row.n));
  return counts;
}
