// What the use cases of the register share: who may read and write it, rows as documents, the
// document of an agency for an actor, and input refusals in Chinese.
import type { Kysely } from 'kysely';
import {
  type Actor,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
  type UseCaseContext,
} from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import { type DocumentRow, findDocument } from './normative.repository.ts';
import type { NormativeKind, NormativeStatus, StoredNormativeDocument } from './normative.ts';

/** Who keeps the register and types in the yearly figures: the 撰稿 clerk of the agency. */
export const NORMATIVE_EDITOR_ROLES: readonly Role[] = ['editor'];
/** Who reads the register and the preview of table 二 in the back office. */
export const NORMATIVE_READER_ROLES: readonly Role[] = ['editor', 'reviewer', 'approver', 'supervisor'];

export function userIdOf(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.user.id;
}

export function invalid(problems: readonly string[], lead = '提交的内容有误：'): DomainError {
  const message = problems.length === 1 ? problems[0]! : `${lead}${problems.join('；')}`;
  return new DomainError('input.invalid', message, { problems: [...problems], userMessage: message });
}

export function notFoundDocument(): DomainError {
  return new DomainError('access.not_found', '文件不存在或您无权访问');
}

export async function requireAgencyRole(
  db: Kysely<DB>,
  actor: Actor,
  agencyId: string,
  roles: readonly Role[],
): Promise<void> {
  requireRole(actor, roles, agencyId, await loadAgencyTree(db), '机构');
}

export function documentOfRow(row: DocumentRow): StoredNormativeDocument {
  return {
    id: row.id,
    agencyId: row.agency_id,
    kind: row.kind as NormativeKind,
    title: row.title,
    documentNumber: row.document_number,
    issuedOn: row.issued_on,
    effectiveOn: row.effective_on,
    validUntil: row.valid_until,
    status: row.status as NormativeStatus,
    statusOn: row.status_on,
    itemId: row.item_id,
    revision: Number(row.revision),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The document, when it is of the agency and the actor holds one of the roles there; else 404/403. */
export async function loadDocumentFor(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  documentId: string,
  roles: readonly Role[],
): Promise<StoredNormativeDocument> {
  await requireAgencyRole(ctx.db, actor, agencyId, roles);
  const row = await findDocument(ctx.db, documentId);
  if (!row || row.agency_id !== agencyId) throw notFoundDocument();
  return documentOfRow(row);
}

/** Stale form: the document changed since the form was shown. */
export function staleDocument(): DomainError {
  const message = '该文件已被修改（可能是他人同时在编辑），请刷新页面后重新填写。';
  return new DomainError('input.invalid', message, { userMessage: message });
}

/** A unique index refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs the write; a 文号 registered at the same moment by another request is refused like any other. */
export async function refusingDuplicates<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid(['该文号已在登记簿中（可能是他人刚刚登记），请刷新后核对']);
    throw error;
  }
}
