// The 负责人 publishes the approved report: the approved snapshot gets its publication date (the
// 落款), is rendered to HTML once, checked again (the date rule X6 now applies) and stored; it is
// never rebuilt from the data afterwards. Publication after the deadline in force (see
// report-deadlines.ts) is allowed and flagged late. Audited with the deadline and the flag.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import type { Finding } from '../reports/findings.ts';
import { renderHtml } from '../reports/render/to-html.tsx';
import { reportDocumentJson } from '../reports/report-json.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import {
  findReportRow,
  findReportRowForUpdate,
  storedReportOf,
  updateReportRow,
} from './annual-report.repository.ts';
import { countFindings, type StoredReport } from './annual-report.ts';
import {
  auditReport,
  deadlineOf,
  lastYearReport,
  REPORT_APPROVER_ROLES,
  requireFresh,
  requireReportRole,
  snapshotReport,
  userIdOf,
} from './annual-report-shell.ts';
import type { ReportStepInput } from './approve-report.ts';
import { applyReportAction, workflowStateOf } from './report-workflow.ts';

export async function publishReport(
  ctx: UseCaseContext,
  actor: Actor,
  input: ReportStepInput,
): Promise<{ report: StoredReport; findings: Finding[] }> {
  const tree = await requireReportRole(ctx.db, actor, input.agencyId, REPORT_APPROVER_ROLES);
  const { deadline } = await deadlineOf(ctx.db, tree, input.agencyId, input.year);
  const now = ctx.now();
  const at = now.toISOString();
  const publishedOn = shanghaiDate(now);
  const by = userIdOf(actor);
  const late = publishedOn > deadline.date;
  const findings = await ctx.db.transaction().execute(async (trx) => {
    const row = await findReportRowForUpdate(trx, input.agencyId, input.year);
    requireFresh(row, input.expectedEventCount);
    applyReportAction(workflowStateOf(row), { type: 'publish', by });
    const report = snapshotReport(row!);
    if (!report) throw new Error(`approved report ${row!.id} has no snapshot`);
    report.publishedOn = publishedOn;
    const previous = await lastYearReport(trx, input.agencyId, input.year);
    const checked = checkReport(report, previous ? { previous } : {});
    const eventCount = Number(row!.event_count) + 1;
    await updateReportRow(trx, row!.id, {
      state: 'published',
      event_count: eventCount,
      published_by: by,
      published_at: at,
      published_on: publishedOn,
      deadline_on: deadline.date,
      late: late ? 1 : 0,
      snapshot_json: JSON.stringify(reportDocumentJson(report)),
      snapshot_html: renderHtml(report),
      findings: JSON.stringify(checked),
      updated_by: by,
      updated_at: at,
    });
    await auditReport(
      trx,
      actor,
      { id: row!.id, agencyId: input.agencyId, year: input.year, eventCount },
      'published',
      { publishedOn, deadline: deadline.date, late, findings: countFindings(checked) },
      at,
    );
    return checked;
  });
  return { report: storedReportOf((await findReportRow(ctx.db, input.agencyId, input.year))!), findings };
}
