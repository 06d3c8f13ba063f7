// `npm run crash -- [--engine sqlite|postgres] [--iterations N] [--seed S] [--clients C]
// [--publishers P] [--kills server,postmaster,backend,server+postmaster] [--data demo|minimal]
// [--dir DIR]`: the crash-safety harness (crash-harness.ts) from the command line. Prints one line
// per iteration and a summary; exit 1 on any violation or unexpected answer, 2 on bad arguments or
// when PostgreSQL's own cluster cannot be made here.
import { parseArgs } from 'node:util';
import {
  type CrashOptions,
  DEFAULT_OPTIONS,
  describeReport,
  type Engine,
  KILL_KINDS,
  type KillKind,
  runCrashHarness,
} from './crash-harness.ts';
import { ownClusterUnavailable } from './crash-postgres.ts';

const USAGE =
  '用法：npm run crash -- [--engine sqlite|postgres] [--iterations N] [--seed S] [--clients C] [--publishers P] ' +
  '[--kills server,postmaster,backend,server+postmaster] [--data demo|minimal] [--dir 目录]';

function count(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} 须为${min === 0 ? '非负' : '正'}整数：${value}`);
  return n;
}

async function main(): Promise<number> {
  let options: Partial<CrashOptions>;
  try {
    const { values } = parseArgs({
      options: {
        engine: { type: 'string' },
        iterations: { type: 'string' },
        seed: { type: 'string' },
        clients: { type: 'string' },
        publishers: { type: 'string' },
        kills: { type: 'string' },
        data: { type: 'string' },
        dir: { type: 'string' },
      },
      strict: true,
    });
    const engine = (values.engine ?? DEFAULT_OPTIONS.engine) as Engine;
    if (engine !== 'sqlite' && engine !== 'postgres')
      throw new Error(`--engine 须为 sqlite 或 postgres：${values.engine}`);
    if (engine === 'postgres') {
      const reason = ownClusterUnavailable();
      if (reason) throw new Error(`PostgreSQL 的崩溃测试无法在此运行：${reason}`);
    }
    const kills = values.kills?.split(',').map((k) => k.trim()) as KillKind[] | undefined;
    for (const kill of kills ?? [])
      if (!KILL_KINDS[engine].includes(kill))
        throw new Error(`--kills：${engine} 可选 ${KILL_KINDS[engine].join('、')}，没有 ${kill}`);
    if (values.data !== undefined && values.data !== 'demo' && values.data !== 'minimal')
      throw new Error(`--data 须为 demo 或 minimal：${values.data}`);
    options = {
      engine,
      iterations: count(values.iterations, 'iterations', DEFAULT_OPTIONS.iterations),
      seed: count(values.seed, 'seed', DEFAULT_OPTIONS.seed),
      clients: count(values.clients, 'clients', DEFAULT_OPTIONS.clients, 0),
      publishers: count(values.publishers, 'publishers', DEFAULT_OPTIONS.publishers, 0),
      data: (values.data as CrashOptions['data'] | undefined) ?? DEFAULT_OPTIONS.data,
      ...(kills ? { kills } : {}),
      ...(values.dir === undefined ? {} : { dir: values.dir, keep: true }),
      log: (line) => process.stdout.write(`${line}\n`),
    };
  } catch (error) {
    process.stderr.write(`参数有误：${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const report = await runCrashHarness(options);
  process.stdout.write(`${describeReport(report)}\n`);
  return report.violations.length === 0 && report.unexpectedAnswers.length === 0 ? 0 : 1;
}

process.exitCode = await main();
