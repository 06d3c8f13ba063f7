// `gongkai calendar add-working-days DATE N` and `gongkai calendar explain DATE N`.
import { addWorkingDays, buildCalendar, isCivilDate, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import type { Output } from './output.ts';

export const CALENDAR_USAGE = `用法：gongkai calendar add-working-days 日期 工作日数
      gongkai calendar explain 日期 工作日数

按条例计算工作日：自收到之日的次日起算，跳过周末和法定节假日，调休上班日计入。
日期格式为 YYYY-MM-DD；没有国务院正式安排的年份按只跳过周末计算，并标明“暂定”。`;

const REASONS = {
  'working day': '工作日',
  'makeup working day': '调休上班',
  weekend: '周末',
  holiday: '法定节假日',
} as const;

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

export function runCalendar(args: string[], out: Output): number {
  const [command, date, count] = args;
  const n = Number(count);
  if ((command !== 'add-working-days' && command !== 'explain') || !date || count === undefined) {
    out.error(CALENDAR_USAGE);
    return 2;
  }
  if (!isCivilDate(date)) {
    out.error(`日期无效：${date}（应为 YYYY-MM-DD，例如 2024-09-20）`);
    return 2;
  }
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    out.error(`工作日数无效：${count}（应为 0 到 1000 的整数）`);
    return 2;
  }
  const result = addWorkingDays(date, n, calendar);
  const note = result.provisional
    ? `（暂定：${result.provisionalYears.join('、')}年尚无国务院节假日安排）`
    : '';
  if (command === 'add-working-days') {
    out.print(`${result.date}${note}`);
    return 0;
  }
  out.print(`自 ${date} 的次日起算 ${n} 个工作日：`);
  for (const day of result.days) {
    out.print(
      `  ${day.date}  ${REASONS[day.reason]}${day.count === null ? '' : `  第 ${day.count} 个工作日`}`,
    );
  }
  out.print(`期满日：${result.date}${note}`);
  return 0;
}
