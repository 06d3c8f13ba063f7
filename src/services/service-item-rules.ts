// The pure rules of the service-item catalogue: what a valid item and window are, field by field in
// Chinese; telephone numbers, 在线办理 addresses and 办公时间 as the hall writes them.
import { phoneKind, phoneNumbers } from '../kernel/contact-formats.ts';
import {
  isServiceItemType,
  isServiceLevel,
  type OpeningHours,
  SERVICE_LEVELS,
  type ServiceItem,
  type ServiceWindow,
} from './service-item.ts';

// The telephone rule is shared with an agency's contact details (公开指南).
export { phoneKind, phoneNumbers };

export const MAX_NAME_LENGTH = 100;
export const MAX_LONG_TEXT_LENGTH = 2000;
export const MAX_MATERIALS = 100;
export const MAX_MATERIAL_LENGTH = 200;
export const MAX_FEE_LENGTH = 500;
export const MAX_WINDOW_NAME_LENGTH = 50;
export const MAX_URL_LENGTH = 500;
export const MAX_PHONE_LENGTH = 60;
export const MAX_HOURS_LENGTH = 200;
/** A year of working days: no 法定时限 of a town's item is longer. */
export const MAX_LIMIT_DAYS = 250;
export const MAX_VERSION = 1_000_000;

// Control characters other than tab and newline, and the Unicode non-characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/;

export type ServiceItemField = keyof ServiceItem;

export interface ItemFieldProblem {
  field: ServiceItemField;
  message: string;
}

/** The field names as the forms and the template print them. */
export const ITEM_FIELD_LABELS: Record<ServiceItemField, string> = {
  name: '事项名称',
  type: '事项类型',
  level: '层级',
  basis: '办理依据',
  conditions: '受理条件',
  materials: '申请材料',
  procedure: '办理流程',
  legalLimitDays: '法定时限',
  promisedLimitDays: '承诺时限',
  fee: '收费标准',
  window: '办理窗口',
  phone: '咨询电话',
  onlineUrl: '在线办理地址',
  version: '版本号',
};

/** A problem of a text, or null: required or not, length, control characters, one line or many. */
function textProblem(
  label: string,
  value: unknown,
  max: number,
  options: { required: boolean; multiline: boolean },
): string | null {
  if (typeof value !== 'string') return `${label}无效`;
  const text = value.trim();
  if (text === '') return options.required ? `请填写${label}` : null;
  if (text.length > max) return `${label}不能超过 ${max} 个字`;
  if (CONTROL.test(text) || (!options.multiline && /[\r\n]/.test(text))) return `${label}含有无效字符`;
  return null;
}

/** What is wrong with an item, field by field, in Chinese (empty when it is fine). */
export function itemFieldProblems(item: ServiceItem): ItemFieldProblem[] {
  const problems: ItemFieldProblem[] = [];
  const add = (field: ServiceItemField, message: string | null) => {
    if (message !== null) problems.push({ field, message });
  };
  const line = { required: true, multiline: false };
  const long = { required: true, multiline: true };
  add('name', textProblem('事项名称', item.name, MAX_NAME_LENGTH, line));
  if (!isServiceItemType(item.type))
    add('type', '请选择事项类型（行政许可、行政确认、行政给付、行政奖励、行政裁决、其他行政权力或公共服务）');
  if (!isServiceLevel(item.level)) add('level', '请选择层级（乡镇级或村级）');
  add('basis', textProblem('办理依据', item.basis, MAX_LONG_TEXT_LENGTH, long));
  add('conditions', textProblem('受理条件', item.conditions, MAX_LONG_TEXT_LENGTH, long));
  add('materials', materialsProblem(item.materials));
  add('procedure', textProblem('办理流程', item.procedure, MAX_LONG_TEXT_LENGTH, long));
  const legal = item.legalLimitDays;
  const legalOk = legal === null || isLimitDays(legal);
  if (!legalOk)
    add('legalLimitDays', `法定时限应为 0 至 ${MAX_LIMIT_DAYS} 之间的工作日数，没有法定时限的不填`);
  if (!isLimitDays(item.promisedLimitDays))
    add('promisedLimitDays', `承诺时限应为 0 至 ${MAX_LIMIT_DAYS} 之间的工作日数（即办填 0）`);
  else if (legalOk && legal !== null && item.promisedLimitDays > legal)
    add(
      'promisedLimitDays',
      `承诺时限（${item.promisedLimitDays} 个工作日）不能长于法定时限（${legal} 个工作日）`,
    );
  if (item.fee !== null) {
    const problem = textProblem('收费标准', item.fee, MAX_FEE_LENGTH, { required: false, multiline: true });
    add('fee', problem ?? (item.fee.trim() === '' ? '不收费的，收费标准填“不收费”' : null));
  }
  add('window', textProblem('办理窗口', item.window, MAX_WINDOW_NAME_LENGTH, line));
  add('phone', phoneProblem(item.phone));
  if (typeof item.onlineUrl !== 'string') add('onlineUrl', '在线办理地址无效');
  else if (item.onlineUrl.trim() !== '') add('onlineUrl', urlProblem(item.onlineUrl.trim()));
  if (!Number.isInteger(item.version) || item.version < 1 || item.version > MAX_VERSION)
    add('version', '版本号应为正整数');
  return problems;
}

/** What is wrong with an item, as Chinese sentences. */
export function itemProblems(item: ServiceItem): string[] {
  return itemFieldProblems(item).map((p) => p.message);
}

function isLimitDays(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_LIMIT_DAYS;
}

function materialsProblem(materials: unknown): string | null {
  if (!Array.isArray(materials)) return '申请材料无效';
  if (materials.length === 0) return '请填写申请材料（每行一项）';
  if (materials.length > MAX_MATERIALS) return `申请材料不能超过 ${MAX_MATERIALS} 项`;
  for (const [i, material] of materials.entries()) {
    const problem = textProblem(`申请材料第 ${i + 1} 项`, material, MAX_MATERIAL_LENGTH, {
      required: true,
      multiline: false,
    });
    if (problem !== null) return problem;
  }
  const seen = new Set<string>();
  for (const material of materials as string[]) {
    const key = comparable(material);
    if (seen.has(key)) return `申请材料“${material.trim()}”重复`;
    seen.add(key);
  }
  return null;
}

/** The item with its texts trimmed and its materials without blank entries, as stored. */
export function normalizeItem(item: ServiceItem): ServiceItem {
  const fee = item.fee === null ? null : item.fee.trim();
  return {
    ...item,
    name: item.name.trim(),
    basis: item.basis.trim(),
    conditions: item.conditions.trim(),
    materials: item.materials.map((m) => m.trim()).filter((m) => m !== ''),
    procedure: item.procedure.trim(),
    fee: fee === '' || fee === '不收费' ? null : fee,
    window: item.window.trim(),
    phone: item.phone.trim(),
    onlineUrl: item.onlineUrl.trim(),
  };
}

/** Names compared as people read them: full-width forms folded, spaces ignored. */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** The key two items of one catalogue may not share: the same name at the same level. */
export function itemKey(item: Pick<ServiceItem, 'name' | 'level'>): string {
  return `${item.level}\u0000${comparable(item.name)}`;
}

/**
 * Items that repeat another's name and level, by their position: each is told every other position
 * it repeats, so the clerk sees both rows and decides which one to keep.
 */
export function duplicateItems(items: readonly Pick<ServiceItem, 'name' | 'level'>[]): Map<number, number[]> {
  const byKey = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (typeof item.name !== 'string' || item.name.trim() === '') return;
    const key = itemKey(item);
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const result = new Map<number, number[]>();
  for (const positions of byKey.values()) {
    if (positions.length < 2) continue;
    for (const i of positions)
      result.set(
        i,
        positions.filter((j) => j !== i),
      );
  }
  return result;
}

/** The level's label for messages. */
export function levelLabel(level: ServiceItem['level']): string {
  return isServiceLevel(level) ? SERVICE_LEVELS[level].label : String(level);
}

// ---------------------------------------------------------------------------------------------
// Telephone numbers

export function phoneProblem(value: unknown): string | null {
  if (typeof value !== 'string') return '咨询电话无效';
  const text = value.trim();
  if (text === '') return '请填写咨询电话';
  if (text.length > MAX_PHONE_LENGTH) return `咨询电话不能超过 ${MAX_PHONE_LENGTH} 个字`;
  const numbers = phoneNumbers(text);
  if (numbers.length > 3) return '咨询电话最多填写三个号码';
  for (const number of numbers)
    if (phoneKind(number) === null)
      return `咨询电话“${number}”格式不正确：固定电话请带区号（如 0391-6612345），也可填写 12345 等服务热线或 11 位手机号码`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// 在线办理 addresses

/** What is wrong with an 在线办理 address: only https, no credentials, a real host name, bounded. */
export function urlProblem(text: string): string | null {
  if (text.length > MAX_URL_LENGTH) return `在线办理地址不能超过 ${MAX_URL_LENGTH} 个字符`;
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return '在线办理地址不能含有空格或控制字符';
  if (!/^https:\/\//i.test(text)) return '在线办理地址应以 https:// 开头';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '在线办理地址格式不正确';
  }
  if (url.protocol !== 'https:') return '在线办理地址应以 https:// 开头';
  if (url.username !== '' || url.password !== '') return '在线办理地址不能含有用户名或密码';
  if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(url.hostname) || /^[\d.]+$/.test(url.hostname))
    return '在线办理地址应为网站域名（如 https://www.hnzwfw.gov.cn/…）';
  return null;
}

// ---------------------------------------------------------------------------------------------
// 办公时间

const DAY_NAMES: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

/** The weekdays of a day phrase: 周一至周五, 星期一到星期六, 周一、周三, 工作日, 每天. */
function parseDays(phrase: string): number[] | null {
  if (phrase === '工作日') return [1, 2, 3, 4, 5];
  if (phrase === '每天' || phrase === '每日') return [1, 2, 3, 4, 5, 6, 7];
  const day = '(?:周|星期)([一二三四五六日天])';
  const range = new RegExp(`^${day}(?:至|到|-|~|—|–)${day}$`).exec(phrase);
  if (range) {
    const from = DAY_NAMES[range[1]!]!;
    const to = DAY_NAMES[range[2]!]!;
    if (from >= to) return null;
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const days: number[] = [];
  for (const part of phrase.split(/[、,]/)) {
    const single = new RegExp(`^${day}$`).exec(part);
    if (!single) return null;
    const n = DAY_NAMES[single[1]!]!;
    if (days.includes(n)) return null;
    days.push(n);
  }
  return days.length > 0 ? days.sort((a, b) => a - b) : null;
}

function minutes(h: string, m: string): number | null {
  const hours = Number(h);
  const mins = Number(m);
  if (hours > 24 || mins > 59 || (hours === 24 && mins > 0)) return null;
  return hours * 60 + mins;
}

/**
 * 办公时间 as the hall writes it, e.g. “周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00”: groups
 * separated by ；, each a day phrase and its periods. Periods are ascending and do not overlap, and no
 * day is named twice. Returns the groups, or the problem in Chinese.
 */
export function parseOpeningHours(text: string): { value: OpeningHours[] } | { problem: string } {
  const t = text.normalize('NFKC').trim();
  const example = '请按“周一至周五 8:30-12:00，14:30-17:30”的格式填写';
  if (t === '') return { problem: '请填写办公时间' };
  if (t.length > MAX_HOURS_LENGTH) return { problem: `办公时间不能超过 ${MAX_HOURS_LENGTH} 个字` };
  const groups: OpeningHours[] = [];
  const seenDays = new Set<number>();
  for (const group of t.split(/[;\n]/).map((g) => g.trim())) {
    if (group === '') continue;
    const match = /^(\S+?)\s*((?:\d{1,2}:\d{2}).*)$/.exec(group);
    if (!match) return { problem: `办公时间“${group}”无法识别，${example}` };
    const days = parseDays(match[1]!.replace(/[:\s]+$/, ''));
    if (days === null) return { problem: `办公时间中的“${match[1]}”不是星期的写法，${example}` };
    for (const d of days) {
      if (seenDays.has(d)) return { problem: '办公时间中同一天出现了两次' };
      seenDays.add(d);
    }
    const periods: { from: number; to: number }[] = [];
    for (const part of match[2]!.split(/[,、\s]+/).filter((p) => p !== '')) {
      const period = /^(\d{1,2}):(\d{2})(?:-|~|—|–|至|到)(\d{1,2}):(\d{2})$/.exec(part);
      if (!period) return { problem: `办公时间“${part}”无法识别，${example}` };
      const from = minutes(period[1]!, period[2]!);
      const to = minutes(period[3]!, period[4]!);
      if (from === null || to === null) return { problem: `办公时间“${part}”中的时刻无效` };
      if (from >= to) return { problem: `办公时间“${part}”的开始时刻应早于结束时刻` };
      const last = periods.at(-1);
      if (last && from < last.to) return { problem: `办公时间“${part}”与前一时段重叠或顺序颠倒` };
      periods.push({ from, to });
    }
    groups.push({ days, periods });
  }
  if (groups.length === 0) return { problem: '请填写办公时间' };
  return { value: groups };
}

const WEEKDAY_LABELS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** The groups written back in the hall's usual form (parseOpeningHours reads it again). */
export function formatOpeningHours(groups: readonly OpeningHours[]): string {
  const time = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
  return groups
    .map((g) => {
      const consecutive = g.days.length > 1 && g.days.every((d, i) => i === 0 || d === g.days[i - 1]! + 1);
      const days = consecutive
        ? `${WEEKDAY_LABELS[g.days[0]!]}至${WEEKDAY_LABELS[g.days.at(-1)!]}`
        : g.days.map((d) => WEEKDAY_LABELS[d]).join('、');
      return `${days} ${g.periods.map((p) => `${time(p.from)}-${time(p.to)}`).join('，')}`;
    })
    .join('；');
}

/** Whether the hall is open at a moment given as weekday (1–7) and minutes of the day. */
export function openAt(groups: readonly OpeningHours[], weekday: number, minute: number): boolean {
  return groups.some(
    (g) => g.days.includes(weekday) && g.periods.some((p) => p.from <= minute && minute < p.to),
  );
}

/** What is wrong with a window, in Chinese. */
export function windowProblems(window: ServiceWindow): string[] {
  const problems: string[] = [];
  const name = textProblem('窗口名称', window.name, MAX_WINDOW_NAME_LENGTH, {
    required: true,
    multiline: false,
  });
  if (name !== null) problems.push(name);
  const seen = new Set<string>();
  for (const item of Array.isArray(window.items) ? window.items : []) {
    const problem = textProblem('窗口的事项名称', item, MAX_NAME_LENGTH, {
      required: true,
      multiline: false,
    });
    if (problem !== null) {
      problems.push(problem);
      continue;
    }
    const key = comparable(item);
    if (seen.has(key)) problems.push(`事项“${item.trim()}”在窗口中列了两次`);
    seen.add(key);
  }
  if (!Array.isArray(window.items)) problems.push('窗口的事项无效');
  const hours =
    typeof window.hours === 'string' ? parseOpeningHours(window.hours) : { problem: '办公时间无效' };
  if ('problem' in hours) problems.push(hours.problem);
  return problems;
}
