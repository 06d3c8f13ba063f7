// The published report page as a citizen sees it, in a real browser.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseReport } from '../../src/reports/parse/parse-report.ts';
import { renderHtml } from '../../src/reports/render/to-html.tsx';
import { launchBrowser, skipWithoutBrowser } from './browser.ts';

const seedDir = new URL('../../../shared/seed/', import.meta.url);

describe('the report page in chromium', { skip: skipWithoutBrowser() }, () => {
  let browser: Browser;
  let html: string;
  before(async () => {
    browser = await launchBrowser();
    const seed = readFileSync(new URL(readdirSync(seedDir).find((f) => f.endsWith('.txt'))!, seedDir));
    html = renderHtml((await parseReport(seed, 'seed.txt')).report);
  });
  after(async () => {
    await browser?.close();
  });

  it('fits a 360 px phone: only the table wrappers scroll sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.setContent(html);
    // The callback runs in the page, where `document` exists.
    const pageWidth = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    assert.ok(pageWidth <= 360, `page is ${pageWidth}px wide`);
    const wrappers = await page.$$eval('.table-wrap', (els) =>
      els.map((el) => ({ scroll: el.scrollWidth, client: el.clientWidth })),
    );
    assert.equal(wrappers.length, 3);
    assert.ok(
      wrappers.some((w) => w.scroll > w.client),
      'table 三 scrolls inside its wrapper',
    );
    await page.close();
  });

  it('shows the six headings and table 三 with its numbers', async () => {
    const page = await browser.newPage();
    await page.setContent(html);
    const headings = await page.$$eval('h2', (els) => els.map((el) => el.textContent?.trim()));
    assert.deepEqual(headings, [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    const carriedIn = await page
      .locator('tr', { hasText: '二、上年结转政府信息公开申请数量' })
      .locator('td')
      .allTextContents();
    assert.deepEqual(carriedIn.slice(-7), ['1', '0', '0', '0', '0', '0', '1']);
    await page.close();
  });

  it('prints to a PDF with the Chinese text embedded', async () => {
    const page = await browser.newPage();
    await page.setContent(html);
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 20_000, `${pdf.length} bytes`);
    await page.close();
  });
});
