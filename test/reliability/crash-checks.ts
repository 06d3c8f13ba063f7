// What must hold in the database after every kill and restart (quality targets T-R1, T-R2): the
// database is sound, every acknowledged write is there exactly once and whole, nothing is
// half-written, and the audit chain verifies and has lost nothing it had before. The same checks
// on SQLite and PostgreSQL (plus PRAGMA integrity_check and foreign_key_check on SQLite).
import { sql } from 'kysely';
import { verifyAuditLog } from '../../src/audit/index.ts';
import { openDatabase } from '../../src/db/database.ts';
import { foldItemEvents, type ItemEvent } from '../../src/disclosures/index.ts';
import { type Ack, MARKER } from './crash-clients.ts';
import { PUBLICATION_STEPS, type PublicationAck } from './crash-staff.ts';

/** The end of the audit log at the previous check: it must still be there, unchanged. */
export interface AuditMark {
  seq: number;
  hash: string;
}

export type AnyAck = Ack | PublicationAck;

export interface CheckResult {
  violations: string[];
  /** Acknowledged writes found in the database (of all acknowledged so far). */
  found: number;
  /** Writes of the harness in the database that were never acknowledged (in flight at a kill). */
  unacknowledgedPresent: number;
  auditMark: AuditMark | null;
  auditRecords: number;
  /** Items of the harness published (whole), acknowledged or not. */
  published: number;
}

interface MarkedRow {
  id: string;
  agency_id: string;
  reference: string;
  text: string;
}

const n = (value: unknown) => Number(value);

/**
 * Checks the database at `url` against every acknowledged write so far. Opened beside the running
 * server: SQLite's WAL readers and PostgreSQL's snapshots see the last commit.
 */
export async function checkDatabase(
  url: string,
  acks: readonly AnyAck[],
  previousMark: AuditMark | null,
): Promise<CheckResult> {
  const database = openDatabase(url);
  const db = database.db;
  const postgres = database.engine === 'postgres';
  const violations: string[] = [];
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  try {
    if (database.sqlite) {
      const integrity = database.sqlite.pragma('integrity_check') as { integrity_check: string }[];
      const verdict = integrity.map((r) => r.integrity_check).join('; ');
      if (verdict !== 'ok') violations.push(`PRAGMA integrity_check: ${verdict}`);
      const foreignKeys = database.sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
      for (const row of foreignKeys.slice(0, 10))
        violations.push(`foreign_key_check: a row of ${row.table} without its ${row.parent}`);
    }

    // Fresh statistics for the planner: a crash of PostgreSQL resets the counters that would make
    // autovacuum analyze these new tables, and with none the joins below turn into nested loops
    // (seconds a check at a few thousand writes).
    if (postgres)
      await sql`analyze applications, application_events, application_years, application_files,
        service_complaints, disclosure_items, disclosure_events, disclosure_versions, search_documents,
        audit_log`.execute(db);

    const marked = (list: MarkedRow[]) =>
      list.map((row) => ({ ...row, marker: Number(MARKER.exec(row.text)?.[1]) }));
    const applications = marked(
      await rows(sql<MarkedRow>`select id, agency_id, tracking_number as reference, description as text
       from applications where description like '%崩溃测试第%'`),
    );
    const complaints = marked(
      await rows(sql<MarkedRow>`select id, agency_id, reference, content as text
       from service_complaints where content like '%崩溃测试第%'`),
    );
    const items = marked(
      await rows(sql<MarkedRow>`select id, agency_id, id as reference, title as text
       from disclosure_items where title like '%崩溃测试第%'`),
    );

    // Each write at most once (a retried or doubled commit would show twice).
    const byMarker = new Map<string, (typeof applications)[number]>();
    for (const [kind, list] of [
      ['application', applications],
      ['complaint', complaints],
      ['publication', items],
    ] as const) {
      for (const row of list) {
        const key = `${kind}:${row.marker}`;
        if (byMarker.has(key)) violations.push(`${kind} 崩溃测试第${row.marker}号 is stored twice`);
        byMarker.set(key, row);
      }
    }

    // The items' events, for the acknowledged steps and the wholeness of every item.
    const eventsOf = new Map<string, ItemEvent[]>();
    for (const e of await rows(sql<{ item_id: string; data: string }>`select e.item_id, e.data
        from disclosure_events e join disclosure_items i on i.id = e.item_id
        where i.title like '%崩溃测试第%' order by e.item_id, e.seq`)) {
      const list = eventsOf.get(e.item_id) ?? [];
      list.push(JSON.parse(e.data) as ItemEvent);
      eventsOf.set(e.item_id, list);
    }

    let found = 0;
    // A publication is acknowledged step by step: the last step per item counts.
    const lastStep = new Map<string, PublicationAck>();
    for (const ack of acks) {
      if (ack.kind !== 'publication') continue;
      const seen = lastStep.get(ack.itemId);
      if (!seen || PUBLICATION_STEPS.indexOf(ack.step) > PUBLICATION_STEPS.indexOf(seen.step))
        lastStep.set(ack.itemId, ack);
    }
    for (const ack of acks) {
      if (ack.kind === 'publication') continue;
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
    for (const ack of lastStep.values()) {
      const row = byMarker.get(`publication:${ack.marker}`);
      const events = eventsOf.get(ack.itemId) ?? [];
      const name = `item ${ack.itemId} (崩溃测试第${ack.marker}号, iteration ${ack.iteration})`;
      if (!row || row.id !== ack.itemId) violations.push(`acknowledged ${name} is missing`);
      else if (!events.some((e) => e.type === ack.step))
        violations.push(
          `${name}: the acknowledged step ${ack.step} is missing (events: ${events.map((e) => e.type).join(', ')})`,
        );
      else found++;
    }

    // An application comes whole: its received event first, event_count equal to its events, its
    // year row of table 三, its audit record, and its ID proof when one was sent (even markers).
    // Set-based (one query per kind, not one per write), so that a check stays quick as the run
    // grows: audit_log has no index on object_id, and a query per write scanned it each time.
    const wholeApplications = await rows(sql<Record<string, unknown>>`select a.id,
         coalesce(e.events, 0) as events, coalesce(e.received, 0) as received,
         coalesce(y.years, 0) as years, coalesce(f.proofs, 0) as proofs,
         coalesce(l.audits, 0) as audits, a.event_count as "eventCount"
       from applications a
       left join (select application_id, count(*) as events,
           sum(case when seq = 1 and type = 'received' then 1 else 0 end) as received
         from application_events group by application_id) e on e.application_id = a.id
       left join (select application_id, count(*) as years from application_years
         group by application_id) y on y.application_id = a.id
       left join (select application_id, count(*) as proofs from application_files
         where kind = 'id_proof' group by application_id) f on f.application_id = a.id
       left join (select object_id, count(*) as audits from audit_log
         where action = 'application.submit' group by object_id) l on l.object_id = a.id
       where a.description like '%崩溃测试第%'`);
    const wholeness = new Map(wholeApplications.map((w) => [String(w.id), w]));
    for (const app of applications) {
      const w = wholeness.get(app.id)!;
      const name = `application ${app.reference} (崩溃测试第${app.marker}号)`;
      if (n(w.received) !== 1) violations.push(`${name} has no received event`);
      if (n(w.events) !== n(w.eventCount))
        violations.push(`${name} has ${n(w.events)} events, says ${n(w.eventCount)}`);
      if (n(w.years) < 1) violations.push(`${name} has no year row of table 三`);
      if (n(w.audits) !== 1) violations.push(`${name} has ${n(w.audits)} audit records`);
      const proofs = app.marker % 2 === 0 ? 1 : 0;
      if (n(w.proofs) !== proofs) violations.push(`${name} has ${n(w.proofs)} ID proofs, was sent ${proofs}`);
    }
    const complaintAudits = new Map(
      (
        await rows(sql<{ id: string; audits: unknown }>`select c.id, coalesce(l.audits, 0) as audits
          from service_complaints c
          left join (select object_id, count(*) as audits from audit_log
            where action = 'service.complaint.file' group by object_id) l on l.object_id = c.id
          where c.content like '%崩溃测试第%'`)
      ).map((r) => [r.id, n(r.audits)]),
    );
    for (const complaint of complaints) {
      const audits = complaintAudits.get(complaint.id);
      if (audits !== 1) violations.push(`complaint ${complaint.reference} has ${audits} audit records`);
    }

    // An item comes whole at whatever step it stopped: the columns are what its events say, one
    // audit record per event, its working version stored; once published, the published version
    // has its time and 索引号, and the search index has it (FTS row on SQLite, tsvector on PostgreSQL).
    const fullText = postgres
      ? sql`case when s.tsv is not null and length(s.tsv) > 0 then 1 else 0 end`
      : sql`(select count(*) from search_fts f where f.rowid = s.seq)`;
    const wholeItems = await rows(sql<Record<string, unknown>>`select i.id, i.phase, i.version,
          i.published_version, i.event_count, i.index_number, i.first_published_at,
          coalesce(l.audits, 0) as audits,
          (select count(*) from disclosure_versions v where v.item_id = i.id and v.version = i.version) as working,
          pv.published_at, pv.indexed_at,
          case when s.id is null then 0 else 1 end as documents,
          case when s.id is null then 0 else ${fullText} end as "fullText"
        from disclosure_items i
        left join (select object_id, count(*) as audits from audit_log
          where action like 'disclosure.%' group by object_id) l on l.object_id = i.id
        left join disclosure_versions pv on pv.item_id = i.id and pv.version = i.published_version
        left join search_documents s on s.id = 'disclosure:' || i.id
        where i.title like '%崩溃测试第%'`);
    const itemRows = new Map(wholeItems.map((w) => [String(w.id), w]));
    let published = 0;
    for (const item of items) {
      const name = `item ${item.id} (崩溃测试第${item.marker}号)`;
      const events = eventsOf.get(item.id) ?? [];
      const w = itemRows.get(item.id)!;
      if (events[0]?.type !== 'created') {
        violations.push(`${name} has no created event`);
        continue;
      }
      const state = foldItemEvents(events);
      if (events.length !== n(w.event_count))
        violations.push(`${name} has ${events.length} events, says ${n(w.event_count)}`);
      if (n(w.audits) !== events.length)
        violations.push(`${name} has ${n(w.audits)} audit records for ${events.length} events`);
      if (state.phase !== w.phase)
        violations.push(`${name} is ${String(w.phase)}, its events say ${state.phase}`);
      if (
        state.version !== n(w.version) ||
        state.publishedVersion !== (w.published_version === null ? null : n(w.published_version))
      )
        violations.push(`${name}: version columns disagree with its events`);
      if (n(w.working) !== 1) violations.push(`${name} has no row of its working version`);
      if (state.phase !== 'published') {
        if (n(w.documents) !== 0) violations.push(`${name} is ${state.phase} but in the search index`);
        continue;
      }
      published++;
      if (w.index_number === null || w.first_published_at === null)
        violations.push(`${name} is published without its 索引号 or first publication time`);
      if (w.published_at === null || w.indexed_at === null)
        violations.push(`${name}: its published version has no publication or index time`);
      if (n(w.documents) !== 1) violations.push(`${name} is published but not in the search index`);
      else if (n(w.fullText) !== 1) violations.push(`${name}: its search document has no full-text row`);
    }

    // Rows whose parent is gone (the foreign keys should make these impossible; counted all the same).
    for (const [table, parent, column] of [
      ['application_events', 'applications', 'application_id'],
      ['application_years', 'applications', 'application_id'],
      ['application_files', 'applications', 'application_id'],
      ['disclosure_events', 'disclosure_items', 'item_id'],
      ['disclosure_versions', 'disclosure_items', 'item_id'],
    ] as const) {
      const [orphans] = await rows(sql<{ n: unknown }>`select count(*) as n from ${sql.table(table)} c
        where not exists (select 1 from ${sql.table(parent)} p where p.id = c.${sql.ref(column)})`);
      if (n(orphans!.n) > 0) violations.push(`${n(orphans!.n)} rows of ${table} without their ${parent}`);
    }
    // A search document of an item that is gone or not published.
    // (The item's id is cut out of the document's, 'disclosure:' being 11 characters, so that the
    // lookup uses the items' primary key.)
    const [strays] = await rows(sql<{ n: unknown }>`select count(*) as n from search_documents s
      where s.kind = 'disclosure' and not exists (select 1 from disclosure_items i
        where i.id = substr(s.id, 12) and i.phase = 'published')`);
    if (n(strays!.n) > 0) violations.push(`${n(strays!.n)} search documents of no published item`);
    if (!postgres) {
      const [fts] = await rows(sql<{ n: unknown }>`select
        (select count(*) from search_fts) - (select count(*) from search_documents) as n`);
      if (n(fts!.n) !== 0) violations.push(`search_fts and search_documents differ by ${n(fts!.n)} rows`);
    }

    const audit = await verifyAuditLog(db);
    for (const problem of audit.problems.slice(0, 10))
      violations.push(`audit chain: ${JSON.stringify(problem)}`);
    if (previousMark) {
      const [kept] = await rows(
        sql<{ hash: string }>`select hash from audit_log where seq = ${previousMark.seq}`,
      );
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
      published,
    };
  } finally {
    await database.close();
  }
}

/** Every acknowledged publication is on the portal after the restart: its page answers 200. */
export async function checkPortal(base: string, acks: readonly AnyAck[]): Promise<string[]> {
  const violations: string[] = [];
  for (const ack of acks) {
    if (ack.kind !== 'publication' || ack.step !== 'published') continue;
    const response = await fetch(`${base}/agencies/${ack.agencyId}/items/${ack.itemId}`);
    const html = await response.text();
    if (response.status !== 200 || !html.includes(`崩溃测试第${ack.marker}号`))
      violations.push(
        `published item ${ack.itemId} (崩溃测试第${ack.marker}号): the portal answers ${response.status}`,
      );
  }
  return violations;
}
