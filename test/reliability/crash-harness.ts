// The crash-safety harness (quality targets T-R1 on SQLite, T-R2 on PostgreSQL, issue 8). The real
// server (`gongkai serve`, a child process) runs on one SQLite file or on a PostgreSQL cluster of the
// harness's own (crash-postgres.ts); citizens write through the portal (crash-clients.ts) and staff
// take 主动公开 items from draft to publication in the back office (crash-staff.ts); at a random
// moment, with writes in flight, something is killed with SIGKILL — the server, or on PostgreSQL in
// turn also the postmaster (with every process of the cluster), one backend, or server and
// postmaster together — and brought back, and the database is checked (crash-checks.ts) against the
// client-side log of every acknowledged write, and the portal against every acknowledged
// publication. The kill moments and the writes' choices come from a seed, so that a failing run
// can be repeated (the interleaving of the requests cannot be).
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  changePassword,
  createAgency,
  createUser,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { loadConfig } from '../../src/config.ts';
import { buildDeps } from '../../src/deps.ts';
import { shanghaiDate } from '../../src/kernel/civil-date.ts';
import { useCaseContext } from '../../src/server.ts';
import { type AnyAck, type AuditMark, type CheckResult, checkDatabase, checkPortal } from './crash-checks.ts';
import { seededRandom, type Target, type UnexpectedAnswer, type WriteKind, write } from './crash-clients.ts';
import { OwnCluster } from './crash-postgres.ts';
import {
  type PublicationAck,
  publishOne,
  STAFF,
  StaffClient,
  type StaffTeam,
  StepFailure,
} from './crash-staff.ts';

const root = new URL('../../', import.meta.url).pathname;

export type Engine = 'sqlite' | 'postgres';

/** What an iteration kills: the server, or (PostgreSQL) the database's postmaster, one backend, or both. */
export type KillKind = 'server' | 'postmaster' | 'backend' | 'server+postmaster';

export const KILL_KINDS: Record<Engine, readonly KillKind[]> = {
  sqlite: ['server'],
  postgres: ['server', 'postmaster', 'backend', 'server+postmaster'],
};

export interface CrashOptions {
  engine: Engine;
  iterations: number;
  seed: number;
  /** Concurrent citizens writing through the portal. */
  clients: number;
  /** Concurrent staff teams (editor, reviewer, approver) publishing items. */
  publishers: number;
  /**
   * The kill comes this long after the iteration's first acknowledged write (at most 30 s after the
   * writes began): uniform in [min, max] ms, from the seed.
   */
  killAfterMs: readonly [number, number];
  /** What the iterations kill, in turn (default: every kind of the engine). */
  kills?: readonly KillKind[];
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
  kill: KillKind;
  killAfterMs: number;
  acknowledged: number;
  unexpected: number;
  /** Writes cut off by the kill (their connection failed): proof that the kill came mid-stream. */
  cutOff: number;
  /** The kill to the server answering again (after the restart of what was killed). */
  restartMs: number;
}

export interface CrashReport {
  engine: Engine;
  iterations: number;
  seed: number;
  kills: Partial<Record<KillKind, number>>;
  acknowledged: number;
  /** Acknowledged writes found at the last check (all of them, unless a violation says otherwise). */
  found: number;
  /** Of the acknowledged: items (each counted once, by its last acknowledged step). */
  publications: number;
  /** The publication steps acknowledged (draft, submission, review, approval, publication). */
  publicationSteps: number;
  /** Items of the harness published, whole, at the last check. */
  published: number;
  /** Writes cut off by the kills, over all iterations. */
  cutOff: number;
  /** Writes stored although their answer never reached the client (committed as the kill came). */
  unacknowledgedPresent: number;
  violations: string[];
  unexpectedAnswers: UnexpectedAnswer[];
  auditRecords: number;
  elapsedMs: number;
  /** The slowest recovery (the kill to the server answering again). */
  maxRestartMs: number;
  dir: string;
  perIteration: IterationResult[];
}

export const DEFAULT_OPTIONS: CrashOptions = {
  engine: 'sqlite',
  iterations: 100,
  seed: 1,
  clients: 8,
  publishers: 2,
  killAfterMs: [150, 1200],
  data: 'demo',
};

/** The password the harness gives its staff (through the use cases, as the forced change would). */
const STAFF_PASSWORD = 'Crash-Harness-2026!';

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<void>;
  /** The last lines it printed (to tell why it ended). */
  tail: () => string;
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
    // No load shedding (web/overload.ts): on a busy machine its 429s would only thin the writes;
    // durability, not load, is what this harness measures (the load suite has the shedding).
    GONGKAI_OVERLOAD_MAX_DELAY_MS: '0',
    GONGKAI_OVERLOAD_MAX_PER_TURN: '0',
    GONGKAI_OVERLOAD_MAX_IN_FLIGHT: '0',
  };
}

/**
 * `gongkai serve` on the database; resolves when it prints its portal address. What it writes to
 * stderr (warnings and errors, with request ids) is appended to `logFile`, so that an unexpected
 * answer can be looked up after the run.
 */
function startServer(databaseUrl: string, logFile: string): Promise<Server> {
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
        resolve({ child, base: match[1]!, exited, tail: () => output.slice(-2000) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk).slice(-20_000);
      appendFileSync(logFile, chunk);
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

/**
 * The towns (they take applications, a village does not, and complaints) and, in the first town,
 * the harness's editor, reviewer and approver with a known password (created through the use cases).
 */
async function prepareAgencies(databaseUrl: string, staff: boolean): Promise<string[]> {
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
    const ids = rows.map((r) => r.id);
    if (staff && ids.length > 0) {
      const ctx = useCaseContext(deps);
      for (const member of Object.values(STAFF)) {
        const created = await createUser(ctx, systemActor('crash-harness'), {
          agencyId: ids[0]!,
          username: member.username,
          displayName: member.displayName,
          roles: [...member.roles] as Role[],
        });
        const { token } = await login(ctx, { username: member.username, password: created.initialPassword });
        const principal = await resolveSession(ctx, token);
        if (!principal) throw new Error(`no session for ${member.username}`);
        await changePassword(ctx, principal, { current: created.initialPassword, next: STAFF_PASSWORD });
      }
    }
    return ids;
  } finally {
    await deps.database.close();
  }
}

/** The server answers again: the application form of the first town, 200, within `timeoutMs`. */
async function answers(base: string, agencyId: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  for (;;) {
    try {
      const answer = await fetch(`${base}/agencies/${agencyId}/apply`);
      await answer.arrayBuffer();
      status = answer.status;
      if (status === 200) return status;
    } catch {
      status = 0;
    }
    if (Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runCrashHarness(partial: Partial<CrashOptions> = {}): Promise<CrashReport> {
  const options: CrashOptions = { ...DEFAULT_OPTIONS, ...partial };
  const log = options.log ?? (() => {});
  const started = performance.now();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `gongkai-crash-${options.engine}-`));
  mkdirSync(dir, { recursive: true });
  const kills = options.kills ?? KILL_KINDS[options.engine];
  for (const kind of kills)
    if (!KILL_KINDS[options.engine].includes(kind)) throw new Error(`${options.engine}: cannot kill ${kind}`);
  const cluster = options.engine === 'postgres' ? await OwnCluster.create(dir) : null;
  const databaseUrl = cluster ? cluster.url : `sqlite:${join(dir, 'crash.sqlite')}`;
  const ackLog = join(dir, 'acks.jsonl');
  const serverLog = join(dir, 'server.log');
  const random = seededRandom(options.seed);
  const acks: AnyAck[] = [];
  const unexpectedAnswers: UnexpectedAnswer[] = [];
  const violations: string[] = [];
  const perIteration: IterationResult[] = [];
  const killCounts: Partial<Record<KillKind, number>> = {};
  let nextMarker = 1;
  let auditMark: AuditMark | null = null;
  let found = 0;
  let published = 0;
  let unacknowledgedPresent = 0;
  let auditRecords = 0;
  let maxRestartMs = 0;
  let server: Server | null = null;

  try {
    await seedData(databaseUrl, options.data);
    const agencyIds = await prepareAgencies(databaseUrl, options.publishers > 0);
    if (agencyIds.length === 0) throw new Error('no town in the database to write to');
    log(
      `数据库 ${options.engine === 'sqlite' ? databaseUrl : `PostgreSQL（自建集群，端口 ${cluster!.port}）`}，` +
        `写入机构 ${agencyIds.length} 个，种子 ${options.seed}`,
    );
    // Each team signs in once; the sessions are in the database and outlive the kills.
    let address = 0;
    const member = (role: keyof typeof STAFF) =>
      new StaffClient(
        STAFF[role].username,
        STAFF_PASSWORD,
        `172.16.${(address >> 8) & 255}.${++address & 255}`,
      );
    const teams: StaffTeam[] = Array.from({ length: options.publishers }, () => ({
      editor: member('editor'),
      reviewer: member('reviewer'),
      approver: member('approver'),
      current: null,
    }));

    server = await startServer(databaseUrl, serverLog);
    for (let iteration = 1; iteration <= options.iterations; iteration++) {
      const target: Target = { base: server.base, agencyIds };
      for (const team of teams)
        for (const client of [team.editor, team.reviewer, team.approver]) client.base = server.base;
      const kill = kills[(iteration - 1) % kills.length]!;
      const [min, max] = options.killAfterMs;
      const killAfterMs = Math.round(min + random() * (max - min));
      // The writes' kinds and agencies, drawn from the seed before any of them runs.
      const choose = seededRandom(Math.floor(random() * 2 ** 32));
      const pick = random();
      const formedOn = shanghaiDate(new Date(Date.now() - 86_400_000));
      let stopping = false;
      let acknowledged = 0;
      let unexpected = 0;
      let cutOff = 0;
      const acknowledge = (ack: AnyAck) => {
        acks.push(ack);
        acknowledged++;
        appendFileSync(ackLog, `${JSON.stringify(ack)}\n`);
      };
      const client = async () => {
        while (!stopping) {
          const n = nextMarker++;
          const kind: WriteKind = choose() < 0.6 ? 'application' : 'complaint';
          const agencyId = agencyIds[Math.floor(choose() * agencyIds.length)]!;
          const outcome = await write(target, kind, agencyId, n, iteration);
          if (outcome.kind === 'ack') {
            acknowledge(outcome.ack);
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
      const publisher = async (team: StaffTeam) => {
        while (!stopping) {
          const agencyId = agencyIds[0]!;
          let marker = team.current?.marker ?? 0;
          try {
            await publishOne(
              team,
              agencyId,
              () => {
                marker = nextMarker++;
                return marker;
              },
              formedOn,
              (itemId, n, step) =>
                acknowledge({
                  kind: 'publication',
                  marker: n,
                  agencyId,
                  itemId,
                  step,
                  iteration,
                } satisfies PublicationAck),
              () => stopping,
            );
          } catch (error) {
            if (stopping) {
              cutOff++;
            } else {
              unexpected++;
              unexpectedAnswers.push({
                kind: 'publication',
                marker,
                status: error instanceof StepFailure ? error.status : 0,
                excerpt:
                  error instanceof StepFailure ? error.excerpt : String((error as Error).cause ?? error),
                iteration,
              });
              // Not resumed: an item the server answered wrongly about is left as it is.
              team.current = null;
            }
          }
        }
      };
      const writers = [...Array.from({ length: options.clients }, client), ...teams.map(publisher)];
      // The kill comes once this iteration has had a write acknowledged (on a busy machine a fixed
      // delay could kill a server that had not yet answered anything), then after the random delay.
      const waitUntil = Date.now() + 30_000;
      while (acknowledged < 1 && Date.now() < waitUntil)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      const killedAt = performance.now();
      stopping = true;
      killCounts[kill] = (killCounts[kill] ?? 0) + 1;
      const serverKilled = kill === 'server' || kill === 'server+postmaster';
      if (serverKilled) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      const killed = [
        ...(serverKilled ? ['server'] : []),
        ...(kill === 'server'
          ? []
          : [await cluster!.kill(kill === 'backend' ? 'backend' : 'postmaster', pick)]),
      ].join(' + ');

      let restarted: Server | null = serverKilled ? null : server;
      let answered = false;
      try {
        // The database first (crash recovery from its WAL), then the server on it.
        if (cluster) await cluster.recover();
        // A server left running must have lived through the database's death.
        if (!serverKilled && server.child.exitCode !== null) {
          violations.push(
            `iteration ${iteration}: the server exited (${server.child.exitCode}) when the database was killed (${killed}): ${server.tail()}`,
          );
          restarted = null;
        }
        restarted ??= await startServer(databaseUrl, serverLog);
        const status = await answers(restarted.base, agencyIds[0]!, 30_000);
        answered = status === 200;
        if (!answered)
          violations.push(`iteration ${iteration}: the server answered ${status} after ${kill} was killed`);
      } catch (error) {
        violations.push(
          `iteration ${iteration}: the ${cluster && kill !== 'server' ? 'database or server' : 'server'} did not start again: ${(error as Error).message}`,
        );
      }
      await Promise.all(writers);
      const restartMs = performance.now() - killedAt;
      maxRestartMs = Math.max(maxRestartMs, restartMs);
      // A database that cannot even be read is a violation too, not a crash of the harness.
      const checkStarted = performance.now();
      const check: CheckResult = await checkDatabase(databaseUrl, acks, auditMark).catch((error: Error) => ({
        violations: [`the database could not be checked: ${error.message}`],
        found: 0,
        unacknowledgedPresent,
        auditMark,
        auditRecords,
        published,
      }));
      const checkMs = Math.round(performance.now() - checkStarted);
      for (const v of check.violations) violations.push(`iteration ${iteration}: ${v}`);
      if (restarted && answered) {
        const portal = await checkPortal(
          restarted.base,
          acks.filter((a) => a.iteration === iteration),
        ).catch((error: Error) => [`the portal could not be checked: ${error.message}`]);
        for (const v of portal) violations.push(`iteration ${iteration}: ${v}`);
      }
      auditMark = check.auditMark;
      found = check.found;
      published = check.published;
      unacknowledgedPresent = check.unacknowledgedPresent;
      auditRecords = check.auditRecords;
      perIteration.push({
        iteration,
        kill,
        killAfterMs,
        acknowledged,
        unexpected,
        cutOff,
        restartMs: Math.round(restartMs),
      });
      // A server that does not come back ends the run (the database was checked as it is).
      if (restarted === null) break;
      server = restarted;
      log(
        `第 ${iteration} 次：${killAfterMs} ms 后 SIGKILL ${killed}，本轮确认 ${acknowledged} 件、中断 ${cutOff} 件，累计确认 ${distinctWrites(acks)} 件、找到 ${found} 件，` +
          `恢复 ${Math.round(restartMs)} ms，检查 ${checkMs} ms，问题 ${check.violations.length + (answered ? 0 : 1)} 个`,
      );
      if (unexpected > 0) log(`  意外应答 ${unexpected} 个`);
    }
    // Every acknowledged publication on the portal, once more at the end (not when the run ended
    // because the server did not come back: a killed child has no exit code, only its signal).
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      const portal = await checkPortal(server.base, acks).catch((error: Error) => [
        `the portal could not be checked: ${error.message}`,
      ]);
      for (const v of portal) violations.push(`at the end: ${v}`);
    }
  } finally {
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await cluster?.destroy();
  }
  const items = new Set(
    acks.filter((a) => a.kind === 'publication').map((a) => (a as PublicationAck).itemId),
  );
  const report: CrashReport = {
    engine: options.engine,
    iterations: options.iterations,
    seed: options.seed,
    kills: killCounts,
    acknowledged: distinctWrites(acks),
    found,
    publications: items.size,
    publicationSteps: acks.filter((a) => a.kind === 'publication').length,
    published,
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

/** Acknowledged writes, an item counted once however many of its steps were acknowledged. */
function distinctWrites(acks: readonly AnyAck[]): number {
  return new Set(acks.map((a) => (a.kind === 'publication' ? a.itemId : `${a.kind}:${a.marker}`))).size;
}

const KILL_NAMES: Record<KillKind, string> = {
  server: '服务器',
  postmaster: '数据库（postmaster 及其全部进程）',
  backend: '数据库的一个后端进程',
  'server+postmaster': '服务器和数据库',
};

/** The summary printed by `npm run crash`. */
export function describeReport(report: CrashReport): string {
  const kills = Object.entries(report.kills)
    .map(([kind, count]) => `${KILL_NAMES[kind as KillKind]} ${count} 次`)
    .join('，');
  const lines = [
    `崩溃测试（${report.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}，SIGKILL）：${report.iterations} 次（${kills}），种子 ${report.seed}，用时 ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `  已确认的写入 ${report.acknowledged} 件（其中主动公开信息 ${report.publications} 条，确认的步骤共 ${report.publicationSteps} 个），重启后找到 ${report.found} 件；已发布且完整的 ${report.published} 条`,
    `  被 SIGKILL 中断 ${report.cutOff} 件，其中未确认但已写入 ${report.unacknowledgedPresent} 件`,
    `  审计记录 ${report.auditRecords} 条；最慢的恢复 ${report.maxRestartMs} ms`,
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
