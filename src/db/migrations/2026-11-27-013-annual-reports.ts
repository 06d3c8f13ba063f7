// Frozen. The annual report (政府信息公开工作年度报告) of each agency-year: its workflow state
// (draft → approved → published), the clerk's paragraphs of sections 一, 五 and 六, the event
// count that refuses stale forms, the snapshot approved and then published (document JSON and the
// rendered HTML, never rebuilt afterwards), and for an earlier year's report imported from a file
// the file itself. Reminders before the publication deadline, once per agency, year and kind.
import { type Kysely, PostgresAdapter } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? 'bytea' : 'blob';

  await db.schema
    .createTable('annual_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // draft | approved | published
    .addColumn('state', 'text', (c) => c.notNull())
    // built (from the platform's data) | imported (a published file)
    .addColumn('source', 'text', (c) => c.notNull())
    // JSON: { overview?, problems?, other? } — paragraphs replacing the drafted ones
    .addColumn('edits', 'text', (c) => c.notNull())
    // JSON: user ids who saved edits (they may not approve: separation of duties)
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'text')
    // civil date printed in the 落款; late = 1 when after the deadline in force at publication
    .addColumn('published_on', 'text')
    .addColumn('deadline_on', 'text')
    .addColumn('late', 'integer')
    // the approved, then published model as the document JSON of report-json.ts
    .addColumn('snapshot_json', 'text')
    .addColumn('snapshot_html', 'text')
    // JSON: the checker's findings on the snapshot (approval, publication or import)
    .addColumn('findings', 'text')
    .addColumn('import_file_name', 'text')
    .addColumn('import_sha256', 'text')
    .addColumn('import_content', bytes)
    .addUniqueConstraint('annual_reports_agency_year', ['agency_id', 'year'])
    .execute();
  await db.schema
    .createIndex('annual_reports_year')
    .on('annual_reports')
    .columns(['year', 'state'])
    .execute();

  await db.schema
    .createTable('annual_report_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // before_15 | before_5 | before_1 | overdue
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('deadline_on', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('emailed_at', 'text')
    .addUniqueConstraint('annual_report_reminders_once', ['agency_id', 'year', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('annual_report_reminders').ifExists().execute();
  await db.schema.dropTable('annual_reports').ifExists().execute();
}
