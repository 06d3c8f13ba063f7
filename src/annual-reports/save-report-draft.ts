// The clerk saves the paragraphs of sections 一, 五 and 六 of an agency's report of a year (the
// tables always come from the data); the first save creates the report's row. Audited; a stale
// form (the event count shown) or a report already approved or published is refused.
import { randomUUID } from 'node:crypto';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import {
  findReportRow,
  findReportRowForUpdate,
  insertReportRow,
  type ReportRow,
  storedReportOf,
  updateReportRow,
} from './annual-report.repository.ts';
import { normalizeEdits, type StoredReport } from './annual-report.ts';
import {
  agencyChain,
  auditReport,
  invalid,
  REPORT_EDITOR_ROLES,
  requireFresh,
  requireReportingAgency,
  requireReportRole,
  requireReportYear,
  userIdOf,
  writingOnce,
} from './annual-report-shell.ts';
import { applyReportAction, workflowStateOf } from './report-workflow.ts';

export interface SaveReportDraftInput {
  agencyId: string;
  year: number;
  /** { overview?, problems?, other? }: paragraphs; a section left out or empty is drafted from the data. */
  edits: unknown;
  expectedEventCount?: number;
}

export async function saveReportDraft(
  ctx: UseCaseContext,
  actor: Actor,
  input: SaveReportDraftInput,
): Promise<StoredReport> {
  const tree = await requireReportRole(ctx.db, actor, input.agencyId, REPORT_EDITOR_ROLES);
  const { agency } = await agencyChain(ctx.db, tree, input.agencyId);
  requireReportingAgency(agency);
  const now = ctx.now();
  requireReportYear(input.year, now, 'draft');
  const { edits, problems } = normalizeEdits(input.edits);
  if (problems.length > 0) throw invalid(`年度报告未保存：${problems.join('；')}`, { problems });
  const at = now.toISOString();
  const by = userIdOf(actor);
  await writingOnce(() =>
    ctx.db.transaction().execute(async (trx) => {
      const row = await findReportRowForUpdate(trx, input.agencyId, input.year);
      requireFresh(row, input.expectedEventCount);
      const next = applyReportAction(workflowStateOf(row), { type: 'save', by });
      const eventCount = (row ? Number(row.event_count) : 0) + 1;
      const id = row?.id ?? randomUUID();
      if (row) {
        await updateReportRow(trx, id, {
          edits: JSON.stringify(edits),
          authors: JSON.stringify(next.authors),
          event_count: eventCount,
          updated_by: by,
          updated_at: at,
        });
      } else {
        await insertReportRow(trx, {
          id,
          agency_id: input.agencyId,
          year: input.year,
          state: 'draft',
          source: 'built',
          edits: JSON.stringify(edits),
          authors: JSON.stringify(next.authors),
          event_count: eventCount,
          created_by: by,
          created_at: at,
          updated_by: by,
          updated_at: at,
        });
      }
      await auditReport(
        trx,
        actor,
        { id, agencyId: input.agencyId, year: input.year, eventCount },
        'saved',
        {
          paragraphs: paragraphCounts(edits),
          ...(row ? { before: paragraphCounts(previousEdits(row)) } : {}),
        },
        at,
      );
    }),
  );
  return storedReportOf((await findReportRow(ctx.db, input.agencyId, input.year))!);
}

function previousEdits(row: ReportRow): unknown {
  try {
    return JSON.parse(row.edits);
  } catch {
    return {};
  }
}

/** What the audit keeps of the text: how many paragraphs each section has (the text is the row's). */
function paragraphCounts(edits: unknown): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(normalizeEdits(edits).edits)) result[key] = value.length;
  return result;
}
