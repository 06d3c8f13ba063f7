// The catalogue of 政务服务事项 of a town or village and the windows (窗口) of its 便民服务大厅: the
// types and the usual labels, defined once.

/** 事项类型, as the 政务服务事项 catalogues name them. */
export const SERVICE_ITEM_TYPES = {
  licensing: { label: '行政许可' },
  confirmation: { label: '行政确认' },
  payment: { label: '行政给付' },
  reward: { label: '行政奖励' },
  adjudication: { label: '行政裁决' },
  otherPower: { label: '其他行政权力' },
  publicService: { label: '公共服务' },
} as const;

export type ServiceItemType = keyof typeof SERVICE_ITEM_TYPES;
export const SERVICE_ITEM_TYPE_IDS: readonly ServiceItemType[] = [
  'licensing',
  'confirmation',
  'payment',
  'reward',
  'adjudication',
  'otherPower',
  'publicService',
];

export function isServiceItemType(value: unknown): value is ServiceItemType {
  return typeof value === 'string' && Object.hasOwn(SERVICE_ITEM_TYPES, value);
}

/** The level an item is handled at: the 乡镇（街道） or the 村（社区） service station. */
export const SERVICE_LEVELS = {
  town: { label: '乡镇级' },
  village: { label: '村级' },
} as const;

export type ServiceLevel = keyof typeof SERVICE_LEVELS;
export const SERVICE_LEVEL_IDS: readonly ServiceLevel[] = ['town', 'village'];

export function isServiceLevel(value: unknown): value is ServiceLevel {
  return typeof value === 'string' && Object.hasOwn(SERVICE_LEVELS, value);
}

/** A service item as the pure core sees it. Time limits are in working days. */
export interface ServiceItem {
  /** 事项名称 */
  name: string;
  /** 事项类型 */
  type: ServiceItemType;
  /** 层级 */
  level: ServiceLevel;
  /** 办理依据 */
  basis: string;
  /** 受理条件 */
  conditions: string;
  /** 申请材料, one entry a material. */
  materials: string[];
  /** 办理流程 */
  procedure: string;
  /** 法定时限（工作日）; null when the law sets none (即办 items are given 0). */
  legalLimitDays: number | null;
  /** 承诺时限（工作日）; never longer than the 法定时限. */
  promisedLimitDays: number;
  /** 收费标准; null for 不收费. */
  fee: string | null;
  /** 办理窗口, a window's name. */
  window: string;
  /** 咨询电话 */
  phone: string;
  /** 在线办理 address (https), or '' when the item is handled only at the window. */
  onlineUrl: string;
  /** 版本号: grows with every change of the item's content. */
  version: number;
}

/** A window of the service hall. */
export interface ServiceWindow {
  name: string;
  /** The names of the items handled there. */
  items: string[];
  /** 办公时间 as written, e.g. “周一至周五 8:30-12:00，14:30-17:30”. */
  hours: string;
}

/** 办公时间 parsed: the weekdays (1 = 周一 … 7 = 周日) and the periods of each, in minutes of the day. */
export interface OpeningHours {
  days: number[];
  periods: { from: number; to: number }[];
}
