// The annual report's workflow, pure: draft → approved (负责人审批: refused while the checker finds
// errors, never by someone who wrote the text) → published; an approved report goes back to the
// draft to be revised. A published report is final: its snapshot never changes, whatever happens
// to the data later, and it cannot be edited, revised, approved, published or imported over again
// (a correction is published as a separate notice, outside this record). An earlier year's report
// imported from its file is published at once. A step the state does not allow throws
// DomainError('conflict.state'); the input state is never changed.
import { assertSeparateDuties } from '../agencies/index.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Finding } from '../reports/findings.ts';
import { REPORT_STATE_LABELS, type ReportSource, type ReportState } from './annual-report.ts';

export interface WorkflowState {
  state: ReportState | 'none';
  source: ReportSource;
  /** Who saved the text: they may not approve it. */
  authors: readonly string[];
  approvedBy: string | null;
}

export type ReportAction =
  | { type: 'save'; by: string | null }
  | { type: 'approve'; by: string | null; findings: readonly Finding[] }
  | { type: 'revise'; by: string | null }
  | { type: 'publish'; by: string | null }
  | { type: 'import'; by: string | null };

export const ACTION_LABELS: Record<ReportAction['type'], string> = {
  save: '保存年度报告草稿',
  approve: '审批年度报告',
  revise: '退回修改年度报告',
  publish: '发布年度报告',
  import: '导入历史年度报告',
};

export function initialWorkflowState(): WorkflowState {
  return { state: 'none', source: 'built', authors: [], approvedBy: null };
}

/** The workflow state of a stored row (none when the agency-year has no row yet). */
export function workflowStateOf(
  row: { state: string; source: string; authors: string; approved_by: string | null } | undefined,
): WorkflowState {
  if (!row) return initialWorkflowState();
  let authors: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.authors);
    if (Array.isArray(parsed)) authors = parsed.filter((a): a is string => typeof a === 'string');
  } catch {
    authors = [];
  }
  return {
    state: row.state as ReportState,
    source: row.source as ReportSource,
    authors,
    approvedBy: row.approved_by,
  };
}

function conflict(
  state: WorkflowState,
  action: ReportAction,
  why: string,
  extra: Record<string, unknown> = {},
) {
  const message = `不能${ACTION_LABELS[action.type]}：${why}`;
  return new DomainError('conflict.state', message, {
    action: action.type,
    state: state.state,
    userMessage: message,
    ...extra,
  });
}

function requireState(
  state: WorkflowState,
  action: ReportAction,
  allowed: readonly WorkflowState['state'][],
) {
  if (allowed.includes(state.state)) return;
  const why =
    state.state === 'published'
      ? '该年度报告已经发布，发布后的报告不能再修改。'
      : state.state === 'approved' && action.type === 'save'
        ? '该年度报告已经审批，请先退回修改。'
        : `该年度报告当前状态为“${REPORT_STATE_LABELS[state.state]}”。`;
  throw conflict(state, action, why);
}

/** What blocks approval: every error-level finding, in Chinese (the findings' own messages). */
export function approvalProblems(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.severity === 'error').map((f) => f.message);
}

export function applyReportAction(state: WorkflowState, action: ReportAction): WorkflowState {
  switch (action.type) {
    case 'save': {
      requireState(state, action, ['none', 'draft']);
      const authors =
        action.by === null || state.authors.includes(action.by)
          ? state.authors
          : [...state.authors, action.by];
      return { ...state, state: 'draft', source: 'built', authors };
    }
    case 'approve': {
      requireState(state, action, ['none', 'draft']);
      if (state.source === 'imported') throw conflict(state, action, '导入的历史报告无需审批。');
      const problems = approvalProblems(action.findings);
      if (problems.length > 0) {
        const message = `不能审批年度报告：检查发现${problems.length}处错误，请先改正：${problems.join('；')}`;
        throw new DomainError('conflict.state', message, {
          action: action.type,
          state: state.state,
          reason: 'report_errors',
          problems,
          userMessage: message,
        });
      }
      if (action.by !== null) for (const author of state.authors) assertSeparateDuties(author, action.by);
      return { ...state, state: 'approved', approvedBy: action.by };
    }
    case 'revise':
      requireState(state, action, ['approved']);
      return { ...state, state: 'draft', approvedBy: null };
    case 'publish':
      requireState(state, action, ['approved']);
      return { ...state, state: 'published' };
    case 'import':
      if (state.state === 'published')
        throw conflict(state, action, '该年度已有已发布的年度报告，不能再导入。');
      return { state: 'published', source: 'imported', authors: [], approvedBy: null };
  }
}
