// The steps between the draft and the approval: the editor submits the draft for 保密审查; the
// reviewer signs the checklist (blocked while personal numbers are neither redacted nor justified
// one by one); the reviewer or the approver returns it for changes; the approver approves (never
// an author of the version: separation of duties).
import { type Actor, loadAgencyTree, requireRole, type UseCaseContext } from '../agencies/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { EDITOR_ROLES } from './create-draft.ts';
import { contentOf, findItemForUpdate, findVersion } from './disclosure.repository.ts';
import type { Justification, RecordedFinding } from './item.ts';
import {
  loadItemFor,
  notFoundItem,
  recordStep,
  scanStoredAttachments,
  userIdOf,
  versionFindings,
} from './item-shell.ts';
import type { FieldFinding } from './personal-data.ts';

export const REVIEWER_ROLES = ['reviewer'] as const;
export const APPROVER_ROLES = ['approver'] as const;

function expected(count: number | undefined) {
  return count !== undefined ? { expectedEventCount: count } : {};
}

async function workingFindings(
  ctx: UseCaseContext,
  itemId: string,
  version: number,
): Promise<FieldFinding[]> {
  const stored = await findVersion(ctx.db, itemId, version);
  if (!stored) throw new Error(`version ${version} of ${itemId} missing`);
  return versionFindings(ctx.db, itemId, version, contentOf(stored));
}

/** The editor sends the draft to 保密审查; the scan's findings come back for the editor to see. */
export async function submitForReview(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  options: { expectedEventCount?: number } = {},
): Promise<{ findings: FieldFinding[] }> {
  const row = await loadItemFor(ctx, actor, itemId, EDITOR_ROLES);
  await scanStoredAttachments(ctx, itemId, row.version);
  const now = ctx.now();
  await ctx.db.transaction().execute((trx) =>
    recordStep(trx, itemId, {
      actor,
      event: { type: 'submitted', at: now.toISOString(), by: userIdOf(actor) },
      now,
      ...expected(options.expectedEventCount),
    }),
  );
  return { findings: await workingFindings(ctx, itemId, row.version) };
}

export interface SignReviewInput {
  /** The ids of REVIEW_CHECKLIST the reviewer confirms: all of them. */
  checklist: readonly string[];
  /** A reason for each finding that must stay public (by FieldFinding.key). */
  justifications?: readonly Justification[];
  expectedEventCount?: number;
}

/**
 * The reviewer signs. The scan runs again on the stored text inside the transaction, so the
 * signature covers exactly the text that will be approved; its masked findings and the reasons
 * are kept in the event.
 */
export async function signReview(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  input: SignReviewInput,
): Promise<void> {
  await loadItemFor(ctx, actor, itemId, REVIEWER_ROLES);
  const now = ctx.now();
  const justifications = (input.justifications ?? [])
    .filter((j) => typeof j.reason === 'string' && j.reason.trim() !== '')
    .map((j) => ({ key: String(j.key), reason: j.reason.trim() }));
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await findItemForUpdate(trx, itemId);
    if (!locked) throw notFoundItem();
    const current = await findVersion(trx, itemId, locked.version);
    if (!current) throw new Error(`working version of ${itemId} missing`);
    const found = await versionFindings(trx, itemId, locked.version, contentOf(current));
    const findings: RecordedFinding[] = found.map((f) => ({
      key: f.key,
      field: f.field,
      kind: f.kind,
      preview: f.preview,
    }));
    await recordStep(trx, itemId, {
      actor,
      event: {
        type: 'review_signed',
        at: now.toISOString(),
        by: userIdOf(actor),
        checklist: [...input.checklist],
        findings,
        justifications,
      },
      now,
      ...expected(input.expectedEventCount),
      audit: { findings: findings.length, justified: justifications.length },
    });
  });
}

/** Back to the draft with a reason: the reviewer during the review, the approver after it. */
export async function returnItem(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  input: { reason: string; expectedEventCount?: number },
): Promise<void> {
  const row = await loadItemFor(ctx, actor, itemId, [...REVIEWER_ROLES, ...APPROVER_ROLES]);
  const roles = row.phase === 'in_review' ? REVIEWER_ROLES : APPROVER_ROLES;
  requireRole(actor, roles, row.agency_id, await loadAgencyTree(ctx.db), '信息');
  const now = ctx.now();
  await ctx.db.transaction().execute((trx) =>
    recordStep(trx, itemId, {
      actor,
      event: { type: 'returned', at: now.toISOString(), by: userIdOf(actor), reason: input.reason ?? '' },
      now,
      ...expected(input.expectedEventCount),
    }),
  );
}

/** 负责人审批: the approver, who wrote no part of this version. */
export async function approve(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  options: { expectedEventCount?: number } = {},
): Promise<void> {
  await loadItemFor(ctx, actor, itemId, APPROVER_ROLES);
  const now = ctx.now();
  const by = userIdOf(actor);
  if (by === null) throw new DomainError('access.forbidden', '审批须由负责人本人进行');
  await ctx.db.transaction().execute((trx) =>
    recordStep(trx, itemId, {
      actor,
      event: { type: 'approved', at: now.toISOString(), by },
      now,
      ...expected(options.expectedEventCount),
    }),
  );
}
