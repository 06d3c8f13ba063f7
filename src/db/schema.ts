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
}
