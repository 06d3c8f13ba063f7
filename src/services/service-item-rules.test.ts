import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceItem } from './service-item.ts';
import {
  duplicateItems,
  formatOpeningHours,
  itemProblems,
  normalizeItem,
  openAt,
  parseOpeningHours,
  phoneKind,
  phoneProblem,
  urlProblem,
  windowProblems,
} from './service-item-rules.ts';
import { sampleItem as item } from './testing.ts';

describe('service item rules', () => {
  it('accepts a complete item and names every problem of a bad one in Chinese', () => {
    assert.deepEqual(itemProblems(item()), []);
    assert.deepEqual(itemProblems(item({ legalLimitDays: null, promisedLimitDays: 0, onlineUrl: '' })), []);
    assert.deepEqual(
      itemProblems(
        item({
          name: ' ',
          type: 'other' as never,
          level: 'county' as never,
          basis: '',
          materials: [],
          legalLimitDays: 10,
          promisedLimitDays: 12,
          fee: '  ',
          window: '',
          phone: '5012345',
          onlineUrl: 'javascript:alert(1)',
          version: 0,
        }),
      ),
      [
        '请填写事项名称',
        '请选择事项类型（行政许可、行政确认、行政给付、行政奖励、行政裁决、其他行政权力或公共服务）',
        '请选择层级（乡镇级或村级）',
        '请填写办理依据',
        '请填写申请材料（每行一项）',
        '承诺时限（12 个工作日）不能长于法定时限（10 个工作日）',
        '不收费的，收费标准填“不收费”',
        '请填写办理窗口',
        '咨询电话“5012345”格式不正确：固定电话请带区号（如 0391-6612345），也可填写 12345 等服务热线或 11 位手机号码',
        '在线办理地址应以 https:// 开头',
        '版本号应为正整数',
      ],
    );
  });

  const cases: [string, Partial<ServiceItem>, string[]][] = [
    ['name too long', { name: '事'.repeat(101) }, ['事项名称不能超过 100 个字']],
    ['name on two lines', { name: '农村\n五保' }, ['事项名称含有无效字符']],
    ['control character', { procedure: '申请\u0007' }, ['办理流程含有无效字符']],
    ['multi-line text is fine', { conditions: '一、年满60周岁\n二、无劳动能力' }, []],
    ['basis too long', { basis: '法'.repeat(2001) }, ['办理依据不能超过 2000 个字']],
    ['blank material', { materials: ['申请书', ' '] }, ['请填写申请材料第 2 项']],
    ['repeated material', { materials: ['申请书', '申请书 '] }, ['申请材料“申请书”重复']],
    [
      'too many materials',
      { materials: Array.from({ length: 101 }, (_, i) => `材料${i}`) },
      ['申请材料不能超过 100 项'],
    ],
    ['fractional days', { promisedLimitDays: 1.5 }, ['承诺时限应为 0 至 250 之间的工作日数（即办填 0）']],
    ['negative legal', { legalLimitDays: -1 }, ['法定时限应为 0 至 250 之间的工作日数，没有法定时限的不填']],
    ['promised equal to legal', { legalLimitDays: 15, promisedLimitDays: 15 }, []],
    ['即办', { legalLimitDays: 0, promisedLimitDays: 0 }, []],
    ['a fee', { fee: '每证10元（豫发改收费〔2017〕1号）' }, []],
    ['http link', { onlineUrl: 'http://www.hnzwfw.gov.cn/' }, ['在线办理地址应以 https:// 开头']],
    ['link with spaces', { onlineUrl: 'https://a.gov.cn/ x' }, ['在线办理地址不能含有空格或控制字符']],
    ['link with password', { onlineUrl: 'https://u:p@a.gov.cn/' }, ['在线办理地址不能含有用户名或密码']],
    [
      'IP link',
      { onlineUrl: 'https://10.0.0.1/' },
      ['在线办理地址应为网站域名（如 https://www.hnzwfw.gov.cn/…）'],
    ],
    [
      'link too long',
      { onlineUrl: `https://a.gov.cn/${'a'.repeat(500)}` },
      ['在线办理地址不能超过 500 个字符'],
    ],
    ['version', { version: 3 }, []],
  ];
  for (const [name, overrides, expected] of cases)
    it(`table: ${name}`, () => assert.deepEqual(itemProblems(item(overrides)), expected));

  it('tells landlines with area codes, 12345-style hotlines and mobiles from other numbers', () => {
    const table: [string, ReturnType<typeof phoneKind>][] = [
      ['0391-5012345', 'landline'],
      ['010-65123456', 'landline'],
      ['010-12345678', null],
      ['(0391)5012345', 'landline'],
      ['（０３９１）５０１２３４５', 'landline'],
      ['0391 5012345', 'landline'],
      ['0391-5012345转801', 'landline'],
      ['12345', 'hotline'],
      ['0391-12345', 'hotline'],
      ['12315', 'hotline'],
      ['13812345678', 'mobile'],
      ['138 1234 5678', 'mobile'],
      ['+86 13812345678', 'mobile'],
      ['5012345', null],
      ['0391-0123456', null],
      ['12812345678', null],
      ['1381234567', null],
      ['110', null],
      ['电话', null],
      ['', null],
    ];
    for (const [text, kind] of table) assert.equal(phoneKind(text), kind, text);
    assert.equal(phoneProblem('0391-5012345、12345'), null);
    assert.equal(phoneProblem('12345/13812345678；0391-5012345'), null);
    assert.equal(phoneProblem('12345、12345、12345、12345'), '咨询电话最多填写三个号码');
    assert.equal(phoneProblem(''), '请填写咨询电话');
    assert.equal(phoneProblem('1'.repeat(61)), '咨询电话不能超过 60 个字');
  });

  it('checks links: only https to a named host', () => {
    assert.equal(urlProblem('https://www.hnzwfw.gov.cn/portal/#/home?id=1'), null);
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT://x.cn/',
      'data:text/html,x',
      'ftp://a.cn/',
      'https://',
      'https://localhost/',
    ])
      assert.notEqual(urlProblem(bad), null, bad);
  });

  it('finds repeated names at the same level, whatever the spacing and width', () => {
    const dups = duplicateItems([
      { name: '农村五保供养审批', level: 'town' },
      { name: '农村五保供养审批', level: 'village' },
      { name: ' 农村五保 供养审批', level: 'town' },
      { name: '临时救助', level: 'town' },
      { name: '', level: 'town' },
      { name: '', level: 'town' },
      { name: '农村五保供养审批', level: 'town' },
    ]);
    assert.deepEqual(
      [...dups.entries()],
      [
        [0, [2, 6]],
        [2, [0, 6]],
        [6, [0, 2]],
      ],
    );
  });

  it('normalizes as stored: texts trimmed, 不收费 as no fee', () => {
    const normal = normalizeItem(item({ name: ' 临时救助 ', fee: '不收费', materials: [' 申请书 '] }));
    assert.equal(normal.name, '临时救助');
    assert.equal(normal.fee, null);
    assert.deepEqual(normal.materials, ['申请书']);
  });

  it('parses 办公时间 as the hall writes it and writes it back', () => {
    const parsed = parseOpeningHours('周一至周五 8:30-12:00，14:30-17:30；周六 9:00～12:00');
    assert.ok('value' in parsed);
    assert.deepEqual(parsed.value, [
      {
        days: [1, 2, 3, 4, 5],
        periods: [
          { from: 510, to: 720 },
          { from: 870, to: 1050 },
        ],
      },
      { days: [6], periods: [{ from: 540, to: 720 }] },
    ]);
    assert.equal(formatOpeningHours(parsed.value), '周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00');
    assert.deepEqual(parseOpeningHours(formatOpeningHours(parsed.value)), parsed);
    assert.equal(openAt(parsed.value, 3, 9 * 60), true);
    assert.equal(openAt(parsed.value, 3, 12 * 60), false);
    assert.equal(openAt(parsed.value, 7, 10 * 60), false);
    const other = parseOpeningHours('工作日 8:00至12:00');
    assert.ok('value' in other);
    assert.deepEqual(other.value[0]!.days, [1, 2, 3, 4, 5]);
    const some = parseOpeningHours('星期一、星期三 8:00-11:00');
    assert.ok('value' in some);
    assert.deepEqual(some.value[0]!.days, [1, 3]);
    assert.equal(formatOpeningHours(some.value), '周一、周三 8:00-11:00');
    const problems: [string, string][] = [
      ['', '请填写办公时间'],
      ['上午八点', '办公时间“上午八点”无法识别，请按“周一至周五 8:30-12:00，14:30-17:30”的格式填写'],
      [
        '周八 8:00-9:00',
        '办公时间中的“周八”不是星期的写法，请按“周一至周五 8:30-12:00，14:30-17:30”的格式填写',
      ],
      [
        '周五至周一 8:00-9:00',
        '办公时间中的“周五至周一”不是星期的写法，请按“周一至周五 8:30-12:00，14:30-17:30”的格式填写',
      ],
      ['周一 12:00-8:00', '办公时间“12:00-8:00”的开始时刻应早于结束时刻'],
      ['周一 8:00-12:00，11:00-13:00', '办公时间“11:00-13:00”与前一时段重叠或顺序颠倒'],
      ['周一 8:61-9:00', '办公时间“8:61-9:00”中的时刻无效'],
      ['周一至周五 8:00-9:00；周五 9:00-10:00', '办公时间中同一天出现了两次'],
    ];
    for (const [text, problem] of problems) assert.deepEqual(parseOpeningHours(text), { problem }, text);
  });

  it('checks a window: name, its items listed once, its hours', () => {
    assert.deepEqual(
      windowProblems({
        name: '民政窗口',
        items: ['临时救助', '农村五保供养审批'],
        hours: '周一至周五 8:30-12:00',
      }),
      [],
    );
    assert.deepEqual(windowProblems({ name: '', items: ['临时救助', '临时救助 '], hours: '全天' }), [
      '请填写窗口名称',
      '事项“临时救助”在窗口中列了两次',
      '办公时间“全天”无法识别，请按“周一至周五 8:30-12:00，14:30-17:30”的格式填写',
    ]);
  });
});
