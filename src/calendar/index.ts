export { arrangementProblems } from './arrangement-rules.ts';
export { findEnteredArrangements } from './calendar.repository.ts';
export { enterHolidayArrangement } from './enter-holiday-arrangement.ts';
export {
  CALENDAR_LOCK,
  calendarForWrite,
  currentWorkingDayCalendar,
  loadWorkingDayCalendar,
  mergeArrangements,
} from './load-calendar.ts';
export { type HolidayArrangement, OFFICIAL_ARRANGEMENTS } from './official-arrangements.ts';
export {
  addDays,
  addWorkingDays,
  buildCalendar,
  type CountedDay,
  isCivilDate,
  isWorkingDay,
  type WorkingDayCalendar,
  type WorkingDayResult,
  workingDaysBetween,
} from './working-days.ts';
