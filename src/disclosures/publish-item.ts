// The approver publishes an approved version, now or at a set time. The first publication gives
// the item its 索引号 (the agency-year sequence, locked row, inside the transaction). A version
// published now is indexed for search in the same transaction; a scheduled one becomes public by
// itself when its time comes (public reads compare published_at with the clock) and is indexed by
// the release job (releaseScheduledItems, every 5 seconds) a few seconds after its time.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { pretokenize } from '../search/index.ts';
import { agencyIndexCode, indexNumber } from './catalogue.ts';
import {
  contentOf,
  findItemForUpdate,
  findVersion,
  nextIndexSerial,
  updateItem,
  updateVersion,
} from './disclosure.repository.ts';
import { publicationDateProblem } from './item-rules.ts';
import {
  clockColumns,
  fileStoreOf,
  findAgency,
  loadItemFor,
  notFoundItem,
  recordStep,
  revisedOnOf,
  userIdOf,
} from './item-shell.ts';
import { APPROVER_ROLES } from './review-steps.ts';
import { indexVersion, searchBody, versionAttachmentsText } from './search-entry.ts';

export interface PublishInput {
  /** ISO instant; absent or not after now: published now. */
  publishAt?: string | null;
  expectedEventCount?: number;
}

export interface PublishResult {
  indexNumber: string;
  version: number;
  publishAt: string;
  scheduled: boolean;
}

/** Seconds are enough: a time typed in a form (2026-03-05T09:00) is read as Beijing time. */
export function parsePublishAt(value: string): Date | null {
  const text = value.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const date = local
    ? new Date(`${local[1]}T${local[2]}:${local[3]}:${local[4] ?? '00'}+08:00`)
    : new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

export async function publish(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  input: PublishInput = {},
): Promise<PublishResult> {
  const row = await loadItemFor(ctx, actor, itemId, APPROVER_ROLES);
  const agency = (await findAgency(ctx.db, row.agency_id))!;
  const now = ctx.now();
  let at = now;
  if (input.publishAt) {
    const parsed = parsePublishAt(input.publishAt);
    if (!parsed) {
      const message = '定时发布的时间无效';
      throw new DomainError('input.invalid', message, { userMessage: message });
    }
    if (parsed.getTime() > now.getTime()) at = parsed;
  }
  const publishAt = at.toISOString();
  const scheduled = at.getTime() > now.getTime();
  const publishedOn = shanghaiDate(at);
  const calendar = await currentWorkingDayCalendar(ctx.db);
  // The attachments' text for search, read before the transaction (it takes time); used only if
  // the version published is still the one read here.
  const attachmentText = scheduled
    ? null
    : await versionAttachmentsText(ctx.db, fileStoreOf(ctx), itemId, Number(row.version));
  if (attachmentText) {
    // Tokenizing a long text takes a while (jieba): done here, not under the write lock.
    const current = await findVersion(ctx.db, itemId, Number(row.version));
    if (current) pretokenize(searchBody(contentOf(current), attachmentText));
  }
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await findItemForUpdate(trx, itemId);
    if (!locked) throw notFoundItem();
    const version = await findVersion(trx, itemId, locked.version);
    if (!version) throw new Error(`version ${locked.version} of ${itemId} missing`);
    const content = contentOf(version);
    const problem = publicationDateProblem(content.formedOn, publishedOn);
    if (problem) throw new DomainError('input.invalid', problem, { userMessage: problem });
    let number = locked.index_number;
    const numbering: { index_number?: string; index_year?: number; index_serial?: number } = {};
    if (!number) {
      const year = Number(publishedOn.slice(0, 4));
      const serial = await nextIndexSerial(trx, agency.id, year);
      number = indexNumber(agencyIndexCode(agency), content.categoryCode, year, serial);
      Object.assign(numbering, { index_number: number, index_year: year, index_serial: serial });
    }
    const step = await recordStep(trx, itemId, {
      actor,
      event: { type: 'published', at: now.toISOString(), by: userIdOf(actor), publishAt },
      now,
      ...(input.expectedEventCount !== undefined ? { expectedEventCount: input.expectedEventCount } : {}),
      audit: { indexNumber: number, publishAt, scheduled },
    });
    await updateVersion(trx, itemId, step.state.version, {
      published_at: publishAt,
      published_on: publishedOn,
    });
    await updateItem(trx, itemId, {
      ...numbering,
      ...clockColumns(content, revisedOnOf(step.events, step.state), publishedOn, calendar),
    });
    if (!scheduled) {
      const published = await findVersion(trx, itemId, step.state.version);
      const text = Number(row.version) === step.state.version ? attachmentText : null;
      await indexVersion(
        trx,
        fileStoreOf(ctx),
        published!,
        step.state.firstPublishAt,
        now.toISOString(),
        text ?? undefined,
      );
    }
    return { indexNumber: number, version: step.state.version, publishAt, scheduled };
  });
}
