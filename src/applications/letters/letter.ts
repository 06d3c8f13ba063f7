// A letter composed from a template and plain data, pure: the caller gives every date and number
// (文号, due dates from the clock), this file only words them. Personal numbers (身份证号, phone,
// bank card) never reach a letter: whatever a free-text field holds, they are masked.
import { isCivilDate } from '../../calendar/index.ts';
import { FEE_METHOD_LABELS, type FeeMethod } from '../../fees/index.ts';
import type { ConsultationParty } from '../application.ts';
import { mayJustifyWithheldPart, type OutcomeCode, outcome, outcomeTitle } from '../outcomes.ts';
import {
  LETTER_KIND_LABELS,
  type LetterKind,
  PLACEHOLDERS_BY_KIND,
  templateProblems,
} from './letter-templates.ts';
import {
  CONSULTATION_REPLY_WORKING_DAYS,
  CONSULTATION_TEXT,
  CORRECTION_CONSEQUENCE,
  FEE_MEASURES,
  feeStandard,
  feeUnitsText,
  PAYMENT_RULES,
  remedySentence,
} from './statutory-text.ts';
import { parseTemplate } from './template-syntax.ts';

/** What every letter needs. Dates are civil dates (YYYY-MM-DD). */
export interface LetterBase {
  agencyName: string;
  /** 文号, e.g. 承政公开〔2026〕3号, assigned by the caller. */
  documentNumber: string;
  issuedOn: string;
  /** Name only: no 身份证号, phone or address is ever part of a letter. */
  applicantName: string;
  trackingNumber: string;
  receivedOn: string;
  /** The information requested, as the applicant described it. */
  description: string;
  /** The organ's own contact for the applicant (office, published phone); the line is left out when absent. */
  contact?: string;
}

export interface SupplementNoticeData extends LetterBase {
  kind: 'supplement_notice';
  /** Everything to correct, at once (第三十条). */
  supplementItems: readonly string[];
  /** The last day of the correction period. */
  correctionDue: string;
}

export interface ExtensionNoticeData extends LetterBase {
  kind: 'extension_notice';
  /** Working days added, 1–20 (第三十三条第二款). The approver is recorded, never told the applicant. */
  extensionDays: number;
  newDueDate: string;
  extensionReason?: string;
}

export interface ConsultationLetterData extends LetterBase {
  kind: 'consultation_letter';
  party: ConsultationParty;
  recipientName: string;
  /** Why the organ consults; a default sentence per party when absent. */
  consultationReason?: string;
}

export interface FeeNoticeData extends LetterBase {
  kind: 'fee_notice';
  feeMethod: FeeMethod;
  /** 按件: the application's place in the applicant's month; 按量: pages. */
  feeUnits: number;
  /** Whole 元. */
  feeAmount: number;
  /** How to pay (account, window, online payment). */
  paymentMethod: string;
}

export interface ReplyData extends LetterBase {
  kind: 'reply';
  outcome: OutcomeCode;
  /** The legal basis sentence; outcome(code).basis by default. */
  legalBasis?: string;
  /** 部分公开 only: the reasons for the part withheld (不予公开 1–8, 无法提供 1–2). */
  withheld?: readonly OutcomeCode[];
  /** How the information is provided; required when some is (予以公开, 部分公开). */
  deliveryForm?: string;
  /** Further explanation: the competent organ for 无法提供 1, the proper channel for 不予处理 1… */
  details?: string;
  /** Overrides the remedy sentence, e.g. to name the 复议机关 and the court. */
  remedy?: string;
}

export type LetterData =
  | SupplementNoticeData
  | ExtensionNoticeData
  | ConsultationLetterData
  | FeeNoticeData
  | ReplyData;

export type LetterBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'list'; lead: string; items: string[] };

export interface ComposedLetter {
  kind: LetterKind;
  title: string;
  documentNumber: string;
  /** The addressee line (申请人：), when the template's first paragraph ends with a colon. */
  salutation?: string;
  blocks: LetterBlock[];
  /** 落款: the organ and the issue date in Chinese. */
  closing: { agencyName: string; date: string; isoDate: string };
}

/** 2026-11-26 → 2026年11月26日 (the form of 落款 and of dates in Chinese official letters). */
export function chineseDate(civilDate: string): string {
  if (!isCivilDate(civilDate)) throw new RangeError(`not a civil date (YYYY-MM-DD): ${civilDate}`);
  const [y, m, d] = civilDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const DIGIT = '[0-9０-９]';
// 15 or more digits in a row (身份证号 old and new, bank cards), with the ID's check letter.
const LONG_NUMBER = new RegExp(`(?<!${DIGIT})${DIGIT}{14,}[0-9０-９Xx]`, 'g');
// Mainland mobile numbers, also written 138-1234-5678 or 138 1234 5678.
const MOBILE = new RegExp(
  `(?<!${DIGIT})[1１][3-9３-９]${DIGIT}[- ]?${DIGIT}{4}[- ]?${DIGIT}{4}(?!${DIGIT})`,
  'g',
);

/** Masks 身份证号-, bank-card- and mobile-like numbers, keeping the last four digits. */
export function maskPersonalNumbers(text: string): string {
  return text
    .replace(LONG_NUMBER, (n) => `${'*'.repeat(n.length - 4)}${n.slice(-4)}`)
    .replace(MOBILE, (n) => `${n.slice(0, 3)}****${n.slice(-4)}`);
}

/** A clause placed before the template's own 。: trailing punctuation removed. */
function clause(text: string | undefined): string {
  return (text ?? '').trim().replace(/[。．.；;，,\s]+$/u, '');
}

type FieldValue = string | readonly string[];

function requireDate(value: string, what: string): string {
  if (!isCivilDate(value)) throw new RangeError(`${what} is not a civil date (YYYY-MM-DD): ${value}`);
  return value;
}

function fieldValues(data: LetterData): Record<string, FieldValue> {
  const common: Record<string, FieldValue> = {
    applicantName: data.applicantName.trim(),
    trackingNumber: data.trackingNumber.trim(),
    receivedOn: chineseDate(data.receivedOn),
    description: clause(data.description),
    agencyName: data.agencyName.trim(),
    contact: clause(data.contact),
  };
  switch (data.kind) {
    case 'supplement_notice': {
      const items = data.supplementItems.map(clause).filter((item) => item !== '');
      if (items.length === 0) throw new RangeError('a 补正 notice lists at least one item to correct');
      if (requireDate(data.correctionDue, 'correctionDue') < data.issuedOn)
        throw new RangeError('the correction period ends before the notice is issued');
      return {
        ...common,
        supplementItems: items,
        correctionDue: chineseDate(data.correctionDue),
        correctionConsequence: CORRECTION_CONSEQUENCE,
      };
    }
    case 'extension_notice':
      if (!Number.isInteger(data.extensionDays) || data.extensionDays < 1 || data.extensionDays > 20)
        throw new RangeError(`an extension adds 1–20 working days: ${data.extensionDays}`);
      if (requireDate(data.newDueDate, 'newDueDate') < data.issuedOn)
        throw new RangeError('the new due date is before the notice is issued');
      return {
        ...common,
        extensionDays: String(data.extensionDays),
        newDueDate: chineseDate(data.newDueDate),
        extensionReason: clause(data.extensionReason),
      };
    case 'consultation_letter': {
      const text = CONSULTATION_TEXT[data.party];
      if (!text) throw new RangeError(`unknown consultation party: ${data.party}`);
      return {
        ...common,
        recipientName: data.recipientName.trim(),
        consultationReason: data.consultationReason?.trim() || text.reason,
        consultationBasis: text.basis,
        replyWorkingDays: String(CONSULTATION_REPLY_WORKING_DAYS),
        noReplyConsequence: text.noReply,
      };
    }
    case 'fee_notice':
      if (!FEE_METHOD_LABELS[data.feeMethod]) throw new RangeError(`unknown fee method: ${data.feeMethod}`);
      if (!Number.isInteger(data.feeUnits) || data.feeUnits < 1)
        throw new RangeError(`fee units must be a positive integer: ${data.feeUnits}`);
      if (!Number.isInteger(data.feeAmount) || data.feeAmount < 1)
        throw new RangeError(`a fee notice charges a positive whole number of 元: ${data.feeAmount}`);
      return {
        ...common,
        feeMeasures: FEE_MEASURES,
        feeMethod: FEE_METHOD_LABELS[data.feeMethod],
        feeUnits: feeUnitsText(data.feeMethod, data.feeUnits),
        feeStandard: feeStandard(data.feeMethod),
        feeAmount: `${data.feeAmount}元`,
        paymentMethod: clause(data.paymentMethod),
        paymentRules: PAYMENT_RULES,
      };
    case 'reply':
      return { ...common, ...replyValues(data) };
  }
}

function replyValues(data: ReplyData): Record<string, FieldValue> {
  const code = data.outcome;
  const definition = outcome(code);
  const withheld = data.withheld ?? [];
  if (code === 'partial') {
    // 第三十七条: the withheld part must be explained.
    if (withheld.length === 0)
      throw new RangeError('a 部分公开 reply gives the reasons for the part withheld');
    const invalid = withheld.filter((c) => !mayJustifyWithheldPart(c));
    if (invalid.length > 0)
      throw new RangeError(`not a reason for withholding a part: ${invalid.join(', ')}`);
  } else if (withheld.length > 0) throw new RangeError('withheld reasons belong to a 部分公开 reply only');
  const provides = definition.group === 'granted' || definition.group === 'partial';
  if (provides && !clause(data.deliveryForm))
    throw new RangeError('a reply that provides information states how');
  return {
    decision: outcomeTitle(code),
    legalBasis: data.legalBasis?.trim() || definition.basis,
    withheldReasons: withheld.map(outcomeTitle),
    details: data.details?.trim() ?? '',
    deliveryForm: provides ? clause(data.deliveryForm) : '',
    remedy: data.remedy?.trim() || remedySentence(code, withheld),
  };
}

const isEmpty = (value: FieldValue | undefined) =>
  typeof value === 'string' ? value === '' : !value?.length;

/**
 * The letter of `data` written with `template` (a default of DEFAULT_TEMPLATES or an agency's edit
 * that passed templateProblems). A line whose fields are all empty is left out, so optional parts
 * (contact, reasons of a partial reply, delivery form of a refusal) disappear with their wording.
 */
export function composeLetter(template: string, data: LetterData): ComposedLetter {
  const problems = templateProblems(data.kind, template);
  if (problems.length > 0) throw new Error(`the ${data.kind} template is invalid: ${problems.join(' ')}`);
  requireDate(data.issuedOn, 'issuedOn');
  if (requireDate(data.receivedOn, 'receivedOn') > data.issuedOn)
    throw new RangeError('a letter cannot be issued before the application was received');
  const values = fieldValues(data);
  const list = new Set(PLACEHOLDERS_BY_KIND[data.kind].filter((s) => s.list).map((s) => s.name));

  const blocks: LetterBlock[] = [];
  for (const line of parseTemplate(template).lines) {
    const fields = line.segments.flatMap((s) => ('field' in s ? [s.field] : []));
    if (fields.length > 0 && fields.every((f) => isEmpty(values[f]))) continue;
    const last = line.segments.at(-1);
    const listField = last && 'field' in last && list.has(last.field) ? last.field : null;
    const inline = listField ? line.segments.slice(0, -1) : line.segments;
    const text = maskPersonalNumbers(
      inline.map((s) => ('text' in s ? s.text : String(values[s.field] ?? ''))).join(''),
    );
    if (listField) {
      const items = (values[listField] as readonly string[]).map(maskPersonalNumbers);
      blocks.push(items.length > 0 ? { type: 'list', lead: text, items } : { type: 'paragraph', text });
    } else blocks.push({ type: 'paragraph', text });
  }

  const letter: ComposedLetter = {
    kind: data.kind,
    title: LETTER_KIND_LABELS[data.kind],
    documentNumber: data.documentNumber.trim(),
    blocks,
    closing: {
      agencyName: maskPersonalNumbers(data.agencyName.trim()),
      date: chineseDate(data.issuedOn),
      isoDate: data.issuedOn,
    },
  };
  const first = blocks[0];
  if (first?.type === 'paragraph' && /[：:]$/.test(first.text)) {
    letter.salutation = first.text;
    blocks.shift();
  }
  return letter;
}

/** The numbering of list items, as printed in every rendering. */
export function itemNumber(index: number): string {
  return `${index + 1}．`;
}

/** The whole letter as plain text, one paragraph a line (for search, e-mail and tests). */
export function letterText(letter: ComposedLetter): string {
  const lines = [letter.title, letter.documentNumber];
  if (letter.salutation) lines.push(letter.salutation);
  for (const block of letter.blocks) {
    if (block.type === 'paragraph') lines.push(block.text);
    else {
      if (block.lead) lines.push(block.lead);
      block.items.forEach((item, i) => {
        lines.push(`${itemNumber(i)}${item}`);
      });
    }
  }
  lines.push(letter.closing.agencyName, letter.closing.date);
  return lines.join('\n');
}
