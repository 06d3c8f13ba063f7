// The pure rules of 效能投诉: required fields and their limits, the deadline over a holiday and a
// 调休 workday, on-time boundaries, overdue flags and queue order, 投诉编号 and masking.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { settingsProblems } from '../agencies/agency.ts';
import { buildCalendar, isWorkingDay, OFFICIAL_ARRANGEMENTS, workingDaysBetween } from '../calendar/index.ts';
import {
  answeredOnTime,
  answerProblem,
  complaintDeadlineDays,
  complaintDeadlineDaysProblem,
  complaintDueOn,
  complaintProblems,
  complaintReference,
  DEFAULT_COMPLAINT_DEADLINE_DAYS,
  isOverdue,
  MAX_CONTENT_LENGTH,
  maskComplainantName,
  maskComplainantPhone,
  maskedAnswer,
  nextComplaintSequence,
  normalizeComplaint,
  queueOrder,
  receivedOnProblem,
} from './complaint.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261127);
const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);
const valid = {
  content: '窗口工作人员中午提前离岗，等候一小时无人办理',
  complainantName: '王小明',
  complainantPhone: '13812345678',
};

describe('complaint fields', () => {
  it('accepts a complete complaint, with a mobile or a landline', () => {
    assert.deepEqual(complaintProblems(valid), []);
    assert.deepEqual(complaintProblems({ ...valid, complainantPhone: '0391-5012345' }), []);
    assert.deepEqual(complaintProblems({ ...valid, complainantPhone: '+86 138 1234 5678' }), []);
  });

  it('names every missing or wrong field in Chinese', () => {
    const problems = complaintProblems({ content: ' ', complainantName: '', complainantPhone: '' });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['content', 'complainantName', 'complainantPhone'],
    );
    assert.match(problems[0]!.message, /请填写投诉内容/);
    assert.match(problems[2]!.message, /以便答复您/);
    assert.match(complaintProblems({ ...valid, content: '太慢' })[0]!.message, /至少 5 个字/);
    assert.match(
      complaintProblems({ ...valid, content: '慢'.repeat(MAX_CONTENT_LENGTH + 1) })[0]!.message,
      /不能超过 2000 个字/,
    );
    assert.deepEqual(complaintProblems({ ...valid, content: '慢'.repeat(MAX_CONTENT_LENGTH) }), []);
    assert.match(complaintProblems({ ...valid, content: '窗口\u0000人员离岗' })[0]!.message, /无效字符/);
    assert.match(complaintProblems({ ...valid, complainantName: '王\n小明' })[0]!.message, /无效字符/);
    assert.match(
      complaintProblems({ ...valid, complainantName: '王'.repeat(51) })[0]!.message,
      /不能超过 50/,
    );
    // A service hotline cannot call the complainant back; nor can a number without area code.
    for (const phone of ['12345', '5012345', '1381234567', 'abc', '1'.repeat(40)])
      assert.match(complaintProblems({ ...valid, complainantPhone: phone })[0]!.message, /格式不正确/, phone);
    assert.deepEqual(
      complaintProblems({ content: 1, complainantName: null, complainantPhone: [] }).map((p) => p.message),
      ['投诉内容无效', '姓名无效', '联系电话无效'],
    );
  });

  it('stores the texts trimmed and the phone with full-width digits folded', () => {
    assert.deepEqual(
      normalizeComplaint({
        content: ' 内容 ',
        complainantName: ' 王小明 ',
        complainantPhone: '１３８１２３４５６７８',
      }),
      { content: '内容', complainantName: '王小明', complainantPhone: '13812345678' },
    );
  });

  it('requires an answer, bounded', () => {
    assert.equal(answerProblem('经核实，已对相关人员批评教育。'), null);
    assert.equal(answerProblem('  '), '请填写答复内容');
    assert.equal(answerProblem(undefined), '答复内容无效');
    assert.match(answerProblem('答'.repeat(4001))!, /不能超过 4000 个字/);
  });
});

describe('the date of a hotline call', () => {
  it('is a date of the last 30 days up to today', () => {
    assert.equal(receivedOnProblem('2026-03-02', '2026-03-02'), null);
    assert.equal(receivedOnProblem('2026-01-31', '2026-03-02'), null);
    assert.match(receivedOnProblem('2026-01-30', '2026-03-02')!, /最近 30 天内/);
    assert.match(receivedOnProblem('2026-03-03', '2026-03-02')!, /不能晚于今天/);
    for (const bad of ['', '2026-02-30', '2026/03/01', 20260301, null])
      assert.match(receivedOnProblem(bad, '2026-03-02')!, /有效日期/, String(bad));
  });
});

describe('complaint deadline', () => {
  it('defaults to 10 working days; the setting is an integer from 1 to 60', () => {
    assert.equal(DEFAULT_COMPLAINT_DEADLINE_DAYS, 10);
    assert.equal(complaintDeadlineDays({}), 10);
    assert.equal(complaintDeadlineDays({ complaintDeadlineDays: 5 }), 5);
    assert.equal(complaintDeadlineDays({ complaintDeadlineDays: 0 }), 10);
    assert.equal(complaintDeadlineDays({ complaintDeadlineDays: '5' }), 10);
    for (const ok of [undefined, null, 1, 60])
      assert.equal(complaintDeadlineDaysProblem(ok), null, String(ok));
    for (const bad of [0, 61, 2.5, '10', true])
      assert.match(complaintDeadlineDaysProblem(bad)!, /1 至 60 个工作日/, String(bad));
    // The agency's settings refuse it when an admin saves it.
    assert.deepEqual(settingsProblems({ complaintDeadlineDays: 15 }), []);
    assert.deepEqual(settingsProblems({ complaintDeadlineDays: 90 }), [
      '效能投诉的答复期限应为 1 至 60 个工作日',
    ]);
  });

  it('skips the National Day holiday and counts the 调休 Saturday after it', () => {
    // Received Tuesday 30 September 2025: 1–8 October are the holiday, Saturday 11 October is a
    // 调休 workday. 9, 10, 11, 13, 14, 15, 16, 17, 20, 21 October.
    assert.deepEqual(complaintDueOn('2025-09-30', 10, calendar), { dueOn: '2025-10-21', provisional: false });
  });

  it('counts a 调休 Sunday and does not count the day received', () => {
    // Received Friday 26 September 2025; Sunday 28 September is a 调休 workday.
    assert.equal(complaintDueOn('2025-09-26', 1, calendar).dueOn, '2025-09-28');
    assert.equal(complaintDueOn('2025-09-26', 2, calendar).dueOn, '2025-09-29');
    // Spring Festival 2026: 15–23 February off, Saturday 14 and 28 February worked.
    assert.equal(complaintDueOn('2026-02-13', 1, calendar).dueOn, '2026-02-14');
    assert.equal(complaintDueOn('2026-02-13', 2, calendar).dueOn, '2026-02-24');
  });

  it('says when a year without an official arrangement was assumed', () => {
    assert.equal(complaintDueOn('2031-12-30', 10, calendar).provisional, true);
  });

  it('is always a working day exactly N working days after the day received', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2026-11-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 60 }),
        (date, days) => {
          const receivedOn = date.toISOString().slice(0, 10);
          const { dueOn } = complaintDueOn(receivedOn, days, calendar);
          assert.ok(dueOn > receivedOn);
          assert.ok(isWorkingDay(dueOn, calendar));
          assert.equal(workingDaysBetween(receivedOn, dueOn, calendar), days);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('is on time up to and including the last day, overdue only after it and unanswered', () => {
    assert.equal(answeredOnTime('2025-10-21', '2025-10-21'), true);
    assert.equal(answeredOnTime('2025-10-20', '2025-10-21'), true);
    assert.equal(answeredOnTime('2025-10-22', '2025-10-21'), false);
    assert.equal(isOverdue({ state: 'received', dueOn: '2025-10-21' }, '2025-10-21'), false);
    assert.equal(isOverdue({ state: 'assigned', dueOn: '2025-10-21' }, '2025-10-22'), true);
    assert.equal(isOverdue({ state: 'answered', dueOn: '2025-10-21' }, '2025-12-01'), false);
  });

  it('orders the queue: overdue first, then open by deadline, then answered newest first', () => {
    const c = (id: string, state: string, dueOn: string, receivedAt: string) => ({
      id,
      state,
      dueOn,
      receivedAt,
    });
    const ordered = queueOrder(
      [
        c('answered-old', 'answered', '2026-01-10', '2026-01-01T01:00:00Z'),
        c('open-late', 'received', '2026-03-20', '2026-03-05T01:00:00Z'),
        c('overdue', 'assigned', '2026-02-27', '2026-02-10T01:00:00Z'),
        c('answered-new', 'answered', '2026-03-10', '2026-02-25T01:00:00Z'),
        c('open-soon', 'received', '2026-03-04', '2026-02-20T01:00:00Z'),
        c('overdue-older', 'received', '2026-02-20', '2026-02-05T01:00:00Z'),
      ],
      '2026-03-02',
    );
    assert.deepEqual(
      ordered.map((x) => x.id),
      ['overdue-older', 'overdue', 'open-soon', 'open-late', 'answered-new', 'answered-old'],
    );
  });
});

describe('投诉编号 and masking', () => {
  it('numbers the complaints of an agency per year', () => {
    assert.equal(complaintReference(2026, 7), 'TS2026-0007');
    assert.equal(complaintReference(2026, 12345), 'TS2026-12345');
    assert.equal(nextComplaintSequence([], 2026), 1);
    assert.equal(nextComplaintSequence(['TS2025-0041', 'TS2026-0009', 'TS2026-0010', 'junk'], 2026), 11);
    assert.equal(nextComplaintSequence(['TS2025-0041'], 2026), 1);
    assert.throws(() => complaintReference(2026, 0), RangeError);
  });

  it('masks the name and the phone, keeping only what identifies nobody', () => {
    assert.equal(maskComplainantName('王小明'), '王**');
    assert.equal(maskComplainantName('欧阳娜娜'), '欧***');
    assert.equal(maskComplainantName('王'), '*');
    assert.equal(maskComplainantPhone('13812345678'), '138****5678');
    assert.equal(maskComplainantPhone('0391-5012345'), '039*-***2345');
    assert.equal(maskComplainantPhone('+86 138 1234 5678'), '+86 1** **** 5678');
  });

  it('never shows more than seven digits of a phone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskComplainantPhone(phone);
        assert.equal(masked.length, phone.length);
        assert.ok([...masked].filter((c) => /\d/.test(c)).length <= 7);
        assert.equal(masked.slice(-4), phone.slice(-4));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('the answer on the complainant’s page', () => {
  it('masks the complainant’s own telephone and every 身份证号 or card, and keeps the number the clerk gives to call back', () => {
    const answer =
      '已电话联系投诉人（139 1234 5678），核实其身份证号11010519491231002X及银行卡6222020200112233446的退费；' +
      '如有疑问请拨打窗口电话13698765432。';
    const shown = maskedAnswer(answer, '13912345678');
    assert.doesNotMatch(shown.replace(/\s/g, ''), /13912345678/, 'the complainant’s own number is masked');
    assert.doesNotMatch(shown, /11010519491231002X|6222020200112233446/, 'ID and card masked');
    assert.match(shown, /13698765432/, 'the window’s number stays readable');
    assert.equal(shown.length, answer.length, 'masked in place');
    assert.equal(maskedAnswer('请拨打13698765432。', null), '请拨打13698765432。');
  });
});
