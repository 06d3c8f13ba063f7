// Reading annual reports. reportOf: the stored row of an agency-year and the report as it stands
// — the published or approved snapshot, else the live draft built with the clerk's paragraphs —
// with its findings located on cells, the deadline and last year's report. reportStatusOf: one
// line per agency for the supervisor's dashboard. publishedReportOf: what the portal shows.
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
import type { ReportEdits } from '../reports/draft/report-facts.ts';
import type { Finding } from '../reports/findings.ts';
import type { AnnualReport } from '../reports/report.ts';
import { reportDocumentJson } from '../reports/report-json.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import {
  findImportedFile,
  findReportRow,
  findReportRowsOfYear,
  type ReportRow,
  storedReportOf,
} from './annual-report.repository.ts';
import {
  countFindings,
  type LocatedFinding,
  locateFindings,
  type ReportState,
  type StoredReport,
} from './annual-report.ts';
import {
  deadlineOf,
  lastYearReport,
  loadAgencyChains,
  REPORT_READER_ROLES,
  requireReportingAgency,
  requireReportRole,
  snapshotReport,
} from './annual-report-shell.ts';
import { buildAnnualReport } from './build-annual-report.ts';
import { buildAnnualReports } from './build-many.ts';
import {
  type DeadlineStatus,
  deadlineStatus,
  REPORTING_KINDS,
  type ReportDeadline,
  reportDeadline,
} from './report-deadlines.ts';

function storedFindings(row: Pick<ReportRow, 'findings'>): Finding[] {
  if (!row.findings) return [];
  try {
    const value: unknown = JSON.parse(row.findings);
    return Array.isArray(value) ? (value as Finding[]) : [];
  } catch {
    return [];
  }
}

/** Tables only: what changes in the data shows here (the narrative may be the clerk's). */
function tablesOf(report: AnnualReport): string {
  const { table2, table3, table4 } = reportDocumentJson(report);
  return JSON.stringify({ table2, table3, table4 });
}

export interface ReportView {
  agency: { id: string; name: string; kind: AgencyKind };
  year: number;
  /** The stored row; null while nobody saved, approved or imported anything. */
  stored: StoredReport | null;
  state: ReportState | 'none';
  /** The snapshot once approved or published; otherwise the draft built now from the data. */
  report: AnnualReport;
  /** Live findings for a draft; the stored ones for a snapshot. */
  findings: LocatedFinding[];
  counts: { errors: number; warnings: number; infos: number };
  deadline: ReportDeadline;
  deadlineStatus: DeadlineStatus;
  /** Last year's published report (the cross-year context), when there is one. */
  previous: { year: number; source: 'built' | 'imported' } | null;
  /** An approved snapshot whose tables differ from what the data give now (revise to take them). */
  changedSinceApproval: boolean | null;
  /** The published rendering (HTML page), when published. */
  html: string | null;
}

export async function reportOf(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  year: number,
): Promise<ReportView> {
  const tree = await requireReportRole(ctx.db, actor, agencyId, REPORT_READER_ROLES);
  const { agency, deadline } = await deadlineOf(ctx.db, tree, agencyId, year);
  requireReportingAgency(agency);
  const now = ctx.now();
  const row = await findReportRow(ctx.db, agencyId, year);
  const previousRow = await findReportRow(ctx.db, agencyId, year - 1);
  const previous =
    previousRow?.state === 'published'
      ? { year: year - 1, source: previousRow.source as 'built' | 'imported' }
      : null;
  const stored = row ? storedReportOf(row) : null;
  const snapshot =
    row && (row.state === 'approved' || row.state === 'published') ? snapshotReport(row) : null;
  let report: AnnualReport;
  let findings: Finding[];
  let changedSinceApproval: boolean | null = null;
  if (snapshot) {
    report = snapshot;
    findings = storedFindings(row!);
    if (row!.state === 'approved') {
      const live = await buildAnnualReport(ctx.db, agencyId, year, { now, edits: stored!.edits });
      changedSinceApproval = tablesOf(live) !== tablesOf(snapshot);
    }
  } else {
    report = await buildAnnualReport(ctx.db, agencyId, year, { now, edits: stored?.edits ?? {} });
    const last = await lastYearReport(ctx.db, agencyId, year);
    findings = checkReport(report, last ? { previous: last } : {});
  }
  return {
    agency: { id: agency.id, name: agency.name, kind: agency.kind },
    year,
    stored,
    state: stored?.state ?? 'none',
    report,
    findings: locateFindings(findings, report.format),
    counts: countFindings(findings),
    deadline,
    deadlineStatus: deadlineStatus(shanghaiDate(now), deadline.date, stored?.publishedOn ?? null),
    previous,
    changedSinceApproval,
    html: row?.state === 'published' ? row.snapshot_html : null,
  };
}

export interface ReportStatusLine {
  agencyId: string;
  name: string;
  kind: AgencyKind;
  state: ReportState | 'none';
  source: 'built' | 'imported' | null;
  errors: number;
  warnings: number;
  deadline: string;
  deadlineBasis: string;
  publishedOn: string | null;
  status: DeadlineStatus;
  late: boolean;
}

/**
 * The status of each agency's report of the year, in the order given (villages, which publish no
 * report, left out). Drafts are built and checked now (one build per agency); approved and
 * published reports count their stored findings. The actor must be a reader of every agency.
 */
export async function reportStatusOf(
  ctx: UseCaseContext,
  actor: Actor,
  agencyIds: readonly string[],
  year: number,
): Promise<ReportStatusLine[]> {
  const tree = await loadAgencyTree(ctx.db);
  for (const id of agencyIds) requireRole(actor, REPORT_READER_ROLES, id, tree, '机构');
  const now = ctx.now();
  const today = shanghaiDate(now);
  const rows = new Map((await findReportRowsOfYear(ctx.db, agencyIds, year)).map((r) => [r.agency_id, r]));
  const previousRows = new Map(
    (await findReportRowsOfYear(ctx.db, agencyIds, year - 1)).map((r) => [r.agency_id, r]),
  );
  const chains = await loadAgencyChains(ctx.db);
  // The drafts without saved paragraphs are built together (one grouped query per table for a
  // district or a province); the few with a clerk's paragraphs one by one, with them.
  const plainDrafts = agencyIds.filter((id) => {
    const row = rows.get(id);
    if (!REPORTING_KINDS.includes(chains.get(id)!.agency.kind)) return false;
    if (row === undefined) return true;
    return row.state === 'draft' && Object.keys(storedReportOf(row).edits).length === 0;
  });
  const built =
    plainDrafts.length > 0 ? await buildAnnualReports(ctx.db, plainDrafts, year, { now }) : new Map();
  const lines: ReportStatusLine[] = [];
  for (const agencyId of agencyIds) {
    const { agency, ancestors } = chains.get(agencyId)!;
    if (!REPORTING_KINDS.includes(agency.kind)) continue;
    const deadline = reportDeadline(year, agency, ancestors);
    const row = rows.get(agencyId);
    let findings: Finding[];
    if (row && row.state !== 'draft') findings = storedFindings(row);
    else {
      const stored = row ? storedReportOf(row) : null;
      const report =
        built.get(agencyId) ??
        (await buildAnnualReport(ctx.db, agencyId, year, { now, edits: stored?.edits ?? {} }));
      const lastRow = previousRows.get(agencyId);
      const last = lastRow?.state === 'published' ? snapshotReport(lastRow) : null;
      findings = checkReport(report, last ? { previous: last } : {});
    }
    const counts = countFindings(findings);
    const publishedOn = row?.state === 'published' ? row.published_on : null;
    const status = deadlineStatus(today, deadline.date, publishedOn);
    lines.push({
      agencyId,
      name: agency.name,
      kind: agency.kind,
      state: (row?.state as ReportState | undefined) ?? 'none',
      source: (row?.source as 'built' | 'imported' | undefined) ?? null,
      errors: counts.errors,
      warnings: counts.warnings,
      deadline: deadline.date,
      deadlineBasis: deadline.basis,
      publishedOn,
      status,
      late: row?.late === null || row?.late === undefined ? status === 'overdue' : Number(row.late) === 1,
    });
  }
  return lines;
}

/** The published report of an agency-year for the portal (no actor: it is public), or null. */
export async function publishedReportOf(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<{
  report: AnnualReport;
  html: string;
  publishedOn: string | null;
  source: 'built' | 'imported';
} | null> {
  const row = await findReportRow(db, agencyId, year);
  if (row?.state !== 'published' || !row.snapshot_html) return null;
  return {
    report: snapshotReport(row)!,
    html: row.snapshot_html,
    publishedOn: row.published_on,
    source: row.source as 'built' | 'imported',
  };
}

/** The years with a published report of the agency, newest first (the portal's 年报 column). */
export async function publishedReportYears(db: Kysely<DB>, agencyId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('annual_reports')
    .select('year')
    .where('agency_id', '=', agencyId)
    .where('state', '=', 'published')
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => Number(r.year));
}

/** The original file of an imported report, for readers of the agency. */
export async function importedReportFile(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  year: number,
): Promise<{ fileName: string; sha256: string; content: Uint8Array } | null> {
  await requireReportRole(ctx.db, actor, agencyId, REPORT_READER_ROLES);
  return (await findImportedFile(ctx.db, agencyId, year)) ?? null;
}

/**
 * The clerk's saved paragraphs of 一, 五 and 六 for the year (none when nothing was saved or the
 * year's report was imported): what the command line builds with, as the back office does.
 */
export async function savedEditsOf(db: Kysely<DB>, agencyId: string, year: number): Promise<ReportEdits> {
  const row = await findReportRow(db, agencyId, year);
  if (row === undefined || row.source === 'imported') return {};
  return storedReportOf(row).edits;
}
