// `npm run bench [-- --quick] [-- NAME...]`: runs every bench/*.bench.ts (or those whose file name
// contains one of NAME), prints a table and writes all results to bench/results/latest.json.
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoDatabase } from './servers.ts';

/** One measured figure. `baseline`, when present, is what the figure should be read against. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** How the figure was obtained (iterations, sizes), for the JSON file. */
  detail?: Record<string, unknown>;
  baseline?: { name: string; value: number; unit: string };
  /** A target the figure should meet, higher is better. Missing it is reported, not a failure. */
  target?: number;
  /** A target the figure should stay at or under (latencies, times). */
  targetMax?: number;
  /**
   * Why the figure is not valid: the bench saw errors it did not expect (non-2xx answers, timeouts,
   * a wrong page). A failed result makes the run exit non-zero.
   */
  failed?: string;
}

export interface BenchOptions {
  /** Fewer iterations and smaller data: the whole run stays under three minutes. */
  quick: boolean;
  log: (line: string) => void;
}

export type Bench = (options: BenchOptions) => Promise<BenchResult[]>;

const benchDir = new URL('./', import.meta.url);
const resultsDir = new URL('./results/', import.meta.url);

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** met / MISSED against the result's target, or '' without one. */
function verdict(r: BenchResult): string {
  if (r.target !== undefined) return `${r.value >= r.target ? 'met' : 'MISSED'} (≥ ${format(r.target)})`;
  if (r.targetMax !== undefined)
    return `${r.value <= r.targetMax ? 'met' : 'MISSED'} (≤ ${format(r.targetMax)})`;
  return '';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    )
    .join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { quick: { type: 'boolean', default: false }, child: { type: 'string' } },
  });
  const quick = values.quick === true;
  if (values.child !== undefined) return runChild(values.child, quick);
  const files = (await readdir(benchDir))
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => positionals.length === 0 || positionals.some((p) => f.includes(p)))
    .sort();
  if (files.length === 0) {
    console.error('no bench/*.bench.ts matched');
    return 2;
  }
  const started = performance.now();
  // The machine may be shared: its load before and after says how far the figures can be trusted.
  const loadBefore = loadavg();
  const all: { file: string; seconds: number; results: BenchResult[] }[] = [];
  for (const file of files) {
    console.log(`# ${file}${quick ? ' (quick)' : ''}`);
    const benchStarted = performance.now();
    let results: BenchResult[];
    try {
      const module = (await import(new URL(file, benchDir).href)) as {
        default?: Bench;
        ownProcess?: boolean;
      };
      if (typeof module.default !== 'function') throw new Error(`${file} has no default export`);
      results =
        module.ownProcess === true
          ? await inChildProcess(file, quick)
          : await module.default({ quick, log: (line) => console.log(`  ${line}`) });
    } catch (error) {
      // One broken bench does not hide the others' figures; the run still fails.
      console.log(`  FAILED: ${(error as Error).stack ?? String(error)}`);
      results = [{ name: file, value: 0, unit: '', failed: (error as Error).message }];
    }
    const benchSeconds = (performance.now() - benchStarted) / 1000;
    console.log(`  (${benchSeconds.toFixed(1)} s)`);
    all.push({ file, seconds: benchSeconds, results });
  }
  const seconds = (performance.now() - started) / 1000;

  const rows = [['benchmark', 'value', 'unit', 'baseline', 'ratio', 'target']];
  for (const { results } of all) {
    for (const r of results) {
      rows.push([
        r.name,
        format(r.value),
        r.unit,
        r.baseline ? `${format(r.baseline.value)} ${r.baseline.unit} (${r.baseline.name})` : '',
        r.baseline && r.baseline.unit === r.unit ? `${(r.value / r.baseline.value).toFixed(3)}×` : '',
        r.failed !== undefined ? `FAILED: ${r.failed}` : verdict(r),
      ]);
    }
  }
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `\n${table(rows)}\n\n${seconds.toFixed(1)} s in all; load average ${load(loadBefore)} before, ${load(loadavg())} after`,
  );

  await mkdir(resultsDir, { recursive: true });
  const cpu = cpus()[0];
  const document = {
    date: new Date().toISOString(),
    quick,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpu ? `${cpu.model} (${cpus().length} logical)` : 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: { before: loadBefore, after: loadavg() },
    seconds,
    benches: all,
  };
  const out = new URL('latest.json', resultsDir);
  await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`written to ${out.pathname}`);
  const results = all.flatMap((b) => b.results);
  const missed = results.filter((r) => r.failed === undefined && verdict(r).startsWith('MISSED'));
  const failed = results.filter((r) => r.failed !== undefined);
  if (missed.length > 0) console.log(`${missed.length} target(s) MISSED (reported, not a failure)`);
  if (failed.length > 0)
    console.log(`${failed.length} result(s) FAILED: ${failed.map((r) => r.name).join('; ')}`);
  // Only a functional failure fails the run: speed depends on the machine and its load.
  return failed.length > 0 ? 1 : 0;
}

const RESULTS_MARK = '@@bench-results@@';

/** `--child FILE`: one bench in this process, its results as the last line of stdout. */
async function runChild(file: string, quick: boolean): Promise<number> {
  const module = (await import(new URL(file, benchDir).href)) as { default: Bench };
  const results = await module.default({ quick, log: (line) => console.log(`  ${line}`) });
  console.log(`${RESULTS_MARK}${JSON.stringify(results)}`);
  return 0;
}

/** A bench that asks for a process of its own: its log passed through, its results read back. */
async function inChildProcess(file: string, quick: boolean): Promise<BenchResult[]> {
  const env = { ...process.env, GONGKAI_BENCH_DEMO_TEMPLATE: await demoDatabase() };
  const args = [
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    '--child',
    file,
    ...(quick ? ['--quick'] : []),
  ];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let results: BenchResult[] | undefined;
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(RESULTS_MARK))
        results = JSON.parse(line.slice(RESULTS_MARK.length)) as BenchResult[];
      else console.log(line);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (results === undefined) throw new Error(`${file} in its own process exited ${code} without results`);
  return results;
}

process.exitCode = await main();
