// The register of 规章 and 行政规范性文件 (条例第二十条第（一）项) and the yearly decision counts
// (第（五）、（六）、（八）项) that table 二 of the annual report is built from: the types and the
// statutory labels, defined once.

export const NORMATIVE_KINDS = {
  /** 规章: only provincial and 设区的市 governments make them. */
  regulation: { label: '规章', row: 'regulations' },
  normative: { label: '行政规范性文件', row: 'normativeDocs' },
} as const;

export type NormativeKind = keyof typeof NORMATIVE_KINDS;
export const NORMATIVE_KIND_IDS: readonly NormativeKind[] = ['regulation', 'normative'];

export function isNormativeKind(value: unknown): value is NormativeKind {
  return typeof value === 'string' && Object.hasOwn(NORMATIVE_KINDS, value);
}

/**
 * 有效性 of a document. 有效 needs no date; 废止, 失效 and 修改 take effect on a date. A document
 * 修改 (amended) stays in force as amended; 废止 and 失效 end it from their date on.
 */
export const NORMATIVE_STATUSES = {
  valid: { label: '有效', dated: false, ends: false },
  repealed: { label: '废止', dated: true, ends: true },
  expired: { label: '失效', dated: true, ends: true },
  amended: { label: '修改', dated: true, ends: false },
} as const;

export type NormativeStatus = keyof typeof NORMATIVE_STATUSES;
export const NORMATIVE_STATUS_IDS: readonly NormativeStatus[] = ['valid', 'repealed', 'expired', 'amended'];

export function isNormativeStatus(value: unknown): value is NormativeStatus {
  return typeof value === 'string' && Object.hasOwn(NORMATIVE_STATUSES, value);
}

/** A document of the register, as the pure core sees it. Dates are civil dates (YYYY-MM-DD). */
export interface NormativeDocument {
  kind: NormativeKind;
  title: string;
  /** 文号 */
  documentNumber: string;
  /** 发布（制发）日期 */
  issuedOn: string;
  /** 施行日期 */
  effectiveOn: string;
  /** 有效期至 (inclusive), when the document sets one. */
  validUntil: string | null;
  status: NormativeStatus;
  /** The date 废止, 失效 or 修改 takes effect; null for 有效. */
  statusOn: string | null;
  /** The published item of 主动公开 that carries the text, if any. */
  itemId: string | null;
}

/** A stored document. */
export interface StoredNormativeDocument extends NormativeDocument {
  id: string;
  agencyId: string;
  /** Grows with every change: a form carries it, and a stale form is refused. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** One row of 第二十条第（一）项 in the 2021 format. */
export interface RegisterRowCounts {
  /** 本年制发件数 */
  issued: number;
  /** 本年废止件数 */
  repealed: number;
  /** 现行有效件数 */
  valid: number;
}

export type RegisterCounts = Record<NormativeKind, RegisterRowCounts>;

/**
 * The yearly counts typed in by the clerk. Fees are kept in 元 as an integer: the format prints
 * 万元 with at most four decimals, and 0.0001 万元 is one 元, so the figure is exact.
 */
export interface YearCounts {
  year: number;
  /** 行政许可 本年处理决定数量 */
  licensing: number;
  /** 行政处罚 本年处理决定数量 */
  penalty: number;
  /** 行政强制 本年处理决定数量 */
  enforcement: number;
  /** 行政事业性收费 本年收费金额, in 元 */
  feesYuan: number;
}

export const YEAR_COUNT_FIELDS = {
  licensing: { label: '行政许可', column: '本年处理决定数量' },
  penalty: { label: '行政处罚', column: '本年处理决定数量' },
  enforcement: { label: '行政强制', column: '本年处理决定数量' },
  feesYuan: { label: '行政事业性收费', column: '本年收费金额（单位：万元）' },
} as const;
