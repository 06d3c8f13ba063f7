// Feeds and the sitemap of the portal:
//   GET /agencies/:id/feed.xml[?category=CODE]  RSS 2.0 of the agency's latest 50 published items
//   GET /agencies/:id/atom.xml[?category=CODE]  the same as Atom 1.0
//   GET /sitemap.xml[?page=N]                    the home, each agency's page and catalogue, each item
//   GET /robots.txt                              points at the sitemap
// Feeds are built from the published items at every request (a withdrawn item is gone at once),
// with an ETag of the bytes so that a reader polling the feed gets 304 while nothing changed. A
// sitemap page (up to 50,000 URLs) is kept while the stamp of the published items is the same (one
// cheap query: how many items were ever published and the sum of their event counts — a
// publication or a withdrawal in any process changes it — and the latest version whose time has
// come, so a scheduled item appears at its time), at most a minute (agencies). Links are absolute,
// under GONGKAI_PUBLIC_URL, or without it the request's address (src/web/public-url.ts).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getPublicAgency, listPublicAgencies, type PublicAgency } from '../../agencies/index.ts';
import {
  countAllPublishedItems,
  FEED_SIZE,
  type Feed,
  feedUpdated,
  listCatalogue,
  listPublishedItemRefs,
  listPublishedItems,
  publishedItemsStamp,
  renderAtom,
  renderRss,
  renderSitemap,
  renderSitemapIndex,
  SITEMAP_PAGE_SIZE,
  type SitemapUrl,
  sitemapPlan,
} from '../../disclosures/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { App, Web } from '../context.ts';
import { publicBaseUrl } from '../public-url.ts';
import { feedHref, itemHref, itemsHref } from './item-pages.tsx';
import { agencyHref } from './pages.tsx';

const AgencyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const FeedQuery = Type.Object({ category: Type.Optional(Type.String({ maxLength: 100, title: '分类' })) });
const SitemapQuery = Type.Object({ page: Type.Optional(Type.String({ maxLength: 10, title: '页码' })) });

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Sends the XML with an ETag; 304 when the client has these bytes already. */
function sendXml(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  contentType: string,
  lastModified?: string,
): FastifyReply {
  const etag = etagOf(body);
  reply.header('etag', etag).header('cache-control', 'public, no-cache');
  if (lastModified) {
    const date = new Date(lastModified);
    if (!Number.isNaN(date.getTime()) && date.getTime() > 0)
      reply.header('last-modified', date.toUTCString());
  }
  const match = request.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send();
  }
  return reply.type(contentType).send(body);
}

/** The sitemap of every public agency and item, `page` of it (null: the bare address). */
export async function buildSitemap(
  web: Pick<Web, 'ctx' | 'database'>,
  base: string,
  page: number | null,
  pageSize = SITEMAP_PAGE_SIZE,
): Promise<{ kind: 'urlset' | 'index'; xml: string } | null> {
  const agencies = await listPublicAgencies(web.database.db);
  const fixed: SitemapUrl[] = [{ loc: `${base}/` }];
  for (const agency of agencies) {
    fixed.push({ loc: `${base}${agencyHref(agency.id)}` }, { loc: `${base}${itemsHref(agency.id)}` });
  }
  const itemCount = await countAllPublishedItems(web.ctx);
  const plan = sitemapPlan(fixed.length, itemCount, pageSize, page);
  if (plan.kind === 'none') return null;
  if (plan.kind === 'index') {
    const pages = Array.from({ length: plan.pages }, (_, i) => ({
      loc: `${base}/sitemap.xml?page=${i + 1}`,
    }));
    return { kind: 'index', xml: renderSitemapIndex(pages) };
  }
  const items = await listPublishedItemRefs(web.ctx, plan.items);
  const urls = [
    ...fixed.slice(plan.fixed.from, plan.fixed.to),
    ...items.map((item) => ({ loc: `${base}${itemHref(item.agencyId, item.id)}`, lastmod: item.updatedAt })),
  ];
  return { kind: 'urlset', xml: renderSitemap(urls) };
}

/** Sitemap pages kept, and for how long at most. */
const SITEMAP_CACHE_ENTRIES = 8;
const SITEMAP_TTL_MS = 60_000;

export function registerFeedRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const baseOf = (request: FastifyRequest) => publicBaseUrl(ctx.config, request);
  // Keyed by address and page; a few entries only, whatever Host headers arrive.
  const sitemaps = new Map<string, { xml: string | null; expires: number; stamp: string }>();

  async function publicAgency(id: string): Promise<PublicAgency> {
    const agency = await getPublicAgency(db, id);
    if (agency === null) throw new DomainError('access.not_found', 'no such agency');
    return agency;
  }

  async function feedOf(request: FastifyRequest, agencyId: string, category: string | undefined) {
    const agency = await publicAgency(agencyId);
    const categories = await listCatalogue(db, agency.id);
    const wanted = category ?? '';
    const chosen = wanted === '' ? null : categories.find((c) => c.code === wanted);
    if (chosen === undefined) {
      throw new DomainError('access.not_found', 'no such category', {
        userMessage: '没有这个分类，请从政府信息公开目录中选择分类后再订阅。',
      });
    }
    const list = await listPublishedItems(ctx, {
      agencyId: agency.id,
      ...(chosen ? { categoryCode: chosen.code } : {}),
      page: 1,
      pageSize: FEED_SIZE,
    });
    const base = baseOf(request);
    const names = new Map(categories.map((c) => [c.code, c.name]));
    const feed = (kind: 'rss' | 'atom'): Feed => ({
      title: chosen ? `${agency.name} 政府信息公开 · ${chosen.name}` : `${agency.name} 政府信息公开`,
      link: `${base}${itemsHref(agency.id)}${chosen ? `?category=${encodeURIComponent(chosen.code)}` : ''}`,
      self: `${base}${feedHref(agency.id, kind, chosen?.code)}`,
      id: `${base}${feedHref(agency.id, 'atom', chosen?.code)}`,
      description: `${agency.name}主动公开的政府信息（最新${FEED_SIZE}条）`,
      fallbackUpdated: new Date(0).toISOString(),
      entries: list.items.map((item) => ({
        id: item.id,
        title: item.title,
        url: `${base}${itemHref(agency.id, item.id)}`,
        summary: item.summary,
        publishedAt: item.publishedAt,
        updatedAt: item.updatedAt,
        category: names.get(item.categoryCode) ?? null,
        indexNumber: item.indexNumber,
      })),
    });
    return feed;
  }

  app.get(
    '/agencies/:id/feed.xml',
    { config: { access: 'public' }, schema: { params: AgencyParams, querystring: FeedQuery } },
    async (request, reply) => {
      const feed = (await feedOf(request, request.params.id, request.query.category))('rss');
      return sendXml(
        request,
        reply,
        renderRss(feed),
        'application/rss+xml; charset=utf-8',
        feedUpdated(feed),
      );
    },
  );

  app.get(
    '/agencies/:id/atom.xml',
    { config: { access: 'public' }, schema: { params: AgencyParams, querystring: FeedQuery } },
    async (request, reply) => {
      const feed = (await feedOf(request, request.params.id, request.query.category))('atom');
      return sendXml(
        request,
        reply,
        renderAtom(feed),
        'application/atom+xml; charset=utf-8',
        feedUpdated(feed),
      );
    },
  );

  app.get(
    '/sitemap.xml',
    { config: { access: 'public' }, schema: { querystring: SitemapQuery } },
    async (request, reply) => {
      const raw = request.query.page;
      const page = raw === undefined ? null : /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
      const base = baseOf(request);
      const key = `${base} ${page}`;
      const now = performance.now();
      const stamp = await publishedItemsStamp(ctx);
      let cached = sitemaps.get(key);
      if (cached === undefined || cached.expires <= now || cached.stamp !== stamp) {
        const sitemap = await buildSitemap(web, base, page);
        if (sitemaps.size >= SITEMAP_CACHE_ENTRIES) sitemaps.clear();
        cached = { xml: sitemap?.xml ?? null, expires: now + SITEMAP_TTL_MS, stamp };
        sitemaps.set(key, cached);
      }
      if (cached.xml === null) throw new DomainError('access.not_found', 'no such sitemap page');
      return sendXml(request, reply, cached.xml, 'application/xml; charset=utf-8');
    },
  );

  app.get('/robots.txt', { config: { access: 'public' } }, async (request, reply) => {
    const base = baseOf(request);
    return reply
      .type('text/plain; charset=utf-8')
      .send(
        `User-agent: *\nDisallow: /office/\nDisallow: /api/\nDisallow: /apply/\n\nSitemap: ${base}/sitemap.xml\n`,
      );
  });
}
