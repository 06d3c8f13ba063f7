// The annual reports of many agencies for one year at once, for a supervisor's consolidation and
// the province-scale benchmark: the same facts as loadReportFacts, read with one grouped query per
// table for a chunk of agencies instead of ten queries per agency, laid out and drafted by the same
// pure builders (table2FromCounts, table3FromCounts, buildTable4, mergeCatalogue, draftReport).
// build-many.test.ts checks on both engines that each report equals buildAnnualReport's.
import { type Kysely, PostgresAdapter, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AgencyKind } from '../agencies/index.ts';
import {
  APPLICANT_TYPES,
  type AppealKind,
  type AppealResult,
  buildTable4,
  table3FromCounts,
  YEAR_ROWS,
  type YearRow,
} from '../applications/index.ts';
import type { DB } from '../db/schema.ts';
import { CHANNEL_IDS, type Channel, isChannel, mergeCatalogue } from '../disclosures/index.ts';
import { beijingYearInstants } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { type RegisterCounts, table2FromCounts, type YearCounts } from '../normative/index.ts';
import { draftReport, type PublicationCount, type ReportFacts } from '../reports/draft/index.ts';
import type { AnnualReport } from '../reports/report.ts';
import { serviceStatisticsOf } from '../services/index.ts';
import { reportYearProblem } from './build-annual-report.ts';
import { channelLabel, FEE_EVENTS, serviceFactsOf } from './load-report-facts.ts';

/**
 * Agencies per round of queries. The ids go as one parameter (a PostgreSQL array, a JSON array read
 * by SQLite's json_each), so a round's queries each read their table once, like a hand-written
 * GROUP BY over every agency; splitting a province into rounds would read the tables once per round.
 */
export const BUILD_CHUNK = 10_000;

// The column of table 三 of each applicant type, from the one list in outcomes.ts.
const applicantColumnSql = sql`case applicant_type ${sql.join(
  APPLICANT_TYPES.map((t) => sql`when ${sql.lit(t.key)} then ${sql.lit(t.column)}`),
  sql` `,
)} end`;

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** The facts of every agency of the chunk, in the chunk's order. */
async function loadChunkFacts(
  db: Kysely<DB>,
  ids: readonly string[],
  year: number,
  now: Date,
): Promise<ReportFacts[]> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const { from, to } = beijingYearInstants(year);
  const iso = now.toISOString();
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const within = (column: string): RawBuilder<SqlBool> =>
    postgres
      ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::text[])`
      : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;

  const agencies = await db
    .selectFrom('agencies')
    .select(['id', 'name', 'kind'])
    .where(within('id'))
    .execute();

  // Table 二: the register (as countRegister) and the figures typed in for the year.
  const register = await db
    .selectFrom('normative_documents')
    .select([
      'agency_id',
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
    .where(within('agency_id'))
    .groupBy(['agency_id', 'kind'])
    .execute();
  const figures = await db
    .selectFrom('normative_year_counts')
    .select(['agency_id', 'licensing', 'penalty', 'enforcement', 'fees_yuan'])
    .where(within('agency_id'))
    .where('year', '=', year)
    .execute();

  // Table 三: the year rows the pure core wrote, and the applications open since before the year
  // without a row for it (as countYearRows).
  const yearRows = await sql<{
    agency_id: string;
    entry: string;
    exit: string;
    column: number | string;
    n: number | string;
  }>`
    select agency_id, entry, exit, applicant_column as ${sql.ref('column')}, count(*) as n
      from application_years where ${within('agency_id')} and year = ${year}
      group by agency_id, entry, exit, applicant_column
    union all
    select a.agency_id, 'carriedIn' as entry, 'carriedOut' as exit, a.applicant_column as ${sql.ref('column')}, count(*) as n
      from (select agency_id, ${applicantColumnSql} as applicant_column from applications
             where ${within('agency_id')} and is_open = 1 and last_event_on < ${first}) a
      group by a.agency_id, a.applicant_column`.execute(db);

  // Table 四: the cases filed by the end of the year and not closed before it (as findAppealsForYear).
  const appeals = await db
    .selectFrom('appeals')
    .select(['agency_id', 'kind', 'filed_on', 'result', 'closed_on'])
    .where(within('agency_id'))
    .where('filed_on', '<=', last)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', first)]))
    .execute();

  // Publications: the portal's items of the Beijing year (as channelCounts), the registered records
  // per channel, and the portal's items per category of their latest version public at `now`.
  const portal = await db
    .selectFrom('disclosure_items')
    .select(['agency_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(within('agency_id'))
    .where('withdrawn_at', 'is', null)
    .where('first_published_at', '>=', from)
    .where('first_published_at', '<', to)
    .where('first_published_at', '<=', iso)
    .groupBy('agency_id')
    .execute();
  const records = await db
    .selectFrom('disclosure_channel_records')
    .select(['agency_id', 'channel', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(within('agency_id'))
    .where('published_on', '>=', first)
    .where('published_on', '<=', last)
    .groupBy(['agency_id', 'channel'])
    .execute();
  const byCategory = await db
    .selectFrom('disclosure_items as i')
    .innerJoin('disclosure_versions as v', 'v.item_id', 'i.id')
    .select(['i.agency_id', 'v.category_code', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(within('i.agency_id'))
    .where('i.withdrawn_at', 'is', null)
    .where('i.first_published_at', '>=', from)
    .where('i.first_published_at', '<', to)
    .where('i.first_published_at', '<=', iso)
    // The latest version public at `now`, as countPublishedByCategory's max(version), written
    // as "no later one public" so that PostgreSQL runs an anti-join instead of a subquery per item.
    .where('v.published_at', '<=', iso)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('disclosure_versions as w')
            .select('w.version')
            .whereRef('w.item_id', '=', 'v.item_id')
            .whereRef('w.version', '>', 'v.version')
            .where('w.published_at', '<=', iso),
        ),
      ),
    )
    .groupBy(['i.agency_id', 'v.category_code'])
    .execute();
  const stored = await db
    .selectFrom('disclosure_categories')
    .select(['agency_id', 'code', 'category_group', 'name', 'position', 'hidden'])
    .where(within('agency_id'))
    .execute();

  // 信息处理费: the fee events up to the end of the year of the applications with one in the year
  // (as feeFactsOf), folded per application below.
  const fees = await db
    .selectFrom('application_events as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select(['a.agency_id', 'e.application_id', 'e.seq', 'e.type', 'e.at', 'e.data'])
    .where(within('a.agency_id'))
    .where('e.type', 'in', [...FEE_EVENTS])
    .where('e.at', '<=', last)
    .where('e.application_id', 'in', (eb) =>
      eb
        .selectFrom('application_events as y')
        .innerJoin('applications as ya', 'ya.id', 'y.application_id')
        .select('y.application_id')
        .where(within('ya.agency_id'))
        .where('y.type', 'in', [...FEE_EVENTS])
        .where('y.at', '>=', first)
        .where('y.at', '<=', last),
    )
    .orderBy('e.application_id')
    .orderBy('e.seq')
    .execute();

  // The service hall: the one grouped query of the report of one agency, over the chunk.
  const services = await serviceStatisticsOf(db, ids, year, now);

  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const registerBy = groupBy(register, (r) => r.agency_id);
  const figuresBy = new Map(figures.map((f) => [f.agency_id, f]));
  const yearRowsBy = groupBy(yearRows.rows, (r) => r.agency_id);
  const appealsBy = groupBy(appeals, (r) => r.agency_id);
  const portalBy = new Map(portal.map((p) => [p.agency_id, Number(p.n)]));
  const recordsBy = groupBy(records, (r) => r.agency_id);
  const categoryBy = groupBy(byCategory, (r) => r.agency_id);
  const storedBy = groupBy(stored, (r) => r.agency_id);
  const feesBy = groupBy(fees, (r) => r.agency_id);

  return ids.map((id): ReportFacts => {
    const agency = agencyById.get(id);
    if (!agency) throw new DomainError('access.not_found', '机构不存在', { userMessage: '机构不存在' });

    const counts: RegisterCounts = {
      regulation: { issued: 0, repealed: 0, valid: 0 },
      normative: { issued: 0, repealed: 0, valid: 0 },
    };
    for (const row of registerBy.get(id) ?? []) {
      const target = counts[row.kind as keyof RegisterCounts];
      if (!target) throw new Error(`unknown kind in normative_documents: ${row.kind}`);
      target.issued = Number(row.issued);
      target.repealed = Number(row.repealed);
      target.valid = Number(row.valid);
    }
    const f = figuresBy.get(id);
    const yearCounts: YearCounts | null = f
      ? {
          year,
          licensing: Number(f.licensing),
          penalty: Number(f.penalty),
          enforcement: Number(f.enforcement),
          feesYuan: Number(f.fees_yuan),
        }
      : null;

    const rows = Object.fromEntries(YEAR_ROWS.map((row) => [row, [0, 0, 0, 0, 0, 0]])) as Record<
      YearRow,
      number[]
    >;
    for (const r of yearRowsBy.get(id) ?? []) {
      for (const row of [r.entry, r.exit]) {
        const cells = rows[row as YearRow];
        if (!cells) throw new Error(`unknown table 三 row in application_years: ${row}`);
        cells[Number(r.column)]! += Number(r.n);
      }
    }

    const table4 = buildTable4(
      (appealsBy.get(id) ?? []).map((a) => ({
        kind: a.kind as AppealKind,
        filed: a.filed_on,
        result: a.result as AppealResult,
        ...(a.closed_on ? { closedOn: a.closed_on } : {}),
      })),
      year,
    );

    const perChannel = Object.fromEntries(CHANNEL_IDS.map((c) => [c, 0])) as Record<Channel, number>;
    perChannel.portal = portalBy.get(id) ?? 0;
    for (const r of recordsBy.get(id) ?? []) if (isChannel(r.channel)) perChannel[r.channel] += Number(r.n);
    const channels: PublicationCount[] = CHANNEL_IDS.map((c) => ({
      key: c,
      label: channelLabel(c),
      count: perChannel[c],
    }));
    const perCategory = new Map((categoryBy.get(id) ?? []).map((r) => [r.category_code, Number(r.n)]));
    const catalogue = mergeCatalogue(
      agency.kind as AgencyKind,
      (storedBy.get(id) ?? []).map((s) => ({
        code: s.code,
        group: s.category_group as Parameters<typeof mergeCatalogue>[1][number]['group'],
        name: s.name,
        position: Number(s.position),
        hidden: Number(s.hidden) === 1,
      })),
    );
    const categories: PublicationCount[] = [];
    for (const category of catalogue) {
      const count = perCategory.get(category.code);
      if (count) categories.push({ key: category.code, label: category.name, count });
      perCategory.delete(category.code);
    }
    for (const [code, count] of [...perCategory].sort(([a], [b]) => (a < b ? -1 : 1)))
      categories.push({ key: code, label: code, count });

    let noticesIssued = 0;
    let amountCollectedYuan = 0;
    let application: string | null = null;
    let noticeAmount = 0;
    for (const row of feesBy.get(id) ?? []) {
      if (row.application_id !== application) {
        application = row.application_id;
        noticeAmount = 0;
      }
      const inYear = row.at >= first;
      if (row.type === 'fee_notice_sent') {
        noticeAmount = Number((JSON.parse(row.data) as { amount?: unknown }).amount);
        if (!Number.isFinite(noticeAmount))
          throw new Error(`fee notice without amount: ${row.application_id}`);
        if (inYear) noticesIssued += 1;
      } else if (inYear) {
        amountCollectedYuan += noticeAmount;
      }
    }

    return {
      body: agency.name,
      agencyKind: agency.kind as ReportFacts['agencyKind'],
      year,
      format: '2021',
      table2: table2FromCounts(counts, yearCounts, '2021'),
      table3: table3FromCounts(rows, '2021'),
      table4,
      publications: {
        total: channels.reduce((a, c) => a + c.count, 0),
        channels,
        categories,
      },
      fees: { noticesIssued, amountCollectedYuan },
      services: serviceFactsOf(services.get(id)),
    };
  });
}

/**
 * The drafted report of each agency for the year, as buildAnnualReport gives it, keyed by agency id
 * in the order given. An unknown agency is refused like buildAnnualReport refuses it.
 */
export async function buildAnnualReports(
  db: Kysely<DB>,
  agencyIds: readonly string[],
  year: number,
  options: { now?: Date; chunk?: number } = {},
): Promise<Map<string, AnnualReport>> {
  const now = options.now ?? new Date();
  const problem = reportYearProblem(year, now);
  if (problem) throw new DomainError('input.invalid', problem, { userMessage: problem });
  const chunk = options.chunk ?? BUILD_CHUNK;
  const reports = new Map<string, AnnualReport>();
  const unique = [...new Set(agencyIds)];
  for (let k = 0; k < unique.length; k += chunk) {
    const ids = unique.slice(k, k + chunk);
    const facts = await loadChunkFacts(db, ids, year, now);
    for (const [i, id] of ids.entries()) reports.set(id, draftReport(facts[i]!));
  }
  return reports;
}
