// The two steps of an XLSX import in the back office (the normative register, the service catalogue):
// the upload (one multipart part named `file`), and the accept form, which carries the uploaded file
// itself back (base64) so that it is checked again when the clerk accepts the valid rows. An XLSX is
// compressed, so a whole register fits in a form, where its rows as JSON, URL-encoded, would pass
// the request body limit at a few hundred rows; and nothing the browser sends back is trusted.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, isDomainError } from '../../kernel/errors.ts';

/** Above this the form cannot carry the file (the page says to correct it and upload again). */
export const MAX_CARRIED_FILE_CHARS = 900_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The accept form: the file as uploaded, and the number of valid rows the clerk was shown. */
export const AcceptFileBody = Type.Object({
  file: Type.Optional(Type.String({ maxLength: 1_000_000, title: '导入的文件' })),
  count: Type.Optional(Type.String({ maxLength: 10, title: '有效行数' })),
});

function invalid(message: string): DomainError {
  return new DomainError('input.invalid', message, { userMessage: message });
}

/** The uploaded workbook's bytes: one part named `file`, at most limitBytes. */
export async function uploadedXlsx(request: FastifyRequest, limitBytes: number): Promise<Uint8Array> {
  if (!request.isMultipart()) throw invalid('请选择要导入的 Excel 文件（.xlsx）。');
  let bytes: Uint8Array | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: limitBytes, files: 1 } })) {
      if (part.type !== 'file') continue;
      const content = await part.toBuffer();
      if (part.fieldname === 'file' && bytes === null) bytes = new Uint8Array(content);
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new DomainError('input.too_large', 'import file too large', {
        userMessage: `上传的文件过大：导入文件不能超过 ${uploadLimitLabel(limitBytes)}，未导入任何内容。`,
      });
    if (isDomainError(error)) throw error;
    throw new DomainError('input.unreadable', 'broken multipart body', {
      userMessage: '无法读取上传的内容，请重新选择文件后上传。',
    });
  }
  if (bytes === null || bytes.length === 0) throw invalid('请选择要导入的 Excel 文件（.xlsx）。');
  return bytes;
}

/** "2 MB", as the import page states the limit. */
export function uploadLimitLabel(limitBytes: number): string {
  return `${limitBytes / 1024 / 1024} MB`;
}

/** The file as the accept form carries it, or null when it is too large for a form. */
export function carryFile(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes).toString('base64');
  return text.length > MAX_CARRIED_FILE_CHARS ? null : text;
}

/** The file the accept form carried back, or a refusal when it is not one. */
export function carriedFile(text: string | undefined): Uint8Array {
  const refuse = () => invalid('导入的内容无法识别，请重新上传文件。');
  if (!text || text.length > MAX_CARRIED_FILE_CHARS || !BASE64.test(text)) throw refuse();
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) throw refuse();
  return new Uint8Array(bytes);
}
