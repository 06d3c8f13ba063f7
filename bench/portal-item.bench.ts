// HTTP throughput of a portal item page (主动公开, issue 5) beside a bare node:http server that
// returns the same bytes, measured in the same run with autocannon (target: ≥ 50 % of bare, p99
// reported). The item page is in the page cache under the item's stamp: every request makes one
// indexed query (event count, withdrawal, next scheduled version) and sends the stored page. The demo
// database of `gongkai serve --demo` provides the items; the bench takes the first item of 承留镇's
// catalogue that has an attachment. Servers run in child processes; autocannon runs here.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchOptions, BenchResult } from './run.ts';

const root = new URL('../', import.meta.url).pathname;
const CONNECTIONS = 50;

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
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function measure(url: string, seconds: number): Promise<Measured> {
  // A short warm-up lets the JIT and the SQLite page cache settle.
  await autocannon({ url, connections: 10, duration: 1 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.text();
}

/** The path of a published demo item of 承留镇, one with an attachment when there is one. */
async function demoItemPath(base: string): Promise<string> {
  const home = await text(`${base}/`);
  const agency = /href="(\/agencies\/[^"/]+)"[^>]*>承留镇</.exec(home)?.[1];
  if (!agency) throw new Error('no 承留镇 on the demo home page');
  const catalogue = await text(`${base}${agency}/items`);
  const items = [...catalogue.matchAll(/href="(\/agencies\/[^"/]+\/items\/[^"/?]+)"/g)].map((m) => m[1]!);
  if (items.length === 0) throw new Error('no published item in the demo catalogue');
  for (const path of items) if ((await text(`${base}${path}`)).includes('/attachments/')) return path;
  return items[0]!;
}

export default async function portalItemBench({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const seconds = quick ? 5 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-item-bench-'));
  const children: ChildProcess[] = [];
  try {
    const gongkai = await startGongkai(dir);
    children.push(gongkai.child);
    const path = await demoItemPath(gongkai.base);
    const sample = await fetch(`${gongkai.base}${path}`);
    const body = Buffer.from(await sample.arrayBuffer());
    if (!sample.ok || !body.includes('item-meta')) throw new Error(`${path} is not an item page`);
    const bare = await startBare(body, sample.headers.get('content-type') ?? 'text/html; charset=utf-8');
    children.push(bare.child);
    const ours = await measure(`${gongkai.base}${path}`, seconds);
    const baseline = await measure(`${bare.base}/`, seconds);
    log(
      `item page ${path}: gongkai ${Math.round(ours.requestsPerSecond)} req/s (p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms, ` +
        `${ours.errors} errors, ${ours.non2xx} non-2xx); bare node:http ${Math.round(baseline.requestsPerSecond)} req/s ` +
        `(p99 ${baseline.p99Ms} ms); ${body.length} bytes; ratio ${(ours.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)}`,
    );
    return [
      {
        name: `portal item page, ${CONNECTIONS} connections`,
        value: ours.requestsPerSecond,
        unit: 'req/s',
        detail: { seconds, path, bytes: body.length, ...ours, baseline },
        baseline: { name: 'bare node:http, same bytes', value: baseline.requestsPerSecond, unit: 'req/s' },
        target: baseline.requestsPerSecond * 0.5,
      },
      {
        name: 'portal item page, p99 latency',
        value: ours.p99Ms,
        unit: 'ms',
        detail: { bareP99Ms: baseline.p99Ms },
      },
    ];
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
