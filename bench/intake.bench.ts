// Online applications per second through HTTP: the portal form (multipart, CSRF, strict parsing,
// validation, the applicant's daily limit, the due date from the working-day clock, the insert of
// the application, its event and year row, and the hash-chained audit record, synchronous=FULL),
// beside the raw insert rate of the same rows with prepared statements, one transaction each.
// Target (issue 4): ≥ 500 applications/s on SQLite. Each request comes from its own client address
// (X-Forwarded-For through GONGKAI_TRUST_PROXY) as citizens do, so the per-address limit of the
// form applies as in production without stopping the benchmark.
import type { ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { applicationFields, applicationForm, clientAddress, idProof, multipart } from './forms.ts';
import type { BenchOptions, BenchResult } from './run.ts';
import { failedIf, startGongkai, unexpected } from './servers.ts';

/** The raw rate: the same rows (application, event, year, audit; a file every other) per transaction, prepared. */
function rawInsertRate(dir: string, seconds: number): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`create table applications (id text primary key, agency_id text, tracking_number text unique,
    access_hash text unique, applicant_type text, applicant_name text, id_kind text, id_number text, phone text,
    applicant_key text, description text, delivery_form text, delivery_channel text, channel text,
    received_on text, phase text, is_open integer, reply_due text, last_event_on text, event_count integer,
    created_at text, updated_at text);
    create table application_events (application_id text, seq integer, type text, at text, data text,
    recorded_at text, primary key (application_id, seq));
    create table application_years (application_id text, agency_id text, year integer, applicant_column integer,
    entry text, exit text, primary key (application_id, year));
    create table application_files (id text primary key, application_id text, kind text, filename text,
    media_type text, size integer, content blob, created_at text);
    create table audit_log (seq integer primary key, at text, action text, object_id text, details text,
    prev_hash text, hash text unique);`);
  const insertApp = db.prepare(
    'insert into applications values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertEvent = db.prepare('insert into application_events values (?, ?, ?, ?, ?, ?)');
  const insertYear = db.prepare('insert into application_years values (?, ?, ?, ?, ?, ?)');
  const insertAudit = db.prepare('insert into audit_log values (?, ?, ?, ?, ?, ?, ?)');
  const insertFile = db.prepare('insert into application_files values (?, ?, ?, ?, ?, ?, ?, ?)');
  const proof = Buffer.from(idProof().content);
  let prev = '0'.repeat(64);
  let seq = 0;
  const write = db.transaction((n: number) => {
    const id = randomUUID();
    const now = new Date().toISOString();
    insertApp.run(
      id,
      'agency',
      `T${n}`,
      id,
      'naturalPerson',
      '王测试',
      'id_card',
      String(n),
      '13800000000',
      id,
      '申请公开',
      'electronic',
      'online',
      'online',
      '2026-11-26',
      'processing',
      1,
      '2026-12-24',
      '2026-11-26',
      1,
      now,
      now,
    );
    insertEvent.run(id, 1, 'received', '2026-11-26', '{"type":"received"}', now);
    insertYear.run(id, 'agency', 2026, 0, 'new', 'carriedOut');
    if (n % 2 === 0)
      insertFile.run(randomUUID(), id, 'id_proof', '身份证.pdf', 'application/pdf', proof.length, proof, now);
    const hash = createHash('sha256')
      .update(prev + id)
      .digest('hex');
    insertAudit.run(++seq, now, 'application.submit', id, '{}', prev, hash);
    prev = hash;
  });
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) write(n++);
  db.close();
  return n / seconds;
}

/** What the server stored of the bench's applications (their descriptions end 第n件, NFKC-normalized). */
function storedIntake(file: string): { online: number; idProofs: number } {
  const db = new Database(file, { readonly: true });
  try {
    const count = (query: string) => (db.prepare(query).get() as { n: number }).n;
    return {
      online: count(
        `select count(*) as n from applications where channel = 'online' and description like '%(第%件)'`,
      ),
      idProofs: count(
        `select count(*) as n from application_files f join applications a on a.id = f.application_id
         where f.kind = 'id_proof' and a.channel = 'online' and a.description like '%(第%件)'`,
      ),
    };
  } finally {
    db.close();
  }
}

export default async function intakeBench({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const seconds = quick ? 5 : 15;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-intake-bench-'));
  let child: ChildProcess | undefined;
  try {
    const started = await startGongkai(dir, { GONGKAI_TRUST_PROXY: '127.0.0.1' });
    child = started.child;
    const base = started.base;
    const home = await (await fetch(`${base}/`)).text();
    const agencyId = /href="\/agencies\/([^"/]+)"[^>]*>承留镇</.exec(home)?.[1];
    if (!agencyId) throw new Error('承留镇 not found on the portal home page');
    const { path, headers } = await applicationForm(base, agencyId);

    // One request first, checked: a benchmark of error pages would measure nothing.
    const probe = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...headers, 'x-forwarded-for': '203.0.113.1' },
      body: multipart(applicationFields(0), idProof()),
    });
    const probeText = await probe.text();
    if (probe.status !== 200 || !/YSQ\d{4}-/.test(probeText))
      throw new Error(`the probe application was not accepted: ${probe.status}\n${probeText.slice(0, 500)}`);

    // The bodies made before the clock starts: the generator shares the 2 cores with the server,
    // and building a multipart body with a fresh 身份证号 per request is its own work, not gongkai's.
    // Every other one with an ID proof file (T-P5 counts the attachment's row in).
    const bodies = Array.from({ length: quick ? 6_000 : 20_000 }, (_, i) =>
      multipart(applicationFields(i + 1), i % 2 === 0 ? idProof() : undefined),
    );
    let n = 0;
    const post = (duration: number) =>
      autocannon({
        url: `${base}${path}`,
        method: 'POST',
        connections: 10,
        duration,
        headers,
        requests: [
          {
            setupRequest: (request) => {
              const i = n++;
              return {
                ...request,
                headers: { ...headers, 'x-forwarded-for': clientAddress(i + 1) },
                body: bodies[i % bodies.length]!,
              };
            },
          },
        ],
      });
    // A warm-up, not counted: the JIT and SQLite's page cache settle as in a server running all day.
    await post(2);
    const result = await post(seconds);
    const accepted = result['2xx'];
    const perSecond = accepted / seconds;
    const stored = storedIntake(join(dir, 'bench.sqlite'));
    // Every other application posted carried its ID proof: the files must be there, not dropped.
    const filesMissing = Math.abs(2 * stored.idProofs - stored.online) > 2;
    const raw = rawInsertRate(dir, quick ? 2 : 5);
    log(
      `HTTP: ${accepted} applications accepted in ${seconds} s (${Math.round(perSecond)}/s, p99 ${result.latency.p99} ms, ` +
        `${result.non2xx} non-2xx, ${result.errors} errors; ${stored.online} online applications and ${stored.idProofs} ID proofs ` +
        `stored in all); raw inserts of the same rows ${Math.round(raw)}/s`,
    );
    return [
      {
        name: 'online applications through HTTP (SQLite, 10 connections)',
        value: perSecond,
        unit: 'applications/s',
        detail: {
          seconds,
          accepted,
          non2xx: result.non2xx,
          errors: result.errors,
          p99Ms: result.latency.p99,
          storedOnline: stored.online,
          storedIdProofs: stored.idProofs,
        },
        baseline: {
          name: 'raw insert of the same rows, prepared, one transaction each',
          value: raw,
          unit: 'applications/s',
        },
        target: 500,
        ...failedIf(
          filesMissing
            ? `${stored.idProofs} ID proofs stored for ${stored.online} online applications (half were sent with one)`
            : unexpected({ errors: result.errors + result.timeouts, non2xx: result.non2xx }),
        ),
      },
    ];
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
