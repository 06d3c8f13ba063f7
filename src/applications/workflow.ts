// The application state machine, pure: the state is the fold of the events in order. An event the
// current state does not allow throws DomainError('conflict.state') with a Chinese message; an event
// whose own data is malformed throws DomainError('input.invalid'). The input state is never changed.
import { isCivilDate, type WorkingDayCalendar } from '../calendar/index.ts';
import { applicationFee, FEE_METHOD_LABELS, FEE_PAYMENT_WORKING_DAYS } from '../fees/fees.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  type ApplicationEvent,
  type ApplicationState,
  CHANNEL_LABELS,
  type Consultation,
  type DecidedEvent,
  type DelayedDeadlineSetEvent,
  EVENT_LABELS,
  type ExtensionApprovedEvent,
  type FeeNoticeSentEvent,
  type Flag,
  OPEN_PHASES,
  PHASE_LABELS,
  type Phase,
  type ReasonsRequestedEvent,
  type Round,
} from './application.ts';
import { DELAYED_REPLY_ARTICLE, PERIODS, roundReplyDue } from './clock.ts';
import {
  isOutcomeCode,
  mayJustifyWithheldPart,
  OUTCOMES_BY_EVENT,
  type OutcomeCode,
  outcome,
  outcomeTitle,
  WITHDRAWAL_BASIS,
} from './outcomes.ts';
import { plusWorkingDays } from './working-day-index.ts';

export function initialState(): ApplicationState {
  return {
    phase: 'not_received',
    receivedOn: null,
    channel: null,
    lastEventOn: null,
    rounds: [],
    supplementsReceived: 0,
    outcome: null,
    legalBasis: null,
    withheld: [],
    closedOn: null,
    deliveredOn: null,
    archivedOn: null,
    reopenings: 0,
    flags: [],
  };
}

export function isOpen(state: ApplicationState): boolean {
  return OPEN_PHASES.has(state.phase);
}

/** The current reply period; every state after `received` has one. */
export function currentRound(state: ApplicationState): Round {
  const round = state.rounds[state.rounds.length - 1];
  if (!round) throw new DomainError('conflict.state', '尚未登记收到申请。');
  return round;
}

/** The state after all the events, in order. */
export function foldEvents(
  events: readonly ApplicationEvent[],
  calendar: WorkingDayCalendar,
): ApplicationState {
  let state = initialState();
  for (const event of events) state = applyEvent(state, event, calendar);
  return state;
}

function conflict(state: ApplicationState, event: ApplicationEvent, why: string): DomainError {
  return new DomainError('conflict.state', `不能登记“${EVENT_LABELS[event.type]}”：${why}`, {
    event: event.type,
    at: event.at,
    phase: state.phase,
  });
}

function invalid(event: ApplicationEvent, why: string): DomainError {
  return new DomainError('input.invalid', `“${EVENT_LABELS[event.type]}”的内容有误：${why}`, {
    event: event.type,
    at: event.at,
  });
}

function requirePhase(state: ApplicationState, event: ApplicationEvent, allowed: readonly Phase[]): void {
  if (allowed.includes(state.phase)) return;
  throw conflict(state, event, `申请当前状态为“${PHASE_LABELS[state.phase]}”。`);
}

function requireDate(event: ApplicationEvent, value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || !isCivilDate(value))
    throw invalid(event, `${what}不是有效日期（YYYY-MM-DD）。`);
}

function withRound(state: ApplicationState, change: (round: Round) => Round): Round[] {
  const rounds = [...state.rounds];
  rounds[rounds.length - 1] = change(currentRound(state));
  return rounds;
}

function flag(state: ApplicationState, f: Flag): readonly Flag[] {
  return [...state.flags, f];
}

/** A round may still ask for 补正 while it is under review: nothing but the receipt has happened yet. */
function inReview(round: Round): boolean {
  return (
    round.startedBy !== 'reopened' &&
    round.supplement === null &&
    round.consultations.length === 0 &&
    round.extension === null &&
    round.fee === null &&
    (round.reasonsRequest ?? null) === null &&
    (round.delayedDeadline ?? null) === null
  );
}

/** Stops processing through `by`: 逾期不补正, 逾期未缴费 or 撤回, each with its own outcome. */
function terminate(
  state: ApplicationState,
  at: string,
  by: keyof typeof OUTCOMES_BY_EVENT,
  legalBasis: string,
): ApplicationState {
  const code = OUTCOMES_BY_EVENT[by];
  return {
    ...state,
    phase: 'terminated',
    outcome: code,
    legalBasis,
    withheld: [],
    closedOn: at,
    rounds: withRound(state, (r) => ({ ...r, closed: { on: at, outcome: code, by, late: false } })),
  };
}

export function applyEvent(
  state: ApplicationState,
  event: ApplicationEvent,
  calendar: WorkingDayCalendar,
): ApplicationState {
  requireDate(event, event.at, '日期');
  if (state.lastEventOn !== null && event.at < state.lastEventOn)
    throw conflict(state, event, `日期 ${event.at} 早于上一事件的日期 ${state.lastEventOn}。`);
  if (state.phase === 'not_received' && event.type !== 'received')
    throw conflict(state, event, '尚未登记收到申请。');
  const next = transition(state, event, calendar);
  return { ...next, lastEventOn: event.at };
}

function transition(
  state: ApplicationState,
  event: ApplicationEvent,
  calendar: WorkingDayCalendar,
): ApplicationState {
  switch (event.type) {
    case 'received': {
      if (state.phase !== 'not_received') throw conflict(state, event, '该申请已登记收到。');
      if (!Object.hasOwn(CHANNEL_LABELS, event.channel)) throw invalid(event, '申请渠道无效。');
      return {
        ...state,
        phase: 'processing',
        receivedOn: event.at,
        channel: event.channel,
        rounds: [newRound(event.at, 'received')],
      };
    }

    case 'supplement_requested': {
      requirePhase(state, event, ['processing']);
      const round = currentRound(state);
      if (!inReview(round))
        throw conflict(
          state,
          event,
          round.startedBy === 'reopened'
            ? '重新答复的申请不再通知补正。'
            : '补正应在审核阶段一次性告知；本轮已通知补正或已开始办理（征求意见、延期、收费、要求说明理由）。',
        );
      if (
        !Array.isArray(event.items) ||
        event.items.length === 0 ||
        event.items.some((i) => typeof i !== 'string' || !i.trim())
      )
        throw invalid(event, '应一次性列明需要补正的全部事项。');
      if (event.correctionDue !== undefined) {
        requireDate(event, event.correctionDue, '补正期限');
        if (event.correctionDue < event.at) throw invalid(event, '补正期限早于补正通知日期。');
      }
      const noticeDue = plusWorkingDays(round.start, PERIODS.supplementNotice.workingDays, calendar);
      const late = event.at > noticeDue;
      return {
        ...state,
        phase: 'awaiting_supplement',
        rounds: withRound(state, (r) => ({
          ...r,
          supplement: {
            requestedOn: event.at,
            items: [...event.items],
            correctionDue: event.correctionDue ?? null,
            late,
            receivedOn: null,
            expiredOn: null,
          },
        })),
        flags: late
          ? flag(state, {
              code: 'supplement_late',
              on: event.at,
              message: `补正通知于 ${event.at} 发出，晚于收到申请之日起7个工作日（${noticeDue}）。`,
            })
          : state.flags,
      };
    }

    case 'supplement_received': {
      requirePhase(state, event, ['awaiting_supplement']);
      const rounds = withRound(state, (r) => ({
        ...r,
        supplement: r.supplement && { ...r.supplement, receivedOn: event.at },
      }));
      return {
        ...state,
        phase: 'processing',
        rounds: [...rounds, newRound(event.at, 'supplement_received')],
        supplementsReceived: state.supplementsReceived + 1,
      };
    }

    case 'supplement_expired': {
      requirePhase(state, event, ['awaiting_supplement']);
      const due = currentRound(state).supplement?.correctionDue ?? null;
      if (due !== null && event.at <= due) throw conflict(state, event, `补正期限（${due}）尚未届满。`);
      const rounds = withRound(state, (r) => ({
        ...r,
        supplement: r.supplement && { ...r.supplement, expiredOn: event.at },
      }));
      return terminate({ ...state, rounds }, event.at, 'supplement_expired', basisOf('other1'));
    }

    case 'consultation_started': {
      requirePhase(state, event, ['processing']);
      if (event.party !== 'third_party' && event.party !== 'other_organ')
        throw invalid(event, '征求意见的对象应为第三方或其他机关。');
      const consultation: Consultation = { party: event.party, startedOn: event.at, endedOn: null };
      return {
        ...state,
        phase: 'consulting',
        rounds: withRound(state, (r) => ({ ...r, consultations: [...r.consultations, consultation] })),
      };
    }

    case 'consultation_ended': {
      requirePhase(state, event, ['consulting']);
      return {
        ...state,
        phase: 'processing',
        rounds: withRound(state, (r) => ({
          ...r,
          consultations: r.consultations.map((c) => (c.endedOn === null ? { ...c, endedOn: event.at } : c)),
        })),
      };
    }

    case 'extension_approved':
      return approveExtension(state, event, calendar);

    case 'fee_notice_sent':
      return sendFeeNotice(state, event, calendar);

    case 'fee_paid': {
      requirePhase(state, event, ['awaiting_fee']);
      const fee = currentRound(state).fee!;
      if (event.at > fee.paymentDue)
        throw conflict(state, event, `缴费期限（${fee.paymentDue}）已过，应登记逾期未缴费。`);
      return {
        ...state,
        phase: 'processing',
        rounds: withRound(state, (r) => ({ ...r, fee: { ...fee, paidOn: event.at } })),
      };
    }

    case 'fee_expired': {
      requirePhase(state, event, ['awaiting_fee']);
      const fee = currentRound(state).fee!;
      if (event.at <= fee.paymentDue) throw conflict(state, event, `缴费期限（${fee.paymentDue}）尚未届满。`);
      return terminate(
        { ...state, rounds: withRound(state, (r) => ({ ...r, fee: { ...fee, expiredOn: event.at } })) },
        event.at,
        'fee_expired',
        basisOf('other2'),
      );
    }

    case 'reasons_requested':
      return requestReasons(state, event);

    case 'reasons_received': {
      requirePhase(state, event, ['processing', 'consulting', 'awaiting_fee']);
      const request = currentRound(state).reasonsRequest ?? null;
      if (request === null) throw conflict(state, event, '本次答复尚未要求申请人说明理由。');
      if (request.receivedOn !== null)
        throw conflict(state, event, `申请人已于 ${request.receivedOn} 说明理由。`);
      return {
        ...state,
        rounds: withRound(state, (r) => ({ ...r, reasonsRequest: { ...request, receivedOn: event.at } })),
      };
    }

    case 'delayed_deadline_set':
      return setDelayedDeadline(state, event, calendar);

    case 'decided':
      return decide(state, event, calendar);

    case 'reply_delivered': {
      requirePhase(state, event, ['decided']);
      return { ...state, phase: 'replied', deliveredOn: event.at };
    }

    case 'withdrawn': {
      requirePhase(state, event, ['processing', 'awaiting_supplement', 'consulting', 'awaiting_fee']);
      return terminate(state, event.at, 'withdrawn', WITHDRAWAL_BASIS);
    }

    case 'archived': {
      requirePhase(state, event, ['replied', 'terminated']);
      return { ...state, phase: 'archived', archivedOn: event.at };
    }

    case 'reopened': {
      requirePhase(state, event, ['decided', 'replied', 'terminated', 'archived']);
      if (typeof event.reason !== 'string' || !event.reason.trim())
        throw invalid(event, '应写明重新答复的原因（如复议、诉讼结果为纠正）。');
      return {
        ...state,
        phase: 'processing',
        rounds: [...state.rounds, newRound(event.at, 'reopened', event.reason.trim())],
        outcome: null,
        legalBasis: null,
        withheld: [],
        closedOn: null,
        deliveredOn: null,
        archivedOn: null,
        reopenings: state.reopenings + 1,
      };
    }

    default: {
      const unknown: never = event;
      throw new DomainError('input.invalid', `未知的事件类型：${(unknown as { type: string }).type}`);
    }
  }
}

function newRound(start: string, startedBy: Round['startedBy'], reason: string | null = null): Round {
  return {
    start,
    startedBy,
    reason,
    supplement: null,
    consultations: [],
    extension: null,
    fee: null,
    reasonsRequest: null,
    delayedDeadline: null,
    closed: null,
  };
}

function basisOf(code: OutcomeCode): string {
  return outcome(code).basis;
}

function approveExtension(
  state: ApplicationState,
  event: ExtensionApprovedEvent,
  calendar: WorkingDayCalendar,
): ApplicationState {
  requirePhase(state, event, ['processing', 'consulting', 'awaiting_fee']);
  const round = currentRound(state);
  if (round.extension)
    throw conflict(state, event, `本次答复已于 ${round.extension.approvedOn} 延期，只能延期一次。`);
  if (round.delayedDeadline)
    throw conflict(
      state,
      event,
      `本次答复已于 ${round.delayedDeadline.setOn} 依条例${DELAYED_REPLY_ARTICLE}确定延迟答复期限（${round.delayedDeadline.dueOn}），不再适用第三十三条的延期。`,
    );
  if (!Number.isInteger(event.days) || event.days < 1 || event.days > PERIODS.extension.workingDays)
    throw conflict(
      state,
      event,
      `延长的期限最长不得超过${PERIODS.extension.workingDays}个工作日（申请延长 ${event.days} 日）。`,
    );
  if (typeof event.approver !== 'string' || !event.approver.trim())
    throw invalid(event, '延期须经政府信息公开工作机构负责人同意，应登记批准人。');
  requireDate(event, event.noticeOn, '告知申请人的日期');
  if (event.noticeOn < event.at) throw invalid(event, '告知申请人的日期早于批准日期。');
  const due = roundReplyDue(round, calendar).date;
  const late = event.at > due || event.noticeOn > due;
  return {
    ...state,
    rounds: withRound(state, (r) => ({
      ...r,
      extension: {
        approvedOn: event.at,
        approver: event.approver,
        days: event.days,
        noticeOn: event.noticeOn,
      },
    })),
    flags: late
      ? flag(state, {
          code: 'extension_late',
          on: event.at,
          message: `延期于 ${event.at} 批准、${event.noticeOn} 告知申请人，晚于原答复期限 ${due}。`,
        })
      : state.flags,
  };
}

/**
 * 要求说明理由 (第三十五条), once per round, while the application is being handled. The state stays
 * 办理中 and the reply period keeps running (clock.ts explains why).
 */
function requestReasons(state: ApplicationState, event: ReasonsRequestedEvent): ApplicationState {
  requirePhase(state, event, ['processing']);
  const round = currentRound(state);
  const earlier = round.reasonsRequest ?? null;
  if (earlier !== null)
    throw conflict(state, event, `本次答复已于 ${earlier.requestedOn} 要求申请人说明理由。`);
  if (event.reasonDue !== undefined) {
    requireDate(event, event.reasonDue, '说明理由的期限');
    if (event.reasonDue < event.at) throw invalid(event, '说明理由的期限早于要求说明理由的日期。');
  }
  return {
    ...state,
    rounds: withRound(state, (r) => ({
      ...r,
      reasonsRequest: { requestedOn: event.at, reasonDue: event.reasonDue ?? null, receivedOn: null },
    })),
  };
}

/**
 * 确定延迟答复的合理期限并告知申请人 (第三十五条): once per round, after the applicant was asked for
 * reasons in it and gave them (the organ may set it only when it finds those reasons reasonable);
 * the new due date must be later than the one it replaces (第三十三条, with any extension and
 * pauses). Set after that date had passed, it is recorded but flagged.
 */
function setDelayedDeadline(
  state: ApplicationState,
  event: DelayedDeadlineSetEvent,
  calendar: WorkingDayCalendar,
): ApplicationState {
  requirePhase(state, event, ['processing', 'consulting', 'awaiting_fee']);
  const round = currentRound(state);
  if ((round.reasonsRequest ?? null) === null)
    throw conflict(
      state,
      event,
      `依条例${DELAYED_REPLY_ARTICLE}确定延迟答复期限，须先在本次答复中要求申请人说明理由。`,
    );
  // A delayed deadline follows reasons the organ found reasonable, so they must have come (asked
  // but unanswered, the organ may still decide 不予处理 4, but not delay the reply).
  if (!round.reasonsRequest?.receivedOn)
    throw conflict(
      state,
      event,
      `依条例${DELAYED_REPLY_ARTICLE}，申请人说明的理由合理的，方可确定延迟答复期限；请先登记“${EVENT_LABELS.reasons_received}”。`,
    );
  const earlier = round.delayedDeadline ?? null;
  if (earlier !== null)
    throw conflict(
      state,
      event,
      `本次答复已于 ${earlier.setOn} 确定延迟答复期限（${earlier.dueOn}），只能确定一次。`,
    );
  requireDate(event, event.dueOn, '延迟答复期限');
  if (typeof event.reason !== 'string' || !event.reason.trim())
    throw invalid(event, '应写明延迟答复期限的理由。');
  requireDate(event, event.noticeOn, '告知申请人的日期');
  if (event.noticeOn < event.at) throw invalid(event, '告知申请人的日期早于确定延迟答复期限的日期。');
  const due = roundReplyDue(round, calendar).date;
  if (event.dueOn <= due) throw invalid(event, `延迟答复期限（${event.dueOn}）应晚于当前的答复期限 ${due}。`);
  if (event.dueOn < event.noticeOn)
    throw invalid(event, `延迟答复期限（${event.dueOn}）早于告知申请人的日期 ${event.noticeOn}。`);
  const late = event.at > due || event.noticeOn > due;
  return {
    ...state,
    rounds: withRound(state, (r) => ({
      ...r,
      delayedDeadline: {
        setOn: event.at,
        dueOn: event.dueOn,
        reason: event.reason.trim(),
        noticeOn: event.noticeOn,
      },
    })),
    flags: late
      ? flag(state, {
          code: 'delayed_deadline_late',
          on: event.at,
          message: `延迟答复期限于 ${event.at} 确定、${event.noticeOn} 告知申请人，晚于原答复期限 ${due}。`,
        })
      : state.flags,
  };
}

function sendFeeNotice(
  state: ApplicationState,
  event: FeeNoticeSentEvent,
  calendar: WorkingDayCalendar,
): ApplicationState {
  requirePhase(state, event, ['processing']);
  const round = currentRound(state);
  if (round.fee) throw conflict(state, event, '本次答复已发出收费通知；每件申请只能选择一种方式收费一次。');
  if (event.method !== 'per_case' && event.method !== 'per_page')
    throw invalid(event, '收费方式应为按件或按量。');
  const minUnits = event.method === 'per_case' ? 1 : 0;
  if (!Number.isInteger(event.units) || event.units < minUnits || event.units > 100_000)
    throw invalid(
      event,
      event.method === 'per_case' ? '按件计收应写明本月第几件申请。' : '按量计收应写明页数。',
    );
  const tariff =
    event.method === 'per_case'
      ? applicationFee({ method: 'per_case', nthInMonth: event.units })
      : applicationFee({ method: 'per_page', pages: event.units });
  if (tariff === 0)
    throw conflict(
      state,
      event,
      event.method === 'per_case'
        ? `本月第 ${event.units} 件申请在免费范围内（每月10件以内不收费）。`
        : `${event.units} 页在免费范围内（30页以内不收费）。`,
    );
  if (!Number.isInteger(event.amount) || event.amount <= 0 || event.amount > tariff)
    throw invalid(event, `收费金额应为正整数元且不超过${FEE_METHOD_LABELS[event.method]}标准 ${tariff} 元。`);
  const receivedOn = event.receivedOn ?? event.at;
  requireDate(event, receivedOn, '申请人收到收费通知的日期');
  if (receivedOn < event.at) throw invalid(event, '申请人收到收费通知的日期早于发出日期。');
  return {
    ...state,
    phase: 'awaiting_fee',
    rounds: withRound(state, (r) => ({
      ...r,
      fee: {
        sentOn: event.at,
        receivedOn,
        method: event.method,
        units: event.units,
        amount: event.amount,
        paymentDue: plusWorkingDays(receivedOn, FEE_PAYMENT_WORKING_DAYS, calendar),
        paidOn: null,
        expiredOn: null,
      },
    })),
  };
}

function decide(
  state: ApplicationState,
  event: DecidedEvent,
  calendar: WorkingDayCalendar,
): ApplicationState {
  if (state.phase === 'awaiting_supplement') throw conflict(state, event, '正在等待申请人补正。');
  if (state.phase === 'consulting') throw conflict(state, event, '征求意见尚未结束，请先登记征求意见结束。');
  if (state.phase === 'awaiting_fee') throw conflict(state, event, '正在等待申请人缴纳信息处理费。');
  requirePhase(state, event, ['processing']);
  if (!isOutcomeCode(event.outcome)) throw invalid(event, `未知的办理结果：${String(event.outcome)}。`);
  if (event.outcome === 'other1' || event.outcome === 'other2')
    throw conflict(
      state,
      event,
      `“${outcomeTitle(event.outcome)}”由“${EVENT_LABELS[event.outcome === 'other1' ? 'supplement_expired' : 'fee_expired']}”登记，不作为答复登记。`,
    );
  if (event.outcome === 'unable3' && state.supplementsReceived === 0)
    throw conflict(state, event, '“补正后申请内容仍不明确”须以申请人已经补正为前提。');
  // 第三十五条: only an applicant asked for reasons (in this reply period) can be told that the
  // reasons are unreasonable. 重复申请 (notProcessed2, 第三十六条第（六）项) needs no such step.
  if (event.outcome === 'notProcessed4' && (currentRound(state).reasonsRequest ?? null) === null)
    throw conflict(
      state,
      event,
      `依条例${DELAYED_REPLY_ARTICLE}，以“无正当理由大量反复申请”不予处理前，须先要求申请人说明理由；请先登记“${EVENT_LABELS.reasons_requested}”。`,
    );
  if (typeof event.legalBasis !== 'string' || !event.legalBasis.trim())
    throw invalid(event, '答复应写明依据。');
  const withheld = event.withheld ?? [];
  if (event.outcome === 'partial') {
    if (withheld.length === 0) throw invalid(event, '部分公开应说明不予公开部分的理由。');
    const bad = withheld.filter((code) => !isOutcomeCode(code) || !mayJustifyWithheldPart(code));
    if (bad.length > 0)
      throw invalid(event, `不予公开部分的理由应为不予公开或无法提供（1、2）的情形：${bad.join('、')}。`);
  } else if (withheld.length > 0) {
    throw invalid(event, '只有部分公开才登记不予公开部分的理由。');
  }
  const due = roundReplyDue(currentRound(state), calendar).date;
  return {
    ...state,
    phase: 'decided',
    outcome: event.outcome,
    legalBasis: event.legalBasis,
    withheld: [...new Set(withheld)],
    closedOn: event.at,
    rounds: withRound(state, (r) => ({
      ...r,
      closed: { on: event.at, outcome: event.outcome, by: 'decided', late: event.at > due },
    })),
    flags:
      event.at > due
        ? flag(state, {
            code: 'reply_late',
            on: event.at,
            message: `于 ${event.at} 答复，超过答复期限 ${due}。`,
          })
        : state.flags,
  };
}
