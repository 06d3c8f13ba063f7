// Deadlines of an application, derived from its events, pure: the reply due date with the pauses
// that moved it and a Chinese explanation line by line, and the status on a given day.
import type { WorkingDayCalendar } from '../calendar/index.ts';
import { FEE_METHOD_LABELS } from '../fees/fees.ts';
import {
  type ApplicationEvent,
  type ApplicationState,
  CHANNEL_LABELS,
  CONSULTATION_LABELS,
  type Flag,
  OPEN_PHASES,
  PHASE_LABELS,
  type Phase,
  type Round,
} from './application.ts';
import {
  CONSULTATION_NOT_COUNTED_ARTICLE,
  consultationDue,
  DELAYED_REPLY_ARTICLE,
  laterDate,
  type PausedInterval,
  PERIODS,
  provisionalYears,
  roundPauses,
  roundReplyDue,
} from './clock.ts';
import { type OutcomeCode, outcomeTitle } from './outcomes.ts';
import { foldEvents } from './workflow.ts';
import { countWorkingDays, plusWorkingDays } from './working-day-index.ts';

export interface DueDates {
  /** The last day to reply; null while waiting for a 补正 (the period restarts when it arrives). */
  replyDue: string | null;
  /** The last day to send a 补正 notice: 7 工作日 after the receipt of the current period. */
  supplementNoticeDue?: string;
  /** The last day to pay the fee of the current period. */
  feePaymentDue?: string;
  /** The last day of the open consultation's 15 工作日. */
  consultationDue?: string;
  /** What the current period does not count (and, while waiting for a 补正, that wait). */
  paused: PausedInterval[];
  /** Some day counted lies in a year without an official holiday arrangement. */
  provisional: boolean;
  provisionalYears: number[];
  /** How the dates were reached, in Chinese, one step per line. */
  explanation: string[];
}

/** The due dates of an application from its events (all of them, whatever their date). */
export function dueDate(events: readonly ApplicationEvent[], calendar: WorkingDayCalendar): DueDates {
  return dueDatesOf(foldEvents(events, calendar), calendar);
}

function rangeText(pause: PausedInterval): string {
  return pause.open
    ? `自 ${pause.from} 起尚未结束，按最长期限推算至 ${pause.to}`
    : `${pause.from} 至 ${pause.to}`;
}

function roundOpening(round: Round, state: ApplicationState): string {
  const n = PERIODS.reply.workingDays;
  switch (round.startedBy) {
    case 'received':
      return `收到申请 ${round.start}（${state.channel ? CHANNEL_LABELS[state.channel] : '—'}，第三十一条）→ 自次日起算${n}个工作日`;
    case 'supplement_received':
      return `收到补正后的申请 ${round.start} → 答复期限自次日起重新起算${n}个工作日（第三十条）`;
    case 'reopened':
      return `${round.start} 重新答复（${round.reason ?? '复议、诉讼结果为纠正'}）→ 自次日起另计${n}个工作日`;
  }
}

/** How a period ended, when it did. */
function roundClosing(round: Round): string | null {
  const c = round.closed;
  if (!c) return null;
  switch (c.by) {
    case 'decided':
      return `${c.on} 作出答复：${outcomeTitle(c.outcome)}${c.late ? '（超过答复期限）' : ''}`;
    case 'supplement_expired':
      return `${c.on} 逾期未补正 → 视为放弃申请，不再处理（${outcomeTitle(c.outcome)}，第三十条）`;
    case 'fee_expired':
      return `${c.on} 逾期未缴纳信息处理费 → 视为放弃申请，不再处理（${outcomeTitle(c.outcome)}）`;
    case 'withdrawn':
      return `${c.on} 申请人撤回申请 → 终止处理（${outcomeTitle(c.outcome)}）`;
  }
}

function supplementLine(round: Round): string | null {
  const s = round.supplement;
  if (!s) return null;
  const due = s.correctionDue ? `，补正期限 ${s.correctionDue}` : '';
  const late = s.late ? '，晚于收到申请后7个工作日' : '';
  return `${s.requestedOn} 通知补正（${s.items.length} 项${due}${late}）→ 补正期间暂停，收到补正后的申请之日起重新计算答复期限`;
}

/** 要求说明理由 (第三十五条): asked, answered, and that the wait is counted; `due` is the running due date. */
function reasonsLine(round: Round, due: string | null): string | null {
  const r = round.reasonsRequest ?? null;
  if (!r) return null;
  const limit = r.reasonDue ? `，说明期限 ${r.reasonDue}` : '';
  const answer = r.receivedOn ? `；${r.receivedOn} 申请人说明理由 ` : '';
  const counted = `等待说明理由期间照常计入答复期限（条例未规定扣除）${due ? `，仍至 ${due}` : ''}`;
  return `${r.requestedOn} 要求申请人说明理由（${DELAYED_REPLY_ARTICLE}${limit}）${answer}→ ${counted}`;
}

/** The delayed deadline of 第三十五条, which replaces the 第三十三条 due date. */
function delayedLine(round: Round): string | null {
  const d = round.delayedDeadline ?? null;
  if (!d) return null;
  return `${d.setOn} 依据条例${DELAYED_REPLY_ARTICLE}确定的延迟答复期限：${d.dueOn}；理由：${d.reason}（${d.noticeOn} 告知申请人）→ 取代第三十三条的答复期限，至 ${d.dueOn}`;
}

/** The due dates of a state already folded. */
export function dueDatesOf(state: ApplicationState, calendar: WorkingDayCalendar): DueDates {
  if (state.rounds.length === 0)
    return {
      replyDue: null,
      paused: [],
      provisional: false,
      provisionalYears: [],
      explanation: ['尚未收到申请'],
    };
  const explanation: string[] = [];
  const last = state.rounds.length - 1;
  for (const earlier of state.rounds.slice(0, last)) {
    explanation.push(roundOpening(earlier, state));
    const lines = [
      supplementLine(earlier),
      reasonsLine(earlier, null),
      delayedLine(earlier),
      roundClosing(earlier),
    ];
    for (const line of lines) if (line) explanation.push(line);
  }
  const round = state.rounds[last]!;
  const result: DueDates = {
    replyDue: null,
    paused: [],
    provisional: false,
    provisionalYears: [],
    explanation,
  };
  if (round.startedBy !== 'reopened')
    result.supplementNoticeDue = plusWorkingDays(round.start, PERIODS.supplementNotice.workingDays, calendar);

  const pending = round.supplement;
  if (pending && pending.receivedOn === null) {
    // Waiting for a 补正 (or given up): no reply is due; the period restarts with the correction.
    const due = plusWorkingDays(round.start, PERIODS.reply.workingDays, calendar);
    explanation.push(`${roundOpening(round, state)}，至 ${due}`, supplementLine(round)!);
    const to = pending.expiredOn ?? pending.correctionDue ?? pending.requestedOn;
    result.paused.push({
      kind: 'supplement',
      from: pending.requestedOn,
      to,
      open: pending.expiredOn === null,
      workingDays: countWorkingDays(pending.requestedOn, to, calendar),
    });
    const closing = roundClosing(round);
    if (closing) explanation.push(closing);
    const years = provisionalYears(round.start, laterDate(to, due), calendar);
    result.provisional = years.length > 0;
    result.provisionalYears = years;
    appendProvisional(explanation, years);
    return result;
  }

  // The running due date step by step: the bare period, then each pause, the extension, the request
  // for reasons and the delayed deadline, in date order. A pause that comes after a delayed deadline
  // is shown, but no longer moves the date.
  const pauses = roundPauses(round, calendar);
  const steps: { on: string; line: (due: string) => string; apply: (r: Round) => Round }[] = [];
  for (const c of round.consultations) {
    const pause = roundPauses({ ...round, consultations: [c], fee: null }, calendar)[0]!;
    steps.push({
      on: c.startedOn,
      line: (due) =>
        `${CONSULTATION_LABELS[c.party]} ${rangeText(pause)} → 期间不计入（${pause.workingDays} 个工作日，${CONSULTATION_NOT_COUNTED_ARTICLE}），至 ${due}`,
      apply: (r) => ({ ...r, consultations: [...r.consultations, c] }),
    });
  }
  const fee = round.fee;
  if (fee) {
    const pause = roundPauses({ ...round, consultations: [] }, calendar)[0]!;
    steps.push({
      on: fee.sentOn,
      line: (due) =>
        `收费通知（${FEE_METHOD_LABELS[fee.method]} ${fee.amount} 元，缴费期限 ${fee.paymentDue}）${rangeText(pause)}${fee.paidOn ? '（已缴费）' : ''} → 等待缴费期间不计入（${pause.workingDays} 个工作日），至 ${due}`,
      apply: (r) => ({ ...r, fee }),
    });
  }
  const ext = round.extension;
  if (ext) {
    steps.push({
      on: ext.approvedOn,
      line: (due) =>
        `${ext.approvedOn} 经${ext.approver}批准延期 ${ext.days} 个工作日（${ext.noticeOn} 告知申请人，${PERIODS.extension.article}）→ 至 ${due}`,
      apply: (r) => ({ ...r, extension: ext }),
    });
  }
  if (round.reasonsRequest) {
    steps.push({
      on: round.reasonsRequest.requestedOn,
      line: (due) => reasonsLine(round, due)!,
      apply: (r) => r,
    });
  }
  const delayed = round.delayedDeadline ?? null;
  if (delayed) {
    steps.push({
      on: delayed.setOn,
      line: () => delayedLine(round)!,
      apply: (r) => ({ ...r, delayedDeadline: delayed }),
    });
  }
  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let partial: Round = {
    ...round,
    consultations: [],
    extension: null,
    fee: null,
    reasonsRequest: null,
    delayedDeadline: null,
  };
  explanation.push(`${roundOpening(round, state)}，至 ${roundReplyDue(partial, calendar).date}`);
  for (const step of steps) {
    const fixed = partial.delayedDeadline ? partial.delayedDeadline.dueOn : null;
    partial = step.apply(partial);
    const line = step.line(roundReplyDue(partial, calendar).date);
    explanation.push(
      fixed === null
        ? line
        : `${line.replace(/，至 \d{4}-\d{2}-\d{2}$/, '')}（已依条例${DELAYED_REPLY_ARTICLE}确定延迟答复期限，不再顺延，仍至 ${fixed}）`,
    );
  }
  const due = roundReplyDue(round, calendar);
  result.replyDue = due.date;
  result.paused = pauses;
  result.provisional = due.provisional;
  result.provisionalYears = due.provisionalYears;
  if (round.fee) result.feePaymentDue = round.fee.paymentDue;
  const open = round.consultations.find((c) => c.endedOn === null);
  if (open) result.consultationDue = consultationDue(open.startedOn, calendar);
  explanation.push(
    delayed
      ? `答复期限：${due.date}（依据条例${DELAYED_REPLY_ARTICLE}确定的延迟答复期限）`
      : `答复期限：${due.date}`,
  );
  const closing = roundClosing(round);
  if (closing) explanation.push(closing);
  appendProvisional(explanation, due.provisionalYears);
  return result;
}

function appendProvisional(explanation: string[], years: readonly number[]): void {
  if (years.length > 0)
    explanation.push(`${years.join('、')} 年的节假日安排尚未公布，期限按仅扣除周末推算，仅供参考`);
}

// ---------------------------------------------------------------------------------------------
// Status on a day

export interface ApplicationStatus {
  phase: Phase;
  /** In Chinese: 办理中, 待补正… */
  phaseLabel: string;
  open: boolean;
  outcome: OutcomeCode | null;
  closedOn: string | null;
  replyDue: string | null;
  /** Open and today is past the reply due date. */
  overdue: boolean;
  /** Open, not overdue, and at most 3 working days left after today. */
  dueSoon: boolean;
  /** Working days after today up to the due date; negative when overdue; null while waiting for a 补正 or when closed. */
  daysLeft: number | null;
  /** Closed with a reply after the due date (null while open). */
  answeredLate: boolean | null;
  flags: readonly Flag[];
}

export const DUE_SOON_WORKING_DAYS = 3;

/** The state of the application as of `date`: the fold of its events dated on or before it. */
export function stateAsOf(
  events: readonly ApplicationEvent[],
  date: string,
  calendar: WorkingDayCalendar,
): ApplicationState {
  return foldEvents(
    events.filter((e) => e.at <= date),
    calendar,
  );
}

/** The status on `today`; events dated after `today` are not yet known. */
export function status(
  events: readonly ApplicationEvent[],
  today: string,
  calendar: WorkingDayCalendar,
): ApplicationStatus {
  const state = stateAsOf(events, today, calendar);
  const open = OPEN_PHASES.has(state.phase);
  const due = dueDatesOf(state, calendar);
  const replyDue = due.replyDue;
  let daysLeft: number | null = null;
  let overdue = false;
  if (open && replyDue !== null) {
    overdue = today > replyDue;
    daysLeft = overdue
      ? -countWorkingDays(replyDue, today, calendar)
      : countWorkingDays(today, replyDue, calendar);
  }
  return {
    phase: state.phase,
    phaseLabel: PHASE_LABELS[state.phase],
    open,
    outcome: state.outcome,
    closedOn: state.closedOn,
    replyDue,
    overdue,
    dueSoon: open && !overdue && daysLeft !== null && daysLeft <= DUE_SOON_WORKING_DAYS,
    daysLeft,
    answeredLate: state.closedOn === null ? null : (state.rounds.at(-1)?.closed?.late ?? false),
    flags: state.flags,
  };
}
