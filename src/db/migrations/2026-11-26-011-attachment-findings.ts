// Frozen. The 保密审查 scan of an attachment's content, made when the file is uploaded (JSON:
// {"status":"scanned","findings":[{"kind","preview"}]} | {"status":"no_text"} | {"status":"unchecked"};
// masks only, never a number). Rows from before are null: read as not checked.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('disclosure_attachments').addColumn('content_findings', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('disclosure_attachments').dropColumn('content_findings').execute();
}
