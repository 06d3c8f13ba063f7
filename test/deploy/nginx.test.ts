// deploy/nginx.conf, the front of a production server, run by Debian's nginx in front of a small
// upstream that can hold its answers: beyond max_conns the crowd is refused at once with 429,
// Retry-After and the Chinese page, a form included; an upstream that is down is a 502, not taken
// for a crowd; X-Forwarded-For reaches gongkai as its trust setting expects; the access log keeps no
// query string. Without /usr/sbin/nginx the suite is skipped with a reason, unless
// GONGKAI_REQUIRE_NGINX=1 (CI) makes it mandatory.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  Agent,
  createServer,
  get as httpGet,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NGINX, startNginx } from '../../bench/nginx.ts';

function skipWithoutNginx(): string | false {
  if (existsSync(NGINX)) return false;
  const reason = `no nginx at ${NGINX} (apt-get install -y nginx-light)`;
  if (process.env.GONGKAI_REQUIRE_NGINX === '1') throw new Error(reason);
  process.stderr.write(`# skipping the nginx tests: ${reason}\n`);
  return reason;
}

/** max_conns of the shipped upstream: the requests gongkai answers at once behind the front. */
function shippedMaxConns(): number {
  const shipped = readFileSync(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
  const match = /server 127\.0\.0\.1:3000 max_conns=(\d+)/.exec(shipped);
  assert.ok(match, 'deploy/nginx.conf names its upstream with max_conns');
  return Number(match[1]);
}

describe('deploy/nginx.conf in front of gongkai', { skip: skipWithoutNginx() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-nginx-test-'));
  let upstream: Server;
  let nginx: { child: ChildProcess; base: string };
  const held: ServerResponse[] = [];
  let seenForwardedFor: string | undefined;

  before(async () => {
    upstream = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => {
        if (request.url?.startsWith('/hold')) {
          held.push(response);
          return;
        }
        seenForwardedFor = request.headers['x-forwarded-for'] as string | undefined;
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('ok');
      });
    });
    upstream.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as { port: number };
    nginx = await startNginx(`127.0.0.1:${port}`, dir);
  });

  after(async () => {
    for (const response of held.splice(0)) response.end();
    nginx?.child.kill();
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes requests on, with the address the client sent and its own after it', async () => {
    const response = await fetch(`${nginx.base}/agencies/x/search?q=公开`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'ok');
    // GONGKAI_TRUST_PROXY=127.0.0.1 believes the last hop only: a remote client's own header
    // stays ahead of the address nginx saw, which is the one taken.
    assert.equal(seenForwardedFor, '203.0.113.9, 127.0.0.1');
  });

  it('keeps a busy client’s keep-alive connection open past 1,000 requests', async () => {
    // nginx's default closes a connection after its 1,000th request; a client that has already
    // sent the next one on it gets a reset (the 5-minute spike's ECONNRESETs, BENCHMARKS.md).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const closing: string[] = [];
    try {
      for (let n = 0; n < 1_200; n++) {
        await new Promise<void>((resolve, reject) => {
          httpGet(`${nginx.base}/agencies`, { agent }, (response) => {
            sockets.add(response.socket);
            if (response.headers.connection === 'close') closing.push(String(n));
            response.resume();
            response.on('end', resolve);
          }).on('error', reject);
        });
      }
    } finally {
      agent.destroy();
    }
    assert.deepEqual(closing, [], 'no answer announced the end of the connection');
    assert.equal(sockets.size, 1, 'all 1,200 requests on one connection');
  });

  it('refuses what is beyond max_conns at once: 429, Retry-After and the page in Chinese, a form too', async () => {
    const maxConns = shippedMaxConns();
    const holding = Array.from({ length: maxConns }, (_, i) =>
      fetch(`${nginx.base}/hold/${i}`).then((r) => r.status),
    );
    // Every connection to the upstream is taken once it holds them all.
    for (let i = 0; held.length < maxConns; i++) {
      assert.ok(i < 200, `the upstream holds ${held.length} of ${maxConns} requests after 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const started = performance.now();
    const refused = await fetch(`${nginx.base}/agencies/x/items`);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.match(refused.headers.get('content-type') ?? '', /text\/html; charset=utf-8/);
    const page = await refused.text();
    assert.match(page, /<html lang="zh-CN">/);
    assert.match(page, /系统繁忙，请稍后再试/);
    const form = await fetch(`${nginx.base}/agencies/x/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=%E5%BC%A0%E4%B8%89',
    });
    assert.equal(form.status, 429, 'a form is refused the same way, not 405');
    assert.match(await form.text(), /内容未能保存/);
    assert.ok(performance.now() - started < 2_000, 'refused at once, not queued');

    for (const response of held.splice(0)) response.end('done');
    assert.deepEqual(new Set(await Promise.all(holding)), new Set([200]));
    assert.equal((await fetch(`${nginx.base}/agencies/x/items`)).status, 200, 'served again');
  });

  it('keeps no query string in its access log', async () => {
    await fetch(`${nginx.base}/agencies/x/search?q=110101199003077777`);
    // nginx writes its log line when the answer is complete; give it a moment to reach the file.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = readFileSync(join(dir, 'nginx', 'access.log'), 'utf8');
    assert.match(log, /"GET \/agencies\/x\/search" 200/);
    assert.doesNotMatch(log, /110101199003077777|q=/);
  });

  it('answers 502 with its own page when gongkai is down, not 429', async () => {
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${nginx.base}/agencies/x/items`);
      assert.equal(response.status, 502, `request ${i + 1}`);
      assert.match(await response.text(), /系统正在维护或重新启动，请稍后再试/);
    }
  });
});
