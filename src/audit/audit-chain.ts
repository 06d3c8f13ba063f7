// The audit log is a hash chain: each record's hash covers its content and the previous record's
// hash, so changing or removing a record breaks every hash after it. Pure functions, no I/O.
import { createHash } from 'node:crypto';

export interface AuditRecordContent {
  at: string;
  user_id: string | null;
  agency_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: string;
  details: string;
}

export interface AuditRecord extends AuditRecordContent {
  seq: number;
  prev_hash: string;
  hash: string;
}

/** The hash before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

export function hashRecord(prevHash: string, content: AuditRecordContent): string {
  // A fixed field order and JSON escaping make the input unambiguous.
  const canonical = JSON.stringify([
    prevHash,
    content.at,
    content.user_id,
    content.agency_id,
    content.action,
    content.object_type,
    content.object_id,
    content.result,
    content.details,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export type ChainProblem =
  | { kind: 'changed'; seq: number }
  | { kind: 'removed'; afterSeq: number; beforeSeq: number }
  | { kind: 'broken-link'; seq: number };

/**
 * Checks records in `seq` order. The first record given may follow records deleted after the
 * retention period: its prev_hash is taken as the anchor.
 */
export function verifyChain(records: readonly AuditRecord[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous: AuditRecord | undefined;
  for (const record of records) {
    if (hashRecord(record.prev_hash, record) !== record.hash)
      problems.push({ kind: 'changed', seq: record.seq });
    if (previous) {
      if (record.seq !== previous.seq + 1) {
        problems.push({ kind: 'removed', afterSeq: previous.seq, beforeSeq: record.seq });
      } else if (record.prev_hash !== previous.hash) {
        problems.push({ kind: 'broken-link', seq: record.seq });
      }
    }
    previous = record;
  }
  return problems;
}

/** Records younger than this may not be deleted (等保 2.0 / 网络安全法第二十一条: at least six months). */
export const AUDIT_RETENTION_DAYS = 180;
