// The personal-data leak scan of issue 8 (T-S4), small version for `npm test` (SQLite, about 40 s;
// `npm run leak-scan` runs the big one): personal data planted in every private place through the
// real forms and use cases, then every public output crawled and scanned — zero found. The planted
// values are proven stored and the scanner proven to see them on a staff page, so a clean result
// cannot come from planting nothing or scanning blind.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CHROMIUM } from '../../src/reports/render/to-pdf.ts';
import { describeFindings, type LeakRunResult, runLeakScan } from './leak-run.ts';

describe('personal-data leak scan of every public output (SQLite)', () => {
  let result: LeakRunResult;
  before(async () => {
    result = await runLeakScan({
      engine: 'sqlite',
      scale: 1,
      demo: false,
      extraItems: 0,
      maxPages: 300,
      maxProbes: 12,
    });
  });
  after(() => {
    if (result === undefined) return;
    process.stdout.write(
      `leak scan: ${result.outputs} outputs (${result.probeOutputs} probes, ${result.ownerOutputs} owner pages), ` +
        `${result.routesFetched.length} public GET routes, ${(result.textBytes / 1e6).toFixed(1)} MB of text, ` +
        `${result.canariesStored}/${result.canariesTotal} canaries stored, ${result.findings.length} findings, ` +
        `PDF export ${result.pdfExport}; ${JSON.stringify(result.timings)}\n`,
    );
  });

  it('planted every value in the database (the scan has something to find)', () => {
    assert.deepEqual(result.canariesMissing, []);
    assert.equal(result.canariesStored, result.canariesTotal);
    assert.ok(result.canariesTotal >= 40, `${result.canariesTotal} canaries`);
  });

  it('the 保密审查 refused the item with personal numbers until redacted and its files removed', () => {
    const { gate } = result.seed;
    assert.ok(gate.findingsOnSubmit >= 6, `${gate.findingsOnSubmit} findings on submission`);
    assert.deepEqual(gate.filesWithFindings, ['补助名单明细.docx', '补助名单明细.pdf', '补助名单明细.xlsx']);
    assert.equal(gate.refusedUnredacted, true, 'signature refused while numbers are in the text');
    assert.ok(gate.redacted >= 5, `${gate.redacted} redacted`);
    assert.equal(gate.refusedWithFiles, true, 'signature refused while the files hold numbers');
  });

  it('the scanner finds the planted data on the clerk’s page, where it is shown on purpose', () => {
    assert.deepEqual(result.control.found.sort(), result.control.expected.sort());
    assert.ok(result.control.patternKinds.includes('id_number'), result.control.patternKinds.join());
    assert.ok(result.control.patternKinds.includes('mobile'), result.control.patternKinds.join());
  });

  it('fetched every public GET route, the exports and the owners’ pages', () => {
    assert.deepEqual(result.routesWithoutTargets, []);
    assert.ok(result.outputs > 100, `${result.outputs} outputs`);
    assert.ok(result.ownerOutputs >= 5, `${result.ownerOutputs} owner outputs`);
    assert.deepEqual(result.ownerProblems, [], 'owner pages answered and marked no-store');
    if (!existsSync(DEFAULT_CHROMIUM) && process.env.GONGKAI_REQUIRE_BROWSER !== '1') return;
    assert.equal(result.pdfExport, 'rendered', 'the annual report’s PDF was rendered and scanned');
  });

  it('finds no personal data in any public output', () => {
    assert.equal(result.findings.length, 0, `\n${describeFindings(result.findings)}`);
  });
});
