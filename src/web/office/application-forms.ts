// The back-office forms of 依申请公开, read into what the use cases take: the event forms (one per
// event a clerk records), registration, appeals and assignment. Pure: each problem is a Chinese
// sentence naming the field; the statute's own checks (what the state allows, dates in order, the
// fee tariff) stay in the state machine and the use cases, which give their own Chinese reasons.

import { isAppealKind, isAppealResult } from '../../appeals/index.ts';
import {
  type AppealKind,
  type AppealResult,
  type ApplicantInput,
  type ApplicantType,
  type ApplicationEvent,
  type ApplicationEventType,
  type ApplicationState,
  applicantProblems,
  CHANNEL_LABELS,
  type Channel,
  CONSULTATION_LABELS,
  type ConsultationParty,
  type DeliveryChannel,
  type DeliveryForm,
  EVENT_LABELS,
  type IdKind,
  isOutcomeCode,
  type LetterExtras,
  mayJustifyWithheldPart,
  normalizeApplicant,
  normalizeRequest,
  OUTCOMES,
  OUTCOMES_BY_EVENT,
  type OutcomeCode,
  outcome,
  type RequestInput,
  type Round,
  requestProblems,
} from '../../applications/index.ts';
import { isCivilDate } from '../../calendar/index.ts';
import { applicationFee, FEE_METHOD_LABELS, type FeeMethod } from '../../fees/index.ts';

/** A submitted form: urlencoded (repeated names become arrays) or the fields of a multipart upload. */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The first value of a field, as typed ('' when absent). */
export function fieldValue(form: FormFields, name: string): string {
  const value = form[name];
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (value[0] ?? '');
}

/** Every value of a field (checkboxes). */
export function fieldValues(form: FormFields, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function text(form: FormFields, name: string): string {
  return fieldValue(form, name).normalize('NFKC').trim();
}

function length(value: string): number {
  return [...value].length;
}

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** 2026-03-02, 2026/3/2, 2026年3月2日, full-width digits: the civil date, or null. */
export function parseCivilDate(value: string): string | null {
  const match = DATE.exec(value.normalize('NFKC').trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const date = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return isCivilDate(date) ? date : null;
}

/** A whole number as typed (full-width digits, 元/页/件/日 after it), or null. */
export function parseWholeNumber(value: string): number | null {
  const cleaned = value
    .normalize('NFKC')
    .trim()
    .replace(/\s*(元|页|件|个工作日|工作日|日|天)$/, '');
  if (!/^\d{1,7}$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Reads a date field into `problems` when missing or malformed. */
function requiredDate(form: FormFields, name: string, label: string, problems: string[]): string {
  const raw = text(form, name);
  if (raw === '') {
    problems.push(`请填写${label}`);
    return '';
  }
  const date = parseCivilDate(raw);
  if (date === null) {
    problems.push(`${label}不是有效日期（如 2026-03-02）`);
    return '';
  }
  return date;
}

function optionalDate(form: FormFields, name: string, label: string, problems: string[]): string | undefined {
  if (text(form, name) === '') return undefined;
  const date = requiredDate(form, name, label, problems);
  return date === '' ? undefined : date;
}

function requiredText(
  form: FormFields,
  name: string,
  label: string,
  max: number,
  problems: string[],
): string {
  const value = text(form, name);
  if (value === '') problems.push(`请填写${label}`);
  else if (length(value) > max) problems.push(`${label}不能超过${max}个字`);
  return value;
}

function optionalText(
  form: FormFields,
  name: string,
  label: string,
  max: number,
  problems: string[],
): string {
  const value = text(form, name);
  if (length(value) > max) problems.push(`${label}不能超过${max}个字`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Which event forms a page offers

/** The events a clerk records through a form, in the order the page shows them. */
export const HANDLER_EVENT_FORMS = [
  'supplement_requested',
  'supplement_received',
  'supplement_expired',
  'consultation_started',
  'consultation_ended',
  'fee_notice_sent',
  'fee_paid',
  'fee_expired',
  'reasons_requested',
  'reasons_received',
  'decided',
  'reply_delivered',
  'withdrawn',
  'archived',
] as const satisfies readonly ApplicationEventType[];

/** The events the head of the 工作机构 decides (第三十三条第二款, 第三十五条). */
export const APPROVER_EVENT_FORMS = [
  'extension_approved',
  'delayed_deadline_set',
] as const satisfies readonly ApplicationEventType[];

export type FormEventType = (typeof HANDLER_EVENT_FORMS)[number] | (typeof APPROVER_EVENT_FORMS)[number];

const FORM_EVENT_TYPES: ReadonlySet<string> = new Set([...HANDLER_EVENT_FORMS, ...APPROVER_EVENT_FORMS]);

export function isFormEventType(value: unknown): value is FormEventType {
  return typeof value === 'string' && FORM_EVENT_TYPES.has(value);
}

/** Nothing but the receipt has happened in the round: a 补正 may still be asked for (第三十条). */
function inReview(round: Round): boolean {
  return (
    round.startedBy !== 'reopened' &&
    round.supplement === null &&
    round.consultations.length === 0 &&
    round.extension === null &&
    round.fee === null &&
    (round.reasonsRequest ?? null) === null &&
    (round.delayedDeadline ?? null) === null
  );
}

/**
 * The event forms to show for the application's state: those the state machine would accept now,
 * for the roles the user holds. The state machine still decides when the form comes back.
 */
export function availableEventForms(
  state: ApplicationState,
  roles: { canHandle: boolean; canApprove: boolean },
): FormEventType[] {
  const round = state.rounds.at(-1);
  if (!round) return [];
  const reasons = round.reasonsRequest ?? null;
  const awaitingReasons = reasons !== null && reasons.receivedOn === null;
  const handler: Partial<Record<FormEventType, boolean>> = {};
  switch (state.phase) {
    case 'processing':
      handler.supplement_requested = inReview(round);
      handler.consultation_started = true;
      handler.fee_notice_sent = round.fee === null;
      handler.reasons_requested = reasons === null;
      handler.reasons_received = awaitingReasons;
      handler.decided = true;
      handler.withdrawn = true;
      break;
    case 'awaiting_supplement':
      handler.supplement_received = true;
      handler.supplement_expired = true;
      handler.withdrawn = true;
      break;
    case 'consulting':
      handler.consultation_ended = true;
      handler.reasons_received = awaitingReasons;
      handler.withdrawn = true;
      break;
    case 'awaiting_fee':
      handler.fee_paid = true;
      handler.fee_expired = true;
      handler.reasons_received = awaitingReasons;
      handler.withdrawn = true;
      break;
    case 'decided':
      handler.reply_delivered = true;
      break;
    case 'replied':
    case 'terminated':
      handler.archived = true;
      break;
    default:
      break;
  }
  const forms: FormEventType[] = roles.canHandle ? HANDLER_EVENT_FORMS.filter((t) => handler[t]) : [];
  if (roles.canApprove && ['processing', 'consulting', 'awaiting_fee'].includes(state.phase)) {
    const delayed = round.delayedDeadline ?? null;
    if (round.extension === null && delayed === null) forms.push('extension_approved');
    if (reasons !== null && delayed === null) forms.push('delayed_deadline_set');
  }
  return forms;
}

// ---------------------------------------------------------------------------------------------
// The event forms

export const MAX_SUPPLEMENT_ITEMS = 20;
const MAX_ITEM = 200;
const MAX_TEXT = 2000;
/** The state machine accepts at most this many pages or applications. */
const MAX_FEE_UNITS = 100_000;

/** Outcomes that close an application through their own event, never through the reply form. */
const OUTCOMES_OF_EVENTS: ReadonlySet<OutcomeCode> = new Set([
  OUTCOMES_BY_EVENT.supplement_expired,
  OUTCOMES_BY_EVENT.fee_expired,
]);

/** The outcomes the reply form offers (table 三 order, without those recorded by their own event). */
export const REPLY_OUTCOMES = OUTCOMES.filter((o) => !OUTCOMES_OF_EVENTS.has(o.code));

/** Reasons that may be given for the part withheld in a 部分公开 reply (条例第三十七条). */
export const WITHHELD_REASONS = OUTCOMES.filter((o) => mayJustifyWithheldPart(o.code));

/**
 * The legal basis of a reply: what the clerk wrote, or the outcome's standard sentence when left
 * blank, or when the text is still the standard sentence of another outcome (the form was prefilled
 * for one outcome and another was chosen: without scripts the text cannot follow the choice).
 */
export function replyBasis(code: OutcomeCode, typed: string): string {
  const basis = typed.trim();
  if (basis === '') return outcome(code).basis;
  const standardOfAnother = OUTCOMES.some((o) => o.code !== code && o.basis === basis);
  return standardOfAnother ? outcome(code).basis : basis;
}

export type ParsedEventForm =
  | {
      ok: true;
      event: ApplicationEvent;
      letter: LetterExtras;
      expectedEventCount: number;
    }
  | {
      ok: false;
      /** The form the problems belong to, when it is one the page shows. */
      type: FormEventType | null;
      problems: string[];
    };

export interface EventFormContext {
  /** The display name of the user recording the event: the approver of an extension. */
  actorName: string;
}

/** Reads an event form. Hidden fields: `type` and `expectedEventCount` (the count the page was made from). */
export function parseEventForm(form: FormFields, context: EventFormContext): ParsedEventForm {
  const type = fieldValue(form, 'type');
  if (!isFormEventType(type))
    return { ok: false, type: null, problems: ['无法识别要登记的事项，请刷新页面后重新操作。'] };
  const problems: string[] = [];
  const countText = fieldValue(form, 'expectedEventCount').trim();
  const expectedEventCount = /^\d{1,6}$/.test(countText) ? Number(countText) : null;
  if (expectedEventCount === null) problems.push('表单已失效，请刷新页面后重新操作。');
  const at = requiredDate(form, 'at', `${EVENT_LABELS[type]}的日期`, problems);
  const letter: LetterExtras = {};
  let event: ApplicationEvent | null = null;
  switch (type) {
    case 'supplement_requested': {
      const items = fieldValue(form, 'items')
        .split(/\r\n|\r|\n/)
        .map((line) =>
          line
            .normalize('NFKC')
            .trim()
            .replace(/^(?:\d{1,2}[.、)]|[(]\d{1,2}[)]|[-*•])\s*/, ''),
        )
        .filter((line) => line !== '');
      if (items.length === 0) problems.push('请列明需要补正的事项，每行一项');
      else if (items.length > MAX_SUPPLEMENT_ITEMS)
        problems.push(`需要补正的事项不能超过${MAX_SUPPLEMENT_ITEMS}项`);
      if (items.some((item) => length(item) > MAX_ITEM)) problems.push(`每项补正事项不能超过${MAX_ITEM}个字`);
      const correctionDue = requiredDate(form, 'correctionDue', '补正期限', problems);
      event = { type, at, items, correctionDue };
      break;
    }
    case 'consultation_started': {
      const party = fieldValue(form, 'party');
      if (!Object.hasOwn(CONSULTATION_LABELS, party))
        problems.push('请选择征求意见的对象（第三方或其他机关）');
      const recipientName = requiredText(form, 'recipientName', '征求意见对象的名称', 200, problems);
      letter.recipientName = recipientName;
      event = { type, at, party: party as ConsultationParty };
      break;
    }
    case 'fee_notice_sent': {
      const method = fieldValue(form, 'method');
      const known = Object.hasOwn(FEE_METHOD_LABELS, method);
      if (!known) problems.push('请选择收费方式（按件计收或按量计收）');
      const units = parseWholeNumber(fieldValue(form, 'units'));
      if (units === null)
        problems.push(
          method === 'per_page' ? '请填写页数（整数）' : '请填写本申请是申请人本月的第几件申请（整数）',
        );
      else if (units > MAX_FEE_UNITS) problems.push(`件数或页数不能超过${MAX_FEE_UNITS}`);
      const amountText = text(form, 'amount');
      let amount = amountText === '' ? null : parseWholeNumber(amountText);
      if (amountText !== '' && amount === null) problems.push('收费金额应为整数元');
      if (amount === null && known && units !== null && units <= MAX_FEE_UNITS && amountText === '')
        amount =
          method === 'per_case'
            ? applicationFee({ method: 'per_case', nthInMonth: Math.max(1, units) })
            : applicationFee({ method: 'per_page', pages: units });
      const receivedOn = optionalDate(form, 'receivedOn', '申请人收到收费通知的日期', problems);
      letter.paymentMethod = requiredText(form, 'paymentMethod', '缴费方式', 500, problems);
      event = {
        type,
        at,
        method: method as FeeMethod,
        units: units ?? 0,
        amount: amount ?? 0,
        ...(receivedOn ? { receivedOn } : {}),
      };
      break;
    }
    case 'reasons_requested': {
      const reasonDue = optionalDate(form, 'reasonDue', '说明理由的期限', problems);
      event = { type, at, ...(reasonDue ? { reasonDue } : {}) };
      break;
    }
    case 'extension_approved': {
      const days = parseWholeNumber(fieldValue(form, 'days'));
      if (days === null || days < 1 || days > 20)
        problems.push('延长的工作日数应为1至20之间的整数（第三十三条第二款）');
      const noticeOn = requiredDate(form, 'noticeOn', '告知申请人的日期', problems);
      const reason = requiredText(form, 'reason', '延期理由', 500, problems);
      letter.extensionReason = reason;
      event = { type, at, approver: context.actorName, days: days ?? 0, noticeOn };
      break;
    }
    case 'delayed_deadline_set': {
      const dueOn = requiredDate(form, 'dueOn', '延迟答复期限', problems);
      const reason = requiredText(form, 'reason', '确定延迟答复期限的理由', 500, problems);
      const noticeOn = requiredDate(form, 'noticeOn', '告知申请人的日期', problems);
      event = { type, at, dueOn, reason, noticeOn };
      break;
    }
    case 'decided': {
      const code = fieldValue(form, 'outcome');
      if (!isOutcomeCode(code) || OUTCOMES_OF_EVENTS.has(code)) {
        problems.push('请选择办理结果');
        break;
      }
      const typed = fieldValue(form, 'legalBasis');
      if (length(typed.trim()) > MAX_TEXT) problems.push(`答复依据不能超过${MAX_TEXT}个字`);
      const legalBasis = replyBasis(code, typed);
      const withheld = [...new Set(fieldValues(form, 'withheld'))];
      const unknown = withheld.filter((w) => !isOutcomeCode(w));
      if (unknown.length > 0) problems.push('不予公开部分的理由无法识别，请重新选择');
      if (code === 'partial' && withheld.length === 0)
        problems.push('部分公开的，请选择不予公开部分的理由（条例第三十七条）');
      const details = optionalText(form, 'details', '答复的具体内容', MAX_TEXT, problems);
      if (details !== '') letter.details = details;
      event = {
        type,
        at,
        outcome: code,
        legalBasis,
        ...(withheld.length > 0 ? { withheld: withheld as OutcomeCode[] } : {}),
      };
      break;
    }
    default:
      // The events that carry nothing but their date.
      event = { type, at } as ApplicationEvent;
  }
  if (problems.length > 0 || event === null || expectedEventCount === null)
    return { ok: false, type, problems };
  return { ok: true, event, letter, expectedEventCount };
}

// ---------------------------------------------------------------------------------------------
// Registration of an application received by letter, e-mail, fax or in person

export const REGISTRATION_FIELDS = [
  'channel',
  'receivedOn',
  'applicantType',
  'name',
  'organisationCode',
  'idKind',
  'idNumber',
  'phone',
  'email',
  'address',
  'description',
  'documentNumber',
  'deliveryForm',
  'deliveryChannel',
] as const;

export interface ParsedRegistration {
  channel: Channel;
  receivedOn: string;
  applicant: ApplicantInput;
  request: RequestInput;
}

/** Reads the registration form; every problem at once (条例第二十九条's fields and 第三十一条's date). */
export function parseRegistrationForm(form: FormFields): { value: ParsedRegistration; problems: string[] } {
  const problems: string[] = [];
  const channel = fieldValue(form, 'channel');
  if (!Object.hasOwn(CHANNEL_LABELS, channel)) problems.push('请选择申请的提交方式');
  const receivedOn = requiredDate(form, 'receivedOn', '收到申请的日期', problems);
  const applicant = normalizeApplicant({
    applicantType: fieldValue(form, 'applicantType') as ApplicantType,
    name: fieldValue(form, 'name'),
    organisationCode: fieldValue(form, 'organisationCode'),
    idKind: fieldValue(form, 'idKind') as IdKind,
    idNumber: fieldValue(form, 'idNumber'),
    phone: fieldValue(form, 'phone'),
    email: fieldValue(form, 'email'),
    address: fieldValue(form, 'address'),
  });
  const request = normalizeRequest({
    description: fieldValue(form, 'description'),
    documentNumber: fieldValue(form, 'documentNumber'),
    deliveryForm: fieldValue(form, 'deliveryForm') as DeliveryForm,
    deliveryChannel: fieldValue(form, 'deliveryChannel') as DeliveryChannel,
  });
  problems.push(...applicantProblems(applicant), ...requestProblems(request, applicant));
  return { value: { channel: channel as Channel, receivedOn, applicant, request }, problems };
}

// ---------------------------------------------------------------------------------------------
// Appeals and assignment

export interface ParsedAppeal {
  kind: AppealKind;
  caseNumber: string | null;
  filedOn: string;
  notes: string | null;
}

export function parseAppealForm(form: FormFields): { value: ParsedAppeal; problems: string[] } {
  const problems: string[] = [];
  const kind = fieldValue(form, 'kind');
  if (!isAppealKind(kind)) problems.push('请选择案件类型（行政复议、直接起诉或复议后起诉）');
  const caseNumber = optionalText(form, 'caseNumber', '案号', 100, problems);
  const filedOn = requiredDate(form, 'filedOn', '立案（收到）日期', problems);
  const notes = optionalText(form, 'notes', '备注', MAX_TEXT, problems);
  return {
    value: { kind: kind as AppealKind, caseNumber: caseNumber || null, filedOn, notes: notes || null },
    problems,
  };
}

export interface ParsedAppealResult {
  appealId: string;
  result: AppealResult;
  closedOn: string | null;
}

export function parseAppealResultForm(form: FormFields): { value: ParsedAppealResult; problems: string[] } {
  const problems: string[] = [];
  const appealId = fieldValue(form, 'appealId').trim();
  if (appealId === '') problems.push('请选择案件');
  const result = fieldValue(form, 'result');
  if (!isAppealResult(result)) problems.push('请选择案件结果');
  const pending = result === '尚未审结';
  const closedOn = pending ? null : requiredDate(form, 'closedOn', '审结日期', problems);
  return { value: { appealId, result: result as AppealResult, closedOn }, problems };
}

/** The handler chosen, or null to take the application back to nobody. */
export function parseAssignee(form: FormFields): string | null {
  const value = fieldValue(form, 'assignee').trim();
  return value === '' ? null : value;
}
