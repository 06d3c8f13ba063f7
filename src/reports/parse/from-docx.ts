// Reads a Word .docx report: mammoth turns the body into plain HTML (headings as <h1>–<h6>,
// tables with rowspan/colspan), which the HTML reader then turns into blocks. The title comes
// from the package's core properties, read with a minimal ZIP reader.

import { inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import { checkDocumentZip } from '../../kernel/zip-directory.ts';
import type { SourceDocument } from './document.ts';
import { fromHtml, normaliseSpace } from './from-html.ts';

const CORRUPT = '无法读取DOCX文件：文件已损坏或不是Word文档';
const LEGACY = '无法读取DOCX文件：这是旧版Word（.doc）文件或加密文档，请在Word中另存为.docx后再试';
const EMPTY = '无法读取DOCX文件：文件为空';
const TOO_LARGE = '无法读取DOCX文件：文件解压后超过 128 MB，不是正常的年度报告';

/** Signature of OLE compound files: legacy .doc/.wps and password-protected .docx. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Style names WPS and localised templates give headings, beside mammoth's English defaults. */
const HEADING_STYLES = [1, 2, 3, 4, 5, 6].flatMap((level) => [
  `p[style-name='标题 ${level}'] => h${level}:fresh`,
  `p[style-name='标题${level}'] => h${level}:fresh`,
]);

export async function fromDocx(bytes: Uint8Array): Promise<SourceDocument> {
  if (bytes.length === 0) throw new Error(EMPTY);
  if (startsWith(bytes, OLE_SIGNATURE)) throw new Error(LEGACY);
  // A ZIP bomb (or no sound ZIP) is refused before anything is inflated.
  checkDocumentZip(bytes, { tooLarge: TOO_LARGE, corrupt: CORRUPT });
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        styleMap: HEADING_STYLES,
        // Images carry no report text; skipping their bytes keeps large documents cheap.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch {
    // mammoth's own messages are English internals ("Can't find end of central directory").
    throw new Error(CORRUPT);
  }
  const document = fromHtml(html);
  const title = coreTitle(bytes);
  if (title !== undefined) document.title = title;
  return document;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** dc:title from docProps/core.xml, if the document has a non-blank one. */
function coreTitle(bytes: Uint8Array): string | undefined {
  const xml = readZipEntry(bytes, 'docProps/core.xml');
  if (xml === undefined) return undefined;
  const match = /<dc:title(?:\s[^>]*)?>([^<]*)<\/dc:title>/.exec(new TextDecoder().decode(xml));
  if (!match) return undefined;
  const title = normaliseSpace(decodeXmlEntities(match[1] ?? ''));
  return title === '' ? undefined : title;
}

function decodeXmlEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X'))
      return safeCodePoint(Number.parseInt(body.slice(2), 16), entity);
    if (body.startsWith('#')) return safeCodePoint(Number.parseInt(body.slice(1), 10), entity);
    return named[body] ?? entity;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/**
 * The bytes of one entry of a ZIP archive, or undefined when the archive or entry cannot be read.
 * Handles stored and deflated entries without ZIP64, which is all a core.xml ever needs.
 */
function readZipEntry(bytes: Uint8Array, name: string): Uint8Array | undefined {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const end = findEndOfCentralDirectory(view);
    if (end === undefined) return undefined;
    const count = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    for (let i = 0; i < count; i++) {
      if (view.getUint32(offset, true) !== 0x02014b50) return undefined;
      const method = view.getUint16(offset + 10, true);
      const compressedSize = view.getUint32(offset + 20, true);
      const nameLength = view.getUint16(offset + 28, true);
      const extraLength = view.getUint16(offset + 30, true);
      const commentLength = view.getUint16(offset + 32, true);
      const localOffset = view.getUint32(offset + 42, true);
      const entryName = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
      if (entryName === name) return readLocalEntry(bytes, view, localOffset, method, compressedSize);
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return undefined;
  } catch {
    // Out-of-range reads (RangeError) and bad deflate data mean a damaged archive.
    return undefined;
  }
}

function findEndOfCentralDirectory(view: DataView): number | undefined {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const last = view.byteLength - 22;
  for (let offset = last; offset >= 0 && offset >= last - 0xffff; offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) return offset;
  }
  return undefined;
}

function readLocalEntry(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  method: number,
  size: number,
): Uint8Array | undefined {
  if (view.getUint32(offset, true) !== 0x04034b50) return undefined;
  const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
  const data = bytes.subarray(start, start + size);
  if (method === 0) return data;
  if (method === 8) return inflateRawSync(data);
  return undefined;
}
