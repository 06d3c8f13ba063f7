// The figures of the 便民服务大厅 for a year, for the supervisor's dashboard and section 一 of the
// annual report: items per level and type, the ratings over the five levels with the share of
// 不满意, and the 效能投诉 handled. Pure: counted from plain rows the queries read.
import { SATISFACTION_LEVEL_IDS, type SatisfactionLevel } from './satisfaction.ts';
import {
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_LEVEL_IDS,
  type ServiceItemType,
  type ServiceLevel,
} from './service-item.ts';

/** The levels counted as 不满意 in the share (不满意 and 非常不满意). */
export const DISSATISFIED_LEVELS: readonly SatisfactionLevel[] = ['dissatisfied', 'very_dissatisfied'];

export interface ItemCounts {
  total: number;
  byLevel: Record<ServiceLevel, number>;
  byType: Record<ServiceItemType, number>;
}

export interface RatingCounts {
  total: number;
  /** Every level, zeros included; they add up to `total`. */
  byLevel: Record<SatisfactionLevel, number>;
}

export interface ComplaintCounts {
  /** Received in the year. */
  received: number;
  /** Of those, answered (by now). */
  answered: number;
  /** Of those answered, on or before their due date. */
  answeredOnTime: number;
  /** Of those received, not answered and past their due date (today, Beijing date). */
  overdueOpen: number;
}

export interface ServiceStatistics {
  /** Windows open at the year's end (or now, in the current year). */
  windows: number;
  /** Items offered at the year's end (or now). */
  items: ItemCounts;
  /** Ratings given in the year. */
  ratings: RatingCounts;
  complaints: ComplaintCounts;
}

/** An exact share: `numerator` of `denominator` (denominator > 0). */
export interface Share {
  numerator: number;
  denominator: number;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptyStatistics(): ServiceStatistics {
  return {
    windows: 0,
    items: { total: 0, byLevel: zeros(SERVICE_LEVEL_IDS), byType: zeros(SERVICE_ITEM_TYPE_IDS) },
    ratings: { total: 0, byLevel: zeros(SATISFACTION_LEVEL_IDS) },
    complaints: { received: 0, answered: 0, answeredOnTime: 0, overdueOpen: 0 },
  };
}

/** Items counted per level and type; rows with an unknown level or type count in the total only. */
export function countItems(rows: readonly { level: string; type: string; n: number }[]): ItemCounts {
  const counts = emptyStatistics().items;
  for (const row of rows) {
    counts.total += row.n;
    if (Object.hasOwn(counts.byLevel, row.level)) counts.byLevel[row.level as ServiceLevel] += row.n;
    if (Object.hasOwn(counts.byType, row.type)) counts.byType[row.type as ServiceItemType] += row.n;
  }
  return counts;
}

/**
 * Ratings counted per level. A level outside the five (a row written by hand) is refused rather
 * than dropped: the distribution must add up to the number of ratings.
 */
export function countRatings(rows: readonly { level: string; n: number }[]): RatingCounts {
  const counts = emptyStatistics().ratings;
  for (const row of rows) {
    if (!Object.hasOwn(counts.byLevel, row.level)) throw new Error(`unknown rating level: ${row.level}`);
    counts.byLevel[row.level as SatisfactionLevel] += row.n;
    counts.total += row.n;
  }
  return counts;
}

/** The complaints of the year: each row one complaint. */
export function countComplaints(
  rows: readonly { state: string; dueOn: string; onTime: boolean | null }[],
  today: string,
): ComplaintCounts {
  const counts = emptyStatistics().complaints;
  for (const row of rows) {
    counts.received += 1;
    if (row.state === 'answered') {
      counts.answered += 1;
      if (row.onTime === true) counts.answeredOnTime += 1;
    } else if (row.dueOn < today) {
      counts.overdueOpen += 1;
    }
  }
  return counts;
}

/** The sum of several agencies' statistics (a town and its villages). */
export function addStatistics(parts: readonly ServiceStatistics[]): ServiceStatistics {
  const sum = emptyStatistics();
  for (const p of parts) {
    sum.windows += p.windows;
    sum.items.total += p.items.total;
    for (const k of SERVICE_LEVEL_IDS) sum.items.byLevel[k] += p.items.byLevel[k];
    for (const k of SERVICE_ITEM_TYPE_IDS) sum.items.byType[k] += p.items.byType[k];
    sum.ratings.total += p.ratings.total;
    for (const k of SATISFACTION_LEVEL_IDS) sum.ratings.byLevel[k] += p.ratings.byLevel[k];
    sum.complaints.received += p.complaints.received;
    sum.complaints.answered += p.complaints.answered;
    sum.complaints.answeredOnTime += p.complaints.answeredOnTime;
    sum.complaints.overdueOpen += p.complaints.overdueOpen;
  }
  return sum;
}

/** 不满意率: (不满意 + 非常不满意) over all ratings, exact; null without ratings. */
export function dissatisfiedShare(ratings: RatingCounts): Share | null {
  if (ratings.total === 0) return null;
  const numerator = DISSATISFIED_LEVELS.reduce((a, level) => a + ratings.byLevel[level], 0);
  return { numerator, denominator: ratings.total };
}

/**
 * A share as a percentage with one decimal, rounded half up in integers (no binary fraction can
 * turn 2.45% into 2.4%): 1 of 40 → “2.5%”.
 */
export function formatPercent(share: Share): string {
  const tenths = Math.floor((2000 * share.numerator + share.denominator) / (2 * share.denominator));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
