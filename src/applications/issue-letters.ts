// The letter an event calls for, issued in the event's transaction: the agency's template (or the
// default), the next 文号 of the agency's year, and the composed letter stored as JSON so that its
// HTML and DOCX come out the same every time they are opened.
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { parseSettings } from '../agencies/agency.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import { DELIVERY_FORM_LABELS, type DeliveryForm } from './applicant.ts';
import type { ApplicationRow } from './application.repository.ts';
import type { ApplicationEvent } from './application.ts';
import type { Derived } from './derived-columns.ts';
import {
  type ComposedLetter,
  composeLetter,
  DEFAULT_TEMPLATES,
  type LetterData,
  type LetterKind,
} from './letters/index.ts';

/** What a clerk adds to the letter beyond the event itself. */
export interface LetterExtras {
  /** 征求意见函: the third party or organ consulted. */
  recipientName?: string;
  /** 收费通知: how to pay. */
  paymentMethod?: string;
  /** 延期告知书: why. */
  extensionReason?: string;
  /** 答复告知书: the competent organ (无法提供), the proper channel (不予处理 1), where to get it… */
  details?: string;
}

export const LETTER_OF_EVENT: Partial<Record<ApplicationEvent['type'], LetterKind>> = {
  supplement_requested: 'supplement_notice',
  extension_approved: 'extension_notice',
  consultation_started: 'consultation_letter',
  fee_notice_sent: 'fee_notice',
  decided: 'reply',
};

function missing(what: string): DomainError {
  return new DomainError('input.invalid', `letter data missing: ${what}`, { userMessage: `请填写${what}` });
}

export function letterData(
  kind: LetterKind,
  base: Omit<LetterData, 'kind'>,
  row: ApplicationRow,
  event: ApplicationEvent,
  derived: Derived,
  extras: LetterExtras,
): LetterData {
  switch (kind) {
    case 'supplement_notice':
      if (event.type !== 'supplement_requested') break;
      if (!event.correctionDue) throw missing('补正期限');
      return { ...base, kind, supplementItems: event.items, correctionDue: event.correctionDue };
    case 'extension_notice': {
      if (event.type !== 'extension_approved') break;
      const due = derived.due.replyDue;
      if (!due) throw missing('延期后的答复期限');
      return {
        ...base,
        kind,
        extensionDays: event.days,
        newDueDate: due,
        ...(extras.extensionReason ? { extensionReason: extras.extensionReason } : {}),
      };
    }
    case 'consultation_letter':
      if (event.type !== 'consultation_started') break;
      if (!extras.recipientName) throw missing('征求意见对象的名称');
      return { ...base, kind, party: event.party, recipientName: extras.recipientName };
    case 'fee_notice':
      if (event.type !== 'fee_notice_sent') break;
      if (!extras.paymentMethod) throw missing('缴费方式');
      return {
        ...base,
        kind,
        feeMethod: event.method,
        feeUnits: event.units,
        feeAmount: event.amount,
        paymentMethod: extras.paymentMethod,
      };
    case 'reply':
      if (event.type !== 'decided') break;
      return {
        ...base,
        kind,
        outcome: event.outcome,
        legalBasis: event.legalBasis,
        ...(event.withheld ? { withheld: event.withheld } : {}),
        ...(event.outcome === 'granted' || event.outcome === 'partial'
          ? { deliveryForm: DELIVERY_FORM_LABELS[row.delivery_form as DeliveryForm] ?? row.delivery_form }
          : {}),
        ...(extras.details ? { details: extras.details } : {}),
      };
  }
  throw new Error(`event ${event.type} does not make a ${kind}`);
}

/** The next serial of the agency's year; the row lock serialises concurrent letters on PostgreSQL. */
export async function nextLetterSerial(trx: Kysely<DB>, agencyId: string, year: number): Promise<number> {
  await trx
    .insertInto('letter_sequences')
    .values({ agency_id: agencyId, year, last_serial: 0 })
    .onConflict((oc) => oc.columns(['agency_id', 'year']).doNothing())
    .execute();
  const row = await trx
    .updateTable('letter_sequences')
    .set({ last_serial: sql`last_serial + 1` })
    .where('agency_id', '=', agencyId)
    .where('year', '=', year)
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return Number(row.last_serial);
}

/** 文号 prefix: the agency's setting `letterPrefix`, else its name + 依申请公开. */
export function documentNumber(prefix: string, year: number, serial: number): string {
  return `${prefix}〔${year}〕${serial}号`;
}

export async function issueLetterFor(
  trx: Kysely<DB>,
  args: {
    row: ApplicationRow;
    event: ApplicationEvent;
    seq: number;
    derived: Derived;
    userId: string | null;
    now: Date;
    extras: LetterExtras;
  },
): Promise<string | null> {
  const kind = LETTER_OF_EVENT[args.event.type];
  if (!kind) return null;
  const { row, event } = args;
  const agency = await trx
    .selectFrom('agencies')
    .select(['name', 'settings'])
    .where('id', '=', row.agency_id)
    .executeTakeFirstOrThrow();
  const settings = parseSettings(agency.settings);
  const template = await trx
    .selectFrom('letter_templates')
    .select('body')
    .where('agency_id', '=', row.agency_id)
    .where('kind', '=', kind)
    .executeTakeFirst();
  const issuedOn = event.at;
  const year = Number(issuedOn.slice(0, 4));
  const serial = await nextLetterSerial(trx, row.agency_id, year);
  const prefix =
    typeof settings.letterPrefix === 'string' ? settings.letterPrefix : `${agency.name}依申请公开`;
  const contact = settings.contact?.phone ? `联系电话：${settings.contact.phone}` : undefined;
  const base = {
    agencyName: agency.name,
    documentNumber: documentNumber(prefix, year, serial),
    issuedOn,
    applicantName: row.applicant_name,
    trackingNumber: row.tracking_number,
    receivedOn: row.received_on,
    description: row.description,
    ...(contact ? { contact } : {}),
  };
  let letter: ComposedLetter;
  try {
    letter = composeLetter(
      template?.body ?? DEFAULT_TEMPLATES[kind],
      letterData(kind, base, row, event, args.derived, args.extras),
    );
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('input.invalid', (error as Error).message, {
      userMessage: `无法生成文书：${(error as Error).message}`,
    });
  }
  const id = randomUUID();
  await trx
    .insertInto('letters')
    .values({
      id,
      application_id: row.id,
      agency_id: row.agency_id,
      kind,
      event_seq: args.seq,
      year,
      serial,
      document_number: letter.documentNumber,
      issued_on: issuedOn,
      content: JSON.stringify(letter),
      created_by: args.userId,
      created_at: args.now.toISOString(),
    })
    .execute();
  return id;
}
