// The daily reminders of the annual report, beside those of the applications: for every agency
// that publishes a report (not villages) whose report of last year is not published yet, the
// reminder due today (15, 5 or 1 working day(s) before its deadline, or overdue after it) is
// recorded once per agency, year and kind; with SMTP configured, each agency's new reminders go
// out in one e-mail to the address of its settings (reminderEmail, else the 公开指南 contact),
// like the applications' reminder mail.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import { parseSettings } from '../agencies/agency.ts';
import { type Principal, type UseCaseContext, visibleAgencyIds } from '../agencies/index.ts';
import { currentWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { type ReminderMail, reminderMailJob } from '../jobs/reminder-mail.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { loadAgencyChains } from './annual-report-shell.ts';
import {
  dueReminder,
  REPORT_REMINDER_LABELS,
  REPORTING_KINDS,
  type ReportReminderKind,
  reportDeadline,
} from './report-deadlines.ts';

/** Records today's reminders for last year's unpublished reports; returns how many were new. */
export async function recordReportReminders(
  db: Kysely<DB>,
  now: Date,
  calendar: WorkingDayCalendar,
): Promise<number> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4)) - 1;
  const agencies = await loadAgencyChains(db);
  const published = new Set(
    (
      await db
        .selectFrom('annual_reports')
        .select('agency_id')
        .where('year', '=', year)
        .where('state', '=', 'published')
        .execute()
    ).map((r) => r.agency_id),
  );
  let created = 0;
  for (const { agency, ancestors } of agencies.values()) {
    if (!REPORTING_KINDS.includes(agency.kind) || published.has(agency.id)) continue;
    const deadline = reportDeadline(year, agency, ancestors);
    const kind = dueReminder(today, deadline.date, calendar);
    if (!kind) continue;
    const result = await db
      .insertInto('annual_report_reminders')
      .values({
        id: randomUUID(),
        agency_id: agency.id,
        year,
        kind,
        deadline_on: deadline.date,
        created_on: today,
        emailed_at: null,
      })
      .onConflict((oc) => oc.columns(['agency_id', 'year', 'kind']).doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

/** One e-mail per agency with an address for its reminders not yet e-mailed (reports still unpublished). */
export async function pendingReportReminderMails(
  db: Kysely<DB>,
): Promise<{ mails: ReminderMail[]; ids: string[] }> {
  const rows = await db
    .selectFrom('annual_report_reminders as r')
    .innerJoin('agencies', 'agencies.id', 'r.agency_id')
    .leftJoin('annual_reports as a', (join) =>
      join.onRef('a.agency_id', '=', 'r.agency_id').onRef('a.year', '=', 'r.year'),
    )
    .select([
      'r.id',
      'r.kind',
      'r.year',
      'r.deadline_on',
      'r.agency_id',
      'agencies.name',
      'agencies.settings',
      'a.state',
    ])
    .where('r.emailed_at', 'is', null)
    .orderBy('r.agency_id')
    .orderBy('r.created_on')
    .execute();
  const byAgency = new Map<string, typeof rows>();
  for (const row of rows) byAgency.set(row.agency_id, [...(byAgency.get(row.agency_id) ?? []), row]);
  const mails: ReminderMail[] = [];
  const ids: string[] = [];
  for (const list of byAgency.values()) {
    // Without an address the reminders stay in the back office; they are not retried forever.
    ids.push(...list.map((r) => r.id));
    const open = list.filter((r) => r.state !== 'published');
    const latest = open.at(-1);
    if (!latest) continue;
    const settings = parseSettings(latest.settings);
    const to =
      typeof settings.reminderEmail === 'string' ? settings.reminderEmail : (settings.contact?.email ?? null);
    if (!to) continue;
    const label = REPORT_REMINDER_LABELS[latest.kind as ReportReminderKind] ?? latest.kind;
    mails.push({
      to,
      subject: `【政府信息公开】${latest.name}：${latest.year}年政府信息公开工作年度报告尚未发布（${label}）`,
      text: [
        `${latest.name}：`,
        '',
        `贵机关${latest.year}年政府信息公开工作年度报告尚未发布，发布期限为${latest.deadline_on}（${label}）。`,
        '请登录后台完成年度报告的审核、审批和发布（《中华人民共和国政府信息公开条例》第四十九条）。',
        '',
        '（本邮件由 gongkai 自动发送。）',
      ].join('\n'),
    });
  }
  return { mails, ids };
}

export function annualReportJobs(options: {
  transport: Pick<Transporter, 'sendMail'> | null;
  mailFrom: string;
}): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    {
      name: 'annual-reports.remind',
      period: shanghaiDate,
      async run(trx, now) {
        await recordReportReminders(trx, now, await currentWorkingDayCalendar(trx));
      },
    },
  ];
  const transport = options.transport;
  if (transport) {
    jobs.push(
      reminderMailJob({
        name: 'annual-reports.reminder-mail',
        table: 'annual_report_reminders',
        pending: pendingReportReminderMails,
        transport,
        mailFrom: options.mailFrom,
      }),
    );
  }
  return jobs;
}

export interface ReportReminder {
  agencyId: string;
  year: number;
  kind: ReportReminderKind;
  label: string;
  deadlineOn: string;
  createdOn: string;
}

/** The latest reminder of each agency's still unpublished report, for the back office. */
export async function listReportReminders(
  db: Kysely<DB>,
  agencyIds: readonly string[],
): Promise<ReportReminder[]> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom('annual_report_reminders as r')
    .leftJoin('annual_reports as a', (join) =>
      join.onRef('a.agency_id', '=', 'r.agency_id').onRef('a.year', '=', 'r.year'),
    )
    .select(['r.agency_id', 'r.year', 'r.kind', 'r.deadline_on', 'r.created_on', 'a.state'])
    .where('r.agency_id', 'in', [...agencyIds])
    .orderBy('r.created_on', 'desc')
    .execute();
  const latest = new Map<string, ReportReminder>();
  for (const r of rows) {
    const key = `${r.agency_id}/${r.year}`;
    if (r.state === 'published' || latest.has(key)) continue;
    const kind = r.kind as ReportReminderKind;
    latest.set(key, {
      agencyId: r.agency_id,
      year: Number(r.year),
      kind,
      label: REPORT_REMINDER_LABELS[kind] ?? r.kind,
      deadlineOn: r.deadline_on,
      createdOn: r.created_on,
    });
  }
  return [...latest.values()];
}

/** The report reminders of the agencies the actor writes, approves or watches (the dashboard). */
export async function reportRemindersFor(ctx: UseCaseContext, actor: Principal): Promise<ReportReminder[]> {
  const agencyIds = await visibleAgencyIds(ctx, actor, ['editor', 'approver', 'supervisor']);
  return listReportReminders(ctx.db, [...agencyIds]);
}
