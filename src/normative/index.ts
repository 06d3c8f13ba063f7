// The public surface of the register of 规章 and 行政规范性文件 and of the yearly decision counts
// (table 二 of the annual report): other folders import only this.

// The pure core.
export {
  isNormativeKind,
  isNormativeStatus,
  NORMATIVE_KIND_IDS,
  NORMATIVE_KINDS,
  NORMATIVE_STATUS_IDS,
  NORMATIVE_STATUSES,
  type NormativeDocument,
  type NormativeKind,
  type NormativeStatus,
  type RegisterCounts,
  type RegisterRowCounts,
  type StoredNormativeDocument,
  YEAR_COUNT_FIELDS,
  type YearCounts,
} from './normative.ts';
export {
  documentProblems,
  formatWanYuan,
  inForceOn,
  isReportYear,
  MAX_DOCUMENT_NUMBER_LENGTH,
  MAX_TITLE_LENGTH,
  normalizeDocument,
  parseCount,
  parseWanYuan,
  parseYearCountsForm,
  registerCounts,
  STATUS_ON_LABELS,
  statusOn,
  wanYuan,
  yearCountsProblems,
} from './normative-rules.ts';
