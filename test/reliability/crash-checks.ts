// What must hold in the SQLite file after every SIGKILL and restart (quality target T-R1): the file
// is sound, every acknowledged write is there exactly once and whole, nothing is half-written, and
// the audit chain verifies and has lost nothing it had before.
import { verifyAuditLog } from '../../src/audit/index.ts';
import { openDatabase } from '../../src/db/database.ts';
import { type Ack, MARKER } from './crash-clients.ts';

/** The end of the audit log at the previous check: it must still be there, unchanged. */
export interface AuditMark {
  seq: number;
  hash: string;
}

export interface CheckResult {
  violations: string[];
  /** Acknowledged writes found in the database (of all acknowledged so far). */
  found: number;
  /** Writes of the harness in the database that were never acknowledged (in flight at a kill). */
  unacknowledgedPresent: number;
  auditMark: AuditMark | null;
  auditRecords: number;
}

interface MarkedRow {
  id: string;
  agency_id: string;
  reference: string;
  text: string;
}

/**
 * Checks the database at `url` (SQLite) against every acknowledged write so far. Opened beside
 * the running server: WAL readers see the last commit.
 */
export async function checkDatabase(
  url: string,
  acks: readonly Ack[],
  previousMark: AuditMark | null,
): Promise<CheckResult> {
  const database = openDatabase(url);
  const sqlite = database.sqlite!;
  const violations: string[] = [];
  try {
    const integrity = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    const verdict = integrity.map((r) => r.integrity_check).join('; ');
    if (verdict !== 'ok') violations.push(`PRAGMA integrity_check: ${verdict}`);
    const foreignKeys = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
    for (const row of foreignKeys.slice(0, 10))
      violations.push(`foreign_key_check: a row of ${row.table} without its ${row.parent}`);

    const marked = (sql: string) =>
      (sqlite.prepare(sql).all() as MarkedRow[]).map((row) => ({
        ...row,
        marker: Number(MARKER.exec(row.text)?.[1]),
      }));
    const applications = marked(
      `select id, agency_id, tracking_number as reference, description as text
       from applications where description like '%崩溃测试第%'`,
    );
    const complaints = marked(
      `select id, agency_id, reference, content as text
       from service_complaints where content like '%崩溃测试第%'`,
    );

    // Each write at most once (a retried or doubled commit would show twice).
    const byMarker = new Map<string, (typeof applications)[number]>();
    for (const [kind, rows] of [
      ['application', applications],
      ['complaint', complaints],
    ] as const) {
      for (const row of rows) {
        const key = `${kind}:${row.marker}`;
        if (byMarker.has(key)) violations.push(`${kind} 崩溃测试第${row.marker}号 is stored twice`);
        byMarker.set(key, row);
      }
    }

    let found = 0;
    for (const ack of acks) {
      const row = byMarker.get(`${ack.kind}:${ack.marker}`);
      if (!row) {
        violations.push(
          `acknowledged ${ack.kind} ${ack.reference} (崩溃测试第${ack.marker}号, iteration ${ack.iteration}) is missing`,
        );
      } else if (row.reference !== ack.reference || row.agency_id !== ack.agencyId) {
        violations.push(
          `acknowledged ${ack.kind} 崩溃测试第${ack.marker}号 was ${ack.reference} at ${ack.agencyId}, stored as ${row.reference} at ${row.agency_id}`,
        );
      } else {
        found++;
      }
    }

    // An application comes whole: its received event first, event_count equal to its events, its
    // year row of table 三, its audit record, and its ID proof when one was sent (even markers).
    const whole = sqlite.prepare(
      `select
         (select count(*) from application_events e where e.application_id = a.id) as events,
         (select count(*) from application_events e
            where e.application_id = a.id and e.seq = 1 and e.type = 'received') as received,
         (select count(*) from application_years y where y.application_id = a.id) as years,
         (select count(*) from application_files f
            where f.application_id = a.id and f.kind = 'id_proof') as proofs,
         (select count(*) from audit_log l
            where l.object_id = a.id and l.action = 'application.submit') as audits,
         a.event_count as eventCount
       from applications a where a.id = ?`,
    );
    for (const app of applications) {
      const w = whole.get(app.id) as {
        events: number;
        received: number;
        years: number;
        proofs: number;
        audits: number;
        eventCount: number;
      };
      const name = `application ${app.reference} (崩溃测试第${app.marker}号)`;
      if (w.received !== 1) violations.push(`${name} has no received event`);
      if (w.events !== w.eventCount) violations.push(`${name} has ${w.events} events, says ${w.eventCount}`);
      if (w.years < 1) violations.push(`${name} has no year row of table 三`);
      if (w.audits !== 1) violations.push(`${name} has ${w.audits} audit records`);
      const proofs = app.marker % 2 === 0 ? 1 : 0;
      if (w.proofs !== proofs) violations.push(`${name} has ${w.proofs} ID proofs, was sent ${proofs}`);
    }
    const complaintAudits = sqlite.prepare(
      `select count(*) as n from audit_log where object_id = ? and action = 'service.complaint.file'`,
    );
    for (const complaint of complaints) {
      const { n } = complaintAudits.get(complaint.id) as { n: number };
      if (n !== 1) violations.push(`complaint ${complaint.reference} has ${n} audit records`);
    }
    // Rows whose parent is gone (the foreign keys should make these impossible; counted all the same).
    for (const [table, parent] of [
      ['application_events', 'applications'],
      ['application_years', 'applications'],
      ['application_files', 'applications'],
    ] as const) {
      const { n } = sqlite
        .prepare(
          `select count(*) as n from ${table} c where not exists (select 1 from ${parent} p where p.id = c.application_id)`,
        )
        .get() as { n: number };
      if (n > 0) violations.push(`${n} rows of ${table} without their application`);
    }

    const audit = await verifyAuditLog(database.db);
    for (const problem of audit.problems.slice(0, 10))
      violations.push(`audit chain: ${JSON.stringify(problem)}`);
    if (previousMark) {
      const kept = sqlite.prepare('select hash from audit_log where seq = ?').get(previousMark.seq) as
        | { hash: string }
        | undefined;
      if (kept?.hash !== previousMark.hash)
        violations.push(`audit record ${previousMark.seq} of the previous check is lost or changed`);
    }
    const acked = new Set(acks.map((a) => `${a.kind}:${a.marker}`));
    return {
      violations,
      found,
      unacknowledgedPresent: [...byMarker.keys()].filter((key) => !acked.has(key)).length,
      auditMark:
        audit.lastSeq === null || audit.lastHash === null
          ? null
          : { seq: audit.lastSeq, hash: audit.lastHash },
      auditRecords: audit.records,
    };
  } finally {
    await database.close();
  }
}
