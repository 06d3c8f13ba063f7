import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import { DomainError, type ErrorCode } from '../kernel/errors.ts';
import type { ApplicationEvent, ApplicationState } from './application.ts';
import { outcome } from './outcomes.ts';
import { applyEvent, currentRound, foldEvents, isOpen } from './workflow.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

const RECEIVED: ApplicationEvent = { type: 'received', at: '2024-09-20', channel: 'online' };

function fold(...events: ApplicationEvent[]): ApplicationState {
  return foldEvents(events, calendar);
}

function decided(at: string, code: Parameters<typeof outcome>[0] = 'granted'): ApplicationEvent {
  return { type: 'decided', at, outcome: code, legalBasis: outcome(code).basis };
}

function rejects(events: ApplicationEvent[], code: ErrorCode, message: RegExp): void {
  assert.throws(
    () => fold(...events),
    (error: unknown) => {
      assert.ok(error instanceof DomainError, String(error));
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      return true;
    },
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('receiving', () => {
  it('opens the application with the receipt date of the event (条例第三十一条)', () => {
    const state = fold(RECEIVED);
    assert.equal(state.phase, 'processing');
    assert.equal(state.receivedOn, '2024-09-20');
    assert.equal(state.channel, 'online');
    assert.equal(currentRound(state).start, '2024-09-20');
    assert.equal(state.outcome, null);
  });

  it('refuses anything before the receipt, a second receipt, and events out of date order', () => {
    rejects([decided('2024-09-20')], 'conflict.state', /尚未登记收到申请/);
    rejects([RECEIVED, { ...RECEIVED, at: '2024-09-21' }], 'conflict.state', /已登记收到/);
    rejects([RECEIVED, decided('2024-09-19')], 'conflict.state', /早于上一事件/);
    rejects([{ ...RECEIVED, at: '2024-02-30' }], 'input.invalid', /不是有效日期/);
    rejects([{ ...RECEIVED, channel: 'pigeon' } as unknown as ApplicationEvent], 'input.invalid', /申请渠道/);
  });

  it('never changes the state it is given', () => {
    const before = deepFreeze(fold(RECEIVED));
    const after = applyEvent(
      before,
      { type: 'consultation_started', at: '2024-09-25', party: 'third_party' },
      calendar,
    );
    assert.equal(before.phase, 'processing');
    assert.equal(after.phase, 'consulting');
  });
});

describe('补正 (第三十条)', () => {
  const request = (at: string, correctionDue?: string): ApplicationEvent =>
    correctionDue === undefined
      ? { type: 'supplement_requested', at, items: ['请写明所需信息的文号或名称'] }
      : { type: 'supplement_requested', at, items: ['请写明所需信息的文号或名称'], correctionDue };

  it('within 7 工作日 of receipt is not flagged; later is recorded but flagged', () => {
    // 2024-09-20 + 7 工作日 = 2024-09-30 (9/29 is a make-up working day).
    assert.deepEqual(fold(RECEIVED, request('2024-09-30')).flags, []);
    const late = fold(RECEIVED, request('2024-10-08'));
    assert.equal(late.phase, 'awaiting_supplement');
    assert.deepEqual(
      late.flags.map((f) => [f.code, f.on]),
      [['supplement_late', '2024-10-08']],
    );
    assert.match(late.flags[0]!.message, /2024-09-30/);
  });

  it('blocks a decision while waiting, and restarts the period from the corrected application', () => {
    rejects([RECEIVED, request('2024-09-25'), decided('2024-09-26')], 'conflict.state', /等待申请人补正/);
    const state = fold(RECEIVED, request('2024-09-25'), { type: 'supplement_received', at: '2024-10-10' });
    assert.equal(state.phase, 'processing');
    assert.equal(state.rounds.length, 2);
    assert.deepEqual(
      [currentRound(state).start, currentRound(state).startedBy],
      ['2024-10-10', 'supplement_received'],
    );
    assert.equal(state.rounds[0]!.supplement?.receivedOn, '2024-10-10');
  });

  it('is sent once per receipt, with every item, during review only', () => {
    rejects([RECEIVED, request('2024-09-25'), request('2024-09-26')], 'conflict.state', /待补正/);
    rejects(
      [
        RECEIVED,
        { type: 'consultation_started', at: '2024-09-23', party: 'third_party' },
        { type: 'consultation_ended', at: '2024-09-24' },
        request('2024-09-25'),
      ],
      'conflict.state',
      /审核阶段/,
    );
    rejects(
      [RECEIVED, { type: 'supplement_requested', at: '2024-09-25', items: [] }],
      'input.invalid',
      /全部事项/,
    );
    // A corrected application that is still unclear may get a fresh notice.
    const again = fold(
      RECEIVED,
      request('2024-09-25'),
      { type: 'supplement_received', at: '2024-10-10' },
      request('2024-10-11'),
    );
    assert.equal(again.phase, 'awaiting_supplement');
  });

  it('closes as 其他处理 1 when the correction period passes', () => {
    rejects(
      [RECEIVED, request('2024-09-25', '2024-10-15'), { type: 'supplement_expired', at: '2024-10-15' }],
      'conflict.state',
      /尚未届满/,
    );
    const state = fold(RECEIVED, request('2024-09-25', '2024-10-15'), {
      type: 'supplement_expired',
      at: '2024-10-16',
    });
    assert.deepEqual([state.phase, state.outcome, state.closedOn], ['terminated', 'other1', '2024-10-16']);
    assert.equal(state.legalBasis, outcome('other1').basis);
  });

  it('无法提供 3 needs a correction first', () => {
    rejects([RECEIVED, decided('2024-09-27', 'unable3')], 'conflict.state', /已经补正/);
    const state = fold(
      RECEIVED,
      request('2024-09-25'),
      { type: 'supplement_received', at: '2024-10-10' },
      decided('2024-10-14', 'unable3'),
    );
    assert.equal(state.outcome, 'unable3');
  });
});

describe('consultation and extension (第三十二–三十四条)', () => {
  const consult: ApplicationEvent = { type: 'consultation_started', at: '2024-09-25', party: 'third_party' };
  const extension = (at: string, days = 20): ApplicationEvent => ({
    type: 'extension_approved',
    at,
    approver: '办公室主任 王某',
    days,
    noticeOn: at,
  });

  it('decides only after the consultation ended', () => {
    rejects([RECEIVED, consult, decided('2024-10-08')], 'conflict.state', /征求意见尚未结束/);
    rejects([RECEIVED, consult, { ...consult, at: '2024-09-26' }], 'conflict.state', /征求意见中/);
    const state = fold(
      RECEIVED,
      consult,
      { type: 'consultation_ended', at: '2024-10-14' },
      decided('2024-10-15'),
    );
    assert.equal(state.outcome, 'granted');
    rejects([RECEIVED, { type: 'consultation_ended', at: '2024-10-14' }], 'conflict.state', /办理中/);
  });

  it('extends once, by at most 20 工作日, while open, with an approver and a notice date', () => {
    assert.equal(currentRound(fold(RECEIVED, extension('2024-10-21'))).extension?.days, 20);
    assert.equal(currentRound(fold(RECEIVED, consult, extension('2024-10-21', 5))).extension?.days, 5);
    rejects(
      [RECEIVED, extension('2024-10-21', 10), extension('2024-10-22', 10)],
      'conflict.state',
      /只能延期一次/,
    );
    rejects([RECEIVED, extension('2024-10-21', 21)], 'conflict.state', /不得超过20个工作日/);
    rejects([RECEIVED, extension('2024-10-21', 0)], 'conflict.state', /不得超过20个工作日/);
    rejects(
      [RECEIVED, { type: 'supplement_requested', at: '2024-09-23', items: ['x'] }, extension('2024-09-24')],
      'conflict.state',
      /待补正/,
    );
    rejects([RECEIVED, decided('2024-10-08'), extension('2024-10-09')], 'conflict.state', /已答复待送达/);
    rejects(
      [
        RECEIVED,
        { type: 'extension_approved', at: '2024-10-21', approver: ' ', days: 5, noticeOn: '2024-10-21' },
      ],
      'input.invalid',
      /批准人/,
    );
    rejects(
      [
        RECEIVED,
        { type: 'extension_approved', at: '2024-10-21', approver: '王某', days: 5, noticeOn: '2024-10-18' },
      ],
      'input.invalid',
      /早于批准日期/,
    );
  });

  it('flags an extension approved after the reply was due', () => {
    // Due 2024-10-23 without extension.
    assert.deepEqual(fold(RECEIVED, extension('2024-10-23')).flags, []);
    assert.deepEqual(
      fold(RECEIVED, extension('2024-10-24')).flags.map((f) => f.code),
      ['extension_late'],
    );
  });
});

describe('信息处理费', () => {
  const notice = (at: string, amount = 200, units = 31): ApplicationEvent => ({
    type: 'fee_notice_sent',
    at,
    method: 'per_case',
    units,
    amount,
  });

  it('payment needs a notice; one notice per application; only amounts within the tariff', () => {
    rejects([RECEIVED, { type: 'fee_paid', at: '2024-09-25' }], 'conflict.state', /办理中/);
    rejects([RECEIVED, notice('2024-09-25', 0, 10)], 'conflict.state', /免费范围/);
    rejects([RECEIVED, notice('2024-09-25', 300)], 'input.invalid', /不超过按件计收标准 200 元/);
    rejects(
      [RECEIVED, notice('2024-09-25'), { type: 'fee_paid', at: '2024-09-26' }, notice('2024-09-27')],
      'conflict.state',
      /已发出收费通知/,
    );
    rejects([RECEIVED, notice('2024-09-25'), decided('2024-09-26')], 'conflict.state', /等待申请人缴纳/);
  });

  it('is paid within 20 工作日 of the day after the notice, or the application closes as 其他处理 2', () => {
    // Notice 2024-09-27 → last day to pay 2024-10-30.
    const paid = fold(RECEIVED, notice('2024-09-27'), { type: 'fee_paid', at: '2024-10-30' });
    assert.equal(paid.phase, 'processing');
    assert.equal(currentRound(paid).fee?.paymentDue, '2024-10-30');
    rejects(
      [RECEIVED, notice('2024-09-27'), { type: 'fee_paid', at: '2024-10-31' }],
      'conflict.state',
      /缴费期限（2024-10-30）已过/,
    );
    rejects(
      [RECEIVED, notice('2024-09-27'), { type: 'fee_expired', at: '2024-10-30' }],
      'conflict.state',
      /尚未届满/,
    );
    const expired = fold(RECEIVED, notice('2024-09-27'), { type: 'fee_expired', at: '2024-10-31' });
    assert.deepEqual([expired.phase, expired.outcome], ['terminated', 'other2']);
  });

  it('runs the payment period from the day the applicant received the notice', () => {
    const state = fold(RECEIVED, { ...notice('2024-09-27'), receivedOn: '2024-09-30' } as ApplicationEvent);
    // 2024-09-30 + 20 工作日 = 2024-11-01 (10/1–7 off, 10/12 worked).
    assert.equal(currentRound(state).fee?.paymentDue, '2024-11-01');
  });
});

describe('decision, delivery, archive, withdrawal, reopening', () => {
  it('gives exactly one outcome when closed and none while open', () => {
    const open = fold(RECEIVED);
    assert.equal(isOpen(open), true);
    assert.equal(open.outcome, null);
    const replied = fold(RECEIVED, decided('2024-10-08', 'denied4'), {
      type: 'reply_delivered',
      at: '2024-10-09',
    });
    assert.deepEqual(
      [replied.phase, replied.outcome, replied.closedOn, replied.deliveredOn],
      ['replied', 'denied4', '2024-10-08', '2024-10-09'],
    );
  });

  it('refuses outcomes that belong to their own events and malformed partial decisions', () => {
    rejects([RECEIVED, decided('2024-10-08', 'other1')], 'conflict.state', /逾期未补正/);
    rejects([RECEIVED, decided('2024-10-08', 'other2')], 'conflict.state', /逾期未缴费/);
    rejects([RECEIVED, decided('2024-10-08', 'partial')], 'input.invalid', /不予公开部分的理由/);
    rejects(
      [RECEIVED, { ...decided('2024-10-08', 'granted'), withheld: ['denied4'] } as ApplicationEvent],
      'input.invalid',
      /只有部分公开/,
    );
    rejects(
      [RECEIVED, { ...decided('2024-10-08', 'partial'), withheld: ['notProcessed2'] } as ApplicationEvent],
      'input.invalid',
      /notProcessed2/,
    );
    rejects(
      [RECEIVED, { ...decided('2024-10-08'), legalBasis: '' } as ApplicationEvent],
      'input.invalid',
      /依据/,
    );
    const partial = fold(RECEIVED, {
      ...decided('2024-10-08', 'partial'),
      withheld: ['denied4', 'denied5'],
    } as ApplicationEvent);
    assert.deepEqual([partial.outcome, partial.withheld], ['partial', ['denied4', 'denied5']]);
  });

  it('flags a reply after the due date (2024-10-23)', () => {
    assert.deepEqual(fold(RECEIVED, decided('2024-10-23')).flags, []);
    assert.deepEqual(
      fold(RECEIVED, decided('2024-10-24')).flags.map((f) => f.code),
      ['reply_late'],
    );
  });

  it('delivers after the decision, archives after delivery or termination', () => {
    rejects([RECEIVED, { type: 'reply_delivered', at: '2024-10-09' }], 'conflict.state', /办理中/);
    rejects(
      [RECEIVED, decided('2024-10-08'), { type: 'archived', at: '2024-10-09' }],
      'conflict.state',
      /已答复待送达/,
    );
    const archived = fold(
      RECEIVED,
      decided('2024-10-08'),
      { type: 'reply_delivered', at: '2024-10-09' },
      { type: 'archived', at: '2024-10-10' },
    );
    assert.deepEqual([archived.phase, archived.outcome], ['archived', 'granted']);
    rejects(
      [
        RECEIVED,
        decided('2024-10-08'),
        { type: 'reply_delivered', at: '2024-10-09' },
        { type: 'archived', at: '2024-10-10' },
        decided('2024-10-11'),
      ],
      'conflict.state',
      /已归档/,
    );
    const withdrawn = fold(
      RECEIVED,
      { type: 'withdrawn', at: '2024-09-24' },
      { type: 'archived', at: '2024-09-25' },
    );
    assert.deepEqual([withdrawn.phase, withdrawn.outcome], ['archived', 'other3']);
  });

  it('lets the applicant withdraw only while open; a withdrawal counts as 其他处理 3', () => {
    const state = fold(
      RECEIVED,
      { type: 'consultation_started', at: '2024-09-25', party: 'other_organ' },
      { type: 'withdrawn', at: '2024-09-26' },
    );
    assert.deepEqual([state.phase, state.outcome, state.closedOn], ['terminated', 'other3', '2024-09-26']);
    rejects(
      [RECEIVED, decided('2024-10-08'), { type: 'withdrawn', at: '2024-10-09' }],
      'conflict.state',
      /已答复待送达/,
    );
  });

  it('reopens a closed application for a new reply (复议、诉讼结果为纠正)', () => {
    rejects(
      [RECEIVED, { type: 'reopened', at: '2024-10-09', reason: '复议纠正' }],
      'conflict.state',
      /办理中/,
    );
    rejects(
      [RECEIVED, decided('2024-10-08'), { type: 'reopened', at: '2024-12-09', reason: '' }],
      'input.invalid',
      /原因/,
    );
    const reopened = fold(
      RECEIVED,
      decided('2024-10-08', 'unable1'),
      { type: 'reply_delivered', at: '2024-10-09' },
      { type: 'archived', at: '2024-10-10' },
      { type: 'reopened', at: '2024-12-09', reason: '行政复议决定责令重新答复' },
    );
    assert.deepEqual(
      [reopened.phase, reopened.outcome, reopened.closedOn, reopened.reopenings],
      ['processing', null, null, 1],
    );
    assert.deepEqual(
      [currentRound(reopened).start, currentRound(reopened).startedBy],
      ['2024-12-09', 'reopened'],
    );
    assert.equal(reopened.rounds[0]!.closed?.outcome, 'unable1');
    // No 补正 in a new reply; one extension of its own is allowed.
    rejects(
      [
        RECEIVED,
        decided('2024-10-08'),
        { type: 'reopened', at: '2024-12-09', reason: '纠正' },
        { type: 'supplement_requested', at: '2024-12-10', items: ['x'] },
      ],
      'conflict.state',
      /重新答复的申请不再通知补正/,
    );
    const closedAgain = applyEvent(reopened, decided('2024-12-20', 'granted'), calendar);
    assert.equal(closedAgain.outcome, 'granted');
  });

  it('explains conflicts in Chinese', () => {
    try {
      fold(RECEIVED, { type: 'fee_paid', at: '2024-09-25' });
      assert.fail('expected a conflict');
    } catch (error) {
      assert.ok(error instanceof DomainError);
      assert.equal(error.message, '不能登记“缴纳信息处理费”：申请当前状态为“办理中”。');
      assert.deepEqual(error.details, { event: 'fee_paid', at: '2024-09-25', phase: 'processing' });
    }
  });
});

describe('大量、频繁申请 (第三十五条)', () => {
  const ask = (at: string, reasonDue?: string): ApplicationEvent =>
    reasonDue === undefined
      ? { type: 'reasons_requested', at }
      : { type: 'reasons_requested', at, reasonDue };
  const answer = (at: string): ApplicationEvent => ({ type: 'reasons_received', at });
  const delay = (at: string, dueOn: string, reason = '申请数量大，需调取档案逐件核查'): ApplicationEvent => ({
    type: 'delayed_deadline_set',
    at,
    dueOn,
    reason,
    noticeOn: at,
  });

  it('records a request for reasons in the round, while the application stays 办理中', () => {
    const state = fold(RECEIVED, ask('2024-09-25', '2024-10-08'));
    assert.equal(state.phase, 'processing');
    assert.deepEqual(currentRound(state).reasonsRequest, {
      requestedOn: '2024-09-25',
      reasonDue: '2024-10-08',
      receivedOn: null,
    });
    assert.equal(currentRound(fold(RECEIVED, ask('2024-09-25'))).reasonsRequest?.reasonDue, null);
    const answered = fold(RECEIVED, ask('2024-09-25'), answer('2024-09-30'));
    assert.equal(currentRound(answered).reasonsRequest?.receivedOn, '2024-09-30');
    assert.equal(answered.phase, 'processing');
    // Rounds that never saw 第三十五条 say so explicitly.
    assert.deepEqual(
      [currentRound(fold(RECEIVED)).reasonsRequest, currentRound(fold(RECEIVED)).delayedDeadline],
      [null, null],
    );
  });

  it('asks once per round, only while 办理中, with a sensible period', () => {
    rejects(
      [RECEIVED, ask('2024-09-25'), ask('2024-09-26')],
      'conflict.state',
      /已于 2024-09-25 要求申请人说明理由/,
    );
    rejects(
      [RECEIVED, { type: 'supplement_requested', at: '2024-09-23', items: ['x'] }, ask('2024-09-24')],
      'conflict.state',
      /待补正/,
    );
    rejects(
      [RECEIVED, { type: 'consultation_started', at: '2024-09-23', party: 'third_party' }, ask('2024-09-24')],
      'conflict.state',
      /征求意见中/,
    );
    rejects([RECEIVED, decided('2024-10-08'), ask('2024-10-09')], 'conflict.state', /已答复待送达/);
    rejects([RECEIVED, ask('2024-09-25', '2024-09-24')], 'input.invalid', /说明理由的期限早于/);
    rejects([RECEIVED, ask('2024-09-25', '2024-09-31')], 'input.invalid', /说明理由的期限不是有效日期/);
    // 补正 belongs to the review: once reasons were asked for, the round is past it.
    rejects(
      [RECEIVED, ask('2024-09-23'), { type: 'supplement_requested', at: '2024-09-24', items: ['x'] }],
      'conflict.state',
      /要求说明理由/,
    );
  });

  it('takes the reasons once, after asking, also during a consultation', () => {
    rejects([RECEIVED, answer('2024-09-25')], 'conflict.state', /尚未要求申请人说明理由/);
    rejects(
      [RECEIVED, ask('2024-09-23'), answer('2024-09-24'), answer('2024-09-25')],
      'conflict.state',
      /已于 2024-09-24 说明理由/,
    );
    const consulting = fold(
      RECEIVED,
      ask('2024-09-23'),
      { type: 'consultation_started', at: '2024-09-24', party: 'other_organ' },
      answer('2024-09-25'),
    );
    assert.equal(consulting.phase, 'consulting');
    assert.equal(currentRound(consulting).reasonsRequest?.receivedOn, '2024-09-25');
    rejects(
      [RECEIVED, ask('2024-09-23'), decided('2024-10-08'), answer('2024-10-09')],
      'conflict.state',
      /已答复待送达/,
    );
  });

  it('sets a delayed deadline only after asking for and receiving reasons in the round, once, later than the current due date', () => {
    // Without an extension the current due date is 2024-10-23.
    rejects(
      [RECEIVED, delay('2024-10-08', '2024-12-20')],
      'conflict.state',
      /第三十五条.*须先在本次答复中要求申请人说明理由/,
    );
    rejects(
      [RECEIVED, ask('2024-09-25'), answer('2024-09-30'), delay('2024-10-08', '2024-10-23')],
      'input.invalid',
      /应晚于当前的答复期限 2024-10-23/,
    );
    const state = fold(RECEIVED, ask('2024-09-25'), answer('2024-09-30'), delay('2024-10-08', '2024-10-24'));
    assert.deepEqual(currentRound(state).delayedDeadline, {
      setOn: '2024-10-08',
      dueOn: '2024-10-24',
      reason: '申请数量大，需调取档案逐件核查',
      noticeOn: '2024-10-08',
    });
    assert.equal(state.phase, 'processing');
    assert.deepEqual(state.flags, []);
    rejects(
      [
        RECEIVED,
        ask('2024-09-25'),
        answer('2024-09-30'),
        delay('2024-10-08', '2024-11-20'),
        delay('2024-10-09', '2024-12-20'),
      ],
      'conflict.state',
      /已于 2024-10-08 确定延迟答复期限（2024-11-20），只能确定一次/,
    );
    // Asked (and answered) in an earlier round does not count: a reopened round must ask again.
    rejects(
      [
        RECEIVED,
        ask('2024-09-25'),
        answer('2024-09-30'),
        decided('2024-10-08', 'notProcessed4'),
        { type: 'reopened', at: '2024-12-09', reason: '复议决定纠正' },
        delay('2024-12-10', '2025-03-31'),
      ],
      'conflict.state',
      /须先在本次答复中要求申请人说明理由/,
    );
  });

  it('refuses a delayed deadline while the reasons asked for have not come (they must be found reasonable)', () => {
    const notYet =
      '依条例第三十五条，申请人说明的理由合理的，方可确定延迟答复期限；请先登记“申请人说明理由”。';
    const refused = (events: ApplicationEvent[], phase: string) =>
      assert.throws(
        () => fold(...events),
        (error: unknown) => {
          assert.ok(error instanceof DomainError, String(error));
          assert.equal(error.code, 'conflict.state');
          assert.equal(error.message, `不能登记“确定延迟答复期限”：${notYet}`);
          const at = events.at(-1)!.at;
          assert.deepEqual(error.details, { event: 'delayed_deadline_set', at, phase });
          return true;
        },
      );
    // Asked, with or without a period for the reasons, still within it or past it.
    refused([RECEIVED, ask('2024-09-25', '2024-10-08'), delay('2024-10-08', '2024-12-20')], 'processing');
    refused([RECEIVED, ask('2024-09-25'), delay('2024-10-08', '2024-12-20')], 'processing');
    refused([RECEIVED, ask('2024-09-25', '2024-10-08'), delay('2024-10-15', '2024-12-20')], 'processing');
    // Also during a consultation, and before any check of the deadline's own data.
    refused(
      [
        RECEIVED,
        ask('2024-09-25'),
        { type: 'consultation_started', at: '2024-09-26', party: 'third_party' },
        delay('2024-10-08', '2024-12-20'),
      ],
      'consulting',
    );
    refused([RECEIVED, ask('2024-09-25'), delay('2024-10-08', '2024-10-09', '  ')], 'processing');
    // Reasons received in an earlier round do not count for a new request in a reopened round.
    refused(
      [
        RECEIVED,
        ask('2024-09-25'),
        answer('2024-09-30'),
        decided('2024-10-08', 'notProcessed4'),
        { type: 'reopened', at: '2024-12-09', reason: '复议决定纠正' },
        ask('2024-12-10'),
        delay('2024-12-11', '2025-03-31'),
      ],
      'processing',
    );
    // Once the reasons are registered, the same deadline is accepted.
    const accepted = fold(
      RECEIVED,
      ask('2024-09-25', '2024-10-08'),
      answer('2024-10-08'),
      delay('2024-10-08', '2024-12-20'),
    );
    assert.equal(currentRound(accepted).delayedDeadline?.dueOn, '2024-12-20');
    assert.equal(currentRound(accepted).reasonsRequest?.receivedOn, '2024-10-08');
  });

  it('refuses a delayed deadline with no reason, a bad date, or a notice before it was set', () => {
    const base = [RECEIVED, ask('2024-09-25'), answer('2024-09-30')];
    rejects([...base, delay('2024-10-08', '2024-12-20', '  ')], 'input.invalid', /应写明延迟答复期限的理由/);
    rejects([...base, delay('2024-10-08', '2024-12-32')], 'input.invalid', /延迟答复期限不是有效日期/);
    rejects(
      [...base, { ...delay('2024-10-08', '2024-12-20'), noticeOn: '2024-10-07' } as ApplicationEvent],
      'input.invalid',
      /告知申请人的日期早于/,
    );
    rejects(
      [...base, { ...delay('2024-10-08', '2024-12-20'), noticeOn: '2024-12-21' } as ApplicationEvent],
      'input.invalid',
      /早于告知申请人的日期/,
    );
    rejects(
      [...base, decided('2024-10-08'), delay('2024-10-09', '2024-12-20')],
      'conflict.state',
      /已答复待送达/,
    );
  });

  it('replaces the 第三十三条 extension: later than the extended due date, and no extension after it', () => {
    const extension: ApplicationEvent = {
      type: 'extension_approved',
      at: '2024-10-21',
      approver: '办公室主任 王某',
      days: 20,
      noticeOn: '2024-10-21',
    };
    // Extended, the due date is 2024-11-20.
    rejects(
      [RECEIVED, ask('2024-09-25'), answer('2024-09-30'), extension, delay('2024-10-22', '2024-11-20')],
      'input.invalid',
      /2024-11-20/,
    );
    assert.equal(
      currentRound(
        fold(RECEIVED, ask('2024-09-25'), answer('2024-09-30'), extension, delay('2024-10-22', '2024-11-21')),
      ).delayedDeadline?.dueOn,
      '2024-11-21',
    );
    rejects(
      [RECEIVED, ask('2024-09-25'), answer('2024-09-30'), delay('2024-10-08', '2024-12-20'), extension],
      'conflict.state',
      /已于 2024-10-08 依条例第三十五条确定延迟答复期限（2024-12-20），不再适用第三十三条的延期/,
    );
  });

  it('judges a reply late against the delayed deadline, and flags a delayed deadline set too late', () => {
    const events = [RECEIVED, ask('2024-09-25'), answer('2024-09-30'), delay('2024-10-08', '2024-12-20')];
    assert.deepEqual(fold(...events, decided('2024-12-20')).flags, []);
    assert.equal(fold(...events, decided('2024-12-20')).rounds[0]!.closed?.late, false);
    const late = fold(...events, decided('2024-12-23'));
    assert.deepEqual(
      late.flags.map((f) => [f.code, f.message]),
      [['reply_late', '于 2024-12-23 答复，超过答复期限 2024-12-20。']],
    );
    const setLate = fold(
      RECEIVED,
      ask('2024-09-25'),
      answer('2024-10-22'),
      delay('2024-10-24', '2024-12-20'),
    );
    assert.deepEqual(
      setLate.flags.map((f) => [f.code, f.message]),
      [
        [
          'delayed_deadline_late',
          '延迟答复期限于 2024-10-24 确定、2024-10-24 告知申请人，晚于原答复期限 2024-10-23。',
        ],
      ],
    );
  });

  it('decides 无正当理由大量反复申请 only after asking for reasons; 重复申请 needs no such step', () => {
    rejects(
      [RECEIVED, decided('2024-10-08', 'notProcessed4')],
      'conflict.state',
      /依条例第三十五条，以“无正当理由大量反复申请”不予处理前，须先要求申请人说明理由/,
    );
    // Asked but never answered: the organ may still find no good reason.
    const unanswered = fold(
      RECEIVED,
      ask('2024-09-25', '2024-10-08'),
      decided('2024-10-09', 'notProcessed4'),
    );
    assert.deepEqual([unanswered.phase, unanswered.outcome], ['decided', 'notProcessed4']);
    const answered = fold(
      RECEIVED,
      ask('2024-09-25'),
      answer('2024-09-30'),
      decided('2024-10-09', 'notProcessed4'),
    );
    assert.equal(answered.legalBasis, outcome('notProcessed4').basis);
    assert.equal(fold(RECEIVED, decided('2024-10-08', 'notProcessed2')).outcome, 'notProcessed2');
    // Reasonable reasons: the application is answered on its merits, by the delayed deadline.
    const merits = fold(
      RECEIVED,
      ask('2024-09-25'),
      answer('2024-09-30'),
      delay('2024-10-08', '2024-12-20'),
      decided('2024-12-02', 'granted'),
    );
    assert.equal(merits.outcome, 'granted');
    try {
      fold(RECEIVED, decided('2024-10-08', 'notProcessed4'));
      assert.fail('expected a conflict');
    } catch (error) {
      assert.ok(error instanceof DomainError);
      assert.equal(
        error.message,
        '不能登记“作出答复”：依条例第三十五条，以“无正当理由大量反复申请”不予处理前，须先要求申请人说明理由；请先登记“要求说明理由”。',
      );
    }
  });
});
