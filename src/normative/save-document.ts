// The clerk adds a document to the register, corrects it, or records its 废止, 失效 or 修改
// (or that it is 有效 again). Each write is checked by the pure rules, refused on a stale revision,
// and audited in the same transaction.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import {
  findDocument,
  findDocumentNumbers,
  findLinkableItem,
  insertDocument,
  updateDocumentAt,
} from './normative.repository.ts';
import type { NormativeDocument, NormativeStatus, StoredNormativeDocument } from './normative.ts';
import { documentProblems, normalizeDocument } from './normative-rules.ts';
import {
  documentOfRow,
  invalid,
  loadDocumentFor,
  NORMATIVE_EDITOR_ROLES,
  refusingDuplicates,
  requireAgencyRole,
  staleDocument,
  userIdOf,
} from './normative-shell.ts';

export interface CreateDocumentInput {
  agencyId: string;
  document: NormativeDocument;
}

/** The document checked against the rules, the agency's other 文号 and its items; or refused. */
export async function checkedDocument(
  db: Kysely<DB>,
  agencyId: string,
  document: NormativeDocument,
  today: string,
  selfId: string | null,
): Promise<NormativeDocument> {
  const problems = documentProblems(document, today);
  if (problems.length > 0) throw invalid(problems, '文件未保存：');
  const doc = normalizeDocument(document);
  const numbers = await findDocumentNumbers(db, agencyId);
  const owner = numbers.get(doc.documentNumber);
  if (owner !== undefined && owner !== selfId) throw invalid([`文号“${doc.documentNumber}”已在登记簿中`]);
  if (doc.itemId !== null && !(await findLinkableItem(db, agencyId, doc.itemId)))
    throw invalid(['关联的公开信息不存在，或不是本机构的信息']);
  return doc;
}

export async function createDocument(
  ctx: UseCaseContext,
  actor: Actor,
  input: CreateDocumentInput,
): Promise<StoredNormativeDocument> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, NORMATIVE_EDITOR_ROLES);
  const now = ctx.now().toISOString();
  const id = randomUUID();
  await refusingDuplicates(() =>
    ctx.db.transaction().execute(async (trx) => {
      const doc = await checkedDocument(trx, input.agencyId, input.document, shanghaiDate(ctx.now()), null);
      await insertDocument(trx, {
        id,
        agency_id: input.agencyId,
        kind: doc.kind,
        title: doc.title,
        document_number: doc.documentNumber,
        issued_on: doc.issuedOn,
        effective_on: doc.effectiveOn,
        valid_until: doc.validUntil,
        status: doc.status,
        status_on: doc.statusOn,
        item_id: doc.itemId,
        revision: 1,
        created_by: userIdOf(actor),
        created_at: now,
        updated_by: userIdOf(actor),
        updated_at: now,
      });
      await appendAudit(
        trx,
        {
          userId: userIdOf(actor),
          agencyId: input.agencyId,
          action: 'normative.create',
          objectType: 'normative_document',
          objectId: id,
          result: 'ok',
          details: { kind: doc.kind, documentNumber: doc.documentNumber, status: doc.status },
        },
        now,
      );
    }),
  );
  return documentOfRow((await findDocument(ctx.db, id))!);
}

export interface UpdateDocumentInput {
  agencyId: string;
  documentId: string;
  /** The revision the form was filled in on. */
  revision: number;
  document: NormativeDocument;
}

async function writeDocument(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  current: StoredNormativeDocument,
  revision: number,
  document: NormativeDocument,
  action: string,
): Promise<StoredNormativeDocument> {
  if (revision !== current.revision) throw staleDocument();
  const now = ctx.now().toISOString();
  await refusingDuplicates(() =>
    ctx.db.transaction().execute(async (trx) => {
      const doc = await checkedDocument(trx, agencyId, document, shanghaiDate(ctx.now()), current.id);
      const changed = await updateDocumentAt(trx, current.id, revision, {
        kind: doc.kind,
        title: doc.title,
        document_number: doc.documentNumber,
        issued_on: doc.issuedOn,
        effective_on: doc.effectiveOn,
        valid_until: doc.validUntil,
        status: doc.status,
        status_on: doc.statusOn,
        item_id: doc.itemId,
        revision: revision + 1,
        updated_by: userIdOf(actor),
        updated_at: now,
      });
      if (changed !== 1) throw staleDocument();
      const fields = (Object.keys(doc) as (keyof NormativeDocument)[]).filter((k) => doc[k] !== current[k]);
      await appendAudit(
        trx,
        {
          userId: userIdOf(actor),
          agencyId,
          action,
          objectType: 'normative_document',
          objectId: current.id,
          result: 'ok',
          details: { changed: fields, status: doc.status, statusOn: doc.statusOn },
        },
        now,
      );
    }),
  );
  return documentOfRow((await findDocument(ctx.db, current.id))!);
}

export async function updateDocument(
  ctx: UseCaseContext,
  actor: Actor,
  input: UpdateDocumentInput,
): Promise<StoredNormativeDocument> {
  const current = await loadDocumentFor(ctx, actor, input.agencyId, input.documentId, NORMATIVE_EDITOR_ROLES);
  return writeDocument(
    ctx,
    actor,
    input.agencyId,
    current,
    input.revision,
    input.document,
    'normative.update',
  );
}

export interface ChangeStatusInput {
  agencyId: string;
  documentId: string;
  revision: number;
  status: NormativeStatus;
  /** The date 废止, 失效 or 修改 takes effect; null for 有效. */
  statusOn: string | null;
}

/** 废止, 失效, 修改 on a date, or back to 有效 (a mistaken entry corrected). */
export async function changeDocumentStatus(
  ctx: UseCaseContext,
  actor: Actor,
  input: ChangeStatusInput,
): Promise<StoredNormativeDocument> {
  const current = await loadDocumentFor(ctx, actor, input.agencyId, input.documentId, NORMATIVE_EDITOR_ROLES);
  const { id: _, agencyId: __, revision: ___, createdAt: ____, updatedAt: _____, ...document } = current;
  return writeDocument(
    ctx,
    actor,
    input.agencyId,
    current,
    input.revision,
    { ...document, status: input.status, statusOn: input.statusOn },
    'normative.status',
  );
}
