// Signing in and out, CSRF, per-agency isolation and rate limits, through app.inject.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpCode } from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  Browser,
  createWebFixture,
  shownSecret,
  TEST_PASSWORD,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
/** A fresh client address per browser, so that one test's rate limit does not touch another's. */
const nextIp = () => `198.51.100.${++ipCounter}`;

async function count(f: WebFixture, table: 'users' | 'audit_log' | 'sessions' | 'agencies'): Promise<number> {
  const row = await f.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const engine of ENGINES) {
  describe(`signing in on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    before(async () => {
      f = await createWebFixture(engine);
    });
    after(async () => {
      await f?.close();
    });

    it('sends a visitor of the back office to the login page', async () => {
      const browser = new Browser(f.app, nextIp());
      const office = await browser.get('/office');
      assert.equal(office.statusCode, 303);
      assert.equal(office.headers.location, '/office/login');
      const deep = await browser.get('/office/agencies');
      assert.equal(deep.headers.location, '/office/login?next=%2Foffice%2Fagencies');
      const page = await browser.get('/office/login');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<label for="f-username">用户名<\/label>/);
      assert.match(page.body, /<label for="f-password">密码<\/label>/);
    });

    it('sets an HttpOnly, SameSite=Lax session cookie on login and returns to the page asked for', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.get('/office/login?next=%2Foffice%2Fagencies');
      const response = await browser.post('/office/login', {
        username: 'sili.admin',
        password: TEST_PASSWORD,
        next: '/office/agencies',
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/office/agencies');
      const cookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('gk_session='));
      assert.ok(cookie, 'session cookie set');
      assert.match(cookie, /; HttpOnly/);
      assert.match(cookie, /; SameSite=Lax/);
      assert.match(cookie, /; Path=\//);
      assert.doesNotMatch(cookie, /; Secure/);
      const page = await browser.get('/office/agencies');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /思礼镇/);
      assert.equal(page.headers['cache-control'], 'no-store');
    });

    it('does not follow a next address off the back office', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.get('/office/login');
      const response = await browser.post('/office/login', {
        username: 'sili.admin',
        password: TEST_PASSWORD,
        next: '//evil.example/office',
      });
      assert.equal(response.headers.location, '/office');
    });

    it('shows a Chinese error for a wrong password and keeps the username, never the password', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.get('/office/login');
      const response = await browser.post('/office/login', {
        username: 'chengliu.admin',
        password: 'Wrong-Pass-1',
      });
      assert.equal(response.statusCode, 401);
      assert.match(response.body, /用户名或密码错误/);
      assert.match(response.body, /value="chengliu.admin"/);
      assert.doesNotMatch(response.body, /Wrong-Pass-1/);
      assert.equal(browser.cookies.has('gk_session'), false);
      const unknown = await browser.post('/office/login', { username: 'nobody', password: 'Wrong-Pass-1' });
      assert.equal(unknown.statusCode, 401);
      assert.match(unknown.body, /用户名或密码错误/);
    });

    it('locks the account after 5 failures and says until when', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.get('/office/login');
      const statuses: number[] = [];
      let last = '';
      for (let i = 0; i < 5; i++) {
        const response = await browser.post('/office/login', {
          username: 'sili.clerk',
          password: `Wrong-${i}-Pass`,
        });
        statuses.push(response.statusCode);
        last = response.body;
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 423]);
      assert.match(last, /账户已被锁定至北京时间 2026-03-02 10:30/);
      const right = await browser.post('/office/login', { username: 'sili.clerk', password: TEST_PASSWORD });
      assert.equal(right.statusCode, 423);
      assert.match(right.body, /账户已被锁定/);
      assert.equal(browser.cookies.has('gk_session'), false);
    });

    it('ends the session on logout', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.signIn('chengliu.admin');
      const token = browser.cookies.get('gk_session');
      assert.ok(token);
      assert.equal((await browser.get('/office')).statusCode, 200);
      const sessions = await count(f, 'sessions');
      const response = await browser.post('/office/logout');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/office/login?done=logout');
      assert.equal(browser.cookies.has('gk_session'), false, 'cookie cleared');
      assert.equal(await count(f, 'sessions'), sessions - 1);
      const notice = await browser.get('/office/login?done=logout');
      assert.match(notice.body, /您已安全退出/);
      // The old token is worthless even if someone kept it.
      const replay = await f.app.inject({
        method: 'GET',
        url: '/office',
        headers: { cookie: `gk_session=${token}` },
      });
      assert.equal(replay.statusCode, 303);
      assert.equal(replay.headers.location, '/office/login');
    });

    it('refuses a POST without a CSRF token with 403 in Chinese and writes nothing', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.signIn('sili.admin');
      await browser.get(`/office/agencies/${f.sili.id}/users`);
      const other = new Browser(f.app, nextIp());
      await other.signIn('chengliu.admin');
      const before = { users: await count(f, 'users'), audit: await count(f, 'audit_log') };
      const form = { username: 'sili.csrf', displayName: '钱某', roles: 'editor' };
      const missing = await browser.post(`/office/agencies/${f.sili.id}/users`, form, { csrf: false });
      assert.equal(missing.statusCode, 403);
      assert.match(missing.body, /页面已过期或请求来源无法确认/);
      const foreign = await browser.post(`/office/agencies/${f.sili.id}/users`, form, {
        csrf: other.lastCsrf!,
      });
      assert.equal(foreign.statusCode, 403, 'a token of another session');
      const forged = await browser.post(`/office/agencies/${f.sili.id}/users`, form, {
        csrf: 'x'.repeat(43),
      });
      assert.equal(forged.statusCode, 403);
      assert.deepEqual({ users: await count(f, 'users'), audit: await count(f, 'audit_log') }, before);
      // The same form with the page's token goes through.
      await browser.get(`/office/agencies/${f.sili.id}/users`);
      const ok = await browser.post(`/office/agencies/${f.sili.id}/users`, form);
      assert.equal(ok.statusCode, 201);
      assert.equal(await count(f, 'users'), before.users + 1);
    });

    it('refuses a login and a logout without a CSRF token', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.get('/office/login');
      const sessions = await count(f, 'sessions');
      const login = await browser.post(
        '/office/login',
        { username: 'sili.admin', password: TEST_PASSWORD },
        { csrf: false },
      );
      assert.equal(login.statusCode, 403);
      assert.equal(await count(f, 'sessions'), sessions);
      // JSON with the token in the header works like the form field.
      const json = await f.app.inject({
        method: 'POST',
        url: '/office/login',
        remoteAddress: browser.ip,
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': browser.lastCsrf!,
          cookie: browser.cookieHeader(),
        },
        payload: JSON.stringify({ username: 'sili.admin', password: TEST_PASSWORD }),
      });
      assert.equal(json.statusCode, 303);
      await browser.signIn('sili.admin');
      const logout = await browser.post('/office/logout', {}, { csrf: false });
      assert.equal(logout.statusCode, 403);
      assert.equal((await browser.get('/office')).statusCode, 200, 'still signed in');
    });

    it('shows a user of 思礼镇 a 404 for the users of 承留镇, and writes nothing there', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.signIn('sili.admin');
      const page = await browser.get(`/office/agencies/${f.chengliu.id}/users`);
      assert.equal(page.statusCode, 404);
      assert.match(page.body, /页面不存在或您无权访问/);
      const missing = await browser.get('/office/agencies/no-such-agency/users');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.body.replace(/[0-9a-f]{16}/g, ''), page.body.replace(/[0-9a-f]{16}/g, ''));
      await browser.get('/office');
      const users = await count(f, 'users');
      const post = await browser.post(`/office/agencies/${f.chengliu.id}/users`, {
        username: 'intruder',
        displayName: '入侵者',
      });
      assert.equal(post.statusCode, 404);
      const reset = await browser.post(
        `/office/agencies/${f.chengliu.id}/users/${f.users.chengliuAdmin.id}/password-reset`,
      );
      assert.equal(reset.statusCode, 404);
      // A user of 承留镇 named under 思礼镇's path is not found either.
      const crossed = await browser.post(
        `/office/agencies/${f.sili.id}/users/${f.users.chengliuAdmin.id}/disabled`,
        {
          disabled: '1',
        },
      );
      assert.equal(crossed.statusCode, 404);
      assert.equal(await count(f, 'users'), users);
      const child = await browser.get(`/office/agencies/${f.chengliu.id}/children/new`);
      assert.equal(child.statusCode, 404);
    });

    it('refuses the users page to staff of the agency without the admin role (403)', async () => {
      const admin = new Browser(f.app, nextIp());
      await admin.signIn('chengliu.admin');
      await admin.get(`/office/agencies/${f.chengliu.id}/users`);
      const created = await admin.post(`/office/agencies/${f.chengliu.id}/users`, {
        username: 'chengliu.editor',
        displayName: '周撰稿',
        roles: 'editor',
      });
      assert.equal(created.statusCode, 201);
      assert.match(created.body, /已创建用户/);
      const initial = shownSecret(created.body);
      assert.ok(initial);
      const again = await admin.get(`/office/agencies/${f.chengliu.id}/users`);
      assert.ok(!again.body.includes(initial), 'the initial password is shown once, not again');
      assert.match(again.body, /周撰稿/);

      const editor = new Browser(f.app, nextIp());
      await editor.signIn('chengliu.editor', initial);
      await editor.get('/office/login/password');
      await editor.post('/office/login/password', {
        current: initial,
        next: TEST_PASSWORD,
        confirm: TEST_PASSWORD,
      });
      const users = await editor.get(`/office/agencies/${f.chengliu.id}/users`);
      assert.equal(users.statusCode, 403);
      assert.match(users.body, /您没有进行此项操作的权限/);
      const agencies = await editor.get('/office/agencies');
      assert.equal(agencies.statusCode, 200);
      assert.match(agencies.body, /承留镇/);
      assert.doesNotMatch(agencies.body, /用户管理|新建下级机构/);
      assert.doesNotMatch(agencies.body, /思礼镇/);
    });

    it('makes a new user change the initial password before anything else', async () => {
      const browser = new Browser(f.app, nextIp());
      const login = await browser.signIn('sili.new', f.users.siliNew.initialPassword);
      assert.equal(login.headers.location, '/office');
      const office = await browser.get('/office');
      assert.equal(office.statusCode, 303);
      assert.equal(office.headers.location, '/office/login/password');
      const me = await browser.get('/api/v1/me');
      assert.equal(me.statusCode, 403);
      assert.equal(me.json().error.code, 'auth.password_change_required');
      const form = await browser.get('/office/login/password');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /修改初始密码/);
      const mismatch = await browser.post('/office/login/password', {
        current: f.users.siliNew.initialPassword,
        next: 'Brand-New-Pass-1',
        confirm: 'Brand-New-Pass-2',
      });
      assert.equal(mismatch.statusCode, 400);
      assert.match(mismatch.body, /两次输入的新密码不一致/);
      const weak = await browser.post('/office/login/password', {
        current: f.users.siliNew.initialPassword,
        next: 'password',
        confirm: 'password',
      });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /新密码不符合密码规则/);
      assert.match(weak.body, /密码须包含/);
      const wrong = await browser.post('/office/login/password', {
        current: 'Not-The-Initial-1',
        next: 'Brand-New-Pass-1',
        confirm: 'Brand-New-Pass-1',
      });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /当前密码不正确/);
      const done = await browser.post('/office/login/password', {
        current: f.users.siliNew.initialPassword,
        next: 'Brand-New-Pass-1',
        confirm: 'Brand-New-Pass-1',
      });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/office');
      const dashboard = await browser.get('/office');
      assert.equal(dashboard.statusCode, 200);
      assert.match(dashboard.body, /赵新人/);
      assert.match(dashboard.body, /撰稿/);
    });

    it('binds TOTP from the account page and asks for the code at the next login', async () => {
      const admin = new Browser(f.app, nextIp());
      await admin.signIn('sili.admin');
      await admin.get(`/office/agencies/${f.sili.id}/users`);
      const created = await admin.post(`/office/agencies/${f.sili.id}/users`, {
        username: 'sili.totp',
        displayName: '孙动态',
        roles: ['reviewer'],
      });
      assert.equal(created.statusCode, 201);
      const initial = shownSecret(created.body);
      assert.ok(initial);

      const user = new Browser(f.app, nextIp());
      await user.signIn('sili.totp', initial);
      await user.get('/office/login/password');
      await user.post('/office/login/password', {
        current: initial,
        next: TEST_PASSWORD,
        confirm: TEST_PASSWORD,
      });
      const account = await user.get('/office/account');
      assert.match(account.body, /未绑定/);
      await user.get('/office/account/totp');
      const started = await user.post('/office/account/totp/start');
      assert.equal(started.statusCode, 200);
      const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(started.body)?.[1];
      assert.ok(secret, 'the secret is shown as text');
      assert.match(started.body, /otpauth:\/\/totp\//);
      assert.doesNotMatch(started.body, /<img|chart\.googleapis|qrserver/);
      const bad = await user.post('/office/account/totp/confirm', { code: '000000' });
      assert.equal(bad.statusCode, 401);
      assert.match(bad.body, /动态验证码/);
      const good = await user.post('/office/account/totp/confirm', { code: totpCode(secret, f.clock.now) });
      assert.equal(good.statusCode, 303);
      assert.equal(good.headers.location, '/office/account?done=totp');
      assert.match((await user.get('/office/account?done=totp')).body, /动态验证码已绑定/);
      await user.post('/office/logout');

      const again = new Browser(f.app, nextIp());
      await again.signIn('sili.totp');
      const step = await again.get('/office');
      assert.equal(step.headers.location, '/office/login/totp');
      await again.get('/office/login/totp');
      const wrong = await again.post('/office/login/totp', { code: '123456' });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /动态验证码错误/);
      f.clock.now = new Date(f.clock.now.getTime() + 30_000);
      try {
        const right = await again.post('/office/login/totp', { code: totpCode(secret, f.clock.now) });
        assert.equal(right.statusCode, 303);
        assert.equal((await again.get('/office')).statusCode, 200);
      } finally {
        f.clock.now = new Date(f.clock.now.getTime() - 30_000);
      }

      // Phone lost: the admin resets the password and removes the authenticator.
      const users = await admin.get(`/office/agencies/${f.sili.id}/users`);
      assert.match(users.body, /重置密码并解绑动态验证码/);
      const row = users.body.split('<tr>').find((r) => r.includes('sili.totp'));
      const action = row?.match(/action="([^"]+\/password-reset)"/)?.[1];
      assert.ok(action);
      const reset = await admin.post(action, { resetTotp: '1' });
      assert.equal(reset.statusCode, 200);
      const fresh = shownSecret(reset.body);
      assert.ok(fresh);
      const later = new Browser(f.app, nextIp());
      await later.signIn('sili.totp', fresh);
      assert.equal(
        (await later.get('/office')).headers.location,
        '/office/login/password',
        'no TOTP step any more',
      );
    });

    it('answers /api/v1/me for a session and 401 without one', async () => {
      const anonymous = await f.app.inject({ method: 'GET', url: '/api/v1/me' });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error.code, 'auth.required');
      assert.match(anonymous.json().error.message, /请先登录/);
      const browser = new Browser(f.app, nextIp());
      await browser.signIn('chengliu.admin');
      await browser.get('/office');
      const me = await browser.get('/api/v1/me');
      assert.equal(me.statusCode, 200);
      assert.equal(me.headers['cache-control'], 'no-store');
      const body = me.json();
      assert.equal(body.user.username, 'chengliu.admin');
      assert.deepEqual(
        body.grants.map((g: { role: string; roleLabel: string; agencyId: string }) => [
          g.role,
          g.roleLabel,
          g.agencyId,
        ]),
        [['admin', '系统管理员', f.chengliu.id]],
      );
      assert.equal(body.user.passwordHash, undefined);
      assert.equal(body.csrfToken, browser.lastCsrf, 'the same token as the pages of this session');
    });

    it('limits login attempts per client address with 429, Retry-After and a Chinese page', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.get('/office/login');
      const statuses: number[] = [];
      // A different unknown name each time: five failures on one name would lock it (423) first.
      let last = await browser.post('/office/login', { username: 'nobody-0', password: 'x' });
      statuses.push(last.statusCode);
      for (let i = 1; i <= 10; i++) {
        last = await browser.post('/office/login', { username: `nobody-${i}`, password: 'x' });
        statuses.push(last.statusCode);
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
      assert.equal(last.statusCode, 429);
      assert.match(String(last.headers['retry-after']), /^\d+$/);
      assert.match(last.body, /操作过于频繁/);
      assert.match(String(last.headers['content-type']), /text\/html/);
      // Another address is not affected.
      const other = new Browser(f.app, nextIp());
      await other.get('/office/login');
      assert.equal(
        (await other.post('/office/login', { username: 'nobody', password: 'x' })).statusCode,
        401,
      );
    });
  });

  describe(`secure cookies on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    before(async () => {
      f = await createWebFixture(engine, { config: { secureCookies: true } });
    });
    after(async () => {
      await f?.close();
    });

    it('marks the cookies Secure with the __Host- prefix behind TLS', async () => {
      const browser = new Browser(f.app, nextIp());
      const page = await browser.get('/office/login');
      const csrf = [page.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-gk_csrf='));
      assert.ok(csrf);
      assert.match(csrf, /; Secure/);
      assert.match(csrf, /; HttpOnly/);
      const login = await browser.post('/office/login', { username: 'sili.admin', password: TEST_PASSWORD });
      const session = [login.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-gk_session='));
      assert.ok(session);
      assert.match(session, /; Secure/);
      assert.match(session, /; HttpOnly/);
      assert.match(session, /; SameSite=Lax/);
      assert.match(String(page.headers['strict-transport-security']), /max-age=31536000/);
      assert.match(String(page.headers['content-security-policy']), /upgrade-insecure-requests/);
    });
  });
}
