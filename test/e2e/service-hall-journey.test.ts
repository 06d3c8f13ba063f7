// The 便民服务大厅 end to end in a real browser against a listening server, on both engines (issue 7):
// a clerk of 承留镇 imports an Excel file of windows and service items with two bad rows, sees
// exactly those two reported, imports the valid rows; registers a 办件 and hands over the receipt's
// 评价码; a citizen on a phone opens the window's QR link (the address printed under its QR code),
// rates the service with the code, and files a 效能投诉 (keeping the secret link); the clerk takes
// the complaint and answers it; the complainant reads the answer through the link, the telephone
// number masked. Locators go by role and label.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Agency } from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { exportServiceItems, ITEM_COLUMNS, ITEMS_SHEET } from '../../src/services/index.ts';
import { sampleItem } from '../../src/services/testing.ts';
import { skipWithoutBrowser } from './browser.ts';
import { type JourneyPages, journeyBrowser, journeyPages, type Site, startSite } from './site.ts';

const sharedBrowser = journeyBrowser();
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const PHONE = { width: 360, height: 740 };
const COMPLAINANT_PHONE = '13937112345';

const WINDOWS = [
  {
    name: '民政窗口',
    hours: '周一至周五 8:30-12:00，14:30-17:30',
    phone: '0391-5012345',
    location: '一楼1号窗口',
  },
  {
    name: '人社窗口',
    hours: '周一至周五 8:30-12:00，14:30-17:30',
    phone: '0391-5012346',
    location: '一楼2号窗口',
  },
];

const ITEMS = [
  sampleItem({ name: '农村五保供养审批', window: '民政窗口' }),
  sampleItem({ name: '临时救助申请', window: '民政窗口', promisedLimitDays: 10 }),
  // Row 4 of the sheet: made bad below (承诺时限 longer than the 法定时限).
  sampleItem({ name: '城乡居民养老保险参保登记', type: 'publicService', window: '人社窗口' }),
  sampleItem({
    name: '就业失业登记',
    type: 'publicService',
    window: '人社窗口',
    legalLimitDays: 5,
    promisedLimitDays: 1,
  }),
  // Row 6: made bad below (a window the hall does not have).
  sampleItem({ name: '高龄津贴申领', window: '民政窗口' }),
];

/** The template's file with the windows and items, rows 4 and 6 of the items spoilt. */
async function fileWithTwoBadRows(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await exportServiceItems(ITEMS, WINDOWS)).slice().buffer as ArrayBuffer);
  const sheet = book.getWorksheet(ITEMS_SHEET);
  assert.ok(sheet, 'the items sheet');
  const col = (field: string) => ITEM_COLUMNS.findIndex((c) => c.field === field) + 1;
  sheet.getCell(4, col('promisedLimitDays')).value = 60;
  sheet.getCell(6, col('window')).value = '不存在的窗口';
  return Buffer.from(await book.xlsx.writeBuffer());
}

for (const engine of ENGINES) {
  describe(`service hall in chromium on ${engine}`, {
    skip: skipWithoutBrowser() || (await skipUnless(engine)),
  }, () => {
    let browser: Browser;
    let site: Site;
    let chengliu: Agency;
    let pages: JourneyPages;

    before(async () => {
      [browser, site] = await Promise.all([sharedBrowser(), startSite(engine, 'service-hall-journey-test')]);
      chengliu = site.chengliu;
      pages = journeyPages(browser, site, { timeoutMs: 15_000, viewport: { width: 1280, height: 900 } });
      await site.settledStaff(chengliu, 'cl.service', '周服务', ['service']);
    });
    after(async () => {
      await pages?.close();
      await site?.close();
    });

    /** Clicks a submit button and waits for the page it leads to (after a redirect); its status. */
    async function submit(page: Page, name: string): Promise<number> {
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name, exact: true }).click(),
      ]);
      return response?.status() ?? 0;
    }

    it('imports items with two bad rows, rates a 办件 through the window QR link, answers a 效能投诉', async () => {
      const servicesPath = `/office/agencies/${chengliu.id}/services`;
      // The clerk uploads the file: the two bad rows are reported and nothing is written.
      const clerk = await pages.signedIn('cl.service');
      await clerk.goto(`${servicesPath}/import`);
      await clerk.getByLabel('导入文件（.xlsx）').setInputFiles({
        name: '承留镇政务服务事项.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await fileWithTwoBadRows(),
      });
      assert.equal(await submit(clerk, '上传并检查'), 422, 'a file with problems is refused as it is');
      const page = await text(clerk.locator('main'));
      assert.match(page, /未导入任何内容/);
      // The list of problems: exactly rows 4 and 6 of the items sheet, each with its reason.
      const problems = page.slice(page.indexOf('以下各处有误'), page.indexOf('无误的'));
      assert.deepEqual(
        [...problems.matchAll(/第 (\d+) 行/g)].map((m) => Number(m[1])),
        [4, 6],
        problems,
      );
      assert.match(problems, /承诺时限.*不能长于法定时限/);
      assert.match(problems, /“不存在的窗口”不是本机构的窗口/);
      const written = await site.ctx.db.selectFrom('service_items').select('name').execute();
      assert.deepEqual(written, [], 'nothing imported from a file with errors');
      // The clerk accepts the valid rows: the two windows and three items.
      assert.equal(await submit(clerk, '只导入有效的 5 行'), 200);
      await clerk.goto(servicesPath);
      const catalogue = await text(clerk.locator('main'));
      for (const name of ['农村五保供养审批', '临时救助申请', '就业失业登记'])
        assert.ok(catalogue.includes(name), `${name} imported`);
      for (const name of ['城乡居民养老保险参保登记', '高龄津贴申领'])
        assert.ok(!catalogue.includes(name), `${name} (a bad row) not imported`);

      // A 办件 at the 民政窗口: the receipt shows the 评价码 once.
      await clerk.goto(`/office/agencies/${chengliu.id}/service-events`);
      await clerk.getByLabel('办理的事项').selectOption({ label: '临时救助申请' });
      await clerk.getByLabel('办理窗口').selectOption({ label: '民政窗口' });
      assert.equal(await submit(clerk, '登记并打印回执'), 200);
      const code = await text(clerk.locator('.rating-code'));
      assert.match(code, /\S{4}/, `a 评价码 on the receipt: ${code}`);

      // The window's QR sheet prints the address its QR code holds.
      const windowId = (
        await site.ctx.db
          .selectFrom('service_windows')
          .select('id')
          .where('agency_id', '=', chengliu.id)
          .where('name', '=', '民政窗口')
          .executeTakeFirstOrThrow()
      ).id;
      const sheet = await pages.newPage();
      await sheet.goto(`/agencies/${chengliu.id}/services/windows/${windowId}/qr`);
      assert.equal(await sheet.locator('.qr-code svg').count(), 1, 'the QR code itself');
      const qrUrl = await text(sheet.locator('.qr-url'));
      assert.ok(qrUrl.startsWith(site.base), `an address of this site: ${qrUrl}`);
      assert.match(qrUrl, /\?from=qr$/);

      // The citizen scans it on a phone, rates the service with the code from the receipt.
      const citizen = await pages.newPage(PHONE);
      await citizen.goto(qrUrl);
      assert.match(await text(citizen.locator('h1')), /民政窗口/);
      await citizen.getByRole('link', { name: '评价本窗口的服务' }).click();
      await citizen.getByLabel('评价码').fill(code.toLowerCase());
      await citizen.getByLabel('基本满意', { exact: true }).check();
      assert.equal(await submit(citizen, '提交评价'), 200);
      assert.match(await text(citizen.locator('h1')), /感谢您的评价/);
      const rating = await site.ctx.db
        .selectFrom('service_ratings')
        .select(['level', 'source', 'window_id'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(rating, { level: 'basically_satisfied', source: 'qr', window_id: windowId });
      // The same code a second time: refused, nothing written.
      await citizen.goto(qrUrl);
      await citizen.getByRole('link', { name: '评价本窗口的服务' }).click();
      await citizen.getByLabel('评价码').fill(code);
      await citizen.getByLabel('非常满意', { exact: true }).check();
      assert.notEqual(await submit(citizen, '提交评价'), 200, 'a 办件 is rated once');
      assert.match(await text(citizen.locator('main')), /已评价|已经评价/);
      const ratings = await site.ctx.db.selectFrom('service_ratings').select('id').execute();
      assert.equal(ratings.length, 1);

      // The citizen complains from the window's page and keeps the link.
      await citizen.goto(qrUrl);
      await citizen.getByRole('link', { name: '效能投诉' }).click();
      await citizen.getByLabel('投诉内容').fill('窗口工作人员中午提前离岗，等候四十分钟无人办理。');
      await citizen.getByLabel('投诉人姓名').fill('张三');
      await citizen.getByLabel('联系电话').fill(COMPLAINANT_PHONE);
      assert.equal(await submit(citizen, '提交投诉'), 200);
      const reference = await text(citizen.locator('.tracking-number strong'));
      const link = await text(citizen.locator('.status-url'));
      assert.ok(link.startsWith(site.base), `the secret link: ${link}`);
      await citizen.goto(link);
      assert.ok((await text(citizen.locator('main'))).includes(reference));
      assert.doesNotMatch(await citizen.content(), new RegExp(COMPLAINANT_PHONE), 'the phone masked');

      // The clerk finds it in the queue, takes it and answers.
      await clerk.goto(`/office/agencies/${chengliu.id}/complaints`);
      await clerk.getByRole('link', { name: reference }).click();
      await clerk.getByLabel('承办人').selectOption({ label: '周服务' });
      assert.equal(await submit(clerk, '分配'), 200);
      const answer = '经核查，该窗口工作人员已作出书面检查，中午实行轮岗值守，确保不断档。';
      await clerk.getByLabel('答复内容').fill(answer);
      assert.equal(await submit(clerk, '提交答复'), 200);

      // The complainant reads the answer through the link.
      const later = await pages.newPage(PHONE);
      await later.goto(link);
      const status = await text(later.locator('main'));
      assert.ok(status.includes(answer), 'the answer shown to the complainant');
      assert.match(status, /已答复|已办结/);
      assert.doesNotMatch(await later.content(), new RegExp(COMPLAINANT_PHONE), 'the phone still masked');
      assert.equal(
        await later.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'),
        true,
        'no sideways scrolling on a phone',
      );
      assert.deepEqual(pages.dialogs, []);
    });
  });
}
