// What the public reads: only published items that are not withdrawn, each in its current version
// (the latest whose publication time has come — a scheduled version is invisible until then,
// checked against the clock at every read), with the attachments of that version. A draft, a
// scheduled or withdrawn item, or an item of another agency answers not found.
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { UseCaseContext } from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { VALIDITIES } from './catalogue.ts';
import { contentOf, findAttachment, findAttachments, findFileContent } from './disclosure.repository.ts';
import { catalogueOf, fileStoreOf, findAgency } from './item-shell.ts';
import type { AttachmentView } from './view-items.ts';

export interface PublicItem {
  id: string;
  agencyId: string;
  agencyName: string;
  indexNumber: string;
  title: string;
  documentNumber: string | null;
  formedOn: string;
  /** 发布日期: the first publication. */
  publishedOn: string;
  /** The day the version shown was published, when it is a later version. */
  updatedOn: string | null;
  categoryCode: string;
  categoryName: string;
  theme: string | null;
  validity: string;
  summary: string;
  /** Sanitized HTML: safe to print as it is. */
  bodyHtml: string;
  keywords: string[];
  version: number;
  attachments: AttachmentView[];
}

export interface PublicItemSummary {
  id: string;
  indexNumber: string;
  title: string;
  documentNumber: string | null;
  publishedOn: string;
  categoryCode: string;
  validity: string;
  summary: string;
  /** The instant of the first publication (ISO). */
  publishedAt: string;
  /** The instant the version shown was published (ISO): later than publishedAt for a revision. */
  updatedAt: string;
}

function notFound(): DomainError {
  return new DomainError('access.not_found', '信息不存在或已撤回');
}

type PublicRow = {
  item_id: string;
  version: number;
  agency_id: string;
  title: string;
  document_number: string | null;
  formed_on: string;
  category_code: string;
  theme: string | null;
  validity: string;
  summary: string;
  body_html: string;
  body_text: string;
  keywords: string;
  published_at: string | null;
  published_on: string | null;
  index_number: string | null;
  first_published_at: string | null;
};

/** Current public versions: not withdrawn, the latest version whose time has come. */
function publicVersions(db: Kysely<DB>, iso: string) {
  return db
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosure_items as i', 'i.id', 'v.item_id')
    .where('i.withdrawn_at', 'is', null)
    .where('v.published_at', '<=', iso)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('disclosure_versions as v2')
          .select((e) => e.fn.max('v2.version').as('m'))
          .whereRef('v2.item_id', '=', 'v.item_id')
          .where('v2.published_at', '<=', iso),
      ),
    );
}

function withColumns<O>(
  q: SelectQueryBuilder<DB & { v: DB['disclosure_versions']; i: DB['disclosure_items'] }, 'v' | 'i', O>,
) {
  return q.select([
    'v.item_id',
    'v.version',
    'v.agency_id',
    'v.title',
    'v.document_number',
    'v.formed_on',
    'v.category_code',
    'v.theme',
    'v.validity',
    'v.summary',
    'v.body_html',
    'v.body_text',
    'v.keywords',
    'v.published_at',
    'v.published_on',
    'i.index_number',
    'i.first_published_at',
  ]);
}

function firstPublishedOn(row: PublicRow): string {
  return row.first_published_at ? shanghaiDate(new Date(row.first_published_at)) : (row.published_on ?? '');
}

/** One published item as the portal shows it; `agencyId`, when given, must be the item's. */
export async function getPublishedItem(
  ctx: UseCaseContext,
  input: { itemId: string; agencyId?: string },
): Promise<PublicItem> {
  const iso = ctx.now().toISOString();
  let q = withColumns(publicVersions(ctx.db, iso)).where('v.item_id', '=', input.itemId);
  if (input.agencyId !== undefined) q = q.where('v.agency_id', '=', input.agencyId);
  const row = (await q.executeTakeFirst()) as PublicRow | undefined;
  if (!row) throw notFound();
  const agency = (await findAgency(ctx.db, row.agency_id))!;
  const catalogue = await catalogueOf(ctx.db, agency);
  const content = contentOf({ ...row, indexed_at: null, created_by: null, created_at: '', updated_at: '' });
  const publishedOn = firstPublishedOn(row);
  return {
    id: row.item_id,
    agencyId: row.agency_id,
    agencyName: agency.name,
    indexNumber: row.index_number ?? '',
    title: content.title,
    documentNumber: content.documentNumber,
    formedOn: content.formedOn,
    publishedOn,
    updatedOn: row.version > 1 && row.published_on !== publishedOn ? row.published_on : null,
    categoryCode: content.categoryCode,
    categoryName: catalogue.find((c) => c.code === content.categoryCode)?.name ?? '',
    theme: content.theme,
    validity: VALIDITIES[content.validity],
    summary: content.summary,
    bodyHtml: content.bodyHtml,
    keywords: [...content.keywords],
    version: Number(row.version),
    attachments: (await findAttachments(ctx.db, row.item_id, Number(row.version))).map((a) => ({
      id: a.id,
      filename: a.filename,
      mediaType: a.media_type,
      size: Number(a.size),
    })),
  };
}

export const PUBLIC_PAGE_SIZE = 20;
export const MAX_PUBLIC_PAGE_SIZE = 100;

export interface PublicListQuery {
  agencyId: string;
  categoryCode?: string;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

/** The agency's published items, newest first (by first publication), a page at a time. */
export async function listPublishedItems(
  ctx: UseCaseContext,
  query: PublicListQuery,
): Promise<{ total: number; page: number; pageSize: number; items: PublicItemSummary[] }> {
  const iso = ctx.now().toISOString();
  const pageSize = Math.max(
    1,
    Math.min(Math.trunc(query.pageSize ?? PUBLIC_PAGE_SIZE), MAX_PUBLIC_PAGE_SIZE),
  );
  const page = Math.max(1, Math.min(Math.trunc(query.page ?? 1), 10_000));
  let base = publicVersions(ctx.db, iso).where('v.agency_id', '=', query.agencyId);
  if (query.categoryCode) base = base.where('v.category_code', '=', query.categoryCode);
  const total = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = (await withColumns(base)
    .orderBy('i.first_published_at', 'desc')
    .orderBy('v.item_id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()) as PublicRow[];
  return {
    total: Number(total.n),
    page,
    pageSize,
    items: rows.map((row) => ({
      id: row.item_id,
      indexNumber: row.index_number ?? '',
      title: row.title,
      documentNumber: row.document_number,
      publishedOn: firstPublishedOn(row),
      categoryCode: row.category_code,
      validity: VALIDITIES[row.validity as keyof typeof VALIDITIES] ?? row.validity,
      summary: row.summary,
      publishedAt: row.first_published_at ?? row.published_at ?? '',
      updatedAt: row.published_at ?? row.first_published_at ?? '',
    })),
  };
}

/** A published item as the sitemap lists it. */
export interface PublishedItemRef {
  id: string;
  agencyId: string;
  /** The instant the version shown was published (ISO). */
  updatedAt: string;
}

/** Counts the public items of every agency (for the sitemap). */
export async function countAllPublishedItems(ctx: UseCaseContext): Promise<number> {
  const row = await publicVersions(ctx.db, ctx.now().toISOString())
    .select(sql<number | string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The public items of every agency, oldest first publication first, a slice at a time (the sitemap). */
export async function listPublishedItemRefs(
  ctx: UseCaseContext,
  slice: { offset: number; limit: number },
): Promise<PublishedItemRef[]> {
  if (slice.limit <= 0) return [];
  const rows = await publicVersions(ctx.db, ctx.now().toISOString())
    .select(['v.item_id', 'v.agency_id', 'v.published_at'])
    .orderBy('i.first_published_at')
    .orderBy('v.item_id')
    .limit(Math.trunc(slice.limit))
    .offset(Math.max(0, Math.trunc(slice.offset)))
    .execute();
  return rows.map((r) => ({ id: r.item_id, agencyId: r.agency_id, updatedAt: r.published_at ?? '' }));
}

/** An attachment of the version the portal shows now. */
export async function getPublishedAttachment(
  ctx: UseCaseContext,
  input: { itemId: string; attachmentId: string },
): Promise<{ filename: string; mediaType: string; content: Uint8Array }> {
  const iso = ctx.now().toISOString();
  const current = await publicVersions(ctx.db, iso)
    .where('v.item_id', '=', input.itemId)
    .select('v.version')
    .executeTakeFirst();
  const attachment = await findAttachment(ctx.db, input.attachmentId);
  if (
    !current ||
    !attachment ||
    attachment.item_id !== input.itemId ||
    Number(attachment.version) !== Number(current.version)
  )
    throw notFound();
  const content = await findFileContent(ctx.db, fileStoreOf(ctx), attachment.file_sha256);
  if (!content) throw notFound();
  return { filename: attachment.filename, mediaType: attachment.media_type, content };
}

/** Counts the public items of the agency (for the portal's home and tests). */
export async function countPublishedItems(db: Kysely<DB>, agencyId: string, now: Date): Promise<number> {
  const row = await publicVersions(db, now.toISOString())
    .where('v.agency_id', '=', agencyId)
    .select(sql<number | string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
