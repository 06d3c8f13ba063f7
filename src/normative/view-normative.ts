// Reading the register: the back-office list and one document (for the agency's readers), the
// figures of a year, and the portal's public list.
import type { Kysely } from 'kysely';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import {
  type DocumentFilter,
  findAllYearCounts,
  findDocuments,
  findPublishedItemIds,
} from './normative.repository.ts';
import {
  isNormativeKind,
  isNormativeStatus,
  type StoredNormativeDocument,
  type YearCounts,
} from './normative.ts';
import { isReportYear, statusOn } from './normative-rules.ts';
import {
  documentOfRow,
  loadDocumentFor,
  NORMATIVE_READER_ROLES,
  requireAgencyRole,
} from './normative-shell.ts';
import { yearCountsOf } from './normative-table.ts';

export async function listDocuments(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  filter: DocumentFilter = {},
): Promise<StoredNormativeDocument[]> {
  await requireAgencyRole(ctx.db, actor, agencyId, NORMATIVE_READER_ROLES);
  const clean: DocumentFilter = {};
  if (isNormativeKind(filter.kind)) clean.kind = filter.kind;
  if (isNormativeStatus(filter.status)) clean.status = filter.status;
  if (isReportYear(filter.year)) clean.year = filter.year;
  return (await findDocuments(ctx.db, agencyId, clean)).map(documentOfRow);
}

export async function getDocument(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  documentId: string,
): Promise<StoredNormativeDocument> {
  return loadDocumentFor(ctx, actor, agencyId, documentId, NORMATIVE_READER_ROLES);
}

export async function getYearCounts(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  year: number,
): Promise<YearCounts | null> {
  await requireAgencyRole(ctx.db, actor, agencyId, NORMATIVE_READER_ROLES);
  return yearCountsOf(ctx.db, agencyId, year);
}

export async function listYearCounts(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<YearCounts[]> {
  await requireAgencyRole(ctx.db, actor, agencyId, NORMATIVE_READER_ROLES);
  return (await findAllYearCounts(ctx.db, agencyId)).map((row) => ({
    year: Number(row.year),
    licensing: Number(row.licensing),
    penalty: Number(row.penalty),
    enforcement: Number(row.enforcement),
    feesYuan: Number(row.fees_yuan),
  }));
}

export interface PublicNormativeDocument {
  id: string;
  kind: StoredNormativeDocument['kind'];
  title: string;
  documentNumber: string;
  issuedOn: string;
  effectiveOn: string;
  validUntil: string | null;
  /** 有效性 today. */
  state: ReturnType<typeof statusOn>;
  /** The date 废止, 失效 or 修改 took effect. */
  statusOn: string | null;
  /** The published item with the text, when there is one and it is public. */
  itemId: string | null;
}

/**
 * The portal's list: every document of the agency already issued, in force first (newest first),
 * then the ones no longer in force, marked. Items linked but not public are not linked.
 */
export async function listPublicDocuments(
  db: Kysely<DB>,
  agencyId: string,
  today: string,
): Promise<PublicNormativeDocument[]> {
  const docs = (await findDocuments(db, agencyId)).map(documentOfRow).filter((d) => d.issuedOn <= today);
  const published = await findPublishedItemIds(
    db,
    docs.flatMap((d) => (d.itemId ? [d.itemId] : [])),
  );
  const rank = (s: ReturnType<typeof statusOn>) =>
    s === 'valid' || s === 'amended' ? 0 : s === 'pending' ? 1 : 2;
  return docs
    .map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      documentNumber: d.documentNumber,
      issuedOn: d.issuedOn,
      effectiveOn: d.effectiveOn,
      validUntil: d.validUntil,
      state: statusOn(d, today),
      statusOn: d.statusOn,
      itemId: d.itemId && published.has(d.itemId) ? d.itemId : null,
    }))
    .sort((a, b) => rank(a.state) - rank(b.state));
}
