// Demonstration 便民服务大厅 of 承留镇: the eight windows of the seed report (综合、市场监督管理、
// 人社、民政、村镇宅基地、计生 and two more a town hall usually has), town- and village-level items
// handled there, a few 办件 rated across the five levels and two 效能投诉 (one answered on time, one
// open), all dated when the seeding runs. Entered through the use cases by the town's 政务服务
// account, as a clerk would. Idempotent: each part is added only when the town has none of it.
import { offlinePrincipal, type UseCaseContext } from '../agencies/index.ts';
import {
  answerComplaint,
  createItem,
  createWindow,
  rateService,
  registerHotlineComplaint,
  registerServiceEvent,
  type SatisfactionLevel,
  type ServiceItem,
  type ServiceItemType,
  type ServiceLevel,
} from '../services/index.ts';

const HOURS = '周一至周五 8:30-12:00，14:30-17:30';
/** Henan's 一体化政务服务平台 (河南政务服务网), where the online items are handled. */
const ONLINE = 'https://www.hnzwfw.gov.cn/';

const WINDOWS: readonly { name: string; phone: string; location: string; hours?: string }[] = [
  { name: '综合窗口', phone: '0391-6611001', location: '便民服务大厅一楼 1 号窗口' },
  { name: '市场监督管理窗口', phone: '0391-6611002', location: '便民服务大厅一楼 2 号窗口' },
  { name: '人社窗口', phone: '0391-6611003', location: '便民服务大厅一楼 3 号窗口' },
  { name: '民政窗口', phone: '0391-6611004', location: '便民服务大厅一楼 4 号窗口' },
  { name: '村镇宅基地窗口', phone: '0391-6611005', location: '便民服务大厅一楼 5 号窗口' },
  { name: '计生窗口', phone: '0391-6611006', location: '便民服务大厅一楼 6 号窗口' },
  { name: '退役军人服务窗口', phone: '0391-6611007', location: '便民服务大厅一楼 7 号窗口' },
  {
    name: '农业农村服务窗口',
    phone: '0391-6611008',
    location: '便民服务大厅一楼 8 号窗口',
    // 农忙时节周六上午也办公.
    hours: '周一至周五 8:30-12:00，14:30-17:30；周六 8:30-12:00',
  },
];

interface DemoItem {
  name: string;
  type: ServiceItemType;
  level?: ServiceLevel;
  window: string;
  basis: string;
  conditions: string;
  materials: string[];
  procedure: string;
  legal: number | null;
  promised: number;
  fee?: string;
  online?: boolean;
}

const ID = '申请人身份证、户口簿';

const ITEMS: readonly DemoItem[] = [
  {
    name: '临时救助审批',
    type: 'payment',
    window: '民政窗口',
    basis: '《社会救助暂行办法》第四十七条至第四十九条',
    conditions:
      '因火灾、交通事故等意外事件或家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人',
    materials: ['临时救助申请书', ID, '家庭困难情况证明材料'],
    procedure: '申请→村（社区）初审公示→乡镇人民政府审核审批→发放救助金',
    legal: 20,
    promised: 10,
  },
  {
    name: '最低生活保障申请受理',
    type: 'payment',
    window: '民政窗口',
    basis: '《社会救助暂行办法》第十一条',
    conditions: '共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合家庭财产状况规定的家庭',
    materials: ['最低生活保障申请书', ID, '家庭收入和财产状况声明', '家庭经济状况核对授权书'],
    procedure: '申请→入户调查→民主评议→乡镇人民政府审核公示→示范区民政部门审批',
    legal: 30,
    promised: 20,
    online: true,
  },
  {
    name: '特困人员救助供养申请受理',
    type: 'payment',
    window: '民政窗口',
    basis: '《社会救助暂行办法》第十四条、第十五条',
    conditions:
      '无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人以及未满16周岁的未成年人',
    materials: ['特困人员救助供养申请书', ID, '残疾证（残疾人提供）'],
    procedure: '申请→调查核实→乡镇人民政府审核公示→示范区民政部门审批',
    legal: 30,
    promised: 20,
  },
  {
    name: '高龄津贴申领',
    type: 'payment',
    window: '民政窗口',
    basis: '《河南省老年人权益保障条例》',
    conditions: '具有本地户籍、年满80周岁的老年人',
    materials: [ID, '银行卡（存折）复印件'],
    procedure: '申请→村（社区）初审→乡镇人民政府审核→按月发放',
    legal: null,
    promised: 10,
  },
  {
    name: '城乡居民基本养老保险参保登记',
    type: 'publicService',
    window: '人社窗口',
    basis: '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）',
    conditions:
      '年满16周岁（不含在校学生）、非国家机关和事业单位工作人员及不属于职工基本养老保险覆盖范围的城乡居民',
    materials: [ID, '城乡居民基本养老保险参保登记表'],
    procedure: '申请→窗口受理→信息录入→办结',
    legal: null,
    promised: 0,
    online: true,
  },
  {
    name: '城乡居民基本养老保险待遇申领',
    type: 'payment',
    window: '人社窗口',
    basis: '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）',
    conditions: '年满60周岁、累计缴费满15年且未领取国家规定的基本养老保障待遇的参保人员',
    materials: [ID, '社会保障卡'],
    procedure: '申请→窗口受理→审核→次月起发放',
    legal: 20,
    promised: 5,
    online: true,
  },
  {
    name: '就业创业证申领',
    type: 'publicService',
    window: '人社窗口',
    basis: '《就业服务与就业管理规定》第六十三条',
    conditions: '在法定劳动年龄内、有劳动能力和就业要求的城乡劳动者',
    materials: [ID, '近期免冠照片一张'],
    procedure: '申请→窗口受理→审核→发证',
    legal: null,
    promised: 0,
  },
  {
    name: '个体工商户设立登记',
    type: 'licensing',
    window: '市场监督管理窗口',
    basis: '《促进个体工商户发展条例》、《中华人民共和国市场主体登记管理条例》第二十一条',
    conditions: '有经营能力的自然人，经营场所符合规定',
    materials: ['个体工商户登记（备案）申请书', '经营者身份证明', '经营场所使用证明'],
    procedure: '申请→受理→审查→核准→发照',
    legal: 3,
    promised: 1,
    online: true,
  },
  {
    name: '个体工商户变更登记',
    type: 'licensing',
    window: '市场监督管理窗口',
    basis: '《中华人民共和国市场主体登记管理条例》第二十四条',
    conditions: '已登记的个体工商户登记事项发生变更',
    materials: ['个体工商户变更登记申请书', '营业执照正副本', '变更事项相关证明'],
    procedure: '申请→受理→审查→核准→换照',
    legal: 3,
    promised: 1,
    online: true,
  },
  {
    name: '食品小经营店备案',
    type: 'otherPower',
    window: '市场监督管理窗口',
    basis: '《河南省食品小作坊、小经营店和小摊点管理条例》',
    conditions: '有固定经营场所、从业人员少、经营条件简单的食品经营者',
    materials: ['食品小经营店备案表', '营业执照', '从业人员健康证明'],
    procedure: '申请→受理→现场核查→备案',
    legal: 10,
    promised: 5,
  },
  {
    name: '农村村民宅基地审批',
    type: 'licensing',
    window: '村镇宅基地窗口',
    basis: '《中华人民共和国土地管理法》第六十二条',
    conditions: '本集体经济组织成员，符合一户一宅和村庄规划，申请面积符合规定标准',
    materials: ['农村宅基地和建房（规划许可）申请表', ID, '村民小组会议记录及公示材料'],
    procedure: '申请→村级审查公示→乡镇联审联办→乡镇人民政府审批→发放批准书',
    legal: 20,
    promised: 15,
  },
  {
    name: '乡村建设规划许可证核发',
    type: 'licensing',
    window: '村镇宅基地窗口',
    basis: '《中华人民共和国城乡规划法》第四十一条',
    conditions: '在乡、村庄规划区内进行乡镇企业、乡村公共设施和公益事业建设以及农村村民住宅建设',
    materials: ['乡村建设规划许可申请表', '宅基地批准文件', '建设工程设计方案'],
    procedure: '申请→审查→核发许可证',
    legal: 20,
    promised: 10,
  },
  {
    name: '再生育审批',
    type: 'licensing',
    window: '计生窗口',
    basis: '《河南省人口与计划生育条例》',
    conditions: '符合法律法规规定条件的夫妻',
    materials: ['夫妻双方身份证、户口簿、结婚证', '再生育申请表'],
    procedure: '申请→受理→审核→办结',
    legal: 30,
    promised: 10,
  },
  {
    name: '生育登记',
    type: 'publicService',
    window: '计生窗口',
    basis: '《中华人民共和国人口与计划生育法》',
    conditions: '生育子女的夫妻',
    materials: ['夫妻双方身份证', '结婚证'],
    procedure: '申请→受理→登记',
    legal: null,
    promised: 0,
    online: true,
  },
  {
    name: '农村部分计划生育家庭奖励扶助金审核',
    type: 'reward',
    window: '计生窗口',
    basis: '《国家人口计生委 财政部关于开展农村部分计划生育家庭奖励扶助制度试点工作的意见》',
    conditions: '农业户口、年满60周岁，只生育一个子女或两个女孩的夫妻',
    materials: [ID, '结婚证', '子女情况证明'],
    procedure: '申请→村级公示→乡镇人民政府审核→上报审批',
    legal: null,
    promised: 20,
  },
  {
    name: '退役士兵自主就业一次性经济补助金给付',
    type: 'payment',
    window: '退役军人服务窗口',
    basis: '《退役士兵安置条例》第十九条',
    conditions: '自主就业的退役士兵',
    materials: ['退出现役证', ID, '银行卡复印件'],
    procedure: '申请→窗口受理→审核→上报发放',
    legal: null,
    promised: 10,
  },
  {
    name: '优抚对象信息采集登记',
    type: 'confirmation',
    window: '退役军人服务窗口',
    basis: '《军人抚恤优待条例》',
    conditions: '辖区内的退役军人和其他优抚对象',
    materials: ['退役证件', ID],
    procedure: '申请→信息采集→建档',
    legal: null,
    promised: 0,
  },
  {
    name: '耕地地力保护补贴申报',
    type: 'payment',
    window: '农业农村服务窗口',
    basis: '《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》（财农〔2016〕26号）',
    conditions: '拥有耕地承包权的种地农民',
    materials: ['土地承包经营权证', ID, '一卡通账户'],
    procedure: '申报→村级核实公示→乡镇审核→上报发放',
    legal: null,
    promised: 15,
  },
  {
    name: '农村土地承包经营权流转合同备案',
    type: 'otherPower',
    window: '农业农村服务窗口',
    basis: '《农村土地经营权流转管理办法》第二十二条',
    conditions: '已签订土地经营权流转合同的流转双方',
    materials: ['土地经营权流转合同', '双方身份证明', '土地承包经营权证'],
    procedure: '申请→审查→登记备案',
    legal: null,
    promised: 5,
  },
  {
    name: '居民身份证办理受理',
    type: 'publicService',
    window: '综合窗口',
    basis: '《中华人民共和国居民身份证法》第八条',
    conditions: '本地户籍居民申领、换领、补领居民身份证',
    materials: ['户口簿', '原居民身份证（换领时提供）'],
    procedure: '受理→采集信息→转派出所办理→领证',
    legal: 60,
    promised: 30,
    fee: '首次申领、换领20元；丢失补领、损坏换领40元',
  },
  {
    name: '残疾人两项补贴申请',
    type: 'payment',
    window: '综合窗口',
    basis: '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
    conditions: '低保家庭中的残疾人；残疾等级为一级、二级的重度残疾人',
    materials: ['第二代残疾人证', ID, '银行卡复印件'],
    procedure: '申请→乡镇人民政府审核→示范区残联、民政部门审批→按月发放',
    legal: 20,
    promised: 10,
    online: true,
  },
  {
    name: '出具居住证明',
    type: 'publicService',
    level: 'village',
    window: '综合窗口',
    basis: '《居住证暂行条例》',
    conditions: '在本村（社区）居住的居民',
    materials: [ID],
    procedure: '申请→村（社区）核实→出具证明',
    legal: null,
    promised: 0,
  },
  {
    name: '代办城乡居民医疗保险参保缴费',
    type: 'publicService',
    level: 'village',
    window: '人社窗口',
    basis: '《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）',
    conditions: '本村（社区）未参加职工医疗保险的居民',
    materials: [ID],
    procedure: '村（社区）便民服务站受理→代为缴费→出具凭证',
    legal: null,
    promised: 0,
    fee: '按当年度城乡居民医疗保险个人缴费标准缴纳',
  },
  {
    name: '代办老年人优待证',
    type: 'publicService',
    level: 'village',
    window: '民政窗口',
    basis: '《河南省老年人权益保障条例》',
    conditions: '本村（社区）年满60周岁的老年人',
    materials: [ID, '近期免冠照片一张'],
    procedure: '村（社区）便民服务站受理→报乡镇民政窗口→制证→发放',
    legal: null,
    promised: 10,
  },
];

/** 办件 to rate, by item, with the level given and the reason for the last two. */
const RATINGS: readonly {
  item: string;
  level: SatisfactionLevel;
  reason?: string;
  source: 'portal' | 'qr';
}[] = [
  { item: '个体工商户设立登记', level: 'very_satisfied', source: 'qr' },
  { item: '临时救助审批', level: 'very_satisfied', source: 'portal' },
  { item: '城乡居民基本养老保险待遇申领', level: 'very_satisfied', source: 'qr' },
  { item: '生育登记', level: 'very_satisfied', source: 'qr' },
  { item: '居民身份证办理受理', level: 'satisfied', source: 'portal' },
  { item: '高龄津贴申领', level: 'satisfied', source: 'qr' },
  { item: '农村村民宅基地审批', level: 'basically_satisfied', source: 'portal' },
  {
    item: '耕地地力保护补贴申报',
    level: 'dissatisfied',
    reason: '上午到窗口时工作人员不在岗，等了四十多分钟才办理。',
    source: 'qr',
  },
];
/** Registered and not rated: not every citizen rates. */
const UNRATED = ['就业创业证申领', '出具居住证明'];

export interface DemoServicesResult {
  windows: number;
  items: number;
  events: number;
  ratings: number;
  complaints: number;
}

export async function seedDemoServices(
  ctx: UseCaseContext,
  username: string,
  agencyId: string,
): Promise<DemoServicesResult> {
  const actor = await offlinePrincipal(ctx.db, username);
  if (!actor) throw new Error(`demo account ${username} is missing or disabled`);
  const result: DemoServicesResult = { windows: 0, items: 0, events: 0, ratings: 0, complaints: 0 };
  const has = async (table: 'service_windows' | 'service_events' | 'service_complaints') =>
    (await ctx.db.selectFrom(table).select('id').where('agency_id', '=', agencyId).limit(1).execute())
      .length > 0;

  const windowIds = new Map<string, string>();
  const itemIds = new Map<string, string>();
  if (!(await has('service_windows'))) {
    for (const [i, w] of WINDOWS.entries()) {
      const created = await createWindow(ctx, actor, {
        agencyId,
        window: {
          name: w.name,
          hours: w.hours ?? HOURS,
          phone: w.phone,
          location: w.location,
          position: i + 1,
        },
      });
      windowIds.set(w.name, created.id);
      result.windows++;
    }
    for (const spec of ITEMS) {
      const window = WINDOWS.find((w) => w.name === spec.window)!;
      const item: ServiceItem = {
        name: spec.name,
        type: spec.type,
        level: spec.level ?? 'town',
        basis: spec.basis,
        conditions: spec.conditions,
        materials: spec.materials,
        procedure: spec.procedure,
        legalLimitDays: spec.legal,
        promisedLimitDays: spec.promised,
        fee: spec.fee ?? null,
        window: spec.window,
        phone: window.phone,
        onlineUrl: spec.online ? ONLINE : '',
        version: 1,
      };
      itemIds.set(spec.name, (await createItem(ctx, actor, { agencyId, item })).id);
      result.items++;
    }
  }
  if (itemIds.size === 0) {
    // A second run: the items of the catalogue as stored (the 办件 and complaints may still be missing).
    const rows = await ctx.db
      .selectFrom('service_items')
      .select(['id', 'name', 'window_id'])
      .where('agency_id', '=', agencyId)
      .execute();
    for (const row of rows) itemIds.set(row.name, row.id);
    const windows = await ctx.db
      .selectFrom('service_windows')
      .select(['id', 'name'])
      .where('agency_id', '=', agencyId)
      .execute();
    for (const row of windows) windowIds.set(row.name, row.id);
  }
  const windowOf = (item: string) => windowIds.get(ITEMS.find((i) => i.name === item)?.window ?? '') ?? null;

  if (!(await has('service_events'))) {
    for (const rating of [...RATINGS, ...UNRATED.map((item) => ({ item, level: null }))]) {
      const itemId = itemIds.get(rating.item);
      if (itemId === undefined) continue;
      const event = await registerServiceEvent(ctx, actor, {
        agencyId,
        itemId,
        channel: 'window',
        windowId: windowOf(rating.item),
      });
      result.events++;
      if (rating.level === null) continue;
      await rateService(ctx, {
        agencyId,
        code: event.code,
        level: rating.level,
        reason: 'reason' in rating ? (rating.reason ?? '') : '',
        source: 'source' in rating ? rating.source : 'portal',
      });
      result.ratings++;
    }
  }

  if (!(await has('service_complaints'))) {
    const answered = await registerHotlineComplaint(ctx, actor, {
      agencyId,
      windowId: windowOf('耕地地力保护补贴申报'),
      itemId: itemIds.get('耕地地力保护补贴申报') ?? null,
      content: '上午九点到农业农村服务窗口办理耕地地力保护补贴申报，窗口无人，等了四十多分钟工作人员才回来。',
      complainantName: '李建国',
      complainantPhone: '13903916688',
    });
    await answerComplaint(ctx, actor, {
      agencyId,
      complaintId: answered.complaintId,
      answer:
        '经核实，当日该窗口工作人员临时被抽调参加村级补贴核实工作，未安排人员顶岗。已对相关人员进行批评教育，并建立窗口离岗顶岗登记制度。感谢您的监督。',
    });
    await registerHotlineComplaint(ctx, actor, {
      agencyId,
      windowId: windowOf('农村村民宅基地审批'),
      itemId: itemIds.get('农村村民宅基地审批') ?? null,
      content: '宅基地审批申请材料交了三周还没有答复，电话询问也说不清楚进度。',
      complainantName: '赵秀英',
      complainantPhone: '13783910021',
    });
    result.complaints += 2;
  }
  return result;
}
