// The annual report end to end in a real browser against a listening server, on both engines, with
// the demo's 承留镇 2022 (its application, 259 website items, 645 WeChat posts and the register of
// table 二, entered through the use cases): the clerk opens the 2022 draft (no error), writes the
// seed report's own mistake into section 一 (“新收…1件” where table 三 has 0 new applications) and
// sees it flagged beside the sentence; the approver cannot approve; the clerk restores the drafted
// text; the approver approves and publishes; a citizen finds the report in the portal's 年度报告
// column, reads it on a phone without the page scrolling sideways, and downloads the DOCX and XLSX,
// whose table 三 gives back the data's numbers. Locators go by role and label.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { type Agency, systemActor } from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { seedDemo2022 } from '../../src/demo/demo-2022.ts';
import { seedDemoNormative } from '../../src/demo/demo-normative.ts';
import { parseReport } from '../../src/reports/parse/parse-report.ts';
import { TABLE_SHEETS } from '../../src/reports/render/to-xlsx.ts';
import { TABLE3_ROWS } from '../../src/reports/report-format.ts';
import { skipWithoutBrowser } from './browser.ts';
import { type JourneyPages, journeyBrowser, journeyPages, type Site, startSite } from './site.ts';

const TITLE = '承留镇2022年政府信息公开工作年度报告';
/** The sentence of the town's published 2022 report that contradicts its table 三. */
const PLANTED = '本年度共通过邮件新收政府信息公开申请1件。';

const sharedBrowser = journeyBrowser();

/** The numbers of table 三's row in the XLSX download. */
function xlsxRow(book: ExcelJS.Workbook, key: string): number[] | null {
  const sheet = book.getWorksheet(TABLE_SHEETS.table3);
  assert.ok(sheet, 'the sheet of table 三');
  const label = TABLE3_ROWS.find((r) => r.key === key)!.label;
  let found: number[] | null = null;
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    if (values.includes(label)) found = values.filter((v): v is number => typeof v === 'number');
  });
  return found;
}

for (const engine of ENGINES) {
  describe(`annual report in chromium on ${engine}`, {
    skip: skipWithoutBrowser() || (await skipUnless(engine)),
  }, () => {
    let browser: Browser;
    let site: Site;
    let chengliu: Agency;
    let pages: JourneyPages;

    before(async () => {
      [browser, site] = await Promise.all([sharedBrowser(), startSite(engine, 'annual-report-journey-test')]);
      chengliu = site.chengliu;
      pages = journeyPages(browser, site, { timeoutMs: 15_000, viewport: { width: 1280, height: 900 } });
      await site.settledStaff(chengliu, 'cl.editor', '李撰稿', ['editor']);
      await site.settledStaff(chengliu, 'cl.reviewer', '王审查', ['reviewer']);
      await site.settledStaff(chengliu, 'cl.approver', '赵负责', ['approver']);
      await seedDemoNormative(site.ctx, 'cl.editor', chengliu.id);
      await seedDemo2022(
        site.ctx,
        systemActor('annual-report-journey-test'),
        { editor: 'cl.editor', reviewer: 'cl.reviewer', approver: 'cl.approver' },
        chengliu.id,
      );
    });
    after(async () => {
      await pages?.close();
      await site?.close();
    });

    const newPage = (viewport?: { width: number; height: number }) => pages.newPage(viewport);
    const signedIn = (username: string) => pages.signedIn(username);

    /** Clicks a submit button and waits for the page the POST leads to; its status. */
    async function submit(page: Page, name: string): Promise<number> {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name, exact: true }).click(),
      ]);
      await page.waitForLoadState();
      return response.status();
    }

    /** A download's bytes, started by clicking the link. */
    async function download(page: Page, link: string): Promise<Uint8Array> {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: link }).click(),
      ]);
      const path = await file.path();
      assert.ok(path, `${link} downloaded`);
      return new Uint8Array(await readFile(path));
    }

    it('flags a planted mismatch, refuses approval until it is fixed, publishes, and serves working downloads', async () => {
      // The clerk finds the 2022 report from the dashboard: built from the data, nothing wrong.
      const clerk = await signedIn('cl.editor');
      await clerk.goto('/office');
      await clerk.getByRole('link', { name: '年度报告' }).first().click();
      await clerk.getByRole('link', { name: '2022年度' }).click();
      const reportPath = new URL(clerk.url()).pathname;
      assert.equal(reportPath, `/office/agencies/${chengliu.id}/reports/2022`);
      assert.equal(await clerk.getByRole('heading', { level: 1 }).textContent(), TITLE);
      assert.equal(await clerk.locator('mark.error').count(), 0, 'the drafted report has no error');
      const overview = clerk.getByLabel('修改“一、总体情况”的文字');
      const drafted = await overview.inputValue();
      assert.match(drafted, /645/, 'the WeChat posts counted in section 一');

      // The seed's own mistake, written into section 一, is flagged beside its sentence.
      await overview.fill(`${drafted}\n${PLANTED}`);
      assert.equal(await submit(clerk, '保存草稿'), 303);
      await clerk.getByText('草稿已保存').waitFor();
      const mark = clerk.locator('mark.error');
      assert.equal(await mark.count(), 1);
      assert.match((await mark.textContent()) ?? '', /通过邮件新收政府信息公开申请1件/);
      const note = clerk.locator('.finding-note.error').first();
      assert.match((await note.textContent()) ?? '', /正文称.*1 件.*0/);
      // The note follows the paragraph of the sentence, inside section 一, before its text area.
      const noteTop = (await note.boundingBox())!.y;
      assert.ok(noteTop > (await mark.boundingBox())!.y);
      assert.ok(noteTop < (await overview.boundingBox())!.y);
      // The summary at the top links to it.
      await clerk.locator('.findings').getByRole('link').first().click();
      assert.match(clerk.url(), /#finding-\d+$/);

      // The approver sees why it cannot be approved: the button is disabled.
      const approver = await signedIn('cl.approver');
      await approver.goto(reportPath);
      const approve = approver.getByRole('button', { name: '审批通过' });
      assert.equal(await approve.isDisabled(), true);
      assert.match((await approver.locator('#approve-blocked').textContent()) ?? '', /不能审批/);

      // The clerk clears the text area: section 一 is drafted from the data again.
      await clerk.goto(reportPath);
      await clerk.getByLabel('修改“一、总体情况”的文字').fill('');
      assert.equal(await submit(clerk, '保存草稿'), 303);
      assert.equal(await clerk.locator('mark.error').count(), 0);
      assert.equal(await clerk.getByLabel('修改“一、总体情况”的文字').inputValue(), drafted);

      // The approver approves and publishes.
      await approver.goto(reportPath);
      assert.equal(await approve.isDisabled(), false);
      assert.equal(await submit(approver, '审批通过'), 303);
      await approver.getByText('年度报告已审批').waitFor();
      assert.equal(await submit(approver, '发布'), 303);
      await approver.getByText('年度报告已发布到公开网站').waitFor();

      // A citizen on a phone finds it in the 年度报告 column and reads it without sideways scrolling.
      const citizen = await newPage({ width: 360, height: 740 });
      await citizen.goto(`/agencies/${chengliu.id}`);
      await citizen.getByRole('link', { name: '政府信息公开工作年度报告' }).click();
      await citizen.getByRole('link', { name: TITLE }).click();
      assert.equal(new URL(citizen.url()).pathname, `/agencies/${chengliu.id}/annual-reports/2022`);
      assert.equal(await citizen.getByRole('heading', { level: 1 }).textContent(), TITLE);
      const width = (await citizen.evaluate('document.documentElement.scrollWidth')) as number;
      assert.ok(width <= 360, `the page scrolls sideways: ${width} px`);
      // Table 三 is wider than the phone: it scrolls inside its own wrapper.
      const scrolls =
        "(() => { const e = document.querySelectorAll('.table-wrap')[1]; return e.scrollWidth > e.clientWidth; })()";
      assert.equal(await citizen.evaluate(scrolls), true);

      // The downloads: table 三 as in the data (one application carried over from 2021, granted).
      const docx = await parseReport(await download(citizen, 'Word 文档（DOCX）'), 'report.docx');
      assert.equal(docx.report.year, 2022);
      assert.deepEqual(docx.report.table3.new, [0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual(docx.report.table3.carriedIn, [1, 0, 0, 0, 0, 0, 1]);
      assert.deepEqual(docx.report.table3.granted, [1, 0, 0, 0, 0, 0, 1]);
      assert.deepEqual(docx.report.table2.penalty, [60]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await download(citizen, 'Excel 表格（XLSX）')).buffer as ArrayBuffer);
      assert.deepEqual(xlsxRow(book, 'carriedIn'), [1, 0, 0, 0, 0, 0, 1]);
      assert.deepEqual(xlsxRow(book, 'granted'), [1, 0, 0, 0, 0, 0, 1]);
      assert.deepEqual(xlsxRow(book, 'new'), [0, 0, 0, 0, 0, 0, 0]);
      const pdf = await download(citizen, 'PDF 文件');
      assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');

      assert.deepEqual(pages.dialogs, []);
    });
  });
}
