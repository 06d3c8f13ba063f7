// Index, remove and search documents on either engine. Index writes are synchronous statements on
// the caller's connection or transaction: a document is searchable as soon as that commits.
import { type Kysely, PostgresAdapter } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  checkDocument,
  type PreparedQuery,
  pageOf,
  type SearchDocument,
  type SearchQuery,
  type SearchResult,
} from './search.ts';
import { indexPostgres, removePostgres, searchPostgres } from './search-postgres.ts';
import { indexSqlite, removeSqlite, searchSqlite } from './search-sqlite.ts';
import { highlightAll, snippet } from './snippet.ts';
import { indexText, type QueryTerms, queryTerms } from './tokens.ts';

function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Runs f in the caller's transaction, or in one of its own (a replace is two statements or more). */
function inTransaction(db: Kysely<DB>, f: (trx: Kysely<DB>) => Promise<void>): Promise<void> {
  return db.isTransaction ? f(db) : db.transaction().execute(f);
}

/** Inserts or replaces the document (by id). `db` may be the caller's transaction. */
export async function indexDocument(db: Kysely<DB>, doc: SearchDocument): Promise<void> {
  checkDocument(doc);
  const titleTokens = indexText(doc.title);
  const bodyTokens = indexText(doc.body);
  await inTransaction(db, (trx) =>
    isPostgres(trx)
      ? indexPostgres(trx, doc, titleTokens, bodyTokens)
      : indexSqlite(trx, doc, titleTokens, bodyTokens),
  );
}

/** Removes the document if it is indexed. */
export async function removeDocument(db: Kysely<DB>, id: string): Promise<void> {
  await inTransaction(db, (trx) => (isPostgres(trx) ? removePostgres(trx, id) : removeSqlite(trx, id)));
}

/** The engines' form of a query; null when it can find nothing (no token, no agency, no such year). */
export function prepareQuery(
  query: SearchQuery,
  terms: QueryTerms = queryTerms(query.q),
): PreparedQuery | null {
  if (terms.required.length === 0 || query.agencyIds?.length === 0) return null;
  // A year beyond PostgreSQL's integer column finds nothing there, as on SQLite, instead of an error.
  if (
    query.year !== undefined &&
    !(Number.isSafeInteger(query.year) && Math.abs(query.year) <= 2_147_483_647)
  )
    return null;
  // No stored value holds NUL (PostgreSQL cannot store it, and rejects it as a parameter): such a
  // filter finds nothing on both engines instead of an error on one.
  const filters = [query.kind, query.category, query.validity, ...(query.agencyIds ?? [])];
  if (filters.some((value) => value?.includes('\u0000'))) return null;
  const prepared: PreparedQuery = { required: terms.required, boost: terms.boost, ...pageOf(query) };
  if (query.agencyIds) prepared.agencyIds = [...new Set(query.agencyIds)];
  if (query.kind !== undefined) prepared.kind = query.kind;
  if (query.category !== undefined) prepared.category = query.category;
  if (query.year !== undefined) prepared.year = query.year;
  if (query.validity !== undefined) prepared.validity = query.validity;
  return prepared;
}

/**
 * The documents that have every token the query requires (tokens.ts: a substring of a title or
 * body that cuts no word finds it) and pass the filters, with the total for paging. Order: the
 * latest RANKED_WINDOW matches by relevance (bm25 on SQLite, ts_rank on PostgreSQL, ties to the
 * later publication), then the older matches, latest first. A query without any letter, digit or
 * Han character finds nothing.
 */
export async function searchDocuments(db: Kysely<DB>, query: SearchQuery): Promise<SearchResult> {
  const terms = queryTerms(typeof query.q === 'string' ? query.q : '');
  const prepared = prepareQuery(query, terms);
  if (!prepared) return { total: 0, hits: [] };
  const { total, rows } = isPostgres(db)
    ? await searchPostgres(db, prepared)
    : await searchSqlite(db, prepared);
  return {
    total,
    hits: rows.map((row) => ({
      id: row.id,
      agencyId: row.agency_id,
      title: row.title,
      url: row.url,
      publishedOn: row.published_on,
      category: row.category,
      titleHtml: highlightAll(row.title, terms.needles),
      snippetHtml: snippet(row.body, terms.needles),
    })),
  };
}
