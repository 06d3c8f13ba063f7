// A 政务服务 clerk (or the administrator) gives a complaint to a colleague holding the 政务服务 role
// on the agency. An answered complaint is closed: it is not given to anyone any more. A change of
// assignee made meanwhile by someone else is not overwritten (the form says whom the clerk saw).
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { findComplaint, updateOpenComplaint } from './service-feedback.repository.ts';
import {
  FEEDBACK_CLERK_ROLES,
  invalid,
  listServiceStaff,
  notFoundComplaint,
  requireAgencyRole,
  userIdOf,
} from './service-feedback-shell.ts';

export interface AssignComplaintInput {
  agencyId: string;
  complaintId: string;
  assigneeId: string;
  /** The assignee the clerk saw (null: none); a different one now refuses the change as stale. */
  expectedAssignee?: string | null;
}

export function complaintClosed(): DomainError {
  const message = '该投诉已经答复，不能再分配或答复。';
  return new DomainError('conflict.state', message, { userMessage: message });
}

export async function assignComplaint(
  ctx: UseCaseContext,
  actor: Actor,
  input: AssignComplaintInput,
): Promise<void> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, FEEDBACK_CLERK_ROLES);
  const row = await findComplaint(ctx.db, input.complaintId);
  if (!row || row.agency_id !== input.agencyId) throw notFoundComplaint();
  if (row.state === 'answered') throw complaintClosed();
  const staff = await listServiceStaff(ctx.db, input.agencyId);
  if (!staff.some((s) => s.id === input.assigneeId))
    throw invalid(['只能分配给本机构负责政务服务的工作人员'], { field: 'assignee' });
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await updateOpenComplaint(
      trx,
      row.id,
      { state: 'assigned', assigned_to: input.assigneeId, assigned_at: now, updated_at: now },
      input.expectedAssignee,
    );
    if (changed !== 1) {
      const current = await findComplaint(trx, row.id);
      if (current?.state === 'answered') throw complaintClosed();
      const message = '该投诉的承办人已被他人修改，请查看当前承办人后再操作。';
      throw new DomainError('conflict.state', 'stale assignment', { userMessage: message });
    }
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: row.agency_id,
        action: 'service.complaint.assign',
        objectType: 'service_complaint',
        objectId: row.id,
        result: 'ok',
        details: { reference: row.reference, assignee: input.assigneeId },
      },
      now,
    );
  });
}
