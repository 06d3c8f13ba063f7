// `gongkai report build --agency ID|NAME --year YEAR [--format …] [--out FILE]`: the annual report
// of an agency built from the configured database (GONGKAI_DATABASE_URL). `--format json` prints
// exactly the one-line shape of `gongkai report check --json`, findings included, so that built
// and published reports can be compared by tools.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { listPublicAgencies, type PublicAgency } from '../agencies/index.ts';
import {
  buildAnnualReport,
  lastYearReport,
  reportYearProblem,
  savedEditsOf,
} from '../annual-reports/index.ts';
import { loadConfig } from '../config.ts';
import { type Database, openDatabase, sqlitePath } from '../db/database.ts';
import { isDomainError } from '../kernel/errors.ts';
import type { Finding } from '../reports/findings.ts';
import type { AnnualReport } from '../reports/report.ts';
import { reportCheckJson } from '../reports/report-json.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import type { Output } from './output.ts';
import { EXIT_OK, EXIT_UNUSABLE } from './report-check.ts';

export const BUILD_FORMATS = ['json', 'html', 'docx', 'xlsx', 'pdf', 'md'] as const;
export type BuildFormat = (typeof BUILD_FORMATS)[number];
const BINARY: readonly BuildFormat[] = ['docx', 'xlsx', 'pdf'];

export const BUILD_USAGE = `用法：gongkai report build --agency 机构ID或名称 --year 年度 [--format json|html|docx|xlsx|pdf|md] [--out 输出文件]

用数据库（GONGKAI_DATABASE_URL）中的数据生成机构的政府信息公开工作年度报告：表二、表三、表四由数据统计，
“总体情况”的数字、“其他需要报告的事项”的信息处理费说明由数据生成。
  --format json   默认。输出一行JSON，格式与 gongkai report check --json 完全相同（含检查结果；
                  上一年度的报告已发布时，与其核对“上年结转”）
  --format html|md        网页或Markdown，不指定 --out 时写到标准输出
  --format docx|xlsx|pdf  二进制格式，必须用 --out 指定输出文件（pdf 由 /usr/bin/chromium 生成）
机构可用ID或名称指定；名称重复时请用ID。退出码：0 已生成；2 参数、机构、年度或数据库无法使用。`;

function counts(findings: readonly Finding[]): string {
  const n = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return `错误 ${n('error')} 个、警告 ${n('warning')} 个、提示 ${n('info')} 个`;
}

/** The agency the argument names: its id, else its exact name when only one agency has it. */
export function resolveAgency(
  agencies: readonly PublicAgency[],
  idOrName: string,
): { agency: PublicAgency } | { problem: string } {
  const wanted = idOrName.trim();
  const byId = agencies.find((a) => a.id === wanted);
  if (byId) return { agency: byId };
  const named = agencies.filter((a) => a.name === wanted);
  if (named.length === 1) return { agency: named[0]! };
  if (named.length === 0) return { problem: `未找到机构“${wanted}”（请用机构ID或完整名称）。` };
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const list = named
    .map((a) => `${a.id}${a.parentId ? `（上级：${names.get(a.parentId) ?? a.parentId}）` : ''}`)
    .join('；');
  return { problem: `有 ${named.length} 个机构名为“${wanted}”，请用机构ID指定：${list}` };
}

async function render(report: AnnualReport, format: Exclude<BuildFormat, 'json'>): Promise<Uint8Array> {
  // The renderers are loaded only for the format asked for (docx, exceljs and the browser driver are large).
  switch (format) {
    case 'html':
      return Buffer.from((await import('../reports/render/to-html.tsx')).renderHtml(report));
    case 'md':
      return Buffer.from((await import('../reports/render/to-markdown.ts')).renderMarkdown(report));
    case 'docx':
      return (await import('../reports/render/to-docx.ts')).renderDocx(report);
    case 'xlsx':
      return (await import('../reports/render/to-xlsx.ts')).renderXlsx(report);
    case 'pdf':
      return (await import('../reports/render/to-pdf.ts')).renderPdf(report);
  }
}

export async function runReportBuild(
  args: string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date(),
): Promise<number> {
  let values: { agency?: string; year?: string; format?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        agency: { type: 'string', short: 'a' },
        year: { type: 'string', short: 'y' },
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    out.error(`参数错误：${(error as Error).message}`);
    out.error(BUILD_USAGE);
    return EXIT_UNUSABLE;
  }
  if (values.help) {
    out.print(BUILD_USAGE);
    return EXIT_OK;
  }
  if (!values.agency || !values.year) {
    out.error('请用 --agency 指定机构、用 --year 指定年度。');
    out.error(BUILD_USAGE);
    return EXIT_UNUSABLE;
  }
  const format = (values.format ?? 'json') as BuildFormat;
  if (!BUILD_FORMATS.includes(format)) {
    out.error(`不支持的格式“${values.format}”：可用 ${BUILD_FORMATS.join('、')}。`);
    return EXIT_UNUSABLE;
  }
  if (BINARY.includes(format) && !values.out) {
    out.error(`${format} 是二进制格式，请用 --out 指定输出文件。`);
    return EXIT_UNUSABLE;
  }
  const year = /^\d{4}$/.test(values.year.trim()) ? Number(values.year.trim()) : Number.NaN;
  const yearProblem = reportYearProblem(Number.isNaN(year) ? values.year : year, now);
  if (yearProblem) {
    out.error(`年度“${values.year}”无法使用：${yearProblem}。`);
    return EXIT_UNUSABLE;
  }

  let database: Database;
  try {
    const url = loadConfig(env).databaseUrl;
    // A mistyped path must not create an empty database and report on nothing.
    if (url.startsWith('sqlite:') && !existsSync(sqlitePath(url))) {
      out.error(`数据库文件不存在：${sqlitePath(url)}（请检查 GONGKAI_DATABASE_URL）`);
      return EXIT_UNUSABLE;
    }
    database = openDatabase(url);
  } catch (error) {
    out.error(`无法打开数据库：${(error as Error).message}`);
    return EXIT_UNUSABLE;
  }
  try {
    const resolved = resolveAgency(await listPublicAgencies(database.db), values.agency);
    if ('problem' in resolved) {
      out.error(resolved.problem);
      return EXIT_UNUSABLE;
    }
    const { agency } = resolved;
    // The clerk's saved paragraphs of 一/五/六, as the back office's draft shows them.
    const edits = await savedEditsOf(database.db, agency.id, year);
    const report = await buildAnnualReport(database.db, agency.id, year, { now, edits });
    // As in the back office: last year's published report (built or imported) gives the cross-year rule X1.
    const previous = await lastYearReport(database.db, agency.id, year);
    const findings = checkReport(report, previous ? { previous } : {});
    if (format === 'json') {
      const line = `${JSON.stringify(reportCheckJson(values.out ?? `db:${agency.id}/${year}`, report, findings))}\n`;
      if (values.out) await writeFile(values.out, line);
      else out.write(Buffer.from(line));
    } else {
      const bytes = await render(report, format);
      if (values.out) await writeFile(values.out, bytes);
      else out.write(bytes);
    }
    if (values.out) out.print(`已生成 ${values.out}：${report.title}（检查结果：${counts(findings)}）。`);
    return EXIT_OK;
  } catch (error) {
    // Domain errors carry their Chinese reason; anything else (an unmigrated database…) its message.
    out.error(`无法生成年度报告：${isDomainError(error) ? error.message : (error as Error).message}`);
    return EXIT_UNUSABLE;
  } finally {
    await database.close();
  }
}
