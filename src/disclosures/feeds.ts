// Feeds and sitemaps of the portal (pure): RSS 2.0 and Atom 1.0 of an agency's latest published
// items, and the sitemap protocol's urlset and index. Every text is XML-escaped after the
// characters XML 1.0 forbids are dropped (most C0 controls, lone surrogates, U+FFFE/U+FFFF), so a
// hostile title cannot break the document. Feeds carry the summary, never the body.

/** Items in a feed. */
export const FEED_SIZE = 50;
/** URLs in one sitemap file (the protocol's limit). */
export const SITEMAP_PAGE_SIZE = 50_000;
/** Characters of a feed entry's description at most. */
export const FEED_SUMMARY_LENGTH = 500;

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text as XML character data or an attribute value: forbidden characters dropped, markup escaped. */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/[&<>"']/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
    );
}

/** At most `max` characters (code points), whitespace collapsed, … when cut. */
export function excerpt(text: string, max = FEED_SUMMARY_LENGTH): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

export interface FeedEntry {
  id: string;
  title: string;
  /** Absolute URL of the item's page. */
  url: string;
  /** Plain text (the item's summary). */
  summary: string;
  /** ISO instant of the first publication. */
  publishedAt: string;
  /** ISO instant of the version shown. */
  updatedAt: string;
  category: string | null;
  indexNumber: string;
}

export interface Feed {
  title: string;
  /** Absolute URL of the catalogue page the feed follows. */
  link: string;
  /** Absolute URL of the feed itself. */
  self: string;
  description: string;
  /** A stable URI for Atom's feed id (the Atom feed's own URL will do). */
  id: string;
  entries: readonly FeedEntry[];
  /** ISO instant when there is no entry. */
  fallbackUpdated: string;
}

function validDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The latest updatedAt of the entries (ISO), or the fallback. */
export function feedUpdated(feed: Pick<Feed, 'entries' | 'fallbackUpdated'>): string {
  let latest: Date | null = null;
  for (const e of feed.entries) {
    const d = validDate(e.updatedAt) ?? validDate(e.publishedAt);
    if (d && (!latest || d > latest)) latest = d;
  }
  return (latest ?? validDate(feed.fallbackUpdated) ?? new Date(0)).toISOString();
}

/** RFC 822 date, as RSS 2.0 wants it. */
function rfc822(iso: string): string {
  return (validDate(iso) ?? new Date(0)).toUTCString();
}

function isoOrEpoch(iso: string): string {
  return (validDate(iso) ?? new Date(0)).toISOString();
}

export function renderRss(feed: Feed): string {
  const items = feed.entries.map(
    (e) =>
      '<item>' +
      `<title>${xmlText(e.title)}</title>` +
      `<link>${xmlText(e.url)}</link>` +
      `<guid isPermaLink="true">${xmlText(e.url)}</guid>` +
      `<description>${xmlText(excerpt(e.summary))}</description>` +
      (e.category ? `<category>${xmlText(e.category)}</category>` : '') +
      `<pubDate>${rfc822(e.publishedAt)}</pubDate>` +
      '</item>',
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">' +
    '<channel>' +
    `<title>${xmlText(feed.title)}</title>` +
    `<link>${xmlText(feed.link)}</link>` +
    `<description>${xmlText(feed.description)}</description>` +
    '<language>zh-CN</language>' +
    `<lastBuildDate>${rfc822(feedUpdated(feed))}</lastBuildDate>` +
    `<atom:link href="${xmlText(feed.self)}" rel="self" type="application/rss+xml"/>` +
    items.join('') +
    '</channel></rss>\n'
  );
}

export function renderAtom(feed: Feed): string {
  const entries = feed.entries.map(
    (e) =>
      '<entry>' +
      `<title>${xmlText(e.title)}</title>` +
      `<link rel="alternate" type="text/html" href="${xmlText(e.url)}"/>` +
      `<id>${xmlText(e.url)}</id>` +
      `<published>${isoOrEpoch(e.publishedAt)}</published>` +
      `<updated>${isoOrEpoch(e.updatedAt || e.publishedAt)}</updated>` +
      (e.category ? `<category term="${xmlText(e.category)}"/>` : '') +
      `<summary type="text">${xmlText(excerpt(e.summary))}</summary>` +
      '</entry>',
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">' +
    `<title>${xmlText(feed.title)}</title>` +
    `<subtitle>${xmlText(feed.description)}</subtitle>` +
    `<link rel="alternate" type="text/html" href="${xmlText(feed.link)}"/>` +
    `<link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>` +
    `<id>${xmlText(feed.id)}</id>` +
    `<updated>${feedUpdated(feed)}</updated>` +
    `<author><name>${xmlText(feed.title)}</name></author>` +
    entries.join('') +
    '</feed>\n'
  );
}

export interface SitemapUrl {
  /** Absolute URL. */
  loc: string;
  /** ISO instant or YYYY-MM-DD. */
  lastmod?: string | null;
}

/** W3C datetime as sitemaps want it: the day is enough (Beijing time for an instant). */
function lastmodOf(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = validDate(value);
  return date ? new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : null;
}

function urlLines(tag: 'url' | 'sitemap', urls: readonly SitemapUrl[]): string {
  return urls
    .map((u) => {
      const lastmod = lastmodOf(u.lastmod);
      return `<${tag}><loc>${xmlText(u.loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</${tag}>`;
    })
    .join('\n');
}

export function renderSitemap(urls: readonly SitemapUrl[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    urlLines('url', urls) +
    '\n</urlset>\n'
  );
}

export function renderSitemapIndex(sitemaps: readonly SitemapUrl[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    urlLines('sitemap', sitemaps) +
    '\n</sitemapindex>\n'
  );
}

/**
 * What /sitemap.xml?page=N holds. The URLs are numbered: first the `fixed` ones (the home and the
 * agencies' pages), then the items. Up to `pageSize` in all, one urlset; more, and the bare
 * address is an index of pages 1…n, each a urlset of its slice.
 */
export type SitemapPlan =
  | { kind: 'urlset'; fixed: { from: number; to: number }; items: { offset: number; limit: number } }
  | { kind: 'index'; pages: number }
  | { kind: 'none' };

export function sitemapPlan(
  fixedCount: number,
  itemCount: number,
  pageSize: number,
  page: number | null,
): SitemapPlan {
  const size = Math.max(1, Math.trunc(pageSize));
  const total = fixedCount + itemCount;
  const pages = Math.max(1, Math.ceil(total / size));
  const slice = (p: number): SitemapPlan => {
    const from = (p - 1) * size;
    const to = Math.min(total, from + size);
    return {
      kind: 'urlset',
      fixed: { from: Math.min(from, fixedCount), to: Math.min(to, fixedCount) },
      items: { offset: Math.max(0, from - fixedCount), limit: Math.max(0, to - Math.max(from, fixedCount)) },
    };
  };
  if (page === null) return pages === 1 ? slice(1) : { kind: 'index', pages };
  if (!Number.isSafeInteger(page) || page < 1 || page > pages) return { kind: 'none' };
  return slice(page);
}
