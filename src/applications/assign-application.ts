// A handler or approver gives an application to a handler of its agency (or takes it back to nobody).
// The form says whom the clerk saw as assignee: a change made meanwhile by someone else is not
// overwritten (the second of two clerks assigning at once is refused, not silently last). A finished
// application (答复 issued, terminated, archived: not is_open) is given to no one any more, also from a
// page opened before it was finished; 重新答复 opens it again.
import { type Actor, isSystemActor, loadAgencyTree, type UseCaseContext } from '../agencies/index.ts';
import { findGrantsOfUsers } from '../agencies/user.repository.ts';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { findApplicationRow, updateAssignee } from './application.repository.ts';
import { loadApplicationFor } from './record-event.ts';

export async function assignApplication(
  ctx: UseCaseContext,
  actor: Actor,
  applicationId: string,
  assigneeId: string | null,
  /** The assignee the clerk saw (null: none); a different one now refuses the change as stale. */
  options: { expectedAssignee?: string | null } = {},
): Promise<void> {
  const row = await loadApplicationFor(ctx, actor, applicationId, ['handler', 'approver']);
  if (row.is_open !== 1) throw applicationFinished();
  if (assigneeId !== null) {
    const tree = await loadAgencyTree(ctx.db);
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'disabled'])
      .where('id', '=', assigneeId)
      .executeTakeFirst();
    const grants = user ? await findGrantsOfUsers(ctx.db, [user.id]) : [];
    const handles =
      user !== undefined &&
      user.disabled === 0 &&
      grants.some(
        (g) =>
          g.role === 'handler' &&
          (g.agencyId === row.agency_id ||
            (g.includeSubtree && tree.nodes.has(row.agency_id) && isBelow(tree, g.agencyId, row.agency_id))),
      );
    if (!handles)
      throw new DomainError('input.invalid', 'assignee is not a handler of the agency', {
        userMessage: '只能分配给本机构负责依申请办理的工作人员',
      });
  }
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await updateAssignee(
      trx,
      row.id,
      { assigned_to: assigneeId, updated_at: now },
      options.expectedAssignee,
    );
    if (changed !== 1) {
      // Finished meanwhile (the update asks for an open one), or someone else assigned it.
      if ((await findApplicationRow(trx, row.id))?.is_open !== 1) throw applicationFinished();
      throw new DomainError('conflict.state', 'stale assignment', {
        userMessage: '该申请的承办人已被他人修改，请查看当前承办人后再操作。',
      });
    }
    await appendAudit(
      trx,
      {
        userId: isSystemActor(actor) ? null : actor.user.id,
        agencyId: row.agency_id,
        action: 'application.assign',
        objectType: 'application',
        objectId: row.id,
        result: 'ok',
        details: { trackingNumber: row.tracking_number, assignee: assigneeId },
      },
      now,
    );
  });
}

function applicationFinished(): DomainError {
  return new DomainError('conflict.state', 'application finished', {
    userMessage: '该申请已办结，不能再分配承办人。',
  });
}

function isBelow(
  tree: Awaited<ReturnType<typeof loadAgencyTree>>,
  ancestor: string,
  agencyId: string,
): boolean {
  let node = tree.nodes.get(agencyId);
  while (node) {
    if (node.id === ancestor) return true;
    node = node.parentId === null ? undefined : tree.nodes.get(node.parentId);
  }
  return false;
}

/** The handlers an application of the agency can be given to. */
export async function listHandlers(
  ctx: UseCaseContext,
  agencyId: string,
): Promise<{ id: string; displayName: string }[]> {
  const tree = await loadAgencyTree(ctx.db);
  const rows = await ctx.db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select(['users.id', 'users.display_name', 'role_grants.agency_id', 'role_grants.include_subtree'])
    .where('role_grants.role', '=', 'handler')
    .where('users.disabled', '=', 0)
    .execute();
  const seen = new Map<string, string>();
  for (const r of rows) {
    if (r.agency_id === agencyId || (r.include_subtree === 1 && isBelow(tree, r.agency_id, agencyId)))
      seen.set(r.id, r.display_name);
  }
  return [...seen]
    .map(([id, displayName]) => ({ id, displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh'));
}
