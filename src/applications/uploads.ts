// Files an applicant attaches (proof of identity, a corrected application): PDF, JPEG or PNG,
// recognised by their first bytes rather than by the name or the browser's word.
export interface UploadedFile {
  filename: string;
  mediaType: string;
  content: Uint8Array;
}

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const SIGNATURES: readonly { mediaType: string; bytes: readonly number[] }[] = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The media type the content really has, or null when it is none of the accepted kinds. */
export function sniffMediaType(content: Uint8Array): string | null {
  for (const s of SIGNATURES) if (s.bytes.every((b, i) => content[i] === b)) return s.mediaType;
  return null;
}

/** A file name safe to show and to send back: no path, no control characters, at most 100 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base.normalize('NFC').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')]
    .slice(-100)
    .join('')
    .trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? '附件' : cleaned;
}

export function checkUpload(file: UploadedFile): string[] {
  if (file.content.byteLength === 0) return ['上传的文件是空的'];
  if (file.content.byteLength > MAX_UPLOAD_BYTES) return ['上传的文件不能超过5MB'];
  if (sniffMediaType(file.content) === null) return ['只能上传 PDF、JPG 或 PNG 格式的文件'];
  return [];
}

/** The file as it will be stored: the sniffed type and a safe name. */
export function acceptedUpload(file: UploadedFile): UploadedFile {
  return {
    filename: safeFilename(file.filename),
    mediaType: sniffMediaType(file.content) ?? 'application/octet-stream',
    content: file.content,
  };
}
