// Attachments of an item (pure): the accepted kinds recognised by their bytes, a size limit, and a
// file name safe to show and to send back. Accepted: PDF, OFD (the national e-document format),
// DOCX, XLSX, DOC and XLS (old Office, told apart by the name's extension since both are OLE
// containers), JPEG and PNG. Not accepted: plain ZIP and anything else (executables, HTML, SVG —
// a file that could script the portal or hide what the review cannot see).

export interface AttachmentInput {
  filename: string;
  content: Uint8Array;
}

export interface AcceptedAttachment {
  filename: string;
  mediaType: string;
  extension: string;
  content: Uint8Array;
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;
export const ACCEPTED_KINDS_LABEL = 'PDF、OFD、Word（DOC/DOCX）、Excel（XLS/XLSX）、JPG、PNG';

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function startsWith(content: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => content[i] === b);
}

/** The ZIP holds an entry whose name begins with `prefix` (read from the local file headers). */
function zipHasEntry(content: Uint8Array, prefix: string): boolean {
  const needle = Buffer.from(prefix, 'latin1');
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  let at = 0;
  // Local file header: signature, …, name length at 26, extra length at 28, name at 30.
  for (let guard = 0; guard < 10_000 && at + 30 <= buffer.length; guard++) {
    if (buffer.readUInt32LE(at) !== 0x04034b50) break;
    const nameLength = buffer.readUInt16LE(at + 26);
    const extraLength = buffer.readUInt16LE(at + 28);
    const name = buffer.subarray(at + 30, at + 30 + nameLength);
    if (name.subarray(0, needle.length).equals(needle)) return true;
    const compressed = buffer.readUInt32LE(at + 18);
    const flags = buffer.readUInt16LE(at + 6);
    if (flags & 0x08) break; // sizes follow the data: fall back to searching the names
    at += 30 + nameLength + extraLength + compressed;
  }
  return buffer.includes(needle);
}

const KINDS = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  ofd: { mediaType: 'application/ofd', extension: 'ofd' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  doc: { mediaType: 'application/msword', extension: 'doc' },
  xls: { mediaType: 'application/vnd.ms-excel', extension: 'xls' },
  jpg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
} as const;

export type AttachmentKind = keyof typeof KINDS;

export const ATTACHMENT_MEDIA_TYPES: readonly string[] = Object.values(KINDS).map((k) => k.mediaType);

function extensionOf(name: string): string {
  const m = /\.([0-9a-z]{1,5})$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/** The kind the bytes really are (the name only tells DOC from XLS), or null. */
export function sniffAttachment(content: Uint8Array, filename: string): AttachmentKind | null {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(content, OLE)) {
    const ext = extensionOf(filename);
    if (ext === 'doc' || ext === 'wps') return 'doc';
    if (ext === 'xls' || ext === 'et') return 'xls';
    return null;
  }
  if (startsWith(content, ZIP)) {
    if (zipHasEntry(content, 'word/')) return 'docx';
    if (zipHasEntry(content, 'xl/')) return 'xlsx';
    if (zipHasEntry(content, 'OFD.xml')) return 'ofd';
    return null;
  }
  return null;
}

/**
 * A file name safe to show and to send back: no path, no control, markup or reserved characters,
 * at most 100 characters, ending with the extension of the kind the bytes are.
 */
export function safeAttachmentName(name: string, kind: AttachmentKind): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC');
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069"'<>|:*?`&;%#{}$]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const extension = KINDS[kind].extension;
  let stem = cleaned
    .replace(/\.[0-9a-z]{1,5}$/i, '')
    .replace(/^\.+/, '')
    .trim();
  if (stem === '') stem = '附件';
  stem = [...stem].slice(0, 100 - extension.length - 1).join('');
  return `${stem}.${extension}`;
}

export function attachmentProblems(file: AttachmentInput): string[] {
  if (file.content.byteLength === 0) return [`附件“${safeDisplay(file.filename)}”是空文件`];
  if (file.content.byteLength > MAX_ATTACHMENT_BYTES)
    return [`附件“${safeDisplay(file.filename)}”超过${MAX_ATTACHMENT_BYTES / 1024 / 1024}MB`];
  if (sniffAttachment(file.content, file.filename) === null)
    return [`附件“${safeDisplay(file.filename)}”的格式不受支持，只能上传${ACCEPTED_KINDS_LABEL}`];
  return [];
}

function safeDisplay(name: string): string {
  return [...name.replace(/[\u0000-\u001f\u007f<>"'&]/g, '')].slice(-60).join('');
}

/** The file as stored: its real kind and a safe name. Call attachmentProblems first. */
export function acceptAttachment(file: AttachmentInput): AcceptedAttachment {
  const kind = sniffAttachment(file.content, file.filename);
  if (!kind) throw new Error('attachment not accepted');
  return {
    filename: safeAttachmentName(file.filename, kind),
    mediaType: KINDS[kind].mediaType,
    extension: KINDS[kind].extension,
    content: file.content,
  };
}
