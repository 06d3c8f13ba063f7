// The SQLite side of search: search_documents (metadata and text under `seq`) and the contentless
// FTS5 table search_fts (rowid = seq) with the tokens of the title and the body and the facet
// tokens of the filters. Every token reaches MATCH quoted; a search is one MATCH, never a join.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import {
  dayNumber,
  type PreparedQuery,
  RANKED_WINDOW,
  type SearchDocument,
  type StoredHit,
} from './search.ts';

/** Documents published on one day get seq day × DAY_SPAN + 0, 1, 2, … */
const DAY_SPAN = 2 ** 20;
const STORED = sql.raw('d.id, d.agency_id, d.title, d.body, d.url, d.published_on, d.category');
/** bm25 weights of the FTS5 columns: a title match counts four times a body match; facets nothing. */
const BM25 = sql.raw('bm25(search_fts, 4.0, 1.0, 0.0)');

/** A token as an FTS5 string: in double quotes, quotes doubled, so it is always text, never syntax. */
export function ftsString(token: string): string {
  return `"${token.replaceAll('"', '""')}"`;
}

/** The UTF-8 bytes of a value in hexadecimal: one token for the 'ascii' tokenizer, whatever the value. */
function hex(value: string): string {
  return Buffer.from(value, 'utf8').toString('hex');
}

/**
 * The facet token of a filterable value: U+E000 (a private-use character, never in a text token),
 * a letter for the field, the value in hexadecimal.
 */
export function facetToken(field: 'a' | 'k' | 'c' | 'y' | 'v', value: string | number): string {
  return `\uE000${field}${hex(String(value))}`;
}

export function facetTokens(doc: SearchDocument): string {
  const tokens = [facetToken('a', doc.agencyId), facetToken('k', doc.kind)];
  if (doc.category !== null) tokens.push(facetToken('c', doc.category));
  if (doc.year !== null) tokens.push(facetToken('y', doc.year));
  if (doc.validity !== null) tokens.push(facetToken('v', doc.validity));
  return tokens.join(' ');
}

/**
 * The MATCH expression: every required token and every filter ANDed; with `boost`, the boost words
 * (with the first required token, so that they never narrow the match) ORed after them, where
 * they only add to bm25.
 */
export function ftsExpression(query: Omit<PreparedQuery, 'limit' | 'offset'>, boost = true): string {
  const parts = query.required.map(ftsString);
  if (query.agencyIds)
    parts.push(`(${query.agencyIds.map((a) => ftsString(facetToken('a', a))).join(' OR ')})`);
  if (query.kind !== undefined) parts.push(ftsString(facetToken('k', query.kind)));
  if (query.category !== undefined) parts.push(ftsString(facetToken('c', query.category)));
  if (query.year !== undefined) parts.push(ftsString(facetToken('y', query.year)));
  if (query.validity !== undefined) parts.push(ftsString(facetToken('v', query.validity)));
  if (boost && query.boost.length > 0) {
    parts.push(`(${[...query.boost, query.required[0]!].map(ftsString).join(' OR ')})`);
  }
  return parts.join(' AND ');
}

export async function indexSqlite(
  db: Kysely<DB>,
  doc: SearchDocument,
  titleTokens: string,
  bodyTokens: string,
): Promise<void> {
  const day = dayNumber(doc.publishedOn);
  const old = (await sql<{ seq: number }>`select seq from search_documents where id = ${doc.id}`.execute(db))
    .rows[0];
  let seq: number | undefined;
  if (old) {
    await sql`delete from search_fts where rowid = ${old.seq}`.execute(db);
    await sql`delete from search_documents where seq = ${old.seq}`.execute(db);
    // Republished on the same day: it keeps its place among that day's documents.
    if (Math.floor(old.seq / DAY_SPAN) === day) seq = old.seq;
  }
  if (seq === undefined) {
    const base = day * DAY_SPAN;
    const last = (
      await sql<{ seq: number | null }>`select max(seq) as seq from search_documents
        where seq >= ${base} and seq < ${base + DAY_SPAN}`.execute(db)
    ).rows[0]?.seq;
    seq = last === null || last === undefined ? base : last + 1;
    if (seq >= base + DAY_SPAN) throw new RangeError(`too many documents published on ${doc.publishedOn}`);
  }
  await sql`insert into search_documents
      (seq, id, agency_id, kind, category, year, validity, title, body, published_on, url)
    values (${seq}, ${doc.id}, ${doc.agencyId}, ${doc.kind}, ${doc.category}, ${doc.year}, ${doc.validity},
      ${doc.title}, ${doc.body}, ${doc.publishedOn}, ${doc.url})`.execute(db);
  await sql`insert into search_fts (rowid, title, body, facets)
    values (${seq}, ${titleTokens}, ${bodyTokens}, ${facetTokens(doc)})`.execute(db);
}

export async function removeSqlite(db: Kysely<DB>, id: string): Promise<void> {
  const old = (await sql<{ seq: number }>`select seq from search_documents where id = ${id}`.execute(db))
    .rows[0];
  if (!old) return;
  await sql`delete from search_fts where rowid = ${old.seq}`.execute(db);
  await sql`delete from search_documents where seq = ${old.seq}`.execute(db);
}

/**
 * The total, and the page of the order: the RANKED_WINDOW latest matches by bm25 (ties to the later
 * seq), then the older matches, latest first. FTS5 reads matches in rowid order and stops at the
 * window, so a query that matches most documents costs no more to rank than one that matches a few.
 */
export async function searchSqlite(
  db: Kysely<DB>,
  query: PreparedQuery,
): Promise<{ total: number; rows: StoredHit[] }> {
  const { limit, offset } = query;
  const match = ftsExpression(query, false);
  const total = Number(
    (
      await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${match}`.execute(
        db,
      )
    ).rows[0]?.n ?? 0,
  );
  if (total <= offset) return { total, rows: [] };
  const rows: StoredHit[] = [];
  if (offset < RANKED_WINDOW) {
    // The page's rows are joined after ranking: 20 lookups, not one per ranked match.
    const ranked = await sql<StoredHit>`select ${STORED} from (
        select seq, score from (
          select search_fts.rowid as seq, ${BM25} as score from search_fts
          where search_fts match ${ftsExpression(query)} order by search_fts.rowid desc limit ${RANKED_WINDOW}
        ) order by score, seq desc limit ${limit} offset ${offset}
      ) page cross join search_documents d on d.seq = page.seq
      order by page.score, page.seq desc`.execute(db);
    rows.push(...ranked.rows);
  }
  const end = offset + limit;
  if (end > RANKED_WINDOW && total > RANKED_WINDOW) {
    const from = Math.max(offset, RANKED_WINDOW);
    const older = await sql<StoredHit>`select ${STORED} from (
        select rowid as seq from search_fts
        where search_fts match ${match} order by rowid desc limit ${end - from} offset ${from}
      ) page cross join search_documents d on d.seq = page.seq
      order by page.seq desc`.execute(db);
    rows.push(...older.rows);
  }
  return { total, rows };
}
