// HTTP throughput of the portal home page and /healthz, each beside a bare node:http server that
// returns the same bytes, measured in the same run with autocannon (issue 3: home ≥ 50 % of bare,
// p99 < 50 ms at 50 connections). Servers run in child processes; autocannon runs here.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, BenchResult } from './run.ts';
import { failedIf, measure, startBare, startGongkai, unexpected } from './servers.ts';

export default async function httpBench({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  const seconds = quick ? 3 : 20;
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
          ...failedIf(unexpected(ours) ?? unexpected(baseline)),
        },
        { name: `${name}, p99 latency`, value: ours.p99Ms, unit: 'ms', targetMax: 50 },
      );
    }
    return results;
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
