// The search index's copy of a published item (src/search): the current public version's plain
// text, under the id `disclosure:<itemId>` and the portal path of the item.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { indexDocument, removeDocument } from '../search/index.ts';
import { VALIDITIES } from './catalogue.ts';
import { contentOf, type VersionRow } from './disclosure.repository.ts';

export function searchId(itemId: string): string {
  return `disclosure:${itemId}`;
}

export function itemPath(agencyId: string, itemId: string): string {
  return `/agencies/${agencyId}/items/${itemId}`;
}

/**
 * Indexes the version (replacing the item's earlier one) and records when. The date is the item's
 * first publication (发布日期), as the portal shows it.
 */
export async function indexVersion(
  trx: Kysely<DB>,
  version: VersionRow,
  firstPublishedAt: string | null,
  now: string,
): Promise<void> {
  const content = contentOf(version);
  const publishedOn = firstPublishedAt
    ? shanghaiDate(new Date(firstPublishedAt))
    : (version.published_on ?? shanghaiDate(new Date(now)));
  const body = [content.documentNumber ?? '', content.summary, content.keywords.join(' '), content.bodyText]
    .filter((part) => part !== '')
    .join('\n');
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
