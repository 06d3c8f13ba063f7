// 条例第二十六条 (pure): proactive information is disclosed within 20 working days of being formed or
// changed. The clock of the first version starts at its 成文日期; a revision's at the day it was
// made (the information changed then). An item is late when more than 20 working days lie
// between that day and its publication, or, while unpublished, today.
import { addWorkingDays, type WorkingDayCalendar, workingDaysBetween } from '../calendar/index.ts';

export const PUBLICATION_WORKING_DAYS = 20;
export const PUBLICATION_ARTICLE = '条例第二十六条';

export interface PublicationClock {
  /** The day formed or changed. */
  start: string;
  /** The 20th working day after it: publication on or before it is in time. */
  dueOn: string;
  /** The 21st working day after it: publication on or after it is late. */
  lateOn: string;
  /** A year the count passed lacks an official holiday arrangement (weekends only assumed). */
  provisional: boolean;
}

export function publicationClock(start: string, calendar: WorkingDayCalendar): PublicationClock {
  const due = addWorkingDays(start, PUBLICATION_WORKING_DAYS, calendar);
  const late = addWorkingDays(start, PUBLICATION_WORKING_DAYS + 1, calendar);
  return { start, dueOn: due.date, lateOn: late.date, provisional: due.provisional };
}

export interface Timeliness extends PublicationClock {
  /** The day measured to: the publication date, or today while unpublished. */
  measuredTo: string;
  published: boolean;
  workingDays: number;
  late: boolean;
  /** In Chinese, for lists and the item page. */
  explanation: string;
}

export function timeliness(
  start: string,
  publishedOn: string | null,
  today: string,
  calendar: WorkingDayCalendar,
): Timeliness {
  const clock = publicationClock(start, calendar);
  const measuredTo = publishedOn ?? today;
  const workingDays = workingDaysBetween(start, measuredTo, calendar);
  const late = measuredTo >= clock.lateOn;
  const provisional = clock.provisional ? '（当年节假日安排尚未公布，按周末推算）' : '';
  let explanation: string;
  if (publishedOn !== null)
    explanation = late
      ? `${start}形成或变更，${publishedOn}公开，相隔${workingDays}个工作日，超过${PUBLICATION_ARTICLE}规定的${PUBLICATION_WORKING_DAYS}个工作日${provisional}`
      : `${start}形成或变更，${publishedOn}公开，在${PUBLICATION_WORKING_DAYS}个工作日内${provisional}`;
  else
    explanation = late
      ? `${start}形成或变更，至今${workingDays}个工作日仍未公开，已超过${PUBLICATION_ARTICLE}规定的期限（${clock.dueOn}）${provisional}`
      : `${start}形成或变更，应于${clock.dueOn}前公开（${PUBLICATION_ARTICLE}）${provisional}`;
  return { ...clock, measuredTo, published: publishedOn !== null, workingDays, late, explanation };
}
