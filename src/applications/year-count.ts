// Which applications a year's table 三 counts, and where, pure. Each application counted in a year
// enters once (本年新收 or 上年结转) and leaves once (its outcome in the year, or 结转下年度), so
// 一 + 二 = 三（七）+ 四 holds in every column by construction:
//   上年结转  — open at the end of 31 Dec of the year before;
//   本年新收  — otherwise, received in the year, or reopened in the year for a new reply;
//   outcome   — closed at the end of 31 Dec: the outcome it then has (its final one in the year);
//   结转下年度 — open at the end of 31 Dec.
// An application closed all year long, and not reopened, is not counted.
import type { WorkingDayCalendar } from '../calendar/index.ts';
import { type ApplicationRecord, type ApplicationState, OPEN_PHASES } from './application.ts';
import { type ApplicantType, applicantColumn, OUTCOME_CODES, type OutcomeCode } from './outcomes.ts';
import { applyEvent, initialState } from './workflow.ts';

/** The rows of table 三 an application can be counted in (the 总计 row is their sum). */
export type YearRow = 'new' | 'carriedIn' | OutcomeCode | 'carriedOut';

export interface YearItem {
  id: string;
  applicantType: ApplicantType;
  /** Index of the applicant column. */
  column: number;
  entry: 'new' | 'carriedIn';
  exit: OutcomeCode | 'carriedOut';
  /** Counted as 本年新收 because it was reopened in the year (not received in it). */
  reopened: boolean;
}

export interface YearCount {
  year: number;
  items: YearItem[];
  /** Per row, one count per applicant column (six, without 总计). */
  rows: Record<YearRow, number[]>;
}

export const YEAR_ROWS: readonly YearRow[] = ['new', 'carriedIn', ...OUTCOME_CODES, 'carriedOut'];

function isOpen(state: ApplicationState): boolean {
  return OPEN_PHASES.has(state.phase);
}

/** Where one application is counted in `year`, or null when the year's table does not count it. */
export function yearItem(
  application: ApplicationRecord,
  year: number,
  calendar: WorkingDayCalendar,
): YearItem | null {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  let state = initialState();
  let atStart: ApplicationState | null = null;
  let receivedInYear = false;
  let reopenedInYear = false;
  for (const event of application.events) {
    if (event.at > last) break;
    if (atStart === null && event.at >= first) atStart = state;
    state = applyEvent(state, event, calendar);
    if (event.at >= first) {
      if (event.type === 'received') receivedInYear = true;
      if (event.type === 'reopened') reopenedInYear = true;
    }
  }
  atStart ??= state;
  let entry: YearItem['entry'];
  if (isOpen(atStart)) entry = 'carriedIn';
  else if (receivedInYear || reopenedInYear) entry = 'new';
  else return null;
  const exit = isOpen(state) ? 'carriedOut' : state.outcome;
  if (exit === null) throw new Error(`application ${application.id} is closed without an outcome`);
  return {
    id: application.id,
    applicantType: application.applicantType,
    column: applicantColumn(application.applicantType),
    entry,
    exit,
    reopened: entry === 'new' && !receivedInYear,
  };
}

/** The applications of `year`: where each is counted, and the counts per row and applicant column. */
export function countForYear(
  applications: readonly ApplicationRecord[],
  year: number,
  calendar: WorkingDayCalendar,
): YearCount {
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    throw new RangeError(`not a report year: ${year}`);
  const rows = Object.fromEntries(YEAR_ROWS.map((row) => [row, [0, 0, 0, 0, 0, 0]])) as Record<
    YearRow,
    number[]
  >;
  const items: YearItem[] = [];
  for (const application of applications) {
    const item = yearItem(application, year, calendar);
    if (!item) continue;
    items.push(item);
    rows[item.entry][item.column]! += 1;
    rows[item.exit][item.column]! += 1;
  }
  return { year, items, rows };
}
