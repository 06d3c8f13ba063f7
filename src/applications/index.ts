// The public surface of 依申请公开 (the pure core): other folders import only this.
export * from './application.ts';
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
  type ApplicationStatus,
  DUE_SOON_WORKING_DAYS,
  type DueDates,
  dueDate,
  dueDatesOf,
  stateAsOf,
  status,
} from './deadlines.ts';
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
  APPEAL_RESULT_COLUMN,
  type AppealKind,
  type AppealRecord,
  type AppealResult,
  buildTable3,
  buildTable4,
  withApplicationTables,
} from './table3.ts';
export { applyEvent, currentRound, foldEvents, initialState, isOpen } from './workflow.ts';
export {
  countForYear,
  YEAR_ROWS,
  type YearCount,
  type YearItem,
  type YearRow,
  yearItem,
} from './year-count.ts';
