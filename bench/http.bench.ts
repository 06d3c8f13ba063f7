// HTTP throughput of the portal home page and /healthz, each beside a bare node:http server that
// returns the same bytes, measured in the same run with autocannon (issue 3: home ≥ 50 % of bare,
// p99 < 50 ms at 50 connections). Servers run in child processes; autocannon runs here.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchOptions, BenchResult } from './run.ts';

const root = new URL('../', import.meta.url).pathname;

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
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
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${buffer}`)));
  });
}

async function startGongkai(dir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/gongkai.js'), 'serve', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      GONGKAI_DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
      GONGKAI_HOST: '127.0.0.1',
      GONGKAI_PORT: '0',
      GONGKAI_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await waitForLine(child, /门户 (http:\/\/[^/\s]+)\//, 60_000);
  return { child, base: match[1]! };
}

/** A bare node:http server answering every request with the given bytes. */
async function startBare(body: Buffer, contentType: string): Promise<{ child: ChildProcess; base: string }> {
  const script = `
    const http = require('node:http');
    const body = Buffer.from(process.env.BODY, 'base64');
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': process.env.CONTENT_TYPE, 'content-length': body.length });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, BODY: body.toString('base64'), CONTENT_TYPE: contentType },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await waitForLine(child, /listening (http:\/\/\S+)/, 10_000);
  return { child, base: match[1]! };
}

interface Measured {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function measure(url: string, seconds: number): Promise<Measured> {
  // A short warm-up lets the JIT and the SQLite page cache settle.
  await autocannon({ url, connections: 10, duration: 1 });
  const result = await autocannon({ url, connections: 50, duration: seconds, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export default async function httpBench({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const seconds = quick ? 5 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-http-bench-'));
  const children: ChildProcess[] = [];
  try {
    const gongkai = await startGongkai(dir);
    children.push(gongkai.child);
    const results: BenchResult[] = [];
    for (const path of ['/', '/healthz']) {
      const sample = await fetch(`${gongkai.base}${path}`);
      const body = Buffer.from(await sample.arrayBuffer());
      const bare = await startBare(body, sample.headers.get('content-type') ?? 'text/plain');
      children.push(bare.child);
      const ours = await measure(`${gongkai.base}${path}`, seconds);
      const baseline = await measure(`${bare.base}/`, seconds);
      bare.child.kill();
      log(
        `${path}: gongkai ${Math.round(ours.requestsPerSecond)} req/s (p99 ${ours.p99Ms} ms, ${ours.errors} errors, ${ours.non2xx} non-2xx); ` +
          `bare node:http ${Math.round(baseline.requestsPerSecond)} req/s (p99 ${baseline.p99Ms} ms); ${body.length} bytes`,
      );
      const name = path === '/' ? 'portal home page' : '/healthz';
      results.push(
        {
          name: `${name}, 50 connections`,
          value: ours.requestsPerSecond,
          unit: 'req/s',
          detail: { seconds, bytes: body.length, ...ours, baseline },
          baseline: { name: 'bare node:http, same bytes', value: baseline.requestsPerSecond, unit: 'req/s' },
          target: path === '/' ? baseline.requestsPerSecond * 0.5 : undefined,
        },
        { name: `${name}, p99 latency`, value: ours.p99Ms, unit: 'ms', detail: { target: 'below 50 ms' } },
      );
    }
    return results;
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
