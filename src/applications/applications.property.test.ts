// Model-based properties of the pure core of 依申请公开: random histories of many applications over
// 2024–2025 (across holidays and year ends), each event checked against an independent model of
// what the 条例 allows (including 第三十五条: asking for reasons, the delayed deadline, 不予处理 4),
// each deadline against a day-by-day reference count, and the tables 三 and 四 built from any such
// set against the checker's arithmetic rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import { feeForCase, feeForPages } from '../fees/fees.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Finding } from '../reports/findings.ts';
import { emptyReport } from '../reports/report.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import type {
  ApplicationEvent,
  ApplicationEventType,
  ApplicationRecord,
  ApplicationState,
} from './application.ts';
import { dueDate, status } from './deadlines.ts';
import { APPLICANT_TYPE_KEYS, OUTCOME_CODES, type OutcomeCode, outcome } from './outcomes.ts';
import { type AppealRecord, type AppealResult, withApplicationTables } from './table3.ts';
import { applyEvent, initialState } from './workflow.ts';
import { countForYear } from './year-count.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

// ---------------------------------------------------------------------------------------------
// Reference working-day counting, day by day, straight from the calendar's data (spec §6: a day is
// a working day when it is a 调休 make-up day, or neither a holiday nor a Saturday or Sunday)

const DAY = 86_400_000;

function epochMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function civil(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const WORKING = new Map<number, boolean>();

function isWorkingByRule(ms: number): boolean {
  let working = WORKING.get(ms);
  if (working === undefined) {
    const date = civil(ms);
    const weekday = new Date(ms).getUTCDay();
    working =
      calendar.makeupWorkdays.has(date) || (!calendar.holidays.has(date) && weekday !== 0 && weekday !== 6);
    WORKING.set(ms, working);
  }
  return working;
}

function addWorkingDaysByDay(start: string, n: number): string {
  let ms = epochMs(start);
  for (let counted = 0; counted < n; ) {
    ms += DAY;
    if (isWorkingByRule(ms)) counted++;
  }
  return civil(ms);
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * The reply due date recomputed from the raw events, day by day; null while a 补正 is awaited. A
 * delayed deadline (第三十五条) replaces it; waiting for the applicant's reasons pauses nothing.
 */
function referenceReplyDue(events: readonly ApplicationEvent[]): string | null {
  let startIndex = -1;
  events.forEach((e, i) => {
    if (e.type === 'received' || e.type === 'supplement_received' || e.type === 'reopened') startIndex = i;
  });
  const start = events[startIndex]!.at;
  const round = events.slice(startIndex + 1);
  if (round.some((e) => e.type === 'supplement_requested')) return null;
  const delayed = round.find((e) => e.type === 'delayed_deadline_set');
  if (delayed) return delayed.dueOn;
  const paused = new Set<number>();
  const pause = (from: string, to: string) => {
    for (let ms = epochMs(from) + DAY; ms <= epochMs(to); ms += DAY) paused.add(ms);
  };
  let budget = 20;
  let consultationStart: string | null = null;
  let fee: { from: string; due: string } | null = null;
  for (const e of round) {
    if (e.type === 'extension_approved') budget += e.days;
    if (e.type === 'consultation_started') consultationStart = e.at;
    if (e.type === 'consultation_ended' && consultationStart) {
      pause(consultationStart, earlier(e.at, addWorkingDaysByDay(consultationStart, 15)));
      consultationStart = null;
    }
    if (e.type === 'fee_notice_sent')
      fee = { from: e.at, due: addWorkingDaysByDay(e.receivedOn ?? e.at, 20) };
    if ((e.type === 'fee_paid' || e.type === 'fee_expired') && fee) {
      pause(fee.from, e.at);
      fee = null;
    }
  }
  if (consultationStart) pause(consultationStart, addWorkingDaysByDay(consultationStart, 15));
  if (fee) pause(fee.from, fee.due);
  let ms = epochMs(start);
  for (let counted = 0; counted < budget; ) {
    ms += DAY;
    if (!paused.has(ms) && isWorkingByRule(ms)) counted++;
  }
  return civil(ms);
}

// ---------------------------------------------------------------------------------------------
// The model: what the 条例 (as gongkai reads it) allows next

type ModelPhase =
  | 'none'
  | 'processing'
  | 'supplement'
  | 'consulting'
  | 'fee'
  | 'decided'
  | 'replied'
  | 'terminated'
  | 'archived';

interface Model {
  phase: ModelPhase;
  lastAt: string | null;
  roundBy: 'received' | 'supplement_received' | 'reopened' | null;
  roundStarted: boolean;
  roundSupplement: boolean;
  roundConsulted: boolean;
  roundExtended: boolean;
  roundFee: boolean;
  /** 第三十五条 in the current round: reasons asked for, received; delayed deadline set. */
  roundReasons: boolean;
  roundReasonsReceived: boolean;
  roundDelayed: boolean;
  correctionDue: string | null;
  paymentDue: string | null;
  supplementsReceived: number;
  outcome: OutcomeCode | null;
}

const NEW_MODEL: Model = {
  phase: 'none',
  lastAt: null,
  roundBy: null,
  roundStarted: false,
  roundSupplement: false,
  roundConsulted: false,
  roundExtended: false,
  roundFee: false,
  roundReasons: false,
  roundReasonsReceived: false,
  roundDelayed: false,
  correctionDue: null,
  paymentDue: null,
  supplementsReceived: 0,
  outcome: null,
};

function newRound(model: Model, by: Model['roundBy']): Model {
  return {
    ...model,
    phase: 'processing',
    roundBy: by,
    roundSupplement: false,
    roundConsulted: false,
    roundExtended: false,
    roundFee: false,
    roundReasons: false,
    roundReasonsReceived: false,
    roundDelayed: false,
    correctionDue: null,
    paymentDue: null,
    outcome: null,
  };
}

/** Refused by the state (conflict.state, null) or, for a well-formed request the state allows, by its data. */
type Refusal = null | 'input.invalid';

/**
 * The model after `e`, null when the state does not allow it, or 'input.invalid' when its data is
 * refused (a delayed deadline not later than the due date it replaces). `history` holds the events
 * accepted so far.
 */
function step(m: Model, e: ApplicationEvent, history: readonly ApplicationEvent[]): Model | Refusal {
  if (m.lastAt !== null && e.at < m.lastAt) return null;
  const next = stepKind(m, e, history);
  return next && next !== 'input.invalid' ? { ...next, lastAt: e.at } : next;
}

function stepKind(m: Model, e: ApplicationEvent, history: readonly ApplicationEvent[]): Model | Refusal {
  const handling = m.phase === 'processing' || m.phase === 'consulting' || m.phase === 'fee';
  const open =
    m.phase === 'processing' || m.phase === 'supplement' || m.phase === 'consulting' || m.phase === 'fee';
  switch (e.type) {
    case 'received':
      return m.phase === 'none' ? newRound(m, 'received') : null;
    case 'supplement_requested':
      return m.phase === 'processing' &&
        m.roundBy !== 'reopened' &&
        !m.roundSupplement &&
        !m.roundConsulted &&
        !m.roundExtended &&
        !m.roundFee &&
        !m.roundReasons &&
        !m.roundDelayed
        ? { ...m, phase: 'supplement', roundSupplement: true, correctionDue: e.correctionDue ?? null }
        : null;
    case 'supplement_received':
      return m.phase === 'supplement'
        ? { ...newRound(m, 'supplement_received'), supplementsReceived: m.supplementsReceived + 1 }
        : null;
    case 'supplement_expired':
      return m.phase === 'supplement' && (m.correctionDue === null || e.at > m.correctionDue)
        ? { ...m, phase: 'terminated', outcome: 'other1' }
        : null;
    case 'consultation_started':
      return m.phase === 'processing' ? { ...m, phase: 'consulting', roundConsulted: true } : null;
    case 'consultation_ended':
      return m.phase === 'consulting' ? { ...m, phase: 'processing' } : null;
    case 'extension_approved':
      return handling && !m.roundExtended && !m.roundDelayed && e.days >= 1 && e.days <= 20
        ? { ...m, roundExtended: true }
        : null;
    case 'fee_notice_sent':
      return m.phase === 'processing' && !m.roundFee
        ? { ...m, phase: 'fee', roundFee: true, paymentDue: addWorkingDaysByDay(e.receivedOn ?? e.at, 20) }
        : null;
    case 'fee_paid':
      return m.phase === 'fee' && e.at <= m.paymentDue! ? { ...m, phase: 'processing' } : null;
    case 'fee_expired':
      return m.phase === 'fee' && e.at > m.paymentDue!
        ? { ...m, phase: 'terminated', outcome: 'other2' }
        : null;
    case 'reasons_requested':
      return m.phase === 'processing' && !m.roundReasons ? { ...m, roundReasons: true } : null;
    case 'reasons_received':
      return handling && m.roundReasons && !m.roundReasonsReceived
        ? { ...m, roundReasonsReceived: true }
        : null;
    case 'delayed_deadline_set':
      if (!handling || !m.roundReasonsReceived || m.roundDelayed) return null;
      // Must be later than the due date it replaces (第三十三条, extension and pauses so far).
      return e.dueOn > referenceReplyDue(history)! ? { ...m, roundDelayed: true } : 'input.invalid';
    case 'decided':
      if (m.phase !== 'processing' || e.outcome === 'other1' || e.outcome === 'other2') return null;
      if (e.outcome === 'unable3' && m.supplementsReceived === 0) return null;
      // 第三十五条: 无正当理由大量反复申请 only after asking for reasons in this round.
      if (e.outcome === 'notProcessed4' && !m.roundReasons) return null;
      return { ...m, phase: 'decided', outcome: e.outcome };
    case 'reply_delivered':
      return m.phase === 'decided' ? { ...m, phase: 'replied' } : null;
    case 'withdrawn':
      return open ? { ...m, phase: 'terminated', outcome: 'other3' } : null;
    case 'archived':
      return m.phase === 'replied' || m.phase === 'terminated' ? { ...m, phase: 'archived' } : null;
    case 'reopened':
      return m.phase === 'decided' ||
        m.phase === 'replied' ||
        m.phase === 'terminated' ||
        m.phase === 'archived'
        ? newRound(m, 'reopened')
        : null;
  }
}

// ---------------------------------------------------------------------------------------------
// Random histories

interface Step {
  kind: ApplicationEventType;
  gap: number;
  n: number;
}

/**
 * How often each kind of step is drawn. 第三十五条's request for reasons is mostly drawn together with
 * the applicant's answer (ASKED_AND_ANSWERED below): a delayed deadline needs both, in order and in
 * the same round, which lone steps seldom produce. Lone ones stay, for refusals (reasons received
 * unasked, a delayed deadline while the reasons are awaited).
 */
const KIND_WEIGHTS = [
  ['received', 1],
  ['supplement_requested', 3],
  ['supplement_received', 3],
  ['supplement_expired', 2],
  ['consultation_started', 3],
  ['consultation_ended', 3],
  ['extension_approved', 3],
  ['fee_notice_sent', 2],
  ['fee_paid', 3],
  ['fee_expired', 2],
  ['reasons_requested', 1],
  ['reasons_received', 1],
  ['delayed_deadline_set', 4],
  ['decided', 6],
  ['reply_delivered', 4],
  ['withdrawn', 1],
  ['archived', 3],
  ['reopened', 1],
] as const;

const KIND = fc.oneof(...KIND_WEIGHTS.map(([kind, weight]) => ({ arbitrary: fc.constant(kind), weight })));

const GAP = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 5 },
  { arbitrary: fc.integer({ min: 5, max: 40 }), weight: 4 },
  { arbitrary: fc.integer({ min: -3, max: -1 }), weight: 1 },
);

const STEP: fc.Arbitrary<Step> = fc.record({ kind: KIND, gap: GAP, n: fc.nat(10_000) });

/** 第三十五条 as it usually goes: reasons asked for, and given within two weeks. */
const ASKED_AND_ANSWERED: fc.Arbitrary<Step[]> = fc.tuple(
  fc.record({ kind: fc.constant('reasons_requested' as const), gap: GAP, n: fc.nat(10_000) }),
  fc.record({
    kind: fc.constant('reasons_received' as const),
    gap: fc.integer({ min: 0, max: 14 }),
    n: fc.nat(10_000),
  }),
);

/** A lone step, with each kind's weight, or a request for reasons and its answer. */
const CHUNK: fc.Arbitrary<Step[]> = fc.oneof(
  { arbitrary: STEP.map((s) => [s]), weight: KIND_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0) },
  { arbitrary: ASKED_AND_ANSWERED, weight: 4 },
);

const APPLICATION = fc.record({
  /** Days after 2024-01-01 (to about 2025-12-21). */
  start: fc.integer({ min: 0, max: 720 }),
  applicantType: fc.constantFrom(...APPLICANT_TYPE_KEYS),
  steps: fc.array(CHUNK, { maxLength: 18 }).map((chunks) => chunks.flat()),
});

function eventOf(s: Step, at: string): ApplicationEvent {
  const n = s.n;
  switch (s.kind) {
    case 'received':
      return {
        type: 'received',
        at,
        channel: (['online', 'email', 'letter', 'fax', 'in_person'] as const)[n % 5]!,
      };
    case 'supplement_requested':
      return n % 3 === 0
        ? { type: 'supplement_requested', at, items: ['请明确所需信息'] }
        : {
            type: 'supplement_requested',
            at,
            items: ['请明确所需信息'],
            correctionDue: addDays(at, 5 + (n % 20)),
          };
    case 'consultation_started':
      return { type: 'consultation_started', at, party: n % 2 === 0 ? 'third_party' : 'other_organ' };
    case 'extension_approved':
      return {
        type: 'extension_approved',
        at,
        approver: '负责人',
        days: 1 + (n % 25),
        noticeOn: addDays(at, n % 2),
      };
    case 'fee_notice_sent': {
      const perCase = n % 2 === 0;
      const units = perCase ? 11 + (n % 50) : 31 + (n % 370);
      const event: ApplicationEvent = {
        type: 'fee_notice_sent',
        at,
        method: perCase ? 'per_case' : 'per_page',
        units,
        amount: perCase ? feeForCase(units) : feeForPages(units),
      };
      return n % 4 === 1 ? { ...event, receivedOn: addDays(at, 2) } : event;
    }
    case 'decided': {
      const code = OUTCOME_CODES[n % OUTCOME_CODES.length]!;
      const base = { type: 'decided' as const, at, outcome: code, legalBasis: outcome(code).basis };
      return code === 'partial' ? { ...base, withheld: ['denied4'] } : base;
    }
    case 'reopened':
      return { type: 'reopened', at, reason: '复议决定纠正，责令重新答复' };
    case 'reasons_requested':
      return n % 3 === 0
        ? { type: 'reasons_requested', at }
        : { type: 'reasons_requested', at, reasonDue: addDays(at, 3 + (n % 15)) };
    case 'delayed_deadline_set':
      // From the day after to five weeks (often not later than the current due date) or four months later.
      return {
        type: 'delayed_deadline_set',
        at,
        dueOn: addDays(at, 1 + (Math.floor(n / 2) % (n % 3 === 0 ? 120 : 35))),
        reason: '申请数量大，需逐件调取、审查',
        noticeOn: addDays(at, n % 2),
      };
    default:
      return { type: s.kind, at } as ApplicationEvent;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Seen over all runs, so the test can show it explored every outcome and both answers of the model. */
const seen = {
  outcomes: new Set<OutcomeCode>(),
  accepted: 0,
  rejected: 0,
  reopened: 0,
  /**
   * 第三十五条: delayed deadlines accepted, refused as not later than the due date, and refused while
   * the reasons asked for had not come; replies under one.
   */
  delayed: 0,
  delayedInvalid: 0,
  delayedAwaitingReasons: 0,
  decidedUnderDelay: 0,
};

/** Plays the steps against the state machine and the model; returns the events that were accepted. */
function play(id: string, startDay: number, steps: readonly Step[]): ApplicationEvent[] {
  let model = NEW_MODEL;
  let state: ApplicationState = deepFreeze(initialState());
  const accepted: ApplicationEvent[] = [];
  let date = addDays('2024-01-01', startDay);
  const all: Step[] = [{ kind: 'received', gap: 0, n: startDay }, ...steps];
  for (const s of all) {
    date = addDays(date, s.gap);
    const event = eventOf(s, date);
    const expected = step(model, event, accepted);
    const awaitingReasons =
      event.type === 'delayed_deadline_set' &&
      (model.phase === 'processing' || model.phase === 'consulting' || model.phase === 'fee') &&
      model.roundReasons &&
      !model.roundReasonsReceived &&
      (model.lastAt === null || event.at >= model.lastAt);
    let next: ApplicationState | null = null;
    try {
      next = applyEvent(state, event, calendar);
    } catch (error) {
      assert.ok(error instanceof DomainError, `${id}: ${String(error)}`);
      assert.equal(
        error.code,
        expected === 'input.invalid' ? 'input.invalid' : 'conflict.state',
        `${id}: ${error.message}`,
      );
      assert.ok(
        expected === null || expected === 'input.invalid',
        `${id}: ${event.type} at ${event.at} was refused: ${error.message}`,
      );
      seen.rejected++;
      if (error.code === 'input.invalid') seen.delayedInvalid++;
      if (awaitingReasons) seen.delayedAwaitingReasons++;
      if (model.lastAt !== null) date = model.lastAt;
      continue;
    }
    assert.ok(
      expected !== null && expected !== 'input.invalid',
      `${id}: ${event.type} at ${event.at} was accepted in phase ${state.phase} (model: ${expected})`,
    );
    if (event.type === 'delayed_deadline_set') seen.delayed++;
    if (event.type === 'decided' && model.roundDelayed) seen.decidedUnderDelay++;
    model = expected;
    state = deepFreeze(next);
    accepted.push(event);
    seen.accepted++;
    if (event.type === 'reopened') seen.reopened++;
    // Exactly one outcome once closed, none while open — and the model's.
    assert.equal(state.outcome, model.outcome, `${id}: outcome after ${event.type}`);
    const closed = ['decided', 'replied', 'terminated', 'archived'].includes(state.phase);
    assert.equal(state.outcome !== null, closed, `${id}: phase ${state.phase} with outcome ${state.outcome}`);
    assert.equal(state.closedOn !== null, closed);
    if (state.outcome) seen.outcomes.add(state.outcome);
  }
  return accepted;
}

function checkDeadline(id: string, events: readonly ApplicationEvent[]): void {
  const due = dueDate(events, calendar);
  const reference = referenceReplyDue(events);
  assert.equal(due.replyDue, reference, `${id}: reply due\n${due.explanation.join('\n')}`);
  if (due.replyDue !== null) {
    const roundStart = [...events]
      .reverse()
      .find((e) => e.type === 'received' || e.type === 'supplement_received' || e.type === 'reopened')!.at;
    assert.ok(due.replyDue >= addWorkingDaysByDay(roundStart, 20), `${id}: due before start + 20 工作日`);
    assert.ok(
      due.replyDue >= addWorkingDaysByDay(events[0]!.at, 20),
      `${id}: due before receipt + 20 工作日`,
    );
  }
  assert.ok(due.explanation.length > 0);
  const last = events.at(-1)!.at;
  const s = status(events, addDays(last, 10), calendar);
  if (s.overdue) assert.equal(s.open, true);
  if (!s.open) assert.equal(s.daysLeft, null);
  // Overdue exactly from the day after the due date (the delayed one, when set), while open.
  if (reference !== null && last <= reference) {
    const onDue = status(events, reference, calendar);
    const after = status(events, addDays(reference, 1), calendar);
    assert.equal(onDue.overdue, false, `${id}: overdue on its due date ${reference}`);
    assert.equal(after.overdue, after.open, `${id}: overdue the day after ${reference}`);
    assert.equal(after.replyDue, onDue.open ? reference : after.replyDue);
  }
}

const TABLE_RULES = new Set(['R1', 'R2', 'R3', 'R6']);

/** Findings of R1, R2, R3, R6, and of R5 about tables 三 and 四 (table 二 is left blank on purpose). */
function tableFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter(
    (f) =>
      TABLE_RULES.has(f.rule) || (f.rule === 'R5' && (f.cells ?? []).some((c) => !c.startsWith('table2'))),
  );
}

const APPEAL: fc.Arbitrary<AppealRecord> = fc
  .record({
    kind: fc.constantFrom('reconsideration', 'litigationDirect', 'litigationAfterReconsideration' as const),
    filed: fc.integer({ min: 0, max: 1000 }),
    result: fc.constantFrom<AppealResult>('维持', '纠正', '其他', '尚未审结'),
    length: fc.integer({ min: 1, max: 400 }),
  })
  .map(({ kind, filed, result, length }) => {
    const filedOn = addDays('2023-06-01', filed);
    return result === '尚未审结'
      ? { kind, filed: filedOn, result }
      : { kind, filed: filedOn, result, closedOn: addDays(filedOn, length) };
  });

describe('random histories of applications (model-based)', () => {
  it('the state machine agrees with the model; deadlines with the day-by-day count; tables 三 and 四 with the checker', () => {
    fc.assert(
      fc.property(
        fc.array(APPLICATION, { minLength: 1, maxLength: 8 }),
        fc.array(APPEAL, { maxLength: 6 }),
        (applications, appeals) => {
          const records: ApplicationRecord[] = applications.map((a, i) => {
            const id = `A${i}`;
            const events = play(id, a.start, a.steps);
            checkDeadline(id, events);
            return { id, applicantType: a.applicantType, events };
          });
          const carried: number[][] = [];
          for (const year of [2024, 2025, 2026]) {
            const report = withApplicationTables(emptyReport('2021'), records, appeals, year, calendar);
            const findings = tableFindings(checkReport(report));
            assert.deepEqual(findings, [], findings.map((f) => `[${f.rule}] ${f.message}`).join('\n'));
            carried.push(report.table3.carriedIn as number[], report.table3.carriedOut as number[]);
            const count = countForYear(records, year, calendar);
            assert.equal(
              new Set(count.items.map((item) => item.id)).size,
              count.items.length,
              'counted once',
            );
          }
          // 上年结转 of a year is 结转下年度 of the year before (X1), by construction.
          assert.deepEqual(carried[2], carried[1]);
          assert.deepEqual(carried[4], carried[3]);
        },
      ),
      // A fixed seed keeps CI reproducible (the coverage check below is statistical: with a random
      // seed a rare outcome such as 无法提供 3 is missed in about one run in twenty). Set
      // GONGKAI_FC_SEED to explore other histories.
      { numRuns: 2500, seed: Number(process.env.GONGKAI_FC_SEED ?? 20261126) },
    );
    // The histories reached every outcome, both answers of the model, and reopenings.
    assert.deepEqual([...seen.outcomes].sort(), [...OUTCOME_CODES].sort());
    assert.ok(seen.accepted > 10_000 && seen.rejected > 10_000, JSON.stringify(seen));
    assert.ok(seen.reopened > 100, JSON.stringify(seen));
    assert.ok(
      seen.delayed > 100 &&
        seen.delayedInvalid > 50 &&
        seen.delayedAwaitingReasons > 20 &&
        seen.decidedUnderDelay > 20,
      JSON.stringify(seen),
    );
  });
});
