// Import of the register and the yearly figures from the XLSX template. checkImport adds to what
// the reader found the problems only the database knows (a 文号 already registered or repeated in
// the file, a year given twice); importNormative writes documents and figures all or nothing, in
// one transaction with one audit record, after checking every row again.
import { randomUUID } from 'node:crypto';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { lockUntilCommit } from '../db/advisory-lock.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { findDocumentNumbers, insertDocument, upsertYearCounts } from './normative.repository.ts';
import type { NormativeDocument, YearCounts } from './normative.ts';
import { documentProblems, normalizeDocument, yearCountsProblems } from './normative-rules.ts';
import {
  NORMATIVE_EDITOR_ROLES,
  refusingDuplicates,
  requireAgencyRole,
  userIdOf,
} from './normative-shell.ts';
import {
  COUNT_COLUMNS,
  COUNTS_SHEET,
  type ParsedImport,
  REGISTER_COLUMNS,
  REGISTER_SHEET,
} from './normative-xlsx.ts';

const NUMBER_COLUMN = REGISTER_COLUMNS.find((c) => c.field === 'documentNumber')!.header;
const YEAR_COLUMN = COUNT_COLUMNS[0]!.header;

/** The parsed file with the database's problems added; rows with any problem lose their value. */
export async function checkImport(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  parsed: ParsedImport,
): Promise<ParsedImport> {
  await requireAgencyRole(ctx.db, actor, agencyId, NORMATIVE_EDITOR_ROLES);
  const registered = await findDocumentNumbers(ctx.db, agencyId);
  const seen = new Map<string, number>();
  const documents = parsed.documents.map((r) => {
    const number = r.value?.documentNumber;
    if (number === undefined) return r;
    const problems = [...r.problems];
    if (registered.has(number))
      problems.push({
        sheet: REGISTER_SHEET,
        row: r.row,
        column: NUMBER_COLUMN,
        reason: `文号“${number}”已在登记簿中`,
      });
    const first = seen.get(number);
    if (first !== undefined)
      problems.push({
        sheet: REGISTER_SHEET,
        row: r.row,
        column: NUMBER_COLUMN,
        reason: `文号“${number}”与第 ${first} 行重复`,
      });
    else seen.set(number, r.row);
    return problems.length === r.problems.length ? r : { row: r.row, value: null, problems };
  });
  const years = new Map<number, number>();
  const counts = parsed.counts.map((r) => {
    if (!r.value) return r;
    const first = years.get(r.value.year);
    if (first === undefined) {
      years.set(r.value.year, r.row);
      return r;
    }
    return {
      row: r.row,
      value: null,
      problems: [
        {
          sheet: COUNTS_SHEET,
          row: r.row,
          column: YEAR_COLUMN,
          reason: `${r.value.year} 年与第 ${first} 行重复`,
        },
      ],
    };
  });
  return { documents, counts };
}

export interface ImportInput {
  agencyId: string;
  documents: readonly NormativeDocument[];
  counts: readonly YearCounts[];
}

export interface ImportResult {
  documents: number;
  counts: number;
}

export async function importNormative(
  ctx: UseCaseContext,
  actor: Actor,
  input: ImportInput,
): Promise<ImportResult> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, NORMATIVE_EDITOR_ROLES);
  const today = shanghaiDate(ctx.now());
  const thisYear = Number(today.slice(0, 4));
  const problems: string[] = [];
  input.documents.forEach((doc, i) => {
    for (const p of documentProblems({ ...doc, itemId: null }, today))
      problems.push(`第 ${i + 1} 件文件：${p}`);
  });
  input.counts.forEach((c, i) => {
    for (const p of yearCountsProblems(c, thisYear)) problems.push(`第 ${i + 1} 个年度：${p}`);
  });
  const years = input.counts.map((c) => c.year);
  if (new Set(years).size !== years.length) problems.push('同一年度的数量出现了多次');
  if (input.documents.length === 0 && input.counts.length === 0) problems.push('没有可以导入的内容');
  const now = ctx.now().toISOString();
  const user = userIdOf(actor);
  const fail = (lines: string[]) =>
    new DomainError('input.invalid', '导入的内容有误', {
      userMessage: '导入的内容有误，未导入任何内容：',
      problems: lines,
    });
  if (problems.length > 0) throw fail(problems);
  await refusingDuplicates(() =>
    ctx.db.transaction().execute(async (trx) => {
      // Two imports of one agency in turn: each writes its year counts and 文号 in its file's order.
      await lockUntilCommit(trx, `normative-import:${input.agencyId}`);
      const numbers = await findDocumentNumbers(trx, input.agencyId);
      const docs = input.documents.map((d) => normalizeDocument({ ...d, itemId: null }));
      const duplicate = docs
        .filter(
          (d, i) =>
            numbers.has(d.documentNumber) ||
            docs.findIndex((x) => x.documentNumber === d.documentNumber) !== i,
        )
        .map((d) => `文号“${d.documentNumber}”已在登记簿中或重复`);
      if (duplicate.length > 0) throw fail(duplicate);
      for (const doc of docs) {
        await insertDocument(trx, {
          id: randomUUID(),
          agency_id: input.agencyId,
          kind: doc.kind,
          title: doc.title,
          document_number: doc.documentNumber,
          issued_on: doc.issuedOn,
          effective_on: doc.effectiveOn,
          valid_until: doc.validUntil,
          status: doc.status,
          status_on: doc.statusOn,
          item_id: null,
          revision: 1,
          created_by: user,
          created_at: now,
          updated_by: user,
          updated_at: now,
        });
      }
      for (const c of input.counts) {
        await upsertYearCounts(trx, {
          agency_id: input.agencyId,
          year: c.year,
          licensing: c.licensing,
          penalty: c.penalty,
          enforcement: c.enforcement,
          fees_yuan: c.feesYuan,
          updated_by: user,
          updated_at: now,
        });
      }
      await appendAudit(
        trx,
        {
          userId: user,
          agencyId: input.agencyId,
          action: 'normative.import',
          objectType: 'normative_documents',
          objectId: input.agencyId,
          result: 'ok',
          details: {
            documents: docs.map((d) => d.documentNumber),
            years: input.counts.map((c) => c.year),
          },
        },
        now,
      );
    }),
  );
  return { documents: input.documents.length, counts: input.counts.length };
}

/** The valid rows of a checked file, as the import takes them. */
export function validRows(parsed: ParsedImport): { documents: NormativeDocument[]; counts: YearCounts[] } {
  return {
    documents: parsed.documents.flatMap((r) => (r.value ? [r.value] : [])),
    counts: parsed.counts.flatMap((r) => (r.value ? [r.value] : [])),
  };
}
