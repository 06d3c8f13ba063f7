// HTTP throughput of a portal item page (主动公开, issue 5) beside a bare node:http server that
// returns the same bytes, measured in the same run with autocannon (target: ≥ 50 % of bare, p99
// reported). The item page is in the page cache under the item's stamp: every request makes one
// indexed query (event count, withdrawal, next scheduled version) and sends the stored page. The demo
// database of `gongkai serve --demo` provides the items; the bench takes the first item of 承留镇's
// catalogue that has an attachment. Servers run in child processes; autocannon runs here.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, BenchResult } from './run.ts';
import { failedIf, measure, startBare, startGongkai, unexpected } from './servers.ts';

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
  const seconds = quick ? 3 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-item-bench-'));
  const children: ChildProcess[] = [];
  try {
    const gongkai = await startGongkai(dir);
    children.push(gongkai.child);
    const path = await demoItemPath(gongkai.base);
    const sample = await fetch(`${gongkai.base}${path}`);
    const body = Buffer.from(await sample.arrayBuffer());
    if (!sample.ok || !body.includes('item-meta')) throw new Error(`${path} is not an item page`);
    const contentType = sample.headers.get('content-type') ?? 'text/html; charset=utf-8';
    const bare = await startBare(body, contentType);
    children.push(bare.child);
    // The same page with gongkai's other response headers (security headers, vary, a request id):
    // what node:http itself needs to send them, for reference beside the target's baseline.
    const ownHeaders = Object.fromEntries(
      [...sample.headers].filter(
        ([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'content-type'].includes(name),
      ),
    );
    const bareWithHeaders = await startBare(body, contentType, ownHeaders);
    children.push(bareWithHeaders.child);
    const ours = await measure(`${gongkai.base}${path}`, seconds);
    const baseline = await measure(`${bare.base}/`, seconds);
    const withHeaders = await measure(`${bareWithHeaders.base}/`, seconds);
    log(
      `item page ${path}: gongkai ${Math.round(ours.requestsPerSecond)} req/s (p50 ${ours.p50Ms} ms, p99 ${ours.p99Ms} ms, ` +
        `${ours.errors} errors, ${ours.non2xx} non-2xx); bare node:http ${Math.round(baseline.requestsPerSecond)} req/s ` +
        `(p99 ${baseline.p99Ms} ms); ${body.length} bytes; ratio ${(ours.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)}; ` +
        `bare with gongkai's ${Object.keys(ownHeaders).length} other headers ${Math.round(withHeaders.requestsPerSecond)} req/s ` +
        `(ratio to it ${(ours.requestsPerSecond / withHeaders.requestsPerSecond).toFixed(3)})`,
    );
    return [
      {
        name: 'portal item page, 50 connections',
        value: ours.requestsPerSecond,
        unit: 'req/s',
        detail: { seconds, path, bytes: body.length, ...ours, baseline, bareWithSameHeaders: withHeaders },
        baseline: { name: 'bare node:http, same bytes', value: baseline.requestsPerSecond, unit: 'req/s' },
        target: baseline.requestsPerSecond * 0.5,
        ...failedIf(unexpected(ours) ?? unexpected(baseline)),
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
