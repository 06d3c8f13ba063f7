// Queries on the register and the yearly figures. Decides nothing.
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { DB, NormativeDocumentTable, NormativeYearCountTable } from '../db/schema.ts';

export type DocumentRow = Selectable<NormativeDocumentTable>;
export type YearCountRow = Selectable<NormativeYearCountTable>;

export async function insertDocument(db: Kysely<DB>, row: Insertable<NormativeDocumentTable>): Promise<void> {
  await db.insertInto('normative_documents').values(row).execute();
}

/** Updates the row only at the revision the caller read; the number of rows changed (0 or 1). */
export async function updateDocumentAt(
  db: Kysely<DB>,
  id: string,
  revision: number,
  fields: Updateable<NormativeDocumentTable>,
): Promise<number> {
  const result = await db
    .updateTable('normative_documents')
    .set(fields)
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findDocument(db: Kysely<DB>, id: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('normative_documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDocumentNumbers(db: Kysely<DB>, agencyId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('normative_documents')
    .select(['id', 'document_number'])
    .where('agency_id', '=', agencyId)
    .execute();
  return new Map(rows.map((r) => [r.document_number, r.id]));
}

export interface DocumentFilter {
  kind?: string;
  status?: string;
  /** Issued (发布) in the year. */
  year?: number;
}

export async function findDocuments(
  db: Kysely<DB>,
  agencyId: string,
  filter: DocumentFilter = {},
): Promise<DocumentRow[]> {
  let q = db.selectFrom('normative_documents').selectAll().where('agency_id', '=', agencyId);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.year !== undefined)
    q = q.where('issued_on', '>=', `${filter.year}-01-01`).where('issued_on', '<=', `${filter.year}-12-31`);
  return q.orderBy('issued_on', 'desc').orderBy('document_number').orderBy('id').execute();
}

/** The agency's item, if it is one and has a published version that is not withdrawn. */
export async function findLinkableItem(
  db: Kysely<DB>,
  agencyId: string,
  itemId: string,
): Promise<{ id: string; title: string; published: boolean } | undefined> {
  const row = await db
    .selectFrom('disclosure_items')
    .select(['id', 'title', 'published_version', 'phase'])
    .where('id', '=', itemId)
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    title: row.title,
    published: row.published_version !== null && row.phase !== 'withdrawn',
  };
}

export async function findPublishedItemIds(db: Kysely<DB>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('disclosure_items')
    .select('id')
    .where('id', 'in', ids)
    .where('published_version', 'is not', null)
    .where('phase', '<>', 'withdrawn')
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function upsertYearCounts(
  db: Kysely<DB>,
  row: Insertable<NormativeYearCountTable>,
): Promise<void> {
  await db
    .insertInto('normative_year_counts')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['agency_id', 'year']).doUpdateSet({
        licensing: row.licensing,
        penalty: row.penalty,
        enforcement: row.enforcement,
        fees_yuan: row.fees_yuan,
        updated_by: row.updated_by ?? null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function findYearCounts(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<YearCountRow | undefined> {
  return db
    .selectFrom('normative_year_counts')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .executeTakeFirst();
}

export async function findAllYearCounts(db: Kysely<DB>, agencyId: string): Promise<YearCountRow[]> {
  return db
    .selectFrom('normative_year_counts')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('year', 'desc')
    .execute();
}

/**
 * 第二十条第（一）项 counted by the database, per kind: issued in the year, 废止 in the year, in
 * force on 31 December (施行 by then, 有效期至 not before it, not 废止 or 失效 on or before it).
 */
export async function countRegister(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<{ kind: string; issued: number; repealed: number; valid: number }[]> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const rows = await db
    .selectFrom('normative_documents')
    .select([
      'kind',
      sql<number>`sum(case when issued_on >= ${first} and issued_on <= ${last} then 1 else 0 end)`.as(
        'issued',
      ),
      sql<number>`sum(case when status = 'repealed' and status_on >= ${first} and status_on <= ${last} then 1 else 0 end)`.as(
        'repealed',
      ),
      sql<number>`sum(case when issued_on <= ${last} and effective_on <= ${last}
        and (valid_until is null or valid_until >= ${last})
        and not (status in ('repealed', 'expired') and status_on <= ${last}) then 1 else 0 end)`.as('valid'),
    ])
    .where('agency_id', '=', agencyId)
    .groupBy('kind')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    issued: Number(r.issued),
    repealed: Number(r.repealed),
    valid: Number(r.valid),
  }));
}
