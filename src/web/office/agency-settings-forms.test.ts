// The 机构设置 form: what is typed becomes settings (empty removes, full-width digits folded, dates
// as people write them), only changed settings are sent, and each problem stands beside its field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Agency } from '../../agencies/index.ts';
import {
  normalizeMonthDay,
  ownDeadlineField,
  parseSettingsForm,
  perKindKinds,
  type SettingsFormValues,
  settingsFormValues,
  valuesOfAgency,
} from './agency-settings-forms.ts';

const CREDIT = '11419001005942312L';

function agency(settings: Agency['settings'] = {}): Agency {
  return {
    id: 'a1',
    parentId: 'r1',
    kind: 'town',
    name: '承留镇',
    creditCode: CREDIT,
    settings,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

const STORED = agency({
  enforceTotp: true,
  letterPrefix: '承政公开',
  complaintDeadlineDays: 15,
  contact: { office: '党政综合办公室', phone: '0391-6611234', postcode: '459000' },
  reportDeadlines: { department: '01-20' },
  other: 'kept',
});

function form(overrides: Partial<SettingsFormValues>, base: Agency = STORED): SettingsFormValues {
  return { ...valuesOfAgency(base), ...overrides };
}

describe('agency settings form', () => {
  it('shows what is stored, and sends nothing when nothing changed', () => {
    const values = valuesOfAgency(STORED);
    assert.equal(values.office, '党政综合办公室');
    assert.equal(values.deadlineDepartment, '01-20');
    assert.equal(values.complaintDeadlineDays, '15');
    assert.equal(values.enforceTotp, '1');
    assert.equal(values.email, '');
    const parsed = parseSettingsForm(values, STORED, ['department']);
    assert.deepEqual(parsed.errors, {});
    assert.deepEqual(parsed.settings, {});
    assert.equal(parsed.unchanged, true);
  });

  it('sends only the settings that changed; an emptied field removes its setting', () => {
    const parsed = parseSettingsForm(
      form({
        email: 'ＧＯＮＧＫＡＩ＠chengliu.example.gov.cn',
        postcode: '４５９０００',
        letterPrefix: '',
        complaintDeadlineDays: '20个工作日',
        enforceTotp: '',
        reportDeadline: '2月20日',
        deadlineDepartment: '',
      }),
      STORED,
      ['department'],
    );
    assert.deepEqual(parsed.errors, {});
    assert.deepEqual(parsed.settings, {
      contact: {
        office: '党政综合办公室',
        phone: '0391-6611234',
        postcode: '459000',
        email: 'GONGKAI@chengliu.example.gov.cn',
      },
      letterPrefix: null,
      reportDeadline: '02-20',
      reportDeadlines: null,
      complaintDeadlineDays: 20,
      enforceTotp: null,
    });
    assert.equal(parsed.unchanged, false);
    // Emptying every contact detail removes the contact setting.
    const cleared = parseSettingsForm(form({ office: ' ', phone: '', postcode: '' }), STORED, ['department']);
    assert.deepEqual(cleared.settings, { contact: null });
  });

  it('leaves stored per-kind deadlines alone when the page shows no per-kind field', () => {
    const parsed = parseSettingsForm(form({ hours: '工作日' }), STORED, []);
    assert.deepEqual(Object.keys(parsed.settings), ['contact']);
  });

  it('puts each problem beside its field and keeps nothing back', () => {
    const parsed = parseSettingsForm(
      settingsFormValues({
        name: ' ',
        creditCode: '11419001005942312X',
        postcode: '45900',
        phone: '6611234',
        fax: '12345',
        email: '公开@chengliu',
        letterPrefix: '承政〔2025〕',
        reminderEmail: 'x',
        reportDeadline: '02-29',
        deadlineDepartment: '13-01',
        complaintDeadlineDays: '十天',
      }),
      STORED,
      ['department'],
    );
    assert.deepEqual(Object.keys(parsed.errors).sort(), [
      'complaintDeadlineDays',
      'creditCode',
      'deadlineDepartment',
      'email',
      'fax',
      'letterPrefix',
      'name',
      'phone',
      'postcode',
      'reminderEmail',
      'reportDeadline',
    ]);
    assert.equal(parsed.errors.name, '机构名称不能为空');
    assert.equal(parsed.errors.postcode, '邮政编码应为6位数字');
    assert.equal(parsed.errors.complaintDeadlineDays, '效能投诉的答复期限应为 1 至 60 个工作日');
    assert.equal(parsed.errors.deadlineDepartment, '部门的年度报告发布期限应写为“月-日”，如“02-20”');
    assert.deepEqual(parsed.general, []);
    for (const days of ['0', '61'])
      assert.ok(
        parseSettingsForm(form({ complaintDeadlineDays: days }), STORED, []).errors.complaintDeadlineDays,
      );
  });

  it('reads month-days as people type them', () => {
    const table: [string, string][] = [
      ['1-31', '01-31'],
      ['01-31', '01-31'],
      ['1月31日', '01-31'],
      ['01/31', '01-31'],
      ['０２－２０', '02-20'],
      ['二月二十日', '二月二十日'],
    ];
    for (const [typed, expected] of table) assert.equal(normalizeMonthDay(typed), expected, typed);
  });

  it('offers per-kind deadlines for the reporting kinds below, and for any already set', () => {
    assert.deepEqual(perKindKinds({}, new Set()), []);
    assert.deepEqual(perKindKinds({}, new Set(['village'])), []);
    assert.deepEqual(perKindKinds({}, new Set(['town', 'department', 'village'])), ['department', 'town']);
    assert.deepEqual(perKindKinds({ reportDeadlines: { region: '03-01' } }, new Set(['town'])), [
      'region',
      'town',
    ]);
  });

  it('leaves the own deadline as stored when the page did not let it be edited, and passes one posted anyway on', () => {
    const set = agency({ ...STORED.settings, reportDeadline: '01-25' });
    // The read-only page posts no deadline: nothing changes.
    const blank = parseSettingsForm(form({ reportDeadline: '' }, set), set, [], 'readonly');
    assert.deepEqual(blank.settings, {});
    assert.equal(blank.unchanged, true);
    // A date posted past it goes on, for updateAgency to refuse with its reason.
    const posted = parseSettingsForm(form({ reportDeadline: '12-31' }, set), set, [], 'readonly');
    assert.deepEqual(posted.settings, { reportDeadline: '12-31' });
    // A malformed one is no error beside a field the page does not show.
    const bad = parseSettingsForm(form({ reportDeadline: '13-40' }, set), set, [], 'hidden');
    assert.equal(bad.errors.reportDeadline, undefined);
    assert.equal(bad.general.length, 1);
    // Editable, emptying it removes it.
    assert.deepEqual(parseSettingsForm(form({ reportDeadline: '' }, set), set, [], 'editable').settings, {
      reportDeadline: null,
    });
  });

  it('hides the own deadline of kinds that publish no report, and shows it read-only without authority', () => {
    assert.equal(ownDeadlineField('village', true), 'hidden');
    assert.equal(ownDeadlineField('town', false), 'readonly');
    assert.equal(ownDeadlineField('department', true), 'editable');
    assert.equal(ownDeadlineField('region', false), 'readonly');
  });
});
