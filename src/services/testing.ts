// Test support: a complete item of the seed's kind, and random valid items for round trips.
import fc from 'fast-check';
import { SERVICE_ITEM_TYPE_IDS, SERVICE_LEVEL_IDS, type ServiceItem } from './service-item.ts';

export function sampleItem(overrides: Partial<ServiceItem> = {}): ServiceItem {
  return {
    name: '农村五保供养审批',
    type: 'payment',
    level: 'town',
    basis: '《农村五保供养工作条例》第七条',
    conditions: '老年、残疾或者未满16周岁的村民，无劳动能力、无生活来源又无法定赡养、抚养、扶养义务人',
    materials: ['申请书', '户口簿及身份证复印件'],
    procedure: '申请→村民委员会评议、公告→乡镇人民政府审核→县级民政部门审批',
    legalLimitDays: 20,
    promisedLimitDays: 15,
    fee: null,
    window: '民政窗口',
    phone: '0391-5012345',
    onlineUrl: 'https://www.hnzwfw.gov.cn/item/123',
    version: 1,
    ...overrides,
  };
}

// A line of text as a clerk types it: no control characters, no surrounding spaces.
const line = (max: number) =>
  fc
    .string({
      minLength: 1,
      maxLength: max,
      unit: fc.constantFrom(...'事项办理申请材料村镇民政（）〔〕、，。ABCab012 -'.split('')),
    })
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '不收费' && s !== '即办');

/** A valid item whose texts survive a spreadsheet unchanged. */
export const arbitraryItem: fc.Arbitrary<ServiceItem> = fc
  .record({
    name: line(40),
    type: fc.constantFrom(...SERVICE_ITEM_TYPE_IDS),
    level: fc.constantFrom(...SERVICE_LEVEL_IDS),
    basis: line(80),
    conditions: fc.array(line(30), { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n')),
    materials: fc.uniqueArray(line(20), {
      minLength: 1,
      maxLength: 6,
      selector: (m) => m.replace(/\s+/g, ''),
    }),
    procedure: line(80),
    legal: fc.option(fc.integer({ min: 0, max: 250 }), { nil: null }),
    promised: fc.integer({ min: 0, max: 250 }),
    fee: fc.option(line(30), { nil: null }),
    window: line(20),
    phone: fc.constantFrom('0391-5012345', '12345', '13812345678', '0391-5012345、12345'),
    onlineUrl: fc.constantFrom(
      '',
      'https://www.hnzwfw.gov.cn/item/1',
      'https://zwfw.jiyuan.gov.cn/a?b=c&d=1',
    ),
    version: fc.integer({ min: 1, max: 99 }),
  })
  .map((r) => ({
    name: r.name,
    type: r.type,
    level: r.level,
    basis: r.basis,
    conditions: r.conditions,
    materials: r.materials,
    procedure: r.procedure,
    legalLimitDays: r.legal,
    promisedLimitDays: r.legal === null ? r.promised : Math.min(r.promised, r.legal),
    fee: r.fee,
    window: r.window,
    phone: r.phone,
    onlineUrl: r.onlineUrl,
    version: r.version,
  }));
