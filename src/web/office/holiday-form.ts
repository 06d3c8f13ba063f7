// The holiday-arrangement form as typed by an admin, read leniently into a HolidayArrangement:
// full-width digits and punctuation, 2027/1/1 or 2027年1月1日, 至 / 到 / ~ / - between the two
// dates of a period (the second may omit the year), blank lines, a label before a colon
// (元旦：…) or a note in brackets after the dates. Pure: the statute's checks (weekends, the
// year's bounds) stay in the calendar's arrangementProblems, run by the use case.
import { type HolidayArrangement, isCivilDate } from '../../calendar/index.ts';

/** What the form's fields hold, exactly as typed (kept when the form is shown again). */
export interface HolidayFormValues {
  year: string;
  source: string;
  holidays: string;
  makeupWorkdays: string;
}

export interface ParsedHolidayForm {
  arrangement: HolidayArrangement;
  /** Chinese sentences, one per problem, naming the field and line; empty when all was read. */
  problems: string[];
}

const FULL_DATE = String.raw`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`;
const SHORT_DATE = String.raw`(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`;
// After NFKC: ～ → ~, － → -. Dashes that NFKC keeps: 〜 ― — – ‐.
const RANGE_SEPARATOR = '(?:至|到|~|〜|-+|[‐–—―]+)';
const PERIOD_LINE = new RegExp(
  String.raw`^${FULL_DATE}(?:\s*${RANGE_SEPARATOR}\s*(?:${FULL_DATE}|${SHORT_DATE}))?$`,
);
const DATE_LIST_SEPARATOR = /[\s,;、]+/;
const SINGLE_DATE = new RegExp(`^${FULL_DATE}$`);

/** Shown in the errors: a long line cut short. */
function quoted(line: string): string {
  const shown = line.length > 40 ? `${line.slice(0, 40)}…` : line;
  return `“${shown}”`;
}

function civil(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The text as half-width characters, without a label before a colon or a note in brackets after. */
function content(line: string): string {
  let text = line.normalize('NFKC').trim();
  text = text.replace(/^[^\d:]{1,12}:\s*/, '');
  text = text.replace(/\s*\([^()]*\)\s*$/, '');
  return text.replace(/[。.]$/, '').trim();
}

/** The lines of a textarea with their numbers as the user sees them (1-based, blank lines counted). */
function numberedLines(text: string): { n: number; line: string }[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line, index) => ({ n: index + 1, line }))
    .filter(({ line }) => line.normalize('NFKC').trim() !== '');
}

export function parseYear(text: string): { year: number; problems: string[] } {
  const value = text
    .normalize('NFKC')
    .trim()
    .replace(/\s*年$/, '');
  if (value === '') return { year: Number.NaN, problems: ['请填写年份。'] };
  if (!/^\d{4}$/.test(value))
    return { year: Number.NaN, problems: [`年份应为四位数字，如 2027：${quoted(text.trim())}`] };
  return { year: Number(value), problems: [] };
}

/** Holiday periods, one a line: `2027-01-01 至 2027-01-03` or a single date. */
export function parseHolidayLines(text: string): {
  holidays: [string, string][];
  problems: string[];
} {
  const holidays: [string, string][] = [];
  const problems: string[] = [];
  for (const { n, line } of numberedLines(text)) {
    const where = `放假时段第 ${n} 行`;
    const match = PERIOD_LINE.exec(content(line));
    if (!match) {
      problems.push(`${where}${quoted(line.trim())}无法识别，应写作“2027-01-01 至 2027-01-03”或单个日期。`);
      continue;
    }
    const [, y1, m1, d1, y2, m2, d2, shortMonth, shortDay] = match as unknown as (string | undefined)[];
    const first = civil(y1!, m1!, d1!);
    let last = first;
    if (y2 !== undefined) last = civil(y2, m2!, d2!);
    else if (shortMonth !== undefined) {
      // 2026-12-31 至 1-2: the period runs into the next year.
      last = civil(y1!, shortMonth, shortDay!);
      if (isCivilDate(last) && last < first) last = civil(String(Number(y1) + 1), shortMonth, shortDay!);
    }
    const invalid = [first, last].filter((date, i, all) => !isCivilDate(date) && all.indexOf(date) === i);
    if (invalid.length > 0) {
      problems.push(`${where}：${invalid.join('、')} 不是有效日期。`);
      continue;
    }
    if (last < first) {
      problems.push(`${where}：结束日期 ${last} 早于开始日期 ${first}。`);
      continue;
    }
    holidays.push([first, last]);
  }
  const unique = new Map(holidays.map((period) => [period.join('/'), period]));
  return {
    holidays: [...unique.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    problems,
  };
}

/** Make-up working days: one or more dates a line (separated by spaces, commas or 、). */
export function parseMakeupLines(text: string): { days: string[]; problems: string[] } {
  const days = new Set<string>();
  const problems: string[] = [];
  for (const { n, line } of numberedLines(text)) {
    const where = `调休上班日第 ${n} 行`;
    // A date's own parts may be spaced (2027 年 2 月 14 日): split only between whole dates.
    const cleaned = content(line)
      .replace(/\s*([-/.年月])\s*/g, '$1')
      .replace(/\s+日/g, '日');
    for (const token of cleaned.split(DATE_LIST_SEPARATOR).filter((t) => t !== '')) {
      const match = SINGLE_DATE.exec(token);
      if (!match) {
        problems.push(`${where}${quoted(token)}无法识别，应写作“2027-02-14”这样的日期。`);
        continue;
      }
      const date = civil(match[1]!, match[2]!, match[3]!);
      if (!isCivilDate(date)) problems.push(`${where}：${date} 不是有效日期。`);
      else days.add(date);
    }
  }
  return { days: [...days].sort(), problems };
}

/** The whole form; the arrangement is meaningful only when there are no problems. */
export function parseHolidayForm(values: HolidayFormValues): ParsedHolidayForm {
  const year = parseYear(values.year);
  const holidays = parseHolidayLines(values.holidays);
  const makeup = parseMakeupLines(values.makeupWorkdays);
  return {
    arrangement: {
      year: year.year,
      source: values.source.trim(),
      holidays: holidays.holidays,
      makeupWorkdays: makeup.days,
    },
    problems: [...year.problems, ...holidays.problems, ...makeup.problems],
  };
}

/** An arrangement written back into the form's fields (to correct a year). */
export function holidayFormValues(arrangement: HolidayArrangement): HolidayFormValues {
  return {
    year: String(arrangement.year),
    source: arrangement.source,
    holidays: arrangement.holidays
      .map(([first, last]) => (first === last ? first : `${first} 至 ${last}`))
      .join('\n'),
    makeupWorkdays: arrangement.makeupWorkdays.join('\n'),
  };
}
