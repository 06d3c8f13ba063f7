// `gongkai calendar add-working-days DATE N` and `gongkai calendar explain DATE N`.
import { existsSync, readFileSync } from 'node:fs';
import { systemActor } from '../agencies/index.ts';
import { enterHolidayYear } from '../applications/index.ts';
import {
  addWorkingDays,
  buildCalendar,
  type HolidayArrangement,
  isCivilDate,
  loadWorkingDayCalendar,
  OFFICIAL_ARRANGEMENTS,
  type WorkingDayCalendar,
} from '../calendar/index.ts';
import { DEFAULT_DATABASE_URL, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { isDomainError } from '../kernel/errors.ts';
import type { Output } from './output.ts';

export const CALENDAR_USAGE = `用法：gongkai calendar add-working-days 日期 工作日数
      gongkai calendar explain 日期 工作日数
      gongkai calendar import 节假日安排.json

import 录入一年的国务院节假日安排，JSON 格式：
  {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）",
   "holidays": [["2027-01-01", "2027-01-03"], …], "makeupWorkdays": ["2027-02-14", …]}

按条例计算工作日：自收到之日的次日起算，跳过周末和法定节假日，调休上班日计入。
日期格式为 YYYY-MM-DD；没有国务院正式安排的年份按只跳过周末计算，并标明“暂定”。`;

const REASONS = {
  'working day': '工作日',
  'makeup working day': '调休上班',
  weekend: '周末',
  holiday: '法定节假日',
} as const;

/** The calendar in force: the database's when there is one (it holds the years admins entered). */
async function calendarInForce(env: NodeJS.ProcessEnv): Promise<WorkingDayCalendar> {
  const url = loadConfig(env).databaseUrl;
  if (
    !env.GONGKAI_DATABASE_URL &&
    (url !== DEFAULT_DATABASE_URL || !existsSync(url.replace(/^sqlite:/, '')))
  ) {
    return buildCalendar(OFFICIAL_ARRANGEMENTS);
  }
  const database = openDatabase(url);
  try {
    await migrateToLatest(database.db);
    return await loadWorkingDayCalendar(database.db);
  } finally {
    await database.close();
  }
}

async function runImport(file: string | undefined, out: Output, env: NodeJS.ProcessEnv): Promise<number> {
  if (!file) {
    out.error(CALENDAR_USAGE);
    return 2;
  }
  let arrangement: HolidayArrangement;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    arrangement = {
      year: Number(data.year),
      source: String(data.source ?? ''),
      holidays: Array.isArray(data.holidays) ? data.holidays : [],
      makeupWorkdays: Array.isArray(data.makeupWorkdays) ? data.makeupWorkdays : [],
    };
  } catch (error) {
    out.error(`${file}：无法读取节假日安排：${(error as Error).message}`);
    return 2;
  }
  const database = openDatabase(loadConfig(env).databaseUrl);
  try {
    await migrateToLatest(database.db);
    const { movedApplications } = await enterHolidayYear(
      { db: database.db, config: loadConfig(env), now: () => new Date() },
      systemActor('cli'),
      arrangement,
    );
    out.print(`已录入 ${arrangement.year} 年节假日安排（${arrangement.source}）。`);
    if (movedApplications > 0) out.print(`${movedApplications} 件办理中申请的答复期限已按新安排重新计算。`);
    return 0;
  } catch (error) {
    if (isDomainError(error)) {
      out.error(error.message);
      for (const problem of (error.details.problems as string[] | undefined) ?? []) out.error(`  ${problem}`);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

export async function runCalendar(
  args: string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, date, count] = args;
  if (command === 'import') return runImport(date, out, env);
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
  const result = addWorkingDays(date, n, await calendarInForce(env));
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
