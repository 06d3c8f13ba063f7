// The item workflow, pure: the state is the fold of the events in order. draft → in_review
// (保密审查) → reviewed (checklist signed) → approved (负责人审批, never by an author) → published
// (now or at a set time) → withdrawn; a published item is revised into a new draft version while
// the published version stays public. A step the state does not allow throws
// DomainError('conflict.state'), malformed data DomainError('input.invalid'), an author approving
// DomainError('access.separation_of_duties'); the input state is never changed.
import { assertSeparateDuties } from '../agencies/index.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  CHECKLIST_IDS,
  EVENT_LABELS,
  type ItemEvent,
  type ItemPhase,
  type ItemState,
  PHASE_LABELS,
  type RecordedFinding,
} from './item.ts';

export const MAX_REASON = 500;

export function initialItemState(): ItemState {
  return {
    phase: 'none',
    version: 0,
    publishedVersion: null,
    authors: [],
    reviewer: null,
    approver: null,
    publishAt: null,
    firstPublishAt: null,
    withdrawnAt: null,
    withdrawReason: null,
  };
}

function conflict(state: ItemState, event: ItemEvent, why: string): DomainError {
  const message = `不能${EVENT_LABELS[event.type]}：${why}`;
  return new DomainError('conflict.state', message, {
    event: event.type,
    phase: state.phase,
    userMessage: message,
  });
}

function invalid(event: ItemEvent, why: string): DomainError {
  const message = `${EVENT_LABELS[event.type]}的内容有误：${why}`;
  return new DomainError('input.invalid', message, { event: event.type, userMessage: message });
}

function phaseLabel(phase: ItemState['phase']): string {
  return phase === 'none' ? '尚未起草' : PHASE_LABELS[phase];
}

function requirePhase(state: ItemState, event: ItemEvent, allowed: readonly ItemPhase[]): void {
  if ((allowed as readonly string[]).includes(state.phase)) return;
  throw conflict(state, event, `该信息当前状态为“${phaseLabel(state.phase)}”。`);
}

function reason(event: ItemEvent, value: string, what: string): string {
  const text = value.trim();
  if (text === '') throw invalid(event, `请填写${what}。`);
  if ([...text].length > MAX_REASON) throw invalid(event, `${what}不能超过${MAX_REASON}个字。`);
  return text;
}

function withAuthor(state: ItemState, by: string | null): readonly string[] {
  return by === null || state.authors.includes(by) ? state.authors : [...state.authors, by];
}

/** What blocks the signature of a review: unconfirmed checklist items and unjustified findings. */
export function reviewProblems(
  checklist: readonly string[],
  findings: readonly RecordedFinding[],
  justifications: readonly { key: string; reason: string }[],
): string[] {
  const problems: string[] = [];
  const missing = CHECKLIST_IDS.filter((id) => !checklist.includes(id));
  if (missing.length > 0) problems.push(`审查清单还有${missing.length}项未确认`);
  const unknown = checklist.filter((id) => !(CHECKLIST_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) problems.push(`审查清单中没有这些项：${unknown.join('、')}`);
  const findingKeys = new Set(findings.map((f) => f.key));
  for (const j of justifications)
    if (!findingKeys.has(j.key)) problems.push('说明理由所对应的个人信息已不存在，请刷新后重新审查');
  const unjustified = findings.filter(
    (f) => !justifications.some((j) => j.key === f.key && j.reason.trim() !== ''),
  );
  const inText = unjustified.filter((f) => f.field !== 'attachmentContent');
  const inFiles = unjustified.filter((f) => f.field === 'attachmentContent');
  if (inText.length > 0)
    problems.push(
      `内容中有${inText.length}处个人信息（${inText.map((f) => f.preview).join('、')}），须先去除，或逐项说明确需公开的理由`,
    );
  const unchecked = inFiles.filter((f) => f.kind === 'unchecked').length;
  const numbers = inFiles.filter((f) => f.kind !== 'unchecked');
  if (numbers.length > 0)
    problems.push(
      `附件内容中有${numbers.length}处个人信息（${numbers.map((f) => f.preview).join('、')}），附件无法自动去除，请删除该附件或上传去除个人信息后的文件，或说明确需公开的理由`,
    );
  if (unchecked > 0)
    problems.push(`有${unchecked}个附件的内容未能检查，请重新上传该附件，或说明确需公开的理由`);
  for (const j of justifications)
    if ([...j.reason.trim()].length > MAX_REASON) problems.push(`说明理由不能超过${MAX_REASON}个字`);
  return [...new Set(problems)];
}

export function applyItemEvent(state: ItemState, event: ItemEvent): ItemState {
  switch (event.type) {
    case 'created':
      if (state.phase !== 'none') throw conflict(state, event, '该信息已经起草。');
      return { ...state, phase: 'draft', version: 1, authors: withAuthor(state, event.by) };
    case 'edited':
      requirePhase(state, event, ['draft']);
      return { ...state, authors: withAuthor(state, event.by) };
    case 'redacted':
      // The editor in the draft, or the reviewer during the review; the text changes, the
      // reviewer's signature comes after.
      requirePhase(state, event, ['draft', 'in_review']);
      if (!Number.isInteger(event.count) || event.count < 1) throw invalid(event, '没有需要去除的个人信息。');
      return state;
    case 'submitted':
      requirePhase(state, event, ['draft']);
      return { ...state, phase: 'in_review', reviewer: null, approver: null };
    case 'returned':
      requirePhase(state, event, ['in_review', 'reviewed', 'approved']);
      reason(event, event.reason, '退回理由');
      return { ...state, phase: 'draft', reviewer: null, approver: null };
    case 'review_signed': {
      requirePhase(state, event, ['in_review']);
      const problems = reviewProblems(event.checklist, event.findings, event.justifications);
      if (problems.length > 0) {
        const message = `不能签署保密审查：${problems.join('；')}。`;
        throw new DomainError('conflict.state', message, { problems, userMessage: message });
      }
      return { ...state, phase: 'reviewed', reviewer: event.by };
    }
    case 'approved':
      requirePhase(state, event, ['reviewed']);
      if (event.by !== null) for (const author of state.authors) assertSeparateDuties(author, event.by);
      return { ...state, phase: 'approved', approver: event.by };
    case 'published':
      requirePhase(state, event, ['approved']);
      if (Number.isNaN(Date.parse(event.publishAt))) throw invalid(event, '发布时间无效。');
      if (event.publishAt < event.at) throw invalid(event, '定时发布的时间不能早于现在。');
      return {
        ...state,
        phase: 'published',
        publishedVersion: state.version,
        publishAt: event.publishAt,
        firstPublishAt: state.firstPublishAt ?? event.publishAt,
      };
    case 'withdrawn':
      if (state.publishedVersion === null || state.phase === 'withdrawn')
        throw conflict(state, event, '只能撤回已发布的信息。');
      return {
        ...state,
        phase: 'withdrawn',
        withdrawnAt: event.at,
        withdrawReason: reason(event, event.reason, '撤回理由'),
      };
    case 'revised':
      requirePhase(state, event, ['published']);
      return {
        ...state,
        phase: 'draft',
        version: state.version + 1,
        authors: event.by === null ? [] : [event.by],
        reviewer: null,
        approver: null,
        publishAt: null,
      };
  }
}

export function foldItemEvents(events: readonly ItemEvent[]): ItemState {
  let state = initialItemState();
  for (const event of events) state = applyItemEvent(state, event);
  return state;
}

export type PublicationStatus = ItemPhase | 'scheduled';

/** The phase as people see it at `now`: a publication whose time is ahead is `scheduled`. */
export function publicationStatus(state: ItemState, now: string): PublicationStatus | 'none' {
  if (state.phase === 'published' && state.publishAt !== null && state.publishAt > now) return 'scheduled';
  return state.phase;
}

export const STATUS_LABELS: Record<PublicationStatus, string> = { ...PHASE_LABELS, scheduled: '定时发布' };
