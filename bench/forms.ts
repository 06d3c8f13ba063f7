// The portal's application form as the HTTP benches post it: multipart, one applicant per request.
import { residentId, TINY_PDF } from '../src/applications/testing.ts';

export const BOUNDARY = '----gongkaiBench7MA4YWxkTrZu0gW';

export function multipart(
  fields: Record<string, string>,
  file?: { field: string; filename: string; mediaType: string; content: Uint8Array },
): Buffer {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const chunks = [Buffer.from(parts.join(''), 'utf8')];
  if (file)
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.mediaType}\r\n\r\n`,
        'utf8',
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`, 'utf8'));
  return Buffer.concat(chunks);
}

/** The ID proof a citizen attaches (a small PDF), as every other application of the intake bench does. */
export function idProof(): { field: string; filename: string; mediaType: string; content: Uint8Array } {
  return { field: 'idProof', filename: '身份证.pdf', mediaType: 'application/pdf', content: TINY_PDF };
}

/** A valid online application whose applicant (a 身份证号 with its check digit) differs with n. */
export function applicationFields(n: number): Record<string, string> {
  return {
    applicantType: 'naturalPerson',
    name: '王测试',
    idKind: 'id_card',
    idNumber: residentId(`4190011990${String(n).padStart(7, '0')}`),
    phone: '13800000000',
    email: '',
    address: '',
    description: `申请公开2026年承留镇农村道路建设项目的招标文件及中标结果（第${n}件）`,
    documentNumber: '',
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
  };
}

/** The form of an agency: the path to post to (CSRF token in the query string) and its headers. */
export async function applicationForm(
  base: string,
  agencyId: string,
): Promise<{ path: string; headers: Record<string, string> }> {
  const form = await fetch(`${base}/agencies/${agencyId}/apply`);
  const cookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  // Multipart forms carry the token in the action's query string (web/csrf.ts).
  const csrf = /\?_csrf=([^"&]+)"/.exec(await form.text())?.[1];
  if (!csrf || !cookie) throw new Error('the application form gave no CSRF token');
  return {
    path: `/agencies/${agencyId}/apply?_csrf=${csrf}`,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie },
  };
}

/** A distinct client address for request n (10.x.y.z), for X-Forwarded-For through GONGKAI_TRUST_PROXY. */
export function clientAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
