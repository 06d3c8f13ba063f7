// The writers of the crash harness: clients that behave like citizens' browsers on the portal. Each
// write opens its form (cookie and CSRF token), then posts it: an online 依申请公开 application
// (multipart, sometimes with an ID proof) or a 效能投诉. Every write carries a marker (崩溃测试第N号)
// in its text, so that the database can be read back write by write; a write counts as
// acknowledged only when the confirmation page with its tracking number / 投诉编号 arrived.
import { residentId, TINY_PDF } from '../../src/applications/testing.ts';

export type WriteKind = 'application' | 'complaint';

/** One acknowledged write, as the client saw it. */
export interface Ack {
  kind: WriteKind;
  /** The number of the marker written into the text (崩溃测试第N号). */
  marker: number;
  agencyId: string;
  /** The tracking number (YSQ…) of an application, the 投诉编号 (TS…) of a complaint. */
  reference: string;
  iteration: number;
}

/** An answer that is neither a confirmation nor the server going away. */
export interface UnexpectedAnswer {
  kind: WriteKind | 'publication';
  marker: number;
  status: number;
  excerpt: string;
  iteration: number;
}

export const MARKER = /崩溃测试第(\d+)号/;
export const markerText = (n: number) => `崩溃测试第${n}号`;

const TRACKING = /YSQ\d{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;
const COMPLAINT_REFERENCE = /<strong>(TS\d{4}-\d{4,})<\/strong>/;
const CSRF_INPUT = /<input type="hidden" name="_csrf" value="([^"]+)"/;
const MULTIPART_ACTION = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/;
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇'];

/** Small, fast, seedable (mulberry32): the same seed gives the same choices. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fictional 身份证号 per write: the per-applicant daily limit never applies. */
function idNumberOf(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 900) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  return residentId(`419001${ymd}${String(100 + (n % 900)).padStart(3, '0')}`);
}

const unescapeAttribute = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** The cookies a response sets, as a Cookie header. */
function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0]!)
    .join('; ');
}

/** A distinct client address per write, sent as X-Forwarded-For: the per-address limits never apply. */
function addressOf(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export interface Target {
  base: string;
  /** Agencies that take applications (towns) and complaints. */
  agencyIds: readonly string[];
}

export type WriteOutcome =
  | { kind: 'ack'; ack: Ack }
  | { kind: 'unexpected'; answer: UnexpectedAnswer }
  /** The connection failed: the server is gone (or going). */
  | { kind: 'lost'; error: unknown };

async function applicationWrite(target: Target, agencyId: string, n: number): Promise<Response> {
  const headers = { 'x-forwarded-for': addressOf(n) };
  const form = await fetch(`${target.base}/agencies/${agencyId}/apply`, { headers });
  const html = await form.text();
  const action = MULTIPART_ACTION.exec(html)?.[1];
  if (form.status !== 200 || !action) return new Response(html, { status: form.status || 599 });
  const body = new FormData();
  const fields: Record<string, string> = {
    applicantType: 'naturalPerson',
    name: NAMES[n % NAMES.length]!,
    organisationCode: '',
    idKind: 'id_card',
    idNumber: idNumberOf(n),
    phone: `139${String(n % 100_000_000).padStart(8, '0')}`,
    email: `applicant${n}@example.com`,
    address: '河南省济源市承留镇南桥村1号',
    description: `承留镇2025年农村道路建设项目的招标文件及中标结果（${markerText(n)}）`,
    documentNumber: '',
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
  };
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  // Every other application carries an ID proof: the file row must come with its application.
  if (n % 2 === 0) body.append('idProof', new Blob([TINY_PDF], { type: 'application/pdf' }), '身份证.pdf');
  return fetch(`${target.base}${unescapeAttribute(action)}`, {
    method: 'POST',
    headers: { ...headers, cookie: cookieHeader(form) },
    body,
  });
}

async function complaintWrite(target: Target, agencyId: string, n: number): Promise<Response> {
  const headers = { 'x-forwarded-for': addressOf(n) };
  const url = `${target.base}/agencies/${agencyId}/services/complaints/new`;
  const form = await fetch(url, { headers });
  const html = await form.text();
  const csrf = CSRF_INPUT.exec(html)?.[1];
  if (form.status !== 200 || !csrf) return new Response(html, { status: form.status || 599 });
  const body = new URLSearchParams({
    _csrf: unescapeAttribute(csrf),
    window: '',
    item: '',
    content: `民政窗口工作人员上班时间离岗，等候四十分钟无人办理（${markerText(n)}）`,
    complainantName: NAMES[(n + 3) % NAMES.length]!,
    complainantPhone: `138${String(n % 100_000_000).padStart(8, '0')}`,
  });
  return fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      cookie: cookieHeader(form),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: body.toString(),
  });
}

/** One write through the portal, and what came of it. */
export async function write(
  target: Target,
  kind: WriteKind,
  agencyId: string,
  n: number,
  iteration: number,
): Promise<WriteOutcome> {
  try {
    const response = await (kind === 'application' ? applicationWrite : complaintWrite)(target, agencyId, n);
    const html = await response.text();
    const reference = kind === 'application' ? TRACKING.exec(html)?.[0] : COMPLAINT_REFERENCE.exec(html)?.[1];
    if (response.status === 200 && reference)
      return { kind: 'ack', ack: { kind, marker: n, agencyId, reference, iteration } };
    const excerpt = html
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .slice(0, 300);
    return { kind: 'unexpected', answer: { kind, marker: n, status: response.status, excerpt, iteration } };
  } catch (error) {
    return { kind: 'lost', error };
  }
}
