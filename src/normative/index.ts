// The public surface of the register of 规章 and 行政规范性文件 and of the yearly decision counts
// (table 二 of the annual report): other folders import only this.

// The shell: use cases, views, table 二 and the XLSX import.
export {
  checkImport,
  type ImportInput,
  type ImportResult,
  importNormative,
  validRows,
} from './import-normative.ts';
export type { DocumentFilter } from './normative.repository.ts';
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
  type DocumentField,
  documentFieldProblems,
  documentProblems,
  type FieldProblem,
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
export { NORMATIVE_EDITOR_ROLES, NORMATIVE_READER_ROLES } from './normative-shell.ts';
export { registerCountsOf, table2FromCounts, table2Of, yearCountsOf } from './normative-table.ts';
export {
  buildTemplate,
  COUNT_COLUMNS,
  COUNTS_SHEET,
  describeProblem,
  type ImportRow,
  MAX_IMPORT_ROWS,
  type ParsedImport,
  REGISTER_COLUMNS,
  REGISTER_SHEET,
  type RowProblem,
  readImportWorkbook,
  readUploadedImportWorkbook,
} from './normative-xlsx.ts';
export {
  type ChangeStatusInput,
  type CreateDocumentInput,
  changeDocumentStatus,
  createDocument,
  type UpdateDocumentInput,
  updateDocument,
} from './save-document.ts';
export { saveYearCounts } from './save-year-counts.ts';
export {
  getDocument,
  getYearCounts,
  listDocuments,
  listPublicDocuments,
  listYearCounts,
  type PublicNormativeDocument,
} from './view-normative.ts';
