// The leak scan's crawl: every public output of the app, as text a person or a program would read.
//  - every GET route whose access is 'public' (listRoutes), its path parameters filled from the
//    database (every agency, published item and attachment, report year, window, service item);
//  - a breadth-first crawl of same-origin links from the portal home, feeds and sitemaps (bounded);
//  - the search page and the apply form's JSON suggestions, asked for planted values and fragments;
//  - error pages (unknown agency, item, token) asked with planted values in the path or query.
// Each response becomes text: HTML, JSON, XML and SVG as served; PDF through pdf.js (unpdf) with
// its metadata; DOCX and XLSX through mammoth and exceljs plus every XML part of the package (core
// properties, headers, shared strings); other bytes as Latin-1; and the response headers
// (Content-Disposition carries file names).
import { inflateRawSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/database.ts';
import { extractAttachmentText } from '../../src/disclosures/attachment-text.ts';
import type { App } from '../../src/web/context.ts';
import type { RouteEntry } from '../../src/web/routes.ts';

/** What a public path parameter names, and the values the crawl puts in. */
export interface CrawlTargets {
  agencies: string[];
  items: { agencyId: string; itemId: string; attachments: string[] }[];
  reports: { agencyId: string; year: number }[];
  windows: { agencyId: string; id: string }[];
  serviceItems: { agencyId: string; id: string }[];
}

export async function targetsOf(database: Database): Promise<CrawlTargets> {
  const db = database.db;
  const agencies = (await db.selectFrom('agencies').select('id').orderBy('id').execute()).map((a) => a.id);
  const items = await db
    .selectFrom('disclosure_items')
    .select(['id', 'agency_id', 'published_version'])
    .where('published_version', 'is not', null)
    .orderBy('id')
    .execute();
  const attachments = await db
    .selectFrom('disclosure_attachments')
    .select(['id', 'item_id', 'version'])
    .orderBy('id')
    .execute();
  const byItem = new Map<string, string[]>();
  const published = new Map(items.map((i) => [i.id, i.published_version]));
  for (const a of attachments) {
    if (published.get(a.item_id) !== a.version) continue;
    byItem.set(a.item_id, [...(byItem.get(a.item_id) ?? []), a.id]);
  }
  const reports = await db
    .selectFrom('annual_reports')
    .select(['agency_id', 'year'])
    .where('state', '=', 'published')
    .execute();
  const windows = await db.selectFrom('service_windows').select(['id', 'agency_id']).execute();
  const serviceItems = await db.selectFrom('service_items').select(['id', 'agency_id']).execute();
  return {
    agencies,
    items: items.map((i) => ({ agencyId: i.agency_id, itemId: i.id, attachments: byItem.get(i.id) ?? [] })),
    reports: reports.map((r) => ({ agencyId: r.agency_id, year: Number(r.year) })),
    windows: windows.map((w) => ({ agencyId: w.agency_id, id: w.id })),
    serviceItems: serviceItems.map((s) => ({ agencyId: s.agency_id, id: s.id })),
  };
}

/** A value that looks like a planted one but names nothing: the same shape, other characters. */
export function controlOf(value: string): string {
  return [...value]
    .map((c) => {
      if (/[0-9]/.test(c)) return String((Number(c) + 5) % 10);
      if (/[\u4e00-\u9fff]/.test(c)) return '囧';
      if (/[a-z]/.test(c)) return c === 'q' ? 'z' : 'q';
      return c;
    })
    .join('');
}

const encode = encodeURIComponent;

/**
 * The URLs of one public GET route (without query parameters unless the route needs them), filled
 * from the targets. Throws for a path parameter the crawl does not know: a new public route must
 * be taught here, so it cannot escape the scan.
 */
export function urlsOfRoute(route: RouteEntry, t: CrawlTargets, unknownToken: string): string[] {
  const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const key = names.join(',');
  const fill = (values: Record<string, string>) =>
    route.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encode(values[name]!));
  switch (key) {
    case '':
      return [route.url];
    case 'id':
      return t.agencies.map((id) => fill({ id }));
    case 'id,itemId':
      return t.items.map((i) => fill({ id: i.agencyId, itemId: i.itemId }));
    case 'id,itemId,attachmentId':
      return t.items.flatMap((i) =>
        i.attachments.map((a) => fill({ id: i.agencyId, itemId: i.itemId, attachmentId: a })),
      );
    case 'id,year':
      return t.reports.map((r) => fill({ id: r.agencyId, year: String(r.year) }));
    case 'id,windowId':
      return t.windows.map((w) => fill({ id: w.agencyId, windowId: w.id }));
    case 'id,serviceItemId':
      return t.serviceItems.map((s) => fill({ id: s.agencyId, serviceItemId: s.id }));
    case 'token':
      // The owners' own tokens are fetched as owner outputs; the public gets an unknown one.
      return [fill({ token: unknownToken })];
    default:
      throw new Error(`${route.method} ${route.url}: path parameters ${key} are unknown to the leak crawl`);
  }
}

/** A minimal ZIP reader: every entry's bytes (stored or deflated), for the XML parts of DOCX/XLSX. */
export function zipEntries(bytes: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = new Map<string, Buffer>();
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return entries;
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) break;
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function pdfMetadata(bytes: Uint8Array): Promise<string> {
  const { getDocumentProxy } = await import('unpdf');
  const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  try {
    const { info, metadata } = await doc.getMetadata();
    return `${JSON.stringify(info)}\n${metadata ? JSON.stringify([...metadata]) : ''}`;
  } finally {
    await doc.destroy();
  }
}

/** The text a reader gets from a response: body by its type, and the headers. */
export async function responseText(response: LightMyRequestResponse): Promise<string> {
  const type = String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const headers = Object.entries(response.headers)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
  const bytes = new Uint8Array(response.rawPayload);
  let body: string;
  if (type === 'application/pdf') {
    const text =
      (await extractAttachmentText({ mediaType: type, content: bytes }, { maxChars: 5_000_000 })) ?? '';
    body = `${text}\n${await pdfMetadata(bytes).catch(() => '')}`;
  } else if (type === DOCX || type === XLSX) {
    const text =
      (await extractAttachmentText({ mediaType: type, content: bytes }, { maxChars: 5_000_000 })) ?? '';
    const parts = [...zipEntries(bytes)]
      .filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'))
      .map(([name, data]) => `${name}\n${data.toString('utf8')}`);
    body = `${text}\n${parts.join('\n')}`;
  } else if (type.startsWith('text/') || type.includes('json') || type.includes('xml') || type === '') {
    body = response.body;
  } else {
    body = Buffer.from(bytes).toString('latin1');
  }
  return `${headers}\n\n${body}`;
}

/** Links a reader could follow: href/src attributes, sitemap <loc> and RSS <link> elements. */
export function linksOf(text: string, origin: string): string[] {
  const raw = [
    ...[...text.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!),
    ...[...text.matchAll(/<(?:loc|link)>([^<]+)<\/(?:loc|link)>/g)].map((m) => m[1]!),
  ];
  const links: string[] = [];
  for (const value of raw) {
    const link = value
      .replace(/&amp;/g, '&')
      .replace(/&#x2F;/gi, '/')
      .replace(/&#39;/g, "'")
      .trim()
      .split('#')[0]!;
    if (link === '') continue;
    if (link.startsWith('/') && !link.startsWith('//')) links.push(link);
    else if (link.startsWith(`${origin}/`)) links.push(link.slice(origin.length));
  }
  return links;
}

export interface Fetched {
  url: string;
  status: number;
  text: string;
  /** For a probe: the typed value and its same-shape control's response (to discount the echo). */
  echo?: { value: string; control: string; controlText: string };
}

export interface CrawlOptions {
  routes: readonly RouteEntry[];
  targets: CrawlTargets;
  /** The configured public base (GONGKAI_PUBLIC_URL): absolute links under it are followed. */
  origin: string;
  /** Values a visitor could type into the search and lookup forms (planted names, numbers, fragments). */
  probes: readonly string[];
  /** Pages fetched by the breadth-first crawl at most (beyond the routes' own URLs). */
  maxPages: number;
  /** Where fetched counts go while it runs (the big version prints progress). */
  progress?: (fetched: number) => void;
}

export interface CrawlResult {
  outputs: Fetched[];
  /** The public GET routes fetched at least once, as "GET /path/:param". */
  routesFetched: Set<string>;
  /** Public GET routes the crawl has no URL for (no record of that kind in the database). */
  routesWithoutTargets: string[];
}

/** Every public output of the app, anonymous (no cookie). */
export async function crawlPublic(app: App, options: CrawlOptions): Promise<CrawlResult> {
  const outputs: Fetched[] = [];
  const seen = new Set<string>();
  const routesFetched = new Set<string>();
  const routesWithoutTargets: string[] = [];
  let requests = 0;
  const get = async (url: string) => {
    // An address per request: the portal's per-address limits are not what is tested here.
    const ip = ++requests;
    const remoteAddress = `198.18.${Math.floor(ip / 250) % 250}.${(ip % 250) + 1}`;
    const response = await app.inject({ method: 'GET', url, remoteAddress });
    return { response, text: await responseText(response) };
  };
  const queue: string[] = ['/', '/robots.txt', '/sitemap.xml'];
  const unknownToken = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  for (const route of options.routes) {
    if (route.access !== 'public' || route.method !== 'GET') continue;
    const urls = urlsOfRoute(route, options.targets, unknownToken);
    if (urls.length === 0) routesWithoutTargets.push(`GET ${route.url}`);
    else routesFetched.add(`GET ${route.url}`);
    queue.push(...urls);
  }
  let crawled = 0;
  const routeUrls = queue.length;
  for (let i = 0; i < queue.length; i++) {
    const url = queue[i]!;
    if (seen.has(url)) continue;
    // The routes' own URLs are all fetched; links found beyond them up to maxPages.
    if (i >= routeUrls && crawled >= options.maxPages) continue;
    if (i >= routeUrls) crawled++;
    seen.add(url);
    // Office pages other than the sign-in form need a session: the matrix proves they refuse.
    if (url.startsWith('/office') && !url.startsWith('/office/login')) continue;
    const { response, text } = await get(url);
    outputs.push({ url, status: response.statusCode, text });
    options.progress?.(outputs.length);
    const type = String(response.headers['content-type'] ?? '');
    if (/html|xml/.test(type)) for (const link of linksOf(response.body, options.origin)) queue.push(link);
  }

  // Search, suggestions and error pages with what a visitor might type; the echo of the typed
  // value is discounted by asking the same with a value of the same shape that names nothing.
  const probeUrls = (agencyId: string, value: string) => [
    `/agencies/${encode(agencyId)}/search?q=${encode(value)}`,
    `/agencies/${encode(agencyId)}/apply/suggestions?q=${encode(value)}`,
    `/agencies/${encode(agencyId)}/items?q=${encode(value)}`,
  ];
  const errorUrls = (value: string) => [
    `/agencies/${encode(value)}`,
    `/agencies/${encode(value)}/items/${encode(value)}`,
    `/apply/status?token=${encode(value)}`,
    `/complaints/${encode(value)}`,
    `/${encode(value)}`,
  ];
  const agencies = options.targets.agencies;
  for (const [n, value] of options.probes.entries()) {
    const control = controlOf(value);
    // Each probe on one agency in turn (all agencies would multiply the cost, not the coverage).
    const agencyId = agencies[n % agencies.length]!;
    const pairs = [
      ...probeUrls(agencyId, value).map((u, k) => [u, probeUrls(agencyId, control)[k]!] as const),
      ...errorUrls(value).map((u, k) => [u, errorUrls(control)[k]!] as const),
    ];
    for (const [url, controlUrl] of pairs) {
      const asked = await get(url);
      const controlled = await get(controlUrl);
      outputs.push({
        url,
        status: asked.response.statusCode,
        text: asked.text,
        echo: { value, control, controlText: controlled.text },
      });
    }
  }
  return { outputs, routesFetched, routesWithoutTargets };
}
