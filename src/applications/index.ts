// The public surface of 依申请公开 (the pure core): other folders import only this.

// The shell: storage and use cases.
export * from './applicant.ts';
export {
  findLetterOfApplication,
  findLettersOfApplication,
  type IssuedLetter,
} from './applicant-letters.ts';
export {
  type ApplicationRow,
  countYearRows,
  findApplicationByTrackingNumber,
  findApplicationRowForUpdate,
  findFile,
} from './application.repository.ts';
export * from './application.ts';
export { table3Of } from './application-tables.ts';
export { assignApplication, listHandlers } from './assign-application.ts';
export {
  CONSULTATION_NOT_COUNTED_ARTICLE,
  consultationDue,
  DELAYED_REPLY_ARTICLE,
  type PausedInterval,
  type PauseKind,
  PERIODS,
  type RoundDue,
  roundPauses,
  roundReplyDue,
  statutoryReplyDue,
} from './clock.ts';
export {
  applicationDeadlineJobs,
  listReminders,
  REMINDER_LABELS,
  type ReminderKind,
  recomputeOpenApplications,
  recordReminders,
  remindersFor,
} from './deadline-jobs.ts';
export {
  type ApplicationStatus,
  DUE_SOON_WORKING_DAYS,
  type DueDates,
  dueDate,
  dueDatesOf,
  stateAsOf,
  status,
} from './deadlines.ts';
export { enterHolidayYear } from './enter-holiday-year.ts';
export { hashAccessToken, type IntakeInput, type IntakeResult, normalizeTrackingNumber } from './intake.ts';
export { DAILY_ONLINE_LIMIT_PER_APPLICANT, RECEIPT_RULES, receivesApplications } from './intake-rules.ts';
export { LETTER_OF_EVENT, type LetterExtras } from './issue-letters.ts';
export {
  type AgencyTemplate,
  listLetterTemplates,
  saveLetterTemplate,
  TEMPLATE_EDITOR_ROLES,
} from './letter-templates.ts';
export {
  APPLICANT_TYPE_KEYS,
  APPLICANT_TYPES,
  type ApplicantType,
  type ApplicantTypeDefinition,
  applicantColumn,
  isApplicantType,
  isOutcomeCode,
  mayJustifyWithheldPart,
  OUTCOME_CODES,
  OUTCOMES,
  OUTCOMES_BY_EVENT,
  type OutcomeCode,
  type OutcomeDefinition,
  outcome,
  outcomeTitle,
  WITHDRAWAL_BASIS,
} from './outcomes.ts';
export {
  appendEventIn,
  EVENT_ROLES,
  loadApplicationFor,
  loadEvents,
  type RecordedEvent,
  recordApplicationEvent,
} from './record-event.ts';
export { type RegisterApplicationInput, registerApplication } from './register-application.ts';
export { submitOnlineApplication } from './submit-application.ts';
export { MAX_SUPPLEMENT_TEXT, type SupplementInput, submitSupplement } from './submit-supplement.ts';
export { type FeeSuggestion, suggestFee } from './suggest-fee.ts';
export {
  APPEAL_RESULT_COLUMN,
  type AppealKind,
  type AppealRecord,
  type AppealResult,
  buildTable3,
  buildTable4,
  table3FromCounts,
  withApplicationTables,
} from './table3.ts';
export { MAX_UPLOAD_BYTES, type UploadedFile } from './uploads.ts';
export {
  APPLICATION_READER_ROLES,
  type ApplicantView,
  type ApplicationDetail,
  describeEvent,
  findApplicationByToken,
  getApplicationForStaff,
  listApplicationQueue,
  type QueueItem,
  type QueueQuery,
  type TimelineEntry,
} from './view-applications.ts';
export { applyEvent, currentRound, foldEvents, initialState, isOpen } from './workflow.ts';
export {
  countForYear,
  YEAR_ROWS,
  type YearCount,
  type YearItem,
  type YearRow,
  yearItem,
} from './year-count.ts';
