// The 负责人 approves the report of an agency-year: it is built from the data with the clerk's
// paragraphs and checked with last year's published report (built or imported) as the context of
// the cross-year rule X1; an error-level finding refuses the approval (DomainError conflict.state,
// details.reason 'report_errors', details.problems), and so does having written its text. What is
// approved is kept as the snapshot that publication will print: data entered later do not change
// it. Revising sends an approved report back to the draft (its snapshot dropped). Both audited.
import { randomUUID } from 'node:crypto';
import type { Actor, Role, UseCaseContext } from '../agencies/index.ts';
import type { Finding } from '../reports/findings.ts';
import { reportDocumentJson } from '../reports/report-json.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import {
  findReportRow,
  findReportRowForUpdate,
  insertReportRow,
  storedReportOf,
  updateReportRow,
} from './annual-report.repository.ts';
import { countFindings, parseStoredEdits, type StoredReport } from './annual-report.ts';
import {
  agencyChain,
  auditReport,
  invalid,
  lastYearReport,
  REPORT_APPROVER_ROLES,
  requireFresh,
  requireReportingAgency,
  requireReportRole,
  requireReportYear,
  staleReport,
  userIdOf,
  writingOnce,
} from './annual-report-shell.ts';
import { buildAnnualReport } from './build-annual-report.ts';
import { applyReportAction, workflowStateOf } from './report-workflow.ts';

export interface ReportStepInput {
  agencyId: string;
  year: number;
  /** The event count the form was shown with: a stale or repeated form is refused. */
  expectedEventCount?: number;
}

export async function approveReport(
  ctx: UseCaseContext,
  actor: Actor,
  input: ReportStepInput,
): Promise<{ report: StoredReport; findings: Finding[] }> {
  const tree = await requireReportRole(ctx.db, actor, input.agencyId, REPORT_APPROVER_ROLES);
  const { agency } = await agencyChain(ctx.db, tree, input.agencyId);
  requireReportingAgency(agency);
  const now = ctx.now();
  requireReportYear(input.year, now, 'final');
  // Built outside the transaction (it reads much); the row must not change meanwhile.
  const seen = await findReportRow(ctx.db, input.agencyId, input.year);
  requireFresh(seen, input.expectedEventCount);
  const by = userIdOf(actor);
  // The state and the separation of duties refuse before the (costly) build and check.
  applyReportAction(workflowStateOf(seen), { type: 'approve', by, findings: [] });
  const report = await buildAnnualReport(ctx.db, input.agencyId, input.year, {
    now,
    edits: seen ? parseStoredEdits(seen.edits) : {},
  });
  const previous = await lastYearReport(ctx.db, input.agencyId, input.year);
  const findings = checkReport(report, previous ? { previous } : {});
  const at = now.toISOString();
  await writingOnce(() =>
    ctx.db.transaction().execute(async (trx) => {
      const row = await findReportRowForUpdate(trx, input.agencyId, input.year);
      if ((row ? Number(row.event_count) : 0) !== (seen ? Number(seen.event_count) : 0)) throw staleReport();
      applyReportAction(workflowStateOf(row), { type: 'approve', by, findings });
      const eventCount = (row ? Number(row.event_count) : 0) + 1;
      const id = row?.id ?? randomUUID();
      const approved = {
        state: 'approved',
        event_count: eventCount,
        approved_by: by,
        approved_at: at,
        snapshot_json: JSON.stringify(reportDocumentJson(report)),
        findings: JSON.stringify(findings),
        updated_by: by,
        updated_at: at,
      };
      if (row) await updateReportRow(trx, id, approved);
      else
        await insertReportRow(trx, {
          id,
          agency_id: input.agencyId,
          year: input.year,
          source: 'built',
          edits: '{}',
          authors: '[]',
          created_by: by,
          created_at: at,
          ...approved,
        });
      await auditReport(
        trx,
        actor,
        { id, agencyId: input.agencyId, year: input.year, eventCount },
        'approved',
        { findings: countFindings(findings), previousYear: previous !== null },
        at,
      );
    }),
  );
  const stored = storedReportOf((await findReportRow(ctx.db, input.agencyId, input.year))!);
  return { report: stored, findings };
}

/** Who may send an approved report back to the draft: its clerk or its 负责人. */
export const REPORT_REVISE_ROLES: readonly Role[] = ['editor', 'approver'];

export const MAX_REVISE_REASON = 500;

export async function reviseReport(
  ctx: UseCaseContext,
  actor: Actor,
  input: ReportStepInput & { reason?: string },
): Promise<StoredReport> {
  await requireReportRole(ctx.db, actor, input.agencyId, REPORT_REVISE_ROLES);
  const reason = (input.reason ?? '').trim();
  if ([...reason].length > MAX_REVISE_REASON) throw invalid(`退回理由不能超过${MAX_REVISE_REASON}个字`);
  const now = ctx.now();
  const at = now.toISOString();
  const by = userIdOf(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findReportRowForUpdate(trx, input.agencyId, input.year);
    requireFresh(row, input.expectedEventCount);
    applyReportAction(workflowStateOf(row), { type: 'revise', by });
    const eventCount = Number(row!.event_count) + 1;
    await updateReportRow(trx, row!.id, {
      state: 'draft',
      event_count: eventCount,
      approved_by: null,
      approved_at: null,
      snapshot_json: null,
      findings: null,
      updated_by: by,
      updated_at: at,
    });
    await auditReport(
      trx,
      actor,
      { id: row!.id, agencyId: input.agencyId, year: input.year, eventCount },
      'revised',
      reason === '' ? {} : { reason },
      at,
    );
  });
  return storedReportOf((await findReportRow(ctx.db, input.agencyId, input.year))!);
}
