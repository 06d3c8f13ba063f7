// The public surface of the annual report from live data: other folders import only this.

// Storage and workflow of the report (migration 013): draft → approved → published, imports, reminders.
export {
  countFindings,
  EDITABLE_SECTIONS,
  type FindingLocation,
  type LocatedFinding,
  locateFindings,
  normalizeEdits,
  REPORT_SOURCE_LABELS,
  REPORT_STATE_LABELS,
  type ReportSource,
  type ReportState,
  type StoredReport,
} from './annual-report.ts';
export {
  importedReportFile,
  publishedReportOf,
  publishedReportYears,
  type ReportStatusLine,
  type ReportView,
  reportOf,
  reportStatusOf,
  savedEditsOf,
} from './annual-report-queries.ts';
export {
  deadlineOf,
  lastYearReport,
  REPORT_APPROVER_ROLES,
  REPORT_EDITOR_ROLES,
  REPORT_IMPORT_ROLES,
  REPORT_READER_ROLES,
} from './annual-report-shell.ts';
export { approveReport, REPORT_REVISE_ROLES, type ReportStepInput, reviseReport } from './approve-report.ts';
export { buildAnnualReport, FIRST_REPORT_YEAR, reportYearProblem } from './build-annual-report.ts';
export { BUILD_CHUNK, buildAnnualReports } from './build-many.ts';
// The supervisor's consolidation (汇总) of a subtree and its dashboard.
export * from './consolidation-dashboard.ts';
export { type ImportReportInput, importReport } from './import-report.ts';
export {
  feeFactsOf,
  loadReportFacts,
  publicationFactsOf,
} from './load-report-facts.ts';
export { publishReport } from './publish-report.ts';
export {
  DEADLINE_STATUS_LABELS,
  type DeadlineStatus,
  deadlineSettingsProblems,
  deadlineStatus,
  dueReminder,
  REMINDER_WORKING_DAYS,
  REPORT_REMINDER_LABELS,
  REPORTING_KINDS,
  type ReportDeadline,
  type ReportReminderKind,
  reminderDates,
  reportDeadline,
} from './report-deadlines.ts';
export {
  annualReportJobs,
  listReportReminders,
  pendingReportReminderMails,
  type ReportReminder,
  recordReportReminders,
  reportRemindersFor,
} from './report-jobs.ts';
export {
  ACTION_LABELS,
  applyReportAction,
  type ReportAction,
  type WorkflowState,
} from './report-workflow.ts';
export { type SaveReportDraftInput, saveReportDraft } from './save-report-draft.ts';
