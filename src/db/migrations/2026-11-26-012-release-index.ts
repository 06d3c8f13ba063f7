// Frozen. The scheduled release looks every 5 seconds for versions whose time has come and that the
// search index has not had (published_at <= now, indexed_at null): without an index that is a scan
// of every version ever written. The partial index holds only the versions still waiting.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('disclosure_versions_unindexed')
    .on('disclosure_versions')
    .column('published_at')
    .where(sql.ref('indexed_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('disclosure_versions_unindexed').execute();
}
