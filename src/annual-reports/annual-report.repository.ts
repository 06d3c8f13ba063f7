// Queries of the annual_reports and annual_report_reminders tables (migration 013).
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { PostgresAdapter } from 'kysely';
import type { AnnualReportTable, DB } from '../db/schema.ts';
import type { ReportSource, ReportState, StoredReport } from './annual-report.ts';
import { parseStoredEdits } from './annual-report.ts';

/** Every column but the imported file's bytes (read only for a download). */
const COLUMNS = [
  'id',
  'agency_id',
  'year',
  'state',
  'source',
  'edits',
  'authors',
  'event_count',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
  'approved_by',
  'approved_at',
  'published_by',
  'published_at',
  'published_on',
  'deadline_on',
  'late',
  'snapshot_json',
  'snapshot_html',
  'findings',
  'import_file_name',
  'import_sha256',
] as const;

export type ReportRow = Pick<Selectable<AnnualReportTable>, (typeof COLUMNS)[number]>;

function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function findReportRow(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<ReportRow | undefined> {
  return db
    .selectFrom('annual_reports')
    .select(COLUMNS)
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** The row locked for the rest of the transaction (PostgreSQL; SQLite's write lock covers it). */
export async function findReportRowForUpdate(
  trx: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<ReportRow | undefined> {
  let q = trx
    .selectFrom('annual_reports')
    .select(COLUMNS)
    .where('agency_id', '=', agencyId)
    .where('year', '=', year);
  if (isPostgres(trx)) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertReportRow(db: Kysely<DB>, row: Insertable<AnnualReportTable>): Promise<void> {
  await db.insertInto('annual_reports').values(row).execute();
}

export async function updateReportRow(
  db: Kysely<DB>,
  id: string,
  changes: Updateable<AnnualReportTable>,
): Promise<void> {
  await db.updateTable('annual_reports').set(changes).where('id', '=', id).execute();
}

/** The rows of the agencies for one year (the supervisor's dashboard). */
export async function findReportRowsOfYear(
  db: Kysely<DB>,
  agencyIds: readonly string[],
  year: number,
): Promise<ReportRow[]> {
  if (agencyIds.length === 0) return [];
  const rows: ReportRow[] = [];
  // Chunks keep the parameter count far below both engines' limits.
  for (let i = 0; i < agencyIds.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('annual_reports')
        .select(COLUMNS)
        .where('year', '=', year)
        .where('agency_id', 'in', agencyIds.slice(i, i + 500))
        .execute()),
    );
  }
  return rows;
}

export async function findImportedFile(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<{ fileName: string; sha256: string; content: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('annual_reports')
    .select(['import_file_name', 'import_sha256', 'import_content'])
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .where('source', '=', 'imported')
    .executeTakeFirst();
  if (!row?.import_content || !row.import_file_name || !row.import_sha256) return undefined;
  return {
    fileName: row.import_file_name,
    sha256: row.import_sha256,
    content: new Uint8Array(row.import_content),
  };
}

function parseAuthors(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function storedReportOf(row: ReportRow): StoredReport {
  return {
    id: row.id,
    agencyId: row.agency_id,
    year: Number(row.year),
    state: row.state as ReportState,
    source: row.source as ReportSource,
    edits: parseStoredEdits(row.edits),
    authors: parseAuthors(row.authors),
    eventCount: Number(row.event_count),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    publishedOn: row.published_on,
    deadlineOn: row.deadline_on,
    late: row.late === null ? null : Number(row.late) === 1,
    importFileName: row.import_file_name,
    importSha256: row.import_sha256,
    updatedAt: row.updated_at,
  };
}
