// What every use case on an item shares: finding it for an actor with the right roles, the agency's
// catalogue, recording a step through the pure workflow with the derived columns and the audit
// record in the caller's transaction, and storing attachments.
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type Actor,
  type AgencyKind,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
  type UseCaseContext,
} from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { WorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { databaseFileStore, type FileStore } from '../files/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { ATTACHMENT_TEXT_BUDGET_MS, readAttachmentText, textKindOf } from './attachment-text.ts';
import {
  type AttachmentInput,
  acceptAttachment,
  attachmentProblems,
  MAX_ATTACHMENTS,
} from './attachments.ts';
import { type CatalogueCategory, mergeCatalogue } from './catalogue.ts';
import {
  type AttachmentRow,
  findAttachments,
  findEvents,
  findFileContent,
  findItem,
  findItemForUpdate,
  findStoredCategories,
  type ItemRow,
  insertAttachment,
  insertEvent,
  setAttachmentFindings,
  storeFile,
  updateItem,
} from './disclosure.repository.ts';
import type { ItemContent, ItemEvent, ItemState } from './item.ts';
import { type ScannedAttachment, scanContent } from './item-rules.ts';
import {
  type AttachmentScanResult,
  type FieldFinding,
  type StoredFinding,
  scanAttachmentText,
} from './personal-data.ts';
import { publicationClock } from './timeliness.ts';
import { foldItemEvents } from './workflow.ts';

/** Who may read drafts and the back-office lists of an agency. */
export const ITEM_READER_ROLES: readonly Role[] = ['editor', 'reviewer', 'approver', 'supervisor'];

/** Runs in the caller's transaction when there is one (a scheduled job), else in a new one. */
export async function inTransaction<T>(db: Kysely<DB>, run: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** The context's file store: the database (bytes in disclosure_files.content) when none is set. */
export function fileStoreOf(ctx: Pick<UseCaseContext, 'db' | 'files'>): FileStore {
  return ctx.files ?? databaseFileStore(ctx.db);
}

export function notFoundItem(): DomainError {
  return new DomainError('access.not_found', '信息不存在或您无权访问');
}

export function userIdOf(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.user.id;
}

/** The item, if the actor holds one of `roles` on its agency; otherwise not found / forbidden. */
export async function loadItemFor(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  roles: readonly Role[],
): Promise<ItemRow> {
  const row = await findItem(ctx.db, itemId);
  if (!row) throw notFoundItem();
  requireRole(actor, roles, row.agency_id, await loadAgencyTree(ctx.db), '信息');
  return row;
}

export interface AgencyRecord {
  id: string;
  kind: AgencyKind;
  name: string;
  creditCode: string | null;
}

export async function findAgency(db: Kysely<DB>, agencyId: string): Promise<AgencyRecord | undefined> {
  const row = await db
    .selectFrom('agencies')
    .select(['id', 'kind', 'name', 'credit_code'])
    .where('id', '=', agencyId)
    .executeTakeFirst();
  return row
    ? { id: row.id, kind: row.kind as AgencyKind, name: row.name, creditCode: row.credit_code }
    : undefined;
}

export async function catalogueOf(db: Kysely<DB>, agency: AgencyRecord): Promise<CatalogueCategory[]> {
  return mergeCatalogue(agency.kind, await findStoredCategories(db, agency.id));
}

/** The category, which must be in the agency's catalogue and not hidden. */
export function requireCategory(catalogue: readonly CatalogueCategory[], code: string): CatalogueCategory {
  const category = catalogue.find((c) => c.code === code);
  if (!category || category.hidden) {
    const message = '所选栏目不在本机关的公开目录中';
    throw new DomainError('input.invalid', message, { userMessage: message });
  }
  return category;
}

/** The working version's 条例第二十六条 columns. */
export function clockColumns(
  content: ItemContent,
  revisedOn: string | null,
  publishedOn: string | null,
  calendar: WorkingDayCalendar,
) {
  const start = revisedOn !== null && revisedOn > content.formedOn ? revisedOn : content.formedOn;
  const clock = publicationClock(start, calendar);
  return {
    clock_start: clock.start,
    due_on: clock.dueOn,
    late_on: clock.lateOn,
    due_provisional: clock.provisional ? 1 : 0,
    working_published_on: publishedOn,
  };
}

/** The day the working version was made by a revision (null for the first version). */
export function revisedOnOf(events: readonly ItemEvent[], state: ItemState): string | null {
  if (state.version <= 1) return null;
  const revised = events.filter((e) => e.type === 'revised').at(-1);
  return revised ? shanghaiDate(new Date(revised.at)) : null;
}

export interface Step {
  actor: Actor;
  event: ItemEvent;
  now: Date;
  /** Refused with 409 when the item changed since the form was shown. */
  expectedEventCount?: number;
  audit?: Record<string, unknown>;
}

export interface StepResult {
  row: ItemRow;
  events: ItemEvent[];
  state: ItemState;
  seq: number;
}

/**
 * Locks the item, runs the event through the pure workflow (which refuses what the state does not
 * allow), appends it, rewrites the phase columns and appends the audit record. Content columns are
 * the caller's.
 */
export async function recordStep(trx: Kysely<DB>, itemId: string, step: Step): Promise<StepResult> {
  const row = await findItemForUpdate(trx, itemId);
  if (!row) throw notFoundItem();
  if (step.expectedEventCount !== undefined && step.expectedEventCount !== row.event_count) {
    const message = '该信息已被他人更新，请刷新页面后重新操作。';
    throw new DomainError('conflict.state', 'stale form', { userMessage: message });
  }
  const previous = await findEvents(trx, itemId);
  const events = [...previous, step.event];
  const state = foldItemEvents(events);
  const seq = row.event_count + 1;
  const userId = userIdOf(step.actor);
  await insertEvent(trx, {
    item_id: itemId,
    seq,
    type: step.event.type,
    at: step.event.at,
    data: JSON.stringify(step.event),
    recorded_by: userId,
  });
  const iso = step.now.toISOString();
  await updateItem(trx, itemId, {
    phase: state.phase === 'none' ? 'draft' : state.phase,
    version: state.version,
    published_version: state.publishedVersion,
    first_published_at: state.firstPublishAt,
    withdrawn_at: state.withdrawnAt,
    event_count: seq,
    updated_at: iso,
  });
  await appendAudit(
    trx,
    {
      userId,
      agencyId: row.agency_id,
      action: `disclosure.${step.event.type}`,
      objectType: 'disclosure_item',
      objectId: itemId,
      result: 'ok',
      details: {
        seq,
        version: state.version,
        ...(row.index_number ? { indexNumber: row.index_number } : {}),
        ...(step.audit ?? {}),
        ...(isSystemActor(step.actor) ? { system: step.actor.system } : {}),
      },
    },
    iso,
  );
  return { row, events, state, seq };
}

export function checkAttachments(files: readonly AttachmentInput[], existing: number): string[] {
  const problems = files.flatMap(attachmentProblems);
  if (existing + files.length > MAX_ATTACHMENTS) problems.push(`附件不能超过${MAX_ATTACHMENTS}个`);
  return problems;
}

/** Time for the scan of one upload's files, all together (attachment-text's budget, twice). */
export const ATTACHMENT_SCAN_BUDGET_MS = 2 * ATTACHMENT_TEXT_BUDGET_MS;

/**
 * The scan of one file's bytes. Out of time (the text may be cut short) it is `unchecked`, kept as
 * null so that the next scan (going to 保密审查) tries again.
 */
async function scanBytes(
  mediaType: string,
  content: Uint8Array,
  deadline: number,
): Promise<AttachmentScanResult> {
  if (textKindOf(mediaType) === null) return { status: 'no_text' };
  if (performance.now() > deadline) return { status: 'unchecked' };
  let text: string | null = null;
  try {
    text = await readAttachmentText({ mediaType, content }, { deadline });
  } catch {
    text = null;
  }
  if (performance.now() > deadline) return { status: 'unchecked' };
  return scanAttachmentText(text);
}

/**
 * The 保密审查 scan of each file's content, made before the transaction that stores them (the
 * text is read with attachment-text's limits). A kind without text (JPG, OFD, DOC…) or a file whose
 * text cannot be read (a scanned PDF, a broken file) is `no_text`: the checklist covers it.
 */
export async function scanAttachmentFiles(
  files: readonly AttachmentInput[],
): Promise<AttachmentScanResult[]> {
  const deadline = performance.now() + ATTACHMENT_SCAN_BUDGET_MS;
  const results: AttachmentScanResult[] = [];
  for (const file of files) {
    const accepted = acceptAttachment(file);
    results.push(await scanBytes(accepted.mediaType, accepted.content, deadline));
  }
  return results;
}

const FINDING_KINDS = new Set(['id_number', 'mobile', 'bank_card']);

/** The stored scan of an attachment; a file stored before the scan (null) whose kind has text is unchecked. */
export function attachmentScanOf(
  row: Pick<AttachmentRow, 'content_findings' | 'media_type'>,
): AttachmentScanResult {
  const fallback: AttachmentScanResult =
    textKindOf(row.media_type) === null ? { status: 'no_text' } : { status: 'unchecked' };
  if (row.content_findings === null) return fallback;
  try {
    const parsed = JSON.parse(row.content_findings) as { status?: unknown; findings?: unknown };
    if (parsed.status === 'no_text') return { status: 'no_text' };
    if (parsed.status === 'scanned' && Array.isArray(parsed.findings)) {
      const findings = (parsed.findings as StoredFinding[]).filter(
        (f) => FINDING_KINDS.has(f?.kind) && typeof f.preview === 'string',
      );
      return { status: 'scanned', findings };
    }
  } catch {
    // unreadable: as if never scanned
  }
  return { status: 'unchecked' };
}

/**
 * Files of the version stored before the scan existed (no scan kept) are scanned now, outside any
 * transaction: done when the draft goes to 保密审查, so the reviewer sees their findings rather
 * than 附件内容未能检查. A file whose bytes cannot be read stays unchecked.
 */
export async function scanStoredAttachments(
  ctx: Pick<UseCaseContext, 'db' | 'files'>,
  itemId: string,
  version: number,
): Promise<void> {
  const deadline = performance.now() + ATTACHMENT_SCAN_BUDGET_MS;
  for (const row of await findAttachments(ctx.db, itemId, version)) {
    if (row.content_findings !== null) continue;
    const content =
      textKindOf(row.media_type) === null
        ? new Uint8Array()
        : await findFileContent(ctx.db, fileStoreOf(ctx), row.file_sha256);
    if (!content) continue;
    const scan = await scanBytes(row.media_type, content, deadline);
    if (scan.status !== 'unchecked') await setAttachmentFindings(ctx.db, row.id, JSON.stringify(scan));
  }
}

/** The attachments of a version as the scan sees them. */
export async function scannedAttachments(
  db: Kysely<DB>,
  itemId: string,
  version: number,
): Promise<ScannedAttachment[]> {
  return (await findAttachments(db, itemId, version)).map((a) => ({
    id: a.id,
    filename: a.filename,
    scan: attachmentScanOf(a),
  }));
}

/** Every finding of a version: its text, its links, its attachments' names and contents. */
export async function versionFindings(
  db: Kysely<DB>,
  itemId: string,
  version: number,
  content: ItemContent,
): Promise<FieldFinding[]> {
  return scanContent(content, await scannedAttachments(db, itemId, version));
}

/**
 * An upload's bytes, each file once, in the order of their hashes (in `store`: with a files
 * directory they are written before the transaction commits the rows). Every transaction that
 * stores files so locks their rows in the same order. Call it before the item's audit record
 * (recordStep): the audit log's lock is taken last everywhere, so a draft saved with a file and a
 * new item with the same file cannot wait for each other.
 */
export async function storeAttachmentFiles(
  trx: Kysely<DB>,
  files: readonly AttachmentInput[],
  store: FileStore,
  now: string,
): Promise<void> {
  const byHash = new Map<string, Uint8Array>();
  for (const file of files) {
    const accepted = acceptAttachment(file);
    byHash.set(createHash('sha256').update(accepted.content).digest('hex'), accepted.content);
  }
  for (const sha256 of [...byHash.keys()].sort())
    await storeFile(trx, store, sha256, byHash.get(sha256)!, now);
}

/** The files stored before by storeAttachmentFiles as attachments of the version, after `startPosition`, in upload order. */
export async function addAttachments(
  trx: Kysely<DB>,
  itemId: string,
  version: number,
  files: readonly AttachmentInput[],
  startPosition: number,
  now: string,
  /** scanAttachmentFiles(files), made before the transaction; a file without one (or unchecked) keeps null. */
  scans: readonly AttachmentScanResult[] = [],
): Promise<string[]> {
  const ids: string[] = [];
  let position = startPosition;
  for (const [i, file] of files.entries()) {
    const accepted = acceptAttachment(file);
    const sha256 = createHash('sha256').update(accepted.content).digest('hex');
    const id = randomUUID();
    position += 1;
    await insertAttachment(trx, {
      id,
      item_id: itemId,
      version,
      position,
      file_sha256: sha256,
      filename: accepted.filename,
      media_type: accepted.mediaType,
      size: accepted.content.byteLength,
      created_at: now,
      content_findings: scans[i] && scans[i].status !== 'unchecked' ? JSON.stringify(scans[i]) : null,
    });
    ids.push(id);
  }
  return ids;
}
