// 主动公开 end to end in a real browser against a listening server, on both engines: an editor
// drafts an item with a 身份证号 in it (and script in its title, body and attachment name); the
// reviewer's signature is refused and the draft returned; the editor redacts the number and submits
// again; the reviewer signs, the approver approves and publishes; the item is on the portal, in search and in the feed, with the number
// gone and nothing executed; withdrawn, it is gone from all three. Locators go by role and label.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Agency } from '../../src/agencies/index.ts';
import { residentId } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { skipWithoutBrowser } from './browser.ts';
import { type JourneyPages, journeyBrowser, journeyPages, type Site, startSite } from './site.ts';

const ID_NUMBER = residentId('41900119800101123');
const TITLE = '承留镇<img src=x onerror=alert(1)>危房改造补助对象公示（a<b&c）';
/** Pasted markup is dropped from a title; every other character stays text. */
const SHOWN_TITLE = '承留镇危房改造补助对象公示（a<b&c）';
const ATTACHMENT = '"><img src=x onerror=alert(2)>补助名单.pdf';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

const sharedBrowser = journeyBrowser();

for (const engine of ENGINES) {
  describe(`主动公开 in chromium on ${engine}`, {
    skip: skipWithoutBrowser() || (await skipUnless(engine)),
  }, () => {
    let browser: Browser;
    let site: Site;
    let chengliu: Agency;
    let pages: JourneyPages;

    before(async () => {
      [browser, site] = await Promise.all([sharedBrowser(), startSite(engine, 'disclosure-journey-test')]);
      chengliu = site.chengliu;
      pages = journeyPages(browser, site, { timeoutMs: 10_000 });
      await site.settledStaff(chengliu, 'cl.editor', '李撰稿', ['editor']);
      await site.settledStaff(chengliu, 'cl.reviewer', '王审查', ['reviewer']);
      await site.settledStaff(chengliu, 'cl.approver', '赵负责', ['approver']);
    });
    after(async () => {
      await pages?.close();
      await site?.close();
    });

    const newPage = (viewport?: { width: number; height: number }) => pages.newPage(viewport);
    const signedIn = (username: string) => pages.signedIn(username);

    /** Clicks a submit button and waits for the page the POST leads to; its status. */
    async function submit(page: Page, name: string | RegExp): Promise<number> {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name, exact: typeof name === 'string' }).click(),
      ]);
      await page.waitForLoadState();
      return response.status();
    }

    /** The portal page of the item, the agency's search for its words, and its RSS feed. */
    async function publicViews(citizen: Page, itemPath: string) {
      const item = await citizen.request.get(itemPath);
      const search = await citizen.request.get(
        `/agencies/${chengliu.id}/search?q=${encodeURIComponent('危房改造补助')}`,
      );
      const feed = await citizen.request.get(`/agencies/${chengliu.id}/feed.xml`);
      return { item, search: await search.text(), feed: await feed.text() };
    }

    it('blocks a 身份证号 until redacted, then publishes to portal, search and feed; withdrawal removes it everywhere', async () => {
      // The editor drafts the item.
      const editor = await signedIn('cl.editor');
      await editor.goto(`/office/agencies/${chengliu.id}/items`);
      await editor.getByRole('link', { name: '起草新信息' }).click();
      await editor.getByLabel('标题').fill(TITLE);
      await editor.getByLabel('成文日期').fill('2026-02-27');
      await editor.getByLabel('公开目录栏目').selectOption('JC08');
      await editor.getByLabel('主题分类').selectOption('城乡建设、环境保护');
      await editor.getByLabel('内容概述').fill('公示2026年第一批农村危房改造补助对象。');
      await editor
        .getByLabel('正文', { exact: true })
        .fill(
          `<p>补助对象：张三，身份证号${ID_NUMBER}。</p><script>alert(3)</script><p onclick="alert(4)">公示期5个工作日。</p>`,
        );
      await editor
        .getByLabel('上传附件')
        .setInputFiles({ name: ATTACHMENT, mimeType: 'application/pdf', buffer: PDF });
      assert.equal(await submit(editor, '保存草稿'), 303);
      const itemPath = new URL(editor.url()).pathname;
      assert.match(itemPath, new RegExp(`^/office/agencies/${chengliu.id}/items/[^/]+$`));
      const itemId = itemPath.split('/').pop()!;
      assert.equal(await editor.getByRole('heading', { level: 1 }).textContent(), SHOWN_TITLE);
      assert.match((await editor.locator('main').textContent()) ?? '', /身份证号/);
      assert.equal(await submit(editor, '提交保密审查'), 303);

      // The reviewer cannot sign while the number is in the text, and returns the draft.
      const reviewer = await signedIn('cl.reviewer');
      await reviewer.goto(itemPath);
      await reviewer.getByRole('link', { name: '进行保密审查' }).click();
      for (const box of await reviewer.locator('input[name="checklist"]').all()) await box.check();
      assert.equal(await submit(reviewer, '签署保密审查意见'), 409);
      await reviewer.getByLabel('退回理由').fill('正文含有身份证号码，请去除后重新提交。');
      assert.equal(await submit(reviewer, '退回撰稿人'), 303);

      // The editor is blocked by the finding, redacts the number and submits again.
      await editor.goto(itemPath);
      assert.match((await editor.locator('main').textContent()) ?? '', /请去除后重新提交/);
      assert.equal(await submit(editor, '去除个人信息'), 303);
      assert.ok(!(await editor.content()).includes(ID_NUMBER), 'the number is gone from the draft');
      assert.equal(await submit(editor, '提交保密审查'), 303);

      // Now the reviewer signs.
      await reviewer.goto(`${itemPath}/review`);
      for (const box of await reviewer.locator('input[name="checklist"]').all()) await box.check();
      assert.equal(await submit(reviewer, '签署保密审查意见'), 303);

      // The approver approves and publishes now.
      const approver = await signedIn('cl.approver');
      await approver.goto(itemPath);
      assert.equal(await submit(approver, '负责人审批'), 303);
      assert.equal(await submit(approver, '发布'), 303);

      // The citizen finds it on the portal, in search and in the feed, without the number.
      const citizen = await newPage();
      const portalPath = `/agencies/${chengliu.id}/items/${itemId}`;
      await citizen.goto(portalPath);
      assert.equal(await citizen.getByRole('heading', { level: 1 }).textContent(), SHOWN_TITLE);
      const html = await citizen.content();
      assert.ok(!html.includes(ID_NUMBER), 'the full 身份证号 on the portal');
      assert.equal(await citizen.locator('img[src="x"]').count(), 0, 'no injected image');
      assert.equal(await citizen.locator('main script, [onclick]').count(), 0, 'no injected script');
      assert.ok(
        (await citizen.getByRole('link', { name: /补助名单\.pdf/ }).count()) > 0,
        'the attachment link',
      );
      const published = await publicViews(citizen, portalPath);
      assert.equal(published.item.status(), 200);
      assert.ok(published.search.includes(portalPath), 'found by search');
      assert.ok(!published.search.includes(ID_NUMBER));
      assert.ok(published.feed.includes(`/agencies/${chengliu.id}/items/${itemId}`), 'in the RSS feed');
      assert.ok(published.feed.includes('（a&lt;b&amp;c）'), 'the feed escapes the title');
      assert.ok(!published.feed.includes('onerror'), 'no markup from the title in the feed');
      assert.ok(!published.feed.includes(ID_NUMBER));

      // Withdrawn, it is gone from all three.
      await approver.goto(itemPath);
      await approver.getByLabel('撤回理由').fill('补助对象名单有误，核实后重新发布。');
      assert.equal(await submit(approver, '撤回'), 303);
      const withdrawn = await publicViews(citizen, portalPath);
      assert.equal(withdrawn.item.status(), 404);
      assert.ok(!withdrawn.search.includes(portalPath), 'not found by search any more');
      assert.ok(!withdrawn.feed.includes(itemId), 'not in the feed any more');

      assert.deepEqual(pages.dialogs, [], 'no payload ran in any page');
    });
  });
}
