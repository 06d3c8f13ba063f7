// The public surface of the service-item catalogue (政务服务事项) and the windows of the service hall:
// other folders import only this. This first slice is the pure core and the XLSX exchange.

// 办件, 评价 (好差评) and 效能投诉.
export { answerComplaint } from './answer-complaint.ts';
export { assignComplaint, complaintClosed } from './assign-complaint.ts';
export {
  answeredOnTime,
  COMPLAINT_CHANNELS,
  COMPLAINT_STATES,
  type ComplaintChannel,
  type ComplaintState,
  complaintDeadlineDays,
  complaintDueOn,
  complaintProblems,
  DEFAULT_COMPLAINT_DEADLINE_DAYS,
  isOverdue,
  MAX_ANSWER_LENGTH,
  MAX_CONTENT_LENGTH,
  maskComplainantName,
  maskComplainantPhone,
} from './complaint.ts';
export {
  COMPLAINT_REMINDER_LABELS,
  type ComplaintReminderKind,
  complaintReminderJobs,
  complaintReminderKind,
  overdueComplaintCounts,
  pendingComplaintReminderMails,
  recordComplaintReminders,
} from './complaint-jobs.ts';
export {
  type FileComplaintInput,
  type FiledComplaint,
  fileOnlineComplaint,
  type HotlineComplaintInput,
  registerHotlineComplaint,
} from './file-complaint.ts';
// The catalogue's shell (back office): windows and items stored with their versions, the import.
export {
  type CheckedServiceImport,
  checkServiceImport,
  type ImportOutcome,
  type ImportServiceItemsInput,
  type ImportServiceItemsResult,
  importableItems,
  importableWindows,
  importServiceItems,
} from './import-service-items.ts';
export {
  beijingWeekMinute,
  openNow,
  type PublicServiceCatalogue,
  type PublicServiceItem,
  type PublicServiceWindow,
  publicServiceCatalogue,
  publicServiceItem,
  publicServiceWindow,
} from './public-services.ts';
export { alreadyRated, type RatedService, rateService, unknownCode } from './rate-service.ts';
export {
  isServiceEventChannel,
  listRecentServiceEvents,
  type RecentServiceEvent,
  type RegisteredServiceEvent,
  registerServiceEvent,
  SERVICE_EVENT_CHANNELS,
  type ServiceEventChannel,
} from './register-service-event.ts';
export {
  formatRatingCode,
  isSatisfactionLevel,
  MAX_REASON_LENGTH,
  normalizeRatingCode,
  RATING_CODE_LENGTH,
  type RatingSource,
  SATISFACTION_LEVEL_IDS,
  SATISFACTION_LEVELS,
  type SatisfactionLevel,
} from './satisfaction.ts';
export {
  type CreateItemInput,
  catalogueProblems,
  createItem,
  type UpdateItemInput,
  updateItem,
} from './save-service-item.ts';
export {
  type CloseWindowInput,
  type CreateWindowInput,
  createWindow,
  setWindowClosed,
  type UpdateWindowInput,
  updateWindow,
} from './save-service-window.ts';
export {
  SERVICE_EDITOR_ROLES,
  SERVICE_READER_ROLES,
  type ServiceItemVersion,
  type StoredServiceItem,
  type StoredServiceWindow,
} from './service-catalogue-shell.ts';
export { FEEDBACK_CLERK_ROLES, FEEDBACK_READER_ROLES } from './service-feedback-shell.ts';
export {
  isServiceItemType,
  isServiceLevel,
  type OpeningHours,
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_ITEM_TYPES,
  SERVICE_LEVEL_IDS,
  SERVICE_LEVELS,
  type ServiceItem,
  type ServiceItemType,
  type ServiceLevel,
  type ServiceWindow,
} from './service-item.ts';
export {
  comparable,
  duplicateItems,
  formatOpeningHours,
  ITEM_FIELD_LABELS,
  type ItemFieldProblem,
  itemFieldProblems,
  itemKey,
  itemProblems,
  levelLabel,
  MAX_LIMIT_DAYS,
  normalizeItem,
  openAt,
  parseOpeningHours,
  phoneKind,
  phoneNumbers,
  phoneProblem,
  type ServiceItemField,
  urlProblem,
  windowProblems,
} from './service-item-rules.ts';
export {
  badRows,
  buildServiceItemTemplate,
  describeProblem,
  exportServiceItems,
  type ImportRow,
  ITEM_COLUMNS,
  ITEMS_SHEET,
  MAX_IMPORT_BYTES,
  MAX_ITEM_ROWS,
  MAX_WINDOW_ROWS,
  type ParsedServiceItems,
  type RowProblem,
  readServiceItemsWorkbook,
  readUploadedServiceItems,
  validItems,
  WINDOW_COLUMNS,
  WINDOWS_SHEET,
} from './service-item-xlsx.ts';
export {
  addStatistics,
  type ComplaintCounts,
  countComplaints,
  countItems,
  countRatings,
  DISSATISFIED_LEVELS,
  dissatisfiedShare,
  emptyStatistics,
  formatPercent,
  type ItemCounts,
  type RatingCounts,
  type ServiceStatistics,
  type Share,
} from './service-statistics.ts';
export { countingInstant, serviceStatisticsOf } from './service-statistics-queries.ts';
export {
  MAX_LOCATION_LENGTH,
  MAX_POSITION,
  normalizeWindow,
  resolveWindow,
  WINDOW_FIELD_LABELS,
  type WindowField,
  type WindowInput,
  windowFieldProblems,
} from './service-window-rules.ts';
export {
  type ComplaintDetail,
  type ComplaintSummary,
  complaintAssignees,
  findComplaintByToken,
  getComplaint,
  listComplaints,
  type PublicComplaintView,
  publicServiceChoices,
  type ServiceChoices,
  serviceChoicesFor,
} from './view-complaints.ts';
export {
  type CatalogueCounts,
  catalogueCounts,
  exportCatalogue,
  getItem,
  getWindow,
  type ItemFilter,
  listItems,
  listWindows,
} from './view-service-catalogue.ts';
export { setItemWithdrawnState, type WithdrawItemInput } from './withdraw-service-item.ts';
