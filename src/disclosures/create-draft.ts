// An editor drafts an item: content checked and normalised (the body sanitized), the category
// taken from the agency's catalogue, attachments checked by their bytes; the item, its first
// version, its attachments, the `created` event and the audit record in one transaction.
import { randomUUID } from 'node:crypto';
import { type Actor, loadAgencyTree, requireRole, type UseCaseContext } from '../agencies/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import type { AttachmentInput } from './attachments.ts';
import { insertItem, insertVersion, versionColumns } from './disclosure.repository.ts';
import type { ItemEvent } from './item.ts';
import { type ContentInput, invalidContent, normalizeContent } from './item-rules.ts';
import {
  addAttachments,
  catalogueOf,
  checkAttachments,
  clockColumns,
  fileStoreOf,
  findAgency,
  recordStep,
  requireCategory,
  scanAttachmentFiles,
  storeAttachmentFiles,
  userIdOf,
  versionFindings,
} from './item-shell.ts';
import type { FieldFinding } from './personal-data.ts';

export const EDITOR_ROLES = ['editor'] as const;

export interface CreateDraftInput {
  agencyId: string;
  content: ContentInput;
  attachments?: readonly AttachmentInput[];
}

export interface DraftResult {
  itemId: string;
  version: number;
  /** Personal numbers found: they will block the review until redacted or justified. */
  findings: FieldFinding[];
  attachmentIds: string[];
}

export async function createDraft(
  ctx: UseCaseContext,
  actor: Actor,
  input: CreateDraftInput,
): Promise<DraftResult> {
  const agency = await findAgency(ctx.db, input.agencyId);
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, EDITOR_ROLES, input.agencyId, tree, '机构');
  if (!agency) throw new Error('agency in the tree but not in the table');
  const now = ctx.now();
  const today = shanghaiDate(now);
  const { content, problems } = normalizeContent(input.content, today);
  const files = input.attachments ?? [];
  problems.push(...checkAttachments(files, 0));
  if (problems.length > 0) throw invalidContent(problems);
  requireCategory(await catalogueOf(ctx.db, agency), content.categoryCode);
  const scans = await scanAttachmentFiles(files);
  const calendar = await currentWorkingDayCalendar(ctx.db);
  const itemId = randomUUID();
  const iso = now.toISOString();
  const event: ItemEvent = { type: 'created', at: iso, by: userIdOf(actor) };
  const attachmentIds = await ctx.db.transaction().execute(async (trx) => {
    await insertItem(trx, {
      id: itemId,
      agency_id: agency.id,
      index_number: null,
      index_year: null,
      index_serial: null,
      phase: 'draft',
      version: 1,
      published_version: null,
      first_published_at: null,
      withdrawn_at: null,
      title: content.title,
      category_code: content.categoryCode,
      formed_on: content.formedOn,
      ...clockColumns(content, null, null, calendar),
      event_count: 0,
      created_by: userIdOf(actor),
      created_at: iso,
      updated_at: iso,
    });
    await insertVersion(trx, {
      item_id: itemId,
      version: 1,
      agency_id: agency.id,
      ...versionColumns(content),
      published_at: null,
      published_on: null,
      indexed_at: null,
      created_by: userIdOf(actor),
      created_at: iso,
      updated_at: iso,
    });
    await storeAttachmentFiles(trx, files, fileStoreOf(ctx), iso);
    const ids = await addAttachments(trx, itemId, 1, files, 0, iso, scans);
    await recordStep(trx, itemId, {
      actor,
      event,
      now,
      audit: { category: content.categoryCode, attachments: ids.length },
    });
    return ids;
  });
  return { itemId, version: 1, findings: await versionFindings(ctx.db, itemId, 1, content), attachmentIds };
}
