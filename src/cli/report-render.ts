// `gongkai report render FILE --format html|docx|xlsx|md|json [--out FILE]`: reads a report in any
// supported format and writes it in another.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isDomainError } from '../kernel/errors.ts';
import { parseReport } from '../reports/parse/parse-report.ts';
import { renderDocx } from '../reports/render/to-docx.ts';
import { renderHtml } from '../reports/render/to-html.tsx';
import { renderMarkdown } from '../reports/render/to-markdown.ts';
import { renderXlsx } from '../reports/render/to-xlsx.ts';
import type { AnnualReport } from '../reports/report.ts';
import { reportDocumentJson } from '../reports/report-json.ts';
import type { Output } from './output.ts';
import { RENDER_USAGE } from './render-usage.ts';
import { EXIT_OK, EXIT_UNUSABLE } from './report-check.ts';

export const RENDER_FORMATS = ['html', 'docx', 'xlsx', 'md', 'json'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

export async function renderReport(report: AnnualReport, format: RenderFormat): Promise<Uint8Array> {
  switch (format) {
    case 'html':
      return Buffer.from(renderHtml(report));
    case 'md':
      return Buffer.from(renderMarkdown(report));
    case 'json':
      return Buffer.from(`${JSON.stringify(reportDocumentJson(report), null, 2)}\n`);
    case 'docx':
      return renderDocx(report);
    case 'xlsx':
      return renderXlsx(report);
  }
}

export async function runReportRender(args: string[], out: Output): Promise<number> {
  let values: { format?: string; out?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    out.error(`参数错误：${(error as Error).message}`);
    return EXIT_UNUSABLE;
  }
  if (values.help) {
    out.print(RENDER_USAGE);
    return EXIT_OK;
  }
  const format = values.format as RenderFormat | undefined;
  if (positionals.length !== 1 || !format || !RENDER_FORMATS.includes(format)) {
    out.error(RENDER_USAGE);
    return EXIT_UNUSABLE;
  }
  if ((format === 'docx' || format === 'xlsx') && !values.out) {
    out.error(`${format} 是二进制格式，请用 --out 指定输出文件。`);
    return EXIT_UNUSABLE;
  }
  const file = positionals[0]!;
  try {
    const { report } = await parseReport(await readFile(file), file);
    const bytes = await renderReport(report, format);
    if (values.out) await writeFile(values.out, bytes);
    else out.write(bytes);
    return EXIT_OK;
  } catch (error) {
    out.error(`${file}：${isDomainError(error) ? error.message : `无法读取：${(error as Error).message}`}`);
    return EXIT_UNUSABLE;
  }
}
