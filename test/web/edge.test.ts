// The HTTP edge through app.inject: health, headers, bad input of every kind, error pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, listRoutes, requestIds } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { Browser, createWebFixture, type WebFixture } from '../../src/web/testing.ts';

const HAN = /\p{Script=Han}/u;
const STACK = /at [\w.<>]+ \(|node:internal|\.ts:\d+|\.js:\d+|Error:/;

for (const engine of ENGINES) {
  describe(`web edge on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    before(async () => {
      f = await createWebFixture(engine, {
        config: { uploadLimitBytes: 2048 },
        beforeReady: (app) => {
          app.get('/test/boom', { config: { access: 'public' } }, async () => {
            throw new Error('secret detail: password=hunter2 at /srv/gongkai/src/x.ts:12');
          });
          app.get('/api/v1/test/boom', { config: { access: 'public' }, schema: { hide: true } }, async () => {
            throw new Error('secret detail');
          });
          app.post('/test/upload', { config: { access: 'public' } }, async (request) => {
            const file = await request.file();
            const bytes = (await file?.toBuffer())?.length ?? 0;
            return { bytes };
          });
        },
      });
    });
    after(async () => {
      await f?.close();
    });

    it('answers /healthz after asking the database', async () => {
      const response = await f.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok', database: 'ok' });
    });

    it('sends security headers: CSP without inline scripts, nosniff, no framing', async () => {
      for (const url of ['/', '/office/login', '/no-such-page']) {
        const response = await f.app.inject({ method: 'GET', url });
        const csp = String(response.headers['content-security-policy']);
        assert.match(csp, /script-src 'none'/, url);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
        assert.match(csp, /frame-ancestors 'none'/, url);
        assert.match(csp, /default-src 'none'/, url);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
        assert.equal(response.headers['x-frame-options'], 'DENY', url);
        assert.equal(response.headers['referrer-policy'], 'no-referrer', url);
      }
    });

    it('serves pages in Chinese, with landmarks, a skip link and the stylesheet', async () => {
      const response = await f.app.inject({ method: 'GET', url: '/' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /text\/html; charset=utf-8/);
      const html = response.body;
      assert.match(html, /^<!doctype html><html lang="zh-CN">/);
      assert.match(html, /<a class="skip-link" href="#main">/);
      for (const landmark of ['<header', '<nav', '<main id="main"', '<footer'])
        assert.ok(html.includes(landmark));
      assert.doesNotMatch(html, /<script/);
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
      assert.ok(href);
      const css = await f.app.inject({ method: 'GET', url: href });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['content-type']), /text\/css/);
      assert.match(css.body, /:focus-visible/);
    });

    it('lists the agencies and shows an agency home whose every column link answers', async () => {
      const home = await f.app.inject({ method: 'GET', url: '/' });
      assert.ok(home.body.includes('思礼镇') && home.body.includes('承留镇'));
      const page = await f.app.inject({ method: 'GET', url: `/agencies/${f.sili.id}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /思礼镇<\/span>政府信息公开/);
      assert.match(page.body, /济源产城融合示范区/);
      // Every linked column is a page that exists (no promises of empty pages).
      const columns = [...page.body.matchAll(new RegExp(`href="(/agencies/${f.sili.id}/[^"]+)"`, 'g'))].map(
        (m) => m[1]!,
      );
      assert.ok(columns.length >= 6, columns.join(' '));
      for (const href of columns) {
        const column = await f.app.inject({ method: 'GET', url: href });
        assert.equal(column.statusCode, 200, href);
      }
      const missing = await f.app.inject({ method: 'GET', url: '/agencies/no-such-agency' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /页面不存在或您无权访问/);
    });

    it('answers unknown routes with a Chinese 404 page, whatever the method', async () => {
      for (const method of ['GET', 'POST'] as const) {
        const response = await f.app.inject({ method, url: '/no/such/page' });
        assert.equal(response.statusCode, 404, method);
        assert.match(String(response.headers['content-type']), /text\/html/);
        assert.match(response.body, /页面不存在/);
      }
      const api = await f.app.inject({ method: 'GET', url: '/api/v1/nothing' });
      assert.equal(api.statusCode, 404);
      assert.equal(api.json().error.code, 'access.not_found');
    });

    it('answers a URL that cannot be decoded with a Chinese 400 page and the security headers', async () => {
      const response = await f.app.inject({ method: 'GET', url: '/agencies/%E0%A4%A' });
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.match(response.body, /网址格式不正确/);
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      const long = await f.app.inject({ method: 'GET', url: `/agencies/${'x'.repeat(300)}` });
      assert.equal(long.statusCode, 414);
      assert.match(long.body, /网址过长/);
    });

    it('shows a Chinese 500 page with the request id and no stack trace', async () => {
      const response = await f.app.inject({ method: 'GET', url: '/test/boom' });
      assert.equal(response.statusCode, 500);
      assert.match(response.body, /系统内部错误/);
      const id = String(response.headers['x-request-id']);
      assert.match(id, /^(?=.*[a-f])[0-9a-f]{16}$/);
      assert.ok(response.body.includes(id));
      assert.doesNotMatch(response.body, STACK);
      assert.doesNotMatch(response.body, /hunter2|secret detail|\/srv\//);
      const api = await f.app.inject({ method: 'GET', url: '/api/v1/test/boom' });
      assert.equal(api.statusCode, 500);
      assert.equal(api.json().error.code, 'internal');
      assert.doesNotMatch(api.body, /secret detail|stack/);
    });

    it('refuses malformed JSON with 400 in Chinese', async () => {
      const browser = new Browser(f.app);
      await browser.get('/office/login');
      const response = await f.app.inject({
        method: 'POST',
        url: '/office/login',
        headers: { 'content-type': 'application/json', cookie: browser.cookieHeader() },
        payload: '{"username": "sili.admin", ',
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /JSON 格式错误/);
      assert.doesNotMatch(response.body, STACK);
    });

    it('refuses a form body that is not UTF-8 with 400', async () => {
      const browser = new Browser(f.app);
      await browser.get('/office/login');
      const csrf = browser.lastCsrf!;
      for (const payload of [
        Buffer.concat([
          Buffer.from(`_csrf=${csrf}&username=`),
          Buffer.from([0xcb, 0xbc, 0xc0, 0xf1]),
          Buffer.from('&password=x'),
        ]),
        Buffer.from(`_csrf=${csrf}&username=%CB%BC%C0%F1&password=x`),
      ]) {
        const response = await f.app.inject({
          method: 'POST',
          url: '/office/login',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookieHeader() },
          payload,
        });
        assert.equal(response.statusCode, 400);
        assert.match(response.body, /UTF-8/);
      }
    });

    it('refuses a wrong content type and a declared non-UTF-8 charset with 400 in Chinese', async () => {
      const text = await f.app.inject({
        method: 'POST',
        url: '/office/login',
        headers: { 'content-type': 'text/plain' },
        payload: 'hello',
      });
      assert.equal(text.statusCode, 400);
      assert.match(text.body, /不支持此内容类型/);
      const gbk = await f.app.inject({
        method: 'POST',
        url: '/office/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=gbk' },
        payload: 'username=a',
      });
      assert.equal(gbk.statusCode, 400);
      assert.match(gbk.body, /UTF-8/);
    });

    it('names the field of a schema violation', async () => {
      const browser = new Browser(f.app);
      await browser.get('/office/login');
      const response = await browser.post('/office/login', { username: 'sili.admin' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /字段“密码”必须填写/);
      const api = await f.app.inject({ method: 'GET', url: `/api/v1/agencies/${'x'.repeat(150)}` });
      assert.equal(api.statusCode, 400);
      assert.equal(api.json().error.field, 'id');
      assert.match(api.json().error.message, /机构编号/);
    });

    it('refuses bodies over 1 MB with 413', async () => {
      const response = await f.app.inject({
        method: 'POST',
        url: '/office/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `username=${'a'.repeat(1024 * 1024 + 10)}`,
      });
      assert.equal(response.statusCode, 413);
      assert.match(response.body, /内容过大/);
      const json = await f.app.inject({
        method: 'POST',
        url: '/office/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'a'.repeat(1024 * 1024 + 10) }),
      });
      assert.equal(json.statusCode, 413);
    });

    it('refuses an upload over the configured limit with 413', async () => {
      const browser = new Browser(f.app);
      await browser.get('/office/login');
      const upload = (size: number) => {
        const boundary = '----gongkai';
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n`),
          Buffer.from('Content-Type: text/plain\r\n\r\n'),
          Buffer.alloc(size, 0x61),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return f.app.inject({
          method: 'POST',
          url: `/test/upload?_csrf=${encodeURIComponent(browser.lastCsrf!)}`,
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            cookie: browser.cookieHeader(),
          },
          payload,
        });
      };
      const small = await upload(1000);
      assert.equal(small.statusCode, 200);
      assert.deepEqual(small.json(), { bytes: 1000 });
      const big = await upload(5000);
      assert.equal(big.statusCode, 413);
      assert.match(big.body, /上传的文件过大，单个文件不能超过 2 KB/);
    });

    it('documents the JSON API in OpenAPI, and only the API', async () => {
      const response = await f.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      assert.equal(response.statusCode, 200);
      const doc = response.json();
      assert.match(doc.openapi, /^3\./);
      const paths = Object.keys(doc.paths).sort();
      assert.deepEqual(paths, ['/api/v1/agencies', '/api/v1/agencies/{id}', '/api/v1/me']);
    });

    it('serves the public agency API', async () => {
      const list = await f.app.inject({ method: 'GET', url: '/api/v1/agencies' });
      assert.equal(list.statusCode, 200);
      const names = list.json().agencies.map((a: { name: string }) => a.name);
      assert.deepEqual(names.sort(), ['思礼镇', '承留镇', '济源产城融合示范区'].sort());
      const one = await f.app.inject({ method: 'GET', url: `/api/v1/agencies/${f.chengliu.id}` });
      assert.equal(one.json().name, '承留镇');
      assert.equal(one.json().kind, 'town');
      const none = await f.app.inject({ method: 'GET', url: '/api/v1/agencies/nope' });
      assert.equal(none.statusCode, 404);
      assert.match(none.json().error.message, HAN);
    });

    it('records every route with an access rule', () => {
      const routes = listRoutes(f.app);
      assert.ok(routes.length > 20);
      const rule = (method: string, url: string) =>
        routes.find((r) => r.method === method && r.url === url)?.access;
      assert.equal(rule('GET', '/'), 'public');
      assert.equal(rule('GET', '/office'), 'staff');
      assert.equal(rule('POST', '/office/logout'), 'session');
      assert.deepEqual(rule('GET', '/office/agencies/:id/users'), { agencyParam: 'id', roles: ['admin'] });
      for (const route of routes) assert.ok(route.access !== undefined, `${route.method} ${route.url}`);
    });
  });
}

describe('request ids', () => {
  it('never consist of decimal digits only, which a personal-data scan reads as a card number', () => {
    const prefixes = ['12345678', '90000001', 'ab012345'];
    const next = requestIds(() => prefixes.shift()!);
    assert.equal(next(), 'ab01234500000001', 'prefixes without a letter are drawn again');
    assert.equal(next(), 'ab01234500000002');
    for (let i = 0; i < 200; i++) assert.match(requestIds()(), /^(?=.*[a-f])[0-9a-f]{16}$/);
  });
});

describe('health check without a database', () => {
  it('answers 503 when the database does not answer', async () => {
    const config = loadConfig({ GONGKAI_LOG_LEVEL: 'silent' });
    // Nothing listens on port 1: every query fails at once.
    const database = openDatabase('postgres://gongkai:gongkai@127.0.0.1:1/gongkai');
    const app = await buildApp({ config, database, now: () => new Date(), logger: false });
    try {
      const response = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.statusCode, 503);
      assert.deepEqual(response.json(), { status: 'error', database: 'error' });
    } finally {
      await app.close();
      await database.close();
    }
  });
});
