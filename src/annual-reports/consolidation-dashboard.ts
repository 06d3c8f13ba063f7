// The supervisor's dashboard of a subtree for a year: each reporting agency's report status (from
// reportStatusOf) with its overdue applications, the consolidated tables of this year and last
// year, and their comparison with the items published. Overdue applications and publications are
// counted for all agencies at once (one grouped query each), not agency by agency.
import type { Kysely } from 'kysely';
import {
  type Actor,
  type AgencyKind,
  loadAgencyTree,
  requireRole,
  type UseCaseContext,
} from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { type ComparisonRow, compareYears } from '../reports/consolidate-compare.ts';
import { type ReportStatusLine, reportStatusOf } from './annual-report-queries.ts';
import { invalid } from './annual-report-shell.ts';
import { FIRST_REPORT_YEAR, reportYearProblem } from './build-annual-report.ts';
import {
  type ConsolidatedReportView,
  consolidateAgencies,
  readableReportingSubtree,
  SUPERVISION_ROLES,
} from './consolidation.ts';

/** Parameter lists are cut in chunks far below both engines' limits. */
const CHUNK = 500;

async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const result: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) result.push(...(await query(ids.slice(i, i + CHUNK))));
  return result;
}

/**
 * Open applications past their reply due date (the stored due date the daily job keeps derived
 * from the events, as the office queue reads it), per agency.
 */
export async function overdueApplicationsPerAgency(
  db: Kysely<DB>,
  agencyIds: readonly string[],
  today: string,
): Promise<Map<string, number>> {
  const rows = await inChunks(agencyIds, (chunk) =>
    db
      .selectFrom('applications')
      .select(['agency_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('agency_id', 'in', chunk)
      .where('is_open', '=', 1)
      .where('reply_due', 'is not', null)
      .where('reply_due', '<', today)
      .groupBy('agency_id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.agency_id, Number(r.n)]));
}

/**
 * Publications of the year per agency on every channel, by channelCounts' rules: portal items first
 * published in the Beijing year (by `now`, not withdrawn) and registrations elsewhere dated in it.
 */
export async function publicationsPerAgency(
  db: Kysely<DB>,
  agencyIds: readonly string[],
  year: number,
  now: Date,
): Promise<Map<string, number>> {
  const from = new Date(`${year}-01-01T00:00:00+08:00`).toISOString();
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString();
  const counts = new Map<string, number>();
  const add = (id: string, n: number | string) => counts.set(id, (counts.get(id) ?? 0) + Number(n));
  const portal = await inChunks(agencyIds, (chunk) =>
    db
      .selectFrom('disclosure_items')
      .select(['agency_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('agency_id', 'in', chunk)
      .where('withdrawn_at', 'is', null)
      .where('first_published_at', '>=', from)
      .where('first_published_at', '<', to)
      .where('first_published_at', '<=', now.toISOString())
      .groupBy('agency_id')
      .execute(),
  );
  for (const r of portal) add(r.agency_id, r.n);
  const elsewhere = await inChunks(agencyIds, (chunk) =>
    db
      .selectFrom('disclosure_channel_records')
      .select(['agency_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('agency_id', 'in', chunk)
      .where('published_on', '>=', `${year}-01-01`)
      .where('published_on', '<=', `${year}-12-31`)
      .groupBy('agency_id')
      .execute(),
  );
  for (const r of elsewhere) add(r.agency_id, r.n);
  return counts;
}

export interface SupervisionLine extends ReportStatusLine {
  overdueApplications: number;
  publishedItems: number;
}

export interface SupervisionDashboard {
  agency: { id: string; name: string; kind: AgencyKind };
  year: number;
  today: string;
  lines: SupervisionLine[];
  totals: {
    agencies: number;
    published: number;
    late: number;
    withErrors: number;
    overdueApplications: number;
  };
  current: ConsolidatedReportView;
  /** Last year's consolidation of the same agencies; null before the first report year. */
  previous: ConsolidatedReportView | null;
  comparison: ComparisonRow[];
}

export async function supervisionDashboardOf(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  year: number,
): Promise<SupervisionDashboard> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, SUPERVISION_ROLES, agencyId, tree, '机构');
  const now = ctx.now();
  const problem = reportYearProblem(year, now);
  if (problem) throw invalid(problem);
  const today = shanghaiDate(now);
  const node = tree.nodes.get(agencyId)!;
  const agency = { id: node.id, name: node.name, kind: node.kind };
  const ids = readableReportingSubtree(actor, tree, agencyId);

  const status = await reportStatusOf(ctx, actor, ids, year);
  const overdue = await overdueApplicationsPerAgency(ctx.db, ids, today);
  const published = await publicationsPerAgency(ctx.db, ids, year, now);
  const lines = status.map((line) => ({
    ...line,
    overdueApplications: overdue.get(line.agencyId) ?? 0,
    publishedItems: published.get(line.agencyId) ?? 0,
  }));

  const current = await consolidateAgencies(ctx.db, tree, agency, ids, year, now);
  let previous: ConsolidatedReportView | null = null;
  let comparison: ComparisonRow[] = [];
  if (year - 1 >= FIRST_REPORT_YEAR) {
    previous = await consolidateAgencies(ctx.db, tree, agency, ids, year - 1, now);
    const publishedBefore = await publicationsPerAgency(ctx.db, ids, year - 1, now);
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    comparison = compareYears(
      { report: current.consolidation.report, published: sum(published) },
      { report: previous.consolidation.report, published: sum(publishedBefore) },
    );
  }
  return {
    agency,
    year,
    today,
    lines,
    totals: {
      agencies: lines.length,
      published: lines.filter((l) => l.state === 'published').length,
      late: lines.filter((l) => l.late).length,
      withErrors: lines.filter((l) => l.errors > 0).length,
      overdueApplications: lines.reduce((a, l) => a + l.overdueApplications, 0),
    },
    current,
    previous,
    comparison,
  };
}

// The consolidation's own surface, so that index.ts needs one line for both files.
export {
  CONSOLIDATION_BASIS_LABELS,
  type ConsolidatedReportView,
  type ConsolidationBasis,
  type ConsolidationMember,
  consolidatedReportOf,
  SUPERVISION_ROLES,
} from './consolidation.ts';
