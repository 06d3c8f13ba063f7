// XSS and injection payloads in every form field (issue 8). The forms are not listed by hand: the
// site is crawled (the back office as a user holding every role of 承留镇, the portal anonymously,
// and the pages only a step reaches: the second factor, the forced password change, the TOTP
// confirmation, an import's accept form, the applicant's status page with its 补正 form) and every
// form found, the GET ones too (search boxes, list filters), is matched to its route. Every POST route of listRoutes() must have a form, unless it is in the
// commented exception list below: a new route without a form fails here, as in the matrix.
//
// Each field of each form (every named field but the CSRF token and files) is submitted in the
// otherwise valid form with its value replaced by a payload. The answer must never be a 5xx: a
// refusal is a 4xx or the form again with a Chinese error, a stored value is shown as text on the
// page the redirect leads to. Every page is parsed: no element or attribute a payload could have
// created (a running <script>, an on… attribute, an <img src=x>, a javascript: link), no header
// with a line break or the planted cookie. Afterwards: the same tables, no core table lost rows,
// the audit chain verifies, and a crawl of the whole site (office, portal, feeds, sitemap) finds
// no injected markup anywhere.
//
// In npm test: SQLite, the script and quote-breaking payloads on every field and one more payload
// per field in turn (every payload is used). GONGKAI_FULL_PAYLOADS=1: every payload on every field,
// on both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import {
  changePassword,
  confirmTotp,
  createAgency,
  createUser,
  enrolTotp,
  login,
  offlinePrincipal,
  ROLE_IDS,
  type Role,
  resolveSession,
  systemActor,
  totpCode,
} from '../../src/agencies/index.ts';
import { approveReport, publishReport } from '../../src/annual-reports/index.ts';
import { listRoutes } from '../../src/app.ts';
import { recordAppeal } from '../../src/appeals/index.ts';
import { recordApplicationEvent, submitOnlineApplication } from '../../src/applications/index.ts';
import { applicant, intake, residentId } from '../../src/applications/testing.ts';
import { verifyAuditLog } from '../../src/audit/index.ts';
import type { Engine } from '../../src/db/database.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { seedDemoApplications } from '../../src/demo/demo-applications.ts';
import { seedDemoItems } from '../../src/demo/demo-items.ts';
import { seedDemoNormative } from '../../src/demo/demo-normative.ts';
import { seedDemoServices } from '../../src/demo/demo-services.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  signReview,
  submitForReview,
} from '../../src/disclosures/index.ts';
import { content as itemContent } from '../../src/disclosures/testing.ts';
import { buildTemplate } from '../../src/normative/index.ts';
import { exportServiceItems, fileOnlineComplaint, registerServiceEvent } from '../../src/services/index.ts';
import { sampleItem as sampleServiceItem } from '../../src/services/testing.ts';
import type { RouteEntry } from '../../src/web/routes.ts';
import { Browser, createWebFixture, TEST_PASSWORD, type WebFixture } from '../../src/web/testing.ts';
import {
  defaultValues,
  type FoundForm,
  formsOf,
  hasChinese,
  injectedHeaders,
  injectedMarkup,
  linksOf,
  multipartBody,
  routeKey,
  routeOf,
  type UploadedFile,
} from './forms.ts';

const FULL = process.env.GONGKAI_FULL_PAYLOADS === '1';

/** The payloads, by name. `url` ones go only to fields that hold an address. */
const PAYLOADS: readonly { name: string; value: string; url?: true }[] = [
  { name: 'script', value: '<script>alert(1)</script>' },
  { name: 'attribute', value: '"><img src=x onerror=alert(1)>' },
  { name: 'javascript-url', value: 'javascript:alert(1)', url: true },
  { name: 'sql-or', value: "' OR '1'='1' --" },
  { name: 'sql-drop', value: "'); DROP TABLE applications; --" },
  { name: 'fts-syntax', value: '"a" OR b* NEAR c' },
  { name: 'fts-star', value: '*' },
  { name: 'fts-minus', value: '-' },
  { name: 'template-braces', value: '{{7*7}}' },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is the literal text ${7*7}.
  { name: 'template-dollar', value: '${7*7}' },
  { name: 'crlf', value: 'a\r\nSet-Cookie: x=1' },
  { name: 'rtl-override', value: '申请\u202Efdp.exe' },
  { name: 'big', value: `${'测试'.repeat(100)}${'x'.repeat(100 * 1024)}` },
];
const ALWAYS = ['script', 'attribute'];
/** Records in each state of a workflow, per accepted value that moves one on: more for every payload. */
const COPIES = FULL ? 4 : 1;

/** Named fields that hold an address (a link, the page to go back to). */
const isUrlField = (name: string, kind: string) => kind === 'url' || /url|link|href|from/i.test(name);

/** The payloads a field gets: all of them (full), or the two always and one more in turn. */
function payloadsFor(fieldIndex: number, urlField: boolean) {
  const usable = PAYLOADS.filter((p) => !p.url || urlField);
  if (FULL) return usable;
  const others = usable.filter((p) => !ALWAYS.includes(p.name));
  return [...usable.filter((p) => ALWAYS.includes(p.name)), others[fieldIndex % others.length]!];
}

/**
 * POST routes (and PUT/PATCH/DELETE, of which there are none) that no page's form posts to, each
 * with its reason; everything else must be found. Empty today: every write of the app, the JSON API
 * included, is a form (the API is read-only; logout, the TOTP steps and the import's accept forms
 * are reached by the step sources below).
 */
const NO_FORM: Readonly<Record<string, string>> = {};

type Values = Map<string, string[]>;

/** What a caller opens before a submission: a browser and what the valid form needs of it. */
interface Opened {
  browser: Browser;
  /** The page holding the form (a GET, or the answer of the step that shows it). */
  page: LightMyRequestResponse;
  pageUrl: string;
  /** Values of the valid form that only this opening knows (a fresh 评价码, an initial password). */
  valid?: Record<string, string | string[]>;
}

/** Where a form is found again before each submission. */
interface Source {
  name: string;
  /** The page may serve the next submission when the last one was refused (no limits, no secrets used up). */
  reusable?: true;
  open(): Promise<Opened>;
}

let counter = 0;
const unique = () => ++counter;
let ipCounter = 0;
const nextIp = () => `10.88.${Math.floor(++ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;

const TODAY = '2026-03-02';

/** Values that make the form valid, by route (fields left out keep what the page gives). */
function validValues(key: string): Record<string, string | string[]> {
  const n = unique();
  switch (key) {
    case 'POST /agencies/:id/apply': {
      const {
        email,
        address,
        organisationCode: _,
        ...a
      } = applicant({
        idNumber: residentId(`4190011995${String(n).padStart(7, '0')}`),
      });
      return {
        ...a,
        email: email ?? '',
        address: address ?? '',
        description: `探针申请${n}：2025年预算公开表`,
        documentNumber: '',
        deliveryForm: 'electronic',
        deliveryChannel: 'online',
      };
    }
    case 'POST /agencies/:id/services/complaints/new':
    case 'POST /office/agencies/:id/complaints':
      return {
        receivedOn: TODAY,
        content: `探针投诉${n}：窗口工作人员离岗无人办理`,
        complainantName: '探针',
        complainantPhone: '13812345678',
      };
    case 'POST /agencies/:id/services/rate':
      return { level: 'satisfied', reason: '' };
    case 'POST /office/agencies/:id/children':
      return { kind: 'village', name: `探针村${n}`, creditCode: '' };
    case 'POST /office/agencies/:id/users':
      return { username: `probe.${n}`, displayName: '探针', roles: 'editor' };
    case 'POST /office/agencies/:id/normative':
      return {
        kind: 'normative',
        title: `探针文件${n}`,
        documentNumber: `探针〔2026〕${n}号`,
        issuedOn: '2026-01-05',
        effectiveOn: '2026-01-05',
        validUntil: '',
        status: 'valid',
        statusOn: '',
        itemId: '',
      };
    case 'POST /office/agencies/:id/normative/:documentId/status':
      return { status: 'repealed', statusOn: '2026-03-01' };
    case 'POST /office/agencies/:id/normative/counts':
      return { licensing: '1', penalty: '2', enforcement: '3', fees: '4' };
    case 'POST /office/agencies/:id/services/items': {
      const item = sampleServiceItem({ name: `探针事项${n}` });
      return {
        name: item.name,
        type: item.type,
        level: item.level,
        basis: item.basis,
        conditions: item.conditions,
        materials: item.materials.join('\n'),
        procedure: item.procedure,
        legalLimitDays: String(item.legalLimitDays),
        promisedLimitDays: String(item.promisedLimitDays),
        fee: '',
        phone: item.phone,
        onlineUrl: item.onlineUrl,
      };
    }
    case 'POST /office/agencies/:id/services/windows':
      return {
        name: `探针窗口${n}`,
        hours: '周一至周五 8:30-12:00',
        phone: '0391-6611234',
        location: '二楼',
      };
    case 'POST /office/agencies/:id/complaints/:complaintId/answer':
      return { answer: `探针答复${n}` };
    case 'POST /office/agencies/:id/items':
      return {
        title: `探针公告${n}`,
        documentNumber: '',
        formedOn: '2026-03-01',
        summary: '探针摘要',
        bodyHtml: '<p>探针正文</p>',
        keywords: '探针',
      };
    case 'POST /office/agencies/:id/items/:itemId/return':
    case 'POST /office/agencies/:id/items/:itemId/withdraw':
      return { reason: `探针理由${n}` };
    case 'POST /office/agencies/:id/items/channels':
      return {
        title: `探针推送${n}`,
        url: `https://mp.weixin.qq.com/s/probe${n}`,
        publishedOn: '2026-03-01',
      };
    case 'POST /office/agencies/:id/catalogue':
      return { name: `探针栏目${n}` };
    case 'POST /office/agencies/:id/applications':
      return {
        channel: 'letter',
        receivedOn: TODAY,
        ...(({ email, address, organisationCode: _, ...a }) => ({
          ...a,
          email: email ?? '',
          address: address ?? '',
        }))(applicant()),
        description: `探针登记${n}`,
        deliveryForm: 'paper',
        deliveryChannel: 'post',
      };
    case 'POST /office/agencies/:id/applications/:applicationId/appeals':
      return { kind: 'reconsideration', caseNumber: `探针复${n}`, filedOn: TODAY };
    case 'POST /office/agencies/:id/applications/:applicationId/appeals/result':
      return { result: '维持', closedOn: TODAY };
    case 'POST /office/agencies/:id/applications/:applicationId/events':
      // A superset: each event form takes the fields it has.
      return {
        items: '请写明所需信息的名称',
        reason: `探针理由${n}`,
        recipientName: '探针第三方',
        details: '探针说明',
      };
    case 'POST /office/agencies/:id/items/:itemId/review':
      return { checklist: [...CHECKLIST_IDS] };
    case 'POST /office/calendar':
      return {
        year: '2028',
        source: `国务院办公厅关于2028年部分节假日安排的通知（探针${n}）`,
        holidays: '2028-01-01',
        makeupWorkdays: '',
      };
    case 'POST /office/account/password':
      return { current: TEST_PASSWORD, next: 'Gongkai-Probe-2026!x', confirm: 'Gongkai-Probe-2026!x' };
    default:
      return {};
  }
}

/** The values a person filling the form would send: the page's, a choice made, the valid ones. */
function baseValues(form: FoundForm, valid: Record<string, string | string[]>): Values {
  const values = defaultValues(form);
  for (const field of form.fields) {
    // A select left on its empty first option: a person picks the first real one.
    if (field.kind === 'select' && (values.get(field.name)?.[0] ?? '') === '') {
      const real = field.options.find((o) => o !== '');
      if (real !== undefined) values.set(field.name, [real]);
    }
    if (
      field.kind === 'date' &&
      (values.get(field.name)?.[0] ?? '') === '' &&
      !/until|statusOn/i.test(field.name)
    ) {
      values.set(field.name, [TODAY]);
    }
  }
  const named = new Set(form.fields.map((x) => x.name));
  for (const [name, value] of Object.entries(valid)) {
    if (named.has(name)) values.set(name, typeof value === 'string' ? [value] : value);
  }
  return values;
}

/** The form's identity: its route and the names of its fields (an event form per event type). */
const identity = (routes: readonly RouteEntry[], form: FoundForm) => {
  const route = routeOf(routes, form.method, form.action);
  const type = form.fields.find((x) => x.name === 'type' && x.kind === 'hidden')?.value ?? '';
  // Hidden fields say where the record is (a revision, a draft's flags), not which form it is.
  const names = [...new Set(form.fields.filter((x) => x.kind !== 'hidden').map((x) => x.name))]
    .sort()
    .join(',');
  return `${route ? routeKey(route) : `unknown ${form.method} ${form.action}`} [${type}] ${names}`;
};

/** Files a form needs to be valid (an import's workbook). */
type FilesOf = (form: FoundForm) => Promise<Map<string, UploadedFile | null>>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function normativeWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildTemplate()) as never);
  wb.getWorksheet('规章和行政规范性文件')!.getRow(2).values = [
    '行政规范性文件',
    `探针导入文件${unique()}`,
    `探导〔2024〕${unique()}号`,
    '2024-01-05',
    '2024-02-01',
    null,
    '有效',
    null,
  ];
  // A bad row too: the import then shows its problems and the form that imports only the valid rows.
  wb.getWorksheet('规章和行政规范性文件')!.getRow(3).values = [
    '公告',
    `探针导入文件${unique()}`,
    `探导〔2024〕${unique()}号`,
    '2024-01-05',
    '2024-02-01',
    null,
    '有效',
    null,
  ];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function serviceWorkbook(): Promise<Buffer> {
  const n = unique();
  return Buffer.from(
    await exportServiceItems(
      [
        sampleServiceItem({ name: `探针导入事项${n}`, window: `探针导入窗口${n}` }),
        // A bad row too (承诺时限 over 法定时限): the form that imports only the valid rows.
        sampleServiceItem({
          name: `探针导入坏事项${n}`,
          window: `探针导入窗口${n}`,
          legalLimitDays: 5,
          promisedLimitDays: 20,
        }),
      ],
      [{ name: `探针导入窗口${n}`, hours: '周一至周五 8:30-12:00', phone: '0391-6611234', location: '三楼' }],
    ),
  );
}

interface Outcome {
  submissions: number;
  stored: number;
  refused: number;
  problems: string[];
}

async function submit(
  browser: Browser,
  form: FoundForm,
  values: Values,
  files: Map<string, UploadedFile | null>,
): Promise<LightMyRequestResponse> {
  if (form.method === 'GET') {
    const query = new URLSearchParams();
    for (const [name, list] of values) for (const v of list) query.append(name, v);
    const base = form.action.split('?')[0];
    return browser.get(`${base}?${query.toString()}`);
  }
  if (!form.multipart) {
    return browser.post(form.action, Object.fromEntries(values), { csrf: false });
  }
  const { boundary, body } = multipartBody(values, files);
  return browser.app.inject({
    method: 'POST',
    url: form.action,
    remoteAddress: browser.ip,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      ...(browser.cookies.size > 0 ? { cookie: browser.cookieHeader() } : {}),
    },
    payload: body,
  });
}

/** The checks of one answer (and of the page its redirect leads to). */
async function checkAnswer(
  browser: Browser,
  response: LightMyRequestResponse,
  label: string,
  outcome: Outcome,
  routes: readonly RouteEntry[],
): Promise<void> {
  outcome.submissions++;
  const problems = outcome.problems;
  if (response.statusCode >= 500) {
    problems.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    return;
  }
  for (const h of injectedHeaders(response)) problems.push(`${label}: header injected (${h})`);
  const html = String(response.headers['content-type'] ?? '').includes('html');
  if (html) for (const m of injectedMarkup(response.body)) problems.push(`${label}: markup injected ${m}`);
  if (response.statusCode >= 400) {
    outcome.refused++;
    if (!hasChinese(response.body)) problems.push(`${label}: refused ${response.statusCode} without Chinese`);
    return;
  }
  if (response.statusCode >= 300) {
    outcome.stored++;
    const location = String(response.headers.location ?? '');
    if (location.startsWith('/') && !location.startsWith('//') && routeOf(routes, 'GET', location)) {
      const next = await browser.get(location);
      if (next.statusCode >= 500) problems.push(`${label} → ${location}: ${next.statusCode}`);
      for (const m of injectedMarkup(next.body))
        problems.push(`${label} → ${location}: markup injected ${m}`);
      for (const h of injectedHeaders(next)) problems.push(`${label} → ${location}: header injected (${h})`);
    } else if (!location.startsWith('/') || location.startsWith('//')) {
      problems.push(`${label}: redirect off the site to ${location.slice(0, 80)}`);
    }
    return;
  }
  // 200: the form again with its errors, or a page of what was done.
  if (/role="alert"/.test(response.body)) {
    outcome.refused++;
    return;
  }
  outcome.stored++;
  // A citizen's form answers with a page linking to the record's own page (the application's status
  // by its secret link): the value is shown there too.
  if (!html) return;
  for (const link of linksOf(response.body, '/').filter((l) => /^\/(apply\/status\?|complaints\/)/.test(l))) {
    const next = await browser.get(link);
    if (next.statusCode >= 500) problems.push(`${label} → ${link}: ${next.statusCode}`);
    for (const m of injectedMarkup(next.body)) problems.push(`${label} → ${link}: markup injected ${m}`);
  }
}

const SKIP_PATH = /\.(docx|xlsx|pdf|svg|csv|json|xml|txt|js|css)$|\/(files|attachments)\/|\/qr$|logout/;

/** Crawls from the starts: every page of the site a link reaches, a few per route. */
async function crawl(
  browser: Browser,
  routes: readonly RouteEntry[],
  starts: readonly string[],
  visit: (url: string, response: LightMyRequestResponse) => void,
  perRoute = 40,
): Promise<number> {
  const queue = [...starts];
  const seen = new Set<string>();
  const pathsOfRoute = new Map<string, Set<string>>();
  const variantsOfPath = new Map<string, number>();
  let pages = 0;
  while (queue.length > 0) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    const path = url.split('?')[0] as string;
    const route = routeOf(routes, 'GET', url);
    if (route === undefined || SKIP_PATH.test(path)) continue;
    const paths = pathsOfRoute.get(routeKey(route)) ?? new Set<string>();
    if (!paths.has(path) && paths.size >= perRoute) continue;
    const variants = variantsOfPath.get(path) ?? 0;
    if (variants >= 2) continue;
    paths.add(path);
    pathsOfRoute.set(routeKey(route), paths);
    variantsOfPath.set(path, variants + 1);
    const response = await browser.get(url);
    pages++;
    if (response.statusCode === 303 && typeof response.headers.location === 'string') {
      queue.push(response.headers.location);
    }
    if (response.statusCode !== 200 || !String(response.headers['content-type']).includes('html')) continue;
    visit(url, response);
    for (const link of linksOf(response.body, url)) if (!seen.has(link)) queue.push(link);
  }
  return pages;
}

async function tableCounts(f: WebFixture, engine: Engine): Promise<Map<string, number>> {
  const names =
    engine === 'sqlite'
      ? (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
            f.database.db,
          )
        ).rows.map((r) => r.name)
      : (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
            f.database.db,
          )
        ).rows.map((r) => r.name);
  const counts = new Map<string, number>();
  for (const name of names.sort()) {
    const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(
      f.database.db,
    );
    counts.set(name, Number(row.rows[0]?.n));
  }
  return counts;
}

/** Tables whose rows a form never deletes. */
const CORE_TABLES = [
  'agencies',
  'users',
  'applications',
  'application_events',
  'disclosure_items',
  'normative_documents',
  'service_items',
  'service_windows',
  'service_complaints',
  'audit_log',
];

const engines: readonly Engine[] = FULL ? ENGINES : ['sqlite'];

describe('the checks of a page', () => {
  it('find the markup a payload creates, and none where it is text', () => {
    const escaped =
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><input value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"><a href="/x">x</a>';
    assert.deepEqual(injectedMarkup(escaped), []);
    const raw = [
      '<p><script>alert(1)</script></p>',
      '<input value=""><img src=x onerror=alert(1)>">',
      '<a href=" javascript:alert(1)">x</a>',
      '<textarea></textarea><script>alert(1)</script></textarea>',
    ];
    for (const html of raw) assert.ok(injectedMarkup(html).length > 0, html);
  });

  it('find a header a payload injected', () => {
    const response = (headers: Record<string, string | string[]>) =>
      ({ headers }) as unknown as LightMyRequestResponse;
    assert.deepEqual(
      injectedHeaders(response({ location: '/office', 'set-cookie': ['gk_csrf=a; Path=/'] })),
      [],
    );
    assert.ok(injectedHeaders(response({ 'set-cookie': ['x=1'] })).length > 0);
    assert.ok(injectedHeaders(response({ location: '/a\r\nSet-Cookie: x=1' })).length > 0);
  });

  it('match a path to its route, the fixed one before a parameter', () => {
    const routes: RouteEntry[] = [
      { method: 'POST', url: '/office/agencies/:id/normative/:documentId', access: 'staff' },
      { method: 'POST', url: '/office/agencies/:id/normative/counts', access: 'staff' },
    ];
    assert.equal(routeOf(routes, 'POST', '/office/agencies/a/normative/counts?x=1')?.url, routes[1]?.url);
    assert.equal(routeOf(routes, 'POST', '/office/agencies/a/normative/b')?.url, routes[0]?.url);
    assert.equal(routeOf(routes, 'POST', '/office/agencies/a/normative/b/c'), undefined);
  });

  it('read a form as a browser sends it', () => {
    const [form] = formsOf(
      '<form method="post" action="/x?_csrf=t" enctype="multipart/form-data"><input name="a" value="1">' +
        '<input type="checkbox" name="c" value="on1"><input type="checkbox" name="c" value="on2" checked>' +
        '<select name="s"><option value="">请选择</option><option value="v" selected>V</option></select>' +
        '<textarea name="t">\n文本</textarea><input type="file" name="f"><button type="submit">提交</button></form>',
      '/page',
    );
    assert.ok(form);
    assert.equal(form.action, '/x?_csrf=t');
    assert.ok(form.multipart);
    assert.deepEqual(
      [...defaultValues(form)],
      [
        ['a', ['1']],
        ['c', ['on2']],
        ['s', ['v']],
        ['t', ['文本']],
      ],
    );
  });
});

for (const engine of engines) {
  describe(`payloads in every form field on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let routes: readonly RouteEntry[];
    let staffBrowser: Browser;
    const operator = systemActor('form-payloads');
    /** Every form found, by identity, with where to find it again. */
    /**
     * Every form found, by identity, with the pages that show it (several records in the same state:
     * when an accepted value moves one record on, the next one's page serves the remaining payloads).
     */
    const forms = new Map<string, { form: FoundForm; sources: Source[]; names: Set<string> }>();
    /** The fields that get payloads: every named one but the token and files. */
    const targetsOf = (form: FoundForm) =>
      form.fields.filter((x) => x.kind !== 'file' && x.name !== '_csrf').map((x) => x.name);

    async function settled(agencyId: string, username: string, roles: Role[]) {
      const { user, initialPassword } = await createUser(f.ctx, operator, {
        agencyId,
        username,
        displayName: '探针测试',
        roles,
      });
      const { token } = await login(f.ctx, { username, password: initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      return user;
    }

    async function signedIn(username: string, password = TEST_PASSWORD): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      const response = await browser.signIn(username, password);
      assert.equal(response.statusCode, 303, `${username} signs in`);
      return browser;
    }

    /** Records the forms of a page under the source that shows it again. */
    function collect(source: Source, url: string, response: LightMyRequestResponse) {
      for (const form of formsOf(response.body, url)) {
        const id = identity(routes, form);
        const found = forms.get(id);
        if (found === undefined) forms.set(id, { form, sources: [source], names: new Set(targetsOf(form)) });
        else {
          // The same form on another record may carry other hidden fields: each gets its payloads.
          for (const name of targetsOf(form)) found.names.add(name);
          if (found.sources.length < 8 * COPIES) found.sources.push(source);
        }
      }
    }

    /** A source that opens `url` with the shared staff browser. */
    const staffPage = (url: string): Source => ({
      name: `staff ${url}`,
      reusable: true,
      open: async () => ({ browser: staffBrowser, page: await staffBrowser.get(url), pageUrl: url }),
    });
    /** A source that opens `url` anonymously from a new address (the public forms' limits are per address). */
    const anonymousPage = (url: string): Source => ({
      name: `anonymous ${url}`,
      open: async () => {
        const browser = new Browser(f.app, nextIp());
        return { browser, page: await browser.get(url), pageUrl: url };
      },
    });

    /** Sources of the forms no link reaches: each opens a new caller in the needed state. */
    function stepSources(): Source[] {
      const chengliu = f.chengliu.id;
      return [
        {
          name: 'the sign-in form',
          open: async () => {
            const browser = new Browser(f.app, nextIp());
            return {
              browser,
              page: await browser.get('/office/login'),
              pageUrl: '/office/login',
              valid: { username: 'fz.login', password: TEST_PASSWORD },
            };
          },
        },
        {
          name: 'the second factor of a user with TOTP',
          open: async () => {
            const username = `fz.totp.${unique()}`;
            await settled(chengliu, username, ['editor']);
            const { token } = await login(f.ctx, { username, password: TEST_PASSWORD });
            const principal = await resolveSession(f.ctx, token);
            assert.ok(principal);
            const { secret } = await enrolTotp(f.ctx, principal);
            await confirmTotp(f.ctx, principal, totpCode(secret, f.clock.now));
            const browser = new Browser(f.app, nextIp());
            await browser.signIn(username);
            const page = await browser.get('/office/login/totp');
            // The next 30-second step: the one just used for the enrolment is spent.
            const code = totpCode(secret, new Date(f.clock.now.getTime() + 30_000));
            return { browser, page, pageUrl: '/office/login/totp', valid: { code } };
          },
        },
        {
          name: 'the forced change of the initial password',
          open: async () => {
            const username = `fz.pending.${unique()}`;
            const { initialPassword } = await createUser(f.ctx, operator, {
              agencyId: chengliu,
              username,
              displayName: '探针测试',
              roles: ['editor'],
            });
            const browser = new Browser(f.app, nextIp());
            await browser.signIn(username, initialPassword);
            const page = await browser.get('/office/login/password');
            const next = 'Gongkai-Probe-2026!y';
            return {
              browser,
              page,
              pageUrl: '/office/login/password',
              valid: { current: initialPassword, next, confirm: next },
            };
          },
        },
        {
          name: 'a new staff member (own account, TOTP enrolment)',
          open: async () => {
            const user = await settled(chengliu, `fz.fresh.${unique()}`, ['editor']);
            const browser = await signedIn(user.username);
            return { browser, page: await browser.get('/office/account'), pageUrl: '/office/account' };
          },
        },
        {
          name: 'the TOTP confirmation of an enrolment just started',
          open: async () => {
            const user = await settled(chengliu, `fz.fresh.${unique()}`, ['editor']);
            const browser = await signedIn(user.username);
            await browser.get('/office/account/totp');
            const page = await browser.post('/office/account/totp/start');
            const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(page.body)?.[1];
            assert.ok(secret, 'enrolment started');
            return {
              browser,
              page,
              pageUrl: '/office/account/totp',
              valid: { code: totpCode(secret, f.clock.now) },
            };
          },
        },
        {
          name: "the status page of an application waiting for the applicant's 补正",
          open: async () => {
            const submitted = await submitOnlineApplication(
              f.ctx,
              intake(chengliu, {
                applicant: applicant({
                  idNumber: residentId(`4190011996${String(unique()).padStart(7, '0')}`),
                }),
              }),
            );
            await recordApplicationEvent(f.ctx, operator, submitted.applicationId, {
              type: 'supplement_requested',
              at: TODAY,
              items: ['请写明所需信息的名称'],
              correctionDue: '2026-12-31',
            });
            const browser = new Browser(f.app, nextIp());
            const url = `/apply/status?token=${submitted.accessToken}`;
            return {
              browser,
              page: await browser.get(url),
              pageUrl: url,
              valid: { text: '所需信息为2025年预算公开表' },
            };
          },
        },
        {
          name: 'the lookup of an application by its number and code',
          open: async () => {
            const submitted = await submitOnlineApplication(
              f.ctx,
              intake(chengliu, {
                applicant: applicant({
                  idNumber: residentId(`4190011997${String(unique()).padStart(7, '0')}`),
                }),
              }),
            );
            const browser = new Browser(f.app, nextIp());
            return {
              browser,
              page: await browser.get('/apply/lookup'),
              pageUrl: '/apply/lookup',
              valid: { trackingNumber: submitted.trackingNumber, token: submitted.accessToken },
            };
          },
        },
        {
          name: '办事评价 with a fresh 评价码',
          open: async () => {
            const item = await f.database.db
              .selectFrom('service_items')
              .select('id')
              .where('agency_id', '=', chengliu)
              .where('withdrawn_at', 'is', null)
              .executeTakeFirstOrThrow();
            const { code } = await registerServiceEvent(f.ctx, operator, {
              agencyId: chengliu,
              itemId: item.id,
              channel: 'online',
              windowId: null,
            });
            const browser = new Browser(f.app, nextIp());
            const url = `/agencies/${chengliu}/services/rate`;
            return { browser, page: await browser.get(url), pageUrl: url, valid: { code } };
          },
        },
        ...(
          [
            ['normative', normativeWorkbook],
            ['services', serviceWorkbook],
          ] as const
        ).map(
          ([area, workbook]): Source => ({
            name: `the accept form of a checked ${area} import`,
            open: async () => {
              const url = `/office/agencies/${chengliu}/${area}/import`;
              const page = await staffBrowser.get(url);
              const upload = formsOf(page.body, url).find((x) => x.multipart);
              assert.ok(
                upload,
                `${url}: the upload form (${page.statusCode} ${String(page.headers.location)} ${page.body.slice(-3000)})`,
              );
              const files = new Map([
                ['file', { filename: '导入.xlsx', mediaType: XLSX, content: await workbook() }],
              ]);
              const checked = await submit(staffBrowser, upload, defaultValues(upload), files);
              assert.ok(
                formsOf(checked.body, url).some((x) => x.action.includes('/import/accept')),
                `${url}: the accept form after a valid file (${checked.statusCode} ${String(checked.headers.location)} ${checked.body.slice(0, 1000)})`,
              );
              return { browser: staffBrowser, page: checked, pageUrl: url };
            },
          }),
        ),
      ];
    }

    /** The files of the forms that upload one (the imports get a valid workbook). */
    const filesOf: FilesOf = async (form) => {
      const files = new Map<string, UploadedFile | null>();
      for (const field of form.fields) {
        if (field.kind !== 'file') continue;
        if (/\/normative\/import/.test(form.action)) {
          files.set(field.name, {
            filename: '导入.xlsx',
            mediaType: XLSX,
            content: await normativeWorkbook(),
          });
        } else if (/\/services\/import/.test(form.action)) {
          files.set(field.name, { filename: '导入.xlsx', mediaType: XLSX, content: await serviceWorkbook() });
        } else {
          files.set(field.name, null);
        }
      }
      return files;
    };

    before(async () => {
      f = await createWebFixture(engine);
      routes = listRoutes(f.app);
      const chengliu = f.chengliu.id;
      for (const role of ['editor', 'reviewer', 'approver', 'service'] as const) {
        await settled(chengliu, `fz.${role}`, [role]);
      }
      await settled(chengliu, 'fz.login', ['editor']);
      // Every role but 审计 (which an admin may not hold): every form of the office is shown to it.
      await settled(
        chengliu,
        'fz.all',
        ROLE_IDS.filter((r) => r !== 'auditor'),
      );
      // The holiday calendar is entered by an admin of a top-level agency.
      const top = await createAgency(f.ctx, operator, { parentId: null, kind: 'region', name: '探针示范区' });
      await settled(top.id, 'fz.top', ['admin']);
      await seedDemoApplications(f.ctx, operator, chengliu);
      await seedDemoItems(
        f.ctx,
        { editor: 'fz.editor', reviewer: 'fz.reviewer', approver: 'fz.approver' },
        chengliu,
      );
      await seedDemoNormative(f.ctx, 'fz.editor', chengliu);
      await seedDemoServices(f.ctx, 'fz.service', chengliu);
      // Reports in the states whose forms differ: 2024 published (revise), 2025 approved (publish).
      const approver = await offlinePrincipal(f.database.db, 'fz.approver');
      assert.ok(approver);
      // 2023 stays a draft (the approve form).
      for (const year of [2022, 2024]) {
        await approveReport(f.ctx, approver, { agencyId: chengliu, year });
        await publishReport(f.ctx, approver, { agencyId: chengliu, year });
      }
      await approveReport(f.ctx, approver, { agencyId: chengliu, year: 2025 });
      // Applications being handled, each showing every event form: one per accepted value.
      const handled: string[] = [];
      for (let i = 0; i < 8 * COPIES; i++) {
        const submitted = await submitOnlineApplication(
          f.ctx,
          intake(chengliu, {
            applicant: applicant({ idNumber: residentId(`4190011998${String(unique()).padStart(7, '0')}`) }),
          }),
        );
        handled.push(submitted.applicationId);
      }
      // More 效能投诉 waiting for an answer than the demo's.
      for (let i = 0; i < 3 * COPIES; i++) {
        await fileOnlineComplaint(f.ctx, {
          agencyId: chengliu,
          windowId: null,
          itemId: null,
          content: `探针投诉${i}：窗口工作人员离岗无人办理`,
          complainantName: '探针',
          complainantPhone: '13812345678',
        });
      }
      // An open 复议 on an answered application, for the result form.
      const answered = await f.database.db
        .selectFrom('applications')
        .select(['id', 'received_on'])
        .where('agency_id', '=', chengliu)
        .where('phase', 'in', ['replied', 'archived'])
        .orderBy('received_on')
        .executeTakeFirstOrThrow();
      await recordAppeal(f.ctx, operator, {
        applicationId: answered.id,
        kind: 'reconsideration',
        caseNumber: '探针复〔2026〕1号',
        filedOn: TODAY,
        notes: null,
      });
      // 主动公开 in the states the demo has none of: reviewed (approve), approved (publish), and in
      // review with a 身份证号 found (redact, on the review page).
      const as = async (username: string) => {
        const principal = await offlinePrincipal(f.database.db, username);
        assert.ok(principal);
        return principal;
      };
      const [editor, reviewer] = [await as('fz.editor'), await as('fz.reviewer')];
      const itemIds: string[] = [];
      // Five of each (twenty in the full run), so that when an accepted value moves one on, the next
      // serves the other payloads.
      const states = ['待审批', '待发布', '含个人信息'] as const;
      for (const [index, title] of Array.from({ length: 5 * COPIES }, () => states)
        .flat()
        .entries()) {
        const extra =
          title === '含个人信息'
            ? `<p>联系人身份证号${residentId(`4190011990010${String(1120 + index)}`)}</p>`
            : '';
        const { itemId } = await createDraft(f.ctx, editor, {
          agencyId: chengliu,
          content: itemContent({
            title: `探针${title}公告`,
            documentNumber: '',
            bodyHtml: `<p>正文</p>${extra}`,
          }),
        });
        await submitForReview(f.ctx, editor, itemId);
        if (title !== '含个人信息') await signReview(f.ctx, reviewer, itemId, { checklist: CHECKLIST_IDS });
        if (title === '待发布') await approve(f.ctx, approver, itemId);
        itemIds.push(itemId);
      }
      staffBrowser = await signedIn('fz.all');
      const topBrowser = await signedIn('fz.top');

      const office = `/office/agencies/${chengliu}`;
      await crawl(
        staffBrowser,
        routes,
        [
          '/office',
          `${office}/letter-templates`,
          `${office}/applications/${answered.id}`,
          ...handled.map((id) => `${office}/applications/${id}`),
          ...itemIds.flatMap((id) => [`${office}/items/${id}`, `${office}/items/${id}/review`]),
        ],
        (url, r) => collect(staffPage(url), url, r),
        40 * COPIES,
      );
      await crawl(topBrowser, routes, ['/office/calendar/new'], (url, r) =>
        collect(
          {
            name: `top admin ${url}`,
            reusable: true,
            open: async () => ({ browser: topBrowser, page: await topBrowser.get(url), pageUrl: url }),
          },
          url,
          r,
        ),
      );
      await crawl(
        new Browser(f.app, nextIp()),
        routes,
        ['/', `/agencies/${chengliu}`],
        (url, r) => collect(anonymousPage(url), url, r),
        5,
      );
      for (const source of stepSources()) {
        const opened = await source.open();
        assert.ok(opened.page.statusCode < 500, `${source.name}: ${opened.page.statusCode}`);
        // A step's page gives its forms a caller of their own: the crawl's staff user must not be
        // the one whose password change is refused a hundred times (its sessions would end).
        for (const form of formsOf(opened.page.body, opened.pageUrl))
          forms.set(identity(routes, form), { form, sources: [source], names: new Set(targetsOf(form)) });
      }
    });

    after(async () => {
      await f?.close();
    });

    it('finds a form for every POST route (or the route is a listed exception)', () => {
      const found = new Set<string>();
      for (const { form } of forms.values()) {
        const route = routeOf(routes, form.method, form.action);
        assert.ok(route, `a form posts to ${form.method} ${form.action}, which no route answers`);
        found.add(routeKey(route));
      }
      const missing = routes
        .filter((r) => !['GET', 'HEAD'].includes(r.method))
        .map(routeKey)
        .filter((key) => !found.has(key) && NO_FORM[key] === undefined);
      assert.deepEqual(missing, [], 'routes whose form no page shows');
      for (const key of Object.keys(NO_FORM))
        assert.ok(!found.has(key), `${key} has a form now: drop the exception`);
    });

    it('answers every payload in every field without a 5xx, refused in Chinese or stored and shown as text', async () => {
      const before = await tableCounts(f, engine);
      const outcome: Outcome = { submissions: 0, stored: 0, refused: 0, problems: [] };
      let fields = 0;
      let formCount = 0;
      const summary: string[] = [];
      /** Forms whose record an accepted value moved on, and the submissions left out for it. */
      const movedOn: string[] = [];
      let leftOut = 0;
      // In the order found (logout has no field but its token, so it is never sent).
      const ordered = [...forms.entries()];
      for (const [id, { form, sources, names }] of ordered) {
        const pages = [...sources];
        let source = pages.shift() as Source;
        const route = routeOf(routes, form.method, form.action) as RouteEntry;
        const key = routeKey(route);
        const targets = [...names];
        formCount++;
        let gone = false;
        const [storedBefore, refusedBefore] = [outcome.stored, outcome.refused];
        let opened: Opened | undefined;
        if (process.env.GONGKAI_FORM_PAYLOADS_DEBUG === '1') {
          // The valid form as it is: does it pass? (The payloads' stored/refused counts depend on it.)
          const page = await source.open();
          const again = formsOf(page.page.body, page.pageUrl).find((x) => identity(routes, x) === id);
          if (again !== undefined) {
            const values = baseValues(again, { ...validValues(key), ...(page.valid ?? {}) });
            const response = await submit(page.browser, again, values, await filesOf(again));
            const alert = /role="alert">([\s\S]*?)<\/div>/.exec(response.body)?.[1]?.replace(/<[^>]+>/g, ' ');
            console.log(`BASELINE ${id}: ${response.statusCode} ${alert ?? ''}`.slice(0, 400));
          }
        }
        for (const [index, name] of targets.entries()) {
          fields++;
          const kind = form.fields.find((x) => x.name === name)?.kind ?? 'text';
          for (const payload of payloadsFor(index, isUrlField(name, kind))) {
            if (gone) {
              leftOut++;
              continue;
            }
            opened ??= await source.open();
            let again = formsOf(opened.page.body, opened.pageUrl).find((x) => identity(routes, x) === id);
            // An accepted value moved the record on (an item submitted, a report published) and its
            // form is gone, which is the state machine's doing: the next record in that state serves.
            while (again === undefined && pages.length > 0) {
              source = pages.shift() as Source;
              opened = await source.open();
              again = formsOf(opened.page.body, opened.pageUrl).find((x) => identity(routes, x) === id);
            }
            if (again === undefined) {
              gone = true;
              leftOut++;
              movedOn.push(id.split(' [')[0] as string);
              continue;
            }
            const values = baseValues(again, { ...validValues(key), ...(opened.valid ?? {}) });
            values.set(name, [payload.value]);
            const response = await submit(opened.browser, again, values, await filesOf(again));
            await checkAnswer(opened.browser, response, `${key} ${name}=${payload.name}`, outcome, routes);
            // The portal's search gives its normal page for any query; only a query of 100 kB meets
            // the parameters' length limit (400, in Chinese: checked above).
            const tooLong = payload.name === 'big' && response.statusCode === 400;
            if (key === 'GET /agencies/:id/search' && response.statusCode !== 200 && !tooLong) {
              outcome.problems.push(`${key} ${name}=${payload.name}: search answered ${response.statusCode}`);
            }
            // A refusal changed nothing: a staff page serves the next payload as it is.
            if (!(source.reusable === true && response.statusCode >= 400)) opened = undefined;
          }
        }
        summary.push(
          `${id}: ${outcome.stored - storedBefore} stored, ${outcome.refused - refusedBefore} refused`,
        );
      }
      console.log(
        `${engine}: ${formCount} forms, ${fields} fields, ${outcome.submissions} submissions ` +
          `(${outcome.stored} stored, ${outcome.refused} refused)${FULL ? ', every payload' : ''}; ` +
          `${leftOut} left out as ${movedOn.length} forms' records moved on: ${movedOn.join('; ')}`,
      );
      if (process.env.GONGKAI_FORM_PAYLOADS_DEBUG === '1') console.log(summary.join('\n'));
      // The database is whole: every table still there, no core table lost a row, the chain verifies.
      const afterCounts = await tableCounts(f, engine);
      assert.deepEqual([...afterCounts.keys()], [...before.keys()], 'the same tables');
      for (const table of CORE_TABLES) {
        assert.ok(before.has(table), `table ${table} exists`);
        assert.ok((afterCounts.get(table) ?? 0) >= (before.get(table) ?? 0), `${table} lost rows`);
      }
      const audit = await verifyAuditLog(f.database.db);
      assert.deepEqual(audit.problems, [], 'the audit chain verifies');
      assert.deepEqual(outcome.problems, []);
      assert.ok(outcome.submissions > 0);
    });

    it('shows no injected markup anywhere on the site afterwards (office, portal, feeds, sitemap)', async () => {
      const problems: string[] = [];
      const check = (url: string, response: LightMyRequestResponse) => {
        for (const m of injectedMarkup(response.body)) problems.push(`${url}: ${m}`);
      };
      const chengliu = f.chengliu.id;
      const office = await crawl(staffBrowser, routes, ['/office'], check, 25);
      const portal = await crawl(
        new Browser(f.app, nextIp()),
        routes,
        ['/', `/agencies/${chengliu}`],
        check,
        25,
      );
      const anonymous = new Browser(f.app, nextIp());
      for (const url of [`/agencies/${chengliu}/atom.xml`, '/sitemap.xml', `/agencies/${chengliu}/rss.xml`]) {
        const response = await anonymous.get(url);
        if (routeOf(routes, 'GET', url) === undefined) continue;
        assert.ok(response.statusCode < 500, url);
        check(url, response);
      }
      assert.ok(office > 50 && portal > 20, `pages crawled: office ${office}, portal ${portal}`);
      assert.deepEqual(problems, []);
    });
  });
}
