// The back office's reads: one item with everything the staff forms need (the working version,
// its findings, the checklist, versions, the timeline, the 条例第二十六条 clock), and the list of an
// agency's items with filters and the lateness flag. Drafts are read by the agency's editors,
// reviewers and approvers, and by supervisors above it.
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { type Actor, loadAgencyTree, requireRole, type UseCaseContext } from '../agencies/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { type CatalogueCategory, VALIDITIES } from './catalogue.ts';
import {
  contentOf,
  findAttachment,
  findAttachments,
  findEvents,
  findFileContent,
  findVersions,
} from './disclosure.repository.ts';
import { EVENT_LABELS, type ItemContent, type ItemEvent, type ItemPhase, REVIEW_CHECKLIST } from './item.ts';
import {
  catalogueOf,
  fileStoreOf,
  findAgency,
  ITEM_READER_ROLES,
  loadItemFor,
  notFoundItem,
  versionFindings,
} from './item-shell.ts';
import type { FieldFinding } from './personal-data.ts';
import { type Timeliness, timeliness } from './timeliness.ts';
import { foldItemEvents, type PublicationStatus, publicationStatus, STATUS_LABELS } from './workflow.ts';

export interface AttachmentView {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
}

export interface VersionSummary {
  version: number;
  title: string;
  publishedAt: string | null;
  createdAt: string;
}

export interface TimelineEntry {
  seq: number;
  type: ItemEvent['type'];
  label: string;
  at: string;
  by: string | null;
  /** The user's display name, when known. */
  byName: string | null;
  reason?: string;
  publishAt?: string;
}

export interface StaffItemView {
  id: string;
  agencyId: string;
  agencyName: string;
  indexNumber: string | null;
  status: PublicationStatus;
  statusLabel: string;
  version: number;
  publishedVersion: number | null;
  /** The version the portal shows now, or null. */
  publicVersion: number | null;
  eventCount: number;
  content: ItemContent;
  category: CatalogueCategory | null;
  validityLabel: string;
  attachments: AttachmentView[];
  findings: FieldFinding[];
  checklist: typeof REVIEW_CHECKLIST;
  versions: VersionSummary[];
  timeline: TimelineEntry[];
  /** The last review's reasons for findings left in the text. */
  justifications: { key: string; preview: string; reason: string }[];
  timeliness: Timeliness | null;
  withdrawReason: string | null;
  publishAt: string | null;
}

async function userNames(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

function timelineEntry(event: ItemEvent, seq: number, names: Map<string, string>): TimelineEntry {
  return {
    seq,
    type: event.type,
    label: EVENT_LABELS[event.type],
    at: event.at,
    by: event.by,
    byName: event.by ? (names.get(event.by) ?? null) : null,
    ...(event.type === 'returned' || event.type === 'withdrawn' ? { reason: event.reason } : {}),
    ...(event.type === 'published' ? { publishAt: event.publishAt } : {}),
  };
}

export async function getItem(ctx: UseCaseContext, actor: Actor, itemId: string): Promise<StaffItemView> {
  const row = await loadItemFor(ctx, actor, itemId, ITEM_READER_ROLES);
  const agency = (await findAgency(ctx.db, row.agency_id))!;
  const now = ctx.now();
  const iso = now.toISOString();
  const events = await findEvents(ctx.db, itemId);
  const state = foldItemEvents(events);
  const versions = await findVersions(ctx.db, itemId);
  const working = versions.find((v) => v.version === state.version)!;
  const content = contentOf(working);
  const catalogue = await catalogueOf(ctx.db, agency);
  const names = await userNames(ctx.db, [
    ...new Set(events.map((e) => e.by).filter((b): b is string => !!b)),
  ]);
  const status = publicationStatus(state, iso);
  const lastReview = events.filter((e) => e.type === 'review_signed').at(-1);
  const publicVersion =
    state.withdrawnAt === null
      ? (versions.filter((v) => v.published_at !== null && v.published_at <= iso).at(-1)?.version ?? null)
      : null;
  const calendar = await currentWorkingDayCalendar(ctx.db);
  return {
    id: row.id,
    agencyId: row.agency_id,
    agencyName: agency.name,
    indexNumber: row.index_number,
    status: status === 'none' ? 'draft' : status,
    statusLabel: STATUS_LABELS[status === 'none' ? 'draft' : status],
    version: state.version,
    publishedVersion: state.publishedVersion,
    publicVersion,
    eventCount: Number(row.event_count),
    content,
    category: catalogue.find((c) => c.code === content.categoryCode) ?? null,
    validityLabel: VALIDITIES[content.validity],
    attachments: (await findAttachments(ctx.db, itemId, state.version)).map((a) => ({
      id: a.id,
      filename: a.filename,
      mediaType: a.media_type,
      size: Number(a.size),
    })),
    findings: await versionFindings(ctx.db, itemId, state.version, content),
    checklist: REVIEW_CHECKLIST,
    versions: versions.map((v) => ({
      version: v.version,
      title: v.title,
      publishedAt: v.published_at,
      createdAt: v.created_at,
    })),
    timeline: events.map((e, i) => timelineEntry(e, i + 1, names)),
    justifications:
      lastReview?.type === 'review_signed'
        ? lastReview.justifications.map((j) => ({
            key: j.key,
            reason: j.reason,
            preview: lastReview.findings.find((f) => f.key === j.key)?.preview ?? '',
          }))
        : [],
    timeliness:
      state.phase === 'withdrawn'
        ? null
        : timeliness(row.clock_start, row.working_published_on, shanghaiDate(now), calendar),
    withdrawReason: state.withdrawReason,
    publishAt: state.publishAt,
  };
}

export interface ItemListQuery {
  agencyId: string;
  /** A phase, or `scheduled` (published, time ahead), or `public` (published and its time come). */
  status?: ItemPhase | 'scheduled' | 'public';
  categoryCode?: string;
  /** Only items late under 条例第二十六条 (withdrawn ones never are). */
  late?: boolean;
  /** Words of the title. */
  q?: string;
  /** Year of the 成文日期 of the working version. */
  year?: number;
  limit?: number;
  offset?: number;
}

export interface ItemListEntry {
  id: string;
  indexNumber: string | null;
  title: string;
  categoryCode: string;
  status: PublicationStatus;
  statusLabel: string;
  version: number;
  formedOn: string;
  dueOn: string;
  publishedOn: string | null;
  late: boolean;
  dueProvisional: boolean;
  updatedAt: string;
}

export const MAX_LIST = 200;

export async function listItems(
  ctx: UseCaseContext,
  actor: Actor,
  query: ItemListQuery,
): Promise<{ total: number; items: ItemListEntry[] }> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, ITEM_READER_ROLES, query.agencyId, tree, '机构');
  const now = ctx.now();
  const iso = now.toISOString();
  const today = shanghaiDate(now);
  const limit = Math.max(1, Math.min(query.limit ?? 50, MAX_LIST));
  const offset = Math.max(0, Math.min(query.offset ?? 0, 1_000_000));
  let q = ctx.db.selectFrom('disclosure_items').where('agency_id', '=', query.agencyId);
  const workingPublished = (op: '<=' | '>') =>
    q
      .where('phase', '=', 'published')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('disclosure_versions as v')
            .select('v.version')
            .whereRef('v.item_id', '=', 'disclosure_items.id')
            .whereRef('v.version', '=', 'disclosure_items.version')
            .where('v.published_at', op, iso),
        ),
      );
  if (query.status === 'scheduled') q = workingPublished('>');
  else if (query.status === 'published') q = workingPublished('<=');
  else if (query.status === 'public')
    q = q.where('withdrawn_at', 'is', null).where('first_published_at', '<=', iso);
  else if (query.status) q = q.where('phase', '=', query.status);
  if (query.categoryCode) q = q.where('category_code', '=', query.categoryCode);
  if (query.year !== undefined && Number.isInteger(query.year))
    q = q.where('formed_on', '>=', `${query.year}-01-01`).where('formed_on', '<=', `${query.year}-12-31`);
  if (query.q && query.q.trim() !== '') {
    for (const word of query.q.trim().split(/\s+/).slice(0, 5)) {
      const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<boolean>`title like ${pattern} escape '\\'`);
    }
  }
  if (query.late !== undefined) {
    // Late: measured to the publication, or today while unpublished (never NULL: a NOT stays exact).
    const lateCondition = (eb: ExpressionBuilder<DB, 'disclosure_items'>) =>
      eb.and([
        eb('phase', '!=', 'withdrawn'),
        eb(eb.fn.coalesce('working_published_on', eb.val(today)), '>=', eb.ref('late_on')),
      ]);
    q = query.late ? q.where(lateCondition) : q.where((eb) => eb.not(lateCondition(eb)));
  }
  const totalRow = await q
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const publishAts = new Map<string, string | null>();
  if (rows.length > 0) {
    const versions = await ctx.db
      .selectFrom('disclosure_versions')
      .select(['item_id', 'version', 'published_at'])
      .where(
        'item_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    for (const v of versions) {
      const row = rows.find((r) => r.id === v.item_id);
      if (row && Number(row.version) === Number(v.version)) publishAts.set(v.item_id, v.published_at);
    }
  }
  return {
    total: Number(totalRow.n),
    items: rows.map((r) => {
      const publishAt = publishAts.get(r.id) ?? null;
      const status: PublicationStatus =
        r.phase === 'published' && publishAt !== null && publishAt > iso
          ? 'scheduled'
          : (r.phase as ItemPhase);
      const measured = r.working_published_on ?? today;
      return {
        id: r.id,
        indexNumber: r.index_number,
        title: r.title,
        categoryCode: r.category_code,
        status,
        statusLabel: STATUS_LABELS[status],
        version: Number(r.version),
        formedOn: r.formed_on,
        dueOn: r.due_on,
        publishedOn: r.working_published_on,
        late: r.phase !== 'withdrawn' && measured >= r.late_on,
        dueProvisional: Number(r.due_provisional) === 1,
        updatedAt: r.updated_at,
      };
    }),
  };
}

/** An attachment of any version, for the staff who may read the item. */
export async function getItemAttachment(
  ctx: UseCaseContext,
  actor: Actor,
  input: { itemId: string; attachmentId: string },
): Promise<{ filename: string; mediaType: string; content: Uint8Array }> {
  await loadItemFor(ctx, actor, input.itemId, ITEM_READER_ROLES);
  const attachment = await findAttachment(ctx.db, input.attachmentId);
  if (!attachment || attachment.item_id !== input.itemId) throw notFoundItem();
  const content = await findFileContent(ctx.db, fileStoreOf(ctx), attachment.file_sha256);
  if (!content) throw notFoundItem();
  return { filename: attachment.filename, mediaType: attachment.media_type, content };
}
