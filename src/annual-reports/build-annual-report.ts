// The annual report of an agency and year built from the live data: the facts read from the
// database, drafted by the pure draftReport (tables from the data, section 一 from the facts, the
// 信息处理费 sentence of 六 from the fee records), the clerk's paragraphs in place where given.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { draftReport, type ReportEdits } from '../reports/draft/index.ts';
import type { AnnualReport } from '../reports/report.ts';
import { loadReportFacts } from './load-report-facts.ts';

/** The first report year: the 条例 took effect on 1 May 2008. */
export const FIRST_REPORT_YEAR = 2008;

/** Why the year cannot have a report yet (or at all), in Chinese; null when it can. */
export function reportYearProblem(year: unknown, now: Date): string | null {
  const thisYear = Number(shanghaiDate(now).slice(0, 4));
  if (typeof year !== 'number' || !Number.isInteger(year)) return '年度应为四位数字的年份，如 2022';
  if (year < FIRST_REPORT_YEAR) return `年度不能早于 ${FIRST_REPORT_YEAR} 年（条例施行之年）`;
  if (year > thisYear) return `${year} 年尚未开始，不能生成年度报告（当前为 ${thisYear} 年）`;
  return null;
}

export async function buildAnnualReport(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
  options: { now?: Date; edits?: ReportEdits } = {},
): Promise<AnnualReport> {
  const now = options.now ?? new Date();
  const problem = reportYearProblem(year, now);
  if (problem) throw new DomainError('input.invalid', problem, { userMessage: problem });
  const facts = await loadReportFacts(db, agencyId, year, now);
  return draftReport(facts, options.edits);
}
