// The formats an admin's settings must have: contact details, 文号 prefix, reminder address and the
// annual-report deadlines (the month-day rule lives here so that a bad date is refused on saving).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letterPrefixProblem, monthDayOf, reminderEmailProblem, settingsFieldProblems } from './agency.ts';

describe('agency settings', () => {
  it('accepts a complete, well-formed set', () => {
    assert.deepEqual(
      settingsFieldProblems({
        enforceTotp: true,
        complaintDeadlineDays: 15,
        letterPrefix: '承政公开',
        reminderEmail: 'gongkai@chengliu.example.gov.cn',
        reportDeadline: '02-28',
        reportDeadlines: { town: '01-20', department: '01-25', region: '03-31' },
        contact: {
          office: '承留镇党政综合办公室',
          address: '济源市承留镇承留大街1号',
          postcode: '459000',
          phone: '0391-6611234、12345',
          fax: '(0391)6611235',
          email: 'gongkai@chengliu.example.gov.cn',
          hours: '工作日 8:30—12:00',
        },
      }),
      [],
    );
    // A blank contact detail is not set: no format to check.
    assert.deepEqual(settingsFieldProblems({ contact: { postcode: ' ', phone: '' } }), []);
  });

  it('names each bad contact detail beside its field', () => {
    assert.deepEqual(
      settingsFieldProblems({
        contact: {
          postcode: '45900',
          phone: '6611234',
          fax: '13812345678',
          email: 'gongkai@chengliu',
        },
      }),
      [
        { field: 'contact.postcode', message: '邮政编码应为6位数字' },
        {
          field: 'contact.phone',
          message:
            '联系电话“6611234”格式不正确：固定电话请带区号（如 0391-6612345），也可填写 12345 等服务热线或 11 位手机号码',
        },
        {
          field: 'contact.fax',
          message: '传真号码“13812345678”格式不正确：请填写带区号的固定电话号码，如 0391-6612345',
        },
        { field: 'contact.email', message: '电子邮箱格式不正确，如 gongkai@example.gov.cn' },
      ],
    );
    assert.deepEqual(settingsFieldProblems({ contact: { phone: '12345、12345、12345、12345' } }), [
      { field: 'contact.phone', message: '联系电话最多填写三个号码' },
    ]);
  });

  it('checks the 文号 prefix and the reminder address', () => {
    assert.equal(letterPrefixProblem(undefined), null);
    assert.equal(letterPrefixProblem(null), null);
    assert.equal(letterPrefixProblem('济源承留依申请公开'), null);
    assert.equal(letterPrefixProblem(''), '文号前缀应为文字，如“承政公开”');
    assert.equal(letterPrefixProblem(7), '文号前缀应为文字，如“承政公开”');
    assert.equal(letterPrefixProblem('承政 公开'), '文号前缀不能含有空格');
    assert.equal(letterPrefixProblem('承'.repeat(31)), '文号前缀不能超过30个字');
    assert.equal(
      letterPrefixProblem('承政公开〔2024〕'),
      '文号前缀不含年份和括号，系统按“前缀〔年份〕序号号”编号',
    );
    assert.equal(reminderEmailProblem(undefined), null);
    assert.equal(reminderEmailProblem('sili@example.cn'), null);
    assert.equal(reminderEmailProblem('sili at example.cn'), '提醒邮箱格式不正确，如 gongkai@example.gov.cn');
    assert.equal(reminderEmailProblem(3), '提醒邮箱格式不正确，如 gongkai@example.gov.cn');
  });

  it('refuses a deadline that is no day of every year, and per-kind deadlines of villages', () => {
    assert.equal(monthDayOf('01-31', 2023), '2024-01-31');
    assert.equal(monthDayOf(' 12-31 ', 2023), '2024-12-31');
    for (const bad of ['02-29', '02-30', '04-31', '13-01', '00-10', '01-00', '1-31', '1月31日', 31, null])
      assert.equal(monthDayOf(bad, 2023), null, String(bad));
    assert.deepEqual(
      settingsFieldProblems({
        reportDeadline: '02-29',
        reportDeadlines: { village: '01-20', town: '04-31' },
      }),
      [
        { field: 'reportDeadline', message: '年度报告发布期限应写为“月-日”，如“01-31”' },
        { field: 'reportDeadlines.village', message: '村（社区）不发布政府信息公开工作年度报告' },
        { field: 'reportDeadlines.town', message: '乡镇（街道）的年度报告发布期限应写为“月-日”，如“02-20”' },
      ],
    );
    assert.deepEqual(settingsFieldProblems({ reportDeadlines: ['01-20'] }), [
      { field: 'reportDeadlines', message: '下级机构的年度报告发布期限格式不正确' },
    ]);
  });
});
