// 主动公开 on the portal:
//   GET /agencies/:id/items                                   政府信息公开目录 (category=, page=)
//   GET /agencies/:id/items/:itemId                           an item with its metadata and body
//   GET /agencies/:id/items/:itemId/attachments/:attachmentId an attachment, as a download
//   GET /agencies/:id/search?q=…                              search over the agency and its subtree,
//       &category=CODE&year=YYYY&validity=valid|expired|repealed  optional filters (a bad value is
//       ignored, with a note beside the form)
// The item page is kept in the page cache under the item's stamp (publicItemStamp: one indexed
// query per request), so a withdrawn item is gone and a new version shown at once, in every process;
// names it shows (agency, category) may lag by ITEM_PAGE_TTL_MS. The other pages are not cached.
// A draft, a withdrawn item, an unknown id or another agency's item answers the portal's 404.
import { Type } from 'typebox';
import { getPublicAgency, loadAgencyTree, type PublicAgency, subtreeIds } from '../../agencies/index.ts';
import {
  getPublishedAttachment,
  getPublishedItem,
  listCatalogue,
  listPublishedItems,
  PUBLIC_PAGE_SIZE,
  publicItemStamp,
  publicItemStampNow,
  VALIDITIES,
  VALIDITY_IDS,
  type Validity,
} from '../../disclosures/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError } from '../../kernel/errors.ts';
import { MAX_OFFSET, searchDocuments } from '../../search/index.ts';
import type { App, Web } from '../context.ts';
import { sendPage } from '../render.ts';
import { contentDisposition } from './apply-form.ts';
import {
  CataloguePage,
  ItemPage,
  SEARCH_FIRST_YEAR,
  SEARCH_MAX_LENGTH,
  type SearchFilters,
  SearchPage,
} from './item-pages.tsx';
import { createPageCache } from './page-cache.ts';

/** How long an item page with an unchanged stamp is reused: bounds the lag of a renamed category. */
export const ITEM_PAGE_TTL_MS = 30_000;

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const ItemParams = Type.Object({ id: Id('机构编号'), itemId: Id('信息编号') });
const AttachmentParams = Type.Object({
  id: Id('机构编号'),
  itemId: Id('信息编号'),
  attachmentId: Id('附件编号'),
});
const PageQuery = Type.Optional(Type.String({ maxLength: 10, title: '页码' }));
const CatalogueQuery = Type.Object({
  category: Type.Optional(Type.String({ maxLength: 100, title: '分类' })),
  page: PageQuery,
});
// Longer queries are refused by the page itself, with a Chinese sentence beside the form.
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 2000, title: '搜索词' })),
  category: Type.Optional(Type.String({ maxLength: 200, title: '分类' })),
  year: Type.Optional(Type.String({ maxLength: 200, title: '发布年度' })),
  validity: Type.Optional(Type.String({ maxLength: 200, title: '有效性' })),
  page: PageQuery,
});

export const SEARCH_PAGE_SIZE = 10;

function notFound(): DomainError {
  return new DomainError('access.not_found', 'no such item');
}

/** Not found stays the portal's 404; any other failure is not hidden behind it. */
async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'access.not_found') return null;
    throw error;
  }
}

/** 1 for anything that is not a positive whole number. */
function pageNumber(value: string | undefined, max: number): number {
  const n = value !== undefined && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(1, n), max);
}

/**
 * The search filters of the query that mean something: a category of the agency's catalogue, a
 * year from SEARCH_FIRST_YEAR to this year, a validity (its id, or its Chinese name). Anything else
 * is left out and reported, so the page can say so.
 */
export function searchFilters(
  query: { category?: string | undefined; year?: string | undefined; validity?: string | undefined },
  categoryCodes: readonly string[],
  thisYear: number,
): { filters: SearchFilters; ignored: boolean } {
  const filters: SearchFilters = {};
  let ignored = false;
  const category = (query.category ?? '').trim();
  if (category !== '') {
    if (categoryCodes.includes(category)) filters.category = category;
    else ignored = true;
  }
  const year = (query.year ?? '').trim();
  if (year !== '') {
    const n = /^\d{4}$/.test(year) ? Number(year) : Number.NaN;
    if (n >= SEARCH_FIRST_YEAR && n <= thisYear) filters.year = n;
    else ignored = true;
  }
  const validity = (query.validity ?? '').trim();
  if (validity !== '') {
    const id = VALIDITY_IDS.find((v) => v === validity || VALIDITIES[v] === validity);
    if (id !== undefined) filters.validity = id as Validity;
    else ignored = true;
  }
  return { filters, ignored };
}

/** An ASCII name for clients that ignore filename*: the extension of the real name, when plain. */
function asciiFallback(filename: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1];
  return ext ? `attachment.${ext.toLowerCase()}` : 'attachment';
}

export function registerItemRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const itemPages = createPageCache();
  web.frontPages.add(itemPages);
  app.addHook('onClose', async () => itemPages.close());

  async function publicAgency(id: string): Promise<PublicAgency> {
    const agency = await getPublicAgency(db, id);
    if (agency === null) throw new DomainError('access.not_found', 'no such agency');
    return agency;
  }

  app.get(
    '/agencies/:id/items',
    { config: { access: 'public' }, schema: { params: AgencyParams, querystring: CatalogueQuery } },
    async (request, reply) => {
      const agency = await publicAgency(request.params.id);
      const categories = await listCatalogue(db, agency.id);
      const wanted = request.query.category ?? '';
      const category = categories.some((c) => c.code === wanted) ? wanted : '';
      const list = await listPublishedItems(ctx, {
        agencyId: agency.id,
        ...(category ? { categoryCode: category } : {}),
        page: pageNumber(request.query.page, 10_000),
        pageSize: PUBLIC_PAGE_SIZE,
      });
      return sendPage(
        reply,
        CataloguePage({
          agency: { id: agency.id, name: agency.name },
          categories,
          category,
          total: list.total,
          page: list.page,
          pageSize: list.pageSize,
          items: list.items,
        }),
      );
    },
  );

  app.get(
    '/agencies/:id/items/:itemId',
    { config: { access: 'public' }, schema: { params: ItemParams } },
    async (request, reply) => {
      const { id, itemId } = request.params;
      const stamp = await publicItemStamp(ctx, { agencyId: id, itemId });
      if (stamp === null) throw notFound();
      const path = `/agencies/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}`;
      const html = await itemPages.get(
        path,
        async () => {
          const agency = await publicAgency(id);
          const item = await orNull(getPublishedItem(ctx, { itemId, agencyId: agency.id }));
          if (item === null) throw notFound();
          return ItemPage({ item });
        },
        {
          stamp,
          ttlMs: ITEM_PAGE_TTL_MS,
          currentStamp: () => publicItemStampNow(ctx, { agencyId: id, itemId }),
        },
      );
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  app.get(
    '/agencies/:id/items/:itemId/attachments/:attachmentId',
    { config: { access: 'public' }, schema: { params: AttachmentParams } },
    async (request, reply) => {
      const { id, itemId, attachmentId } = request.params;
      const agency = await publicAgency(id);
      // The item must be this agency's and public now; the attachment must be of its current version.
      const item = await orNull(getPublishedItem(ctx, { itemId, agencyId: agency.id }));
      if (item === null || !item.attachments.some((a) => a.id === attachmentId)) throw notFound();
      const file = await orNull(getPublishedAttachment(ctx, { itemId, attachmentId }));
      if (file === null) throw notFound();
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', contentDisposition(file.filename, asciiFallback(file.filename)))
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(file.content));
    },
  );

  app.get(
    '/agencies/:id/search',
    { config: { access: 'public' }, schema: { params: AgencyParams, querystring: SearchQuery } },
    async (request, reply) => {
      const agency = await publicAgency(request.params.id);
      const shown = { id: agency.id, name: agency.name };
      const categories = (await listCatalogue(db, agency.id)).filter((c) => !c.hidden);
      const thisYear = Number(shanghaiDate(ctx.now()).slice(0, 4));
      const { filters, ignored } = searchFilters(
        request.query,
        categories.map((c) => c.code),
        thisYear,
      );
      const form = { categories, thisYear, filters, filtersIgnored: ignored };
      const q = (request.query.q ?? '').trim();
      if ([...q].length > SEARCH_MAX_LENGTH) {
        return sendPage(
          reply,
          SearchPage({
            agency: shown,
            ...form,
            q: [...q].slice(0, SEARCH_MAX_LENGTH).join(''),
            problem: `搜索词不能超过${SEARCH_MAX_LENGTH}个字，请缩短后重新搜索。`,
          }),
          400,
        );
      }
      if (q === '') return sendPage(reply, SearchPage({ agency: shown, ...form, q }));
      const page = pageNumber(request.query.page, Math.floor(MAX_OFFSET / SEARCH_PAGE_SIZE) + 1);
      const tree = await loadAgencyTree(db);
      const agencyIds = subtreeIds(tree, agency.id);
      const result = await searchDocuments(db, {
        q,
        agencyIds,
        kind: 'disclosure',
        ...(filters.category !== undefined ? { category: filters.category } : {}),
        ...(filters.year !== undefined ? { year: filters.year } : {}),
        ...(filters.validity !== undefined ? { validity: VALIDITIES[filters.validity] } : {}),
        limit: SEARCH_PAGE_SIZE,
        offset: (page - 1) * SEARCH_PAGE_SIZE,
      });
      return sendPage(
        reply,
        SearchPage({
          agency: shown,
          ...form,
          q,
          result: { total: result.total, hits: result.hits, page, pageSize: SEARCH_PAGE_SIZE },
        }),
      );
    },
  );
}
