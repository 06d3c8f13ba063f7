// The public surface of 复议 and 诉讼 cases: other folders import only this.

export { findAppealsForYear, findAppealsOfApplication } from './appeal.repository.ts';
export {
  APPEAL_KIND_LABELS,
  APPEAL_RESULTS,
  type Appeal,
  type AppealKind,
  isAppealKind,
  isAppealResult,
} from './appeal.ts';
export { table4Of } from './appeal-table.ts';
export { decideAppeal, type RecordAppealInput, recordAppeal } from './record-appeal.ts';
