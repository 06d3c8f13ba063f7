// Runs the dated migrations in order. The list is static so that it works the same from sources,
// tests and any bundling.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as platformCore from './migrations/2026-11-26-001-platform-core.ts';
import * as totpLastStep from './migrations/2026-11-26-002-totp-last-step.ts';
import * as holidayYears from './migrations/2026-11-26-003-holiday-years.ts';
import * as auditAnchor from './migrations/2026-11-26-004-audit-anchor.ts';
import * as unknownLoginAttempts from './migrations/2026-11-26-005-unknown-login-attempts.ts';
import * as applications from './migrations/2026-11-26-006-applications.ts';
import * as search from './migrations/2026-11-26-007-search.ts';
import * as disclosures from './migrations/2026-11-26-008-disclosures.ts';
import * as normativeRegister from './migrations/2026-11-26-009-normative-register.ts';
import * as fileLocations from './migrations/2026-11-26-010-file-locations.ts';
import * as attachmentFindings from './migrations/2026-11-26-011-attachment-findings.ts';
import * as releaseIndex from './migrations/2026-11-26-012-release-index.ts';
import * as annualReports from './migrations/2026-11-27-013-annual-reports.ts';
import * as serviceItems from './migrations/2026-11-27-014-service-items.ts';
import * as complaintReminders from './migrations/2026-11-27-015-complaint-reminders.ts';
import * as complaintDeadlineBasis from './migrations/2026-11-27-016-complaint-deadline-basis.ts';

const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-001-platform-core': platformCore,
  '2026-11-26-002-totp-last-step': totpLastStep,
  '2026-11-26-003-holiday-years': holidayYears,
  '2026-11-26-004-audit-anchor': auditAnchor,
  '2026-11-26-005-unknown-login-attempts': unknownLoginAttempts,
  '2026-11-26-006-applications': applications,
  '2026-11-26-007-search': search,
  '2026-11-26-008-disclosures': disclosures,
  '2026-11-26-009-normative-register': normativeRegister,
  '2026-11-26-010-file-locations': fileLocations,
  '2026-11-26-011-attachment-findings': attachmentFindings,
  '2026-11-26-012-release-index': releaseIndex,
  '2026-11-27-013-annual-reports': annualReports,
  '2026-11-27-014-service-items': serviceItems,
  '2026-11-27-015-complaint-reminders': complaintReminders,
  '2026-11-27-016-complaint-deadline-basis': complaintDeadlineBasis,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'gongkai_migrations',
    migrationLockTableName: 'gongkai_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
