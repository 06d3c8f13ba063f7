// Frozen. Reminders of 效能投诉 not answered in time (issue 7): like the applications' reminders
// (006, whose rows belong to an application), one row per complaint, kind and deadline, so that the
// daily job notices each complaint once when it falls due and once when it is overdue, and the
// e-mail to the agency lists only what it has not sent yet.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_complaint_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('service_complaints.id'))
    // due_soon | overdue
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    // the Beijing date the reminder was noticed
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('emailed_at', 'text')
    .addUniqueConstraint('service_complaint_reminders_once', ['complaint_id', 'kind', 'due_on'])
    .execute();
  await db.schema
    .createIndex('service_complaint_reminders_unsent')
    .on('service_complaint_reminders')
    .columns(['emailed_at', 'agency_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_complaint_reminders').ifExists().execute();
}
