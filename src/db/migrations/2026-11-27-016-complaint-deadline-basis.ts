// Frozen. What a 效能投诉's deadline was counted from, so that it can be counted again: the working
// days of the agency's setting when it was filed (a later change of the setting does not move it),
// and whether a day counted lay in a year without its holiday notice (a provisional deadline, moved
// by the daily job once the notice is entered, as the applications' are). Complaints filed before
// this migration keep their deadline as it is (null days: not counted again).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('service_complaints').addColumn('due_days', 'integer').execute();
  await db.schema
    .alterTable('service_complaints')
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('service_complaints').dropColumn('due_provisional').execute();
  await db.schema.alterTable('service_complaints').dropColumn('due_days').execute();
}
