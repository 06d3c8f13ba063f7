// `gongkai audit verify`: reads the whole log in order and checks the hash chain.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findAnchor, readAuditInOrder } from './audit.repository.ts';
import { type AuditRecord, type ChainProblem, GENESIS_HASH, verifyChain } from './audit-chain.ts';

export interface AuditVerification {
  records: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Record this outside the system to detect a later truncation of the log's end. */
  lastHash: string | null;
  problems: ChainProblem[];
}

export async function verifyAuditLog(db: Kysely<DB>): Promise<AuditVerification> {
  const problems: ChainProblem[] = [];
  let records = 0;
  let first: AuditRecord | undefined;
  let last: AuditRecord | undefined;
  for await (const page of readAuditInOrder(db)) {
    // Each page is checked together with the last record of the previous page, so links across pages count.
    problems.push(
      ...verifyChain(last ? [last, ...page] : page).filter(
        (p) => !(last && p.kind === 'changed' && p.seq === last.seq),
      ),
    );
    first ??= page[0];
    last = page.at(-1);
    records += page.length;
  }
  // The log must start at the beginning, or where the last purge of old records left off.
  if (first) {
    const anchor = await findAnchor(db);
    const expected = anchor ?? { seq: 0, hash: GENESIS_HASH };
    if (first.seq !== expected.seq + 1) {
      problems.unshift({ kind: 'removed', afterSeq: expected.seq, beforeSeq: first.seq });
    } else if (first.prev_hash !== expected.hash) {
      problems.unshift({ kind: 'broken-link', seq: first.seq });
    }
  }
  return {
    records,
    firstSeq: first?.seq ?? null,
    lastSeq: last?.seq ?? null,
    lastHash: last?.hash ?? null,
    problems,
  };
}
