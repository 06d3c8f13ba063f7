// Shared by the two ways an application comes in (online by the citizen, registered by staff):
// validation, the tracking number and secret link, the received event, derived columns, the ID
// proof file and the audit record, all in one transaction.
import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/index.ts';
import { calendarForWrite, currentWorkingDayCalendar, isCivilDate } from '../calendar/index.ts';
import { groupCommit } from '../db/group-commit.ts';
import { installSecret } from '../db/install-secrets.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  type ApplicantInput,
  applicantProblems,
  normalizeApplicant,
  normalizeRequest,
  type RequestInput,
  requestProblems,
} from './applicant.ts';
import { insertApplication, insertEvent, insertFile, insertYearRows } from './application.repository.ts';
import type { Channel, ReceivedEvent } from './application.ts';
import { deriveApplication } from './derived-columns.ts';
import { acceptedUpload, checkUpload, type UploadedFile } from './uploads.ts';

export interface IntakeInput {
  agencyId: string;
  applicant: ApplicantInput;
  request: RequestInput;
  idProof?: UploadedFile | null;
}

export interface IntakeResult {
  applicationId: string;
  trackingNumber: string;
  /** The secret of the applicant's status link: shown once, only its hash is stored. */
  accessToken: string;
  receivedOn: string;
  replyDue: string | null;
  dueExplanation: string[];
}

// Without 0/O, 1/I/L: read aloud on the phone and typed back without mistakes.
const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newTrackingNumber(year: number): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `YSQ${year}-${code.slice(0, 4)}-${code.slice(4)}`;
}

export function normalizeTrackingNumber(value: string): string {
  return value.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');
}

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The same person or organisation gives the same key; the key reveals nothing of the number. */
export async function applicantKey(db: Kysely<DB>, applicant: ApplicantInput): Promise<string> {
  const secret = await installSecret(db, 'applicant-keys');
  const identity = `${applicant.idKind}:${applicant.idNumber}`;
  return createHmac('sha256', secret).update(identity).digest('base64url');
}

export function validateIntake(input: IntakeInput): { applicant: ApplicantInput; request: RequestInput } {
  const applicant = normalizeApplicant(input.applicant);
  const request = normalizeRequest(input.request);
  const problems = [...applicantProblems(applicant), ...requestProblems(request, applicant)];
  if (input.idProof) problems.push(...checkUpload(input.idProof));
  if (problems.length > 0)
    throw new DomainError('input.invalid', problems.join('；'), {
      problems,
      userMessage: problems.join('；'),
    });
  return { applicant, request };
}

export interface IntakeWrite {
  input: IntakeInput;
  applicant: ApplicantInput;
  request: RequestInput;
  channel: Channel;
  receivedOn: string;
  /** The staff member registering it, or null for the citizen online. */
  userId: string | null;
  auditDetails: Record<string, unknown>;
  now: Date;
  /** Checked inside the transaction, before anything is written (e.g. the daily limit). */
  precondition?: (trx: Kysely<DB>, applicantKey: string) => Promise<void>;
}

export async function writeIntake(db: Kysely<DB>, w: IntakeWrite): Promise<IntakeResult> {
  if (!isCivilDate(w.receivedOn)) throw new DomainError('input.invalid', '收到申请的日期无效');
  const calendar = await currentWorkingDayCalendar(db);
  const key = await applicantKey(db, w.applicant);
  const id = randomUUID();
  const accessToken = randomBytes(24).toString('base64url');
  const trackingNumber = newTrackingNumber(Number(w.receivedOn.slice(0, 4)));
  const event: ReceivedEvent = { type: 'received', at: w.receivedOn, channel: w.channel };
  const now = w.now.toISOString();
  let derived = deriveApplication(id, w.applicant.applicantType, [event], calendar);
  // Applications arriving together share one commit (and one fsync); each is still all or nothing.
  await groupCommit(db, async (trx) => {
    const inForce = await calendarForWrite(trx, calendar);
    if (inForce !== calendar) derived = deriveApplication(id, w.applicant.applicantType, [event], inForce);
    await w.precondition?.(trx, key);
    await insertApplication(trx, {
      id,
      agency_id: w.input.agencyId,
      tracking_number: trackingNumber,
      access_hash: hashAccessToken(accessToken),
      applicant_type: w.applicant.applicantType,
      applicant_name: w.applicant.name,
      organisation_code: w.applicant.organisationCode ?? null,
      id_kind: w.applicant.idKind,
      id_number: w.applicant.idNumber,
      phone: w.applicant.phone,
      email: w.applicant.email ?? null,
      address: w.applicant.address ?? null,
      applicant_key: key,
      description: w.request.description,
      document_number: w.request.documentNumber ?? null,
      delivery_form: w.request.deliveryForm,
      delivery_channel: w.request.deliveryChannel,
      channel: w.channel,
      received_on: w.receivedOn,
      assigned_to: null,
      ...derived.columns,
      created_by: w.userId,
      created_at: now,
      updated_at: now,
    });
    await insertEvent(trx, {
      application_id: id,
      seq: 1,
      type: event.type,
      at: event.at,
      data: JSON.stringify(event),
      recorded_by: w.userId,
      recorded_at: now,
    });
    if (derived.years.length > 0)
      await insertYearRows(
        trx,
        derived.years.map((y) => ({ application_id: id, agency_id: w.input.agencyId, ...y })),
      );
    if (w.input.idProof) {
      const proof = acceptedUpload(w.input.idProof);
      await insertFile(trx, {
        id: randomUUID(),
        application_id: id,
        kind: 'id_proof',
        filename: proof.filename,
        media_type: proof.mediaType,
        size: proof.content.byteLength,
        content: proof.content,
        created_at: now,
      });
    }
    await appendAudit(
      trx,
      {
        userId: w.userId,
        agencyId: w.input.agencyId,
        action: w.userId === null ? 'application.submit' : 'application.register',
        objectType: 'application',
        objectId: id,
        result: 'ok',
        // Never the applicant's name, number or contact: the audit log is exported.
        details: { trackingNumber, channel: w.channel, receivedOn: w.receivedOn, ...w.auditDetails },
      },
      now,
    );
  });
  return {
    applicationId: id,
    trackingNumber,
    accessToken,
    receivedOn: w.receivedOn,
    replyDue: derived.due.replyDue,
    dueExplanation: derived.due.explanation,
  };
}
