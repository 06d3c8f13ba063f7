import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKLIST_IDS } from '../../disclosures/index.ts';
import {
  availableItemForms,
  parseCategoryForm,
  parseChannelForm,
  parseContentForm,
  parseDraftEditForm,
  parseEventCount,
  parseListQuery,
  parsePublishForm,
  parseReasonForm,
  parseReviewForm,
  parseStepForm,
} from './item-forms.ts';

const ALL = { editor: true, reviewer: true, approver: true };
const NONE = { editor: false, reviewer: false, approver: false };

describe('item forms', () => {
  it('needs the form version on every step, as a whole number', () => {
    assert.equal(parseEventCount({ expectedEventCount: '3' }).count, 3);
    for (const bad of [undefined, '', 'x', '-1', '1.5', '9999999999']) {
      const parsed = parseEventCount(bad === undefined ? {} : { expectedEventCount: bad });
      assert.equal(parsed.count, null, String(bad));
      assert.match(parsed.problems[0]!, /刷新页面/);
    }
    assert.deepEqual(parseStepForm({ expectedEventCount: '7' }), {
      value: { expectedEventCount: 7 },
      problems: [],
    });
    assert.equal(parseStepForm({}).value, null);
  });

  it('reads the content of a draft and leaves its checks to the core, but refuses control characters', () => {
    const parsed = parseContentForm({
      title: ' 公示 ',
      formedOn: ' 2026-02-27 ',
      categoryCode: 'JC08',
      theme: '',
      validity: '',
      bodyHtml: '<p>正文</p>',
      keywords: '公示，危房',
    });
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.value.formedOn, '2026-02-27');
    assert.equal(parsed.value.theme, null);
    assert.equal(parsed.value.validity, 'valid');
    assert.equal(parsed.value.bodyHtml, '<p>正文</p>');
    assert.match(parseContentForm({ title: 'a\u0000b' }).problems[0]!, /无效字符/);
    assert.match(parseContentForm({ summary: 'a\u0007' }).problems[0]!, /无效字符/);
    assert.deepEqual(parseContentForm({ bodyHtml: 'a\r\n\tb' }).problems, []);
  });

  it('reads the edit form with the attachments to remove, once each', () => {
    const parsed = parseDraftEditForm({
      title: '标题',
      expectedEventCount: '2',
      removeAttachment: ['a1', 'a1', 'a2', ''],
    });
    assert.deepEqual(parsed.value?.removeAttachmentIds, ['a1', 'a2']);
    assert.equal(parsed.value?.expectedEventCount, 2);
    assert.equal(parseDraftEditForm({ title: '标题' }).value, null);
  });

  it('needs a reason to return or withdraw, of at most 500 characters', () => {
    assert.deepEqual(parseReasonForm({ reason: ' 数据有误 ', expectedEventCount: '4' }, '撤回理由').value, {
      reason: '数据有误',
      expectedEventCount: 4,
    });
    assert.deepEqual(parseReasonForm({ reason: '  ', expectedEventCount: '4' }, '撤回理由').problems, [
      '请填写撤回理由',
    ]);
    assert.match(
      parseReasonForm({ reason: '长'.repeat(501), expectedEventCount: '4' }, '退回理由').problems[0]!,
      /不能超过500个字/,
    );
  });

  it('pairs each finding with its reason; blank reasons justify nothing', () => {
    const parsed = parseReviewForm({
      expectedEventCount: '3',
      checklist: [...CHECKLIST_IDS, CHECKLIST_IDS[0]!],
      findingKey: ['body:id_number:3', 'body:mobile:40'],
      findingReason: ['  ', '公示须公开联系电话'],
    });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.value?.checklist, [...CHECKLIST_IDS]);
    assert.deepEqual(parsed.value?.justifications, [{ key: 'body:mobile:40', reason: '公示须公开联系电话' }]);
    // One checkbox alone comes as a string.
    assert.deepEqual(parseReviewForm({ expectedEventCount: '1', checklist: 'accurate' }).value?.checklist, [
      'accurate',
    ]);
    assert.match(
      parseReviewForm({ expectedEventCount: '1', findingKey: ['a', 'b'], findingReason: 'x' }).problems[0]!,
      /不对应/,
    );
  });

  it('publishes now, or at a valid Beijing time', () => {
    assert.deepEqual(parsePublishForm({ expectedEventCount: '5' }).value, {
      publishAt: null,
      expectedEventCount: 5,
    });
    assert.equal(
      parsePublishForm({ expectedEventCount: '5', when: 'scheduled', publishAt: '2026-03-05T09:00' }).value
        ?.publishAt,
      '2026-03-05T01:00:00.000Z',
    );
    assert.deepEqual(parsePublishForm({ expectedEventCount: '5', when: 'scheduled' }).problems, [
      '请填写定时发布的时间',
    ]);
    assert.match(
      parsePublishForm({ expectedEventCount: '5', when: 'scheduled', publishAt: '明天' }).problems[0]!,
      /无效/,
    );
    assert.match(
      parsePublishForm({ expectedEventCount: '5', when: 'later' }).problems[0]!,
      /立即发布或定时发布/,
    );
  });

  it('registers a publication elsewhere with a channel other than the portal', () => {
    const ok = parseChannelForm({
      channel: 'wechat',
      title: '公示',
      url: 'https://mp.weixin.qq.com/s/abc',
      publishedOn: '2026-03-01',
    });
    assert.deepEqual(ok.value, {
      channel: 'wechat',
      title: '公示',
      url: 'https://mp.weixin.qq.com/s/abc',
      publishedOn: '2026-03-01',
      itemId: null,
    });
    assert.match(
      parseChannelForm({ channel: 'portal', title: 'a', publishedOn: '2026-03-01' }).problems[0]!,
      /渠道/,
    );
    assert.deepEqual(parseChannelForm({ channel: 'weibo' }).problems, ['请填写标题', '请填写发布日期']);
  });

  it('renames, hides or adds a category', () => {
    assert.deepEqual(parseCategoryForm({ code: 'JC08', name: ' 危房改造 ', hidden: '1' }).value, {
      code: 'JC08',
      name: '危房改造',
      hidden: true,
    });
    assert.deepEqual(parseCategoryForm({ name: '本镇公告' }).value, {
      code: null,
      name: '本镇公告',
      hidden: false,
    });
    assert.deepEqual(parseCategoryForm({ name: ' ' }).problems, ['请填写栏目名称']);
    assert.deepEqual(parseCategoryForm({ code: '<x>', name: 'a' }).problems, ['栏目代码有误']);
  });

  it('reads the list filters, ignoring what is not a filter', () => {
    assert.deepEqual(parseListQuery({ status: 'draft', category: 'JC08', year: '2026', late: '1' }), {
      status: 'draft',
      categoryCode: 'JC08',
      year: 2026,
      late: true,
    });
    assert.deepEqual(parseListQuery({ status: 'none', category: "'; drop", year: '20261' }), {
      status: '',
      categoryCode: '',
      year: null,
      late: false,
    });
    assert.equal(parseListQuery({ status: 'scheduled' }).status, 'scheduled');
  });

  it('offers only the forms the state and the roles allow', () => {
    assert.deepEqual(availableItemForms('draft', 0, ALL), ['edit', 'submit']);
    assert.deepEqual(availableItemForms('draft', 2, ALL), ['edit', 'redact', 'submit']);
    assert.deepEqual(availableItemForms('draft', 2, { ...NONE, reviewer: true }), []);
    assert.deepEqual(availableItemForms('in_review', 1, { ...NONE, reviewer: true }), [
      'review',
      'redact',
      'return',
    ]);
    assert.deepEqual(availableItemForms('in_review', 1, { ...NONE, editor: true }), []);
    assert.deepEqual(availableItemForms('reviewed', 0, { ...NONE, approver: true }), ['approve', 'return']);
    assert.deepEqual(availableItemForms('approved', 0, { ...NONE, approver: true }), ['publish', 'return']);
    assert.deepEqual(availableItemForms('published', 0, ALL), ['revise', 'channel', 'withdraw']);
    assert.deepEqual(availableItemForms('scheduled', 0, { ...NONE, approver: true }), ['withdraw']);
    assert.deepEqual(availableItemForms('withdrawn', 0, ALL), []);
  });
});
