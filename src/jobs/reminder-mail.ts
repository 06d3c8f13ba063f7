// The daily job that e-mails the reminders a feature has recorded (applications, annual reports,
// 效能投诉): the mails of the rows not yet e-mailed are sent and the rows marked in the job's
// transaction, so a failed send rolls it back — nothing is marked and the next tick retries.
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import type { ScheduledJob } from './scheduler.ts';

export interface ReminderMail {
  to: string;
  subject: string;
  text: string;
}

/** The tables of recorded reminders: each has an id and emailed_at. */
export type ReminderTable = 'reminders' | 'annual_report_reminders' | 'service_complaint_reminders';

export function reminderMailJob(options: {
  name: string;
  table: ReminderTable;
  /** The mails to send now and the ids of the reminders they carry. */
  pending(trx: Kysely<DB>): Promise<{ mails: ReminderMail[]; ids: string[] }>;
  transport: Pick<Transporter, 'sendMail'>;
  mailFrom: string;
}): ScheduledJob {
  return {
    name: options.name,
    period: shanghaiDate,
    async run(trx, now) {
      const { mails, ids } = await options.pending(trx);
      for (const mail of mails) await options.transport.sendMail({ from: options.mailFrom, ...mail });
      if (ids.length > 0)
        await trx
          .updateTable(options.table)
          .set({ emailed_at: now.toISOString() })
          .where('id', 'in', ids)
          .execute();
    },
  };
}
