import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ApplicationEvent, foldEvents, outcome } from '../../applications/index.ts';
import { ZHANG_ID } from '../../applications/testing.ts';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../../calendar/index.ts';
import {
  availableEventForms,
  parseAppealForm,
  parseAppealResultForm,
  parseAssignee,
  parseCivilDate,
  parseEventForm,
  parseRegistrationForm,
  parseWholeNumber,
  replyBasis,
} from './application-forms.ts';

const context = { actorName: '王主任' };
const base = { expectedEventCount: '3', at: '2026-03-10' };

function ok(form: Record<string, string | string[]>) {
  const parsed = parseEventForm(form, context);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.join('；'));
  return parsed;
}

function problems(form: Record<string, string | string[]>): string[] {
  const parsed = parseEventForm(form, context);
  assert.equal(parsed.ok, false);
  return parsed.ok ? [] : parsed.problems;
}

describe('the event forms of the back office', () => {
  it('reads dates as clerks type them', () => {
    assert.equal(parseCivilDate('2026-03-02'), '2026-03-02');
    assert.equal(parseCivilDate('２０２６年3月2日'), '2026-03-02');
    assert.equal(parseCivilDate(' 2026/3/2 '), '2026-03-02');
    assert.equal(parseCivilDate('2026-02-30'), null);
    assert.equal(parseCivilDate('明天'), null);
    assert.equal(parseWholeNumber('２０ 元'), 20);
    assert.equal(parseWholeNumber('12页'), 12);
    assert.equal(parseWholeNumber('1.5'), null);
    assert.equal(parseWholeNumber('-3'), null);
  });

  it('reads a 补正 notice: one item per line, numbering dropped, the correction period required', () => {
    const parsed = ok({
      ...base,
      type: 'supplement_requested',
      items: '1. 请说明项目名称\r\n\r\n（2）请说明形成时间\n- 请提供身份证明',
      correctionDue: '2026年3月24日',
    });
    assert.deepEqual(parsed.event, {
      type: 'supplement_requested',
      at: '2026-03-10',
      items: ['请说明项目名称', '请说明形成时间', '请提供身份证明'],
      correctionDue: '2026-03-24',
    });
    assert.equal(parsed.expectedEventCount, 3);
    assert.deepEqual(problems({ ...base, type: 'supplement_requested', items: ' \n ' }), [
      '请列明需要补正的事项，每行一项',
      '请填写补正期限',
    ]);
  });

  it('refuses a form without its hidden fields, or for an event no form records', () => {
    assert.deepEqual(problems({ type: 'supplement_received', at: '2026-03-10' }), [
      '表单已失效，请刷新页面后重新操作。',
    ]);
    assert.match(problems({ ...base, type: 'received' })[0]!, /无法识别/);
    assert.match(problems({ ...base, type: 'reopened' })[0]!, /无法识别/);
    assert.deepEqual(problems({ ...base, type: 'archived', at: '3月' }), [
      '归档的日期不是有效日期（如 2026-03-02）',
    ]);
  });

  it('names the approver of an extension after the signed-in user and keeps the reason for the letter', () => {
    const parsed = ok({
      ...base,
      type: 'extension_approved',
      days: '１０',
      noticeOn: '2026-03-11',
      reason: '需调取档案',
    });
    assert.deepEqual(parsed.event, {
      type: 'extension_approved',
      at: '2026-03-10',
      approver: '王主任',
      days: 10,
      noticeOn: '2026-03-11',
    });
    assert.deepEqual(parsed.letter, { extensionReason: '需调取档案' });
    assert.match(
      problems({ ...base, type: 'extension_approved', days: '21', noticeOn: '2026-03-11', reason: 'x' })[0]!,
      /1至20/,
    );
  });

  it('charges the tariff when the amount is left blank, and needs the payment method for the notice', () => {
    const perCase = ok({
      ...base,
      type: 'fee_notice_sent',
      method: 'per_case',
      units: '12',
      paymentMethod: '银行转账',
    });
    assert.deepEqual(perCase.event, {
      type: 'fee_notice_sent',
      at: '2026-03-10',
      method: 'per_case',
      units: 12,
      amount: 100,
    });
    assert.deepEqual(perCase.letter, { paymentMethod: '银行转账' });
    const perPage = ok({
      ...base,
      type: 'fee_notice_sent',
      method: 'per_page',
      units: '40',
      amount: '',
      receivedOn: '2026-03-12',
      paymentMethod: '现场缴纳',
    });
    assert.equal(perPage.ok && perPage.event.type === 'fee_notice_sent' && perPage.event.amount, 100);
    const reduced = ok({
      ...base,
      type: 'fee_notice_sent',
      method: 'per_page',
      units: '40',
      amount: '50元',
      paymentMethod: 'x',
    });
    assert.equal(reduced.event.type === 'fee_notice_sent' && reduced.event.amount, 50);
    assert.deepEqual(problems({ ...base, type: 'fee_notice_sent', method: 'x', units: 'a', amount: 'b' }), [
      '请选择收费方式（按件计收或按量计收）',
      '请填写本申请是申请人本月的第几件申请（整数）',
      '收费金额应为整数元',
      '请填写缴费方式',
    ]);
  });

  it('reads a reply: the standard basis when left alone, the withheld reasons of 部分公开', () => {
    const partial = ok({
      ...base,
      type: 'decided',
      outcome: 'partial',
      legalBasis: outcome('granted').basis,
      withheld: ['denied4', 'denied4', 'unable1'],
      details: '请于工作日到本机关领取。',
    });
    assert.deepEqual(partial.event, {
      type: 'decided',
      at: '2026-03-10',
      outcome: 'partial',
      legalBasis: outcome('partial').basis,
      withheld: ['denied4', 'unable1'],
    });
    assert.deepEqual(partial.letter, { details: '请于工作日到本机关领取。' });
    // The coerced single checkbox is a string; the clerk's own wording is kept.
    const edited = ok({
      ...base,
      type: 'decided',
      outcome: 'partial',
      legalBasis: ' 依第三十七条。 ',
      withheld: 'denied6',
    });
    assert.equal(edited.event.type === 'decided' && edited.event.legalBasis, '依第三十七条。');
    assert.deepEqual(problems({ ...base, type: 'decided', outcome: 'partial' }), [
      '部分公开的，请选择不予公开部分的理由（条例第三十七条）',
    ]);
    // 逾期未补正 and 逾期未缴费 are events of their own, not replies.
    assert.deepEqual(problems({ ...base, type: 'decided', outcome: 'other1' }), ['请选择办理结果']);
    assert.equal(replyBasis('unable1', ''), outcome('unable1').basis);
    assert.equal(replyBasis('unable1', outcome('denied2').basis), outcome('unable1').basis);
  });

  it('reads a consultation and a delayed deadline with their letter data', () => {
    const consultation = ok({
      ...base,
      type: 'consultation_started',
      party: 'third_party',
      recipientName: '某某有限公司',
    });
    assert.deepEqual(consultation.letter, { recipientName: '某某有限公司' });
    assert.match(
      problems({ ...base, type: 'consultation_started', party: 'x' }).join('；'),
      /征求意见的对象.*征求意见对象的名称/,
    );
    const delayed = ok({
      ...base,
      type: 'delayed_deadline_set',
      dueOn: '2026-06-30',
      reason: '申请数量大',
      noticeOn: '2026-03-10',
    });
    assert.deepEqual(delayed.event, {
      type: 'delayed_deadline_set',
      at: '2026-03-10',
      dueOn: '2026-06-30',
      reason: '申请数量大',
      noticeOn: '2026-03-10',
    });
  });

  it('offers the forms of the events the state allows, by role', () => {
    const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);
    const at = (events: ApplicationEvent[]) => foldEvents(events, calendar);
    const received: ApplicationEvent = { type: 'received', at: '2026-03-02', channel: 'letter' };
    const both = { canHandle: true, canApprove: true };
    assert.deepEqual(availableEventForms(at([received]), both), [
      'supplement_requested',
      'consultation_started',
      'fee_notice_sent',
      'reasons_requested',
      'decided',
      'withdrawn',
      'extension_approved',
    ]);
    assert.deepEqual(availableEventForms(at([received]), { canHandle: false, canApprove: true }), [
      'extension_approved',
    ]);
    assert.deepEqual(availableEventForms(at([received]), { canHandle: false, canApprove: false }), []);
    const asked: ApplicationEvent = { type: 'reasons_requested', at: '2026-03-03' };
    assert.deepEqual(availableEventForms(at([received, asked]), both), [
      'consultation_started',
      'fee_notice_sent',
      'reasons_received',
      'decided',
      'withdrawn',
      'extension_approved',
      'delayed_deadline_set',
    ]);
    const supplement: ApplicationEvent = {
      type: 'supplement_requested',
      at: '2026-03-03',
      items: ['x'],
      correctionDue: '2026-03-20',
    };
    assert.deepEqual(availableEventForms(at([received, supplement]), both), [
      'supplement_received',
      'supplement_expired',
      'withdrawn',
    ]);
    const decided: ApplicationEvent = {
      type: 'decided',
      at: '2026-03-05',
      outcome: 'granted',
      legalBasis: 'x',
    };
    assert.deepEqual(availableEventForms(at([received, decided]), both), ['reply_delivered']);
    const delivered: ApplicationEvent = { type: 'reply_delivered', at: '2026-03-06' };
    assert.deepEqual(availableEventForms(at([received, decided, delivered]), both), ['archived']);
    const archived: ApplicationEvent = { type: 'archived', at: '2026-03-06' };
    assert.deepEqual(availableEventForms(at([received, decided, delivered, archived]), both), []);
  });
});

describe('the registration, appeal and assignment forms', () => {
  const form = {
    channel: 'letter',
    receivedOn: '2026/3/2',
    applicantType: 'naturalPerson',
    name: ' 张三 ',
    organisationCode: '',
    idKind: 'id_card',
    idNumber: ZHANG_ID,
    phone: '139-1234-5678',
    email: '',
    address: '承留镇南桥村1号',
    description: '道路建设项目的招标文件',
    documentNumber: '',
    deliveryForm: 'paper',
    deliveryChannel: 'post',
  };

  it('reads a registration and lists every problem at once', () => {
    const good = parseRegistrationForm(form);
    assert.deepEqual(good.problems, []);
    assert.equal(good.value.receivedOn, '2026-03-02');
    assert.equal(good.value.applicant.name, '张三');
    assert.equal(good.value.applicant.phone, '13912345678');
    const bad = parseRegistrationForm({
      ...form,
      channel: 'pigeon',
      receivedOn: '',
      phone: 'abc',
      description: '',
    });
    assert.ok(bad.problems.includes('请选择申请的提交方式'));
    assert.ok(bad.problems.includes('请填写收到申请的日期'));
    assert.ok(bad.problems.includes('联系电话只能包含数字'));
    assert.ok(bad.problems.some((p) => p.startsWith('请填写所需政府信息')));
  });

  it('reads appeals, their results and the assignee', () => {
    assert.deepEqual(
      parseAppealForm({ kind: 'reconsideration', caseNumber: ' 济复〔2026〕1号 ', filedOn: '2026-04-01' }),
      {
        value: { kind: 'reconsideration', caseNumber: '济复〔2026〕1号', filedOn: '2026-04-01', notes: null },
        problems: [],
      },
    );
    assert.deepEqual(parseAppealForm({ kind: 'x', filedOn: '' }).problems, [
      '请选择案件类型（行政复议、直接起诉或复议后起诉）',
      '请填写立案（收到）日期',
    ]);
    assert.deepEqual(
      parseAppealResultForm({ appealId: 'a1', result: '尚未审结', closedOn: '2026-05-01' }).value,
      {
        appealId: 'a1',
        result: '尚未审结',
        closedOn: null,
      },
    );
    assert.deepEqual(parseAppealResultForm({ appealId: 'a1', result: '纠正' }).problems, ['请填写审结日期']);
    assert.equal(parseAssignee({ assignee: '' }), null);
    assert.equal(parseAssignee({ assignee: 'u1' }), 'u1');
  });
});
