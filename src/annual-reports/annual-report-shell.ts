// What the annual-report use cases share: who may do what, the agency and its deadline, the year
// checks, last year's published report for the cross-year rule, stale forms and the audit record.
import type { Kysely } from 'kysely';
import { parseSettings } from '../agencies/agency.ts';
import {
  type Actor,
  type AgencyKind,
  type AgencyTree,
  ancestorIds,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
} from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { fromJson } from '../reports/parse/from-json.ts';
import type { AnnualReport } from '../reports/report.ts';
import { findReportRow, type ReportRow } from './annual-report.repository.ts';
import { reportYearProblem } from './build-annual-report.ts';
import {
  type DeadlineAgency,
  REPORTING_KINDS,
  type ReportDeadline,
  reportDeadline,
} from './report-deadlines.ts';

/** Who writes sections 一, 五 and 六 and imports earlier reports: the 撰稿 clerk. */
export const REPORT_EDITOR_ROLES: readonly Role[] = ['editor'];
/** Who approves and publishes the report: the 负责人. */
export const REPORT_APPROVER_ROLES: readonly Role[] = ['approver'];
/** Who imports an earlier year's published report. */
export const REPORT_IMPORT_ROLES: readonly Role[] = ['editor', 'approver'];
/** Who reads drafts, findings and the status of reports in the back office. */
export const REPORT_READER_ROLES: readonly Role[] = ['editor', 'reviewer', 'approver', 'supervisor'];

export function userIdOf(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.user.id;
}

export function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('input.invalid', message, { ...details, userMessage: message });
}

export interface ReportAgency extends DeadlineAgency {
  id: string;
}

/** The agency, when the actor holds one of the roles there; its tree for the deadline. */
export async function requireReportRole(
  db: Kysely<DB>,
  actor: Actor,
  agencyId: string,
  roles: readonly Role[],
): Promise<AgencyTree> {
  const tree = await loadAgencyTree(db);
  requireRole(actor, roles, agencyId, tree, '机构');
  return tree;
}

/** The agency and its ancestors (nearest first) with their settings. */
export async function agencyChain(
  db: Kysely<DB>,
  tree: AgencyTree,
  agencyId: string,
): Promise<{ agency: ReportAgency; ancestors: ReportAgency[] }> {
  const ids = [agencyId, ...ancestorIds(tree, agencyId)];
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'name', 'kind', 'settings'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, name: r.name, kind: r.kind as AgencyKind, settings: parseSettings(r.settings) },
    ]),
  );
  const agency = byId.get(agencyId);
  if (!agency) throw new DomainError('access.not_found', '机构不存在或您无权访问');
  return { agency, ancestors: ids.slice(1).flatMap((id) => byId.get(id) ?? []) };
}

/** Every agency with its ancestors (nearest first), from one read: for the jobs and the dashboard. */
export async function loadAgencyChains(
  db: Kysely<DB>,
): Promise<Map<string, { agency: ReportAgency; ancestors: ReportAgency[] }>> {
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'parent_id', 'name', 'kind', 'settings'])
    .execute();
  const parents = new Map(rows.map((r) => [r.id, r.parent_id]));
  const agencies = new Map<string, ReportAgency>(
    rows.map((r) => [
      r.id,
      { id: r.id, name: r.name, kind: r.kind as AgencyKind, settings: parseSettings(r.settings) },
    ]),
  );
  const chains = new Map<string, { agency: ReportAgency; ancestors: ReportAgency[] }>();
  for (const agency of agencies.values()) {
    const ancestors: ReportAgency[] = [];
    const seen = new Set([agency.id]);
    let parent = parents.get(agency.id) ?? null;
    while (parent !== null && !seen.has(parent) && agencies.has(parent)) {
      ancestors.push(agencies.get(parent)!);
      seen.add(parent);
      parent = parents.get(parent) ?? null;
    }
    chains.set(agency.id, { agency, ancestors });
  }
  return chains;
}

export async function deadlineOf(
  db: Kysely<DB>,
  tree: AgencyTree,
  agencyId: string,
  year: number,
): Promise<{ agency: ReportAgency; deadline: ReportDeadline }> {
  const { agency, ancestors } = await agencyChain(db, tree, agencyId);
  return { agency, deadline: reportDeadline(year, agency, ancestors) };
}

/** A 村（社区） is not an administrative organ: it publishes no annual report. */
export function requireReportingAgency(agency: { kind: AgencyKind }): void {
  if (!REPORTING_KINDS.includes(agency.kind)) throw invalid('村（社区）不编制政府信息公开工作年度报告');
}

/** The year as a report year (2008 up to now); a year not yet over is only a draft, never final. */
export function requireReportYear(year: number, now: Date, what: 'draft' | 'final'): void {
  const problem = reportYearProblem(year, now);
  if (problem) throw invalid(problem);
  if (what === 'final' && year >= Number(shanghaiDate(now).slice(0, 4)))
    throw invalid(`${year}年尚未结束，年度报告只能预览，不能审批、发布或导入`);
}

/** The report model of a stored snapshot (the document JSON of report-json.ts). */
export function snapshotReport(row: Pick<ReportRow, 'snapshot_json'>): AnnualReport | null {
  if (!row.snapshot_json) return null;
  return fromJson(row.snapshot_json).report;
}

/** Last year's published report (built here or imported), the context of the cross-year rule X1. */
export async function lastYearReport(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<AnnualReport | null> {
  const row = await findReportRow(db, agencyId, year - 1);
  return row?.state === 'published' ? snapshotReport(row) : null;
}

/** Refuses a form shown before the report last changed (0 = no report stored yet). */
export function requireFresh(
  row: Pick<ReportRow, 'event_count'> | undefined,
  expected: number | undefined,
): void {
  if (expected === undefined) return;
  if ((row ? Number(row.event_count) : 0) !== expected) throw staleReport();
}

export function staleReport(): DomainError {
  const message = '该年度报告已被他人更新，请刷新页面后重新操作。';
  return new DomainError('conflict.state', 'stale form', { userMessage: message });
}

export async function auditReport(
  trx: Kysely<DB>,
  actor: Actor,
  report: { id: string; agencyId: string; year: number; eventCount: number },
  action: string,
  details: Record<string, unknown>,
  at: string,
): Promise<void> {
  await appendAudit(
    trx,
    {
      userId: userIdOf(actor),
      agencyId: report.agencyId,
      action: `annual_report.${action}`,
      objectType: 'annual_report',
      objectId: report.id,
      result: 'ok',
      details: {
        year: report.year,
        seq: report.eventCount,
        ...details,
        ...(isSystemActor(actor) ? { system: actor.system } : {}),
      },
    },
    at,
  );
}

/** A unique index refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs the write; the first row of an agency-year created at the same moment by another request is a stale form. */
export async function writingOnce<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw staleReport();
    throw error;
  }
}
