// `npm run bench [-- --quick] [-- NAME...]`: runs every bench/*.bench.ts (or those whose file name
// contains one of NAME), prints a table and writes all results to bench/results/latest.json.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

/** One measured figure. `baseline`, when present, is what the figure should be read against. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** How the figure was obtained (iterations, sizes), for the JSON file. */
  detail?: Record<string, unknown>;
  baseline?: { name: string; value: number; unit: string };
  /** A target the figure should meet, higher is better. */
  target?: number;
}

export interface BenchOptions {
  /** Fewer iterations: the whole run stays under a minute. */
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
    options: { quick: { type: 'boolean', default: false } },
  });
  const quick = values.quick === true;
  const files = (await readdir(benchDir))
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => positionals.length === 0 || positionals.some((p) => f.includes(p)))
    .sort();
  if (files.length === 0) {
    console.error('no bench/*.bench.ts matched');
    return 2;
  }
  const started = performance.now();
  const all: { file: string; results: BenchResult[] }[] = [];
  for (const file of files) {
    console.log(`# ${file}${quick ? ' (quick)' : ''}`);
    const module = (await import(new URL(file, benchDir).href)) as { default?: Bench };
    if (typeof module.default !== 'function') throw new Error(`${file} has no default export`);
    const results = await module.default({ quick, log: (line) => console.log(`  ${line}`) });
    all.push({ file, results });
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
        r.target === undefined ? '' : `${r.value >= r.target ? 'met' : 'MISSED'} (≥ ${format(r.target)})`,
      ]);
    }
  }
  console.log(`\n${table(rows)}\n\n${seconds.toFixed(1)} s in all`);

  await mkdir(resultsDir, { recursive: true });
  const cpu = cpus()[0];
  const document = {
    date: new Date().toISOString(),
    quick,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpu ? `${cpu.model} (${cpus().length} logical)` : 'unknown',
    seconds,
    benches: all,
  };
  const out = new URL('latest.json', resultsDir);
  await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`written to ${out.pathname}`);
  const missed = all.flatMap((b) => b.results).filter((r) => r.target !== undefined && r.value < r.target);
  return missed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
