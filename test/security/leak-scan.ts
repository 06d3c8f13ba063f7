// `npm run leak-scan`: the big personal-data leak scan (issue 8, T-S4). The demo installation plus
// planted personal data in every private place, `--scale` rounds of it, `--items` more published
// items, crawled and scanned on each engine. Prints a summary per engine and every finding (URL,
// kind, masked value); exits 1 on any finding or failed check. The small version runs in npm test
// (leak-scan.test.ts).
//   npm run leak-scan -- [--engine sqlite|postgres|both] [--scale 20] [--items 500] [--pages 3000] [--probes 200]
import { parseArgs } from 'node:util';
import type { Engine } from '../../src/db/database.ts';
import { postgresUnavailable } from '../../src/db/testing.ts';
import { describeFindings, runLeakScan } from './leak-run.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    scale: { type: 'string', default: '20' },
    items: { type: 'string', default: '500' },
    pages: { type: 'string', default: '3000' },
    probes: { type: 'string', default: '200' },
  },
});
const engines: Engine[] =
  values.engine === 'both' ? ['sqlite', 'postgres'] : [values.engine === 'postgres' ? 'postgres' : 'sqlite'];
let failed = false;
for (const engine of engines) {
  if (engine === 'postgres') {
    const reason = await postgresUnavailable();
    if (reason) {
      process.stdout.write(`PostgreSQL skipped: ${reason}\n`);
      continue;
    }
  }
  const started = performance.now();
  process.stdout.write(`\n== leak scan on ${engine}\n`);
  const result = await runLeakScan({
    engine,
    scale: Number(values.scale),
    demo: true,
    extraItems: Number(values.items),
    maxPages: Number(values.pages),
    maxProbes: Number(values.probes),
    log: (line) => process.stdout.write(`  ${line}\n`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const checks: [string, boolean][] = [
    [
      `planted values stored ${result.canariesStored}/${result.canariesTotal}`,
      result.canariesMissing.length === 0,
    ],
    [
      `保密审查 gate: ${result.seed.gate.findingsOnSubmit} findings, refused before redaction and while files held numbers (${result.seed.gate.filesWithFindings.join(', ')})`,
      result.seed.gate.refusedUnredacted && result.seed.gate.refusedWithFiles,
    ],
    [
      `positive control on the clerk's page: ${result.control.found.length}/${result.control.expected.length} canaries, kinds ${result.control.patternKinds.join(',')}`,
      result.control.found.length === result.control.expected.length,
    ],
    [
      `public GET routes fetched ${result.routesFetched.length}, without a record: ${result.routesWithoutTargets.join(', ') || 'none'}`,
      result.routesWithoutTargets.length === 0,
    ],
    [
      `owner pages answered and no-store: ${result.ownerProblems.join('; ') || 'all'}`,
      result.ownerProblems.length === 0,
    ],
    [`findings ${result.findings.length}`, result.findings.length === 0],
  ];
  process.stdout.write(
    `  ${result.seed.people.length} planted people, ${result.outputs} outputs scanned ` +
      `(${result.probeOutputs} probes, ${result.ownerOutputs} owner pages), ` +
      `${(result.textBytes / 1e6).toFixed(1)} MB of text, PDF export ${result.pdfExport}, ${seconds} s\n`,
  );
  for (const [label, ok] of checks) {
    process.stdout.write(`  ${ok ? 'ok  ' : 'FAIL'} ${label}\n`);
    if (!ok) failed = true;
  }
  if (result.findings.length > 0) process.stdout.write(`${describeFindings(result.findings, 500)}\n`);
}
process.exitCode = failed ? 1 : 0;
