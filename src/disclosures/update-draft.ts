// An editor changes a draft (the first version or a revision): the whole content replaced,
// attachments added or removed, as one `edited` step. Only a draft changes; an item in review goes
// back to draft first (returnItem), a published one is revised (reviseItem).
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import type { AttachmentInput } from './attachments.ts';
import { EDITOR_ROLES } from './create-draft.ts';
import {
  contentOf,
  deleteAttachment,
  findAttachments,
  findVersion,
  updateItem,
  updateVersion,
  versionColumns,
} from './disclosure.repository.ts';
import { type ContentInput, invalidContent, normalizeContent } from './item-rules.ts';
import {
  addAttachments,
  catalogueOf,
  checkAttachments,
  clockColumns,
  fileStoreOf,
  findAgency,
  loadItemFor,
  recordStep,
  requireCategory,
  revisedOnOf,
  scanAttachmentFiles,
  storeAttachmentFiles,
  userIdOf,
  versionFindings,
} from './item-shell.ts';
import type { FieldFinding } from './personal-data.ts';

export interface UpdateDraftInput {
  /** The whole content as the form has it; absent keeps the content. */
  content?: ContentInput;
  addAttachments?: readonly AttachmentInput[];
  removeAttachmentIds?: readonly string[];
  /** The item's event count when the form was shown (stale forms are refused). */
  expectedEventCount?: number;
}

export async function updateDraft(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  input: UpdateDraftInput,
): Promise<{ findings: FieldFinding[]; attachmentIds: string[] }> {
  const row = await loadItemFor(ctx, actor, itemId, EDITOR_ROLES);
  const agency = (await findAgency(ctx.db, row.agency_id))!;
  const now = ctx.now();
  const iso = now.toISOString();
  const calendar = await currentWorkingDayCalendar(ctx.db);
  const files = input.addAttachments ?? [];
  let normalized: ReturnType<typeof normalizeContent> | null = null;
  if (input.content) normalized = normalizeContent(input.content, shanghaiDate(now));
  const problems = [...(normalized?.problems ?? [])];
  const current = await findAttachments(ctx.db, itemId, row.version);
  const removing = new Set(input.removeAttachmentIds ?? []);
  for (const id of removing) if (!current.some((a) => a.id === id)) problems.push('要删除的附件不存在');
  problems.push(...checkAttachments(files, current.length - removing.size));
  if (problems.length > 0) throw invalidContent([...new Set(problems)]);
  if (normalized) requireCategory(await catalogueOf(ctx.db, agency), normalized.content.categoryCode);
  const scans = await scanAttachmentFiles(files);
  return ctx.db.transaction().execute(async (trx) => {
    // The files' rows before recordStep's audit record (item-shell.ts storeAttachmentFiles).
    await storeAttachmentFiles(trx, files, fileStoreOf(ctx), iso);
    const step = await recordStep(trx, itemId, {
      actor,
      event: { type: 'edited', at: iso, by: userIdOf(actor) },
      now,
      ...(input.expectedEventCount !== undefined ? { expectedEventCount: input.expectedEventCount } : {}),
      audit: {
        ...(normalized ? { content: true } : {}),
        ...(files.length > 0 ? { attachmentsAdded: files.length } : {}),
        ...(removing.size > 0 ? { attachmentsRemoved: removing.size } : {}),
      },
    });
    const version = step.state.version;
    const stored = await findVersion(trx, itemId, version);
    if (!stored) throw new Error(`version ${version} of ${itemId} missing`);
    let content = contentOf(stored);
    if (normalized) {
      content = normalized.content;
      await updateVersion(trx, itemId, version, { ...versionColumns(content), updated_at: iso });
      await updateItem(trx, itemId, {
        title: content.title,
        category_code: content.categoryCode,
        formed_on: content.formedOn,
        ...clockColumns(content, revisedOnOf(step.events, step.state), null, calendar),
      });
    }
    for (const id of removing) await deleteAttachment(trx, itemId, version, id);
    const remaining = await findAttachments(trx, itemId, version);
    const last = remaining.reduce((max, a) => Math.max(max, Number(a.position)), 0);
    const attachmentIds = await addAttachments(trx, itemId, version, files, last, iso, scans);
    return { findings: await versionFindings(trx, itemId, version, content), attachmentIds };
  });
}
