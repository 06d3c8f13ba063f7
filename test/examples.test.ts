// The sample reports of `npm start` say what the README says they say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseReport } from '../src/reports/parse/parse-report.ts';
import { checkReport, combineFindings } from '../src/reports/rules/check-report.ts';

async function check(name: string) {
  const file = new URL(`../examples/${name}`, import.meta.url);
  const parsed = await parseReport(readFileSync(file), name);
  return { parsed, findings: combineFindings(parsed.findings, checkReport(parsed.report)) };
}

function rules(findings: { rule: string; severity: string }[], severity: string) {
  return findings.filter((f) => f.severity === severity).map((f) => f.rule);
}

describe('examples/', () => {
  it('the 2023 town report is consistent (one info on its normative document)', async () => {
    const { parsed, findings } = await check('qingshi-town-2023.txt');
    assert.equal(parsed.report.body, '青石镇人民政府');
    assert.equal(parsed.report.publishedOn, '2024-01-22');
    assert.deepEqual(rules(findings, 'error'), []);
    assert.deepEqual(rules(findings, 'warning'), []);
    assert.deepEqual(rules(findings, 'info'), ['R7']);
  });

  it('the 2020 report in the 2019 format is consistent', async () => {
    const { parsed, findings } = await check('baisha-market-2020.txt');
    assert.equal(parsed.report.format, '2019');
    assert.deepEqual(parsed.report.table2.procurement, [3, 48.6]);
    assert.deepEqual(findings, []);
  });

  it('the Markdown sub-district report breaks R1 in two columns and claims all cases were upheld', async () => {
    const { findings } = await check('chengnan-subdistrict-2022.md');
    assert.deepEqual(rules(findings, 'error').sort(), ['R1', 'R1', 'X3']);
    assert.match(findings.find((f) => f.rule === 'X3')!.message, /均获维持.*尚未审结 1 件/);
  });

  it('the portal page is found inside its navigation, does not add up (R3) and was published late (X6)', async () => {
    const { parsed, findings } = await check('baisha-transport-2023.html');
    assert.equal(parsed.input, 'html');
    assert.equal(parsed.report.body, '白沙县交通运输局');
    assert.equal(parsed.report.year, 2023);
    assert.deepEqual(parsed.report.table2.licensing, [1286]);
    assert.deepEqual(parsed.report.table2.fees, [12.35]);
    assert.deepEqual(rules(findings, 'error').sort(), ['R3', 'R3', 'X6']);
    assert.match(findings.find((f) => f.rule === 'X6')!.message, /2024-02-20 晚于.*2024-01-31/);
  });
});
