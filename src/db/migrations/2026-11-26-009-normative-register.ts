// Frozen. The register of 规章 and 行政规范性文件 per agency (有效性 with its date, an optional link
// to the published item that carries the text) and the yearly figures typed in per agency-year
// (行政许可, 行政处罚, 行政强制 decisions; 行政事业性收费 in 元, printed as 万元): table 二.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('normative_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    // regulation (规章) | normative (行政规范性文件)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    // valid | repealed | expired | amended
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_on', 'text')
    .addColumn('item_id', 'text', (c) => c.references('disclosure_items.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('normative_documents_number')
    .on('normative_documents')
    .columns(['agency_id', 'document_number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('normative_documents_issued')
    .on('normative_documents')
    .columns(['agency_id', 'kind', 'issued_on'])
    .execute();

  await db.schema
    .createTable('normative_year_counts')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('licensing', 'integer', (c) => c.notNull())
    .addColumn('penalty', 'integer', (c) => c.notNull())
    .addColumn('enforcement', 'integer', (c) => c.notNull())
    .addColumn('fees_yuan', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('normative_year_counts_pk', ['agency_id', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('normative_year_counts').ifExists().execute();
  await db.schema.dropTable('normative_documents').ifExists().execute();
}
