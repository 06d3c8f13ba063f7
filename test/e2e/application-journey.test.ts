// 依申请公开 end to end in a real browser against a listening server: a citizen applies online, a
// clerk asks for a 补正, the citizen supplies it through the secret link, the clerk decides 部分公开,
// and the citizen reads the reply through the link. Another applicant's link, a guessed token or a
// tracking number typed as a token get nothing, and the public pages never show the applicant's
// identity number or phone in full. Locators go by role and label, as a screen reader would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Agency, UseCaseContext } from '../../src/agencies/index.ts';
import { submitOnlineApplication } from '../../src/applications/index.ts';
import { applicant, intake, residentId, ZHANG_ID, ZHANG_PHONE } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { publishedItem } from '../../src/disclosures/testing.ts';
import { TEST_PASSWORD } from '../../src/web/testing.ts';
import { skipWithoutBrowser } from './browser.ts';
import { journeyBrowser, type Site, startSite } from './site.ts';

const sharedBrowser = journeyBrowser();

let addressCounter = 0;

for (const engine of ENGINES) {
  describe(`依申请公开 in chromium on ${engine}`, {
    skip: skipWithoutBrowser() || (await skipUnless(engine)),
  }, () => {
    let browser: Browser;
    let site: Site;
    let ctx: UseCaseContext;
    let chengliu: Agency;
    const contexts: BrowserContext[] = [];

    before(async () => {
      [browser, site] = await Promise.all([sharedBrowser(), startSite(engine, 'application-journey-test')]);
      ({ ctx, chengliu } = site);
      await site.settledStaff(chengliu, 'chengliu.clerk', '周办理', ['handler']);
    });
    after(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await site?.close();
    });

    async function newPage(): Promise<Page> {
      const context = await browser.newContext({
        baseURL: site.base,
        locale: 'zh-CN',
        viewport: { width: 390, height: 844 },
        extraHTTPHeaders: { 'x-forwarded-for': `203.0.113.${++addressCounter}` },
      });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context.newPage();
    }

    /** Clicks a submit button; the status of the POST (before any redirect). */
    async function submit(
      page: Page,
      button: string | RegExp,
      scope: Page | ReturnType<Page['locator']> = page,
    ) {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        scope.getByRole('button', { name: button }).click(),
      ]);
      return response.status();
    }

    /** The full HTML of the page, to look for what must never be in it. */
    async function assertNoIdentity(page: Page, where: string): Promise<void> {
      const html = await page.content();
      assert.ok(!html.includes(ZHANG_ID), `${where}: the full 身份证号`);
      assert.ok(!html.includes(ZHANG_PHONE), `${where}: the full phone number`);
    }

    it('lists what is already published while the citizen types the description', async () => {
      const itemId = await publishedItem(ctx, chengliu.id, 'journey', {
        content: { title: '承留镇2026年秸秆禁烧工作方案', bodyHtml: '<p>秸秆禁烧网格化管理。</p>' },
      });

      const citizen = await newPage();
      await citizen.goto(`/agencies/${chengliu.id}/apply`);
      await citizen.getByLabel('所需信息的名称、文号或者特征性描述').pressSequentially('秸秆禁烧的方案', {
        delay: 30,
      });
      const suggestion = citizen.locator('#suggestions').getByRole('link', { name: /秸秆禁烧/ });
      await suggestion.waitFor();
      assert.equal(await suggestion.getAttribute('href'), `/agencies/${chengliu.id}/items/${itemId}`);
      assert.equal(await citizen.locator('#suggestions mark').first().textContent(), '秸秆');
      // Typing on, to something nothing matches, clears the list.
      await citizen.getByLabel('所需信息的名称、文号或者特征性描述').fill('');
      await citizen.getByLabel('所需信息的名称、文号或者特征性描述').pressSequentially('龘');
      await citizen.locator('#suggestions li').waitFor({ state: 'detached' });
    });

    it('takes the application, the 补正 and the 部分公开 reply, each side in its own browser', async () => {
      // The citizen, on a phone.
      const citizen = await newPage();
      await citizen.goto(`/agencies/${chengliu.id}`);
      await citizen.getByRole('link', { name: '依申请公开' }).click();
      await citizen.getByRole('heading', { level: 1 }).waitFor();
      await citizen.getByLabel('自然人（公民个人）').check();
      await citizen.getByLabel('姓名或名称').fill('张三');
      await citizen.getByLabel('证件号码').fill(ZHANG_ID);
      await citizen.getByLabel('联系电话').fill(ZHANG_PHONE);
      await citizen.getByLabel('电子邮箱').fill('zhangsan@example.com');
      await citizen
        .getByLabel('所需信息的名称、文号或者特征性描述')
        .fill('承留镇2025年农村道路建设项目的相关信息');
      assert.equal(await submit(citizen, /提交申请/), 200);
      const body = (await citizen.locator('main').textContent()) ?? '';
      const trackingNumber = /YSQ2026-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(body)?.[0];
      assert.ok(trackingNumber, `a tracking number on the confirmation page: ${body.slice(0, 300)}`);
      assert.match(body, /2026-03-30|2026年3月30日/, 'the reply due date: 20 working days');
      const statusLink = await citizen
        .locator('a[href*="/apply/status?token="]')
        .first()
        .getAttribute('href');
      assert.ok(statusLink);
      await assertNoIdentity(citizen, 'confirmation page');

      // The clerk finds it at the top of the queue and asks for a 补正.
      const clerk = await newPage();
      await clerk.goto('/office/login');
      await clerk.getByLabel('用户名').fill('chengliu.clerk');
      await clerk.getByLabel('密码', { exact: true }).fill(TEST_PASSWORD);
      assert.equal(await submit(clerk, '登录'), 303);
      await clerk.goto(`/office/agencies/${chengliu.id}/applications`);
      await clerk.getByRole('link', { name: trackingNumber }).click();
      await clerk.getByRole('heading', { name: '办理状态' }).waitFor();
      const supplement = clerk.getByRole('region', { name: '通知补正' });
      await supplement
        .getByLabel('需要补正的事项')
        .fill('请写明所需信息的具体项目名称\n请写明所需信息的形成时间');
      await supplement.getByLabel('补正期限').fill('2026-03-16');
      assert.equal(await submit(clerk, '通知补正并生成补正告知书', supplement), 303);
      await clerk.getByRole('heading', { name: '文书' }).waitFor();
      assert.match((await clerk.getByRole('region', { name: '文书' }).textContent()) ?? '', /补正告知书/);

      // The citizen reads the notice through the link and supplies the correction.
      await citizen.goto(statusLink);
      const waiting = (await citizen.locator('main').textContent()) ?? '';
      assert.match(waiting, /待补正/);
      assert.match(waiting, /请写明所需信息的具体项目名称/);
      await assertNoIdentity(citizen, 'status page');
      await citizen.getByLabel(/补正内容/).fill('项目名称：南桥村道路硬化工程，形成时间：2025年');
      assert.equal(await submit(citizen, /提交补正/), 200);
      assert.match((await citizen.locator('main').textContent()) ?? '', /办理中/);

      // The clerk decides 部分公开, withholding a third party's business secrets.
      await clerk.reload();
      const decide = clerk.getByRole('region', { name: '作出答复' });
      await decide.getByLabel('办理结果（年度报告表三）').selectOption('partial');
      await decide.getByRole('checkbox', { name: /第三方合法权益/ }).check();
      assert.equal(await submit(clerk, '作出答复并生成答复告知书', decide), 303);
      assert.match((await clerk.getByRole('region', { name: '办理状态' }).textContent()) ?? '', /部分公开/);

      // The citizen reads the reply through the link, and downloads it.
      await citizen.goto(statusLink);
      const replied = (await citizen.locator('main').textContent()) ?? '';
      assert.match(replied, /答复告知书/);
      assert.match(replied, /第三十七条/);
      await assertNoIdentity(citizen, 'status page with the reply');
      const docx = await citizen.locator('a[href*="/apply/letter.docx"]').last().getAttribute('href');
      assert.ok(docx);
      const download = await citizen.request.get(docx);
      assert.equal(download.status(), 200);
      assert.equal((await download.body()).subarray(0, 2).toString('latin1'), 'PK');
    });

    it('shows nothing through another applicant’s link, a guessed token or a tracking number', async () => {
      const other = await submitOnlineApplication(
        ctx,
        intake(chengliu.id, {
          applicant: applicant({ name: '李四', idNumber: residentId('41900119900202456') }),
        }),
      );
      const page = await newPage();
      // The other applicant's own link shows only their application.
      await page.goto(`/apply/status?token=${other.accessToken}`);
      const own = (await page.locator('main').textContent()) ?? '';
      assert.ok(own.includes(other.trackingNumber));
      assert.ok(!own.includes('南桥村'));
      for (const token of [
        `${other.accessToken.slice(0, -1)}${other.accessToken.endsWith('A') ? 'B' : 'A'}`,
        other.trackingNumber,
        'x'.repeat(32),
      ]) {
        const response = await page.goto(`/apply/status?token=${encodeURIComponent(token)}`);
        assert.equal(response?.status(), 404, token);
        assert.ok(!(await page.content()).includes(other.trackingNumber), token);
      }
      // The lookup form wants both halves.
      await page.goto('/apply/lookup');
      await page.getByRole('textbox', { name: '申请编号' }).fill(other.trackingNumber);
      await page
        .getByRole('textbox', { name: '查询码' })
        .fill(`${other.accessToken.slice(0, -1)}${other.accessToken.endsWith('A') ? 'B' : 'A'}`);
      assert.equal(await submit(page, /查询/), 404);
      await page.getByRole('textbox', { name: '申请编号' }).fill(other.trackingNumber);
      await page.getByRole('textbox', { name: '查询码' }).fill(other.accessToken);
      assert.equal(await submit(page, /查询/), 200);
      assert.ok(((await page.locator('main').textContent()) ?? '').includes(other.trackingNumber));
    });
  });
}
