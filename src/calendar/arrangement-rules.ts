// Checks an entered holiday arrangement before it changes every statutory deadline of its year.
import type { HolidayArrangement } from './official-arrangements.ts';
import { isCivilDate, weekday } from './working-days.ts';

/** Chinese problems; empty when the arrangement can be used. */
export function arrangementProblems(arrangement: HolidayArrangement): string[] {
  const problems: string[] = [];
  const { year } = arrangement;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) problems.push(`年份无效：${year}`);
  if (arrangement.source.trim().length < 6) problems.push('请填写国务院通知的名称或文号。');
  if (arrangement.holidays.length === 0) problems.push('至少应有一个放假时段。');
  const holidayDays = new Set<string>();
  for (const [first, last] of arrangement.holidays) {
    if (!isCivilDate(first) || !isCivilDate(last)) {
      problems.push(`放假日期无效：${first}–${last}`);
      continue;
    }
    if (last < first) problems.push(`放假时段的结束早于开始：${first}–${last}`);
    // A holiday may begin on the last days of the year before (元旦 2023 began on 2022-12-31).
    if (first < `${year - 1}-12-25` || last > `${year}-12-31`) {
      problems.push(`放假时段 ${first}–${last} 不在 ${year} 年内。`);
    }
    for (let d = first; d <= last && d.length === 10; d = nextDay(d)) holidayDays.add(d);
  }
  for (const day of arrangement.makeupWorkdays) {
    if (!isCivilDate(day)) {
      problems.push(`调休上班日期无效：${day}`);
      continue;
    }
    const w = weekday(day);
    if (w !== 0 && w !== 6) problems.push(`调休上班日 ${day} 不是周末。`);
    if (holidayDays.has(day)) problems.push(`${day} 既是放假日又是调休上班日。`);
    // 调休 days may fall in the last days of the year before (2019's notice had 2018-12-29).
    if (day < `${year - 1}-12-25` || day > `${year}-12-31`) {
      problems.push(`调休上班日 ${day} 不在 ${year} 年内。`);
    }
  }
  return problems;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
