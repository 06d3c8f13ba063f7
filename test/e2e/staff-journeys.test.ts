// The staff's first steps in a real browser against a real listening server (startServer on a
// fresh test database): signing in with the forced password change, the lock after five wrong
// passwords, logging out, an admin creating a colleague, and a town typing another town's URL.
// Locators go by role and label only, so that every step also proves the forms are accessible.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { TEST_PASSWORD } from '../../src/web/testing.ts';
import { skipWithoutBrowser } from './browser.ts';
import { journeyBrowser, type Site, startSite } from './site.ts';

let addressCounter = 0;

/** The text of an element as the DOM has it. */
async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

// One chromium for both engines; each journey gets a fresh context (profile) of its own.
const sharedBrowser = journeyBrowser();

for (const engine of ENGINES) {
  describe(`staff journeys in chromium on ${engine}`, {
    skip: skipWithoutBrowser() || (await skipUnless(engine)),
  }, () => {
    let browser: Browser;
    let site: Site;
    const contexts: BrowserContext[] = [];

    before(async () => {
      [browser, site] = await Promise.all([sharedBrowser(), startSite(engine, 'staff-journeys-test')]);
    });
    after(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await site?.close();
    });

    /** A fresh browser profile (no cookies) coming from its own client address. */
    async function newPage(): Promise<Page> {
      const context = await browser.newContext({
        baseURL: site.base,
        locale: 'zh-CN',
        extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${++addressCounter}` },
      });
      // A missing label or role fails within seconds instead of Playwright's 30.
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context.newPage();
    }

    /** Clicks a form's submit button; returns the status of the POST (before any redirect). */
    async function submit(page: Page, button: string): Promise<number> {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: button }).click(),
      ]);
      return response.status();
    }

    async function fillLogin(page: Page, username: string, password: string): Promise<number> {
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill(password);
      return submit(page, '登录');
    }

    async function sessionCookie(page: Page): Promise<string | undefined> {
      return (await page.context().cookies()).find((c) => c.name === 'gk_session')?.value;
    }

    it('signs in with the form, changes the initial password first, then shows the dashboard', async () => {
      const staff = await site.createStaff(site.sili, 'sili.first', '赵首登', ['editor']);
      const page = await newPage();
      await page.goto('/office');
      assert.equal(new URL(page.url()).pathname, '/office/login');
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      assert.equal(await fillLogin(page, staff.username, staff.initialPassword), 303);

      await page.waitForURL('**/office/login/password');
      await page.getByRole('heading', { name: '修改初始密码' }).waitFor();
      // Nothing else is reachable before the change.
      await page.goto('/office/agencies');
      assert.equal(new URL(page.url()).pathname, '/office/login/password');
      await page.getByLabel('初始密码或管理员重置的密码').fill(staff.initialPassword);
      await page.getByLabel('新密码', { exact: true }).fill('Brand-New-Pass-1');
      await page.getByLabel('再次输入新密码').fill('Brand-New-Pass-2');
      assert.equal(await submit(page, '修改密码'), 400);
      assert.match(await text(page.getByRole('alert')), /两次输入的新密码不一致/);

      await page.getByLabel('初始密码或管理员重置的密码').fill(staff.initialPassword);
      await page.getByLabel('新密码', { exact: true }).fill('Brand-New-Pass-1');
      await page.getByLabel('再次输入新密码').fill('Brand-New-Pass-1');
      assert.equal(await submit(page, '修改密码'), 303);

      await page.waitForURL((url) => url.pathname === '/office');
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor();
      const facts = await text(page.getByRole('region', { name: '我的信息' }));
      assert.match(facts, /赵首登/);
      assert.match(facts, /sili\.first/);
      assert.match(facts, /思礼镇/);
      const roles = page.getByRole('region', { name: '我的机构和角色' }).getByRole('row');
      assert.deepEqual(await roles.nth(1).getByRole('cell').allTextContents(), [
        '思礼镇',
        '撰稿 主动公开 规范性文件登记 年度报告',
        '本机构',
      ]);
      // The role's work is one click away.
      await roles.nth(1).getByRole('link', { name: '主动公开' }).waitFor();
      await page
        .getByRole('navigation', { name: '后台导航' })
        .getByRole('link', { name: '机构与用户' })
        .waitFor();
    });

    it('locks the account after five wrong passwords, says until when, and refuses the right one', async () => {
      const staff = await site.settledStaff(site.sili, 'sili.locked', '钱锁定', ['handler']);
      const page = await newPage();
      await page.goto('/office/login');
      for (let i = 1; i <= 4; i++) {
        assert.equal(await fillLogin(page, staff.username, `Wrong-Pass-${i}`), 401, `attempt ${i}`);
        assert.equal(await text(page.getByRole('alert')), '用户名或密码错误。', `attempt ${i}`);
        // The form keeps the username, never the password.
        assert.equal(await page.getByLabel('用户名').inputValue(), staff.username);
        assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '');
      }
      assert.equal(await fillLogin(page, staff.username, 'Wrong-Pass-5'), 423);
      const lockMessage =
        '登录失败次数过多，账户已被锁定至北京时间 2026-03-02 10:30，请届时再试或联系系统管理员解锁。';
      assert.equal(await text(page.getByRole('alert')), lockMessage);

      assert.equal(
        await fillLogin(page, staff.username, TEST_PASSWORD),
        423,
        'the right password is refused',
      );
      assert.equal(await text(page.getByRole('alert')), lockMessage);
      assert.equal(new URL(page.url()).pathname, '/office/login');
      assert.equal(await sessionCookie(page), undefined, 'no session');
      await page.goto('/office');
      assert.equal(new URL(page.url()).pathname, '/office/login');
    });

    it('ends the session on logout: /office then leads to the login page', async () => {
      const staff = await site.settledStaff(site.chengliu, 'chengliu.out', '孙退出', ['reviewer']);
      const page = await newPage();
      await page.goto('/office/login');
      assert.equal(await fillLogin(page, staff.username, TEST_PASSWORD), 303);
      await page.waitForURL((url) => url.pathname === '/office');
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor();
      const token = await sessionCookie(page);
      assert.ok(token, 'signed in');

      assert.equal(await submit(page, '退出登录'), 303);
      await page.waitForURL((url) => url.pathname === '/office/login');
      assert.equal(await text(page.getByRole('status')), '您已安全退出。');
      assert.equal(await sessionCookie(page), undefined, 'cookie removed');

      // The browser's back button asks for /office again (pages are no-store) and is sent away.
      const back = await page.goBack();
      const asked = back?.request().redirectedFrom()?.url();
      assert.equal(asked && new URL(asked).pathname, '/office', 'back went to /office');
      assert.equal(new URL(page.url()).pathname, '/office/login', 'and landed on the login page');
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      await page.goto('/office');
      assert.equal(new URL(page.url()).pathname, '/office/login');
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();

      // The old cookie, put back by hand, opens nothing either.
      await page.context().addCookies([{ name: 'gk_session', value: token, url: site.base }]);
      await page.goto('/office');
      assert.equal(new URL(page.url()).pathname, '/office/login');
    });

    it('lets an admin of 承留镇 create a user, shows the initial password once, and the user signs in', async () => {
      await site.settledStaff(site.chengliu, 'chengliu.boss', '张承留', ['admin']);
      const admin = await newPage();
      await admin.goto('/office/login');
      assert.equal(await fillLogin(admin, 'chengliu.boss', TEST_PASSWORD), 303);
      await admin.waitForURL((url) => url.pathname === '/office');
      await admin
        .getByRole('navigation', { name: '后台导航' })
        .getByRole('link', { name: '机构与用户' })
        .click();
      const tree = admin.getByRole('region', { name: '我可以查看的机构' });
      assert.doesNotMatch(await text(tree), /思礼镇/, 'another town is not listed');
      await tree.getByRole('link', { name: '用户管理' }).click();
      assert.equal(new URL(admin.url()).pathname, `/office/agencies/${site.chengliu.id}/users`);
      await admin.getByRole('heading', { name: '用户管理：承留镇' }).waitFor();

      const form = admin.getByRole('region', { name: '新建用户' });
      await form.getByLabel('用户名').fill('chengliu.writer');
      await form.getByLabel('姓名').fill('周撰稿');
      await form.getByRole('checkbox', { name: /^撰稿/ }).check();
      assert.equal(await submit(admin, '创建用户'), 201);

      const shown = admin.getByRole('status');
      assert.match(await text(shown.getByRole('heading')), /已创建用户：周撰稿（chengliu\.writer）/);
      const initialPassword = (await text(shown.locator('code'))).trim();
      assert.match(initialPassword, /^\S{12,}$/);
      assert.match(
        await text(admin.getByRole('region', { name: '本机构的用户' })),
        /周撰稿[\s\S]*待修改初始密码/,
      );
      await admin.goto(`/office/agencies/${site.chengliu.id}/users`);
      assert.ok(!(await admin.content()).includes(initialPassword), 'shown once, not again');

      const user = await newPage();
      await user.goto('/office/login');
      assert.equal(await fillLogin(user, 'chengliu.writer', initialPassword), 303);
      await user.waitForURL('**/office/login/password');
      await user.getByLabel('初始密码或管理员重置的密码').fill(initialPassword);
      await user.getByLabel('新密码', { exact: true }).fill('Writer-Pass-2026');
      await user.getByLabel('再次输入新密码').fill('Writer-Pass-2026');
      assert.equal(await submit(user, '修改密码'), 303);
      await user.waitForURL((url) => url.pathname === '/office');
      const facts = await text(user.getByRole('region', { name: '我的信息' }));
      assert.match(facts, /周撰稿/);
      assert.match(facts, /承留镇/);
    });

    it('answers a user of 思礼镇 typing the users URL of 承留镇 with the Chinese 404 page', async () => {
      await site.settledStaff(site.sili, 'sili.boss', '王思礼', ['admin']);
      await site.settledStaff(site.chengliu, 'chengliu.hidden', '吴隐藏', ['editor']);
      const page = await newPage();
      await page.goto('/office/login');
      assert.equal(await fillLogin(page, 'sili.boss', TEST_PASSWORD), 303);
      await page.waitForURL((url) => url.pathname === '/office');

      const own = await page.goto(`/office/agencies/${site.sili.id}/users`);
      assert.equal(own?.status(), 200, 'the own town is there');

      const response = await page.goto(`/office/agencies/${site.chengliu.id}/users`);
      assert.equal(response?.status(), 404);
      await page.getByRole('heading', { name: '页面不存在', level: 1 }).waitFor();
      const main = await text(page.getByRole('main'));
      assert.match(main, /页面不存在或您无权访问。/);
      assert.doesNotMatch(main, /承留镇|chengliu|吴隐藏/);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      await page.getByRole('link', { name: '返回首页' }).click();
      await page.waitForURL((url) => url.pathname === '/office');
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor();
    });
  });
}
