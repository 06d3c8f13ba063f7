// The types of search: what a module indexes, what a searcher asks, what comes back.

export interface SearchDocument {
  /** Unique across kinds, e.g. 'disclosure:<uuid>'. */
  id: string;
  agencyId: string;
  /** 'disclosure' for now. */
  kind: string;
  category: string | null;
  /** 发布年度 */
  year: number | null;
  /** 有效 | 失效 | 废止 | null */
  validity: string | null;
  title: string;
  /** Plain text (HTML already stripped by the caller). */
  body: string;
  /** YYYY-MM-DD */
  publishedOn: string;
  /** The portal path of the item. */
  url: string;
}

export interface SearchQuery {
  q: string;
  /** Only these agencies (the caller passes an agency and its subtree); an empty list finds nothing. */
  agencyIds?: readonly string[];
  kind?: string;
  category?: string;
  year?: number;
  validity?: string;
  /** 1–100, default 20. */
  limit?: number;
  /** 0–10,000, default 0. */
  offset?: number;
}

export interface SearchHit {
  id: string;
  agencyId: string;
  title: string;
  url: string;
  publishedOn: string;
  category: string | null;
  /** HTML-escaped text around the first match, matches in <mark>, personal numbers masked. */
  snippetHtml: string;
  /** The title HTML-escaped, matches in <mark>, personal numbers masked. */
  titleHtml: string;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
}

export const DEFAULT_LIMIT = 20;
/**
 * Relevance ranks the latest RANKED_WINDOW matches (all of them when there are fewer); older
 * matches follow, latest first. A one-character query can match most of the documents: ranking all
 * of them would cost time in proportion to the corpus, and the latest of them are what a reader of
 * government information wants first.
 */
export const RANKED_WINDOW = 2000;
export const MAX_LIMIT = 100;
export const MAX_OFFSET = 10_000;

/** What the engines need of a query once its text is tokenized and its paging clamped. */
export interface PreparedQuery {
  required: string[];
  boost: string[];
  agencyIds?: readonly string[];
  kind?: string;
  category?: string;
  year?: number;
  validity?: string;
  limit: number;
  offset: number;
}

/** A stored row, as the engines hand it back for a page of hits. */
export interface StoredHit {
  id: string;
  agency_id: string;
  title: string;
  body: string;
  url: string;
  published_on: string;
  category: string | null;
}

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days from 1900-01-01 to a civil date; RangeError for anything else. */
export function dayNumber(civilDate: string): number {
  const m = CIVIL_DATE.exec(civilDate);
  const time = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== civilDate) {
    throw new RangeError(`publishedOn is not a civil date (YYYY-MM-DD): ${civilDate}`);
  }
  const days = Math.round((time - Date.UTC(1900, 0, 1)) / 86_400_000);
  if (days < 0 || days > 200 * 366) throw new RangeError(`publishedOn out of range: ${civilDate}`);
  return days;
}

export function checkDocument(doc: SearchDocument): void {
  if (!doc.id) throw new RangeError('a search document needs an id');
  if (!doc.agencyId) throw new RangeError('a search document needs an agency');
  if (doc.year !== null && !Number.isInteger(doc.year)) throw new RangeError(`year: ${doc.year}`);
  dayNumber(doc.publishedOn);
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

export function pageOf(query: SearchQuery): { limit: number; offset: number } {
  return {
    limit: clamp(query.limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: clamp(query.offset, 0, 0, MAX_OFFSET),
  };
}
