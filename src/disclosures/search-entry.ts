// The search index's copy of a published item (src/search): the current public version's plain
// text, under the id `disclosure:<itemId>` and the portal path of the item.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FileStore } from '../files/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { indexDocument, removeDocument } from '../search/index.ts';
import { attachmentsText, textKindOf } from './attachment-text.ts';
import { VALIDITIES } from './catalogue.ts';
import { contentOf, findAttachments, findFileContent, type VersionRow } from './disclosure.repository.ts';
import type { ItemContent } from './item.ts';

export function searchId(itemId: string): string {
  return `disclosure:${itemId}`;
}

export function itemPath(agencyId: string, itemId: string): string {
  return `/agencies/${agencyId}/items/${itemId}`;
}

/**
 * The searchable text of a version's attachments (attachment-text.ts: capped, personal numbers
 * masked, a broken file left out). It takes time: call it before a transaction.
 */
export async function versionAttachmentsText(
  db: Kysely<DB>,
  files: FileStore,
  itemId: string,
  version: number,
): Promise<string> {
  const rows = await findAttachments(db, itemId, version);
  return attachmentsText(
    rows
      .filter((a) => textKindOf(a.media_type) !== null)
      .map((a) => ({
        id: a.id,
        filename: a.filename,
        mediaType: a.media_type,
        content: () => findFileContent(db, files, a.file_sha256),
      })),
    { itemId },
  );
}

/** The text the index keeps of a version: its plain fields, then its attachments' text. */
export function searchBody(content: ItemContent, attachmentText: string): string {
  return [
    content.documentNumber ?? '',
    content.summary,
    content.keywords.join(' '),
    content.bodyText,
    attachmentText,
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/**
 * Indexes the version (replacing the item's earlier one) and records when. The date is the item's
 * first publication (发布日期), as the portal shows it. The body is the version's text followed by
 * its attachments' (`attachmentText`, from versionAttachmentsText, read before the transaction as
 * publish and the release job of scheduled items do; when absent it is extracted here, inside the
 * caller's transaction, which holds SQLite's write lock meanwhile).
 */
export async function indexVersion(
  trx: Kysely<DB>,
  files: FileStore,
  version: VersionRow,
  firstPublishedAt: string | null,
  now: string,
  attachmentText?: string,
): Promise<void> {
  const attached =
    attachmentText ?? (await versionAttachmentsText(trx, files, version.item_id, Number(version.version)));
  const content = contentOf(version);
  const publishedOn = firstPublishedAt
    ? shanghaiDate(new Date(firstPublishedAt))
    : (version.published_on ?? shanghaiDate(new Date(now)));
  const body = searchBody(content, attached);
  await indexDocument(trx, {
    id: searchId(version.item_id),
    agencyId: version.agency_id,
    kind: 'disclosure',
    category: content.categoryCode,
    year: Number(publishedOn.slice(0, 4)),
    validity: VALIDITIES[content.validity],
    title: content.title,
    body,
    publishedOn,
    url: itemPath(version.agency_id, version.item_id),
  });
  await trx
    .updateTable('disclosure_versions')
    .set({ indexed_at: now })
    .where('item_id', '=', version.item_id)
    .where('version', '=', version.version)
    .execute();
}

export async function unindexItem(trx: Kysely<DB>, itemId: string): Promise<void> {
  await removeDocument(trx, searchId(itemId));
}
