// The catalogue forms as typed: materials one a line, time limits in working days (即办 is 0, blank
// 法定时限 is none), 不收费 as no fee, and each problem beside the field it belongs to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  itemFormValues,
  parseItemForm,
  parseVersion,
  parseWindowForm,
  windowFormValues,
} from './service-forms.ts';

const form = (overrides: Record<string, string> = {}) =>
  itemFormValues({
    name: '最低生活保障申请',
    type: 'payment',
    level: 'town',
    basis: '《社会救助暂行办法》',
    conditions: '家庭人均收入低于当地标准\r\n且财产符合规定',
    materials: ' 申请书 \r\n\r\n户口簿\r\n',
    procedure: '申请→审核→审批',
    legalLimitDays: '30',
    promisedLimitDays: '20个工作日',
    fee: '不收费',
    window: '民政窗口',
    phone: '0391-5012345',
    onlineUrl: '',
    ...overrides,
  });

describe('service catalogue forms', () => {
  it('reads an item as the clerk types it', () => {
    const { item, errors } = parseItemForm(form());
    assert.deepEqual(errors, {});
    assert.deepEqual(item.materials, ['申请书', '户口簿']);
    assert.equal(item.conditions, '家庭人均收入低于当地标准\n且财产符合规定');
    assert.equal(item.legalLimitDays, 30);
    assert.equal(item.promisedLimitDays, 20);
    assert.equal(item.fee, null);
    const instant = parseItemForm(form({ legalLimitDays: '', promisedLimitDays: '即办', fee: '每证 10 元' }));
    assert.deepEqual(instant.errors, {});
    assert.equal(instant.item.legalLimitDays, null);
    assert.equal(instant.item.promisedLimitDays, 0);
    assert.equal(instant.item.fee, '每证 10 元');
  });

  it('puts each problem beside its field', () => {
    const { errors } = parseItemForm(
      form({
        type: 'x',
        level: '',
        legalLimitDays: '三十',
        promisedLimitDays: '',
        materials: '\n',
        phone: '123',
      }),
    );
    assert.deepEqual(Object.keys(errors).sort(), [
      'legalLimitDays',
      'level',
      'materials',
      'phone',
      'promisedLimitDays',
      'type',
    ]);
    assert.equal(errors.legalLimitDays, '法定时限请填写工作日数，没有法定时限的不填');
    assert.equal(errors.promisedLimitDays, '请填写承诺时限（工作日数，即办填 0）');
    assert.equal(errors.materials, '请填写申请材料（每行一项）');
    assert.equal(
      parseItemForm(form({ promisedLimitDays: '40' })).errors.promisedLimitDays,
      '承诺时限（40 个工作日）不能长于法定时限（30 个工作日）',
    );
  });

  it('reads a window, its order optional', () => {
    const values = windowFormValues({
      name: '民政窗口',
      hours: '周一至周五 8:30-12:00',
      phone: '12345',
      location: '一楼',
      position: '',
    });
    assert.deepEqual(parseWindowForm(values), {
      window: {
        name: '民政窗口',
        hours: '周一至周五 8:30-12:00',
        phone: '12345',
        location: '一楼',
        position: null,
      },
      errors: {},
    });
    assert.equal(parseWindowForm({ ...values, position: '３' }).window.position, 3);
    assert.deepEqual(Object.keys(parseWindowForm({ ...values, position: 'x', hours: '' }).errors).sort(), [
      'hours',
      'position',
    ]);
  });

  it('reads the form’s version or refuses it', () => {
    assert.equal(parseVersion('3'), 3);
    for (const bad of [undefined, '', '0', 'abc', '1.5', '12345678'])
      assert.equal(parseVersion(bad), null, String(bad));
  });
});
