// Frozen. 依申请公开: applications with their events (the truth), cached derived columns for the
// queue, the per-year rows of table 三 each application is counted in, files, letters with their
// agency-year 文号 sequence, editable letter templates, appeals, and in-app reminders.
import { type Kysely, PostgresAdapter } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? 'bytea' : 'blob';

  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
    // SHA-256 of the applicant's secret link token.
    .addColumn('access_hash', 'text', (c) => c.notNull().unique())
    .addColumn('applicant_type', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('organisation_code', 'text')
    .addColumn('id_kind', 'text')
    .addColumn('id_number', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    // HMAC of the applicant's identity: counts one applicant's applications (fees, 第三十五条).
    .addColumn('applicant_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text')
    .addColumn('delivery_form', 'text', (c) => c.notNull())
    .addColumn('delivery_channel', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
    // Derived from the events by the pure core and rewritten with every event: never the truth.
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('is_open', 'integer', (c) => c.notNull())
    .addColumn('reply_due', 'text')
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('last_event_on', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('applications_queue')
    .on('applications')
    .columns(['agency_id', 'is_open', 'reply_due'])
    .execute();
  await db.schema
    .createIndex('applications_received')
    .on('applications')
    .columns(['agency_id', 'received_on'])
    .execute();
  await db.schema
    .createIndex('applications_applicant')
    .on('applications')
    .columns(['applicant_key', 'received_on'])
    .execute();

  await db.schema
    .createTable('application_events')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_events_pk', ['application_id', 'seq'])
    .execute();

  await db.schema
    .createTable('application_years')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('applicant_column', 'integer', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('exit', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_years_pk', ['application_id', 'year'])
    .execute();
  await db.schema
    .createIndex('application_years_agency')
    .on('application_years')
    // Covers the count of table 三: an index-only scan.
    .columns(['agency_id', 'year', 'entry', 'exit', 'applicant_column'])
    .execute();

  await db.schema
    .createTable('application_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('application_files_app')
    .on('application_files')
    .column('application_id')
    .execute();

  await db.schema
    .createTable('letter_sequences')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('letter_sequences_pk', ['agency_id', 'year'])
    .execute();

  await db.schema
    .createTable('letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_seq', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('serial', 'integer', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    // The composed letter (JSON): HTML and DOCX are rendered from it, identical every time.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('letters_number', ['agency_id', 'year', 'serial'])
    .execute();
  await db.schema.createIndex('letters_application').on('letters').column('application_id').execute();

  await db.schema
    .createTable('letter_templates')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('letter_templates_pk', ['agency_id', 'kind'])
    .execute();

  await db.schema
    .createTable('appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('case_number', 'text')
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appeals_agency').on('appeals').columns(['agency_id', 'filed_on']).execute();
  await db.schema.createIndex('appeals_application').on('appeals').column('application_id').execute();

  await db.schema
    .createTable('reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('emailed_at', 'text')
    .addUniqueConstraint('reminders_once', ['application_id', 'kind', 'due_on'])
    .execute();
  await db.schema
    .createIndex('reminders_agency')
    .on('reminders')
    .columns(['agency_id', 'created_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'reminders',
    'appeals',
    'letter_templates',
    'letters',
    'letter_sequences',
    'application_files',
    'application_years',
    'application_events',
    'applications',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
