// How fast `report check` reads and checks annual reports given as text, the form most published
// reports reach us in: (a) in-process on one core, against the cost of merely decoding the text and
// of JSON.parse of the same report's model; (b) the CLI end to end on a directory of 500 reports.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseReport } from '../src/reports/parse/parse-report.ts';
import type { AnnualReport } from '../src/reports/report.ts';
import {
  APPLICANT_COLUMNS,
  TABLE3_CORNER,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../src/reports/report-format.ts';
import { checkReport, combineFindings } from '../src/reports/rules/check-report.ts';
import { arbitraryConsistentReport } from '../src/reports/testing/arbitrary-report.ts';
import type { BenchOptions, BenchResult } from './run.ts';

const TARGET_REPORTS_PER_SECOND = 1000;
const SEED = 20_240_131;
const repoRoot = new URL('../', import.meta.url).pathname;

// Work descriptions of the kind that make up most of a real 总体情况, so the text is seed-sized (~6.6 kB).
const FILLER = [
  '加强组织领导，建立了主要领导亲自抓、分管领导具体抓、牵头部门主动抓的工作推进机制，每季度召开专题会议研究政务公开工作，明确专人负责信息公开及日常管理和信息报送工作。',
  '完善工作机制，不断健全政府信息主动公开工作机制和政府信息公开申请受理机制，规范和完善工作流程，明确申请受理、审查、处理、答复等各个环节，严格落实一次性告知制度、限时办结制度；建立政府信息发布保密审查制度，确保政府信息公开工作顺利开展。',
  '做好政务服务事项梳理，便民服务大厅设立综合窗口、市场监督管理窗口、人社窗口、民政窗口等服务窗口，通过政务信息公开专用平台、电子显示屏、二维码扫描等形式及时公开相关信息，保障公众的知情权、参与权和监督权；通过对外公开承诺、公布效能投诉电话、开展窗口服务满意度测评等方式拓宽监督渠道，广泛征求意见。',
];

/** The report as flattened text, laid out like the seed: Markdown headings, tables as tab-separated lines. */
export function renderText(report: AnnualReport): string {
  const lines: string[] = [`# ${report.title}`, '', ...report.preamble, ''];
  const sections = new Map(report.sections.map((s) => [s.key, s]));
  const heading = (key: string) => {
    const s = sections.get(key as never);
    if (s) lines.push(`### ${s.heading}`, '');
  };
  const paragraphs = (key: string) => {
    for (const p of sections.get(key as never)?.paragraphs ?? []) lines.push(p, '');
  };
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

  heading('overview');
  paragraphs('overview');
  lines.push(...FILLER.flatMap((p) => [p, '']));

  heading('proactive');
  paragraphs('proactive');
  for (const block of table2Layout(report.format)) {
    lines.push(`${block.item}${'\t'.repeat(block.columns.length)}`);
    lines.push(['信息内容', ...block.columns.map((c) => c.label)].join('\t'));
    for (const row of block.rows)
      lines.push([row.label, ...(report.table2[row.key] ?? []).map(cell)].join('\t'));
  }
  lines.push('');

  heading('applications');
  paragraphs('applications');
  lines.push(`${TABLE3_CORNER}\t\t申请人情况\t\t\t\t\t\t总计\t`);
  lines.push(`\t\t${APPLICANT_COLUMNS[0]}\t法人或其他组织\t\t\t\t\t\t`);
  lines.push(`\t\t\t${APPLICANT_COLUMNS.slice(1, -1).join('\t')}\t\t`);
  let group: string | undefined;
  for (const row of table3Rows(report.format)) {
    const values = (report.table3[row.key] ?? []).map(cell).join('\t');
    if (row.groupLabel === undefined) {
      lines.push(
        row.key === 'granted' ? `三、本年度办理结果\t${row.label}\t${values}` : `${row.label}\t\t${values}`,
      );
    } else {
      lines.push(`\t${row.groupLabel === group ? '' : row.groupLabel}\t${row.label}\t${values}`);
    }
    group = row.groupLabel;
  }
  lines.push('');

  heading('appeals');
  paragraphs('appeals');
  lines.push(`行政复议${'\t'.repeat(5)}行政诉讼`);
  lines.push(
    `${TABLE4_RESULTS.join('\t')}\t${TABLE4_GROUPS.slice(1)
      .map((g) => `${g.label}\t\t\t\t`)
      .join('\t')}`,
  );
  lines.push(TABLE4_GROUPS.flatMap((g) => report.table4[g.key].map(cell)).join('\t'));
  lines.push('');

  heading('problems');
  paragraphs('problems');
  heading('other');
  paragraphs('other');
  if (report.publishedOn) {
    const [y, m, d] = report.publishedOn.split('-').map(Number);
    lines.push(`${y}年${m}月${d}日`);
  }
  return `${lines.join('\n')}\n`;
}

interface Sample {
  name: string;
  bytes: Uint8Array;
  json: string;
}

function samples(count: number): Sample[] {
  const encoder = new TextEncoder();
  return fc.sample(arbitraryConsistentReport(), { numRuns: count, seed: SEED }).map((report, i) => ({
    name: `report-${String(i).padStart(3, '0')}.txt`,
    bytes: encoder.encode(renderText(report)),
    json: JSON.stringify(report),
  }));
}

async function checkOne(sample: Sample): Promise<number> {
  const parsed = await parseReport(sample.bytes, sample.name);
  return combineFindings(parsed.findings, checkReport(parsed.report)).length;
}

/**
 * Runs `step` over the samples round-robin: a warm-up of `warmUpMs`, then at least `measureMs` and
 * at least one full pass over the samples, timed; returns items per second and the iterations timed.
 */
async function rate(
  items: Sample[],
  warmUpMs: number,
  measureMs: number,
  step: (s: Sample) => unknown,
): Promise<{ perSecond: number; iterations: number }> {
  let i = 0;
  const warmUpEnd = performance.now() + warmUpMs;
  while (performance.now() < warmUpEnd) await step(items[i++ % items.length]!);
  const start = performance.now();
  let iterations = 0;
  // Check the clock every 50 steps only: reading it is not free next to a JSON.parse.
  while (iterations < items.length || performance.now() - start < measureMs) {
    for (let k = 0; k < 50; k++, iterations++) await step(items[i++ % items.length]!);
  }
  return { perSecond: iterations / ((performance.now() - start) / 1000), iterations };
}

function runCli(
  args: string[],
): Promise<{ seconds: number; code: number | null; lines: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['bin/gongkai.js', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter((l) => l.trim() !== '').length;
      resolve({ seconds: (performance.now() - start) / 1000, code, lines, stderr });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export default async function reportCheckBench({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const set = samples(200);
  const averageBytes = set.reduce((a, s) => a + s.bytes.length, 0) / set.length;
  log(`${set.length} generated reports rendered as text, ${Math.round(averageBytes)} bytes on average`);

  // The bench measures the normal path only if the rendered reports read back clean.
  let findings = 0;
  for (const sample of set) findings += await checkOne(sample);
  if (findings > 0)
    log(`warning: ${findings} findings on the generated reports; the renderer and the reader disagree`);

  const warmUpMs = quick ? 500 : 2000;
  const measureMs = quick ? 2000 : 8000;
  const decoder = new TextDecoder();
  const checked = await rate(set, warmUpMs, measureMs, checkOne);
  const parsedOnly = await rate(set, warmUpMs, measureMs, (s) => parseReport(s.bytes, s.name));
  const reports = await Promise.all(set.map(async (s) => (await parseReport(s.bytes, s.name)).report));
  let next = 0;
  const checkOnly = await rate(set, warmUpMs, measureMs, () =>
    checkReport(reports[next++ % reports.length]!),
  );
  const jsonParse = await rate(set, warmUpMs, measureMs, (s) => JSON.parse(s.json));
  const decode = await rate(set, warmUpMs, measureMs, (s) => decoder.decode(s.bytes));
  log(
    `in process: ${Math.round(checked.perSecond)} reports/s ` +
      `(parse ${Math.round(parsedOnly.perSecond)}/s, check ${Math.round(checkOnly.perSecond)}/s)`,
  );

  const batch = 500;
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-bench-'));
  try {
    const batchSet = samples(batch);
    await Promise.all(batchSet.map((s) => writeFile(join(dir, s.name), s.bytes)));
    const runs = quick ? 1 : 3;
    const totals: number[] = [];
    const startups: number[] = [];
    for (let r = 0; r < runs; r++) {
      const one = await runCli(['report', 'check', '--json', join(dir, batchSet[0]!.name)]);
      startups.push(one.seconds);
      const all = await runCli(['report', 'check', '--json', dir]);
      if (all.lines !== batch)
        throw new Error(`CLI printed ${all.lines} lines for ${batch} reports: ${all.stderr}`);
      if (all.code !== 0) log(`CLI exit code ${all.code} (findings on generated reports)`);
      totals.push(all.seconds);
    }
    const total = median(totals);
    const startup = median(startups);
    log(
      `CLI: ${batch} reports in ${total.toFixed(2)} s, of which about ${startup.toFixed(2)} s is starting up`,
    );
    return [
      {
        name: 'parse + check, text, in process',
        value: checked.perSecond,
        unit: 'reports/s',
        target: TARGET_REPORTS_PER_SECOND,
        baseline: { name: 'JSON.parse of the model', value: jsonParse.perSecond, unit: 'reports/s' },
        detail: { reports: set.length, averageBytes, warmUpMs, iterations: checked.iterations, findings },
      },
      {
        name: 'parse only (parseReport)',
        value: parsedOnly.perSecond,
        unit: 'reports/s',
        detail: { iterations: parsedOnly.iterations },
      },
      {
        name: 'check only (checkReport)',
        value: checkOnly.perSecond,
        unit: 'reports/s',
        detail: { iterations: checkOnly.iterations },
      },
      {
        name: 'decode the text only',
        value: decode.perSecond,
        unit: 'reports/s',
        detail: {
          iterations: decode.iterations,
          note: 'TextDecoder over the same bytes: the floor for any text reader',
        },
      },
      {
        name: `CLI report check --json, ${batch} files`,
        value: batch / total,
        unit: 'reports/s',
        target: TARGET_REPORTS_PER_SECOND,
        detail: {
          reports: batch,
          seconds: total,
          startupSeconds: startup,
          reportsPerSecondAfterStartup: batch / Math.max(total - startup, 1e-9),
          runs: totals,
        },
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
