// When an agency's report of year Y must be published (条例第四十九条), pure. Departments: 31
// January of Y+1; the government-level report of a region (the 区域 in the tree): 31 March;
// townships are not named in the 条例 and the provinces set their dates, by default 31 January
// like the departments. An agency may set its own date (settings.reportDeadline "MM-DD"), and a
// supervising agency one per kind of agency below it (settings.reportDeadlines {town: "02-20"}),
// the nearest ancestor's winning. Reminders fall 15, 5 and 1 working day(s) before the deadline.
import type { AgencyKind, AgencySettings } from '../agencies/index.ts';
import { AGENCY_KINDS, deadlineSettingsProblems, monthDayOf, REPORTING_KINDS } from '../agencies/index.ts';
import { addDays, isWorkingDay, type WorkingDayCalendar } from '../calendar/index.ts';
import { REPORT_DEADLINE_DEPARTMENT, REPORT_DEADLINE_GOVERNMENT_SUMMARY } from '../reports/report-format.ts';

// The month-day rule is the agencies' (agencies/agency.ts), so that an admin's settings are refused
// there when a date is wrong; it is re-exported here for the readers of this folder.
export { deadlineSettingsProblems, monthDayOf, REPORTING_KINDS };

export interface DeadlineAgency {
  name: string;
  kind: AgencyKind;
  settings: AgencySettings;
}

export interface ReportDeadline {
  /** YYYY-MM-DD, in year Y+1. */
  date: string;
  /** Why this date, in Chinese. */
  basis: string;
  /** Set in the settings of the agency or of a supervising agency (not the statutory default). */
  configured: boolean;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The deadline of the agency's report of `year`. `ancestors` are the supervising agencies, nearest
 * first. A malformed setting is ignored (the next one, or the default, applies).
 */
export function reportDeadline(
  year: number,
  agency: DeadlineAgency,
  ancestors: readonly DeadlineAgency[] = [],
): ReportDeadline {
  const own = monthDayOf(agency.settings.reportDeadline, year);
  if (own)
    return {
      date: own,
      basis: `上级机关为本机关设定的年度报告发布期限（次年${humanMonthDay(own)}前）`,
      configured: true,
    };
  for (const ancestor of ancestors) {
    const perKind = ancestor.settings.reportDeadlines;
    if (!perKind || typeof perKind !== 'object' || Array.isArray(perKind)) continue;
    const date = monthDayOf((perKind as Record<string, unknown>)[agency.kind], year);
    if (date)
      return {
        date,
        basis: `${ancestor.name}规定的${AGENCY_KINDS[agency.kind].label}年度报告发布期限（次年${humanMonthDay(date)}前）`,
        configured: true,
      };
  }
  if (agency.kind === 'region') {
    const d = REPORT_DEADLINE_GOVERNMENT_SUMMARY;
    return {
      date: `${year + 1}-${pad(d.month)}-${pad(d.day)}`,
      basis: `县级以上人民政府年度报告：次年${d.month}月${d.day}日前（条例第四十九条）`,
      configured: false,
    };
  }
  const d = REPORT_DEADLINE_DEPARTMENT;
  return {
    date: `${year + 1}-${pad(d.month)}-${pad(d.day)}`,
    basis:
      agency.kind === 'department'
        ? `政府部门年度报告：次年${d.month}月${d.day}日前（条例第四十九条）`
        : `乡镇（街道）年度报告：次年${d.month}月${d.day}日前（条例第四十九条及各地规定）`,
    configured: false,
  };
}

function humanMonthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** Reminders before the deadline, in working days, largest first. */
export const REMINDER_WORKING_DAYS = [15, 5, 1] as const;

export type ReportReminderKind = 'before_15' | 'before_5' | 'before_1' | 'overdue';

export const REPORT_REMINDER_LABELS: Record<ReportReminderKind, string> = {
  before_15: '距发布期限还有15个工作日',
  before_5: '距发布期限还有5个工作日',
  before_1: '明天起即超过发布期限',
  overdue: '已超过发布期限',
};

/** The n-th working day before `date` (not counting `date` itself). */
export function workingDaysBefore(date: string, n: number, calendar: WorkingDayCalendar): string {
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new RangeError(`working days must be 1–366: ${n}`);
  let day = date;
  let counted = 0;
  while (counted < n) {
    day = addDays(day, -1);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return day;
}

/** The days the reminders fall on, largest lead first; provisional when the calendar lacks the year. */
export function reminderDates(
  deadline: string,
  calendar: WorkingDayCalendar,
): { kind: ReportReminderKind; date: string; provisional: boolean }[] {
  return REMINDER_WORKING_DAYS.map((n) => {
    const date = workingDaysBefore(deadline, n, calendar);
    const provisional =
      !calendar.officialYears.has(Number(date.slice(0, 4))) ||
      !calendar.officialYears.has(Number(deadline.slice(0, 4)));
    return { kind: `before_${n}` as ReportReminderKind, date, provisional };
  });
}

/**
 * The reminder due on `today` for an unpublished report: the nearest one whose day has come, or
 * `overdue` after the deadline; null before the first one. A job that missed days records only the
 * nearest, never a burst of the older ones.
 */
export function dueReminder(
  today: string,
  deadline: string,
  calendar: WorkingDayCalendar,
): ReportReminderKind | null {
  if (today > deadline) return 'overdue';
  const dates = reminderDates(deadline, calendar);
  for (let i = dates.length - 1; i >= 0; i--) if (today >= dates[i]!.date) return dates[i]!.kind;
  return null;
}

export type DeadlineStatus = 'open' | 'overdue' | 'published_on_time' | 'published_late';

export const DEADLINE_STATUS_LABELS: Record<DeadlineStatus, string> = {
  open: '未到期',
  overdue: '已逾期未发布',
  published_on_time: '按时发布',
  published_late: '逾期发布',
};

/** Where the report stands against its deadline on `today`. */
export function deadlineStatus(today: string, deadline: string, publishedOn: string | null): DeadlineStatus {
  if (publishedOn !== null) return publishedOn > deadline ? 'published_late' : 'published_on_time';
  return today > deadline ? 'overdue' : 'open';
}
