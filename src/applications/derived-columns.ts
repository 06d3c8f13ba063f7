// What the database keeps beside the events so that the queue sorts and the annual tables count
// in SQL: recomputed from all the events by the pure core after every change, never edited.
import type { WorkingDayCalendar } from '../calendar/index.ts';
import type { ApplicationEvent, ApplicationRecord, ApplicationState } from './application.ts';
import { type DueDates, dueDatesOf } from './deadlines.ts';
import type { ApplicantType } from './outcomes.ts';
import { foldEvents, isOpen } from './workflow.ts';
import { yearItem } from './year-count.ts';

export interface DerivedColumns {
  phase: string;
  is_open: number;
  reply_due: string | null;
  due_provisional: number;
  outcome: string | null;
  closed_on: string | null;
  last_event_on: string;
  event_count: number;
}

export interface YearRowValues {
  year: number;
  applicant_column: number;
  entry: string;
  exit: string;
}

export interface Derived {
  state: ApplicationState;
  due: DueDates;
  columns: DerivedColumns;
  /** One per year from the first event's to the last event's in which table 三 counts it. */
  years: YearRowValues[];
}

export function deriveApplication(
  id: string,
  applicantType: ApplicantType,
  events: readonly ApplicationEvent[],
  calendar: WorkingDayCalendar,
): Derived {
  const state = foldEvents(events, calendar);
  const due = dueDatesOf(state, calendar);
  const open = isOpen(state);
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last) throw new Error(`application ${id} has no events`);
  const record: ApplicationRecord = { id, applicantType, events };
  const years: YearRowValues[] = [];
  for (let year = Number(first.at.slice(0, 4)); year <= Number(last.at.slice(0, 4)); year++) {
    const item = yearItem(record, year, calendar);
    if (item) years.push({ year, applicant_column: item.column, entry: item.entry, exit: item.exit });
  }
  return {
    state,
    due,
    columns: {
      phase: state.phase,
      is_open: open ? 1 : 0,
      reply_due: open ? due.replyDue : null,
      due_provisional: open && due.provisional ? 1 : 0,
      outcome: state.outcome,
      closed_on: state.closedOn,
      last_event_on: last.at,
      event_count: events.length,
    },
    years,
  };
}
