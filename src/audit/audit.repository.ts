// Appends to and reads the audit log. An append runs inside the caller's transaction, so the
// audited write and its record commit together or not at all.
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import { AUDIT_RETENTION_DAYS, type AuditRecord, GENESIS_HASH, hashRecord } from './audit-chain.ts';

export interface AuditEntry {
  userId: string | null;
  agencyId: string | null;
  /** Dotted verb, e.g. `auth.login`, `user.create`. */
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  result: 'ok' | 'denied' | 'failed';
  /** Never personal data: ids, counts, reasons. */
  details?: Record<string, unknown>;
}

const AUDIT_LOCK_KEY = 4_121_905_771;

/** Must be called inside a transaction (`db.transaction().execute(trx => …)`). */
export async function appendAudit(trx: Kysely<DB>, entry: AuditEntry, at: string): Promise<AuditRecord> {
  // Serialises appends across processes on PostgreSQL; on SQLite the write transaction already does.
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  }
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const content = {
    at,
    user_id: entry.userId,
    agency_id: entry.agencyId,
    action: entry.action,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId ?? null,
    result: entry.result,
    details: JSON.stringify(entry.details ?? {}),
  };
  // With every record purged, the chain continues from the anchor the purge left.
  const anchor = last ? undefined : await findAnchor(trx);
  const prev_hash = last?.hash ?? anchor?.hash ?? GENESIS_HASH;
  const hash = hashRecord(prev_hash, content);
  const seq = Number(last?.seq ?? anchor?.seq ?? 0) + 1;
  await trx
    .insertInto('audit_log')
    .values({ seq, ...content, prev_hash, hash })
    .execute();
  return { ...content, seq, prev_hash, hash };
}

export interface AuditQuery {
  /** Only these agencies (an auditor's visible set); all when absent. */
  agencyIds?: readonly string[];
  from?: string;
  to?: string;
  action?: string;
  limit?: number;
  beforeSeq?: number;
}

export async function listAudit(db: Kysely<DB>, query: AuditQuery = {}): Promise<AuditRecord[]> {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(Math.min(query.limit ?? 100, 10_000));
  if (query.agencyIds) {
    if (query.agencyIds.length === 0) return [];
    q = q.where('agency_id', 'in', query.agencyIds);
  }
  if (query.from) q = q.where('at', '>=', query.from);
  if (query.to) q = q.where('at', '<', query.to);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** Streams the whole log in seq order, in pages, for verification and export. */
export async function* readAuditInOrder(db: Kysely<DB>, pageSize = 5000): AsyncGenerator<AuditRecord[]> {
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    const page = rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    yield page;
    after = page.at(-1)!.seq;
  }
}

/** Deletes records older than `before`; refuses to touch any record younger than the retention period. */
export async function purgeAuditBefore(db: Kysely<DB>, before: string, now: Date): Promise<number> {
  const limit = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 24 * 3600 * 1000).toISOString();
  if (before > limit) {
    throw new DomainError(
      'audit.retention',
      `审计记录至少保存${AUDIT_RETENTION_DAYS}天，不能删除${limit.slice(0, 10)}之后的记录`,
      {
        before,
        limit,
      },
    );
  }
  // Deleting by seq keeps the chain contiguous: records are removed up to the first one that is
  // not yet old enough, and the last removed becomes the anchor the rest continues from.
  return db.transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
    }
    const firstKept = await trx
      .selectFrom('audit_log')
      .select('seq')
      .where('at', '>=', before)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    let cut = trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1);
    if (firstKept) cut = cut.where('seq', '<', firstKept.seq);
    const lastPurged = await cut.executeTakeFirst();
    if (!lastPurged) return 0;
    const result = await trx.deleteFrom('audit_log').where('seq', '<=', lastPurged.seq).executeTakeFirst();
    const anchor = { seq: Number(lastPurged.seq), hash: lastPurged.hash, purged_at: now.toISOString() };
    const updated = await trx.updateTable('audit_anchor').set(anchor).where('id', '=', 1).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      await trx
        .insertInto('audit_anchor')
        .values({ id: 1, ...anchor })
        .execute();
    return Number(result.numDeletedRows);
  });
}

export async function findAnchor(db: Kysely<DB>): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db
    .selectFrom('audit_anchor')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}
