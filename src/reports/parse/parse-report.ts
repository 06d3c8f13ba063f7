// One entry point for every input format: sniffs the bytes, reads them into a SourceDocument and
// extracts the report. Throws DomainError for input that is not usable at all.
import { DomainError } from '../../kernel/errors.ts';
import { runIsolated } from '../../kernel/isolated.ts';
import type { Finding } from '../findings.ts';
import type { AnnualReport } from '../report.ts';
import { decodeText } from './decode-text.ts';
import type { SourceDocument } from './document.ts';
import { extractReport } from './extract-report.ts';
import { fromHtml } from './from-html.ts';
import { fromJson } from './from-json.ts';
import { fromText } from './from-text.ts';

export type InputFormat = 'text' | 'html' | 'docx' | 'xlsx' | 'json';

export interface ParsedReport {
  input: InputFormat;
  report: AnnualReport;
  /** What the reader noticed (rule ids as in the checker). */
  findings: Finding[];
}

/** Larger inputs are refused: no published annual report comes near this. */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniffFormat(bytes: Uint8Array, fileName = ''): InputFormat {
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    // Word 97–2003 (.doc), Excel (.xls) and encrypted Office files share this container.
    throw new DomainError(
      'input.unsupported',
      '这是旧版Word/Excel（.doc/.xls）文件或加密文档，请在Office中另存为.docx或.xlsx后再检查',
    );
  }
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString('latin1');
    if (head.includes('xl/')) return 'xlsx';
    if (head.includes('word/')) return 'docx';
    const lower = fileName.toLowerCase();
    if (lower.endsWith('.xlsx')) return 'xlsx';
    return 'docx';
  }
  const start = Buffer.from(bytes.subarray(0, 4096))
    .toString('latin1')
    .replace(/^\ufeff|^\xef\xbb\xbf/, '')
    .trimStart();
  if (start.startsWith('{')) return 'json';
  if (
    /^<!doctype html|<html[\s>]|<body[\s>]|<table[\s>]|<head[\s>]|<meta[\s>]|<p[\s>]|<div[\s>]/i.test(start)
  )
    return 'html';
  if (/\.(html?|mht)$/i.test(fileName)) return 'html';
  return 'text';
}

async function readSource(bytes: Uint8Array, input: Exclude<InputFormat, 'json'>): Promise<SourceDocument> {
  switch (input) {
    // The Office readers pull in mammoth and exceljs; loaded only when a file needs them.
    case 'docx':
      return (await import('./from-docx.ts')).fromDocx(bytes);
    case 'xlsx':
      return (await import('./from-xlsx.ts')).fromXlsx(bytes);
    case 'html':
      return fromHtml(decodeText(bytes));
    case 'text':
      return fromText(decodeText(bytes));
  }
}

/** parseReport for an upload: in a worker with a heap and a time limit (kernel/isolated.ts). */
export function parseUploadedReport(bytes: Uint8Array, fileName = ''): Promise<ParsedReport> {
  return runIsolated(new URL(import.meta.url), 'parseReport', [bytes, fileName]);
}

export async function parseReport(bytes: Uint8Array, fileName = ''): Promise<ParsedReport> {
  if (bytes.length === 0) throw new DomainError('input.unreadable', '文件为空');
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new DomainError('input.too_large', `文件过大（超过${MAX_INPUT_BYTES / 1024 / 1024}MB）`);
  }
  const input = sniffFormat(bytes, fileName);
  if (input === 'json') return { input, ...fromJson(decodeText(bytes)) };
  let source: SourceDocument;
  try {
    source = await readSource(bytes, input);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('input.unreadable', (error as Error).message || '无法读取文件');
  }
  const extracted = extractReport(source);
  if (!extracted.recognised) {
    throw new DomainError('input.not_a_report', '不是政府信息公开工作年度报告（未找到报告标题、章节或表三）');
  }
  return { input, report: extracted.report, findings: extracted.findings };
}
