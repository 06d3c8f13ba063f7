// Queries on applications, their events, year rows and files. Decides nothing.
import { type Insertable, type Kysely, PostgresAdapter, type Selectable, sql, type Updateable } from 'kysely';
import type {
  ApplicationEventTable,
  ApplicationFileTable,
  ApplicationTable,
  ApplicationYearTable,
  DB,
} from '../db/schema.ts';
import type { ApplicationEvent } from './application.ts';
import { APPLICANT_TYPES } from './outcomes.ts';

export type ApplicationRow = Selectable<ApplicationTable>;
export type ApplicationEventRow = Selectable<ApplicationEventTable>;

export async function insertApplication(db: Kysely<DB>, row: Insertable<ApplicationTable>): Promise<void> {
  await db.insertInto('applications').values(row).execute();
}

export async function updateApplicationRow(
  db: Kysely<DB>,
  id: string,
  fields: Updateable<ApplicationTable>,
): Promise<void> {
  await db.updateTable('applications').set(fields).where('id', '=', id).execute();
}

/**
 * Sets the assignee only if it is still the one expected (when given): two clerks giving the same
 * application to different handlers at once cannot both succeed. Only while the application is open:
 * one finished since it was read keeps its assignee. The number of rows changed.
 */
export async function updateAssignee(
  db: Kysely<DB>,
  id: string,
  fields: { assigned_to: string | null; updated_at: string },
  expected: string | null | undefined,
): Promise<number> {
  let query = db.updateTable('applications').set(fields).where('id', '=', id).where('is_open', '=', 1);
  if (expected !== undefined)
    query =
      expected === null ? query.where('assigned_to', 'is', null) : query.where('assigned_to', '=', expected);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

export async function findApplicationRow(db: Kysely<DB>, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locked until the end of the transaction on PostgreSQL: events of one application append one at a time. */
export async function findApplicationRowForUpdate(
  trx: Kysely<DB>,
  id: string,
): Promise<ApplicationRow | undefined> {
  let q = trx.selectFrom('applications').selectAll().where('id', '=', id);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findApplicationByAccessHash(
  db: Kysely<DB>,
  accessHash: string,
): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('access_hash', '=', accessHash).executeTakeFirst();
}

export async function findApplicationByTrackingNumber(
  db: Kysely<DB>,
  trackingNumber: string,
): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom('applications')
    .selectAll()
    .where('tracking_number', '=', trackingNumber)
    .executeTakeFirst();
}

export async function insertEvent(db: Kysely<DB>, row: Insertable<ApplicationEventTable>): Promise<void> {
  await db.insertInto('application_events').values(row).execute();
}

export async function findEventRows(db: Kysely<DB>, applicationId: string): Promise<ApplicationEventRow[]> {
  return db
    .selectFrom('application_events')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('seq')
    .execute();
}

export function toEvent(row: ApplicationEventRow): ApplicationEvent {
  return JSON.parse(row.data) as ApplicationEvent;
}

export async function insertYearRows(
  db: Kysely<DB>,
  rows: readonly Insertable<ApplicationYearTable>[],
): Promise<void> {
  await db
    .insertInto('application_years')
    .values([...rows])
    .execute();
}

export async function replaceYearRows(
  db: Kysely<DB>,
  applicationId: string,
  rows: readonly Insertable<ApplicationYearTable>[],
): Promise<void> {
  await db.deleteFrom('application_years').where('application_id', '=', applicationId).execute();
  if (rows.length > 0)
    await db
      .insertInto('application_years')
      .values([...rows])
      .execute();
}

/** Applications of one applicant received in [from, to]: the 按件 fee counts them per month. */
export async function countApplicantApplications(
  db: Kysely<DB>,
  applicantKey: string,
  from: string,
  to: string,
): Promise<number> {
  const row = await db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('applicant_key', '=', applicantKey)
    .where('received_on', '>=', from)
    .where('received_on', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface QueueFilter {
  agencyIds: readonly string[];
  /** Open applications only (the default), or every one. */
  openOnly?: boolean;
  assignedTo?: string;
  limit?: number;
  offset?: number;
}

/** The work queue: open applications by reply due date (waiting for a 补正 last), then receipt. */
export async function findQueueRows(db: Kysely<DB>, filter: QueueFilter): Promise<ApplicationRow[]> {
  if (filter.agencyIds.length === 0) return [];
  let q = db
    .selectFrom('applications')
    .selectAll()
    .where('agency_id', 'in', [...filter.agencyIds]);
  if (filter.openOnly !== false) q = q.where('is_open', '=', 1);
  if (filter.assignedTo) q = q.where('assigned_to', '=', filter.assignedTo);
  return q
    .orderBy(sql`case when reply_due is null then 1 else 0 end`)
    .orderBy('reply_due')
    .orderBy('received_on')
    .orderBy('tracking_number')
    .limit(filter.limit ?? 200)
    .offset(filter.offset ?? 0)
    .execute();
}

export async function findOpenApplicationIds(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('applications').select('id').where('is_open', '=', 1).execute();
  return rows.map((r) => r.id);
}

export interface YearCountRow {
  entry: string;
  exit: string;
  column: number;
  n: number;
}

/**
 * The counts of table 三 for an agency and year, per (entry, exit, applicant column), in one pass
 * over the stored year rows (an index-only scan), plus applications still open whose last event is
 * before the year: carried into and out of it with nothing happening (entry carriedIn, exit carriedOut).
 */
export async function countYearRows(db: Kysely<DB>, agencyId: string, year: number): Promise<YearCountRow[]> {
  const result = await sql<{
    entry: string;
    exit: string;
    column: number | string;
    n: number | string | bigint;
  }>`
    select entry, exit, applicant_column as ${sql.ref('column')}, count(*) as n
      from application_years where agency_id = ${agencyId} and year = ${year}
      group by entry, exit, applicant_column
    union all
    select 'carriedIn' as entry, 'carriedOut' as exit, a.applicant_column as ${sql.ref('column')}, count(*) as n
      from (select ${applicantColumnSql} as applicant_column from applications
             where agency_id = ${agencyId} and is_open = 1 and last_event_on < ${`${year}-01-01`}) a
      group by a.applicant_column`.execute(db);
  return result.rows.map((r) => ({ entry: r.entry, exit: r.exit, column: Number(r.column), n: Number(r.n) }));
}

// The column of table 三 of each applicant type, from the one list in outcomes.ts.
const applicantColumnSql = sql`case applicant_type ${sql.join(
  APPLICANT_TYPES.map((t) => sql`when ${sql.lit(t.key)} then ${sql.lit(t.column)}`),
  sql` `,
)} end`;

export async function insertFile(db: Kysely<DB>, row: Insertable<ApplicationFileTable>): Promise<void> {
  await db.insertInto('application_files').values(row).execute();
}

export async function findFileMetadata(
  db: Kysely<DB>,
  applicationId: string,
): Promise<Omit<Selectable<ApplicationFileTable>, 'content'>[]> {
  return db
    .selectFrom('application_files')
    .select(['id', 'application_id', 'kind', 'filename', 'media_type', 'size', 'created_at'])
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .execute();
}

export async function findFile(
  db: Kysely<DB>,
  applicationId: string,
  fileId: string,
): Promise<Selectable<ApplicationFileTable> | undefined> {
  return db
    .selectFrom('application_files')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('id', '=', fileId)
    .executeTakeFirst();
}
