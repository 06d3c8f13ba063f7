// A small run of the SQLite crash-safety harness inside `npm test` (the full run is `npm run crash`):
// the real server killed with SIGKILL 15 times while clients write through the portal, every
// acknowledged write found after each restart, nothing half-written, the file sound, the audit
// chain whole. Then the checker is shown to catch what it looks for, on the same file broken by hand.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { checkDatabase } from './crash-checks.ts';
import type { Ack } from './crash-clients.ts';
import { type CrashReport, describeReport, runCrashHarness } from './crash-harness.ts';

const ITERATIONS = 15;

describe('crash safety on SQLite (T-R1, small run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-crash-test-'));
  const databaseUrl = `sqlite:${join(dir, 'crash.sqlite')}`;
  let report: CrashReport;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged write through ${ITERATIONS} SIGKILLs`, { timeout: 180_000 }, async (t) => {
    report = await runCrashHarness({
      iterations: ITERATIONS,
      seed: 20261127,
      clients: 6,
      killAfterMs: [100, 600],
      data: 'minimal',
      dir,
    });
    t.diagnostic(describeReport(report));
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.unexpectedAnswers, []);
    assert.equal(report.perIteration.length, ITERATIONS);
    assert.ok(report.acknowledged >= ITERATIONS, `only ${report.acknowledged} writes acknowledged`);
    assert.equal(report.found, report.acknowledged);
    // The kills came with writes in flight (else the run would prove nothing about them).
    assert.ok(report.cutOff >= ITERATIONS, `only ${report.cutOff} writes cut off by the kills`);
  });

  it('the checker reports a lost write, a half-written application and a changed audit record', async () => {
    assert.ok(report, 'the run above');
    const acks = await readAcks(dir);
    assert.equal(acks.length, report.acknowledged, 'the client-side log holds every acknowledgement');
    const application = acks.find((a) => a.kind === 'application')!;
    const complaint = acks.find((a) => a.kind === 'complaint')!;
    assert.ok(application && complaint);
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
    assert.match(text, /audit chain: .*"seq":2/);
    assert.equal(check.found, acks.length);
  });
});

async function readAcks(dir: string): Promise<Ack[]> {
  return (await readFile(join(dir, 'acks.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Ack);
}
