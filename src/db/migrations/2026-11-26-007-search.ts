// Frozen. Chinese full-text search over published items (src/search). Each engine indexes the
// same space-separated tokens made by src/search/tokens.ts.
// SQLite: search_documents keeps each document's metadata and text under an integer `seq` (its
// publication day × 2^20 + a serial, so that rowid order is publication order), and search_fts, a
// contentless FTS5 table whose rowid is that seq, holds the title's and the body's tokens and, in
// `facets`, one token per filterable value (agency, kind, category, year, validity) so that a
// filtered search is one MATCH; the 'ascii' tokenizer splits them on spaces only (tokens are
// letters, digits and Han characters; facet tokens start with U+E000, which no text token has).
// PostgreSQL: search_documents keeps the same columns and a tsvector of the tokens ('simple'
// configuration; title weighted A, body B) under a GIN index.
// The index is derived data: no foreign keys, a document is replaced or removed by its id.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  let table = db.schema.createTable('search_documents');
  table = postgres
    ? table.addColumn('id', 'text', (c) => c.primaryKey())
    : table
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique());
  table = table
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('year', 'integer')
    .addColumn('validity', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull());
  if (postgres) table = table.addColumn('tsv', sql`tsvector`, (c) => c.notNull());
  await table.execute();

  await db.schema
    .createIndex('search_documents_agency')
    .on('search_documents')
    .columns(['agency_id', 'published_on'])
    .execute();

  if (postgres) {
    await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(
      title, body, facets, content='', contentless_delete=1, tokenize='ascii'
    )`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!postgres) await sql`drop table search_fts`.execute(db);
  await db.schema.dropTable('search_documents').execute();
}
