// The authorization matrix: every route of the app (listRoutes), asked by every kind of caller.
// A route whose access rule or path parameter the matrix does not know fails the first test, so
// that no route can be added without being covered here. For each route:
//   anonymous                  → public routes answer; others 401 (API) or a redirect to login
//   still to change a password → only the sign-in steps (session routes); others to that step
//   signed-in staff            → staff and session routes answer
//   staff of another agency    → 404 on agency routes, exactly as for an agency that does not exist
//   holder of the route's role → agency routes answer (on the town, and through a region's subtree)
//   staff lacking that role    → 403 (it sees the agency, so hiding it would be pointless)
//   a user id that is not of the agency in the path (guessed or real) → 404, and nothing written
//   an application (its letter, its file) not of the agency in the path, guessed or real → 404,
//   and nothing written
//   a published item (its attachment) not of the agency in the path, guessed or real → 404
//   a normative document not of the agency in the path, guessed or real → 404, and nothing written
//   a service window or item (政务服务) not of the agency in the path, guessed or real → 404 on the portal
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import {
  changePassword,
  createUser,
  grantRole,
  isRole,
  login,
  ROLE_IDS,
  type Role,
  resolveSession,
  systemActor,
  totpCode,
} from '../../src/agencies/index.ts';
import { approveReport, publishReport } from '../../src/annual-reports/index.ts';
import { listRoutes } from '../../src/app.ts';
import {
  recordApplicationEvent,
  registerApplication,
  submitOnlineApplication,
} from '../../src/applications/index.ts';
import {
  applicant,
  request as applicationRequest,
  intake,
  residentId,
  TINY_PDF,
} from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  getPublishedItem,
  publish,
  signReview,
  submitForReview,
} from '../../src/disclosures/index.ts';
import { content as itemContent, staff } from '../../src/disclosures/testing.ts';
import { createDocument } from '../../src/normative/index.ts';
import { DEFAULT_CHROMIUM } from '../../src/reports/render/to-pdf.ts';
import {
  createItem as createServiceItem,
  createWindow as createServiceWindow,
  exportServiceItems,
  fileOnlineComplaint,
  registerServiceEvent,
} from '../../src/services/index.ts';
import { sampleItem as sampleServiceItem } from '../../src/services/testing.ts';
import type { RouteEntry } from '../../src/web/routes.ts';
import { Browser, createWebFixture, TEST_PASSWORD, type WebFixture } from '../../src/web/testing.ts';

type Rule =
  | { kind: 'public' | 'session' | 'staff' }
  | { kind: 'agency'; param: string; roles: readonly Role[] | undefined };

/** The rule of a route as the matrix understands it; anything else is a new kind of rule. */
function ruleOf(route: RouteEntry): Rule {
  const access: unknown = route.access;
  if (access === 'public' || access === 'session' || access === 'staff') return { kind: access };
  if (typeof access === 'object' && access !== null) {
    const { agencyParam, roles, ...rest } = access as Record<string, unknown>;
    const rolesKnown = roles === undefined || (Array.isArray(roles) && roles.every((r) => isRole(r)));
    if (typeof agencyParam === 'string' && rolesKnown && Object.keys(rest).length === 0) {
      return { kind: 'agency', param: agencyParam, roles: roles as readonly Role[] | undefined };
    }
  }
  throw new Error(
    `${route.method} ${route.url}: access rule ${JSON.stringify(access)} is unknown to the authorization matrix`,
  );
}

/** What a path parameter names. */
type Named =
  | 'agency'
  | 'user'
  | 'application'
  | 'letter'
  | 'file'
  | 'item'
  | 'attachment'
  | 'document'
  | 'year'
  | 'window'
  | 'serviceItem'
  | 'complaint'
  | 'complaintToken';

/** The path parameters the matrix can fill: what each one names. */
const PARAMS: Readonly<Record<string, Named>> = {
  id: 'agency',
  userId: 'user',
  applicationId: 'application',
  letterId: 'letter',
  fileId: 'file',
  itemId: 'item',
  attachmentId: 'attachment',
  documentId: 'document',
  // The year of an annual report: each town's 2025 report is published in the fixture.
  year: 'year',
  // 政务服务: a window of the 便民服务大厅 and a service item (not a published item, hence not :itemId).
  windowId: 'window',
  serviceItemId: 'serviceItem',
  // A 效能投诉 in the back office, and the secret of its complainant's link on the portal.
  complaintId: 'complaint',
  token: 'complaintToken',
};

/**
 * The records a path names: an agency, and a user, an application, its letter and its file, a
 * published item and its attachment.
 */
type Target = { agency: string } & Partial<Record<Exclude<Named, 'agency'>, string>>;

function paramsOf(route: RouteEntry): string[] {
  if (route.url.includes('*')) throw new Error(`${route.method} ${route.url}: wildcard routes are unknown`);
  const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  const rule = ruleOf(route);
  for (const name of names) {
    const known = rule.kind === 'agency' && name === rule.param ? 'agency' : PARAMS[name];
    if (known === undefined) {
      throw new Error(
        `${route.method} ${route.url}: path parameter :${name} is unknown to the authorization matrix`,
      );
    }
  }
  return names;
}

/** The route's path with the agency, user, application, letter and file put in. */
function pathOf(route: RouteEntry, target: Target): string {
  const rule = ruleOf(route);
  return route.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const kind = rule.kind === 'agency' && name === rule.param ? 'agency' : PARAMS[name];
    const value = kind === undefined ? undefined : target[kind];
    if (value === undefined) throw new Error(`no value for :${name} in ${route.url}`);
    return encodeURIComponent(value);
  });
}

const key = (route: RouteEntry) => `${route.method} ${route.url}`;
const isApi = (url: string) => url === '/api' || url.startsWith('/api/');
const isRead = (method: string) => method === 'GET' || method === 'HEAD';
/** The same key for HEAD as for its GET. */
const getKey = (route: RouteEntry) => `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
/** An error page without its request id. */
const withoutIds = (body: string) => body.replace(/[0-9a-f]{16}/g, '');

type Form = Record<string, string | readonly string[]>;

/**
 * What a caller who may use the route sends, and the exact answer it gets. A route missing here
 * is still probed, with an empty form: a read must then answer 2xx/3xx, and a write must at least
 * pass the access check (an answer below 500 that is not 401, 403 or 404).
 */
interface Allowed {
  status: number;
  form?: () => Form;
  /** Run with the caller's browser first; gives the form. */
  prepare?: (browser: Browser, f: WebFixture) => Promise<Form>;
}

let counter = 0;
const unique = () => ++counter;

const ALLOWED: Readonly<Record<string, Allowed>> = {
  'GET /': { status: 200 },
  'GET /agencies/:id': { status: 200 },
  'GET /healthz': { status: 200 },
  'GET /api/v1/agencies': { status: 200 },
  'GET /api/v1/agencies/:id': { status: 200 },
  'GET /api/v1/openapi.json': { status: 200 },
  'GET /api/v1/me': { status: 200 },
  'GET /office/login': { status: 200 },
  'POST /office/login': { status: 303, form: () => ({ username: 'sili.clerk', password: TEST_PASSWORD }) },
  'GET /office': { status: 200 },
  'GET /office/agencies': { status: 200 },
  'GET /office/account': { status: 200 },
  // The form's own checks answer before anything changes.
  'POST /office/account/password': { status: 400, form: () => ({ current: 'a', next: 'b', confirm: 'c' }) },
  'POST /office/login/password': { status: 400, form: () => ({ current: 'a', next: 'b', confirm: 'c' }) },
  'POST /office/logout': { status: 303 },
  'GET /office/account/totp': { status: 200 },
  'POST /office/account/totp/start': { status: 200 },
  'POST /office/account/totp/confirm': {
    status: 303,
    prepare: async (browser, f) => {
      const started = await browser.post('/office/account/totp/start');
      const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(started.body)?.[1];
      assert.ok(secret, 'enrolment started');
      return { code: totpCode(secret, f.clock.now) };
    },
  },
  'GET /office/agencies/:id/children/new': { status: 200 },
  'POST /office/agencies/:id/children': {
    status: 303,
    form: () => ({ kind: 'village', name: `探针村${unique()}` }),
  },
  'GET /office/agencies/:id/users': { status: 200 },
  'POST /office/agencies/:id/users': {
    status: 201,
    form: () => ({ username: `probe.${unique()}`, displayName: '探针', roles: 'editor' }),
  },
  'POST /office/agencies/:id/users/:userId/password-reset': { status: 200 },
  'POST /office/agencies/:id/users/:userId/disabled': { status: 303, form: () => ({ disabled: '0' }) },
  'GET /office/agencies/:id/settings': { status: 200 },
  // An empty 机构设置 form (no name) is refused by the form's own checks, before anything changes.
  'POST /office/agencies/:id/settings': { status: 400 },
  'GET /office/applications': { status: 200 },
  'GET /office/agencies/:id/applications': { status: 200 },
  'GET /office/agencies/:id/applications/new': { status: 200 },
  'GET /office/agencies/:id/applications/:applicationId': { status: 200 },
  'GET /office/agencies/:id/applications/:applicationId/letters/:letterId.docx': { status: 200 },
  'GET /office/agencies/:id/applications/:applicationId/files/:fileId': { status: 200 },
  // An empty form is refused by the form's own checks, after the access check and before any write.
  'POST /office/agencies/:id/applications': { status: 400 },
  'POST /office/agencies/:id/applications/:applicationId/events': { status: 400 },
  'POST /office/agencies/:id/applications/:applicationId/assignment': { status: 400 },
  'POST /office/agencies/:id/applications/:applicationId/appeals': { status: 400 },
  'POST /office/agencies/:id/applications/:applicationId/appeals/result': { status: 400 },
  // The register of 规章 and 行政规范性文件: an empty form is refused by the form's own checks.
  'GET /office/agencies/:id/normative': { status: 200 },
  'GET /office/agencies/:id/normative/new': { status: 200 },
  'GET /office/agencies/:id/normative/:documentId': { status: 200 },
  'GET /office/agencies/:id/normative/counts': { status: 200 },
  'GET /office/agencies/:id/normative/import': { status: 200 },
  'GET /office/agencies/:id/normative/import/template.xlsx': { status: 200 },
  'GET /office/agencies/:id/normative/table': { status: 200 },
  'POST /office/agencies/:id/normative': { status: 400 },
  'POST /office/agencies/:id/normative/:documentId': { status: 400 },
  'POST /office/agencies/:id/normative/:documentId/status': { status: 400 },
  'POST /office/agencies/:id/normative/counts': { status: 400 },
  'POST /office/agencies/:id/normative/import': { status: 400 },
  'POST /office/agencies/:id/normative/import/accept': { status: 400 },
  'GET /agencies/:id/normative': { status: 200 },
  // 政务服务 in the back office: the catalogue, items, windows, import; an empty form is refused by the
  // form's own checks (an empty upload is no multipart body) before any use case writes.
  'GET /office/agencies/:id/services': { status: 200 },
  'GET /office/agencies/:id/services/items/new': { status: 200 },
  'GET /office/agencies/:id/services/items/:serviceItemId': { status: 200 },
  'GET /office/agencies/:id/services/windows': { status: 200 },
  'GET /office/agencies/:id/services/windows/new': { status: 200 },
  'GET /office/agencies/:id/services/windows/:windowId': { status: 200 },
  'GET /office/agencies/:id/services/import': { status: 200 },
  'GET /office/agencies/:id/services/template.xlsx': { status: 200 },
  'GET /office/agencies/:id/services/export.xlsx': { status: 200 },
  'POST /office/agencies/:id/services/items': { status: 400 },
  'POST /office/agencies/:id/services/items/:serviceItemId': { status: 400 },
  'POST /office/agencies/:id/services/items/:serviceItemId/withdrawal': { status: 400 },
  'POST /office/agencies/:id/services/windows': { status: 400 },
  'POST /office/agencies/:id/services/windows/:windowId': { status: 400 },
  'POST /office/agencies/:id/services/windows/:windowId/closed': { status: 400 },
  'POST /office/agencies/:id/services/import': { status: 400 },
  'POST /office/agencies/:id/services/import/accept': { status: 400 },
  // 政务服务 on the portal: the listing, an item, a window, their printable QR codes and the .svg files.
  'GET /agencies/:id/services': { status: 200 },
  'GET /agencies/:id/services/items/:serviceItemId': { status: 200 },
  'GET /agencies/:id/services/items/:serviceItemId/qr': { status: 200 },
  'GET /agencies/:id/services/items/:serviceItemId/qr.svg': { status: 200 },
  'GET /agencies/:id/services/windows/:windowId': { status: 200 },
  'GET /agencies/:id/services/windows/:windowId/qr': { status: 200 },
  'GET /agencies/:id/services/windows/:windowId/qr.svg': { status: 200 },
  // 办事评价 and 效能投诉 on the portal: a real 办件's code and a complete complaint are accepted.
  'GET /agencies/:id/services/rate': { status: 200 },
  'POST /agencies/:id/services/rate': {
    status: 200,
    prepare: async (browser, f) => {
      const item = await f.database.db
        .selectFrom('service_items')
        .select('id')
        .where('agency_id', '=', f.sili.id)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirstOrThrow();
      const { code } = await registerServiceEvent(f.ctx, systemActor('matrix'), {
        agencyId: f.sili.id,
        itemId: item.id,
        channel: 'online',
        windowId: null,
      });
      await browser.get(`/agencies/${f.sili.id}/services/rate`);
      return { code, level: 'satisfied', reason: '' };
    },
  },
  'GET /agencies/:id/services/complaints/new': { status: 200 },
  'POST /agencies/:id/services/complaints/new': {
    status: 200,
    prepare: async (browser, f) => {
      await browser.get(`/agencies/${f.sili.id}/services/complaints/new`);
      return complaintForm();
    },
  },
  'GET /complaints/:token': { status: 200 },
  // 办件登记 and 效能投诉 in the back office: an empty form is refused by the form's own checks.
  'GET /office/agencies/:id/service-events': { status: 200 },
  'POST /office/agencies/:id/service-events': { status: 400 },
  'GET /office/agencies/:id/complaints': { status: 200 },
  'GET /office/agencies/:id/complaints/new': { status: 200 },
  'POST /office/agencies/:id/complaints': { status: 400 },
  'GET /office/agencies/:id/complaints/:complaintId': { status: 200 },
  'POST /office/agencies/:id/complaints/:complaintId/assignment': { status: 400 },
  'POST /office/agencies/:id/complaints/:complaintId/answer': { status: 400 },
  // The supervisor's dashboard of annual reports and its Excel export (last year by default).
  'GET /office/agencies/:id/supervision': { status: 200 },
  'GET /office/agencies/:id/supervision/export.xlsx': { status: 200 },
  // Publications elsewhere (微信公众号 …): the year's registrations; a removal naming none is refused
  // by the route's own check (the record's agency is checked by test/web/external-publications.test.ts).
  'GET /office/agencies/:id/items/channels': { status: 200 },
  'POST /office/agencies/:id/items/channels/remove': { status: 400 },
  // The citizen's side of 依申请公开.
  'GET /agencies/:id/apply': { status: 200 },
  // 主动公开 on the portal.
  'GET /agencies/:id/items': { status: 200 },
  'GET /agencies/:id/items/:itemId': { status: 200 },
  'GET /agencies/:id/items/:itemId/attachments/:attachmentId': { status: 200 },
  'GET /agencies/:id/search': { status: 200 },
  // The standard columns, and the 大字版 switch (a cookie, then back: 303).
  'GET /agencies/:id/guide': { status: 200 },
  'GET /agencies/:id/rules': { status: 200 },
  'GET /agencies/:id/statutory': { status: 200 },
  'GET /agencies/:id/annual-reports': { status: 200 },
  'GET /preferences/text-size': { status: 303 },
  // The annual report: the fixture's published 2025 reports; an empty step form is refused by the
  // route's own check (no event count) before any use case runs.
  'GET /office/agencies/:id/reports': { status: 200 },
  'GET /office/agencies/:id/reports/import': { status: 200 },
  'POST /office/agencies/:id/reports/import': { status: 400 },
  'GET /office/agencies/:id/reports/:year': { status: 200 },
  'POST /office/agencies/:id/reports/:year/draft': { status: 400 },
  'POST /office/agencies/:id/reports/:year/approve': { status: 400 },
  'POST /office/agencies/:id/reports/:year/revise': { status: 400 },
  'POST /office/agencies/:id/reports/:year/publish': { status: 400 },
  'GET /agencies/:id/annual-reports/:year': { status: 200 },
  'GET /agencies/:id/annual-reports/:year/report.docx': { status: 200 },
  'GET /agencies/:id/annual-reports/:year/report.xlsx': { status: 200 },
  // Printed by chromium: without it (a machine without the browser tests) the Chinese 503 page.
  'GET /agencies/:id/annual-reports/:year/report.pdf': { status: existsSync(DEFAULT_CHROMIUM) ? 200 : 503 },
  'POST /agencies/:id/apply': {
    status: 200,
    prepare: async (browser, f) => {
      await csrfOfMultipartForm(browser, `/agencies/${f.sili.id}/apply`);
      return applyForm();
    },
  },
  // Without a token the status page and a letter send the visitor to the lookup form.
  'GET /apply/status': { status: 303 },
  'GET /apply/letter.docx': { status: 303 },
  'GET /apply/lookup': { status: 200 },
  'POST /apply/lookup': {
    status: 200,
    prepare: async (browser, f) => {
      const submitted = await submitOnlineApplication(
        f.ctx,
        intake(f.sili.id, { applicant: uniqueApplicant() }),
      );
      await browser.get('/apply/lookup');
      return { trackingNumber: submitted.trackingNumber, token: submitted.accessToken };
    },
  },
  'POST /apply/status/supplement': {
    status: 200,
    prepare: async (browser, f) => {
      const submitted = await submitOnlineApplication(
        f.ctx,
        intake(f.sili.id, { applicant: uniqueApplicant() }),
      );
      await recordApplicationEvent(f.ctx, systemActor('matrix'), submitted.applicationId, {
        type: 'supplement_requested',
        at: f.clock.now.toISOString().slice(0, 10),
        items: ['请写明所需信息的名称'],
        correctionDue: '2026-12-31',
      });
      await csrfOfMultipartForm(browser, `/apply/status?token=${submitted.accessToken}`);
      return { token: submitted.accessToken, text: '所需信息为2025年预算公开表' };
    },
  },
};

/** Multipart forms carry their CSRF token in the action's query string: the probe sends it in the body. */
async function csrfOfMultipartForm(browser: Browser, url: string): Promise<void> {
  const page = await browser.get(url);
  const token = /\?_csrf=([^"&]+)"/.exec(page.body)?.[1];
  assert.ok(token, `a CSRF token in the form of ${url}`);
  browser.lastCsrf = decodeURIComponent(token);
}

function uniqueApplicant() {
  return applicant({ idNumber: residentId(`4190011995${String(unique()).padStart(7, '0')}`) });
}

function applyForm(): Form {
  const { email, address, organisationCode: _, ...a } = uniqueApplicant();
  return {
    ...a,
    email: email ?? '',
    address: address ?? '',
    description: '探针申请：2025年预算公开表',
    documentNumber: '',
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
  };
}

/** Bodies that would do harm if a refused request got through (see the IDOR test). */
const HARMFUL: Readonly<Record<string, Form>> = {
  'POST /office/agencies/:id/users/:userId/password-reset': { resetTotp: '1' },
  'POST /office/agencies/:id/users/:userId/disabled': { disabled: '1' },
  // A complete 机构设置 form: renamed, a new 文号 prefix, second factor forced.
  'POST /office/agencies/:id/settings': { name: '探针改名镇', letterPrefix: '探针', enforceTotp: '1' },
  // A whole application, as the clerk's form would register it.
  'POST /office/agencies/:id/applications': {
    channel: 'letter',
    receivedOn: '2026-03-02',
    ...(({ email, address, organisationCode, ...a }) => ({
      ...a,
      email: email ?? '',
      address: address ?? '',
    }))(applicant()),
    description: '探针申请',
    deliveryForm: 'paper',
    deliveryChannel: 'post',
  },
  // The fixture's applications wait for a 补正 after 2 events: a withdrawal would close them.
  'POST /office/agencies/:id/applications/:applicationId/events': {
    type: 'withdrawn',
    expectedEventCount: '2',
    at: '2026-03-02',
  },
  'POST /office/agencies/:id/applications/:applicationId/assignment': { assignee: '' },
  'POST /office/agencies/:id/applications/:applicationId/appeals': {
    kind: 'reconsideration',
    caseNumber: '探针',
    filedOn: '2026-03-02',
  },
  'POST /office/agencies/:id/applications/:applicationId/appeals/result': {
    result: '维持',
    closedOn: '2026-03-02',
  },
  // A whole document, its 废止, the year's figures and an accepted import, as the forms send them.
  'POST /office/agencies/:id/normative': normativeForm('探针〔2026〕1号'),
  'POST /office/agencies/:id/normative/:documentId': { ...normativeForm('探针〔2026〕2号'), revision: '1' },
  'POST /office/agencies/:id/normative/:documentId/status': {
    status: 'repealed',
    statusOn: '2026-03-01',
    revision: '1',
  },
  'POST /office/agencies/:id/normative/counts': {
    year: '2025',
    licensing: '9',
    penalty: '9',
    enforcement: '9',
    fees: '9',
  },
  // A whole item, window, withdrawal, closing and accepted import, as the forms send them.
  'POST /office/agencies/:id/services/items': serviceItemForm('探针事项一'),
  'POST /office/agencies/:id/services/items/:serviceItemId': {
    ...serviceItemForm('探针事项二'),
    version: '1',
  },
  'POST /office/agencies/:id/services/items/:serviceItemId/withdrawal': { withdrawn: '1' },
  'POST /office/agencies/:id/services/windows': serviceWindowForm('探针窗口一'),
  'POST /office/agencies/:id/services/windows/:windowId': serviceWindowForm('探针窗口二'),
  'POST /office/agencies/:id/services/windows/:windowId/closed': { closed: '1' },
  // A 办件 of a real item, a whole hotline complaint, an assignment and an answer.
  get 'POST /office/agencies/:id/service-events'() {
    return { item: probeServiceItem, channel: 'online', window: '' };
  },
  'POST /office/agencies/:id/complaints': complaintForm(),
  'POST /office/agencies/:id/complaints/:complaintId/assignment': { assignee: 'm.sili.service' },
  'POST /office/agencies/:id/complaints/:complaintId/answer': { answer: '探针答复' },
  'POST /office/agencies/:id/services/import/accept': {
    // The uploaded file carried back by the accept form, with the number of valid rows shown.
    file: Buffer.from(
      await exportServiceItems(
        [sampleServiceItem({ name: '探针事项三', window: '矩阵测试窗口' })],
        [{ name: '探针窗口三', hours: '周一至周五 8:30-12:00', phone: '0391-6611234', location: '三楼' }],
      ),
    ).toString('base64'),
    count: '2',
  },
  'POST /office/agencies/:id/normative/import/accept': {
    rows: JSON.stringify({
      documents: [{ ...normativeForm('探针〔2026〕3号'), validUntil: null, statusOn: null }],
      counts: [{ year: 2025, licensing: 9, penalty: 9, enforcement: 9, feesYuan: 9 }],
    }),
  },
};

function complaintForm() {
  return {
    window: '',
    item: '',
    content: '探针投诉：窗口工作人员离岗无人办理',
    complainantName: '探针',
    complainantPhone: '13812345678',
  };
}

/** The 思礼镇 service item the harmful 办件 form names (set once the fixture has it). */
let probeServiceItem = '';

function serviceItemForm(name: string): Record<string, string> {
  const item = sampleServiceItem({ name, window: '矩阵测试窗口' });
  return {
    name,
    type: item.type,
    level: item.level,
    basis: item.basis,
    conditions: item.conditions,
    materials: item.materials.join('\n'),
    procedure: item.procedure,
    legalLimitDays: String(item.legalLimitDays),
    promisedLimitDays: String(item.promisedLimitDays),
    fee: '',
    window: item.window,
    phone: item.phone,
    onlineUrl: item.onlineUrl,
  };
}

function serviceWindowForm(name: string): Record<string, string> {
  return { name, hours: '周一至周五 8:30-12:00', phone: '0391-6611234', location: '二楼', position: '' };
}

function normativeForm(documentNumber: string): Record<string, string> {
  return {
    kind: 'normative',
    title: '探针文件',
    documentNumber,
    issuedOn: '2026-01-05',
    effectiveOn: '2026-01-05',
    validUntil: '',
    status: 'valid',
    statusOn: '',
    itemId: '',
  };
}

/** Passed the access check: whatever the answer, it is not a refusal and not a crash. */
function assertPassedAccess(response: LightMyRequestResponse, label: string): void {
  assert.ok(
    response.statusCode < 500 && ![401, 403, 404].includes(response.statusCode),
    `${label}: ${response.statusCode} ${response.body.slice(0, 200)}`,
  );
}

let ipCounter = 0;
/** A client address per browser, so that the login rate limit of one probe does not touch another. */
const nextIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

for (const engine of ENGINES) {
  describe(`authorization matrix on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let routes: readonly RouteEntry[];
    const operator = systemActor('authorization-matrix');
    /** A user per town that the :userId routes aim at when the caller may. */
    const victims = {} as Record<'sili' | 'chengliu', { id: string; username: string }>;
    /** An application per town with a letter and a file, that the :applicationId routes aim at. */
    const records = {} as Record<'sili' | 'chengliu', Required<Omit<Target, 'agency' | 'user'>>>;
    /** The path of a town's own records. */
    const townTarget = (town: 'sili' | 'chengliu'): Target => ({
      agency: f[town].id,
      user: victims[town].id,
      ...records[town],
    });

    async function seed(agencyId: string, username: string, roles: Role[], settle = true) {
      const { user, initialPassword } = await createUser(f.ctx, operator, {
        agencyId,
        username,
        displayName: '矩阵测试',
        roles,
      });
      if (settle) {
        const { token } = await login(f.ctx, { username, password: initialPassword });
        const principal = await resolveSession(f.ctx, token);
        assert.ok(principal);
        await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      }
      return { id: user.id, username, initialPassword };
    }

    before(async () => {
      f = await createWebFixture(engine);
      routes = listRoutes(f.app);
      victims.sili = await seed(f.sili.id, 'sili.victim', ['editor']);
      victims.chengliu = await seed(f.chengliu.id, 'chengliu.victim', ['editor']);
      for (const town of ['sili', 'chengliu'] as const) {
        const registered = await registerApplication(f.ctx, operator, {
          agencyId: f[town].id,
          channel: 'letter',
          receivedOn: '2026-03-02',
          applicant: applicant(),
          request: applicationRequest(),
          idProof: { filename: '身份证.pdf', mediaType: 'application/pdf', content: TINY_PDF },
        });
        const application = registered.applicationId;
        const { letterIds } = await recordApplicationEvent(f.ctx, operator, application, {
          type: 'supplement_requested',
          at: '2026-03-02',
          items: ['请说明所需信息的名称'],
          correctionDue: '2026-03-16',
        });
        const file = await f.database.db
          .selectFrom('application_files')
          .select('id')
          .where('application_id', '=', application)
          .executeTakeFirstOrThrow();
        // A published item with an attachment, that the :itemId routes aim at.
        const editor = await staff(f.ctx, f[town].id, `mx.${town}.item.editor`, ['editor']);
        const reviewer = await staff(f.ctx, f[town].id, `mx.${town}.item.reviewer`, ['reviewer']);
        const approver = await staff(f.ctx, f[town].id, `mx.${town}.item.approver`, ['approver']);
        const { itemId } = await createDraft(f.ctx, editor, {
          agencyId: f[town].id,
          content: itemContent({ title: `${f[town].name}矩阵测试公告` }),
          attachments: [{ filename: '附件.pdf', content: TINY_PDF }],
        });
        await submitForReview(f.ctx, editor, itemId);
        await signReview(f.ctx, reviewer, itemId, { checklist: CHECKLIST_IDS });
        await approve(f.ctx, approver, itemId);
        await publish(f.ctx, approver, itemId);
        const attachment = (await getPublishedItem(f.ctx, { itemId })).attachments[0]!.id;
        // A document of the register, that the :documentId routes aim at.
        const document = (
          await createDocument(f.ctx, operator, {
            agencyId: f[town].id,
            document: {
              kind: 'normative',
              title: `${f[town].name}矩阵测试文件`,
              documentNumber: `矩阵〔2026〕1号`,
              issuedOn: '2026-01-05',
              effectiveOn: '2026-01-05',
              validUntil: null,
              status: 'valid',
              statusOn: null,
              itemId: null,
            },
          })
        ).id;
        // A window of the service hall and an item handled there, that :windowId and :serviceItemId aim at.
        const serviceWindow = await createServiceWindow(f.ctx, operator, {
          agencyId: f[town].id,
          window: {
            name: '矩阵测试窗口',
            hours: '周一至周五 8:30-12:00',
            phone: '0391-6611234',
            location: '一楼',
            position: 1,
          },
        });
        const serviceItem = await createServiceItem(f.ctx, operator, {
          agencyId: f[town].id,
          item: sampleServiceItem({ name: `${f[town].name}矩阵测试事项`, window: '矩阵测试窗口' }),
        });
        // A complaint, that :complaintId and the complainant's :token aim at.
        const complaint = await fileOnlineComplaint(f.ctx, {
          agencyId: f[town].id,
          windowId: serviceWindow.id,
          itemId: serviceItem.id,
          ...complaintForm(),
        });
        if (town === 'sili') probeServiceItem = serviceItem.id;
        records[town] = {
          application,
          letter: letterIds[0]!,
          file: file.id,
          item: itemId,
          attachment,
          document,
          year: '2025',
          window: serviceWindow.id,
          serviceItem: serviceItem.id,
          complaint: complaint.complaintId,
          complaintToken: complaint.token,
        };
        await approveReport(f.ctx, approver, { agencyId: f[town].id, year: 2025 });
        await publishReport(f.ctx, approver, { agencyId: f[town].id, year: 2025 });
      }
      // Every role holder exists before any test takes a snapshot of the users.
      for (const where of ['sili', 'chengliu', 'region'] as const) {
        for (const role of ROLE_IDS) await holder(where, role);
      }
    });
    after(async () => {
      await f?.close();
    });

    /** A browser signed in as the user, holding a CSRF token of its session. */
    async function signedIn(username: string, password = TEST_PASSWORD): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      const response = await browser.signIn(username, password);
      assert.equal(response.statusCode, 303, `${username} signs in`);
      // The token of the login page belongs to no session; a page of the session gives its own.
      const page = await browser.get('/office');
      const step = page.statusCode === 303 ? await browser.get(String(page.headers.location)) : page;
      assert.equal(step.statusCode, 200, `${username}: a page with a form`);
      return browser;
    }

    async function anonymous(): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.get('/office/login')).statusCode, 200);
      return browser;
    }

    /** A new settled user of 思礼镇 with an ordinary role, signed in. */
    async function freshStaff(): Promise<Browser> {
      const user = await seed(f.sili.id, `fresh.${unique()}`, ['editor']);
      return signedIn(user.username);
    }

    /** A new user of 思礼镇 who has not yet replaced the initial password, signed in. */
    async function freshPending(): Promise<Browser> {
      const user = await seed(f.sili.id, `pending.${unique()}`, ['editor'], false);
      return signedIn(user.username, user.initialPassword);
    }

    const holders = new Map<string, Promise<Browser>>();
    /**
     * Signed in as a user holding exactly one role: on a town itself, or on the region with its
     * whole subtree (which covers both towns). One account per town or region and role.
     */
    function holder(where: 'sili' | 'chengliu' | 'region', role: Role): Promise<Browser> {
      const name = `m.${where}.${role}`;
      let browser = holders.get(name);
      if (browser === undefined) {
        browser = (async () => {
          if (where !== 'region') return signedIn((await seed(f[where].id, name, [role])).username);
          const user = await seed(f.region.id, name, []);
          await grantRole(f.ctx, operator, {
            userId: user.id,
            agencyId: f.region.id,
            role,
            includeSubtree: true,
          });
          return signedIn(user.username);
        })();
        holders.set(name, browser);
      }
      return browser;
    }

    /** The roles that let a caller use an agency route (any role when the route names none). */
    const rolesFor = (rule: Rule): readonly Role[] =>
      rule.kind === 'agency' && rule.roles !== undefined ? rule.roles : ROLE_IDS;

    /** Sends the request as the browser would: its cookies, and its CSRF token on writes. */
    async function call(
      browser: Browser,
      method: string,
      url: string,
      form: Form = {},
    ): Promise<LightMyRequestResponse> {
      const headers: Record<string, string> = {};
      if (browser.cookies.size > 0) headers.cookie = browser.cookieHeader();
      let payload: string | undefined;
      if (!isRead(method)) {
        const params = new URLSearchParams();
        if (browser.lastCsrf !== null) params.append('_csrf', browser.lastCsrf);
        for (const [name, value] of Object.entries(form)) {
          for (const v of typeof value === 'string' ? [value] : value) params.append(name, v);
        }
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = params.toString();
      }
      return f.app.inject({
        method: method as HTTPMethods,
        url,
        headers,
        remoteAddress: browser.ip,
        ...(payload === undefined ? {} : { payload }),
      });
    }

    /**
     * The caller may use the route: the exact answer of ALLOWED; else, for a route not written
     * down there, a 2xx/3xx for a read and at least no refusal for a write.
     */
    async function expectAllowed(browser: Browser, route: RouteEntry, url: string, label: string) {
      const allowed = ALLOWED[getKey(route)];
      const form = allowed?.prepare ? await allowed.prepare(browser, f) : (allowed?.form?.() ?? {});
      const response = await call(browser, route.method, url, form);
      const detail = `${label}: ${response.statusCode} ${response.body.slice(0, 300)}`;
      if (allowed !== undefined) assert.equal(response.statusCode, allowed.status, detail);
      else if (isRead(route.method)) assert.ok(response.statusCode < 400, `${detail} (not in ALLOWED)`);
      else assertPassedAccess(response, `${label} (not in ALLOWED)`);
      return response;
    }

    const byRule = (kind: Rule['kind']) => routes.filter((route) => ruleOf(route).kind === kind);

    it('knows the access rule and the path parameters of every route', (t) => {
      const problems: string[] = [];
      for (const route of routes) {
        try {
          paramsOf(route);
        } catch (error) {
          problems.push((error as Error).message);
        }
      }
      assert.deepEqual(problems, []);
      // The matrix below is not empty by accident: every kind of rule is there.
      for (const kind of ['public', 'session', 'staff', 'agency'] as const) {
        assert.ok(byRule(kind).length > 0, `some ${kind} route`);
      }
      assert.ok(
        routes.some((r) => r.url.includes(':userId')),
        'some route names a user',
      );
      assert.ok(
        routes.some((r) => r.url.includes(':applicationId')),
        'some route names an application',
      );
      const counts = Object.fromEntries(
        (['public', 'session', 'staff', 'agency'] as const).map((k) => [k, byRule(k).length]),
      );
      t.diagnostic(`${routes.length} routes: ${JSON.stringify(counts)}`);
      // Every exact answer written down belongs to a route that still exists.
      const keys = new Set(routes.map(key));
      assert.deepEqual(
        Object.keys(ALLOWED).filter((k) => !keys.has(k)),
        [],
        'ALLOWED names no route that is gone',
      );
    });

    it('answers the public routes to anyone, and keeps every other route from an anonymous visitor', async () => {
      for (const route of routes) {
        const rule = ruleOf(route);
        const url = pathOf(route, { ...townTarget('sili'), user: f.users.siliClerk.id });
        const label = `anonymous ${route.method} ${url}`;
        const browser = await anonymous();
        if (rule.kind === 'public') {
          const response = await expectAllowed(browser, route, url, label);
          assert.ok(response.statusCode < 400, `${label}: ${response.statusCode}`);
          continue;
        }
        const response = await call(browser, route.method, url, {});
        if (isApi(url)) {
          assert.equal(response.statusCode, 401, label);
          if (route.method !== 'HEAD') {
            assert.deepEqual(Object.keys(response.json()), ['error'], `${label}: nothing but the error`);
            assert.equal(response.json().error.code, 'auth.required', label);
          }
        } else {
          assert.equal(response.statusCode, 303, `${label}: ${response.body.slice(0, 200)}`);
          // A page asked for with GET is returned to after the login.
          const back = route.method === 'GET' && url !== '/office' ? `?next=${encodeURIComponent(url)}` : '';
          assert.equal(response.headers.location, `/office/login${back}`, label);
          assert.equal(response.body, '', `${label}: no page with the redirect`);
        }
      }
    });

    it('lets signed-in staff use the staff and session routes', async () => {
      for (const route of [...byRule('staff'), ...byRule('session')]) {
        // A session of its own for each probe (logout ends one, TOTP enrolment changes one).
        await expectAllowed(await freshStaff(), route, route.url, `staff ${route.method} ${route.url}`);
      }
    });

    it('keeps a user who must still change the initial password on the sign-in steps', async () => {
      const pending = await freshPending();
      for (const route of routes) {
        const rule = ruleOf(route);
        if (rule.kind === 'public') continue;
        const url = pathOf(route, townTarget('sili'));
        const label = `pending ${route.method} ${url}`;
        if (rule.kind === 'session') {
          const browser = await freshPending();
          const allowed = ALLOWED[getKey(route)];
          const form = allowed?.prepare ? await allowed.prepare(browser, f) : (allowed?.form?.() ?? {});
          assertPassedAccess(await call(browser, route.method, url, form), label);
          continue;
        }
        const response = await call(pending, route.method, url, {});
        if (isApi(url)) {
          assert.equal(response.statusCode, 403, label);
          if (route.method !== 'HEAD')
            assert.equal(response.json().error.code, 'auth.password_change_required');
        } else {
          assert.equal(response.statusCode, 303, label);
          assert.equal(response.headers.location, '/office/login/password', label);
        }
      }
    });

    it('lets a holder of the role a route needs use it: on the town, and from the region over its subtree', async () => {
      for (const route of byRule('agency')) {
        for (const role of rolesFor(ruleOf(route))) {
          await expectAllowed(
            await holder('sili', role),
            route,
            pathOf(route, townTarget('sili')),
            `思礼镇 ${role} ${route.method} ${route.url}`,
          );
          await expectAllowed(
            await holder('region', role),
            route,
            pathOf(route, townTarget('chengliu')),
            `region ${role} on 承留镇 ${route.method} ${route.url}`,
          );
        }
      }
    });

    /** The users and agencies as stored: what a refused request must not have changed. */
    async function snapshot() {
      const users = await f.database.db.selectFrom('users').selectAll().orderBy('id').execute();
      const grants = await f.database.db.selectFrom('role_grants').selectAll().orderBy('id').execute();
      const agencies = await f.database.db.selectFrom('agencies').selectAll().orderBy('id').execute();
      const applications = await f.database.db.selectFrom('applications').selectAll().orderBy('id').execute();
      const events = await f.database.db
        .selectFrom('application_events')
        .select(['application_id', 'seq'])
        .orderBy('application_id')
        .orderBy('seq')
        .execute();
      const letters = await f.database.db.selectFrom('letters').select('id').orderBy('id').execute();
      const appeals = await f.database.db.selectFrom('appeals').selectAll().orderBy('id').execute();
      const normative = await f.database.db
        .selectFrom('normative_documents')
        .selectAll()
        .orderBy('id')
        .execute();
      const figures = await f.database.db
        .selectFrom('normative_year_counts')
        .selectAll()
        .orderBy('agency_id')
        .orderBy('year')
        .execute();
      const serviceWindows = await f.database.db
        .selectFrom('service_windows')
        .selectAll()
        .orderBy('id')
        .execute();
      const serviceItems = await f.database.db
        .selectFrom('service_items')
        .selectAll()
        .orderBy('id')
        .execute();
      const serviceVersions = await f.database.db
        .selectFrom('service_item_versions')
        .select(['item_id', 'version'])
        .orderBy('item_id')
        .orderBy('version')
        .execute();
      const serviceEvents = await f.database.db
        .selectFrom('service_events')
        .select(['id', 'agency_id'])
        .orderBy('id')
        .execute();
      const serviceRatings = await f.database.db
        .selectFrom('service_ratings')
        .selectAll()
        .orderBy('id')
        .execute();
      const complaints = await f.database.db
        .selectFrom('service_complaints')
        .selectAll()
        .orderBy('id')
        .execute();
      return {
        users,
        grants,
        agencies,
        applications,
        events,
        letters,
        appeals,
        normative,
        figures,
        serviceWindows,
        serviceItems,
        serviceVersions,
        serviceEvents,
        serviceRatings,
        complaints,
      };
    }

    it('answers staff of another town 404 on every agency route, the same as for no agency at all', async () => {
      const towns = { sili: f.sili, chengliu: f.chengliu } as const;
      const usersOf = {
        sili: [f.users.siliAdmin.id, victims.sili.id],
        chengliu: [f.users.chengliuAdmin.id, victims.chengliu.id],
      };
      const before = await snapshot();
      let probes = 0;
      for (const route of byRule('agency')) {
        const form = HARMFUL[key(route)] ?? ALLOWED[getKey(route)]?.form?.() ?? {};
        for (const [own, other] of [
          ['sili', 'chengliu'],
          ['chengliu', 'sili'],
        ] as const) {
          // The roles the route needs, held on the caller's own town: only the town is wrong.
          for (const role of rolesFor(ruleOf(route))) {
            const browser = await holder(own, role);
            const label = `${own} ${role} → ${other}: ${route.method} ${route.url}`;
            const missing = await call(
              browser,
              route.method,
              pathOf(route, { ...townTarget(own), agency: 'no-such-agency' }),
              form,
            );
            assert.equal(missing.statusCode, 404, `${label} (no such agency)`);
            // A user of the other town, and one of the caller's own, under the other town's path.
            for (const user of paramsOf(route).includes('userId')
              ? [...usersOf[other], ...usersOf[own]]
              : [undefined]) {
              const url = pathOf(route, {
                ...townTarget(other),
                agency: towns[other].id,
                ...(user ? { user } : {}),
              });
              const response = await call(browser, route.method, url, form);
              assert.equal(response.statusCode, 404, `${label} ${url}: ${response.body.slice(0, 200)}`);
              assert.equal(
                withoutIds(response.body),
                withoutIds(missing.body),
                `${label}: the same as no agency`,
              );
              assert.ok(!response.body.includes(towns[other].name), `${label}: the name stays hidden`);
              probes++;
            }
          }
        }
      }
      assert.ok(probes > 0);
      assert.deepEqual(await snapshot(), before, 'nothing written in another town');
    });

    it('answers 403 to staff who see the agency but lack the role a route needs', async () => {
      let refused = 0;
      for (const route of byRule('agency')) {
        const needed = rolesFor(ruleOf(route));
        const url = pathOf(route, townTarget('sili'));
        for (const role of ROLE_IDS.filter((r) => !needed.includes(r))) {
          for (const where of ['sili', 'region'] as const) {
            const label = `${where} ${role} ${route.method} ${url}`;
            const response = await call(
              await holder(where, role),
              route.method,
              url,
              HARMFUL[key(route)] ?? {},
            );
            assert.equal(response.statusCode, 403, `${label}: ${response.body.slice(0, 200)}`);
            if (route.method === 'GET') assert.match(response.body, /您没有进行此项操作的权限/, label);
            refused++;
          }
        }
      }
      assert.ok(refused > 0, 'some agency route needs a role');
    });

    it('answers 404 to a user id that is not of the agency in the path, guessed or real, and writes nothing', async () => {
      const routesWithUser = routes.filter((route) => paramsOf(route).includes('userId'));
      const sibling = (id: string) =>
        id.slice(0, -1) + ((Number.parseInt(id.slice(-1), 16) + 1) % 16).toString(16);
      const guessed = [
        '0',
        '1',
        '2',
        '00000000-0000-0000-0000-000000000000',
        sibling(victims.sili.id),
        sibling(victims.chengliu.id),
        'sili.victim',
        'chengliu.victim',
      ];
      const regionUsers = await f.database.db
        .selectFrom('users')
        .select('id')
        .where('agency_id', '=', f.region.id)
        .execute();
      const before = await snapshot();
      let probes = 0;
      for (const route of routesWithUser) {
        for (const role of rolesFor(ruleOf(route))) {
          const cases = [
            {
              name: `思礼镇 ${role}`,
              browser: await holder('sili', role),
              agency: f.sili.id,
              users: [
                f.users.chengliuAdmin.id,
                victims.chengliu.id,
                ...regionUsers.map((u) => u.id),
                ...guessed,
              ],
            },
            {
              name: `承留镇 ${role}`,
              browser: await holder('chengliu', role),
              agency: f.chengliu.id,
              users: [f.users.siliAdmin.id, f.users.siliClerk.id, victims.sili.id, ...guessed],
            },
            {
              // Sees both towns: only the check that the user belongs to the path's agency is left.
              name: `region ${role}`,
              browser: await holder('region', role),
              agency: f.sili.id,
              users: [f.users.chengliuAdmin.id, victims.chengliu.id, ...guessed],
            },
          ];
          for (const c of cases) {
            for (const user of c.users) {
              const url = pathOf(route, { agency: c.agency, user });
              const response = await call(c.browser, route.method, url, HARMFUL[key(route)] ?? {});
              assert.equal(
                response.statusCode,
                404,
                `${c.name} ${route.method} ${url}: ${response.body.slice(0, 200)}`,
              );
              probes++;
            }
          }
          // The same browser still does the real thing: the 404s were not a broken session.
          await expectAllowed(
            await holder('sili', role),
            route,
            pathOf(route, { agency: f.sili.id, user: victims.sili.id }),
            `思礼镇 ${role} ${route.method} ${route.url} on its own user`,
          );
        }
      }
      assert.ok(probes > 0);
      const afterwards = await snapshot();
      // Only the victim of the last, allowed request changed.
      const others = (s: typeof before) => ({ ...s, users: s.users.filter((u) => u.id !== victims.sili.id) });
      assert.deepEqual(others(afterwards), others(before), 'no other user changed');
    });

    it('answers 404 to an application, letter or file that is not of the agency in the path, guessed or real, and writes nothing', async () => {
      const routesWithApplication = routes.filter((route) => paramsOf(route).includes('applicationId'));
      assert.ok(routesWithApplication.length > 0);
      const sibling = (id: string) =>
        id.slice(0, -1) + ((Number.parseInt(id.slice(-1), 16) + 1) % 16).toString(16);
      const guessed = (town: 'sili' | 'chengliu') =>
        ['0', '00000000-0000-0000-0000-000000000000', sibling(records[town].application)].map(
          (application) => ({
            ...records[town],
            application,
          }),
        );
      const trackingNumbers = await f.database.db
        .selectFrom('applications')
        .select(['id', 'tracking_number'])
        .execute();
      const tracking = (id: string) => trackingNumbers.find((t) => t.id === id)!.tracking_number;
      const before = await snapshot();
      let probes = 0;
      for (const route of routesWithApplication) {
        const names = paramsOf(route);
        for (const role of rolesFor(ruleOf(route))) {
          const cases = [
            {
              name: `思礼镇 ${role}`,
              browser: await holder('sili', role),
              agency: f.sili.id,
              targets: [
                // 承留镇's application (with its letter and file) under 思礼镇's path.
                records.chengliu,
                ...guessed('sili'),
                { ...records.sili, application: tracking(records.sili.application) },
                // 思礼镇's own application with 承留镇's letter or file.
                ...(names.includes('letterId') ? [{ ...records.sili, letter: records.chengliu.letter }] : []),
                ...(names.includes('fileId') ? [{ ...records.sili, file: records.chengliu.file }] : []),
                ...(names.includes('letterId')
                  ? [{ ...records.sili, letter: sibling(records.sili.letter) }]
                  : []),
                ...(names.includes('fileId') ? [{ ...records.sili, file: sibling(records.sili.file) }] : []),
              ],
            },
            {
              name: `承留镇 ${role}`,
              browser: await holder('chengliu', role),
              agency: f.chengliu.id,
              targets: [records.sili, ...guessed('chengliu')],
            },
            {
              // Sees both towns: only the check that the application is the path's agency's is left.
              name: `region ${role}`,
              browser: await holder('region', role),
              agency: f.sili.id,
              targets: [
                records.chengliu,
                // Its own application with the other town's letter or file.
                ...(names.includes('letterId') || names.includes('fileId')
                  ? [{ ...records.sili, letter: records.chengliu.letter, file: records.chengliu.file }]
                  : []),
              ],
            },
          ];
          for (const c of cases) {
            for (const target of c.targets) {
              const url = pathOf(route, { agency: c.agency, ...target });
              const response = await call(c.browser, route.method, url, HARMFUL[key(route)] ?? {});
              assert.equal(
                response.statusCode,
                404,
                `${c.name} ${route.method} ${url}: ${response.body.slice(0, 200)}`,
              );
              probes++;
            }
          }
          // The same browser still does the real thing: the 404s were not a broken session.
          await expectAllowed(
            await holder('sili', role),
            route,
            pathOf(route, townTarget('sili')),
            `思礼镇 ${role} ${route.method} ${route.url} on its own application`,
          );
        }
      }
      assert.ok(probes > 0);
      assert.deepEqual(await snapshot(), before, 'nothing written');
    });

    it('answers 404 to a normative document that is not of the agency in the path, guessed or real, and writes nothing', async () => {
      const routesWithDocument = routes.filter((route) => paramsOf(route).includes('documentId'));
      assert.ok(routesWithDocument.length > 0);
      const sibling = (id: string) =>
        id.slice(0, -1) + ((Number.parseInt(id.slice(-1), 16) + 1) % 16).toString(16);
      const guessed = (town: 'sili' | 'chengliu') => [
        '0',
        '00000000-0000-0000-0000-000000000000',
        sibling(records[town].document),
        '矩阵〔2026〕1号',
      ];
      const before = await snapshot();
      let probes = 0;
      for (const route of routesWithDocument) {
        for (const role of rolesFor(ruleOf(route))) {
          const cases = [
            {
              name: `思礼镇 ${role}`,
              browser: await holder('sili', role),
              agency: f.sili.id,
              documents: [records.chengliu.document, ...guessed('sili')],
            },
            {
              name: `承留镇 ${role}`,
              browser: await holder('chengliu', role),
              agency: f.chengliu.id,
              documents: [records.sili.document, ...guessed('chengliu')],
            },
            {
              // Sees both towns: only the check that the document is the path's agency's is left.
              name: `region ${role}`,
              browser: await holder('region', role),
              agency: f.sili.id,
              documents: [records.chengliu.document],
            },
          ];
          for (const c of cases) {
            for (const document of c.documents) {
              const url = pathOf(route, { ...townTarget('sili'), agency: c.agency, document });
              const response = await call(c.browser, route.method, url, HARMFUL[key(route)] ?? {});
              assert.equal(
                response.statusCode,
                404,
                `${c.name} ${route.method} ${url}: ${response.body.slice(0, 200)}`,
              );
              assert.ok(!response.body.includes('矩阵测试文件'), `${url}: nothing of the document`);
              probes++;
            }
          }
          await expectAllowed(
            await holder('sili', role),
            route,
            pathOf(route, townTarget('sili')),
            `思礼镇 ${role} ${route.method} ${route.url} on its own document`,
          );
        }
      }
      assert.ok(probes > 0);
      assert.deepEqual(await snapshot(), before, 'nothing written');
    });

    it('answers 404 to a published item or attachment that is not of the agency in the path, guessed or real', async () => {
      // The portal's pages of published items (staff routes of items are probed with the agency routes).
      const routesWithItem = routes.filter(
        (route) => ruleOf(route).kind === 'public' && paramsOf(route).includes('itemId'),
      );
      assert.ok(routesWithItem.length > 0);
      const sibling = (id: string) =>
        id.slice(0, -1) + ((Number.parseInt(id.slice(-1), 16) + 1) % 16).toString(16);
      let probes = 0;
      for (const route of routesWithItem) {
        const names = paramsOf(route);
        for (const [own, other] of [
          ['sili', 'chengliu'],
          ['chengliu', 'sili'],
        ] as const) {
          const targets: Target[] = [
            // The other town's item (with its attachment) under this town's path.
            { ...townTarget(other), agency: f[own].id },
            ...['0', '00000000-0000-0000-0000-000000000000', sibling(records[own].item)].map((item) => ({
              ...townTarget(own),
              item,
            })),
            // This town's item with the other town's attachment, or a guessed one.
            ...(names.includes('attachmentId')
              ? [
                  { ...townTarget(own), attachment: records[other].attachment },
                  { ...townTarget(own), attachment: sibling(records[own].attachment) },
                ]
              : []),
          ];
          for (const target of targets) {
            const url = pathOf(route, target);
            const response = await call(await anonymous(), route.method, url);
            assert.equal(response.statusCode, 404, `${route.method} ${url}: ${response.body.slice(0, 200)}`);
            assert.ok(!response.body.includes('矩阵测试公告'), `${url}: nothing of the item`);
            probes++;
          }
          await expectAllowed(
            await anonymous(),
            route,
            pathOf(route, townTarget(own)),
            `anonymous ${route.method} ${route.url} on ${own}'s own item`,
          );
        }
      }
      assert.ok(probes > 0);
    });

    it('answers 404 to a service window or item that is not of the agency in the path, guessed or real', async () => {
      const routesWithService = routes.filter(
        (route) =>
          ruleOf(route).kind === 'public' &&
          paramsOf(route).some((name) => name === 'windowId' || name === 'serviceItemId'),
      );
      assert.ok(routesWithService.length > 0);
      const sibling = (id: string) =>
        id.slice(0, -1) + ((Number.parseInt(id.slice(-1), 16) + 1) % 16).toString(16);
      let probes = 0;
      for (const route of routesWithService) {
        for (const [own, other] of [
          ['sili', 'chengliu'],
          ['chengliu', 'sili'],
        ] as const) {
          const guesses = ['0', '00000000-0000-0000-0000-000000000000'];
          const targets: Target[] = [
            // The other town's window and item under this town's path.
            { ...townTarget(other), agency: f[own].id },
            ...[...guesses, sibling(records[own].window)].map((window) => ({ ...townTarget(own), window })),
            ...[...guesses, sibling(records[own].serviceItem), records[own].window].map((serviceItem) => ({
              ...townTarget(own),
              serviceItem,
            })),
          ];
          for (const target of targets) {
            const url = pathOf(route, target);
            if (url === pathOf(route, townTarget(own))) continue; // the parameter is not in this route
            const response = await call(await anonymous(), route.method, url);
            assert.equal(response.statusCode, 404, `${route.method} ${url}: ${response.body.slice(0, 200)}`);
            assert.ok(!response.body.includes('矩阵测试事项'), `${url}: nothing of the item`);
            probes++;
          }
          await expectAllowed(
            await anonymous(),
            route,
            pathOf(route, townTarget(own)),
            `anonymous ${route.method} ${route.url} on ${own}'s own window or item`,
          );
        }
      }
      assert.ok(probes > 0);
    });
    it('answers 404 in the back office to a service window or item that is not of the agency in the path, guessed or real, and writes nothing', async () => {
      const routesWithService = routes.filter(
        (route) =>
          ruleOf(route).kind === 'agency' &&
          paramsOf(route).some((name) => name === 'windowId' || name === 'serviceItemId'),
      );
      assert.ok(routesWithService.length > 0);
      const sibling = (id: string) =>
        id.slice(0, -1) + ((Number.parseInt(id.slice(-1), 16) + 1) % 16).toString(16);
      const guessed = (town: 'sili' | 'chengliu') => [
        '0',
        '00000000-0000-0000-0000-000000000000',
        sibling(records[town].window),
        sibling(records[town].serviceItem),
        // A window's id as an item's and the other way round.
        records[town].window,
        records[town].serviceItem,
      ];
      const before = await snapshot();
      let probes = 0;
      for (const route of routesWithService) {
        const names = paramsOf(route);
        const aimed = (town: 'sili' | 'chengliu', id: string): Partial<Target> =>
          names.includes('windowId')
            ? { window: id, serviceItem: records[town].serviceItem }
            : { serviceItem: id };
        const ownId = (town: 'sili' | 'chengliu') =>
          names.includes('windowId') ? records[town].window : records[town].serviceItem;
        for (const role of rolesFor(ruleOf(route))) {
          const cases = [
            {
              name: `思礼镇 ${role}`,
              browser: await holder('sili', role),
              agency: f.sili.id,
              ids: [ownId('chengliu'), ...guessed('sili').filter((id) => id !== ownId('sili'))],
            },
            {
              name: `承留镇 ${role}`,
              browser: await holder('chengliu', role),
              agency: f.chengliu.id,
              ids: [ownId('sili'), ...guessed('chengliu').filter((id) => id !== ownId('chengliu'))],
            },
            {
              // Sees both towns: only the check that the record is the path's agency's is left.
              name: `region ${role}`,
              browser: await holder('region', role),
              agency: f.sili.id,
              ids: [ownId('chengliu')],
            },
          ];
          for (const c of cases) {
            for (const id of c.ids) {
              const url = pathOf(route, { ...townTarget('sili'), agency: c.agency, ...aimed('sili', id) });
              const response = await call(c.browser, route.method, url, HARMFUL[key(route)] ?? {});
              assert.equal(
                response.statusCode,
                404,
                `${c.name} ${route.method} ${url}: ${response.body.slice(0, 200)}`,
              );
              assert.ok(!response.body.includes('矩阵测试事项'), `${url}: nothing of the item`);
              probes++;
            }
          }
          await expectAllowed(
            await holder('sili', role),
            route,
            pathOf(route, townTarget('sili')),
            `思礼镇 ${role} ${route.method} ${route.url} on its own window or item`,
          );
        }
      }
      assert.ok(probes > 0);
      assert.deepEqual(await snapshot(), before, 'nothing written');
    });

    it('answers 404 to a complaint that is not of the agency in the path, guessed or real, and writes nothing', async () => {
      const routesWithComplaint = routes.filter((route) => paramsOf(route).includes('complaintId'));
      assert.ok(routesWithComplaint.length > 0);
      const sibling = (id: string) =>
        id.slice(0, -1) + ((Number.parseInt(id.slice(-1), 16) + 1) % 16).toString(16);
      const before = await snapshot();
      let probes = 0;
      for (const route of routesWithComplaint) {
        for (const role of rolesFor(ruleOf(route))) {
          for (const [own, other] of [
            ['sili', 'chengliu'],
            ['chengliu', 'sili'],
          ] as const) {
            const ids = [
              records[other].complaint,
              sibling(records[own].complaint),
              '0',
              '00000000-0000-0000-0000-000000000000',
              records[own].serviceItem,
            ];
            for (const browser of [await holder(own, role), await holder('region', role)]) {
              for (const complaint of ids) {
                const url = pathOf(route, { ...townTarget(own), complaint });
                const response = await call(browser, route.method, url, HARMFUL[key(route)] ?? {});
                assert.equal(
                  response.statusCode,
                  404,
                  `${role} ${route.method} ${url}: ${response.body.slice(0, 200)}`,
                );
                assert.ok(!response.body.includes('探针投诉'), `${url}: nothing of the complaint`);
                probes++;
              }
            }
          }
        }
      }
      assert.ok(probes > 0);
      assert.deepEqual(await snapshot(), before, 'nothing written');
    });

    it("answers 404 to a complainant's link that is not a complaint's", async () => {
      const route = routes.find((r) => r.url === '/complaints/:token');
      assert.ok(route);
      const real = records.sili.complaintToken;
      for (const token of [
        `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`,
        'x',
        '0'.repeat(32),
        records.sili.complaint,
      ]) {
        const response = await call(await anonymous(), 'GET', `/complaints/${encodeURIComponent(token)}`);
        assert.equal(response.statusCode, 404, token);
        assert.ok(!response.body.includes('探针投诉'));
      }
      const own = await call(await anonymous(), 'GET', `/complaints/${real}`);
      assert.equal(own.statusCode, 200);
      assert.ok(!own.body.includes('13812345678'), 'the phone masked');
    });
  });
}
