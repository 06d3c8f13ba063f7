// PDF of a report: the HTML of renderHtml printed by Debian's chromium through playwright-core
// (no browser download). The browser is kept off the network: every request of the page is
// refused, scripts are off, and the flags stop its own background traffic. It reads no
// environment: the caller passes the path of the browser, /usr/bin/chromium by default.
import { existsSync } from 'node:fs';
import { DomainError } from '../../kernel/errors.ts';
import type { AnnualReport } from '../report.ts';
import { renderHtml } from './to-html.tsx';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PdfOptions {
  /** The chromium executable (default /usr/bin/chromium). */
  chromium?: string;
}

function unavailable(message: string): DomainError {
  return new DomainError('conflict.state', message, { userMessage: message });
}

export async function renderPdf(report: AnnualReport, options: PdfOptions = {}): Promise<Uint8Array> {
  const executablePath = options.chromium ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) {
    throw unavailable(
      `无法生成 PDF：未找到 Chromium 浏览器（${executablePath}）。请安装 Debian 的 chromium 和中文字体：apt-get install -y chromium fonts-wqy-microhei`,
    );
  }
  // Loaded only when a PDF is wanted: the other formats do not need the browser driver.
  const { chromium } = await import('playwright-core');
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    throw unavailable(
      `无法生成 PDF：Chromium（${executablePath}）无法启动：${(error as Error).message.split('\n')[0]}`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(renderHtml(report), { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '20mm', bottom: '20mm', left: '18mm', right: '18mm' },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
