// The 政府信息公开指南 (条例第十二条) as data (pure): built from the agency's settings (the
// 工作机构's contact details), its catalogue, its place in the tree and the system's own rules
// (the 20-working-day limits, 补正, the 信息处理费 tariff, who receives applications). The legal
// wording lives here once; the portal page only lays it out. Wording of the 条例 is [K] in
// spec/statute-and-report-format.md unless marked otherwise: a correction is a change of this file.
import type { AgencyContact, AgencyKind } from '../agencies/index.ts';
import { PERIODS, RECEIPT_RULES, receivesApplications } from '../applications/index.ts';
import {
  CASE_FEE_TIERS,
  FEE_MEASURES,
  FEE_METHOD_LABELS,
  FEE_PAYMENT_WORKING_DAYS,
  PAGE_FEE_TIERS,
} from '../fees/index.ts';
import type { CatalogueCategory } from './catalogue.ts';
import { CHANNELS, type Channel } from './item.ts';
import { PUBLICATION_ARTICLE, PUBLICATION_WORKING_DAYS } from './timeliness.ts';

/** What a contact detail the agency has not set reads as: never a blank. */
export const NOT_SET = '未设置';

export const REGULATION = '《中华人民共和国政府信息公开条例》';

// The time limits are the ones the deadline clock of 依申请公开 counts with (applications/clock.ts).
const REPLY_WORKING_DAYS = PERIODS.reply.workingDays;
const EXTENSION_WORKING_DAYS = PERIODS.extension.workingDays;
const SUPPLEMENT_NOTICE_WORKING_DAYS = PERIODS.supplementNotice.workingDays;

/**
 * The national rules every portal's 公开制度 column lists. Only documents whose title and number
 * are checked in the spec (sources there) are listed.
 */
export const NATIONAL_RULES: readonly { title: string; reference: string }[] = [
  {
    title: '《中华人民共和国政府信息公开条例》',
    reference: '国务院令第711号修订，2019年4月3日公布，2019年5月15日起施行',
  },
  {
    title: '《政府信息公开信息处理费管理办法》',
    reference: '国办函〔2020〕109号，2020年11月17日印发',
  },
  {
    title: '《中华人民共和国政府信息公开工作年度报告格式》',
    reference: '国办公开办函〔2021〕30号，2021年9月26日印发',
  },
  {
    title: '《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》',
    reference: '国办发〔2019〕54号',
  },
];

/** The labels of the 工作机构's contact details, in the order the guide prints them. */
export const CONTACT_FIELDS: readonly [keyof AgencyContact, string][] = [
  ['office', '政府信息公开工作机构'],
  ['address', '办公地址'],
  ['postcode', '邮政编码'],
  ['hours', '办公时间'],
  ['phone', '联系电话'],
  ['fax', '传真号码'],
  ['email', '电子邮箱'],
];

export interface GuideFact {
  label: string;
  value: string;
  /** The agency has not set it: `value` is NOT_SET. */
  missing: boolean;
}

export interface GuideCategoryGroup {
  label: string;
  categories: string[];
}

export interface GuideApplication {
  who: string;
  /** The ways to apply, each with its address or number. */
  channels: GuideFact[];
  /** How the receipt day is fixed, per channel (第三十一条). */
  receipt: string[];
  /** What the application contains (第二十九条). */
  formContents: string[];
  formNote: string;
  timeLimits: string[];
  supplement: string;
  fees: string[];
  outcomes: string[];
}

export interface Guide {
  agencyName: string;
  /** 第十二条: the 工作机构's name, address, hours, phone, fax and internet contact. */
  contact: GuideFact[];
  proactive: {
    scope: GuideCategoryGroup[];
    arrangement: string;
    channels: string[];
    timeLimit: string;
  };
  /** Null for a 村（居）民委员会: it receives no applications (第二十七条). */
  application: GuideApplication | null;
  /** Why there is no application section, when there is none. */
  noApplication: string | null;
  remedies: string[];
}

export interface GuideInput {
  agency: { name: string; kind: AgencyKind; contact: AgencyContact };
  /** The agency above it, which takes 投诉、举报 (第五十一条); null for the top of the tree. */
  parent: { name: string; kind: AgencyKind } | null;
  /** The agency's catalogue; hidden categories are left out. */
  categories: readonly CatalogueCategory[];
  /** Channels besides the portal the agency has registered publications on. */
  channels: readonly Channel[];
  /** Where the online form is (absolute path on the portal). */
  applyHref: string;
}

function fact(label: string, value: string | undefined): GuideFact {
  return value === undefined || value.trim() === ''
    ? { label, value: NOT_SET, missing: true }
    : { label, value, missing: false };
}

function groupCategories(categories: readonly CatalogueCategory[]): GuideCategoryGroup[] {
  const groups: GuideCategoryGroup[] = [];
  for (const category of categories) {
    if (category.hidden) continue;
    const last = groups.at(-1);
    if (last && last.label === category.groupLabel) last.categories.push(category.name);
    else groups.push({ label: category.groupLabel, categories: [category.name] });
  }
  return groups;
}

/** The 按件/按量 tariff in words, from the tariff's own numbers (国办函〔2020〕109号第四、五条). */
export function feeSentences(): string[] {
  const c = CASE_FEE_TIERS;
  const pageTiers = PAGE_FEE_TIERS.map((tier) => {
    const range =
      tier.to === null ? `${tier.from}页以上的部分` : `${tier.from}—${tier.to}页（含${tier.to}页）的部分`;
    return tier.price === 0 ? `${range}不收费` : `${range}按${tier.price}元/页收取`;
  });
  return [
    '本机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，本机关可以收取信息处理费（条例第四十二条）。',
    `信息处理费依照${FEE_MEASURES}，采取${FEE_METHOD_LABELS.per_case}或者${FEE_METHOD_LABELS.per_page}两种方式，实行超额累进计费，对同一申请只选择一种方式，不重复收取。`,
    `${FEE_METHOD_LABELS.per_case}：同一申请人一个自然月内累计申请${c.freeUpTo}件以下（含${c.freeUpTo}件）的，不收费；${c.freeUpTo + 1}—${c.firstBandUpTo}件（含${c.firstBandUpTo}件）的部分，按${c.firstBandPrice}元/件收取；${c.firstBandUpTo + 1}件以上的部分，以${c.bandSize}件为一档，每增加一档，收费标准提高${c.bandIncrement}元/件。`,
    `${FEE_METHOD_LABELS.per_page}：同一申请人单件申请处理信息量${pageTiers.join('；')}。`,
    `需要收费的，本机关向申请人出具收费通知，说明收费的依据、标准、数额、缴纳方式等。申请人应当自收到收费通知的次日起${FEE_PAYMENT_WORKING_DAYS}个工作日内缴纳费用；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
  ];
}

/** The seven kinds of reply (条例第三十六条). */
export const REPLY_OUTCOMES: readonly string[] = [
  '所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径；',
  '所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间；',
  '本机关依据条例的规定决定不予公开的，告知申请人不予公开并说明理由；',
  '经检索没有所申请公开信息的，告知申请人该政府信息不存在；',
  '所申请公开信息不属于本机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式；',
  '本机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理；',
  '所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。',
];

/** 第二十九条: what an application contains. */
export const FORM_CONTENTS: readonly string[] = [
  '申请人的姓名或者名称、身份证明、联系方式；',
  '申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；',
  '申请公开的政府信息的形式要求，包括获取信息的方式、途径。',
];

const RECEIPT_ORDER = ['online', 'in_person', 'letter', 'fax', 'email'] as const;

function applicationSection(input: GuideInput): GuideApplication {
  const { contact } = input.agency;
  const office = contact.office ?? NOT_SET;
  const where = contact.address ?? NOT_SET;
  return {
    who: `公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请由本机关政府信息公开工作机构（${office}）统一受理（条例第二十七条、第二十九条）。`,
    channels: [
      {
        label: '网上申请',
        value: `在本平台“依申请公开”栏目在线填写申请表并上传身份证明，提交后即时获得申请编号和查询码，可凭此查询办理进度和答复（${input.applyHref}）。`,
        missing: false,
      },
      fact(
        '信函申请',
        contact.address === undefined
          ? undefined
          : `将申请表和身份证明复印件邮寄至${where}${contact.postcode ? `（邮政编码：${contact.postcode}）` : ''}，收件人为${office}，请在信封左下角注明“政府信息公开申请”字样。`,
      ),
      fact('传真申请', contact.fax === undefined ? undefined : `传真至${contact.fax}，并电话确认。`),
      fact(
        '电子邮件申请',
        contact.email === undefined ? undefined : `发送至${contact.email}，请附身份证明扫描件。`,
      ),
      fact(
        '当面申请',
        contact.address === undefined
          ? undefined
          : `在办公时间（${contact.hours ?? NOT_SET}）到${where}当面提交书面申请。`,
      ),
    ],
    receipt: RECEIPT_ORDER.map((channel) => RECEIPT_RULES[channel]),
    formContents: [...FORM_CONTENTS],
    formNote:
      '申请应当以书面形式（包括信件、数据电文）提出；采用书面形式确有困难的，申请人可以口头提出，由本机关政府信息公开工作机构代为填写政府信息公开申请（条例第二十九条）。',
    timeLimits: [
      `能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起${REPLY_WORKING_DAYS}个工作日内予以答复（条例第三十三条）。`,
      `需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过${EXTENSION_WORKING_DAYS}个工作日。`,
      '征求第三方和其他机关意见所需时间，不计算在上述期限内（条例第三十二条、第三十四条）。',
    ],
    supplement: `申请内容不明确的，本机关给予指导和释明，并自收到申请之日起${SUPPLEMENT_NOTICE_WORKING_DAYS}个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。答复期限自本机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请（条例第三十条）。`,
    fees: feeSentences(),
    outcomes: [...REPLY_OUTCOMES],
  };
}

/** Who decides a 行政复议 against the agency, when the tree tells ([K]: 行政复议法 2023年修订第二十四条). */
function reconsiderationBody(input: GuideInput): string {
  const { parent, agency } = input;
  if (parent !== null && parent.kind === 'region' && (agency.kind === 'town' || agency.kind === 'department'))
    return `向${parent.name}`;
  return '向有管辖权的行政复议机关';
}

function remedies(input: GuideInput): string[] {
  const supervisor =
    input.parent === null
      ? '上一级行政机关或者政府信息公开工作主管部门'
      : `上一级行政机关（${input.parent.name}）或者政府信息公开工作主管部门`;
  const complaint = `公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向${supervisor}投诉、举报（条例第五十一条）。`;
  // A 村（居）民委员会 is not an administrative organ: 投诉、举报 only.
  if (!receivesApplications(input.agency.kind)) return [complaint];
  return [
    complaint,
    `认为本机关在政府信息公开工作中的具体行政行为侵犯其合法权益的，可以自知道该行政行为之日起六十日内，依法${reconsiderationBody(input)}申请行政复议。`,
    '也可以自知道或者应当知道作出行政行为之日起六个月内，依法向人民法院提起行政诉讼。',
  ];
}

export function buildGuide(input: GuideInput): Guide {
  const { agency } = input;
  const receives = receivesApplications(agency.kind);
  const channels = [
    '本平台政府信息公开专栏（政府信息公开目录、搜索）',
    ...input.channels.filter((c) => c !== 'portal').map((c) => CHANNELS[c]),
  ];
  return {
    agencyName: agency.name,
    contact: CONTACT_FIELDS.map(([key, label]) => fact(label, agency.contact[key])),
    proactive: {
      scope: groupCategories(input.categories),
      arrangement:
        '主动公开的政府信息按上列类别编排，每条信息列明索引号、信息名称、内容概述、生成日期等，可在政府信息公开目录中按类别浏览，也可以检索查询、下载附件（条例第十二条、第二十四条）。',
      channels,
      timeLimit: `属于主动公开范围的政府信息，自该政府信息形成或者变更之日起${PUBLICATION_WORKING_DAYS}个工作日内予以公开；法律、法规对政府信息公开的期限另有规定的，从其规定（${PUBLICATION_ARTICLE}）。`,
    },
    application: receives ? applicationSection(input) : null,
    noApplication: receives
      ? null
      : '村民委员会、居民委员会不是受理政府信息公开申请的行政机关（条例第二十七条）。需要获取政府信息的，请向负责该信息的行政机关提出。',
    remedies: remedies(input),
  };
}
