// A small run of the SQLite crash-safety harness inside `npm test` (the full run is `npm run crash`):
// the real server killed with SIGKILL 8 times while citizens write through the portal and a staff
// team publishes 主动公开 items through the back office, every acknowledged write found after each
// restart, nothing half-written, the file sound, the audit chain whole. Then the checker is shown to
// catch what it looks for, on the same file broken by hand.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import type { AnyAck } from './crash-checks.ts';
import { checkDatabase } from './crash-checks.ts';
import type { Ack } from './crash-clients.ts';
import { type CrashReport, describeReport, runCrashHarness } from './crash-harness.ts';
import type { PublicationAck } from './crash-staff.ts';

const ITERATIONS = 8;

describe('crash safety on SQLite (T-R1, small run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-crash-test-'));
  const databaseUrl = `sqlite:${join(dir, 'crash.sqlite')}`;
  let report: CrashReport;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged write through ${ITERATIONS} SIGKILLs`, { timeout: 420_000 }, async (t) => {
    report = await runCrashHarness({
      iterations: ITERATIONS,
      seed: 20261127,
      clients: 4,
      publishers: 1,
      killAfterMs: [300, 900],
      data: 'minimal',
      dir,
    });
    t.diagnostic(describeReport(report));
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.unexpectedAnswers, []);
    assert.equal(report.perIteration.length, ITERATIONS);
    assert.ok(report.acknowledged >= ITERATIONS, `only ${report.acknowledged} writes acknowledged`);
    assert.equal(report.found, report.acknowledged);
    assert.ok(report.publicationSteps >= 1, 'the staff team had steps acknowledged');
    // The kills came with writes in flight (else the run would prove nothing about them).
    assert.ok(report.cutOff >= ITERATIONS, `only ${report.cutOff} writes cut off by the kills`);
  });

  it('the checker reports a lost write, a half-written application or item and a changed audit record', async () => {
    assert.ok(report, 'the run above');
    const acks = await readAcks(dir);
    assert.equal(
      acks.length,
      report.acknowledged - report.publications + report.publicationSteps,
      'the client-side log holds every acknowledgement (each step of an item)',
    );
    const application = acks.find((a): a is Ack => a.kind === 'application')!;
    const complaint = acks.find((a): a is Ack => a.kind === 'complaint')!;
    const item = acks.find((a): a is PublicationAck => a.kind === 'publication')!;
    assert.ok(application && complaint && item);
    // A write the client was told was stored, which was not.
    const phantom: Ack = { ...complaint, marker: 999_999, reference: 'TS2026-9999' };
    const sqlite = new SqliteDatabase(join(dir, 'crash.sqlite'));
    try {
      sqlite
        .prepare(
          `delete from application_events where seq = 1 and application_id =
             (select id from applications where tracking_number = ?)`,
        )
        .run(application.reference);
      // An item whose phase column says more than its events.
      sqlite.prepare(`update disclosure_items set phase = 'withdrawn' where id = ?`).run(item.itemId);
      // A record of the log changed behind the application's back.
      sqlite.prepare(`update audit_log set details = '{}' where seq = 2`).run();
    } finally {
      sqlite.close();
    }
    const check = await checkDatabase(databaseUrl, [...acks, phantom], null);
    const text = check.violations.join('\n');
    assert.match(text, /acknowledged complaint TS2026-9999 \(崩溃测试第999999号.*\) is missing/);
    assert.match(text, new RegExp(`application ${application.reference} .* has no received event`));
    assert.match(text, new RegExp(`application ${application.reference} .* has 0 events, says 1`));
    assert.match(text, new RegExp(`item ${item.itemId} .* is withdrawn, its events say`));
    assert.match(text, /audit chain: .*"seq":2/);
    assert.equal(check.found, report.acknowledged);
  });

  it('the checker reports a published item whose full-text row is gone', async (t) => {
    assert.ok(report, 'the run above');
    const acks = await readAcks(dir);
    const published = acks.find(
      (a): a is PublicationAck => a.kind === 'publication' && a.step === 'published',
    );
    // On a machine loaded by other work the staff team may not get one item through all its steps.
    if (!published) return t.skip('no publication was acknowledged in this run');
    const sqlite = new SqliteDatabase(join(dir, 'crash.sqlite'));
    try {
      sqlite
        .prepare('delete from search_fts where rowid = (select seq from search_documents where id = ?)')
        .run(`disclosure:${published.itemId}`);
    } finally {
      sqlite.close();
    }
    const text = (await checkDatabase(databaseUrl, acks, null)).violations.join('\n');
    assert.match(text, new RegExp(`item ${published.itemId} .*: its search document has no full-text row`));
    assert.match(text, /search_fts and search_documents differ by -1 rows/);
  });
});

async function readAcks(dir: string): Promise<AnyAck[]> {
  return (await readFile(join(dir, 'acks.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AnyAck);
}
