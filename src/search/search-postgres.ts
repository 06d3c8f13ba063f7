// The PostgreSQL side of search: search_documents with a tsvector of the same tokens ('simple'
// configuration: no stemming, no stop words; title weighted A, body B) under a GIN index. Tokens
// reach PostgreSQL only as bound parameters of to_tsvector / plainto_tsquery, never as query syntax.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type PreparedQuery, RANKED_WINDOW, type SearchDocument, type StoredHit } from './search.ts';

export async function indexPostgres(
  db: Kysely<DB>,
  doc: SearchDocument,
  titleTokens: string,
  bodyTokens: string,
): Promise<void> {
  await sql`insert into search_documents
      (id, agency_id, kind, category, year, validity, title, body, published_on, url, tsv)
    values (${doc.id}, ${doc.agencyId}, ${doc.kind}, ${doc.category}, ${doc.year}, ${doc.validity},
      ${doc.title}, ${doc.body}, ${doc.publishedOn}, ${doc.url},
      setweight(to_tsvector('simple', ${titleTokens}), 'A') || setweight(to_tsvector('simple', ${bodyTokens}), 'B'))
    on conflict (id) do update set
      agency_id = excluded.agency_id, kind = excluded.kind, category = excluded.category,
      year = excluded.year, validity = excluded.validity, title = excluded.title, body = excluded.body,
      published_on = excluded.published_on, url = excluded.url, tsv = excluded.tsv`.execute(db);
}

export async function removePostgres(db: Kysely<DB>, id: string): Promise<void> {
  await sql`delete from search_documents where id = ${id}`.execute(db);
}

function filtersOf(query: PreparedQuery): RawBuilder<unknown>[] {
  const filters: RawBuilder<unknown>[] = [];
  if (query.agencyIds) filters.push(sql`agency_id in (${sql.join(query.agencyIds)})`);
  if (query.kind !== undefined) filters.push(sql`kind = ${query.kind}`);
  if (query.category !== undefined) filters.push(sql`category = ${query.category}`);
  if (query.year !== undefined) filters.push(sql`year = ${query.year}`);
  if (query.validity !== undefined) filters.push(sql`validity = ${query.validity}`);
  return filters;
}

/** plainto_tsquery ANDs the lexemes of its (parameter) text and reads no operator in it. */
function tsquery(tokens: readonly string[]): RawBuilder<unknown> {
  return sql`plainto_tsquery('simple', ${tokens.join(' ')})`;
}

/**
 * The total, and the page of the order: the RANKED_WINDOW latest matches by ts_rank (ties to the
 * later publication), then the older matches, latest first (the same order as on SQLite).
 */
export async function searchPostgres(
  db: Kysely<DB>,
  query: PreparedQuery,
): Promise<{ total: number; rows: StoredHit[] }> {
  return withoutSeqScan(db, (trx) => search(trx, query));
}

/**
 * Runs f with sequential scans off, in the caller's transaction (the setting restored after) or in
 * one of its own. A term in most documents makes the planner scan the table, testing the tsvector
 * of every row; reading those from TOAST costs about ten times the GIN index's bitmap, which needs
 * no tsvector at all.
 */
async function withoutSeqScan<T>(db: Kysely<DB>, f: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const off = sql<{ previous: string }>`select current_setting('enable_seqscan') as previous,
    set_config('enable_seqscan', 'off', true) as now`;
  if (!db.isTransaction) {
    return db.transaction().execute(async (trx) => {
      await off.execute(trx);
      return f(trx);
    });
  }
  const previous = (await off.execute(db)).rows[0]?.previous ?? 'on';
  try {
    return await f(db);
  } finally {
    // After an error the transaction is aborted and the setting goes with it.
    await sql`select set_config('enable_seqscan', ${previous}, true)`.execute(db).catch(() => {});
  }
}

async function search(db: Kysely<DB>, query: PreparedQuery): Promise<{ total: number; rows: StoredHit[] }> {
  const { limit, offset } = query;
  const match = tsquery(query.required);
  // Ranking also counts the boost words (ORed: they never narrow the match).
  const rank =
    query.boost.length === 0 ? match : sql.join([match, ...query.boost.map((w) => tsquery([w]))], sql` || `);
  const where = sql.join([sql`tsv @@ ${match}`, ...filtersOf(query)], sql` and `);
  const total = Number(
    (await sql<{ n: number }>`select count(*) as n from search_documents where ${where}`.execute(db)).rows[0]
      ?.n ?? 0,
  );
  if (total <= offset) return { total, rows: [] };
  const rows: StoredHit[] = [];
  if (offset < RANKED_WINDOW) {
    // The window keeps only what ranking needs; the page's rows are joined after it.
    const ranked =
      await sql<StoredHit>`select d.id, d.agency_id, d.title, d.body, d.url, d.published_on, d.category
      from (
        select id, published_on, ts_rank(tsv, ${rank}, 1) as score from (
          select id, published_on, tsv from search_documents
          where ${where} order by published_on desc, id desc limit ${RANKED_WINDOW}
        ) recent
        order by score desc, published_on desc, id desc limit ${limit} offset ${offset}
      ) page join search_documents d on d.id = page.id
      order by page.score desc, page.published_on desc, page.id desc`.execute(db);
    rows.push(...ranked.rows);
  }
  const end = offset + limit;
  if (end > RANKED_WINDOW && total > RANKED_WINDOW) {
    const from = Math.max(offset, RANKED_WINDOW);
    const older = await sql<StoredHit>`select id, agency_id, title, body, url, published_on, category
      from search_documents where ${where}
      order by published_on desc, id desc limit ${end - from} offset ${from}`.execute(db);
    rows.push(...older.rows);
  }
  return { total, rows };
}
