// Editing a published item makes a new version: a copy of the published content and attachments
// (the bytes are shared), changed by the editor and taken through review and approval again. The
// portal keeps showing the published version until the new one is published; every version stays.

import { randomUUID } from 'node:crypto';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { EDITOR_ROLES } from './create-draft.ts';
import {
  contentOf,
  findAttachments,
  findItemForUpdate,
  findVersion,
  insertAttachment,
  insertVersion,
  updateItem,
  versionColumns,
} from './disclosure.repository.ts';
import { type ContentInput, invalidContent, normalizeContent } from './item-rules.ts';
import {
  catalogueOf,
  clockColumns,
  findAgency,
  loadItemFor,
  notFoundItem,
  recordStep,
  requireCategory,
  userIdOf,
  versionFindings,
} from './item-shell.ts';
import type { FieldFinding } from './personal-data.ts';

export async function reviseItem(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  input: { content?: ContentInput; expectedEventCount?: number } = {},
): Promise<{ version: number; findings: FieldFinding[] }> {
  const row = await loadItemFor(ctx, actor, itemId, EDITOR_ROLES);
  const agency = (await findAgency(ctx.db, row.agency_id))!;
  const now = ctx.now();
  const iso = now.toISOString();
  const today = shanghaiDate(now);
  const normalized = input.content ? normalizeContent(input.content, today) : null;
  if (normalized && normalized.problems.length > 0) throw invalidContent(normalized.problems);
  if (normalized) requireCategory(await catalogueOf(ctx.db, agency), normalized.content.categoryCode);
  const calendar = await currentWorkingDayCalendar(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await findItemForUpdate(trx, itemId);
    if (!locked) throw notFoundItem();
    const from = locked.version;
    const step = await recordStep(trx, itemId, {
      actor,
      event: { type: 'revised', at: iso, by: userIdOf(actor) },
      now,
      ...(input.expectedEventCount !== undefined ? { expectedEventCount: input.expectedEventCount } : {}),
      audit: { from },
    });
    const version = step.state.version;
    const previous = await findVersion(trx, itemId, from);
    if (!previous) throw new Error(`version ${from} of ${itemId} missing`);
    const content = normalized?.content ?? contentOf(previous);
    await insertVersion(trx, {
      item_id: itemId,
      version,
      agency_id: locked.agency_id,
      ...versionColumns(content),
      published_at: null,
      published_on: null,
      indexed_at: null,
      created_by: userIdOf(actor),
      created_at: iso,
      updated_at: iso,
    });
    for (const a of await findAttachments(trx, itemId, from))
      await insertAttachment(trx, { ...a, id: randomUUID(), version, created_at: iso });
    await updateItem(trx, itemId, {
      title: content.title,
      category_code: content.categoryCode,
      formed_on: content.formedOn,
      ...clockColumns(content, today, null, calendar),
    });
    return { version, findings: await versionFindings(trx, itemId, version, content) };
  });
}
