// Tables 三 and 四 of the annual report, built from applications and appeals, pure.
import type { WorkingDayCalendar } from '../calendar/index.ts';
import { DomainError } from '../kernel/errors.ts';
import type { AnnualReport } from '../reports/report.ts';
import {
  type ReportFormat,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  TABLE4_TOTAL,
  type Table4GroupKey,
  TOTAL_COLUMN,
  table3Rows,
} from '../reports/report-format.ts';
import type { ApplicationRecord } from './application.ts';
import { OUTCOME_CODES } from './outcomes.ts';
import { countForYear, type YearRow } from './year-count.ts';

function withTotal(counts: readonly number[]): number[] {
  const row = [...counts];
  row[TOTAL_COLUMN] = counts.reduce((a, b) => a + b, 0);
  return row;
}

/**
 * Table 三 of `year` in the layout of `format`: every row of table3Rows(format), 7 cells each
 * (总计 last). In the 2019 format the three 其他处理 outcomes share its single row.
 */
export function buildTable3(
  applications: readonly ApplicationRecord[],
  year: number,
  calendar: WorkingDayCalendar,
  format: ReportFormat = '2021',
): Record<string, number[]> {
  return table3FromCounts(countForYear(applications, year, calendar).rows, format);
}

/**
 * Table 三 from the counts per row and applicant column (six each), however they were counted:
 * from histories in memory (buildTable3) or by the database over the stored year rows.
 */
export function table3FromCounts(
  rows: Readonly<Record<YearRow, readonly number[]>>,
  format: ReportFormat = '2021',
): Record<string, number[]> {
  const six = (key: string): number[] => {
    if (key === 'otherSingle') {
      return [0, 1, 2, 3, 4, 5].map((c) => rows.other1[c]! + rows.other2[c]! + rows.other3[c]!);
    }
    if (key === 'total') {
      return [0, 1, 2, 3, 4, 5].map((c) => OUTCOME_CODES.reduce((sum, code) => sum + rows[code][c]!, 0));
    }
    const counts = rows[key as YearRow];
    if (!counts) throw new Error(`table 三 row without a count: ${key}`);
    return [...counts];
  };
  const table: Record<string, number[]> = {};
  for (const def of table3Rows(format)) table[def.key] = withTotal(six(def.key));
  return table;
}

// ---------------------------------------------------------------------------------------------
// Table 四

export type AppealKind = Table4GroupKey;
export type AppealResult = '维持' | '纠正' | '其他' | '尚未审结';

/** The column of table 四 for each result (TABLE4_RESULTS: 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计). */
export const APPEAL_RESULT_COLUMN: Record<AppealResult, number> = {
  维持: 0,
  纠正: 1,
  其他: 2,
  尚未审结: 3,
};

export interface AppealRecord {
  kind: AppealKind;
  /** The day the case was filed. */
  filed: string;
  /** The result as now known; 尚未审结 while pending. */
  result: AppealResult;
  /** The day the result was given (required unless 尚未审结). */
  closedOn?: string;
}

/**
 * Table 四 of `year`: the cases filed in the year or pending on its 1 January, each counted by its
 * status at 31 December (a result given after 31 December counts as 尚未审结).
 */
export function buildTable4(
  appeals: readonly AppealRecord[],
  year: number,
): Record<Table4GroupKey, number[]> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const table = Object.fromEntries(
    TABLE4_GROUPS.map((g) => [g.key, new Array<number>(TABLE4_RESULTS.length).fill(0)]),
  ) as Record<Table4GroupKey, number[]>;
  for (const appeal of appeals) {
    const row = table[appeal.kind];
    const column = APPEAL_RESULT_COLUMN[appeal.result];
    if (!row || column === undefined)
      throw new DomainError('input.invalid', '复议、诉讼案件的类型或结果无效。');
    if (appeal.result !== '尚未审结' && !appeal.closedOn)
      throw new DomainError(
        'input.invalid',
        `${appeal.filed} 的案件结果为“${appeal.result}”，应登记审结日期。`,
      );
    if (appeal.closedOn && appeal.closedOn < appeal.filed)
      throw new DomainError('input.invalid', `${appeal.filed} 的案件审结日期早于立案日期。`);
    if (appeal.filed > last) continue;
    const closed = appeal.result !== '尚未审结' && appeal.closedOn! <= last;
    if (closed && appeal.closedOn! < first) continue;
    const at = closed ? column : APPEAL_RESULT_COLUMN.尚未审结;
    row[at]! += 1;
    row[TABLE4_TOTAL]! += 1;
  }
  return table;
}

/**
 * The report with tables 三 and 四 of `year` built from the data (everything else as given).
 * The report's format decides the layout of table 三.
 */
export function withApplicationTables(
  report: AnnualReport,
  applications: readonly ApplicationRecord[],
  appeals: readonly AppealRecord[],
  year: number,
  calendar: WorkingDayCalendar,
): AnnualReport {
  return {
    ...report,
    table3: buildTable3(applications, year, calendar, report.format),
    table4: buildTable4(appeals, year),
  };
}
