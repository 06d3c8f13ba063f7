// An earlier year's report, published before the platform was used, imported from its file (text,
// HTML, DOCX, XLSX or JSON through the report engine's parseReport) so that the cross-year rule
// and comparisons work from the first year. It is stored as published and imported, with the file
// itself (name, SHA-256, bytes), the model as document JSON, the HTML rendering and every finding
// (reader and rules, the year before it as context): a published report with errors is still the
// report that was published. A year that already has a published report is refused; a draft of
// that year is replaced. Audited.
import { createHash, randomUUID } from 'node:crypto';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import type { Finding } from '../reports/findings.ts';
import { parseUploadedReport } from '../reports/parse/parse-report.ts';
import { renderHtml } from '../reports/render/to-html.tsx';
import { reportDocumentJson } from '../reports/report-json.ts';
import { checkReport, combineFindings } from '../reports/rules/check-report.ts';
import {
  findReportRow,
  findReportRowForUpdate,
  insertReportRow,
  storedReportOf,
  updateReportRow,
} from './annual-report.repository.ts';
import { countFindings, type StoredReport } from './annual-report.ts';
import {
  agencyChain,
  auditReport,
  deadlineOf,
  invalid,
  lastYearReport,
  REPORT_IMPORT_ROLES,
  requireFresh,
  requireReportingAgency,
  requireReportRole,
  requireReportYear,
  userIdOf,
  writingOnce,
} from './annual-report-shell.ts';
import { applyReportAction, workflowStateOf } from './report-workflow.ts';

export const MAX_FILE_NAME = 200;

export interface ImportReportInput {
  agencyId: string;
  /** The year chosen in the form; the file's own year must agree. Absent: the file's year. */
  year?: number;
  fileName: string;
  content: Uint8Array;
  expectedEventCount?: number;
}

export async function importReport(
  ctx: UseCaseContext,
  actor: Actor,
  input: ImportReportInput,
): Promise<{ report: StoredReport; findings: Finding[] }> {
  const tree = await requireReportRole(ctx.db, actor, input.agencyId, REPORT_IMPORT_ROLES);
  const { agency } = await agencyChain(ctx.db, tree, input.agencyId);
  requireReportingAgency(agency);
  const fileName = input.fileName.trim().replace(/^.*[\\/]/, '');
  if (fileName === '' || [...fileName].length > MAX_FILE_NAME)
    throw invalid(`文件名不能为空，也不能超过${MAX_FILE_NAME}个字`);
  const parsed = await parseUploadedReport(input.content, fileName);
  if (parsed.report.body !== null && !sameBody(parsed.report.body, agency.name))
    throw invalid(`文件中的报告机关为“${parsed.report.body}”，不是${agency.name}的年度报告`);
  const fileYear = parsed.report.year;
  if (fileYear !== null && input.year !== undefined && fileYear !== input.year)
    throw invalid(`文件中的报告年度为${fileYear}年，与所选的${input.year}年不一致`);
  const year = fileYear ?? input.year;
  if (year === undefined) throw invalid('未能从文件中确定报告年度，请选择报告年度');
  const now = ctx.now();
  requireReportYear(year, now, 'final');
  if (parsed.report.year === null) parsed.report.year = year;
  const { deadline } = await deadlineOf(ctx.db, tree, input.agencyId, year);
  const previous = await lastYearReport(ctx.db, input.agencyId, year);
  const findings = combineFindings(parsed.findings, checkReport(parsed.report, previous ? { previous } : {}));
  const publishedOn = parsed.report.publishedOn;
  const late = publishedOn === null ? null : publishedOn > deadline.date;
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const at = now.toISOString();
  const by = userIdOf(actor);
  await writingOnce(() =>
    ctx.db.transaction().execute(async (trx) => {
      const row = await findReportRowForUpdate(trx, input.agencyId, year);
      requireFresh(row, input.expectedEventCount);
      applyReportAction(workflowStateOf(row), { type: 'import', by });
      const eventCount = (row ? Number(row.event_count) : 0) + 1;
      const id = row?.id ?? randomUUID();
      const imported = {
        state: 'published',
        source: 'imported',
        edits: '{}',
        authors: '[]',
        event_count: eventCount,
        approved_by: null,
        approved_at: null,
        published_by: by,
        published_at: at,
        published_on: publishedOn,
        deadline_on: deadline.date,
        late: late === null ? null : late ? 1 : 0,
        snapshot_json: JSON.stringify(reportDocumentJson(parsed.report)),
        snapshot_html: renderHtml(parsed.report),
        findings: JSON.stringify(findings),
        import_file_name: fileName,
        import_sha256: sha256,
        import_content: input.content,
        updated_by: by,
        updated_at: at,
      };
      if (row) await updateReportRow(trx, id, imported);
      else
        await insertReportRow(trx, {
          id,
          agency_id: input.agencyId,
          year,
          created_by: by,
          created_at: at,
          ...imported,
        });
      await auditReport(
        trx,
        actor,
        { id, agencyId: input.agencyId, year, eventCount },
        'imported',
        {
          fileName,
          sha256,
          input: parsed.input,
          body: parsed.report.body,
          publishedOn,
          late,
          findings: countFindings(findings),
          ...(row ? { replaced: row.state } : {}),
        },
        at,
      );
    }),
  );
  return { report: storedReportOf((await findReportRow(ctx.db, input.agencyId, year))!), findings };
}

/** The title's body names the agency (承留镇人民政府 for 承留镇, 济源示范区财政局 for 财政局), or the reverse. */
export function sameBody(body: string, agencyName: string): boolean {
  const key = (name: string) => name.replace(/\s+/g, '').replace(/人民政府$/, '');
  const a = key(body);
  const b = key(agencyName);
  return a !== '' && b !== '' && (a.includes(b) || b.includes(a));
}
