// `gongkai report check FILE... [--json] [--previous FILE] [--exit-zero]`
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { isDomainError } from '../kernel/errors.ts';
import type { Finding, Severity } from '../reports/findings.ts';
import { type ParsedReport, parseReport } from '../reports/parse/parse-report.ts';
import { reportCheckJson } from '../reports/report-json.ts';
import { checkReport, combineFindings } from '../reports/rules/check-report.ts';
import type { Output } from './output.ts';

export const REPORT_FILE_EXTENSIONS = [
  '.txt',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.docx',
  '.xlsx',
  '.json',
];

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNUSABLE = 2;

const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

export interface FileResult {
  file: string;
  parsed?: ParsedReport;
  findings: Finding[];
  /** One-line reason when the file could not be used at all. */
  failure?: string;
}

/** Directories stand for the report files directly inside them, in name order. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(input)).filter((n) =>
        REPORT_FILE_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e)),
      );
      files.push(...names.sort().map((n) => join(input, n)));
    } else {
      files.push(input);
    }
  }
  return files;
}

function failureReason(error: unknown): string {
  if (isDomainError(error)) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return '文件不存在';
  if (code === 'EACCES') return '没有读取权限';
  if (code === 'EISDIR') return '是目录而不是文件';
  return `无法读取：${(error as Error).message}`;
}

export async function checkFile(file: string, previous?: ParsedReport): Promise<FileResult> {
  let parsed: ParsedReport;
  try {
    parsed = await parseReport(await readFile(file), file);
  } catch (error) {
    return { file, findings: [], failure: failureReason(error) };
  }
  const context = previous ? { previous: previous.report } : {};
  return { file, parsed, findings: combineFindings(parsed.findings, checkReport(parsed.report, context)) };
}

function count(findings: Finding[], severity: Severity): number {
  return findings.filter((f) => f.severity === severity).length;
}

function describeFile(result: FileResult): string[] {
  const lines = [`== ${result.file} ==`];
  if (result.failure || !result.parsed) {
    lines.push(`无法检查：${result.failure}`);
    return lines;
  }
  const r = result.parsed.report;
  lines.push(
    `${r.body ?? '（未识别报告机关）'} · ${r.year === null ? '（未识别年度）' : `${r.year} 年度`} · ${r.format} 年格式`,
  );
  if (result.findings.length === 0) {
    lines.push('未发现问题。');
    return lines;
  }
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${SEVERITY_LABELS[severity]}（${group.length}）`);
    for (const f of group) lines.push(`  [${f.rule}] ${f.message}`);
  }
  return lines;
}

function summary(results: FileResult[]): string[] {
  const all = results.flatMap((r) => r.findings);
  const rows: [string, number][] = [
    ['文件', results.length],
    ['无法检查', results.filter((r) => r.failure).length],
    ['有错误的文件', results.filter((r) => count(r.findings, 'error') > 0).length],
    ['错误', count(all, 'error')],
    ['警告', count(all, 'warning')],
    ['提示', count(all, 'info')],
  ];
  const width = Math.max(...rows.map(([, n]) => String(n).length));
  return ['== 汇总 ==', ...rows.map(([label, n]) => `  ${String(n).padStart(width)}  ${label}`)];
}

export const CHECK_USAGE = `用法：gongkai report check 文件或目录... [--json] [--previous 上年报告] [--exit-zero]

检查政府信息公开工作年度报告（文本、Markdown、HTML、DOCX、XLSX、JSON）的勾稽关系、
正文与表格的一致性、格式与发布日期。
  --json          每个文件输出一行JSON（供其他工具使用）
  --previous 文件  上一年度的报告，用于核对“上年结转”（X1）
  --exit-zero     有错误也以0退出（仅演示用）
退出码：0 无错误；1 有错误级别的问题；2 文件无法使用。`;

export async function runReportCheck(args: string[], out: Output): Promise<number> {
  let options: {
    values: { json?: boolean; previous?: string; 'exit-zero'?: boolean; help?: boolean };
    positionals: string[];
  };
  try {
    options = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        previous: { type: 'string' },
        'exit-zero': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    out.error(`参数错误：${(error as Error).message}`);
    out.error(CHECK_USAGE);
    return EXIT_UNUSABLE;
  }
  if (options.values.help) {
    out.print(CHECK_USAGE);
    return EXIT_OK;
  }
  if (options.positionals.length === 0) {
    out.error('请指定要检查的报告文件或目录。');
    out.error(CHECK_USAGE);
    return EXIT_UNUSABLE;
  }

  let previous: ParsedReport | undefined;
  if (options.values.previous) {
    try {
      previous = await parseReport(await readFile(options.values.previous), options.values.previous);
    } catch (error) {
      out.error(`${options.values.previous}：上年报告无法使用：${failureReason(error)}`);
      return EXIT_UNUSABLE;
    }
  }

  const files = await expandInputs(options.positionals);
  if (files.length === 0) {
    out.error('目录中没有可检查的报告文件。');
    return EXIT_UNUSABLE;
  }
  const bar =
    files.length > 1 && out.isInteractive
      ? new SingleBar({
          format: '检查 [{bar}] {value}/{total} {file}',
          stream: process.stderr,
          hideCursor: true,
        })
      : null;
  bar?.start(files.length, 0, { file: '' });
  const results: FileResult[] = [];
  for (const file of files) {
    const result = await checkFile(file, previous);
    results.push(result);
    bar?.increment(1, { file });
    if (options.values.json) {
      if (result.parsed)
        out.print(JSON.stringify(reportCheckJson(file, result.parsed.report, result.findings)));
      else out.error(`${file}：无法检查：${result.failure}`);
    }
  }
  bar?.stop();

  if (!options.values.json) {
    for (const result of results) out.print([...describeFile(result), ''].join('\n'));
    if (files.length > 1) out.print(summary(results).join('\n'));
  }
  if (results.some((r) => r.failure)) return EXIT_UNUSABLE;
  if (options.values['exit-zero']) return EXIT_OK;
  return results.some((r) => count(r.findings, 'error') > 0) ? EXIT_FINDINGS : EXIT_OK;
}
