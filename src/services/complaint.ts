// 效能投诉 about the service hall: what a complaint must contain, its 投诉编号, the working-day
// deadline to answer it, whether it was answered on time or is overdue, and how the complainant's
// name and telephone are masked for anyone but the agency's staff. Pure: the calendar is passed in.
import { COMPLAINT_DEADLINE_DAYS_RANGE, complaintDeadlineDaysProblem } from '../agencies/agency.ts';
import { addDays, addWorkingDays, isCivilDate, type WorkingDayCalendar } from '../calendar/index.ts';
import { redactPersonalData, scanPersonalData } from '../disclosures/personal-data.ts';
import { phoneKind } from './service-item-rules.ts';

export const COMPLAINT_CHANNELS = {
  online: { label: '网上投诉' },
  hotline: { label: '电话投诉' },
} as const;
export type ComplaintChannel = keyof typeof COMPLAINT_CHANNELS;

export const COMPLAINT_STATES = {
  received: { label: '已受理' },
  assigned: { label: '办理中' },
  answered: { label: '已答复' },
} as const;
export type ComplaintState = keyof typeof COMPLAINT_STATES;

export function isComplaintState(value: unknown): value is ComplaintState {
  return typeof value === 'string' && Object.hasOwn(COMPLAINT_STATES, value);
}

export const MIN_CONTENT_LENGTH = 5;
export const MAX_CONTENT_LENGTH = 2000;
export const MAX_NAME_LENGTH = 50;
export const MAX_ANSWER_LENGTH = 4000;

/**
 * Working days to answer a complaint when the agency set none. Ten working days is the time limit
 * the local 行政效能投诉 measures commonly give for handling a complaint that needs no further
 * investigation; an agency with a stricter (or a looser) rule of its own sets
 * settings.complaintDeadlineDays.
 */
export const DEFAULT_COMPLAINT_DEADLINE_DAYS = 10;
export { complaintDeadlineDaysProblem };
export const MIN_COMPLAINT_DEADLINE_DAYS = COMPLAINT_DEADLINE_DAYS_RANGE.min;
/** Three months of working days (agencies/agency.ts checks the setting when an admin saves it). */
export const MAX_COMPLAINT_DEADLINE_DAYS = COMPLAINT_DEADLINE_DAYS_RANGE.max;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/;

export interface ComplaintInput {
  content: unknown;
  complainantName: unknown;
  complainantPhone: unknown;
}

export type ComplaintField = 'content' | 'complainantName' | 'complainantPhone';

export interface ComplaintProblem {
  field: ComplaintField;
  message: string;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.trim() : null;
}

/** What is wrong with a complaint, field by field, in Chinese (empty when it may be filed). */
export function complaintProblems(input: ComplaintInput): ComplaintProblem[] {
  const problems: ComplaintProblem[] = [];
  const content = text(input.content);
  if (content === null) problems.push({ field: 'content', message: '投诉内容无效' });
  else if (content === '') problems.push({ field: 'content', message: '请填写投诉内容' });
  else if ([...content].length < MIN_CONTENT_LENGTH)
    problems.push({ field: 'content', message: `请把投诉的事情写清楚（至少 ${MIN_CONTENT_LENGTH} 个字）` });
  else if ([...content].length > MAX_CONTENT_LENGTH)
    problems.push({ field: 'content', message: `投诉内容不能超过 ${MAX_CONTENT_LENGTH} 个字` });
  else if (CONTROL.test(content)) problems.push({ field: 'content', message: '投诉内容含有无效字符' });

  const name = text(input.complainantName);
  if (name === null) problems.push({ field: 'complainantName', message: '姓名无效' });
  else if (name === '') problems.push({ field: 'complainantName', message: '请填写投诉人姓名' });
  else if ([...name].length > MAX_NAME_LENGTH)
    problems.push({ field: 'complainantName', message: `姓名不能超过 ${MAX_NAME_LENGTH} 个字` });
  else if (CONTROL.test(name) || /[\r\n]/.test(name))
    problems.push({ field: 'complainantName', message: '姓名含有无效字符' });

  const phone = text(input.complainantPhone);
  if (phone === null) problems.push({ field: 'complainantPhone', message: '联系电话无效' });
  else if (phone === '') problems.push({ field: 'complainantPhone', message: '请填写联系电话，以便答复您' });
  else if (phone.length > 30 || complainantPhoneKind(phone) === null)
    problems.push({
      field: 'complainantPhone',
      message: '联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 0391-6612345）',
    });
  return problems;
}

/** A complainant is called back: a mobile or a landline, not a service hotline. */
function complainantPhoneKind(phone: string): 'mobile' | 'landline' | null {
  const kind = phoneKind(phone);
  return kind === 'mobile' || kind === 'landline' ? kind : null;
}

export interface NormalizedComplaint {
  content: string;
  complainantName: string;
  complainantPhone: string;
}

/** The complaint as stored: trimmed; the phone as typed, with full-width digits folded. */
export function normalizeComplaint(input: {
  content: string;
  complainantName: string;
  complainantPhone: string;
}): NormalizedComplaint {
  return {
    content: input.content.trim(),
    complainantName: input.complainantName.trim(),
    complainantPhone: input.complainantPhone.normalize('NFKC').trim().replace(/\s+/g, ' '),
  };
}

/** What is wrong with an answer, in Chinese; null when it may be given. */
export function answerProblem(answer: unknown): string | null {
  const value = text(answer);
  if (value === null) return '答复内容无效';
  if (value === '') return '请填写答复内容';
  if ([...value].length > MAX_ANSWER_LENGTH) return `答复内容不能超过 ${MAX_ANSWER_LENGTH} 个字`;
  if (CONTROL.test(value)) return '答复内容含有无效字符';
  return null;
}

/** How far back a clerk may date a call typed in late: a month, beyond which it is a new complaint. */
export const MAX_HOTLINE_DELAY_DAYS = 30;

/**
 * What is wrong with the date a hotline call came in (typed by the clerk), in Chinese; null when it
 * is a civil date from the last MAX_HOTLINE_DELAY_DAYS days up to today.
 */
export function receivedOnProblem(receivedOn: unknown, today: string): string | null {
  if (typeof receivedOn !== 'string' || !isCivilDate(receivedOn))
    return '来电日期应为有效日期，如 2026-03-02';
  if (receivedOn > today) return '来电日期不能晚于今天';
  if (receivedOn < addDays(today, -MAX_HOTLINE_DELAY_DAYS))
    return `来电日期只能是最近 ${MAX_HOTLINE_DELAY_DAYS} 天内的日期`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The deadline

/** The agency's setting as a number of working days, or the default when it is absent or wrong. */
export function complaintDeadlineDays(settings: { complaintDeadlineDays?: unknown }): number {
  const value = settings.complaintDeadlineDays;
  return complaintDeadlineDaysProblem(value) === null && value !== undefined && value !== null
    ? (value as number)
    : DEFAULT_COMPLAINT_DEADLINE_DAYS;
}

export interface ComplaintDeadline {
  /** The last working day to answer (civil date). */
  dueOn: string;
  /** Some day counted lies in a year without an official holiday arrangement. */
  provisional: boolean;
}

/**
 * The last day to answer: `days` working days after the day received, the day of receipt not
 * counted (as for applications), holidays skipped and 调休 workdays counted.
 */
export function complaintDueOn(
  receivedOn: string,
  days: number,
  calendar: WorkingDayCalendar,
): ComplaintDeadline {
  const result = addWorkingDays(receivedOn, days, calendar);
  return { dueOn: result.date, provisional: result.provisional };
}

/** Answered on or before the last day (both Beijing civil dates). */
export function answeredOnTime(answeredOn: string, dueOn: string): boolean {
  return answeredOn <= dueOn;
}

/** Still unanswered after its last day. */
export function isOverdue(complaint: { state: string; dueOn: string }, today: string): boolean {
  return complaint.state !== 'answered' && complaint.dueOn < today;
}

/** Overdue first (oldest deadline first), then the open ones by deadline, then the answered, newest first. */
export function queueOrder<T extends { state: string; dueOn: string; receivedAt: string }>(
  complaints: readonly T[],
  today: string,
): T[] {
  const rank = (c: T) => (isOverdue(c, today) ? 0 : c.state === 'answered' ? 2 : 1);
  return [...complaints].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    if (rank(a) === 2) return b.receivedAt.localeCompare(a.receivedAt);
    return a.dueOn.localeCompare(b.dueOn) || a.receivedAt.localeCompare(b.receivedAt);
  });
}

// ---------------------------------------------------------------------------------------------
// 投诉编号

const REFERENCE = /^TS(\d{4})-(\d{4,})$/;

/** The 投诉编号 of the agency's `sequence`-th complaint of the year, e.g. TS2026-0007. */
export function complaintReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence: ${sequence}`);
  return `TS${year}-${String(sequence).padStart(4, '0')}`;
}

/** The sequence number after the highest of the year among the agency's references. */
export function nextComplaintSequence(references: readonly string[], year: number): number {
  let highest = 0;
  for (const reference of references) {
    const match = REFERENCE.exec(reference);
    if (match && Number(match[1]) === year) highest = Math.max(highest, Number(match[2]));
  }
  return highest + 1;
}

// ---------------------------------------------------------------------------------------------
// Masking (个人信息保护法: the complainant's data stays with the agency's staff)

/** 张* / 欧阳** */
export function maskComplainantName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** 138****5678, 0391-***2345: the first three and the last four digits stay, at most. */
export function maskComplainantPhone(phone: string): string {
  const digits = [...phone].filter((c) => /\d/.test(c)).length;
  if (digits < 8) return phone.replace(/\d/g, '*');
  let seen = 0;
  return phone.replace(/\d/g, (d) => {
    seen++;
    return seen <= 3 || seen > digits - 4 ? d : '*';
  });
}

/**
 * The answer as the complainant's link shows it: every 身份证号 and card masked, and the
 * complainant's own telephone; another mobile is the one the clerk gives to call back, left whole.
 */
export function maskedAnswer(answer: string, complainantPhone: string | null): string {
  const own = (complainantPhone ?? '').replace(/\D/g, '').slice(-11);
  const masked = scanPersonalData(answer).filter(
    (f) => f.kind !== 'mobile' || answer.slice(f.start, f.end).replace(/\D/g, '').slice(-11) === own,
  );
  return redactPersonalData(answer, masked);
}
