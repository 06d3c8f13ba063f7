// A small run of the crash-safety harness on PostgreSQL inside `npm test` (T-R2; the full run is
// `npm run crash -- --engine postgres`): on a cluster of the test's own (crash-postgres.ts, never the
// shared one), one iteration of each kill of the database — one backend, the postmaster with every
// process of the cluster, server and postmaster together (the server alone is the SQLite test's
// kill, and one restart less here) — while citizens write and a staff team
// publishes; every acknowledged write found after each recovery, nothing half-written, no orphan
// rows, the audit chain whole, the server answering. Needs root and the PostgreSQL server binaries:
// skipped with the reason otherwise, a failure when GONGKAI_REQUIRE_POSTGRES=1 (CI).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CrashReport, describeReport, type KillKind, runCrashHarness } from './crash-harness.ts';
import { ownClusterUnavailable } from './crash-postgres.ts';

function skipReason(): string | false {
  const reason = ownClusterUnavailable();
  if (reason === null) return false;
  if (process.env.GONGKAI_REQUIRE_POSTGRES === '1')
    throw new Error(`GONGKAI_REQUIRE_POSTGRES=1, but the PostgreSQL crash test cannot run: ${reason}`);
  process.stderr.write(`# skipping the PostgreSQL crash test: ${reason}\n`);
  return reason;
}

const KILLS: KillKind[] = ['backend', 'postmaster', 'server+postmaster'];

describe('crash safety on PostgreSQL (T-R2, small run)', { skip: skipReason() }, () => {
  it('keeps every acknowledged write through kills of a backend, the postmaster, and server with postmaster', {
    timeout: 420_000,
  }, async (t) => {
    const report: CrashReport = await runCrashHarness({
      engine: 'postgres',
      iterations: KILLS.length,
      kills: KILLS,
      seed: 20261127,
      clients: 4,
      publishers: 1,
      killAfterMs: [400, 1200],
      data: 'minimal',
    });
    t.diagnostic(describeReport(report));
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.unexpectedAnswers, []);
    assert.deepEqual(report.kills, { backend: 1, postmaster: 1, 'server+postmaster': 1 });
    assert.equal(report.perIteration.length, KILLS.length);
    assert.ok(report.acknowledged >= KILLS.length, `only ${report.acknowledged} writes acknowledged`);
    assert.equal(report.found, report.acknowledged);
    assert.ok(report.cutOff >= KILLS.length, `only ${report.cutOff} writes cut off by the kills`);
  });
});
