// The PDF printed by chromium carries the report's text: the title, headings and table numbers read
// back with pdf.js (unpdf). Without chromium the browser test is skipped with a reason (mandatory
// under GONGKAI_REQUIRE_BROWSER=1); the Chinese refusal without a browser is tested everywhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHROMIUM, skipWithoutBrowser } from '../../../test/e2e/browser.ts';
import { DomainError } from '../../kernel/errors.ts';
import { SECTIONS, sectionHeading } from '../report-format.ts';
import { sampleReport } from './fixture.test.ts';
import { renderPdf } from './to-pdf.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  const { text } = await extractText(doc, { mergePages: true });
  return text.replace(/\s+/g, '');
}

describe('renderPdf', () => {
  it('refuses in Chinese when there is no chromium', async () => {
    await assert.rejects(renderPdf(sampleReport(), { chromium: '/nonexistent/chromium' }), (error) => {
      assert.ok(error instanceof DomainError);
      assert.match(error.message, /无法生成 PDF：未找到 Chromium 浏览器（\/nonexistent\/chromium）/);
      return true;
    });
  });

  it('prints the title, the headings and the table numbers', { skip: skipWithoutBrowser() }, async () => {
    const report = sampleReport();
    report.title = '承留镇2022年政府信息公开工作年度报告';
    report.body = '承留镇';
    report.table3.new = [4321, 0, 0, 0, 0, 0, 4321];
    const bytes = await renderPdf(report, { chromium: CHROMIUM });
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
    const text = await pdfText(bytes);
    assert.ok(text.includes('承留镇2022年政府信息公开工作年度报告'), text.slice(0, 200));
    for (const s of SECTIONS) assert.ok(text.includes(sectionHeading(s)), sectionHeading(s));
    assert.ok(text.includes('4321'), 'table 三 number');
    // The hostile paragraph is text, never markup: its script tag is printed as written.
    assert.ok(text.includes('<script>alert("x")</script>'), 'escaped paragraph');
  });
});
