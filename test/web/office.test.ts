// Back-office work through app.inject: agencies, users, account; and what the logs may contain.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  Browser,
  createWebFixture,
  shownSecret,
  TEST_PASSWORD,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `203.0.113.${++ipCounter}`;

for (const engine of ENGINES) {
  describe(`back office on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    const logs: string[] = [];
    before(async () => {
      const stream = new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      });
      f = await createWebFixture(engine, { logStream: stream });
    });
    after(async () => {
      await f?.close();
    });

    it('shows the dashboard: who I am, my agency and my roles', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.signIn('sili.clerk');
      const page = await browser.get('/office');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /李办理/);
      assert.match(page.body, /sili\.clerk/);
      assert.match(page.body, /<td>思礼镇<\/td><td>依申请办理<\/td><td>本机构<\/td>/);
      assert.match(page.body, /<meta name="robots" content="noindex, nofollow"\/>/);
    });

    it('lets an admin create a village under the town, and refuses a bad one in the form', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.signIn('sili.admin');
      const tree = await browser.get('/office/agencies');
      assert.match(tree.body, new RegExp(`href="/office/agencies/${f.sili.id}/children/new"`));
      const form = await browser.get(`/office/agencies/${f.sili.id}/children/new`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /村（社区）/);
      assert.doesNotMatch(form.body, /value="region"/, 'a town has no region below it');
      const bad = await browser.post(`/office/agencies/${f.sili.id}/children`, {
        kind: 'village',
        name: '   ',
        creditCode: '123',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /机构名称不能为空/);
      assert.match(bad.body, /统一社会信用代码/);
      const ok = await browser.post(`/office/agencies/${f.sili.id}/children`, {
        kind: 'village',
        name: '思礼村',
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/office/agencies?done=created');
      const after = await browser.get('/office/agencies?done=created');
      assert.match(after.body, /机构已创建/);
      const duplicate = await browser.post(`/office/agencies/${f.sili.id}/children`, {
        kind: 'village',
        name: '思礼村',
      });
      assert.equal(duplicate.statusCode, 409);
      const portal = await f.app.inject({ method: 'GET', url: `/agencies/${f.sili.id}` });
      assert.match(portal.body, /下级机关/);
      assert.match(portal.body, /思礼村/);
    });

    it('resets a password (shown once) and disables and enables a user', async () => {
      const admin = new Browser(f.app, nextIp());
      await admin.signIn('sili.admin');
      const users = await admin.get(`/office/agencies/${f.sili.id}/users`);
      assert.match(users.body, /<th scope="col">姓名<\/th>/);
      assert.match(users.body, /<td>本人|<span class="muted">本人<\/span>/);
      const clerk = f.users.siliClerk.id;
      const reset = await admin.post(`/office/agencies/${f.sili.id}/users/${clerk}/password-reset`);
      assert.equal(reset.statusCode, 200);
      assert.match(reset.body, /已重置密码/);
      const password = shownSecret(reset.body);
      assert.ok(password);
      const clerkBrowser = new Browser(f.app, nextIp());
      const login = await clerkBrowser.signIn('sili.clerk', password);
      assert.equal(login.statusCode, 303);
      assert.equal((await clerkBrowser.get('/office')).headers.location, '/office/login/password');
      await clerkBrowser.get('/office/login/password');
      await clerkBrowser.post('/office/login/password', {
        current: password,
        next: TEST_PASSWORD,
        confirm: TEST_PASSWORD,
      });
      assert.equal((await clerkBrowser.get('/office')).statusCode, 200);

      await admin.get(`/office/agencies/${f.sili.id}/users`);
      const disabled = await admin.post(`/office/agencies/${f.sili.id}/users/${clerk}/disabled`, {
        disabled: '1',
      });
      assert.equal(disabled.statusCode, 303);
      assert.equal(disabled.headers.location, `/office/agencies/${f.sili.id}/users?done=disabled`);
      assert.match((await admin.get(disabled.headers.location as string)).body, /已停用/);
      assert.equal(
        (await clerkBrowser.get('/office')).headers.location,
        '/office/login',
        'its session ended',
      );
      const refused = await new Browser(f.app, nextIp()).signIn('sili.clerk');
      assert.equal(refused.statusCode, 401);
      const bad = await admin.post(`/office/agencies/${f.sili.id}/users/${clerk}/disabled`, {
        disabled: 'yes',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /字段“停用”不在允许的取值范围内/);
      await admin.get(`/office/agencies/${f.sili.id}/users`);
      const enabled = await admin.post(`/office/agencies/${f.sili.id}/users/${clerk}/disabled`, {
        disabled: '0',
      });
      assert.equal(enabled.statusCode, 303);
      assert.equal((await new Browser(f.app, nextIp()).signIn('sili.clerk')).statusCode, 303);
    });

    it('refuses a duplicate username and an invalid one in the form, keeping what was typed', async () => {
      const admin = new Browser(f.app, nextIp());
      await admin.signIn('sili.admin');
      await admin.get(`/office/agencies/${f.sili.id}/users`);
      const duplicate = await admin.post(`/office/agencies/${f.sili.id}/users`, {
        username: 'sili.clerk',
        displayName: '重名者',
      });
      assert.equal(duplicate.statusCode, 409);
      assert.match(duplicate.body, /该记录已经存在/);
      assert.match(duplicate.body, /value="重名者"/);
      const invalid = await admin.post(`/office/agencies/${f.sili.id}/users`, {
        username: '张三',
        displayName: '张三',
        roles: ['admin', 'auditor'],
      });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /用户名须为2至32位/);
      assert.match(invalid.body, /id="role-admin" name="roles" value="admin" checked/);
    });

    it('changes the own password from the account page', async () => {
      const browser = new Browser(f.app, nextIp());
      await browser.signIn('chengliu.admin');
      const page = await browser.get('/office/account');
      assert.match(page.body, /<label for="f-current">当前密码<\/label>/);
      const wrong = await browser.post('/office/account/password', {
        current: 'nope-Nope-1',
        next: 'Another-Pass-2',
        confirm: 'Another-Pass-2',
      });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /当前密码不正确/);
      const ok = await browser.post('/office/account/password', {
        current: TEST_PASSWORD,
        next: 'Another-Pass-2',
        confirm: 'Another-Pass-2',
      });
      assert.equal(ok.statusCode, 303);
      assert.match((await browser.get('/office/account?done=password')).body, /密码已修改/);
      await browser.post('/office/account/password', {
        current: 'Another-Pass-2',
        next: TEST_PASSWORD,
        confirm: TEST_PASSWORD,
      });
    });

    it('answers HEAD like GET without a body', async () => {
      const response = await f.app.inject({ method: 'HEAD', url: '/' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.body, '');
    });

    it('logs requests without cookies, tokens, passwords, bodies or client addresses', () => {
      const text = logs.join('');
      assert.ok(text.includes('"url":"/office/login"'), 'requests are logged');
      assert.doesNotMatch(text, new RegExp(TEST_PASSWORD.replace(/[-!]/g, '\\$&')));
      assert.doesNotMatch(text, /gk_session|gk_csrf|_csrf=|set-cookie/i);
      assert.doesNotMatch(text, /203\.0\.113\./);
      assert.doesNotMatch(text, /"body"/);
      assert.doesNotMatch(text, /王思礼|李办理/);
    });
  });
}
