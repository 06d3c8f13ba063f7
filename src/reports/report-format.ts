// The national annual-report format (国办公开办函〔2021〕30号) and the transitional 2019-year format,
// defined once as data. Builders, parsers, renderers, rules and tests all read these constants.

export type ReportFormat = '2021' | '2019';

export const SECTION_KEYS = [
  'overview',
  'proactive',
  'applications',
  'appeals',
  'problems',
  'other',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export interface SectionDefinition {
  key: SectionKey;
  numeral: string;
  /** The title exactly as the format prints it, without the numeral. */
  title: string;
  /** Words that identify the heading even when a report words it a little differently. */
  keywords: readonly string[];
}

export const SECTIONS: readonly SectionDefinition[] = [
  { key: 'overview', numeral: '一', title: '总体情况', keywords: ['总体情况', '概述', '基本情况'] },
  { key: 'proactive', numeral: '二', title: '主动公开政府信息情况', keywords: ['主动公开'] },
  {
    key: 'applications',
    numeral: '三',
    title: '收到和处理政府信息公开申请情况',
    keywords: ['收到和处理', '依申请公开', '公开申请情况'],
  },
  {
    key: 'appeals',
    numeral: '四',
    title: '政府信息公开行政复议、行政诉讼情况',
    keywords: ['行政复议', '行政诉讼'],
  },
  {
    key: 'problems',
    numeral: '五',
    title: '存在的主要问题及改进情况',
    keywords: ['存在的主要问题', '改进情况'],
  },
  { key: 'other', numeral: '六', title: '其他需要报告的事项', keywords: ['其他需要报告'] },
];

export function sectionHeading(section: SectionDefinition): string {
  return `${section.numeral}、${section.title}`;
}

// ---------------------------------------------------------------------------------------------
// Table 二: 主动公开政府信息情况

export interface Table2Column {
  label: string;
  /** JSON key of this column in the 2021 shape (`issued`, `repealed`, `valid`), when the row has several. */
  key?: 'issued' | 'repealed' | 'valid';
  /** Decimals allowed (amounts in 万元). */
  decimal?: boolean;
  /** Negative numbers allowed (the 2019 format's 本年增/减). */
  signed?: boolean;
}

export interface Table2Row {
  key: string;
  label: string;
  /** Other labels real reports print for the same row. */
  aliases?: readonly string[];
}

export interface Table2Block {
  item: string;
  columns: readonly Table2Column[];
  rows: readonly Table2Row[];
}

export const TABLE2_2021: readonly Table2Block[] = [
  {
    item: '第二十条第（一）项',
    columns: [
      { label: '本年制发件数', key: 'issued' },
      { label: '本年废止件数', key: 'repealed' },
      { label: '现行有效件数', key: 'valid' },
    ],
    rows: [
      { key: 'regulations', label: '规章' },
      { key: 'normativeDocs', label: '行政规范性文件', aliases: ['规范性文件'] },
    ],
  },
  {
    item: '第二十条第（五）项',
    columns: [{ label: '本年处理决定数量' }],
    rows: [{ key: 'licensing', label: '行政许可' }],
  },
  {
    item: '第二十条第（六）项',
    columns: [{ label: '本年处理决定数量' }],
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'enforcement', label: '行政强制' },
    ],
  },
  {
    item: '第二十条第（八）项',
    columns: [{ label: '本年收费金额（单位：万元）', decimal: true }],
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
];

const COLUMNS_2019_DECISIONS: readonly Table2Column[] = [
  { label: '上一年项目数量' },
  { label: '本年增/减', signed: true },
  { label: '处理决定数量' },
];

export const TABLE2_2019: readonly Table2Block[] = [
  {
    item: '第二十条第（一）项',
    columns: [{ label: '本年新制作数量' }, { label: '本年新公开数量' }, { label: '对外公开总数量' }],
    rows: [
      { key: 'regulations', label: '规章' },
      { key: 'normativeDocs', label: '规范性文件', aliases: ['行政规范性文件'] },
    ],
  },
  {
    item: '第二十条第（五）项',
    columns: COLUMNS_2019_DECISIONS,
    rows: [
      { key: 'licensing', label: '行政许可' },
      { key: 'otherServices', label: '其他对外管理服务事项' },
    ],
  },
  {
    item: '第二十条第（六）项',
    columns: COLUMNS_2019_DECISIONS,
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'enforcement', label: '行政强制' },
    ],
  },
  {
    item: '第二十条第（八）项',
    columns: [{ label: '上一年项目数量' }, { label: '本年增/减', signed: true }],
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
  {
    item: '第二十条第（九）项',
    columns: [{ label: '采购项目数量' }, { label: '采购总金额', decimal: true }],
    rows: [{ key: 'procurement', label: '政府集中采购' }],
  },
];

export function table2Layout(format: ReportFormat): readonly Table2Block[] {
  return format === '2021' ? TABLE2_2021 : TABLE2_2019;
}

export const TABLE2_HEADER_FIRST_CELL = '信息内容';

// ---------------------------------------------------------------------------------------------
// Table 三: 收到和处理政府信息公开申请情况

/** Applicant columns in the printed order; the last one is 总计. */
export const APPLICANT_COLUMNS = [
  '自然人',
  '商业企业',
  '科研机构',
  '社会公益组织',
  '法律服务机构',
  '其他',
  '总计',
] as const;
export type ApplicantColumnLabel = (typeof APPLICANT_COLUMNS)[number];
export const COLUMN_COUNT = APPLICANT_COLUMNS.length;
export const TOTAL_COLUMN = COLUMN_COUNT - 1;
/** Indexes of the five 法人或其他组织 columns. */
export const LEGAL_PERSON_COLUMNS = [1, 2, 3, 4, 5] as const;

export const TABLE3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const TABLE3_APPLICANT_HEADER = '申请人情况';
export const TABLE3_LEGAL_PERSON_HEADER = '法人或其他组织';

export type Table3Group = 'granted' | 'partial' | 'denied' | 'unable' | 'notProcessed' | 'other';

export interface Table3RowDefinition {
  key: string;
  /** The label exactly as printed (the leaf label for rows inside a group). */
  label: string;
  /** For rows of 三、本年度办理结果: the group and the group's printed label. */
  group?: Table3Group;
  groupLabel?: string;
  /** Position in the JSON shape: `rows[json]` or `rows[json][index]`. */
  json: string;
  index?: number;
  /** Words that identify the row in a messy report; checked in the row's label cells after normalisation. */
  keywords: readonly string[];
  /** Whether this row is one of the 22 result rows summed into （七）总计. */
  result: boolean;
  /** Format in which the row exists; both when absent. */
  only?: ReportFormat;
}

const RESULT_HEADING = '三、本年度办理结果';

export const TABLE3_RESULT_HEADING = RESULT_HEADING;

export const TABLE3_ROWS: readonly Table3RowDefinition[] = [
  {
    key: 'new',
    label: '一、本年新收政府信息公开申请数量',
    json: 'new',
    keywords: ['本年新收'],
    result: false,
  },
  {
    key: 'carriedIn',
    label: '二、上年结转政府信息公开申请数量',
    json: 'carriedIn',
    keywords: ['上年结转'],
    result: false,
  },
  {
    key: 'granted',
    label: '（一）予以公开',
    group: 'granted',
    json: 'granted',
    keywords: ['予以公开'],
    result: true,
  },
  {
    key: 'partial',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    group: 'partial',
    json: 'partial',
    keywords: ['部分公开'],
    result: true,
  },
  ...(
    [
      ['1.属于国家秘密', ['国家秘密']],
      ['2.其他法律行政法规禁止公开', ['法律行政法规禁止', '法规禁止公开']],
      ['3.危及“三安全一稳定”', ['三安全一稳定']],
      ['4.保护第三方合法权益', ['第三方合法权益']],
      ['5.属于三类内部事务信息', ['内部事务']],
      ['6.属于四类过程性信息', ['过程性信息']],
      ['7.属于行政执法案卷', ['执法案卷']],
      ['8.属于行政查询事项', ['行政查询']],
    ] as const
  ).map(
    ([label, keywords], index): Table3RowDefinition => ({
      key: `denied${index + 1}`,
      label,
      group: 'denied',
      groupLabel: '（三）不予公开',
      json: 'denied',
      index,
      keywords,
      result: true,
    }),
  ),
  ...(
    [
      ['1.本机关不掌握相关政府信息', ['不掌握']],
      ['2.没有现成信息需要另行制作', ['另行制作', '没有现成信息']],
      ['3.补正后申请内容仍不明确', ['补正后申请内容', '仍不明确']],
    ] as const
  ).map(
    ([label, keywords], index): Table3RowDefinition => ({
      key: `unable${index + 1}`,
      label,
      group: 'unable',
      groupLabel: '（四）无法提供',
      json: 'unable',
      index,
      keywords,
      result: true,
    }),
  ),
  ...(
    [
      ['1.信访举报投诉类申请', ['信访举报投诉', '信访']],
      ['2.重复申请', ['重复申请']],
      ['3.要求提供公开出版物', ['公开出版物']],
      ['4.无正当理由大量反复申请', ['大量反复申请', '大量反复']],
      ['5.要求行政机关确认或重新出具已获取信息', ['重新出具', '确认或重新出具']],
    ] as const
  ).map(
    ([label, keywords], index): Table3RowDefinition => ({
      key: `notProcessed${index + 1}`,
      label,
      group: 'notProcessed',
      groupLabel: '（五）不予处理',
      json: 'notProcessed',
      index,
      keywords,
      result: true,
    }),
  ),
  {
    key: 'other1',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    group: 'other',
    groupLabel: '（六）其他处理',
    json: 'other',
    index: 0,
    keywords: ['逾期不补正'],
    result: true,
    only: '2021',
  },
  {
    key: 'other2',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    group: 'other',
    groupLabel: '（六）其他处理',
    json: 'other',
    index: 1,
    keywords: ['缴纳费用', '收费通知'],
    result: true,
    only: '2021',
  },
  {
    key: 'other3',
    label: '3.其他',
    group: 'other',
    groupLabel: '（六）其他处理',
    json: 'other',
    index: 2,
    keywords: ['3.其他'],
    result: true,
    only: '2021',
  },
  {
    // The 2019 format had a single 其他处理 row; the JSON shape puts it in other[0].
    key: 'otherSingle',
    label: '（六）其他处理',
    group: 'other',
    json: 'other',
    index: 0,
    keywords: ['其他处理'],
    result: true,
    only: '2019',
  },
  { key: 'total', label: '（七）总计', json: 'total', keywords: ['总计'], result: false },
  {
    key: 'carriedOut',
    label: '四、结转下年度继续办理',
    json: 'carriedOut',
    keywords: ['结转下年度'],
    result: false,
  },
];

export function table3Rows(format: ReportFormat): readonly Table3RowDefinition[] {
  return TABLE3_ROWS.filter((row) => row.only === undefined || row.only === format);
}

export function table3Row(key: string): Table3RowDefinition {
  const row = TABLE3_ROWS.find((r) => r.key === key);
  if (!row) throw new Error(`unknown table 三 row: ${key}`);
  return row;
}

export const TABLE3_GROUP_LABELS: Record<Table3Group, string> = {
  granted: '予以公开',
  partial: '部分公开',
  denied: '不予公开',
  unable: '无法提供',
  notProcessed: '不予处理',
  other: '其他处理',
};

/** The six result groups of table 三 in printed order, with the words prose uses for them. */
export const TABLE3_RESULT_GROUPS: readonly { group: Table3Group; word: string }[] = (
  Object.keys(TABLE3_GROUP_LABELS) as Table3Group[]
).map((group) => ({ group, word: TABLE3_GROUP_LABELS[group] }));

// ---------------------------------------------------------------------------------------------
// Table 四: 政府信息公开行政复议、行政诉讼情况 (the same in both formats)

export const TABLE4_GROUPS = [
  { key: 'reconsideration', label: '行政复议', parent: null },
  { key: 'litigationDirect', label: '未经复议直接起诉', parent: '行政诉讼' },
  { key: 'litigationAfterReconsideration', label: '复议后起诉', parent: '行政诉讼' },
] as const;
export type Table4GroupKey = (typeof TABLE4_GROUPS)[number]['key'];

export const TABLE4_RESULTS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] as const;
export const TABLE4_TOTAL = TABLE4_RESULTS.length - 1;

// ---------------------------------------------------------------------------------------------
// Deadlines (条例第四十九条; the township default is the usual provincial practice)

export const REPORT_DEADLINE_DEPARTMENT = { month: 1, day: 31 } as const;
export const REPORT_DEADLINE_GOVERNMENT_SUMMARY = { month: 3, day: 31 } as const;
