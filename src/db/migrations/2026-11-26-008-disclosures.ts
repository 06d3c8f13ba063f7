// Frozen. 主动公开: the agency's catalogue categories (overrides of the defaults and its own), items
// with their events (the truth of the workflow) and derived columns for the back-office lists,
// versions (content; the portal shows the latest whose publication time has come), attachments
// (metadata per version, bytes stored once by hash), the agency-year 索引号 sequence, and the
// channel records that complete the per-year channel counts.
import { type Kysely, PostgresAdapter } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? 'bytea' : 'blob';

  await db.schema
    .createTable('disclosure_categories')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('category_group', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_categories_pk', ['agency_id', 'code'])
    .execute();

  await db.schema
    .createTable('disclosure_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    // Given at the first publication: <机构代码>-<分类代码>-<year>-<serial>.
    .addColumn('index_number', 'text')
    .addColumn('index_year', 'integer')
    .addColumn('index_serial', 'integer')
    // Derived from the events and the working version, rewritten with every event.
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('first_published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('formed_on', 'text', (c) => c.notNull())
    // 条例第二十六条 for the working version: the clock's start, due day and first late day.
    .addColumn('clock_start', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('late_on', 'text', (c) => c.notNull())
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('working_published_on', 'text')
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_items_index_number', ['agency_id', 'index_number'])
    .addUniqueConstraint('disclosure_items_index_serial', ['agency_id', 'index_year', 'index_serial'])
    .execute();
  await db.schema
    .createIndex('disclosure_items_list')
    .on('disclosure_items')
    .columns(['agency_id', 'phase', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('disclosure_items_late')
    .on('disclosure_items')
    .columns(['agency_id', 'late_on'])
    .execute();

  await db.schema
    .createTable('disclosure_events')
    .addColumn('item_id', 'text', (c) => c.notNull().references('disclosure_items.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addPrimaryKeyConstraint('disclosure_events_pk', ['item_id', 'seq'])
    .execute();

  await db.schema
    .createTable('disclosure_versions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('disclosure_items.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text')
    .addColumn('formed_on', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('theme', 'text')
    .addColumn('validity', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    // JSON array of strings.
    .addColumn('keywords', 'text', (c) => c.notNull())
    // Set when the version is published (ISO instant, possibly ahead: scheduled) and its civil date.
    .addColumn('published_at', 'text')
    .addColumn('published_on', 'text')
    // When the search index received it (at once, or by the release job for a scheduled one).
    .addColumn('indexed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_versions_pk', ['item_id', 'version'])
    .execute();
  await db.schema
    .createIndex('disclosure_versions_public')
    .on('disclosure_versions')
    .columns(['agency_id', 'published_at'])
    .execute();
  await db.schema
    .createIndex('disclosure_versions_category')
    .on('disclosure_versions')
    .columns(['agency_id', 'category_code', 'published_at'])
    .execute();

  await db.schema
    .createTable('disclosure_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('disclosure_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('disclosure_items.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull().references('disclosure_files.sha256'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_attachments_position', ['item_id', 'version', 'position'])
    .execute();

  await db.schema
    .createTable('disclosure_sequences')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('disclosure_sequences_pk', ['agency_id', 'year'])
    .execute();

  await db.schema
    .createTable('disclosure_channel_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('item_id', 'text', (c) => c.references('disclosure_items.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_channel_records_url', ['agency_id', 'channel', 'url'])
    .execute();
  await db.schema
    .createIndex('disclosure_channel_records_year')
    .on('disclosure_channel_records')
    .columns(['agency_id', 'published_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'disclosure_channel_records',
    'disclosure_sequences',
    'disclosure_attachments',
    'disclosure_files',
    'disclosure_versions',
    'disclosure_events',
    'disclosure_items',
    'disclosure_categories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
