// The text of an item's attachments, for search: PDF (Mozilla's pdf.js through unpdf, no native
// code), DOCX (mammoth), XLSX (exceljs) and plain text. Other kinds (images, OFD, old DOC/XLS)
// have no text here. A broken or hostile file gives no text and never an error: it is simply not
// searchable, and a failure is reported on a diagnostics channel with ids and the error's name
// only (a file name or a message could hold personal data). The text is capped per item and
// every personal number the 保密审查 scan knows (身份证号, phone, bank card…) is masked, since
// attachments are not scanned by the review: the index holds no such number and no snippet can
// show one.
//
// The work is CPU-bound but asynchronous between pages, sheets and files, and stops at the cap or
// the time budget; publish() runs it before its transaction. PDF, DOCX and XLSX are read in worker
// threads that stay (kernel/isolated.ts IsolatedPool) with a heap of their own: exceljs and the
// pdf.js unpdf bundles have published advisories for crafted files (ROADMAP), and a file that
// takes all memory or hangs a page then ends its worker, not the server.
import { channel } from 'node:diagnostics_channel';
import { IsolatedPool } from '../kernel/isolated.ts';
import { DOCUMENT_ZIP_LIMITS, declaredUnzippedSize } from '../kernel/zip-directory.ts';
import { redactPersonalData } from './personal-data.ts';

/** Characters of attachment text indexed per item at most. */
export const MAX_ATTACHMENT_TEXT = 200_000;
/** Time spent extracting the attachments of one item at most. */
export const ATTACHMENT_TEXT_BUDGET_MS = 15_000;
/** PDF pages read per file at most. */
const MAX_PDF_PAGES = 500;
/** Spreadsheet cells read per file at most. */
const MAX_CELLS = 200_000;
/** What a DOCX or XLSX may declare unpacked at most before it is opened (a ZIP bomb is not). */
export const MAX_UNZIPPED_BYTES = DOCUMENT_ZIP_LIMITS.maxUnzippedBytes;

const MEDIA = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
} as const;

export type TextKind = keyof typeof MEDIA;

export interface AttachmentFile {
  id: string;
  filename: string;
  mediaType: string;
  /** The bytes, or how to load them (one file in memory at a time). */
  content: Uint8Array | (() => Promise<Uint8Array | undefined>);
}

export interface AttachmentTextFailure {
  itemId: string | null;
  attachmentId: string;
  kind: TextKind;
  /** The error's name (InvalidPDFException, Error…), never its message. */
  reason: string;
}

/** Extraction failures: `{ itemId, attachmentId, kind, reason }`, nothing personal. */
export const attachmentTextFailures = channel('gongkai:disclosures:attachment-text-failure');

export function textKindOf(mediaType: string): TextKind | null {
  const base = mediaType.split(';')[0]!.trim().toLowerCase();
  for (const [kind, media] of Object.entries(MEDIA)) if (media === base) return kind as TextKind;
  return null;
}

interface Limits {
  maxChars: number;
  deadline: number;
}

class Full extends Error {}

/** Collects text up to the cap; throws Full when reached or when time is up. */
class Collector {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly limits: Limits) {}
  add(text: string): void {
    if (text === '') return;
    const room = this.limits.maxChars - this.length;
    const part = text.length > room ? text.slice(0, Math.max(0, room)) : text;
    this.parts.push(part);
    this.length += part.length;
    if (this.length >= this.limits.maxChars) throw new Full();
    if (performance.now() > this.limits.deadline) throw new Full();
  }
  text(): string {
    return this.parts.join('');
  }
}

async function pdfText(content: Uint8Array, out: Collector): Promise<void> {
  const { getDocumentProxy } = await import('unpdf');
  // pdf.js may take over the buffer it is given: a copy keeps the caller's bytes intact.
  const doc = await getDocumentProxy(new Uint8Array(content), {
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  try {
    const pages = Math.min(doc.numPages, MAX_PDF_PAGES);
    for (let n = 1; n <= pages; n++) {
      const page = await doc.getPage(n);
      const textContent = await page.getTextContent();
      let line = '';
      for (const item of textContent.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) line += '\n';
      }
      page.cleanup();
      out.add(`${line}\n`);
    }
  } finally {
    await doc.destroy();
  }
}

/** The total unpacked size the ZIP declares, read before anything is inflated (kernel/zip-directory.ts). */
export function checkZipSize(bytes: Uint8Array, max = MAX_UNZIPPED_BYTES): number {
  return declaredUnzippedSize(bytes, { ...DOCUMENT_ZIP_LIMITS, maxUnzippedBytes: max });
}

async function docxText(content: Uint8Array, out: Collector): Promise<void> {
  checkZipSize(content);
  const { default: mammoth } = await import('mammoth');
  const result = await mammoth.extractRawText({ buffer: Buffer.from(content) });
  out.add(result.value);
}

async function xlsxText(content: Uint8Array, out: Collector): Promise<void> {
  checkZipSize(content);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(content) as unknown as ArrayBuffer);
  let cells = 0;
  for (const sheet of workbook.worksheets) {
    out.add(`${sheet.name}\n`);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells++;
        if (cells > MAX_CELLS) throw new Full();
        // A cell of a merged range whose first cell is blank: exceljs's .text throws on it, which
        // lost the whole file's text (and so the 保密审查's view of it) for a common sheet layout.
        if (cell.isMerged && cell.master.value === null) return;
        const text = cell.text;
        if (text) values.push(text);
      });
      out.add(`${values.join('\t')}\n`);
    });
  }
}

function plainText(content: Uint8Array, out: Collector): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    text = new TextDecoder('gb18030').decode(content);
  }
  out.add(text.replace(/^\uFEFF/, ''));
}

/** Whitespace tidied and control characters dropped: a line per paragraph, one space between words. */
function tidy(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufffd]/g,
      '',
    )
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ ?\r?\n[\s]*/g, '\n')
    .trim();
}

/**
 * The text of one file, tidied (null when the kind has no text or the file is broken). At most
 * `maxChars` characters; stops early when `deadline` (performance.now()) passes.
 */
export async function extractAttachmentText(
  file: { mediaType: string; content: Uint8Array },
  limits: Partial<Limits> = {},
): Promise<string | null> {
  const kind = textKindOf(file.mediaType);
  if (kind === null) return null;
  const out = new Collector({
    maxChars: limits.maxChars ?? MAX_ATTACHMENT_TEXT,
    deadline: limits.deadline ?? performance.now() + ATTACHMENT_TEXT_BUDGET_MS,
  });
  try {
    if (kind === 'pdf') await pdfText(file.content, out);
    else if (kind === 'docx') await docxText(file.content, out);
    else if (kind === 'xlsx') await xlsxText(file.content, out);
    else plainText(file.content, out);
  } catch (error) {
    if (!(error instanceof Full)) throw error;
  }
  return tidy(out.text());
}

/** Past the budget, the time a worker is given to reach its next check before it is ended. */
const WORKER_GRACE_MS = 5_000;

/** extractAttachmentText with its deadline in wall-clock time: a worker's performance.now() is its own. */
export function extractAttachmentTextBy(
  file: { mediaType: string; content: Uint8Array },
  limits: { maxChars: number; deadlineAt: number },
): Promise<string | null> {
  return extractAttachmentText(file, {
    maxChars: limits.maxChars,
    deadline: performance.now() + (limits.deadlineAt - Date.now()),
  });
}

/** The workers that read attachments (exported for its tests: how many were started). */
export const attachmentReaders = new IsolatedPool(new URL(import.meta.url), 'extractAttachmentTextBy', {
  size: 2,
  limits: { heapMb: 512, timeoutMs: 2 * ATTACHMENT_TEXT_BUDGET_MS + WORKER_GRACE_MS },
  idleMs: 60_000,
});

/**
 * extractAttachmentText, for PDF, DOCX and XLSX in a worker of the pool: a file that needs more than
 * its heap, or does not reach its next check within the deadline and a grace, throws DomainError
 * input.too_large here and the server goes on. Plain text is decoded here.
 */
export async function readAttachmentText(
  file: { mediaType: string; content: Uint8Array },
  limits: Partial<Limits> = {},
): Promise<string | null> {
  const kind = textKindOf(file.mediaType);
  if (kind === null || kind === 'txt') return extractAttachmentText(file, limits);
  const budgetMs = Math.max(
    0,
    (limits.deadline ?? performance.now() + ATTACHMENT_TEXT_BUDGET_MS) - performance.now(),
  );
  // A copy moved to the worker: the caller's bytes stay intact and are not copied twice.
  const content = file.content.slice();
  return attachmentReaders.run<string | null>(
    [
      { mediaType: file.mediaType, content },
      { maxChars: limits.maxChars ?? MAX_ATTACHMENT_TEXT, deadlineAt: Date.now() + budgetMs },
    ],
    { timeoutMs: budgetMs + WORKER_GRACE_MS, transfer: [content.buffer] },
  );
}

/**
 * The searchable text of an item's attachments: each file's text after a line naming it
 * (附件《name》), personal numbers masked, MAX_ATTACHMENT_TEXT characters in all at most. Never
 * throws: a file that cannot be read adds nothing.
 */
export async function attachmentsText(
  files: readonly AttachmentFile[],
  options: { itemId?: string; maxChars?: number; budgetMs?: number } = {},
): Promise<string> {
  const maxChars = options.maxChars ?? MAX_ATTACHMENT_TEXT;
  const deadline = performance.now() + (options.budgetMs ?? ATTACHMENT_TEXT_BUDGET_MS);
  const parts: string[] = [];
  let length = 0;
  for (const file of files) {
    const kind = textKindOf(file.mediaType);
    if (kind === null) continue;
    const room = maxChars - length;
    if (room <= 0 || performance.now() > deadline) break;
    let text: string | null = null;
    try {
      const content = typeof file.content === 'function' ? await file.content() : file.content;
      if (content !== undefined) {
        text = await readAttachmentText({ mediaType: file.mediaType, content }, { maxChars: room, deadline });
      }
    } catch (error) {
      if (attachmentTextFailures.hasSubscribers) {
        attachmentTextFailures.publish({
          itemId: options.itemId ?? null,
          attachmentId: file.id,
          kind,
          reason: error instanceof Error ? error.name : typeof error,
        } satisfies AttachmentTextFailure);
      }
    }
    if (!text) continue;
    const part = `附件《${file.filename}》\n${text}`.slice(0, room);
    parts.push(part);
    length += part.length + 1;
  }
  return redactPersonalData(parts.join('\n'));
}
