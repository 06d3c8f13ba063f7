// The auditor (审计) reads the audit log of the agencies they audit: the agency in the path and,
// where the grant covers it, every agency below. Exports are themselves audited.
import { type AuditRecord, appendAudit, listAudit } from '../audit/index.ts';
import { loadAgencyTree, requireRole } from './access.ts';
import { findAgencyNames } from './agency.repository.ts';
import { grantsCover, subtreeIds } from './permissions.ts';
import { type Actor, isSystemActor, type UseCaseContext } from './principal.ts';
import { findUsernames } from './user.repository.ts';

export interface AuditLogQuery {
  agencyId: string;
  /** Civil dates, inclusive (Beijing time is close enough for browsing; instants are UTC). */
  from?: string;
  to?: string;
  action?: string;
  beforeSeq?: number;
  limit?: number;
}

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 100_000;

async function scope(ctx: UseCaseContext, actor: Actor, agencyId: string): Promise<string[]> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, ['auditor'], agencyId, tree, '机构');
  return subtreeIds(tree, agencyId).filter(
    (id) => isSystemActor(actor) || grantsCover(actor.grants, ['auditor'], id, tree),
  );
}

function toQuery(query: AuditLogQuery, agencyIds: string[], limit: number) {
  return {
    agencyIds,
    ...(query.from ? { from: `${query.from}T00:00:00.000Z` } : {}),
    ...(query.to ? { to: `${query.to}T23:59:59.999Z` } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.beforeSeq !== undefined ? { beforeSeq: query.beforeSeq } : {}),
    limit,
  };
}

export interface AuditRow extends AuditRecord {
  username: string | null;
  agencyName: string | null;
}

/** One page of records, newest first, with the names of their users and agencies. */
export async function browseAuditLog(
  ctx: UseCaseContext,
  actor: Actor,
  query: AuditLogQuery,
): Promise<AuditRow[]> {
  const agencyIds = await scope(ctx, actor, query.agencyId);
  const limit = Math.min(query.limit ?? AUDIT_PAGE_SIZE, 500);
  const records = await listAudit(ctx.db, toQuery(query, agencyIds, limit));
  const userIds = [...new Set(records.flatMap((r) => (r.user_id ? [r.user_id] : [])))];
  const usernames = await findUsernames(ctx.db, userIds);
  const agencyNames = await findAgencyNames(ctx.db, agencyIds);
  return records.map((r) => ({
    ...r,
    username: r.user_id ? (usernames.get(r.user_id) ?? null) : null,
    agencyName: r.agency_id ? (agencyNames.get(r.agency_id) ?? null) : null,
  }));
}

const CSV_COLUMNS = [
  '序号',
  '时间（UTC）',
  '用户',
  '机构',
  '操作',
  '对象类型',
  '对象',
  '结果',
  '详情',
  '哈希',
] as const;

function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // A leading = + - @ would make a spreadsheet evaluate the cell (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The matching records as CSV (UTF-8 with BOM so that Excel reads the Chinese), oldest first. */
export async function exportAuditLogCsv(
  ctx: UseCaseContext,
  actor: Actor,
  query: AuditLogQuery,
): Promise<string> {
  const agencyIds = await scope(ctx, actor, query.agencyId);
  const records = (await listAudit(ctx.db, toQuery(query, agencyIds, AUDIT_EXPORT_LIMIT))).reverse();
  await ctx.db.transaction().execute((trx) =>
    appendAudit(
      trx,
      {
        userId: isSystemActor(actor) ? null : actor.user.id,
        agencyId: query.agencyId,
        action: 'audit.export',
        objectType: 'audit_log',
        result: 'ok',
        details: { records: records.length, from: query.from ?? null, to: query.to ?? null },
      },
      ctx.now().toISOString(),
    ),
  );
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    lines.push(
      [r.seq, r.at, r.user_id, r.agency_id, r.action, r.object_type, r.object_id, r.result, r.details, r.hash]
        .map(csvField)
        .join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
