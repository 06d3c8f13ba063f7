// The database as Kysely sees it. Portable types on both engines: ids are text, instants are ISO
// text in UTC, civil dates YYYY-MM-DD text, booleans 0/1 integers, JSON as text.
import type { Generated } from 'kysely';

export interface AgencyTable {
  id: string;
  parent_id: string | null;
  /** region | town | department | village */
  kind: string;
  name: string;
  /** 统一社会信用代码, used in 索引号. */
  credit_code: string | null;
  /** JSON: contact for the 公开指南, report deadline, fee method, enforce_totp … */
  settings: Generated<string>;
  created_at: string;
}

export interface UserTable {
  id: string;
  agency_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<number>;
  /** The TOTP time step last accepted: a code is accepted only once. */
  totp_last_step: number | null;
  disabled: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  agency_id: string;
  role: string;
  /** Supervisors read the whole subtree of the agency. */
  include_subtree: Generated<number>;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen database does not give live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  /** 1 once the second factor (TOTP) was given, or when none is needed. */
  second_factor_ok: Generated<number>;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  user_id: string | null;
  agency_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  /** ok | denied | failed */
  result: string;
  /** JSON, never personal data. */
  details: Generated<string>;
  prev_hash: string;
  hash: string;
}

export interface JobLockTable {
  name: string;
  /** Civil date or instant of the last run, so that a job runs once per period across processes. */
  last_run: string;
}

export interface HolidayYearTable {
  year: number;
  /** The notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号） */
  source: string;
  /** JSON [[first, last], …] civil dates, inclusive. */
  holidays: string;
  /** JSON [date, …]: weekend days that are working days (调休上班). */
  makeup_workdays: string;
  entered_by: string | null;
  entered_at: string;
}

export interface AuditAnchorTable {
  /** Always 1: there is one anchor. */
  id: number;
  seq: number;
  hash: string;
  purged_at: string;
}

export interface InstallSecretTable {
  name: string;
  value: string;
}

export interface UnknownLoginAttemptTable {
  /** HMAC-SHA256 of the normalised username with the install secret `login-names`. */
  key: string;
  failed_logins: Generated<number>;
  locked_until: string | null;
  updated_at: string;
}

export interface ApplicationTable {
  id: string;
  agency_id: string;
  tracking_number: string;
  /** SHA-256 (hex) of the applicant's secret link token. */
  access_hash: string;
  applicant_type: string;
  applicant_name: string;
  organisation_code: string | null;
  id_kind: string | null;
  /** Personal data: shown only to staff of the agency, masked everywhere else. */
  id_number: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  applicant_key: string;
  description: string;
  document_number: string | null;
  delivery_form: string;
  delivery_channel: string;
  channel: string;
  received_on: string;
  assigned_to: string | null;
  /** Derived from the events and rewritten with each one. */
  phase: string;
  is_open: number;
  reply_due: string | null;
  due_provisional: Generated<number>;
  outcome: string | null;
  closed_on: string | null;
  last_event_on: string;
  event_count: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApplicationEventTable {
  application_id: string;
  seq: number;
  type: string;
  at: string;
  /** JSON of the whole event. */
  data: string;
  recorded_by: string | null;
  recorded_at: string;
}

export interface ApplicationYearTable {
  application_id: string;
  agency_id: string;
  year: number;
  applicant_column: number;
  /** new | carriedIn */
  entry: string;
  /** an outcome code | carriedOut */
  exit: string;
}

export interface ApplicationFileTable {
  id: string;
  application_id: string;
  /** id_proof | supplement */
  kind: string;
  filename: string;
  media_type: string;
  size: number;
  content: Uint8Array;
  created_at: string;
}

export interface LetterSequenceTable {
  agency_id: string;
  year: number;
  last_serial: number;
}

export interface LetterTable {
  id: string;
  application_id: string;
  agency_id: string;
  kind: string;
  event_seq: number;
  year: number;
  serial: number;
  document_number: string;
  issued_on: string;
  /** JSON of the composed letter. */
  content: string;
  created_by: string | null;
  created_at: string;
}

export interface LetterTemplateTable {
  agency_id: string;
  kind: string;
  body: string;
  updated_by: string | null;
  updated_at: string;
}

export interface AppealTable {
  id: string;
  application_id: string;
  agency_id: string;
  /** reconsideration | litigationDirect | litigationAfterReconsideration */
  kind: string;
  case_number: string | null;
  filed_on: string;
  /** 维持 | 纠正 | 其他 | 尚未审结 */
  result: string;
  closed_on: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReminderTable {
  id: string;
  agency_id: string;
  application_id: string;
  /** due_soon | overdue */
  kind: string;
  due_on: string;
  created_on: string;
  emailed_at: string | null;
}

/**
 * The search index's copy of a published item (src/search), derived data. SQLite also has `seq`
 * (integer primary key: publication day × 2^20 + a serial, the rowid of the item's row in the FTS5
 * table search_fts); PostgreSQL also has `tsv` (tsvector of the tokens, GIN-indexed). Those
 * engine-specific columns are reached only by src/search's own SQL.
 */
export interface SearchDocumentTable {
  /** e.g. disclosure:<uuid> */
  id: string;
  agency_id: string;
  /** disclosure */
  kind: string;
  category: string | null;
  year: number | null;
  /** 有效 | 失效 | 废止 */
  validity: string | null;
  title: string;
  /** Plain text. */
  body: string;
  published_on: string;
  url: string;
}

export interface DisclosureCategoryTable {
  agency_id: string;
  /** A default's code (FD01, JC12…) when it overrides one, else the agency's own (ZD001…). */
  code: string;
  /** statutory | local | basic | own */
  category_group: string;
  name: string;
  position: number;
  hidden: Generated<number>;
  updated_by: string | null;
  updated_at: string;
}

export interface DisclosureItemTable {
  id: string;
  agency_id: string;
  /** 索引号, given at the first publication. */
  index_number: string | null;
  index_year: number | null;
  index_serial: number | null;
  /** Derived from the events: draft | in_review | reviewed | approved | published | withdrawn */
  phase: string;
  /** The working version. */
  version: number;
  published_version: number | null;
  first_published_at: string | null;
  withdrawn_at: string | null;
  /** Of the working version, for lists. */
  title: string;
  category_code: string;
  formed_on: string;
  /** 条例第二十六条 clock of the working version. */
  clock_start: string;
  due_on: string;
  late_on: string;
  due_provisional: Generated<number>;
  working_published_on: string | null;
  event_count: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DisclosureEventTable {
  item_id: string;
  seq: number;
  type: string;
  at: string;
  /** JSON of the whole event (masked previews of findings, never a number). */
  data: string;
  recorded_by: string | null;
}

export interface DisclosureVersionTable {
  item_id: string;
  version: number;
  agency_id: string;
  title: string;
  document_number: string | null;
  formed_on: string;
  category_code: string;
  theme: string | null;
  /** valid | expired | repealed */
  validity: string;
  summary: string;
  /** Sanitized HTML. */
  body_html: string;
  body_text: string;
  /** JSON array of strings. */
  keywords: string;
  /** ISO instant of publication (ahead of now while scheduled). */
  published_at: string | null;
  published_on: string | null;
  indexed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DisclosureFileTable {
  sha256: string;
  size: number;
  /** Empty when the bytes are in the files directory. */
  content: Uint8Array;
  created_at: string;
  /** 'database' | 'directory': where the bytes are (migration 010). */
  location: Generated<string>;
}

export interface DisclosureAttachmentTable {
  id: string;
  item_id: string;
  version: number;
  position: number;
  file_sha256: string;
  filename: string;
  media_type: string;
  size: number;
  created_at: string;
  /** JSON AttachmentScanResult (masks only), made on upload; null for files stored before it. */
  content_findings: string | null;
}

export interface DisclosureSequenceTable {
  agency_id: string;
  year: number;
  last_serial: number;
}

export interface DisclosureChannelRecordTable {
  id: string;
  agency_id: string;
  item_id: string | null;
  /** portal | wechat | weibo | gazette | app | press | media | other */
  channel: string;
  title: string;
  url: string | null;
  published_on: string;
  created_by: string | null;
  created_at: string;
}

export interface NormativeDocumentTable {
  id: string;
  agency_id: string;
  /** regulation (规章) | normative (行政规范性文件) */
  kind: string;
  title: string;
  document_number: string;
  issued_on: string;
  effective_on: string;
  valid_until: string | null;
  /** valid | repealed | expired | amended */
  status: string;
  status_on: string | null;
  item_id: string | null;
  revision: number;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
}

export interface NormativeYearCountTable {
  agency_id: string;
  year: number;
  licensing: number;
  penalty: number;
  enforcement: number;
  /** 行政事业性收费 in 元 (the report prints 万元 with four decimals). */
  fees_yuan: number;
  updated_by: string | null;
  updated_at: string;
}

/** The annual report of an agency-year (migration 013); see src/annual-reports. */
export interface AnnualReportTable {
  id: string;
  agency_id: string;
  year: number;
  /** draft | approved | published */
  state: string;
  /** built | imported */
  source: string;
  /** JSON ReportEdits: paragraphs of sections 一, 五, 六 replacing the drafted ones. */
  edits: string;
  /** JSON array of the user ids who saved edits. */
  authors: string;
  event_count: number;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  approved_by: string | null;
  approved_at: string | null;
  published_by: string | null;
  published_at: string | null;
  published_on: string | null;
  deadline_on: string | null;
  late: number | null;
  /** The approved (then published) report as the document JSON of report-json.ts. */
  snapshot_json: string | null;
  snapshot_html: string | null;
  /** JSON Finding[] of the snapshot. */
  findings: string | null;
  import_file_name: string | null;
  import_sha256: string | null;
  import_content: Uint8Array | null;
}

export interface AnnualReportReminderTable {
  id: string;
  agency_id: string;
  year: number;
  /** before_15 | before_5 | before_1 | overdue */
  kind: string;
  deadline_on: string;
  created_on: string;
  emailed_at: string | null;
}

export interface ServiceWindowTable {
  id: string;
  agency_id: string;
  name: string;
  /** 办公时间 as written. */
  hours: string;
  phone: string;
  location: string;
  position: number;
  closed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
}

export interface ServiceItemTable {
  id: string;
  agency_id: string;
  /** town | village */
  level: string;
  name: string;
  type: string;
  window_id: string | null;
  /** The current version's number and content (JSON). */
  version: number;
  content: string;
  position: number;
  withdrawn_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
}

export interface ServiceItemVersionTable {
  item_id: string;
  version: number;
  content: string;
  window_id: string | null;
  /** manual | import */
  source: string;
  changed_by: string | null;
  changed_at: string;
}

export interface ServiceEventTable {
  id: string;
  agency_id: string;
  window_id: string | null;
  item_id: string | null;
  /** window | online */
  channel: string;
  occurred_at: string;
  /** SHA-256 of the 评价码. */
  code_hash: string;
  created_by: string | null;
  created_at: string;
}

export interface ServiceRatingTable {
  id: string;
  event_id: string;
  agency_id: string;
  window_id: string | null;
  item_id: string | null;
  /** very_satisfied | satisfied | basically_satisfied | dissatisfied | very_dissatisfied */
  level: string;
  reason: string | null;
  /** portal | qr */
  source: string;
  rated_at: string;
}

export interface ServiceComplaintTable {
  id: string;
  agency_id: string;
  /** 投诉编号 */
  reference: string;
  /** hotline | online */
  channel: string;
  window_id: string | null;
  item_id: string | null;
  content: string;
  complainant_name: string;
  complainant_phone: string;
  received_at: string;
  /** The last working day to answer (civil date). */
  due_on: string;
  /** The working days it was counted with (the agency's setting then); null before migration 016. */
  due_days: number | null;
  /** 1 while a day counted lies in a year without its holiday notice (the daily job counts again). */
  due_provisional: Generated<number>;
  /** received | assigned | answered */
  state: string;
  assigned_to: string | null;
  assigned_at: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  on_time: number | null;
  /** SHA-256 of the secret in the complainant's link. */
  token_hash: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A 效能投诉 noticed as due soon or overdue, once per kind and deadline (migration 015). */
export interface ServiceComplaintReminderTable {
  id: string;
  agency_id: string;
  complaint_id: string;
  /** due_soon | overdue */
  kind: string;
  due_on: string;
  created_on: string;
  emailed_at: string | null;
}

export interface DB {
  agencies: AgencyTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  job_runs: JobLockTable;
  holiday_years: HolidayYearTable;
  audit_anchor: AuditAnchorTable;
  install_secrets: InstallSecretTable;
  unknown_login_attempts: UnknownLoginAttemptTable;
  applications: ApplicationTable;
  application_events: ApplicationEventTable;
  application_years: ApplicationYearTable;
  application_files: ApplicationFileTable;
  letter_sequences: LetterSequenceTable;
  letters: LetterTable;
  letter_templates: LetterTemplateTable;
  appeals: AppealTable;
  reminders: ReminderTable;
  search_documents: SearchDocumentTable;
  disclosure_categories: DisclosureCategoryTable;
  disclosure_items: DisclosureItemTable;
  disclosure_events: DisclosureEventTable;
  disclosure_versions: DisclosureVersionTable;
  disclosure_files: DisclosureFileTable;
  disclosure_attachments: DisclosureAttachmentTable;
  disclosure_sequences: DisclosureSequenceTable;
  disclosure_channel_records: DisclosureChannelRecordTable;
  normative_documents: NormativeDocumentTable;
  normative_year_counts: NormativeYearCountTable;
  annual_reports: AnnualReportTable;
  annual_report_reminders: AnnualReportReminderTable;
  service_windows: ServiceWindowTable;
  service_items: ServiceItemTable;
  service_item_versions: ServiceItemVersionTable;
  service_events: ServiceEventTable;
  service_ratings: ServiceRatingTable;
  service_complaints: ServiceComplaintTable;
  service_complaint_reminders: ServiceComplaintReminderTable;
}
