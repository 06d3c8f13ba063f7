// The SQLite crash-safety harness (quality target T-R1, issue 8). The real server (`gongkai serve`,
// a child process) runs on one SQLite file; clients write through the portal as citizens do
// (crash-clients.ts); at a random moment, with writes in flight, the server is killed with SIGKILL
// and started again on the same file, and the file is checked (crash-checks.ts) against the
// client-side log of every acknowledged write. The kill moments and the writes' choices come from
// a seed, so that a failing run can be repeated (the interleaving of the requests cannot be).
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgency, systemActor } from '../../src/agencies/index.ts';
import { loadConfig } from '../../src/config.ts';
import { buildDeps } from '../../src/deps.ts';
import { useCaseContext } from '../../src/server.ts';
import { type AuditMark, type CheckResult, checkDatabase } from './crash-checks.ts';
import {
  type Ack,
  seededRandom,
  type Target,
  type UnexpectedAnswer,
  type WriteKind,
  write,
} from './crash-clients.ts';

const root = new URL('../../', import.meta.url).pathname;

export interface CrashOptions {
  iterations: number;
  seed: number;
  /** Concurrent clients writing. */
  clients: number;
  /** The kill comes this long after the writes began: uniform in [min, max] ms, from the seed. */
  killAfterMs: readonly [number, number];
  /** `demo`: the demo data (gongkai seed-demo) under the writes; `minimal`: a region and two towns. */
  data: 'demo' | 'minimal';
  /** Where the database and the acknowledgement log go; a new temporary directory when absent. */
  dir?: string;
  /** Keep the directory afterwards (always kept when a violation was found). */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface IterationResult {
  iteration: number;
  killAfterMs: number;
  acknowledged: number;
  unexpected: number;
  /** Writes cut off by the kill (their connection failed): proof that the kill came mid-stream. */
  cutOff: number;
  /** SIGKILL to the restarted server answering. */
  restartMs: number;
}

export interface CrashReport {
  iterations: number;
  seed: number;
  acknowledged: number;
  /** Acknowledged writes found at the last check (all of them, unless a violation says otherwise). */
  found: number;
  /** Writes cut off by the kills, over all iterations. */
  cutOff: number;
  /** Writes stored although their answer never reached the client (committed as the kill came). */
  unacknowledgedPresent: number;
  violations: string[];
  unexpectedAnswers: UnexpectedAnswer[];
  auditRecords: number;
  elapsedMs: number;
  /** The slowest restart (SIGKILL to the server answering again). */
  maxRestartMs: number;
  dir: string;
  perIteration: IterationResult[];
}

export const DEFAULT_OPTIONS: CrashOptions = {
  iterations: 100,
  seed: 1,
  clients: 8,
  killAfterMs: [150, 1200],
  data: 'demo',
};

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<void>;
}

function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GONGKAI_DATABASE_URL: databaseUrl,
    GONGKAI_HOST: '127.0.0.1',
    // A port of its own each start: the kernel chooses a free one.
    GONGKAI_PORT: '0',
    GONGKAI_LOG_LEVEL: 'warn',
    // Every write comes from its own X-Forwarded-For address, so the per-address limits stay out of the way.
    GONGKAI_TRUST_PROXY: '127.0.0.1',
  };
}

/** `gongkai serve` on the file; resolves when it prints its portal address. */
function startServer(databaseUrl: string): Promise<Server> {
  const child = spawn(process.execPath, [join(root, 'bin/gongkai.js'), 'serve'], {
    cwd: root,
    env: serverEnv(databaseUrl),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /门户 (http:\/\/[^/\s]+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: match[1]!, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it started:\n${output}`));
    });
  });
}

async function seedData(databaseUrl: string, data: CrashOptions['data']): Promise<void> {
  if (data === 'demo') {
    const child = spawn(process.execPath, [join(root, 'bin/gongkai.js'), 'seed-demo'], {
      cwd: root,
      env: serverEnv(databaseUrl),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`gongkai seed-demo failed (${code}):\n${stderr}`);
    return;
  }
  // Through the use cases, as an administrator would set the agencies up.
  const deps = await buildDeps(
    loadConfig({ GONGKAI_DATABASE_URL: databaseUrl, GONGKAI_LOG_LEVEL: 'silent' }),
  );
  try {
    const ctx = useCaseContext(deps);
    const operator = systemActor('crash-harness');
    const region = await createAgency(ctx, operator, { parentId: null, kind: 'region', name: '济源示范区' });
    await createAgency(ctx, operator, { parentId: region.id, kind: 'town', name: '承留镇' });
    await createAgency(ctx, operator, { parentId: region.id, kind: 'town', name: '思礼镇' });
  } finally {
    await deps.database.close();
  }
}

/** The towns: they take applications (a village does not) and complaints. */
async function townIds(databaseUrl: string): Promise<string[]> {
  const deps = await buildDeps(
    loadConfig({ GONGKAI_DATABASE_URL: databaseUrl, GONGKAI_LOG_LEVEL: 'silent' }),
  );
  try {
    const rows = await deps.database.db
      .selectFrom('agencies')
      .select('id')
      .where('kind', '=', 'town')
      .orderBy('name')
      .execute();
    return rows.map((r) => r.id);
  } finally {
    await deps.database.close();
  }
}

export async function runCrashHarness(partial: Partial<CrashOptions> = {}): Promise<CrashReport> {
  const options: CrashOptions = { ...DEFAULT_OPTIONS, ...partial };
  const log = options.log ?? (() => {});
  const started = performance.now();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'gongkai-crash-'));
  const databaseUrl = `sqlite:${join(dir, 'crash.sqlite')}`;
  const ackLog = join(dir, 'acks.jsonl');
  const random = seededRandom(options.seed);
  const acks: Ack[] = [];
  const unexpectedAnswers: UnexpectedAnswer[] = [];
  const violations: string[] = [];
  const perIteration: IterationResult[] = [];
  let nextMarker = 1;
  let auditMark: AuditMark | null = null;
  let found = 0;
  let unacknowledgedPresent = 0;
  let auditRecords = 0;
  let maxRestartMs = 0;

  await seedData(databaseUrl, options.data);
  const agencyIds = await townIds(databaseUrl);
  if (agencyIds.length === 0) throw new Error('no town in the database to write to');
  log(`数据库 ${databaseUrl}，写入机构 ${agencyIds.length} 个，种子 ${options.seed}`);

  let server: Server | null = await startServer(databaseUrl);
  try {
    for (let iteration = 1; iteration <= options.iterations; iteration++) {
      const target: Target = { base: server.base, agencyIds };
      const [min, max] = options.killAfterMs;
      const killAfterMs = Math.round(min + random() * (max - min));
      // The writes' kinds and agencies, drawn from the seed before any of them runs.
      const choose = seededRandom(Math.floor(random() * 2 ** 32));
      let stopping = false;
      let acknowledged = 0;
      let unexpected = 0;
      let cutOff = 0;
      const client = async () => {
        while (!stopping) {
          const n = nextMarker++;
          const kind: WriteKind = choose() < 0.6 ? 'application' : 'complaint';
          const agencyId = agencyIds[Math.floor(choose() * agencyIds.length)]!;
          const outcome = await write(target, kind, agencyId, n, iteration);
          if (outcome.kind === 'ack') {
            acks.push(outcome.ack);
            acknowledged++;
            appendFileSync(ackLog, `${JSON.stringify(outcome.ack)}\n`);
          } else if (stopping) {
            cutOff++;
          } else if (outcome.kind === 'unexpected') {
            unexpected++;
            unexpectedAnswers.push(outcome.answer);
          } else {
            unexpected++;
            unexpectedAnswers.push({
              kind,
              marker: n,
              status: 0,
              excerpt: String((outcome.error as Error).cause ?? outcome.error),
              iteration,
            });
          }
        }
      };
      const clients = Array.from({ length: options.clients }, client);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      const killedAt = performance.now();
      stopping = true;
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(clients);

      let restarted: Server | null = null;
      let answered = false;
      try {
        restarted = await startServer(databaseUrl);
        // The server answers again: the form of the first town.
        const answer = await fetch(`${restarted.base}/agencies/${agencyIds[0]}/apply`);
        await answer.arrayBuffer();
        answered = answer.status === 200;
        if (!answered)
          violations.push(`iteration ${iteration}: the restarted server answered ${answer.status}`);
      } catch (error) {
        violations.push(
          `iteration ${iteration}: the server did not start again: ${(error as Error).message}`,
        );
      }
      const restartMs = performance.now() - killedAt;
      maxRestartMs = Math.max(maxRestartMs, restartMs);
      // A file that cannot even be read is a violation too, not a crash of the harness.
      const check: CheckResult = await checkDatabase(databaseUrl, acks, auditMark).catch((error: Error) => ({
        violations: [`the database could not be checked: ${error.message}`],
        found: 0,
        unacknowledgedPresent,
        auditMark,
        auditRecords,
      }));
      for (const v of check.violations) violations.push(`iteration ${iteration}: ${v}`);
      auditMark = check.auditMark;
      found = check.found;
      unacknowledgedPresent = check.unacknowledgedPresent;
      auditRecords = check.auditRecords;
      perIteration.push({
        iteration,
        killAfterMs,
        acknowledged,
        unexpected,
        cutOff,
        restartMs: Math.round(restartMs),
      });
      // A server that does not come back ends the run (the file was checked as it is).
      if (restarted === null) break;
      server = restarted;
      log(
        `第 ${iteration} 次：${killAfterMs} ms 后 SIGKILL，本轮确认 ${acknowledged} 件、中断 ${cutOff} 件，累计确认 ${acks.length} 件、找到 ${found} 件，` +
          `重启 ${Math.round(restartMs)} ms，问题 ${check.violations.length + (answered ? 0 : 1)} 个`,
      );
      if (unexpected > 0) log(`  意外应答 ${unexpected} 个`);
    }
  } finally {
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
  const report: CrashReport = {
    iterations: options.iterations,
    seed: options.seed,
    acknowledged: acks.length,
    found,
    cutOff: perIteration.reduce((sum, i) => sum + i.cutOff, 0),
    unacknowledgedPresent,
    violations,
    unexpectedAnswers,
    auditRecords,
    elapsedMs: Math.round(performance.now() - started),
    maxRestartMs: Math.round(maxRestartMs),
    dir,
    perIteration,
  };
  if (!options.keep && options.dir === undefined && violations.length === 0 && unexpectedAnswers.length === 0)
    rmSync(dir, { recursive: true, force: true });
  return report;
}

/** The summary printed by `npm run crash`. */
export function describeReport(report: CrashReport): string {
  const lines = [
    `崩溃测试（SQLite，SIGKILL）：${report.iterations} 次，种子 ${report.seed}，用时 ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `  已确认的写入 ${report.acknowledged} 件，重启后找到 ${report.found} 件；被 SIGKILL 中断 ${report.cutOff} 件，其中未确认但已写入 ${report.unacknowledgedPresent} 件`,
    `  审计记录 ${report.auditRecords} 条；最慢的重启 ${report.maxRestartMs} ms`,
    `  违规 ${report.violations.length} 个，意外应答 ${report.unexpectedAnswers.length} 个`,
  ];
  for (const v of report.violations.slice(0, 20)) lines.push(`  违规：${v}`);
  for (const a of report.unexpectedAnswers.slice(0, 10))
    lines.push(
      `  意外应答：第 ${a.iteration} 次 ${a.kind} 崩溃测试第${a.marker}号 HTTP ${a.status} ${a.excerpt}`,
    );
  if (report.violations.length > 0 || report.unexpectedAnswers.length > 0)
    lines.push(`  数据保留在 ${report.dir}`);
  return lines.join('\n');
}
