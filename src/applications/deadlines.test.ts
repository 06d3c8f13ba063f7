import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import type { ApplicationEvent } from './application.ts';
import { dueDate, status } from './deadlines.ts';
import { outcome } from './outcomes.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

// 2024: 中秋 9/15–17, 国庆 10/1–7; make-up working days 9/14 (Sat), 9/29 (Sun), 10/12 (Sat).
// 2026: 春节 2/15–23; make-up working days 2/14 (Sat), 2/28 (Sat); 清明 4/4–6.
const RECEIVED_2024: ApplicationEvent = { type: 'received', at: '2024-09-20', channel: 'online' };
const RECEIVED_2026: ApplicationEvent = { type: 'received', at: '2026-02-06', channel: 'letter' };

const consultation = (
  from: string,
  to: string | null,
  party: 'third_party' | 'other_organ' = 'third_party',
) => [
  { type: 'consultation_started', at: from, party } as ApplicationEvent,
  ...(to ? [{ type: 'consultation_ended', at: to } as ApplicationEvent] : []),
];
const extension = (at: string, days: number): ApplicationEvent => ({
  type: 'extension_approved',
  at,
  approver: '王主任',
  days,
  noticeOn: at,
});
const decided = (at: string): ApplicationEvent => ({
  type: 'decided',
  at,
  outcome: 'granted',
  legalBasis: outcome('granted').basis,
});

describe('the reply due date (第三十三条)', () => {
  it('is 20 工作日 from the day after receipt, across the 2024 National Day', () => {
    const due = dueDate([RECEIVED_2024], calendar);
    assert.equal(due.replyDue, '2024-10-23');
    assert.equal(due.supplementNoticeDue, '2024-09-30');
    assert.equal(due.provisional, false);
    assert.deepEqual(due.paused, []);
    assert.deepEqual(due.explanation, [
      '收到申请 2024-09-20（网络平台，第三十一条）→ 自次日起算20个工作日，至 2024-10-23',
      '答复期限：2024-10-23',
    ]);
  });

  it('restarts from the corrected application (补正期间暂停)', () => {
    const events: ApplicationEvent[] = [
      RECEIVED_2024,
      { type: 'supplement_requested', at: '2024-09-25', items: ['所需信息的名称', '获取方式'] },
    ];
    const waiting = dueDate(events, calendar);
    assert.equal(waiting.replyDue, null);
    assert.deepEqual(
      waiting.paused.map((p) => [p.kind, p.from, p.open]),
      [['supplement', '2024-09-25', true]],
    );
    assert.match(waiting.explanation.at(-1)!, /2024-09-25 通知补正（2 项）→ 补正期间暂停/);

    const due = dueDate([...events, { type: 'supplement_received', at: '2024-10-10' }], calendar);
    assert.equal(due.replyDue, '2024-11-06');
    assert.equal(due.supplementNoticeDue, '2024-10-18');
    assert.deepEqual(due.explanation, [
      '收到申请 2024-09-20（网络平台，第三十一条）→ 自次日起算20个工作日',
      '2024-09-25 通知补正（2 项）→ 补正期间暂停，收到补正后的申请之日起重新计算答复期限',
      '收到补正后的申请 2024-10-10 → 答复期限自次日起重新起算20个工作日（第三十条），至 2024-11-06',
      '答复期限：2024-11-06',
    ]);
  });

  it('does not count the time of a third-party consultation', () => {
    // (9/25, 10/14] holds 10 working days: 9/26, 9/27, 9/29, 9/30, 10/8–12, 10/14.
    const due = dueDate([RECEIVED_2024, ...consultation('2024-09-25', '2024-10-14')], calendar);
    assert.equal(due.replyDue, '2024-11-06');
    assert.deepEqual(due.paused, [
      { kind: 'third_party', from: '2024-09-25', to: '2024-10-14', open: false, workingDays: 10 },
    ]);
    assert.equal(
      due.explanation[1],
      '征求第三方意见 2024-09-25 至 2024-10-14 → 期间不计入（10 个工作日，第三十三条第三款），至 2024-11-06',
    );
  });

  it('counts at most the 15 工作日 the third party has to answer, and assumes them while open', () => {
    const capped = dueDate([RECEIVED_2024, ...consultation('2024-09-25', '2024-11-01')], calendar);
    assert.deepEqual(
      capped.paused.map((p) => [p.to, p.workingDays]),
      [['2024-10-21', 15]],
    );
    assert.equal(capped.replyDue, '2024-11-13');
    const open = dueDate([RECEIVED_2024, ...consultation('2024-09-25', null)], calendar);
    assert.equal(open.consultationDue, '2024-10-21');
    assert.equal(open.replyDue, '2024-11-13');
    assert.match(open.explanation[1]!, /自 2024-09-25 起尚未结束，按最长期限推算至 2024-10-21/);
    const organ = dueDate(
      [RECEIVED_2024, ...consultation('2024-09-25', '2024-10-14', 'other_organ')],
      calendar,
    );
    assert.match(organ.explanation[1]!, /^征求其他机关意见/);
    assert.equal(organ.replyDue, '2024-11-06');
  });

  it('ignores a consultation begun after the period ran out', () => {
    const due = dueDate([RECEIVED_2024, ...consultation('2024-10-24', '2024-10-30')], calendar);
    assert.equal(due.replyDue, '2024-10-23');
  });

  it('adds an extension of up to 20 工作日', () => {
    const due = dueDate([RECEIVED_2024, extension('2024-10-21', 20)], calendar);
    assert.equal(due.replyDue, '2024-11-20');
    assert.equal(
      due.explanation[1],
      '2024-10-21 经王主任批准延期 20 个工作日（2024-10-21 告知申请人，第三十三条第二款）→ 至 2024-11-20',
    );
    const both = dueDate(
      [
        RECEIVED_2024,
        ...consultation('2024-09-25', '2024-10-14'),
        extension('2024-10-21', 20),
        decided('2024-12-03'),
      ],
      calendar,
    );
    assert.equal(both.replyDue, '2024-12-04');
    assert.deepEqual(both.explanation.slice(-2), ['答复期限：2024-12-04', '2024-12-03 作出答复：予以公开']);
  });

  it('spans the 2026 Spring Festival, with and without an extension', () => {
    assert.equal(dueDate([RECEIVED_2026], calendar).replyDue, '2026-03-12');
    assert.equal(dueDate([RECEIVED_2026], calendar).supplementNoticeDue, '2026-02-24');
    assert.equal(dueDate([RECEIVED_2026, extension('2026-03-02', 20)], calendar).replyDue, '2026-04-10');
  });

  it('does not count the wait for a fee, from the notice to the payment', () => {
    const notice: ApplicationEvent = {
      type: 'fee_notice_sent',
      at: '2026-02-10',
      method: 'per_page',
      units: 45,
      amount: 150,
    };
    const pending = dueDate([RECEIVED_2026, notice], calendar);
    assert.equal(pending.feePaymentDue, '2026-03-16');
    // Unpaid, the wait is assumed to last to the payment due date: 20 working days.
    assert.deepEqual(
      pending.paused.map((p) => [p.kind, p.to, p.open, p.workingDays]),
      [['fee', '2026-03-16', true, 20]],
    );
    assert.equal(pending.replyDue, '2026-04-10');
    const paid = dueDate([RECEIVED_2026, notice, { type: 'fee_paid', at: '2026-03-02' }], calendar);
    // (2/10, 3/2] holds 10 working days: 2/11–13, 2/14, 2/24–27, 2/28, 3/2.
    assert.deepEqual(
      paid.paused.map((p) => [p.kind, p.to, p.open, p.workingDays]),
      [['fee', '2026-03-02', false, 10]],
    );
    assert.equal(paid.replyDue, '2026-03-26');
    assert.equal(
      paid.explanation[1],
      '收费通知（按量计收 150 元，缴费期限 2026-03-16）2026-02-10 至 2026-03-02（已缴费） → 等待缴费期间不计入（10 个工作日），至 2026-03-26',
    );
  });

  it('gives a reopened application a fresh 20 工作日 from the reopening', () => {
    const due = dueDate(
      [
        RECEIVED_2024,
        decided('2024-10-08'),
        { type: 'reply_delivered', at: '2024-10-09' },
        { type: 'reopened', at: '2026-02-13', reason: '行政复议决定撤销原答复、责令重新答复' },
      ],
      calendar,
    );
    assert.equal(due.replyDue, '2026-03-19');
    assert.equal(due.supplementNoticeDue, undefined);
    assert.deepEqual(due.explanation, [
      '收到申请 2024-09-20（网络平台，第三十一条）→ 自次日起算20个工作日',
      '2024-10-08 作出答复：予以公开',
      '2026-02-13 重新答复（行政复议决定撤销原答复、责令重新答复）→ 自次日起另计20个工作日，至 2026-03-19',
      '答复期限：2026-03-19',
    ]);
  });

  it('explains how a period ended without a reply', () => {
    const expired = dueDate(
      [
        RECEIVED_2024,
        { type: 'supplement_requested', at: '2024-09-25', items: ['x'], correctionDue: '2024-10-15' },
        { type: 'supplement_expired', at: '2024-10-16' },
      ],
      calendar,
    );
    assert.equal(expired.replyDue, null);
    assert.deepEqual(
      expired.paused.map((p) => [p.kind, p.from, p.to, p.open, p.workingDays]),
      [['supplement', '2024-09-25', '2024-10-16', false, 12]],
    );
    assert.equal(
      expired.explanation.at(-1),
      '2024-10-16 逾期未补正 → 视为放弃申请，不再处理（其他处理（1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请），第三十条）',
    );
    const unpaid = dueDate(
      [
        RECEIVED_2026,
        { type: 'fee_notice_sent', at: '2026-02-10', method: 'per_case', units: 12, amount: 100 },
        { type: 'fee_expired', at: '2026-03-17' },
      ],
      calendar,
    );
    assert.match(unpaid.explanation.at(-1)!, /^2026-03-17 逾期未缴纳信息处理费 → 视为放弃申请/);
    const withdrawn = dueDate([RECEIVED_2024, { type: 'withdrawn', at: '2024-09-23' }], calendar);
    assert.equal(withdrawn.explanation.at(-1), '2024-09-23 申请人撤回申请 → 终止处理（其他处理（3.其他））');
  });

  it('is provisional where no holiday arrangement is published (2027)', () => {
    const due = dueDate([{ type: 'received', at: '2026-12-20', channel: 'email' }], calendar);
    assert.equal(due.provisional, true);
    assert.deepEqual(due.provisionalYears, [2027]);
    assert.equal(due.explanation.at(-1), '2027 年的节假日安排尚未公布，期限按仅扣除周末推算，仅供参考');
  });
});

describe('status on a day', () => {
  it('counts the working days left and warns 3 working days ahead', () => {
    const at = (today: string) => status([RECEIVED_2024], today, calendar);
    assert.deepEqual(
      [at('2024-10-17').daysLeft, at('2024-10-17').dueSoon, at('2024-10-17').overdue],
      [4, false, false],
    );
    assert.deepEqual([at('2024-10-18').daysLeft, at('2024-10-18').dueSoon], [3, true]);
    assert.deepEqual(
      [at('2024-10-23').daysLeft, at('2024-10-23').dueSoon, at('2024-10-23').overdue],
      [0, true, false],
    );
    assert.deepEqual(
      [at('2024-10-24').daysLeft, at('2024-10-24').overdue, at('2024-10-24').dueSoon],
      [-1, true, false],
    );
    assert.deepEqual([at('2024-10-26').daysLeft, at('2024-10-26').overdue], [-2, true]);
    assert.equal(at('2024-10-26').phaseLabel, '办理中');
  });

  it('knows only the events up to the day, and nothing is due while waiting for a 补正', () => {
    const events: ApplicationEvent[] = [
      RECEIVED_2024,
      { type: 'supplement_requested', at: '2024-09-25', items: ['x'] },
      { type: 'supplement_received', at: '2024-11-20' },
      decided('2024-11-21'),
    ];
    const waiting = status(events, '2024-11-19', calendar);
    assert.deepEqual(
      [waiting.phase, waiting.open, waiting.replyDue, waiting.daysLeft, waiting.overdue],
      ['awaiting_supplement', true, null, null, false],
    );
    const closed = status(events, '2025-01-10', calendar);
    assert.deepEqual(
      [closed.open, closed.outcome, closed.closedOn, closed.overdue, closed.dueSoon, closed.answeredLate],
      [false, 'granted', '2024-11-21', false, false, false],
    );
  });

  it('reports a late reply', () => {
    const s = status([RECEIVED_2024, decided('2024-10-24')], '2024-12-01', calendar);
    assert.equal(s.answeredLate, true);
    assert.deepEqual(
      s.flags.map((f) => f.code),
      ['reply_late'],
    );
  });
});

describe('第三十五条: the wait for reasons and the delayed deadline', () => {
  const ask: ApplicationEvent = { type: 'reasons_requested', at: '2024-09-25', reasonDue: '2024-10-08' };
  const answer: ApplicationEvent = { type: 'reasons_received', at: '2024-09-30' };
  const delay = (at: string, dueOn: string): ApplicationEvent => ({
    type: 'delayed_deadline_set',
    at,
    dueOn,
    reason: '申请涉及十年间全部会议纪要，需逐件调取、审查',
    noticeOn: '2024-10-09',
  });

  it('counts the wait for the reasons against the reply period (no pause) and shows it', () => {
    const due = dueDate([RECEIVED_2024, ask, answer], calendar);
    assert.equal(due.replyDue, '2024-10-23');
    assert.deepEqual(due.paused, []);
    assert.deepEqual(due.explanation, [
      '收到申请 2024-09-20（网络平台，第三十一条）→ 自次日起算20个工作日，至 2024-10-23',
      '2024-09-25 要求申请人说明理由（第三十五条，说明期限 2024-10-08）；2024-09-30 申请人说明理由 → 等待说明理由期间照常计入答复期限（条例未规定扣除），仍至 2024-10-23',
      '答复期限：2024-10-23',
    ]);
    const waiting = dueDate([RECEIVED_2024, { type: 'reasons_requested', at: '2024-09-25' }], calendar);
    assert.equal(waiting.replyDue, '2024-10-23');
    assert.equal(
      waiting.explanation[1],
      '2024-09-25 要求申请人说明理由（第三十五条）→ 等待说明理由期间照常计入答复期限（条例未规定扣除），仍至 2024-10-23',
    );
  });

  it('takes the delayed deadline as the reply due date, explained with its reason', () => {
    const due = dueDate([RECEIVED_2024, ask, answer, delay('2024-10-08', '2024-12-20')], calendar);
    assert.equal(due.replyDue, '2024-12-20');
    assert.equal(due.provisional, false);
    assert.deepEqual(due.explanation.slice(2), [
      '2024-10-08 依据条例第三十五条确定的延迟答复期限：2024-12-20；理由：申请涉及十年间全部会议纪要，需逐件调取、审查（2024-10-09 告知申请人）→ 取代第三十三条的答复期限，至 2024-12-20',
      '答复期限：2024-12-20（依据条例第三十五条确定的延迟答复期限）',
    ]);
  });

  it('is not moved by a consultation begun after it, but replaces one begun before', () => {
    const after = dueDate(
      [
        RECEIVED_2024,
        ask,
        answer,
        delay('2024-10-08', '2024-12-20'),
        ...consultation('2024-10-10', '2024-10-30'),
      ],
      calendar,
    );
    assert.equal(after.replyDue, '2024-12-20');
    assert.equal(
      after.explanation[3],
      '征求第三方意见 2024-10-10 至 2024-10-30 → 期间不计入（15 个工作日，第三十三条第三款）（已依条例第三十五条确定延迟答复期限，不再顺延，仍至 2024-12-20）',
    );
    const before = dueDate(
      [RECEIVED_2024, ask, ...consultation('2024-09-26', null), answer, delay('2024-10-08', '2024-11-14')],
      calendar,
    );
    // The open consultation alone would give 2024-11-13; the delayed deadline overrides it.
    assert.equal(before.replyDue, '2024-11-14');
  });

  it('makes an open application overdue after the delayed deadline, and not before', () => {
    const events = [RECEIVED_2024, ask, answer, delay('2024-10-08', '2024-12-20')];
    const on = (today: string) => status(events, today, calendar);
    // Without the delayed deadline, 2024-10-24 would be overdue.
    assert.deepEqual([on('2024-10-24').overdue, on('2024-10-24').replyDue], [false, '2024-12-20']);
    assert.equal(status(events.slice(0, 3), '2024-10-24', calendar).overdue, true);
    assert.deepEqual([on('2024-12-16').daysLeft, on('2024-12-16').dueSoon], [4, false]);
    assert.deepEqual([on('2024-12-17').daysLeft, on('2024-12-17').dueSoon], [3, true]);
    assert.deepEqual(
      [on('2024-12-20').daysLeft, on('2024-12-20').overdue, on('2024-12-20').dueSoon],
      [0, false, true],
    );
    assert.deepEqual(
      [on('2024-12-21').overdue, on('2024-12-23').overdue, on('2024-12-23').daysLeft],
      [true, true, -1],
    );
    // Known only from the day it was set.
    assert.equal(on('2024-10-07').replyDue, '2024-10-23');
    const answered = status([...events, decided('2024-12-20')], '2025-01-10', calendar);
    assert.equal(answered.answeredLate, false);
  });

  it('keeps the request for reasons in the history of an earlier reply period', () => {
    const due = dueDate(
      [
        RECEIVED_2024,
        ask,
        {
          type: 'decided',
          at: '2024-10-15',
          outcome: 'notProcessed4',
          legalBasis: outcome('notProcessed4').basis,
        },
        { type: 'reopened', at: '2024-12-09', reason: '行政复议决定责令重新答复' },
      ],
      calendar,
    );
    assert.deepEqual(due.explanation.slice(0, 3), [
      '收到申请 2024-09-20（网络平台，第三十一条）→ 自次日起算20个工作日',
      '2024-09-25 要求申请人说明理由（第三十五条，说明期限 2024-10-08）→ 等待说明理由期间照常计入答复期限（条例未规定扣除）',
      '2024-10-15 作出答复：不予处理（4.无正当理由大量反复申请）',
    ]);
  });
});
