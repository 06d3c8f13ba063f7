// axe-core on every template of the public portal, in chromium against a listening server: no
// violation of impact serious or critical on the portal home, an agency home, the 公开指南, 制度,
// 法定主动公开内容 and 年度报告 columns (and a published report), the 政府信息公开目录, an item, the search with results and
// without, the 规范性文件 register, the 政务服务 listing, an item's 办事指南, a window and its printable QR code,
// the 依申请公开 form, the status lookup and an applicant's status page, the 办事评价
// form, the 效能投诉 form and a complainant's page, the 404 page, and
// an item in 大字版 — on a desktop window and on a 360 px phone, where nothing may scroll sideways.
// axe's source is injected into the page (the site's CSP forbids scripts, so the test context
// bypasses CSP; the pages themselves still run none).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Agency, systemActor, updateAgency } from '../../src/agencies/index.ts';
import { approveReport, publishReport } from '../../src/annual-reports/index.ts';
import { submitOnlineApplication } from '../../src/applications/index.ts';
import { intake } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { publishedItem, staff, TINY_PDF } from '../../src/disclosures/testing.ts';
import { seedFeedbackCatalogue } from '../../src/services/feedback-testing.ts';
import { fileOnlineComplaint } from '../../src/services/index.ts';
import { skipWithoutBrowser } from './browser.ts';
import { journeyBrowser, type Site, startSite } from './site.ts';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What fails the test: axe's two highest impacts. */
const BLOCKING = new Set(['serious', 'critical']);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const sharedBrowser = journeyBrowser();

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: '360 px phone', width: 360, height: 740 },
] as const;

for (const engine of ENGINES) {
  describe(`portal accessibility (axe-core) in chromium on ${engine}`, {
    skip: skipWithoutBrowser() || (await skipUnless(engine)),
  }, () => {
    let browser: Browser;
    let site: Site;
    let chengliu: Agency;
    let itemId: string;
    let statusPath: string;
    let complaintPath: string;
    let windowId: string;
    let serviceItemId: string;
    const contexts: BrowserContext[] = [];

    before(async () => {
      [browser, site] = await Promise.all([sharedBrowser(), startSite(engine, 'portal-accessibility-test')]);
      const { ctx } = site;
      chengliu = site.chengliu;
      await updateAgency(ctx, systemActor('portal-accessibility-test'), {
        agencyId: chengliu.id,
        settings: { contact: { office: '承留镇党政综合办公室', address: '济源市承留镇承留大街1号' } },
      });
      // Items published through the workflow, with an attachment.
      for (const [n, title] of [
        '承留镇2026年农村危房改造补助对象公示',
        '承留镇2025年政府信息公开工作年度报告',
      ].entries()) {
        const id = await publishedItem(ctx, chengliu.id, `a11y${n}`, {
          content: { title },
          attachments: [{ filename: '补助名单.pdf', content: TINY_PDF }],
        });
        itemId ??= id;
      }
      // A published annual report (built from the data, approved and published by the 负责人).
      const approver = await staff(ctx, chengliu.id, 'a11y.approver', ['approver']);
      await approveReport(ctx, approver, { agencyId: chengliu.id, year: 2025 });
      await publishReport(ctx, approver, { agencyId: chengliu.id, year: 2025 });
      const application = await submitOnlineApplication(ctx, intake(chengliu.id));
      statusPath = `/apply/status?token=${encodeURIComponent(application.accessToken)}`;
      // A window and an item of the service hall, and a complaint about them.
      const catalogue = await seedFeedbackCatalogue(ctx.db, chengliu.id);
      windowId = catalogue.windowId;
      serviceItemId = catalogue.itemId;
      const complaint = await fileOnlineComplaint(ctx, {
        agencyId: chengliu.id,
        windowId,
        itemId: catalogue.itemId,
        content: '民政窗口工作人员上班时间离岗，等候四十分钟无人办理',
        complainantName: '王小明',
        complainantPhone: '13812345678',
      });
      complaintPath = `/complaints/${complaint.token}`;
    });
    after(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await site?.close();
    });

    async function newPage(viewport: { width: number; height: number }): Promise<Page> {
      const context = await browser.newContext({
        baseURL: site.base,
        locale: 'zh-CN',
        viewport,
        // Only so that the test can inject axe: the portal's own pages run no script.
        bypassCSP: true,
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return context.newPage();
    }

    /** The portal's pages, each with the status it answers. */
    function pages(): { name: string; path: string; status: number }[] {
      const agency = `/agencies/${chengliu.id}`;
      return [
        { name: 'portal home', path: '/', status: 200 },
        { name: 'agency home', path: agency, status: 200 },
        { name: '公开指南', path: `${agency}/guide`, status: 200 },
        { name: '公开制度', path: `${agency}/rules`, status: 200 },
        { name: '法定主动公开内容', path: `${agency}/statutory`, status: 200 },
        { name: '年度报告', path: `${agency}/annual-reports`, status: 200 },
        { name: '年度报告全文', path: `${agency}/annual-reports/2025`, status: 200 },
        { name: '规范性文件', path: `${agency}/normative`, status: 200 },
        { name: '政务服务', path: `${agency}/services`, status: 200 },
        { name: '办事指南', path: `${agency}/services/items/${serviceItemId}`, status: 200 },
        { name: '服务窗口', path: `${agency}/services/windows/${windowId}?from=qr`, status: 200 },
        { name: '窗口二维码', path: `${agency}/services/windows/${windowId}/qr`, status: 200 },
        { name: '政府信息公开目录', path: `${agency}/items`, status: 200 },
        { name: 'item', path: `${agency}/items/${itemId}`, status: 200 },
        {
          name: 'search with results',
          path: `${agency}/search?q=${encodeURIComponent('危房改造')}`,
          status: 200,
        },
        {
          name: 'search without results',
          path: `${agency}/search?q=${encodeURIComponent('没有这个词')}`,
          status: 200,
        },
        { name: 'search form', path: `${agency}/search`, status: 200 },
        { name: '依申请公开 form', path: `${agency}/apply`, status: 200 },
        { name: 'status lookup', path: '/apply/lookup', status: 200 },
        { name: 'status page', path: statusPath, status: 200 },
        {
          name: '办事评价 form',
          path: `${agency}/services/rate?code=7KQ2MXH4PD&window=${windowId}&from=qr`,
          status: 200,
        },
        { name: '效能投诉 form', path: `${agency}/services/complaints/new?window=${windowId}`, status: 200 },
        { name: "complainant's page", path: complaintPath, status: 200 },
        { name: '404 page', path: '/agencies/no-such-agency/items/nothing', status: 404 },
      ];
    }

    async function axeViolations(page: Page): Promise<AxeViolation[]> {
      await page.addScriptTag({ content: AXE_SOURCE });
      // A string: evaluated in the page, where axe is the injected global (tsconfig has no DOM types).
      const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
        violations: AxeViolation[];
      };
      return result.violations.filter((v) => v.impact !== null && BLOCKING.has(v.impact));
    }

    function describeViolations(violations: readonly AxeViolation[]): string {
      return violations
        .map(
          (v) =>
            `${v.impact} ${v.id}: ${v.help}\n${v.nodes
              .slice(0, 5)
              .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`)
              .join('\n')}`,
        )
        .join('\n');
    }

    async function check(page: Page, label: string, path: string, status: number): Promise<string[]> {
      const response = await page.goto(path);
      assert.equal(response?.status(), status, `${label}: status`);
      const problems: string[] = [];
      const violations = await axeViolations(page);
      if (violations.length > 0) problems.push(`${label} (${path}):\n${describeViolations(violations)}`);
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      const viewport = page.viewportSize()?.width ?? 0;
      if (width > viewport)
        problems.push(`${label}: the page scrolls sideways (${width} px in ${viewport} px)`);
      return problems;
    }

    for (const viewport of VIEWPORTS) {
      it(`finds no serious or critical violation on any portal page (${viewport.name})`, async () => {
        const page = await newPage(viewport);
        const problems: string[] = [];
        for (const p of pages()) problems.push(...(await check(page, p.name, p.path, p.status)));
        assert.deepEqual(problems, [], problems.join('\n\n'));
      });

      it(`finds none in 大字版 either, switched on by the link in the header (${viewport.name})`, async () => {
        const page = await newPage(viewport);
        const path = `/agencies/${chengliu.id}/items/${itemId}`;
        await page.goto(path);
        await page.getByRole('link', { name: '大字版' }).click();
        await page.getByRole('link', { name: '标准版' }).waitFor();
        assert.equal(new URL(page.url()).pathname, path, 'back on the item');
        assert.equal(await page.evaluate('document.documentElement.className'), 'large-text');
        const size = Number.parseFloat(
          (await page.evaluate('getComputedStyle(document.body).fontSize')) as string,
        );
        assert.ok(size >= 20, `body text at least 1.25 × 16 px: ${size}`);
        const problems = [
          ...(await check(page, '大字版 item', path, 200)),
          ...(await check(page, '大字版 公开指南', `/agencies/${chengliu.id}/guide`, 200)),
          ...(await check(page, '大字版 依申请公开 form', `/agencies/${chengliu.id}/apply`, 200)),
        ];
        assert.deepEqual(problems, [], problems.join('\n\n'));
      });
    }

    it('reaches the main content through the skip link, with a visible focus ring', async () => {
      const page = await newPage(VIEWPORTS[0]);
      await page.goto(`/agencies/${chengliu.id}`);
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: '跳到主要内容' });
      assert.ok(
        await page.evaluate("document.activeElement?.textContent === '跳到主要内容'"),
        'the skip link is the first stop',
      );
      const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
      assert.notEqual(outline, 'none', 'a visible focus outline');
      const top = (await skip.boundingBox())?.y ?? -1;
      assert.ok(top >= 0, 'the focused skip link is on screen');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate('document.activeElement?.id'), 'main');
    });
  });
}
