// Queries on disclosure items, their events, versions, attachments, categories, the 索引号
// sequence and channel records. Decides nothing.
import { type Insertable, type Kysely, PostgresAdapter, type Selectable, sql, type Updateable } from 'kysely';
import type {
  DB,
  DisclosureAttachmentTable,
  DisclosureChannelRecordTable,
  DisclosureEventTable,
  DisclosureItemTable,
  DisclosureVersionTable,
} from '../db/schema.ts';
import { type FileStore, insertDatabaseFile, reportFileProblem, storedLocation } from '../files/index.ts';
import type { StoredCategory } from './catalogue.ts';
import type { ItemContent, ItemEvent } from './item.ts';

export type ItemRow = Selectable<DisclosureItemTable>;
export type VersionRow = Selectable<DisclosureVersionTable>;
export type AttachmentRow = Selectable<DisclosureAttachmentTable>;
export type ChannelRecordRow = Selectable<DisclosureChannelRecordTable>;

function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function insertItem(db: Kysely<DB>, row: Insertable<DisclosureItemTable>): Promise<void> {
  await db.insertInto('disclosure_items').values(row).execute();
}

export async function updateItem(
  db: Kysely<DB>,
  id: string,
  fields: Updateable<DisclosureItemTable>,
): Promise<void> {
  await db.updateTable('disclosure_items').set(fields).where('id', '=', id).execute();
}

export async function findItem(db: Kysely<DB>, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('disclosure_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locked until the end of the transaction on PostgreSQL: the steps of one item run one at a time. */
export async function findItemForUpdate(trx: Kysely<DB>, id: string): Promise<ItemRow | undefined> {
  let q = trx.selectFrom('disclosure_items').selectAll().where('id', '=', id);
  if (isPostgres(trx)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertEvent(db: Kysely<DB>, row: Insertable<DisclosureEventTable>): Promise<void> {
  await db.insertInto('disclosure_events').values(row).execute();
}

export async function findEvents(db: Kysely<DB>, itemId: string): Promise<ItemEvent[]> {
  const rows = await db
    .selectFrom('disclosure_events')
    .select('data')
    .where('item_id', '=', itemId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => JSON.parse(r.data) as ItemEvent);
}

export function versionColumns(content: ItemContent) {
  return {
    title: content.title,
    document_number: content.documentNumber,
    formed_on: content.formedOn,
    category_code: content.categoryCode,
    theme: content.theme,
    validity: content.validity,
    summary: content.summary,
    body_html: content.bodyHtml,
    body_text: content.bodyText,
    keywords: JSON.stringify(content.keywords),
  };
}

export function contentOf(row: VersionRow): ItemContent {
  return {
    title: row.title,
    documentNumber: row.document_number,
    formedOn: row.formed_on,
    categoryCode: row.category_code,
    theme: row.theme,
    validity: row.validity as ItemContent['validity'],
    summary: row.summary,
    bodyHtml: row.body_html,
    bodyText: row.body_text,
    keywords: JSON.parse(row.keywords) as string[],
  };
}

export async function insertVersion(db: Kysely<DB>, row: Insertable<DisclosureVersionTable>): Promise<void> {
  await db.insertInto('disclosure_versions').values(row).execute();
}

export async function updateVersion(
  db: Kysely<DB>,
  itemId: string,
  version: number,
  fields: Updateable<DisclosureVersionTable>,
): Promise<void> {
  await db
    .updateTable('disclosure_versions')
    .set(fields)
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .execute();
}

export async function findVersion(
  db: Kysely<DB>,
  itemId: string,
  version: number,
): Promise<VersionRow | undefined> {
  return db
    .selectFrom('disclosure_versions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function findVersions(db: Kysely<DB>, itemId: string): Promise<VersionRow[]> {
  return db
    .selectFrom('disclosure_versions')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('version')
    .execute();
}

export async function findAttachments(
  db: Kysely<DB>,
  itemId: string,
  version: number,
): Promise<AttachmentRow[]> {
  return db
    .selectFrom('disclosure_attachments')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .orderBy('position')
    .execute();
}

export async function findAttachment(db: Kysely<DB>, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('disclosure_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The bytes of a stored file from where its row says they are: the row itself ('database') or the
 * files directory ('directory', verified against the hash there). Undefined when missing or
 * corrupted — also when the row points to a directory this installation does not have.
 */
export async function findFileContent(
  db: Kysely<DB>,
  files: FileStore,
  sha256: string,
): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('disclosure_files')
    .select(['content', 'location'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.location === 'database') return new Uint8Array(row.content);
  if (row.location === 'directory' && files.kind === 'directory') return files.get(sha256);
  reportFileProblem({ sha256, reason: 'missing' });
  return undefined;
}

/**
 * Stores the bytes once per content hash. With a files directory the bytes are written (durably)
 * before the row, in the caller's transaction: a crash between leaves an orphan file (`checkFiles`
 * finds it), never a row without bytes. Bytes already kept in the database stay there.
 */
export async function storeFile(
  db: Kysely<DB>,
  files: FileStore,
  sha256: string,
  content: Uint8Array,
  now: string,
): Promise<void> {
  if (files.kind !== 'directory') {
    await insertDatabaseFile(db, sha256, content, now);
    return;
  }
  const location = await storedLocation(db, sha256);
  if (location === 'database') return;
  // Also when the row exists: put is idempotent and brings back a file that went missing or was damaged.
  await files.put(sha256, content);
  if (location !== undefined) return;
  await db
    .insertInto('disclosure_files')
    .values({
      sha256,
      size: content.byteLength,
      content: new Uint8Array(0),
      location: 'directory',
      created_at: now,
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function insertAttachment(
  db: Kysely<DB>,
  row: Insertable<DisclosureAttachmentTable>,
): Promise<void> {
  await db.insertInto('disclosure_attachments').values(row).execute();
}

/** Keeps the scan of a file's content (only where none was kept: a file stored before the scan). */
export async function setAttachmentFindings(db: Kysely<DB>, id: string, findings: string): Promise<void> {
  await db
    .updateTable('disclosure_attachments')
    .set({ content_findings: findings })
    .where('id', '=', id)
    .where('content_findings', 'is', null)
    .execute();
}

/** A new name for an attachment of one version (the redaction masks numbers in it). */
export async function renameAttachment(db: Kysely<DB>, id: string, filename: string): Promise<void> {
  await db.updateTable('disclosure_attachments').set({ filename }).where('id', '=', id).execute();
}

export async function deleteAttachment(
  db: Kysely<DB>,
  itemId: string,
  version: number,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('disclosure_attachments')
    .where('id', '=', id)
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .execute();
}

/** The next serial of the agency's year; the row lock serialises concurrent publications on PostgreSQL. */
export async function nextIndexSerial(trx: Kysely<DB>, agencyId: string, year: number): Promise<number> {
  await trx
    .insertInto('disclosure_sequences')
    .values({ agency_id: agencyId, year, last_serial: 0 })
    .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing())
    .execute();
  const row = await trx
    .updateTable('disclosure_sequences')
    .set({ last_serial: sql`last_serial + 1` })
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return Number(row.last_serial);
}

export async function findStoredCategories(db: Kysely<DB>, agencyId: string): Promise<StoredCategory[]> {
  const rows = await db
    .selectFrom('disclosure_categories')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    group: r.category_group as StoredCategory['group'],
    name: r.name,
    position: Number(r.position),
    hidden: Number(r.hidden) === 1,
  }));
}

export async function upsertCategory(
  db: Kysely<DB>,
  row: {
    agency_id: string;
    code: string;
    category_group: string;
    name: string;
    position: number;
    hidden: number;
    updated_by: string | null;
    updated_at: string;
  },
): Promise<void> {
  await db
    .insertInto('disclosure_categories')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['agency_id', 'code']).doUpdateSet({
        name: row.name,
        hidden: row.hidden,
        position: row.position,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function insertChannelRecord(
  db: Kysely<DB>,
  row: Insertable<DisclosureChannelRecordTable>,
): Promise<void> {
  await db.insertInto('disclosure_channel_records').values(row).execute();
}

export async function findChannelRecordByUrl(
  db: Kysely<DB>,
  agencyId: string,
  channel: string,
  url: string,
): Promise<ChannelRecordRow | undefined> {
  return db
    .selectFrom('disclosure_channel_records')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('channel', '=', channel)
    .where('url', '=', url)
    .executeTakeFirst();
}
