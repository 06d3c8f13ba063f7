// What the pages of 依申请公开 share: the agency they are of, the application page's properties, and
// the facts every page puts in words (due dates, user names).

import type { Appeal } from '../../appeals/index.ts';
import type { ApplicationDetail, OutcomeCode } from '../../applications/index.ts';
import type { FailedForm } from './application-fields.tsx';
import type { FormEventType } from './application-forms.ts';
import type { Chrome } from './chrome.ts';

export interface Agency {
  id: string;
  name: string;
}

export interface LetterView {
  id: string;
  title: string;
  documentNumber: string;
  issuedOn: string;
  /** The letter as an HTML fragment, every piece of its text already escaped (renderLetterHtml). */
  safeHtml: string;
}

export interface DetailProps {
  chrome: Chrome;
  agency: Agency;
  detail: ApplicationDetail;
  forms: readonly FormEventType[];
  letters: readonly LetterView[];
  appeals: readonly Appeal[];
  handlers: readonly { id: string; displayName: string }[];
  /** Names of users (recorders, the assignee), by id. */
  names: ReadonlyMap<string, string>;
  today: string;
  /** 按件计收: this application's place among the applicant's applications of its month. */
  caseInMonth: number | null;
  /** The outcome the reply form is prefilled for (its standard legal basis). */
  replyOutcome: OutcomeCode;
  canAssign: boolean;
  notice?: string;
  failed?: FailedForm;
}

/** 剩余N个工作日 / 今日到期 / 已超期N个工作日 / 暂定: in words, never by colour alone. */
export function dueWords(item: {
  replyDue: string | null;
  overdue: boolean;
  daysLeft: number | null;
  provisional: boolean;
}): string[] {
  const words: string[] = [];
  if (item.overdue && item.daysLeft !== null) words.push(`已超期${-item.daysLeft}个工作日`);
  else if (item.daysLeft === 0) words.push('今日到期');
  else if (item.daysLeft !== null) words.push(`剩余${item.daysLeft}个工作日`);
  if (item.provisional) words.push('暂定');
  return words;
}

/** A user's name by id: `missing` when the id is unknown, `none` when there is no user. */
export function userName(
  names: ReadonlyMap<string, string>,
  id: string | null,
  missing: string,
  none: string,
): string {
  return id === null ? none : (names.get(id) ?? missing);
}
