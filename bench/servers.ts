// What the HTTP benches share: gongkai with its demo data in a child process (the data seeded once
// per run and copied), a bare node:http server returning fixed bytes (the baseline), and one
// autocannon measurement after a warm-up.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const root = new URL('../', import.meta.url).pathname;

export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${buffer}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      const match = pattern.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${buffer}`));
    });
  });
}

let demoTemplate: Promise<string> | undefined;

/**
 * A SQLite file with the demo data, written once per run by `gongkai seed-demo` and copied for
 * each server: seeding takes most of a server's start (about 20 s of 30 on the shared machine).
 */
export function demoDatabase(): Promise<string> {
  // A bench in a process of its own (run.ts) gets the file its parent wrote.
  const given = process.env.GONGKAI_BENCH_DEMO_TEMPLATE;
  if (given !== undefined && given !== '') demoTemplate ??= Promise.resolve(given);
  demoTemplate ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-demo-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'demo.sqlite');
    await promisify(execFile)(process.execPath, [join(root, 'bin/gongkai.js'), 'seed-demo'], {
      cwd: root,
      env: { ...process.env, GONGKAI_DATABASE_URL: `sqlite:${file}`, GONGKAI_LOG_LEVEL: 'warn' },
    });
    return file;
  })();
  return demoTemplate;
}

/**
 * `gongkai serve --demo` on a fresh copy of the demo database in `dir` (the server finds the demo
 * data there and does not seed again); `env` adds settings.
 */
export async function startGongkai(
  dir: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; base: string }> {
  const template = await demoDatabase();
  // seed-demo closed the database, so the file is whole; a WAL left beside it goes along.
  copyFileSync(template, join(dir, 'bench.sqlite'));
  if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, join(dir, 'bench.sqlite-wal'));
  const child = spawn(process.execPath, [join(root, 'bin/gongkai.js'), 'serve', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      GONGKAI_DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
      GONGKAI_HOST: '127.0.0.1',
      GONGKAI_PORT: '0',
      GONGKAI_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await waitForLine(child, /门户 (http:\/\/[^/\s]+)\//, 60_000);
  return { child, base: match[1]! };
}

/**
 * A bare node:http server answering every request with the given bytes; `headers` adds response
 * headers (to measure what sending gongkai's security headers costs by itself).
 */
export async function startBare(
  body: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<{ child: ChildProcess; base: string }> {
  const script = `
    const http = require('node:http');
    const body = Buffer.from(process.env.BODY, 'base64');
    const extra = JSON.parse(process.env.HEADERS);
    const server = http.createServer((req, res) => {
      res.writeHead(200, { ...extra, 'content-type': process.env.CONTENT_TYPE, 'content-length': body.length });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', script], {
    env: {
      ...process.env,
      BODY: body.toString('base64'),
      CONTENT_TYPE: contentType,
      HEADERS: JSON.stringify(headers),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await waitForLine(child, /listening (http:\/\/\S+)/, 10_000);
  return { child, base: match[1]! };
}

export interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function measure(url: string, seconds: number, connections = 50): Promise<Measured> {
  // A short warm-up lets the JIT and the SQLite page cache settle.
  await autocannon({ url, connections: 10, duration: 1 });
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** What makes a measurement of pages that should all be 2xx invalid, or undefined when none. */
export function unexpected(m: Pick<Measured, 'errors' | 'non2xx'>): string | undefined {
  if (m.errors === 0 && m.non2xx === 0) return undefined;
  return `${m.errors} errors or timeouts, ${m.non2xx} non-2xx answers`;
}

/** `{ failed }` when the measurement saw unexpected answers, else nothing: to spread into a result. */
export function failedIf(reason: string | undefined): { failed?: string } {
  return reason === undefined ? {} : { failed: reason };
}
