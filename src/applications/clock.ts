// The reply clock of one reply period (Round), pure: 20 工作日 from the day after the start, plus
// the extension, with the working days of consultations and of waiting for a fee not counted; or,
// once set, the delayed deadline of 第三十五条 instead.
//
// Waiting for the applicant's reasons (要求说明理由, 第三十五条) does NOT pause the clock. The 条例
// excludes from the reply period only the time of consulting third parties and other organs
// (第三十三条第三款), and restarts it only on a corrected application (第三十条); 第三十五条 says
// nothing of excluding the time the applicant takes to explain. Its remedy for a period that cannot
// be met is explicit instead: the organ sets a reasonable delayed deadline and tells the applicant.
// So a clerk who asks for reasons still sees the 第三十三条 due date run, and must reply, extend, or
// set the delayed deadline (`delayed_deadline_set`) before it passes: the safe reading for someone
// who must not miss a deadline.
import { isCivilDate, type WorkingDayCalendar } from '../calendar/index.ts';
import type { Round } from './application.ts';
import { countWorkingDays, plusWorkingDays } from './working-day-index.ts';

/** The time limits of 依申请公开 in 工作日, with the article that sets each. */
export const PERIODS = {
  reply: { workingDays: 20, article: '第三十三条第二款' },
  extension: { workingDays: 20, article: '第三十三条第二款' },
  supplementNotice: { workingDays: 7, article: '第三十条' },
  /** The third party (第三十二条) and another organ (第三十四条) each reply within 15 工作日. */
  consultation: { workingDays: 15, article: '第三十二条、第三十四条' },
} as const;

/** 要求说明理由 and the delayed reply deadline (数量、频次明显超过合理范围). */
export const DELAYED_REPLY_ARTICLE = '第三十五条';

/** 征求第三方和其他机关意见所需时间不计算在答复期限内. */
export const CONSULTATION_NOT_COUNTED_ARTICLE = '第三十三条第三款';

/** The earlier of two civil dates (they compare as strings). */
export function earlierDate(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The later of two civil dates. */
export function laterDate(a: string, b: string): string {
  return a >= b ? a : b;
}

export type PauseKind = 'third_party' | 'other_organ' | 'fee';

/** Days after `from` up to and including `to` do not count against the reply period. */
export interface PausedInterval {
  kind: PauseKind | 'supplement';
  from: string;
  to: string;
  /** Still running: `to` is the latest it can last (the consultation's 15 工作日, the payment due date). */
  open: boolean;
  /** Working days in (from, to]. */
  workingDays: number;
}

/** The last day a consultation started on `startedOn` can pause the clock: 15 工作日 later. */
export function consultationDue(startedOn: string, calendar: WorkingDayCalendar): string {
  return plusWorkingDays(startedOn, PERIODS.consultation.workingDays, calendar);
}

/**
 * The pauses of a round in order. A consultation pauses from the day after it started to the day
 * it ended, at most 15 工作日 (the other side must answer within them; 第三十二条, 第三十四条);
 * an open one is assumed to run its 15 工作日. Waiting for a fee pauses from the day after the
 * notice to the day of payment; unpaid, to the payment due date (or the day it was declared expired).
 */
export function roundPauses(round: Round, calendar: WorkingDayCalendar): PausedInterval[] {
  const pauses: PausedInterval[] = [];
  for (const c of round.consultations) {
    const cap = consultationDue(c.startedOn, calendar);
    const to = c.endedOn === null ? cap : earlierDate(c.endedOn, cap);
    pauses.push(interval(c.party, c.startedOn, to, c.endedOn === null, calendar));
  }
  const fee = round.fee;
  if (fee) {
    const open = fee.paidOn === null && fee.expiredOn === null;
    const to = fee.paidOn ?? fee.expiredOn ?? fee.paymentDue;
    pauses.push(interval('fee', fee.sentOn, to, open, calendar));
  }
  return pauses.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

function interval(
  kind: PausedInterval['kind'],
  from: string,
  to: string,
  open: boolean,
  calendar: WorkingDayCalendar,
): PausedInterval {
  return { kind, from, to, open, workingDays: countWorkingDays(from, to, calendar) };
}

export interface RoundDue {
  date: string;
  /** The period reaches into a year without an official holiday arrangement. */
  provisional: boolean;
  provisionalYears: number[];
}

/** Years from `from` to `to` without an official arrangement. */
export function provisionalYears(from: string, to: string, calendar: WorkingDayCalendar): number[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    if (!calendar.officialYears.has(year)) years.push(year);
  }
  return years;
}

/**
 * The reply due date of a round: the day the working days counted reach 20 (+ extension), counting
 * from the day after the start and skipping the paused days. A pause that begins after the period
 * has run out does not move it. A delayed deadline set under 第三十五条 replaces all of this: it is
 * a fixed civil date, which no later pause moves (and no holiday arrangement makes provisional).
 */
export function roundReplyDue(round: Round, calendar: WorkingDayCalendar): RoundDue {
  if (!isCivilDate(round.start)) throw new RangeError(`not a civil date (YYYY-MM-DD): ${round.start}`);
  if (round.delayedDeadline)
    return { date: round.delayedDeadline.dueOn, provisional: false, provisionalYears: [] };
  return statutoryReplyDue(round, calendar);
}

/** The 第三十三条 due date of a round, ignoring any delayed deadline of 第三十五条. */
export function statutoryReplyDue(round: Round, calendar: WorkingDayCalendar): RoundDue {
  if (!isCivilDate(round.start)) throw new RangeError(`not a civil date (YYYY-MM-DD): ${round.start}`);
  let remaining = PERIODS.reply.workingDays + (round.extension?.days ?? 0);
  let cursor = round.start;
  let date: string | null = null;
  for (const pause of roundPauses(round, calendar)) {
    if (pause.to <= cursor) continue;
    const from = laterDate(pause.from, cursor);
    const available = countWorkingDays(cursor, from, calendar);
    if (available >= remaining) {
      date = plusWorkingDays(cursor, remaining, calendar);
      break;
    }
    remaining -= available;
    cursor = pause.to;
  }
  date ??= plusWorkingDays(cursor, remaining, calendar);
  const years = provisionalYears(round.start, date, calendar);
  return { date, provisional: years.length > 0, provisionalYears: years };
}
