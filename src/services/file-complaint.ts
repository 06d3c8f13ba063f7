// A 效能投诉 is filed online by the citizen, or typed in by a 政务服务 clerk from a hotline call.
// It gets its 投诉编号 (per agency and year), its deadline in working days from the agency's setting
// in force that day, and a secret link for the complainant (only the link's SHA-256 is stored).
import { randomBytes, randomUUID } from 'node:crypto';
import { findAgency } from '../agencies/agency.repository.ts';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { lockUntilCommit } from '../db/advisory-lock.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  type ComplaintChannel,
  complaintDeadlineDays,
  complaintDueOn,
  complaintProblems,
  complaintReference,
  nextComplaintSequence,
  normalizeComplaint,
  receivedOnProblem,
} from './complaint.ts';
import { findReferencesOfYear, insertComplaint } from './service-feedback.repository.ts';
import {
  FEEDBACK_CLERK_ROLES,
  hashSecret,
  invalid,
  isUniqueViolation,
  itemOfAgency,
  requireAgencyRole,
  userIdOf,
  windowOfAgency,
} from './service-feedback-shell.ts';

export interface FileComplaintInput {
  agencyId: string;
  windowId: string | null;
  itemId: string | null;
  content: string;
  complainantName: string;
  complainantPhone: string;
}

export interface HotlineComplaintInput extends FileComplaintInput {
  /** The day the call came in (civil date), when typed in later; today when absent. */
  receivedOn?: string;
}

export interface FiledComplaint {
  complaintId: string;
  reference: string;
  /** The secret of the complainant's link: shown once, never stored. */
  token: string;
  receivedOn: string;
  dueOn: string;
  /** The deadline went through a year without an official holiday arrangement. */
  provisional: boolean;
}

/** The citizen's complaint through the portal. */
export async function fileOnlineComplaint(
  ctx: UseCaseContext,
  input: FileComplaintInput,
): Promise<FiledComplaint> {
  return file(ctx, null, input, 'online');
}

/** A complaint received by telephone, typed in by the agency's clerk. */
export async function registerHotlineComplaint(
  ctx: UseCaseContext,
  actor: Actor,
  input: HotlineComplaintInput,
): Promise<FiledComplaint> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, FEEDBACK_CLERK_ROLES);
  return file(ctx, actor, input, 'hotline', input.receivedOn);
}

/** The complaint's fields in Chinese, field by field (with the problems' fields in details.fields). */
export function complaintInvalid(problems: readonly { field: string; message: string }[]): DomainError {
  return invalid(
    problems.map((p) => p.message),
    { fields: problems.map((p) => p.field) },
  );
}

async function file(
  ctx: UseCaseContext,
  actor: Actor | null,
  input: FileComplaintInput,
  channel: ComplaintChannel,
  calledOn?: string,
): Promise<FiledComplaint> {
  const agency = await findAgency(ctx.db, input.agencyId);
  if (!agency) throw new DomainError('access.not_found', '机构不存在');
  const now = ctx.now();
  const today = shanghaiDate(now);
  const problems: { field: string; message: string }[] = complaintProblems(input);
  const dateProblem = calledOn === undefined ? null : receivedOnProblem(calledOn, today);
  if (dateProblem !== null) problems.push({ field: 'receivedOn', message: dateProblem });
  if (problems.length > 0) throw complaintInvalid(problems);
  const complaint = normalizeComplaint(input);
  const window =
    input.windowId === null ? null : await windowOfAgency(ctx.db, agency.id, input.windowId, { open: false });
  const item =
    input.itemId === null ? null : await itemOfAgency(ctx.db, agency.id, input.itemId, { offered: false });

  const at = now.toISOString();
  const receivedOn = calledOn ?? today;
  // A call typed in on a later day is dated at the start of its day: its deadline runs from then.
  const receivedAt = receivedOn === today ? at : new Date(`${receivedOn}T00:00:00+08:00`).toISOString();
  const year = Number(receivedOn.slice(0, 4));
  const deadlineDays = complaintDeadlineDays(agency.settings);
  const deadline = complaintDueOn(receivedOn, deadlineDays, await currentWorkingDayCalendar(ctx.db));
  const id = randomUUID();
  const token = randomBytes(24).toString('base64url');
  // Complaints filed at the same moment take their numbers one after the other (the lock; without
  // it each of n writers read the same highest number, and the last needed n attempts: a crowd of
  // citizens got 500s in the crash harness). The unique index stays the guard, with a retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const reference = await ctx.db.transaction().execute(async (trx) => {
        await lockUntilCommit(trx, `complaint-reference:${agency.id}:${year}`);
        const reference = complaintReference(
          year,
          nextComplaintSequence(await findReferencesOfYear(trx, agency.id, year), year),
        );
        await insertComplaint(trx, {
          id,
          agency_id: agency.id,
          reference,
          channel,
          window_id: window?.id ?? null,
          item_id: item?.id ?? null,
          content: complaint.content,
          complainant_name: complaint.complainantName,
          complainant_phone: complaint.complainantPhone,
          received_at: receivedAt,
          due_on: deadline.dueOn,
          due_days: deadlineDays,
          due_provisional: deadline.provisional ? 1 : 0,
          state: 'received',
          assigned_to: null,
          assigned_at: null,
          answer: null,
          answered_by: null,
          answered_at: null,
          on_time: null,
          token_hash: hashSecret(token),
          created_by: actor === null ? null : userIdOf(actor),
          created_at: at,
          updated_at: at,
        });
        await appendAudit(
          trx,
          {
            userId: actor === null ? null : userIdOf(actor),
            agencyId: agency.id,
            action: 'service.complaint.file',
            objectType: 'service_complaint',
            objectId: id,
            result: 'ok',
            details: { reference, channel, dueOn: deadline.dueOn },
          },
          at,
        );
        return reference;
      });
      return {
        complaintId: id,
        reference,
        token,
        receivedOn,
        dueOn: deadline.dueOn,
        provisional: deadline.provisional,
      };
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 5) continue;
      throw error;
    }
  }
}
