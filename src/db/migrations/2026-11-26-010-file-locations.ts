// Frozen. Where the bytes of a stored file are: 'database' (disclosure_files.content, as before)
// or 'directory' (GONGKAI_FILES_DIR, content-addressed; the row keeps an empty content).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('disclosure_files')
    .addColumn('location', 'text', (c) => c.notNull().defaultTo('database'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('disclosure_files').dropColumn('location').execute();
}
