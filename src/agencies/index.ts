// The public surface of agencies, users, roles and authentication: other folders import only this.

export { canSee, forbidden, loadAgencyTree, notFound, requireRole } from './access.ts';
export {
  AGENCY_KIND_IDS,
  AGENCY_KINDS,
  type Agency,
  type AgencyContact,
  type AgencyKind,
  type AgencySettings,
  ALLOWED_CHILDREN,
  agencyNameProblems,
  CONTACT_FIELD_KEYS,
  CONTACT_LABELS,
  deadlineSettingsProblems,
  isValidCreditCode,
  MAX_LETTER_PREFIX_LENGTH,
  monthDayOf,
  type PublicAgency,
  REPORTING_KINDS,
  type SettingsField,
  type SettingsProblem,
  settingsFieldProblems,
} from './agency.ts';
export { onAgenciesChanged } from './agency-events.ts';
export { beijingTime, lockedMessage } from './auth-rules.ts';
export {
  AUDIT_EXPORT_LIMIT,
  AUDIT_PAGE_SIZE,
  type AuditLogQuery,
  type AuditRow,
  browseAuditLog,
  exportAuditLogCsv,
} from './browse-audit-log.ts';
export { type ChangePasswordInput, changePassword } from './change-password.ts';
export { type CreateAgencyInput, createAgency } from './create-agency.ts';
export { type CreatedUser, type CreateUserInput, createUser } from './create-user.ts';
export { confirmTotp, enrolTotp, type TotpEnrolment } from './enrol-totp.ts';
export { type GrantRoleInput, grantRole } from './grant-role.ts';
export { type AgencyListItem, getAgency, listAgencies } from './list-agencies.ts';
export { getUser, listUsers, type UserWithGrants } from './list-users.ts';
export { type LoginInput, type LoginResult, login } from './login.ts';
export { logout } from './logout.ts';
export { offlinePrincipal } from './offline-principal.ts';
export { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.ts';
export { type PasswordHashOptions, PRODUCTION_HASHING } from './passwords.ts';
export {
  type AgencyNode,
  type AgencyTree,
  ancestorIds,
  assertReady,
  assertSeparateDuties,
  buildAgencyTree,
  hasRole,
  isReady,
  subtreeIds,
} from './permissions.ts';
export {
  type Actor,
  isSystemActor,
  type Principal,
  type RoleGrant,
  type SystemActor,
  systemActor,
  type UseCaseContext,
  type User,
} from './principal.ts';
export { getPublicAgency, listPublicAgencies } from './public-agencies.ts';
export { type ResetPasswordInput, resetPassword } from './reset-password.ts';
export { resolveSession } from './resolve-session.ts';
export { type RevokeRoleInput, revokeRole } from './revoke-role.ts';
export { isRole, ROLE_IDS, ROLES, type Role, roleLabel } from './roles.ts';
export { type SetUserDisabledInput, setUserDisabled } from './set-user-disabled.ts';
export { totpCode } from './totp.ts';
export {
  maySetOwnReportDeadline,
  OWN_DEADLINE_REFUSAL,
  ownDeadlineKindProblem,
  type UpdateAgencyInput,
  updateAgency,
} from './update-agency.ts';
export { findUsernames } from './user.repository.ts';
export { verifySecondFactor } from './verify-second-factor.ts';
export { visibleAgencyIds } from './visible-agencies.ts';
