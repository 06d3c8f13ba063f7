// 承留镇's 2022 publications as data (pure), so that the demo holds what the town's 2022 report
// (../shared/seed) says it published: 904 items, 645 on the WeChat account “印象承留” and 259 on the
// website. Titles and texts are invented from a few templates per column; they name villages,
// projects and amounts, never a person.
//
// Website columns. The seed names 政策信息 26, 法定主动公开内容 68, 基层政务公开 134 and 村居信息
// 49: 277 items, 18 more than the 259 it gives for the website, so on the town's site some items sit
// in two columns. Here an item has one category, so the four columns must add up to 259: 政策信息
// and 村居信息 are the town's own categories (they are not in the national catalogue), 法定主动公开
// 内容 are the 条例第二十、二十一条 categories and 基层政务公开 the 26 areas. Three columns keep the
// seed's numbers; 基层政务公开, the largest column and the one the village items overlap, is the one
// with 18 fewer: 116.
import {
  addDays,
  buildCalendar,
  isWorkingDay,
  OFFICIAL_ARRANGEMENTS,
  type WorkingDayCalendar,
} from '../calendar/index.ts';

export const DEMO_YEAR = 2022;

/** The town's own catalogue categories the 2022 items use (created by name if missing). */
export const OWN_CATEGORY_NAMES = { policy: '政策信息', village: '村居信息' } as const;
export type OwnCategoryKey = keyof typeof OWN_CATEGORY_NAMES;

/** The counts per website column, as chosen above. */
export const COLUMN_COUNTS = {
  policy: 26,
  statutory: 68,
  basic: 116,
  village: 49,
} as const;

export const WECHAT_COUNT = 645;
export const WECHAT_ACCOUNT = '印象承留';

export interface DemoPortalItem {
  /** A default category code (FD…, FZ…, JC…) or the key of an own category. */
  category: string | { own: OwnCategoryKey };
  theme: string;
  title: string;
  documentNumber: string | null;
  summary: string;
  bodyHtml: string;
  keywords: string;
  /** 成文日期: drafted and sent to 保密审查 that day. */
  formedOn: string;
  /** The next working day: reviewed, approved and published. */
  publishedOn: string;
}

export interface DemoWechatPost {
  title: string;
  publishedOn: string;
  url: string;
}

const CALENDAR: WorkingDayCalendar = buildCalendar(OFFICIAL_ARRANGEMENTS.filter((a) => a.year === DEMO_YEAR));

function nextWorkingDay(date: string, includeSelf: boolean): string {
  let day = includeSelf ? date : addDays(date, 1);
  while (!isWorkingDay(day, CALENDAR)) day = addDays(day, 1);
  return day;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The first working day on or after the day of 2022 (days past the month's end roll over). */
function on(month: number, day: number): string {
  return nextWorkingDay(addDays(`${DEMO_YEAR}-${pad2(month)}-01`, day - 1), true);
}

const VILLAGES = ['承留村', '南勋村', '花石村', '武山村', '大沟河村', '玉皇庙村'] as const;
const QUARTERS = ['一', '二', '三', '四'] as const;
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
const OFFICE = '承留镇党政综合办公室（政务公开办）';

interface Entry {
  formedOn: string;
  title: string;
  summary: string;
  body?: string;
  /** A document of the town's government: numbered 承政〔2022〕n号 in the order made. */
  numbered?: boolean;
}

interface Series {
  category: DemoPortalItem['category'];
  theme: string;
  keywords: string;
  entries: Entry[];
}

const paragraphs = (...texts: string[]) => texts.map((t) => `<p>${t}</p>`).join('');

const POLICY: Series[] = [
  {
    category: { own: 'policy' },
    theme: '综合政务',
    keywords: '工作方案，通知',
    entries: [
      '政务公开工作要点',
      '安全生产专项整治工作方案',
      '农村人居环境整治提升工作方案',
      '森林防灭火工作方案',
      '防汛抗旱工作方案',
      '乡村振兴重点工作任务',
      '耕地保护和粮食安全责任制考核方案',
      '秸秆禁烧和综合利用工作方案',
      '食品安全工作要点',
      '平安建设工作要点',
    ].map((topic, i) => ({
      formedOn: on(2 + i, 8),
      title: `承留镇人民政府关于印发《承留镇${DEMO_YEAR}年${topic}》的通知`,
      numbered: true,
      summary: `印发承留镇${DEMO_YEAR}年${topic}，请各村（社区）、镇直各单位认真贯彻落实。`,
      body: paragraphs(
        '各村（社区）、镇直各单位：',
        `现将《承留镇${DEMO_YEAR}年${topic}》印发给你们，请结合实际，认真贯彻落实。`,
      ),
    })),
  },
  {
    category: { own: 'policy' },
    theme: '民政、扶贫、救灾',
    keywords: '政策解读',
    entries: [
      '耕地地力保护补贴政策',
      '城乡居民基本医疗保险缴费政策',
      '农村最低生活保障对象认定办法',
      '高龄津贴发放政策',
      '农村危房改造补助政策',
      '退役军人优待政策',
      '困难残疾人生活补贴和重度残疾人护理补贴政策',
      '城乡居民基本养老保险政策',
      '“雨露计划”职业教育补助政策',
      '脱贫人口小额信贷政策',
    ].map((topic, i) => ({
      formedOn: on(1 + i, 18),
      title: `${DEMO_YEAR}年${topic}解读`,
      summary: `以问答形式解读${topic}的对象、标准和办理程序。`,
      body: paragraphs(
        `一、政策对象和标准：${topic}的适用对象、补助标准按上级文件执行。`,
        `二、办理程序：申请人向所在村（社区）提出申请，经村级评议、镇级审核后报示范区主管部门审批。`,
        `三、咨询方式：${OFFICE}，法定工作日办公时间。`,
      ),
    })),
  },
  {
    category: { own: 'policy' },
    theme: '综合政务',
    keywords: '实施方案',
    entries: [
      '城乡居民医保集中征缴',
      '农村生活污水治理',
      '冬春农田水利基本建设',
      '全民国家安全教育日宣传',
      '冬季清洁取暖',
      '消防安全隐患排查整治',
    ].map((topic, i) => ({
      formedOn: on(2 + i * 2, 22),
      title: `承留镇${DEMO_YEAR}年${topic}实施方案`,
      summary: `明确${topic}工作的目标任务、责任分工和时间安排。`,
    })),
  },
];

const STATUTORY: Series[] = [
  {
    category: 'FD02',
    theme: '综合政务',
    keywords: '机构职能，联系方式',
    entries: [
      {
        formedOn: on(1, 10),
        title: '承留镇人民政府机构职能及联系方式',
        summary: '承留镇人民政府的主要职能、内设机构、办公地址、办公时间和联系方式。',
      },
      {
        formedOn: on(7, 5),
        title: '承留镇人民政府领导班子成员工作分工调整的通知',
        summary: '根据人员变动情况，对镇领导班子成员工作分工进行调整。',
        numbered: true,
      },
    ],
  },
  {
    category: 'FD06',
    theme: '市场监管、安全生产监管',
    keywords: '行政处罚，信息公开',
    // Five a month: the 60 行政处罚 decisions of the town's table 二.
    entries: MONTHS.map((m) => ({
      formedOn: on(m, 20),
      title: `承留镇${DEMO_YEAR}年${m}月行政处罚案件信息公开`,
      summary: `${DEMO_YEAR}年${m}月，承留镇共作出行政处罚决定5件，均已送达当事人。`,
      body: paragraphs(
        `${DEMO_YEAR}年${m}月，承留镇综合行政执法大队依法作出行政处罚决定5件，案由涉及违法占地、违规焚烧秸秆和占道经营。`,
        '处罚决定书已依法送达，当事人的个人信息依法不予公开。',
      ),
    })),
  },
  {
    category: 'FD07',
    theme: '财政、金融、审计',
    keywords: '预算，决算，三公经费',
    entries: [
      [on(2, 15), `承留镇${DEMO_YEAR}年部门预算公开`],
      [on(2, 16), `承留镇${DEMO_YEAR}年“三公”经费预算情况说明`],
      [on(8, 15), `承留镇${DEMO_YEAR - 1}年部门决算公开`],
      [on(8, 16), `承留镇${DEMO_YEAR - 1}年“三公”经费决算情况说明`],
    ].map(([formedOn, title]) => ({
      formedOn: formedOn!,
      title: title!,
      summary: '按照示范区财政部门统一要求公开，含收支总表、财政拨款支出表和情况说明。',
    })),
  },
  {
    category: 'FD09',
    theme: '财政、金融、审计',
    keywords: '政府采购',
    entries: QUARTERS.map((q, i) => ({
      formedOn: on(i * 3 + 3, 26),
      title: `承留镇${DEMO_YEAR}年第${q}季度政府集中采购实施情况`,
      summary: `第${q}季度政府集中采购项目的目录、标准和执行情况。`,
    })),
  },
  {
    category: 'FD10',
    theme: '城乡建设、环境保护',
    keywords: '重大建设项目，批准，实施',
    entries: [
      '花石村至武山村道路提升工程',
      '承留镇区雨污分流改造工程',
      '大沟河村高标准农田建设项目',
      '南勋村农村供水巩固提升工程',
      '玉皇庙村文化广场建设项目',
      '承留镇敬老院改造提升工程',
    ].map((project, i) => ({
      formedOn: on(3 + i, 25),
      title: `${project}批准和实施情况`,
      summary: `${project}的立项批复、建设内容、投资规模和实施进度。`,
    })),
  },
  {
    category: 'FD11',
    theme: '劳动、人事、监察',
    keywords: '就业，社会保障，教育，医疗',
    entries: [
      [on(1, 20), `关于做好${DEMO_YEAR + 1}年度城乡居民基本医疗保险参保缴费工作的通告`],
      [on(2, 14), `承留镇${DEMO_YEAR}年“春风行动”就业招聘活动安排`],
      [on(3, 10), `承留镇${DEMO_YEAR}年农村劳动力技能培训计划`],
      [on(4, 11), `承留镇${DEMO_YEAR}年春季学期“雨露计划”补助申报工作的通知`],
      [on(5, 16), `承留镇${DEMO_YEAR}年家庭医生签约服务工作安排`],
      [on(6, 13), `承留镇${DEMO_YEAR}年城乡居民基本养老保险参保缴费工作的通知`],
      [on(7, 11), `承留镇${DEMO_YEAR}年高校毕业生就业服务工作安排`],
      [on(9, 13), `承留镇${DEMO_YEAR}年秋季学期“雨露计划”补助申报工作的通知`],
      [on(10, 17), `承留镇${DEMO_YEAR}年防止返贫监测帮扶措施落实情况`],
      [on(11, 14), `承留镇${DEMO_YEAR}年残疾人两项补贴申报工作的通知`],
    ].map(([formedOn, title]) => ({
      formedOn: formedOn!,
      title: title!,
      summary: '政策依据、适用对象、办理流程和咨询方式。',
    })),
  },
  {
    category: 'FD12',
    theme: '公安、安全、司法',
    keywords: '应急预案，预警，应对',
    entries: [
      [on(1, 17), '关于做好春节期间疫情防控工作的通告'],
      [on(3, 15), '承留镇森林火灾应急预案'],
      [on(4, 20), '承留镇地质灾害防治工作方案'],
      [on(5, 25), `承留镇${DEMO_YEAR}年防汛应急预案`],
      [on(6, 20), '承留镇突发公共卫生事件应急预案'],
      [on(8, 10), '承留镇安全生产事故应急预案'],
      [on(9, 26), '关于做好国庆节期间疫情防控工作的通告'],
      [on(11, 28), '关于做好寒潮天气防范应对工作的通知'],
    ].map(([formedOn, title]) => ({
      formedOn: formedOn!,
      title: title!,
      summary: '组织指挥体系、预警响应、处置措施和保障措施。',
    })),
  },
  {
    category: 'FD13',
    theme: '市场监管、安全生产监管',
    keywords: '监督检查，安全生产，环境保护',
    entries: MONTHS.map((m) => ({
      formedOn: on(m, 26),
      title: `承留镇${DEMO_YEAR}年${m}月安全生产和生态环境监督检查情况`,
      summary: `${m}月对辖区企业、经营场所的安全生产和生态环境监督检查情况及问题整改情况。`,
    })),
  },
  {
    category: 'FZ01',
    theme: '农业、林业、水利',
    keywords: '农业农村政策',
    entries: QUARTERS.map((q, i) => ({
      formedOn: on(i * 3 + 3, 28),
      title: `承留镇${DEMO_YEAR}年第${q}季度农业农村政策贯彻落实情况`,
      summary: `第${q}季度粮食生产、耕地保护、农村改革等政策的落实情况。`,
    })),
  },
  {
    category: 'FZ02',
    theme: '农业、林业、水利',
    keywords: '农田水利',
    entries: [
      [on(3, 7), '大沟河村高标准农田水利配套工程建设情况'],
      [on(6, 6), '花石村灌溉渠道维修工程建设情况'],
      [on(10, 10), '武山村小型农田水利设施运行管护情况'],
    ].map(([formedOn, title]) => ({
      formedOn: formedOn!,
      title: title!,
      summary: '工程的建设内容、资金来源、施工进度和管护责任。',
    })),
  },
  {
    category: 'FZ08',
    theme: '民政、扶贫、救灾',
    keywords: '社会救助',
    entries: [
      [on(7, 8), `承留镇${DEMO_YEAR}年上半年社会救助资金发放情况`],
      [on(10, 12), `承留镇${DEMO_YEAR}年第三季度社会救助资金发放情况`],
      [on(12, 9), `承留镇${DEMO_YEAR}年临时救助工作情况`],
    ].map(([formedOn, title]) => ({
      formedOn: formedOn!,
      title: title!,
      summary: '低保、特困供养和临时救助资金的发放户数和金额（汇总数据，不含个人信息）。',
    })),
  },
];

const PROJECTS = [
  '花石村至武山村道路提升工程',
  '承留镇区雨污分流改造工程',
  '大沟河村高标准农田建设项目',
  '南勋村农村供水巩固提升工程',
];

const BASIC: Series[] = [
  {
    category: 'JC01',
    theme: '城乡建设、环境保护',
    keywords: '重大建设项目',
    entries: PROJECTS.flatMap((project, i) => [
      {
        formedOn: on(3 + i, 10),
        title: `${project}开工公告`,
        summary: `${project}的建设单位、施工单位、工期和监督电话。`,
      },
      {
        formedOn: on(8 + i, 10),
        title: `${project}竣工验收情况公示`,
        summary: `${project}的竣工验收结论和投资完成情况。`,
      },
    ]),
  },
  {
    category: 'JC02',
    theme: '城乡建设、环境保护',
    keywords: '公共资源交易，中标结果',
    entries: VILLAGES.slice(1).flatMap((village, i) => [
      {
        formedOn: on(4 + i, 6),
        title: `${village}道路硬化工程中标结果公示`,
        summary: '中标单位、中标价格、工期和质量要求。',
      },
      {
        formedOn: on(5 + i, 19),
        title: `${village}排水沟渠工程中标结果公示`,
        summary: '中标单位、中标价格、工期和质量要求。',
      },
    ]),
  },
  {
    category: 'JC03',
    theme: '财政、金融、审计',
    keywords: '财政收支',
    entries: QUARTERS.map((q, i) => ({
      formedOn: on(i * 3 + 3, 19),
      title: `承留镇${DEMO_YEAR}年第${q}季度财政收支情况`,
      summary: `第${q}季度一般公共预算收支执行情况。`,
    })),
  },
  {
    category: 'JC04',
    theme: '市场监管、安全生产监管',
    keywords: '安全生产，隐患排查',
    entries: MONTHS.map((m) => ({
      formedOn: on(m, 14),
      title: `承留镇${DEMO_YEAR}年${m}月安全生产隐患排查整治情况`,
      summary: `${m}月排查的安全隐患数量、整改数量和整改期限。`,
    })),
  },
  {
    category: 'JC08',
    theme: '城乡建设、环境保护',
    keywords: '农村危房改造',
    entries: ['一', '二', '三'].flatMap((batch, i) => [
      {
        formedOn: on(3 + i * 3, 16),
        title: `承留镇${DEMO_YEAR}年第${batch}批农村危房改造补助对象公示`,
        summary: `第${batch}批补助对象经农户申请、村级评议、镇级审核，公示期5个工作日（名单在各村公示栏张贴）。`,
      },
      {
        formedOn: on(5 + i * 3, 23),
        title: `承留镇${DEMO_YEAR}年第${batch}批农村危房改造竣工验收结果公示`,
        summary: `第${batch}批农村危房改造项目的竣工验收结果和补助资金拨付安排。`,
      },
    ]),
  },
  {
    category: 'JC10',
    theme: '民政、扶贫、救灾',
    keywords: '防止返贫，动态监测，乡村振兴',
    entries: MONTHS.map((m) => ({
      formedOn: on(m, 12),
      title: `承留镇${DEMO_YEAR}年${m}月防止返贫动态监测帮扶情况`,
      summary: `${m}月新识别监测对象户数、落实帮扶措施和风险消除情况（汇总数据）。`,
    })),
  },
  {
    category: 'JC12',
    theme: '民政、扶贫、救灾',
    keywords: '社会救助，低保，特困供养',
    entries: MONTHS.flatMap((m) => [
      {
        formedOn: on(m, 6),
        title: `承留镇${DEMO_YEAR}年${m}月城乡低保资金发放情况`,
        summary: `${m}月城乡低保保障户数、人数和发放金额（汇总数据）。`,
      },
      {
        formedOn: on(m, 7),
        title: `承留镇${DEMO_YEAR}年${m}月特困人员救助供养金发放情况`,
        summary: `${m}月特困人员供养人数和发放金额（汇总数据）。`,
      },
    ]),
  },
  {
    category: 'JC13',
    theme: '民政、扶贫、救灾',
    keywords: '养老服务，高龄津贴',
    entries: [1, 3, 5, 7, 9, 11].map((m) => ({
      formedOn: on(m + 1, 9),
      title: `承留镇${DEMO_YEAR}年${m}—${m + 1}月高龄津贴发放情况`,
      summary: `${m}—${m + 1}月高龄津贴发放人数和金额（汇总数据）。`,
    })),
  },
  {
    category: 'JC15',
    theme: '农业、林业、水利',
    keywords: '涉农补贴',
    entries: VILLAGES.flatMap((village, i) => [
      {
        formedOn: on(5, 9 + i),
        title: `${village}${DEMO_YEAR}年耕地地力保护补贴面积公示`,
        summary: '本村补贴面积合计和补贴标准，分户面积在村务公开栏公示。',
      },
      {
        formedOn: on(9, 5 + i),
        title: `${village}${DEMO_YEAR}年玉米大豆带状复合种植补贴公示`,
        summary: '本村种植面积合计和补贴标准，分户面积在村务公开栏公示。',
      },
    ]),
  },
  {
    category: 'JC20',
    theme: '劳动、人事、监察',
    keywords: '就业，公益性岗位',
    entries: [
      [on(2, 21), `承留镇${DEMO_YEAR}年第一批农村公益性岗位招聘公告`],
      [on(3, 21), `承留镇${DEMO_YEAR}年第一批农村公益性岗位拟聘用人员公示`],
      [on(4, 18), `承留镇${DEMO_YEAR}年农村劳动力转移就业情况（第一季度）`],
      [on(6, 27), `承留镇${DEMO_YEAR}年返乡创业扶持政策申报通知`],
      [on(7, 25), `承留镇${DEMO_YEAR}年农村劳动力转移就业情况（上半年）`],
      [on(8, 22), `承留镇${DEMO_YEAR}年第二批农村公益性岗位招聘公告`],
      [on(9, 19), `承留镇${DEMO_YEAR}年第二批农村公益性岗位拟聘用人员公示`],
      [on(10, 24), `承留镇${DEMO_YEAR}年农村劳动力转移就业情况（前三季度）`],
    ].map(([formedOn, title]) => ({
      formedOn: formedOn!,
      title: title!,
      summary: '岗位或政策的条件、人数、办理时间和地点（拟聘用人员名单在镇便民服务大厅公示）。',
    })),
  },
  {
    category: 'JC21',
    theme: '劳动、人事、监察',
    keywords: '社会保险，养老保险',
    entries: [1, 3, 5, 7, 9, 11].map((m) => ({
      formedOn: on(m + 1, 13),
      title: `承留镇${DEMO_YEAR}年${m}—${m + 1}月城乡居民基本养老保险待遇发放情况`,
      summary: `${m}—${m + 1}月领取待遇人数和发放金额（汇总数据）。`,
    })),
  },
  {
    category: 'JC23',
    theme: '城乡建设、环境保护',
    keywords: '人居环境，环境保护',
    entries: [
      ...QUARTERS.map((q, i) => ({
        formedOn: on(i * 3 + 3, 24),
        title: `承留镇${DEMO_YEAR}年第${q}季度农村人居环境整治评比结果`,
        summary: `第${q}季度各村人居环境整治评比得分和排名。`,
      })),
      ...[
        [on(5, 27), `承留镇${DEMO_YEAR}年夏季秸秆禁烧工作情况`],
        [on(6, 24), `承留镇${DEMO_YEAR}年上半年大气污染防治工作情况`],
        [on(10, 27), `承留镇${DEMO_YEAR}年秋季秸秆禁烧工作情况`],
        [on(12, 2), `承留镇${DEMO_YEAR}年冬季清洁取暖工作情况`],
      ].map(([formedOn, title]) => ({
        formedOn: formedOn!,
        title: title!,
        summary: '工作开展情况、发现问题和整改措施。',
      })),
    ],
  },
];

const VILLAGE: Series[] = [
  {
    category: { own: 'village' },
    theme: '综合政务',
    keywords: '村务公开',
    entries: QUARTERS.flatMap((q, i) =>
      VILLAGES.map((village, v) => ({
        formedOn: on(i * 3 + 3, 15 + v),
        title: `${village}${DEMO_YEAR}年第${q}季度村务公开`,
        summary: `${village}第${q}季度村级重大事项决策、惠农政策落实和集体资产管理情况。`,
      })),
    ),
  },
  {
    category: { own: 'village' },
    theme: '财政、金融、审计',
    keywords: '村级财务公开',
    entries: QUARTERS.flatMap((q, i) =>
      VILLAGES.map((village, v) => ({
        formedOn: on(i * 3 + 3, 22 + v),
        title: `${village}${DEMO_YEAR}年第${q}季度财务收支公开`,
        summary: `${village}第${q}季度村级集体收入、支出和结余情况。`,
      })),
    ),
  },
  {
    category: { own: 'village' },
    theme: '农业、林业、水利',
    keywords: '村级集体经济',
    entries: [
      {
        formedOn: on(12, 16),
        title: `承留镇各村${DEMO_YEAR}年度村级集体经济收入情况`,
        summary: '各行政村集体经营性收入情况汇总。',
      },
    ],
  },
];

function itemsOf(series: readonly Series[]): (DemoPortalItem & { numbered: boolean })[] {
  return series.flatMap((s) =>
    s.entries.map((entry) => ({
      category: s.category,
      theme: s.theme,
      title: entry.title,
      numbered: entry.numbered === true,
      documentNumber: null,
      summary: entry.summary,
      bodyHtml: entry.body ?? paragraphs(entry.summary, `联系单位：${OFFICE}。`),
      keywords: s.keywords,
      formedOn: entry.formedOn,
      publishedOn: nextWorkingDay(entry.formedOn, false),
    })),
  );
}

/** The 259 website items, in the order they were made (and published). */
export const DEMO_2022_ITEMS: readonly DemoPortalItem[] = (() => {
  const all = [...itemsOf(POLICY), ...itemsOf(STATUTORY), ...itemsOf(BASIC), ...itemsOf(VILLAGE)].sort(
    (a, b) => (a.formedOn < b.formedOn ? -1 : a.formedOn > b.formedOn ? 1 : 0),
  );
  let serial = 0;
  return all.map(({ numbered, ...item }) => ({
    ...item,
    documentNumber: numbered ? `承政〔${DEMO_YEAR}〕${++serial}号` : null,
  }));
})();

/** The column of the seed report an item counts in. */
export function columnOf(item: DemoPortalItem): keyof typeof COLUMN_COUNTS {
  if (typeof item.category !== 'string') return item.category.own;
  return item.category.startsWith('JC') ? 'basic' : 'statutory';
}

const WECHAT_TEMPLATES: readonly ((village: string, n: number) => string)[] = [
  (v) => `【工作动态】${v}开展人居环境整治集中行动`,
  (v) => `【乡村振兴】${v}特色产业见闻`,
  () => '【安全提示】森林防火，人人有责',
  (v) => `【党建引领】${v}开展主题党日活动`,
  () => '【政策速递】城乡居民医保缴费开始啦',
  (v) => `【文明实践】${v}新时代文明实践站志愿服务活动`,
  () => '【疫情防控】最新防控提示',
  (v) => `【身边榜样】${v}好人好事`,
  () => '【便民服务】镇便民服务大厅办事指南',
  (v) => `【美丽乡村】走进${v}`,
  () => '【防汛安全】汛期安全提示',
  (v) => `【平安建设】${v}开展反诈宣传`,
];

/**
 * The 645 posts of “印象承留” in 2022, one or two a day (the whole year, weekends included: the
 * account posts every day). The links are invented, one per post.
 */
export const DEMO_2022_WECHAT: readonly DemoWechatPost[] = Array.from({ length: WECHAT_COUNT }, (_, i) => {
  const dayOfYear = Math.floor((i * 365) / WECHAT_COUNT);
  const publishedOn = addDays(`${DEMO_YEAR}-01-01`, dayOfYear);
  const template = WECHAT_TEMPLATES[i % WECHAT_TEMPLATES.length]!;
  const village = VILLAGES[Math.floor(i / WECHAT_TEMPLATES.length) % VILLAGES.length]!;
  return {
    title: `${template(village, i)}（${Number(publishedOn.slice(5, 7))}月${Number(publishedOn.slice(8, 10))}日）`,
    publishedOn,
    url: `https://mp.weixin.qq.com/s/chengliu-${DEMO_YEAR}-${String(i + 1).padStart(3, '0')}`,
  };
});
