// The 政府信息公开目录 as data (pure): the categories an agency files its proactive disclosures
// under — 条例第二十条 (every organ), 第二十一条 (设区的市级、县级人民政府及其部门; 乡（镇）人民政府),
// the 26 基层政务公开 areas (国办发〔2019〕54号, editable defaults), and the agency's own — plus the
// national 主题分类, 有效性, and the 索引号 format.
//
// Wording of the 条例 items is [K] in spec/statute-and-report-format.md §1.2: kept here once, as
// data, and an agency may rename or hide any default category (stored overrides, see
// mergeCatalogue), so a wording correction never needs a code change.
import type { AgencyKind } from '../agencies/index.ts';

export type CategoryGroup = 'statutory' | 'local' | 'basic' | 'own';

export const CATEGORY_GROUP_LABELS: Record<CategoryGroup, string> = {
  statutory: '法定主动公开内容（条例第二十条）',
  local: '法定主动公开内容（条例第二十一条）',
  basic: '基层政务公开标准目录',
  own: '本机关公开事项',
};

export interface CategoryDefinition {
  /** Stable code, part of the 索引号: letters and digits only. */
  code: string;
  group: CategoryGroup;
  name: string;
  /** Where it comes from, e.g. 条例第二十条第（一）项. */
  basis?: string;
  /** Agency kinds the default applies to; all when absent. */
  kinds?: readonly AgencyKind[];
}

const ART20: readonly string[] = [
  '行政法规、规章和规范性文件',
  '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名',
  '国民经济和社会发展规划、专项规划、区域规划及相关政策',
  '国民经济和社会发展统计信息',
  '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果',
  '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
  '财政预算、决算信息',
  '行政事业性收费项目及其依据、标准',
  '政府集中采购项目的目录、标准及实施情况',
  '重大建设项目的批准和实施情况',
  '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况',
  '突发公共事件的应急预案、预警信息及应对情况',
  '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况',
  '公务员招考的职位、名额、报考条件等事项以及录用结果',
  '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息',
];

const CHINESE_NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
];

/** 第二十一条, 设区的市级、县级人民政府及其部门. */
const ART21_COUNTY: readonly string[] = [
  '市政建设',
  '公共服务',
  '公益事业',
  '土地征收',
  '房屋征收',
  '治安管理',
  '社会救助',
];

/** 第二十一条, 乡（镇）人民政府. */
const ART21_TOWNSHIP: readonly string[] = [
  '贯彻落实农业农村政策',
  '农田水利工程建设运营',
  '农村土地承包经营权流转',
  '宅基地使用情况审核',
  '土地征收',
  '房屋征收',
  '筹资筹劳',
  '社会救助',
];

/**
 * The 26 基层政务公开标准化规范化 areas as commonly published (spec §5.1, [K]). The 26th varies by
 * source; agencies rename (扶贫 → 乡村振兴) or hide areas through their stored categories.
 */
export const BASIC_AREAS: readonly string[] = [
  '重大建设项目',
  '公共资源交易',
  '财政预决算',
  '安全生产',
  '税收管理',
  '征地补偿',
  '国有土地上房屋征收与补偿',
  '农村危房改造',
  '城市综合执法',
  '扶贫',
  '救灾',
  '社会救助',
  '养老服务',
  '户籍管理',
  '涉农补贴',
  '义务教育',
  '医疗卫生',
  '市政服务',
  '公共法律服务',
  '就业',
  '社会保险',
  '食品药品监管',
  '环境保护',
  '保障性住房',
  '公共文化服务',
  '城乡规划',
];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Every default category, in catalogue order. */
export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  ...ART20.map((name, i) => ({
    code: `FD${pad2(i + 1)}`,
    group: 'statutory' as const,
    name,
    basis: `条例第二十条第（${CHINESE_NUMERALS[i]}）项`,
  })),
  ...ART21_COUNTY.map((name, i) => ({
    code: `FX${pad2(i + 1)}`,
    group: 'local' as const,
    name,
    basis: '条例第二十一条（设区的市级、县级人民政府及其部门）',
    kinds: ['region', 'department'] as const,
  })),
  ...ART21_TOWNSHIP.map((name, i) => ({
    code: `FZ${pad2(i + 1)}`,
    group: 'local' as const,
    name,
    basis: '条例第二十一条（乡（镇）人民政府）',
    kinds: ['town'] as const,
  })),
  ...BASIC_AREAS.map((name, i) => ({
    code: `JC${pad2(i + 1)}`,
    group: 'basic' as const,
    name,
    basis: '国办发〔2019〕54号 基层政务公开标准化规范化',
    kinds: ['region', 'department', 'town', 'village'] as const,
  })),
];

const DEFAULT_BY_CODE = new Map(DEFAULT_CATEGORIES.map((c) => [c.code, c]));

export function defaultCategory(code: string): CategoryDefinition | undefined {
  return DEFAULT_BY_CODE.get(code);
}

/** What an agency stored about a category: an override of a default, or its own. */
export interface StoredCategory {
  code: string;
  group: CategoryGroup;
  name: string;
  position: number;
  hidden: boolean;
}

export interface CatalogueCategory {
  code: string;
  group: CategoryGroup;
  groupLabel: string;
  name: string;
  basis: string | null;
  /** A default of the 条例 or the 26 areas (renamed perhaps), or the agency's own. */
  isDefault: boolean;
  hidden: boolean;
}

/**
 * The agency's catalogue: the defaults that apply to its kind (renamed or hidden by its stored
 * rows), then its own categories by position. Hidden categories stay in the list (items filed
 * under them keep their category) and are marked; pickers leave them out.
 */
export function mergeCatalogue(kind: AgencyKind, stored: readonly StoredCategory[]): CatalogueCategory[] {
  const byCode = new Map(stored.map((s) => [s.code, s]));
  const result: CatalogueCategory[] = [];
  for (const def of DEFAULT_CATEGORIES) {
    if (def.kinds && !def.kinds.includes(kind)) continue;
    const override = byCode.get(def.code);
    result.push({
      code: def.code,
      group: def.group,
      groupLabel: CATEGORY_GROUP_LABELS[def.group],
      name: override?.name ?? def.name,
      basis: def.basis ?? null,
      isDefault: true,
      hidden: override?.hidden ?? false,
    });
  }
  const own = stored
    .filter((s) => !DEFAULT_BY_CODE.has(s.code))
    .sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : 1));
  for (const s of own)
    result.push({
      code: s.code,
      group: 'own',
      groupLabel: CATEGORY_GROUP_LABELS.own,
      name: s.name,
      basis: null,
      isDefault: false,
      hidden: s.hidden,
    });
  return result;
}

/** Codes of the agency's own categories: ZD001, ZD002, … */
export function nextOwnCategoryCode(existing: readonly string[]): string {
  let max = 0;
  for (const code of existing) {
    const m = /^ZD(\d{3,})$/.exec(code);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `ZD${String(max + 1).padStart(3, '0')}`;
}

export const MAX_CATEGORY_NAME = 60;

/** Problems with a category name, in Chinese. */
export function categoryNameProblems(name: string): string[] {
  const trimmed = name.trim();
  if (trimmed === '') return ['请填写栏目名称'];
  if ([...trimmed].length > MAX_CATEGORY_NAME) return [`栏目名称不能超过${MAX_CATEGORY_NAME}个字`];
  if (/[<>\u0000-\u001f\u007f]/.test(trimmed)) return ['栏目名称不能包含尖括号或控制字符'];
  return [];
}

/**
 * 主题分类 as commonly used on government portals (the first level of the 国务院公文主题分类,
 * [K]): data, shown as a picker; an item has at most one.
 */
export const THEMES: readonly string[] = [
  '综合政务',
  '国民经济管理、国有资产监管',
  '财政、金融、审计',
  '国土资源、能源',
  '农业、林业、水利',
  '工业、交通',
  '商贸、海关、旅游',
  '市场监管、安全生产监管',
  '城乡建设、环境保护',
  '科技、教育',
  '文化、广电、新闻出版',
  '卫生、体育',
  '人口与计划生育、妇女儿童工作',
  '劳动、人事、监察',
  '公安、安全、司法',
  '民政、扶贫、救灾',
  '民族、宗教',
  '对外事务',
  '港澳台侨工作',
  '国防',
  '其他',
];

export function isTheme(value: unknown): value is string {
  return typeof value === 'string' && THEMES.includes(value);
}

/** 有效性 (时效): 现行有效, 已失效 (expired by its own terms), 已废止 (repealed). */
export const VALIDITIES = {
  valid: '有效',
  expired: '失效',
  repealed: '废止',
} as const;

export type Validity = keyof typeof VALIDITIES;

export const VALIDITY_IDS: readonly Validity[] = Object.keys(VALIDITIES) as Validity[];

export function isValidity(value: unknown): value is Validity {
  return typeof value === 'string' && Object.hasOwn(VALIDITIES, value);
}

/**
 * The 索引号: `<机构代码>-<分类代码>-<年份>-<四位序号>`, e.g. `11419001005942312L-JC12-2026-0007`.
 * 机构代码 is the agency's 统一社会信用代码, or, for an agency without one, `GK` and eight
 * characters of its id. The year is the year of first publication and the serial runs per agency
 * and year (one sequence across categories, so the serial alone is unique within the year); a
 * revision keeps the number. More than 9999 items a year widen the serial rather than wrap.
 */
export function indexNumber(agencyCode: string, categoryCode: string, year: number, serial: number): string {
  return `${agencyCode}-${categoryCode}-${year}-${String(serial).padStart(4, '0')}`;
}

export function agencyIndexCode(agency: { id: string; creditCode: string | null }): string {
  if (agency.creditCode && /^[0-9A-Z]{18}$/.test(agency.creditCode)) return agency.creditCode;
  return `GK${agency.id
    .replace(/[^0-9a-zA-Z]/g, '')
    .slice(0, 8)
    .toUpperCase()}`;
}

const INDEX_NUMBER = /^([0-9A-Z]+)-([0-9A-Z]+)-(\d{4})-(\d{4,})$/;

export function parseIndexNumber(
  value: string,
): { agencyCode: string; categoryCode: string; year: number; serial: number } | null {
  const m = INDEX_NUMBER.exec(value.trim().toUpperCase());
  if (!m) return null;
  return { agencyCode: m[1]!, categoryCode: m[2]!, year: Number(m[3]), serial: Number(m[4]) };
}
