// What the annual report of one agency and year is drafted from: the tables as the data give them,
// the year's publications and the 信息处理费 records. Plain data, read by the shell
// (src/annual-reports/load-report-facts.ts) and drafted by the pure draftReport.
import type { Cell } from '../report.ts';
import type { ReportFormat, Table4GroupKey } from '../report-format.ts';

/** region | town | department | village, as src/agencies keeps it. */
export type ReportingAgencyKind = 'region' | 'town' | 'department' | 'village';

export interface PublicationCount {
  /** The channel id or the category code. */
  key: string;
  /** As the report prints it (政府网站, 政务微信公众号…; the catalogue's category name). */
  label: string;
  count: number;
}

export interface PublicationFacts {
  /** Every publication of the year over all channels (the sum of `channels`). */
  total: number;
  /** Per channel, in the channel list's order, zeros included. */
  channels: PublicationCount[];
  /**
   * The portal's items of the year per catalogue category, in catalogue order, only categories
   * with items: they add up to the portal channel's count.
   */
  categories: PublicationCount[];
}

/**
 * The 便民服务大厅 of the agency (政务服务事项, issue 7): what stood at the year's end and what
 * happened in the year. All zero for an agency without a hall.
 */
export interface ServiceFacts {
  /** Windows open at the year's end. */
  windows: number;
  /** 政务服务事项 offered at the year's end, per level. */
  townItems: number;
  villageItems: number;
  /** Ratings given in the year, and of them 不满意 or 非常不满意. */
  ratings: number;
  dissatisfied: number;
  /** 效能投诉 received in the year, and of them answered on time. */
  complaints: number;
  complaintsOnTime: number;
}

export interface FeeFacts {
  /** 收费通知 sent in the year. */
  noticesIssued: number;
  /** 信息处理费 paid in the year, in 元. */
  amountCollectedYuan: number;
}

export interface ReportFacts {
  /** The reporting body: the agency's name as stored (承留镇, 承留镇人民政府…). */
  body: string;
  agencyKind: ReportingAgencyKind;
  year: number;
  format: ReportFormat;
  table2: Record<string, Cell[]>;
  table3: Record<string, Cell[]>;
  table4: Record<Table4GroupKey, Cell[]>;
  publications: PublicationFacts;
  fees: FeeFacts;
  services: ServiceFacts;
}

/** Sections whose drafted paragraphs a clerk may replace; the tables always come from the data. */
export type EditableSection = 'overview' | 'problems' | 'other';

export type ReportEdits = Partial<Record<EditableSection, string[]>>;
