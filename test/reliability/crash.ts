// `npm run crash -- [--iterations N] [--seed S] [--clients C] [--engine sqlite] [--data demo|minimal]
// [--dir DIR]`: the crash-safety harness (crash-harness.ts) from the command line. Prints one line
// per iteration and a summary; exit 1 on any violation or unexpected answer, 2 on bad arguments.
import { parseArgs } from 'node:util';
import { type CrashOptions, DEFAULT_OPTIONS, describeReport, runCrashHarness } from './crash-harness.ts';

const USAGE =
  '用法：npm run crash -- [--iterations N] [--seed S] [--clients C] [--engine sqlite] [--data demo|minimal] [--dir 目录]';

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} 须为正整数：${value}`);
  return n;
}

async function main(): Promise<number> {
  let options: Partial<CrashOptions>;
  try {
    const { values } = parseArgs({
      options: {
        iterations: { type: 'string' },
        seed: { type: 'string' },
        clients: { type: 'string' },
        engine: { type: 'string' },
        data: { type: 'string' },
        dir: { type: 'string' },
      },
      strict: true,
    });
    if (values.engine !== undefined && values.engine !== 'sqlite')
      throw new Error(`--engine：目前只有 sqlite（PostgreSQL 的崩溃测试尚未实现）：${values.engine}`);
    if (values.data !== undefined && values.data !== 'demo' && values.data !== 'minimal')
      throw new Error(`--data 须为 demo 或 minimal：${values.data}`);
    options = {
      iterations: positiveInteger(values.iterations, 'iterations', DEFAULT_OPTIONS.iterations),
      seed: positiveInteger(values.seed, 'seed', DEFAULT_OPTIONS.seed),
      clients: positiveInteger(values.clients, 'clients', DEFAULT_OPTIONS.clients),
      data: (values.data as CrashOptions['data'] | undefined) ?? DEFAULT_OPTIONS.data,
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
