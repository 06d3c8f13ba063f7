// Rendering a report and reading it back gives the same model, for every output format.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { renderReport } from '../src/cli/report-render.ts';
import { parseReport } from '../src/reports/parse/parse-report.ts';
import type { AnnualReport } from '../src/reports/report.ts';

const FORMATS = ['html', 'docx', 'xlsx', 'md', 'json'] as const;
const FILE_NAMES = { html: 'r.html', docx: 'r.docx', xlsx: 'r.xlsx', md: 'r.md', json: 'r.json' } as const;

const seedDir = new URL('../../shared/seed/', import.meta.url);
const seedFile = new URL(readdirSync(seedDir).find((f) => f.endsWith('.txt'))!, seedDir);

async function load(url: URL): Promise<AnnualReport> {
  return (await parseReport(readFileSync(url), url.pathname)).report;
}

function comparable(report: AnnualReport) {
  return { ...report, unreadableCells: report.unreadableCells };
}

async function roundTrip(report: AnnualReport, format: (typeof FORMATS)[number]): Promise<AnnualReport> {
  const bytes = await renderReport(report, format);
  const parsed = await parseReport(bytes, FILE_NAMES[format]);
  return parsed.report;
}

const sources: [string, () => Promise<AnnualReport>][] = [
  ['the seed report', () => load(seedFile)],
  [
    'a consistent 2023 town report',
    () => load(new URL('../examples/qingshi-town-2023.txt', import.meta.url)),
  ],
  [
    'a 2020 report in the 2019 format',
    () => load(new URL('../examples/baisha-market-2020.txt', import.meta.url)),
  ],
  [
    'a Markdown report with errors',
    () => load(new URL('../examples/chengnan-subdistrict-2022.md', import.meta.url)),
  ],
  [
    'a report with blank cells, decimals and hostile text',
    async () => {
      const report = await load(new URL('../examples/qingshi-town-2023.txt', import.meta.url));
      report.table3.carriedIn = [null, 0, 0, null, 0, 0, null];
      report.table4.reconsideration[2] = null;
      report.table2.fees = [0.0375];
      report.table2.normativeDocs = [null, 0, 3];
      report.sections[0]!.paragraphs.push(
        '<script>alert(1)</script> | 管道符 \\ 反斜杠 *星号* # 井号 “引号” &amp;',
      );
      return report;
    },
  ],
];

for (const [name, make] of sources) {
  describe(`round trip of ${name}`, () => {
    for (const format of FORMATS) {
      it(`${format}: render then parse gives back the same model`, async () => {
        const report = await make();
        assert.ok(report.sections.length === 6, 'fixture has the six sections');
        const back = await roundTrip(report, format);
        assert.deepEqual(comparable(back), comparable(report));
      });
    }
  });
}
