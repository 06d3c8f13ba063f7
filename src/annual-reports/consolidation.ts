// The consolidated (汇总) report of a supervising agency's subtree for a year: every agency of the
// subtree that publishes a report and that the actor may read counts with its published snapshot
// when published (built or imported), else with the draft built from the data now. The rows of the
// year are read in one query, and the drafts are built together by buildAnnualReports (one grouped
// query per table per chunk of agencies, the same pure builders as buildAnnualReport).
import type { Kysely } from 'kysely';
import {
  type Actor,
  type AgencyKind,
  type AgencyTree,
  hasRole,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
  subtreeIds,
  type UseCaseContext,
} from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import { type Consolidation, consolidateReports } from '../reports/consolidate.ts';
import type { AnnualReport } from '../reports/report.ts';
import { findReportRowsOfYear } from './annual-report.repository.ts';
import type { ReportState } from './annual-report.ts';
import { invalid, REPORT_READER_ROLES, snapshotReport } from './annual-report-shell.ts';
import { reportYearProblem } from './build-annual-report.ts';
import { buildAnnualReports } from './build-many.ts';
import { REPORTING_KINDS } from './report-deadlines.ts';

/** Who opens a supervising agency's dashboard and its consolidation: 监督 and 负责人. */
export const SUPERVISION_ROLES: readonly Role[] = ['supervisor', 'approver'];

export type ConsolidationBasis = 'published' | 'draft';

export const CONSOLIDATION_BASIS_LABELS: Record<ConsolidationBasis, string> = {
  published: '已发布的年度报告',
  draft: '当前数据生成的草稿',
};

export interface ConsolidationMember {
  agencyId: string;
  name: string;
  kind: AgencyKind;
  /** What was summed: the published snapshot, or the tables built from the data now. */
  basis: ConsolidationBasis;
  /** Of a published snapshot: built here or imported from a file. */
  source: 'built' | 'imported' | null;
  state: ReportState | 'none';
  /** The member's report as summed: the published snapshot, or the draft built now. */
  report: AnnualReport;
}

export interface ConsolidatedReportView {
  agency: { id: string; name: string; kind: AgencyKind };
  year: number;
  members: ConsolidationMember[];
  consolidation: Consolidation;
}

/** The reporting agencies of the subtree the actor may read, in tree order (the supervisor first). */
export function readableReportingSubtree(actor: Actor, tree: AgencyTree, agencyId: string): string[] {
  return subtreeIds(tree, agencyId).filter((id) => {
    const node = tree.nodes.get(id);
    if (!node || !REPORTING_KINDS.includes(node.kind)) return false;
    return isSystemActor(actor) || REPORT_READER_ROLES.some((role) => hasRole(actor, role, id, tree));
  });
}

/** Members and consolidation of the given agencies (already authorised) for the year. */
export async function consolidateAgencies(
  db: Kysely<DB>,
  tree: AgencyTree,
  supervisor: { id: string; name: string; kind: AgencyKind },
  agencyIds: readonly string[],
  year: number,
  now: Date,
): Promise<ConsolidatedReportView> {
  const rows = new Map((await findReportRowsOfYear(db, agencyIds, year)).map((r) => [r.agency_id, r]));
  const snapshots = new Map<string, AnnualReport>();
  for (const [agencyId, row] of rows) {
    const snapshot = row.state === 'published' ? snapshotReport(row) : null;
    if (snapshot) snapshots.set(agencyId, snapshot);
  }
  const drafts = await buildAnnualReports(
    db,
    agencyIds.filter((id) => !snapshots.has(id)),
    year,
    { now },
  );
  const members: ConsolidationMember[] = [];
  for (const agencyId of agencyIds) {
    const node = tree.nodes.get(agencyId)!;
    const row = rows.get(agencyId);
    const snapshot = snapshots.get(agencyId) ?? null;
    members.push({
      agencyId,
      name: node.name,
      kind: node.kind,
      basis: snapshot ? 'published' : 'draft',
      source: snapshot ? (row!.source as 'built' | 'imported') : null,
      state: (row?.state as ReportState | undefined) ?? 'none',
      report: snapshot ?? drafts.get(agencyId)!,
    });
  }
  const consolidation = consolidateReports(
    members.map((m) => ({ label: m.name, report: m.report })),
    // Reports built here are in the 2021 format; an imported 2019-format report of 2019 or 2020
    // among them is named as left out rather than summed into other rows.
    { body: supervisor.name, year, format: '2021' },
  );
  return { agency: supervisor, year, members, consolidation };
}

/**
 * The consolidated report of the supervising agency's subtree for the year. The actor needs a
 * supervision role on the agency; the subtree's agencies it cannot read are left out.
 */
export async function consolidatedReportOf(
  ctx: UseCaseContext,
  actor: Actor,
  supervisorAgencyId: string,
  year: number,
): Promise<ConsolidatedReportView> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, SUPERVISION_ROLES, supervisorAgencyId, tree, '机构');
  const problem = reportYearProblem(year, ctx.now());
  if (problem) throw invalid(problem);
  const node = tree.nodes.get(supervisorAgencyId)!;
  return consolidateAgencies(
    ctx.db,
    tree,
    { id: node.id, name: node.name, kind: node.kind },
    readableReportingSubtree(actor, tree, supervisorAgencyId),
    year,
    ctx.now(),
  );
}
