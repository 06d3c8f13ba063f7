// The answer to a complaint: required text, given once. Whether it came on time is decided by the
// Beijing date of the answer against the deadline fixed when the complaint was received.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { complaintClosed } from './assign-complaint.ts';
import { answeredOnTime, answerProblem } from './complaint.ts';
import { findComplaint, updateOpenComplaint } from './service-feedback.repository.ts';
import {
  FEEDBACK_CLERK_ROLES,
  invalid,
  notFoundComplaint,
  requireAgencyRole,
  userIdOf,
} from './service-feedback-shell.ts';

export interface AnswerComplaintInput {
  agencyId: string;
  complaintId: string;
  answer: string;
}

export async function answerComplaint(
  ctx: UseCaseContext,
  actor: Actor,
  input: AnswerComplaintInput,
): Promise<{ onTime: boolean }> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, FEEDBACK_CLERK_ROLES);
  const row = await findComplaint(ctx.db, input.complaintId);
  if (!row || row.agency_id !== input.agencyId) throw notFoundComplaint();
  if (row.state === 'answered') throw complaintClosed();
  const problem = answerProblem(input.answer);
  if (problem !== null) throw invalid([problem], { field: 'answer' });
  const now = ctx.now();
  const at = now.toISOString();
  const onTime = answeredOnTime(shanghaiDate(now), row.due_on);
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await updateOpenComplaint(trx, row.id, {
      state: 'answered',
      answer: input.answer.trim(),
      answered_by: userIdOf(actor),
      answered_at: at,
      on_time: onTime ? 1 : 0,
      updated_at: at,
    });
    if (changed !== 1) throw complaintClosed();
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: row.agency_id,
        action: 'service.complaint.answer',
        objectType: 'service_complaint',
        objectId: row.id,
        result: 'ok',
        details: { reference: row.reference, onTime, dueOn: row.due_on },
      },
      at,
    );
  });
  return { onTime };
}
