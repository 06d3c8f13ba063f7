// The back office of 依申请公开 through app.inject on both engines: the queue by due date with its
// flags in words, registration by channel with the status link shown once, the event forms (补正 with
// its letter and 文号, 部分公开, extension by the approver only, a stale form), the applicant masked for
// a supervisor, another town and another agency's application kept out, and escaping.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import {
  changePassword,
  createUser,
  grantRole,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { dueDate, recordApplicationEvent, registerApplication } from '../../src/applications/index.ts';
import {
  applicant,
  request as requestInput,
  TINY_PDF,
  ZHANG_ID,
  ZHANG_PHONE,
} from '../../src/applications/testing.ts';
import { currentWorkingDayCalendar } from '../../src/calendar/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;

const operator = systemActor('office-applications-test');

/** A multipart body of text fields and files, as a browser sends the registration form. */
function multipart(
  fields: Record<string, string>,
  files: { name: string; filename: string; type: string; content: Uint8Array }[] = [],
): { payload: Buffer; contentType: string } {
  const boundary = '----gongkaiTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The registration form as a clerk fills it for 张三's letter. */
function registration(overrides: Record<string, string> = {}): Record<string, string> {
  const a = applicant();
  const r = requestInput();
  return {
    channel: 'letter',
    receivedOn: '2026-03-02',
    applicantType: a.applicantType,
    name: a.name,
    organisationCode: '',
    idKind: a.idKind,
    idNumber: a.idNumber,
    phone: a.phone,
    email: a.email ?? '',
    address: a.address ?? '',
    description: r.description,
    documentNumber: '',
    deliveryForm: 'paper',
    deliveryChannel: 'post',
    ...overrides,
  };
}

/** The hidden event count of the page's forms. */
function eventCount(html: string): string {
  const count = /name="expectedEventCount" value="(\d+)"/.exec(html)?.[1];
  assert.ok(count, 'the page has an event form');
  return count;
}

/** The rows of the queue table, in order, as their tracking numbers. */
function queueOrder(html: string): string[] {
  return [...html.matchAll(/<tr id="application-[^"]+"[^>]*>.*?>(YSQ\d{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</gs)].map(
    (m) => m[1]!,
  );
}

function rowOf(html: string, trackingNumber: string): string {
  const row = new RegExp(
    `<tr id="application-[^"]+"[^>]*>(?:(?!</tr>).)*${trackingNumber}(?:(?!</tr>).)*</tr>`,
    's',
  ).exec(html)?.[0];
  assert.ok(row, `a row for ${trackingNumber}`);
  return row;
}

for (const engine of ENGINES) {
  describe(`依申请公开 in the back office on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let handler: Browser;
    let approver: Browser;
    let supervisor: Browser;
    let otherTown: Browser;
    let handlerId: string;

    async function seed(agencyId: string, username: string, displayName: string, roles: Role[]) {
      const created = await createUser(f.ctx, operator, { agencyId, username, displayName, roles });
      const { token } = await login(f.ctx, { username, password: created.initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: created.initialPassword, next: TEST_PASSWORD });
      return created.user;
    }

    async function signedIn(username: string): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303, `${username} signs in`);
      assert.equal((await browser.get('/office')).statusCode, 200);
      return browser;
    }

    /** Registers through the use case (setup), as the handler of 承留镇. */
    async function registered(receivedOn: string, overrides: { description?: string } = {}) {
      const principal = await principalOf('cl.handler');
      return registerApplication(f.ctx, principal, {
        agencyId: f.chengliu.id,
        channel: 'letter',
        receivedOn,
        applicant: applicant(),
        request: requestInput(overrides),
      });
    }

    async function principalOf(username: string) {
      const { token } = await login(f.ctx, { username, password: TEST_PASSWORD });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      return principal;
    }

    const queueHref = () => `/office/agencies/${f.chengliu.id}/applications`;
    const detailHref = (id: string, agencyId = f.chengliu.id) =>
      `/office/agencies/${agencyId}/applications/${id}`;

    /** What a refused request must leave as it was. */
    async function stored(applicationId: string) {
      const db = f.database.db;
      return {
        application: await db
          .selectFrom('applications')
          .selectAll()
          .where('id', '=', applicationId)
          .execute(),
        events: await db
          .selectFrom('application_events')
          .selectAll()
          .where('application_id', '=', applicationId)
          .execute(),
        letters: await db
          .selectFrom('letters')
          .select(['id', 'serial'])
          .where('application_id', '=', applicationId)
          .execute(),
        audit: await db.selectFrom('audit_log').select(['seq']).orderBy('seq').execute(),
      };
    }

    before(async () => {
      f = await createWebFixture(engine);
      handlerId = (await seed(f.chengliu.id, 'cl.handler', '张办理', ['handler'])).id;
      await seed(f.chengliu.id, 'cl.approver', '王主任', ['approver']);
      const watcher = await seed(f.region.id, 'region.supervisor', '赵监督', []);
      await grantRole(f.ctx, operator, {
        userId: watcher.id,
        agencyId: f.region.id,
        role: 'supervisor',
        includeSubtree: true,
      });
      handler = await signedIn('cl.handler');
      approver = await signedIn('cl.approver');
      supervisor = await signedIn('region.supervisor');
      otherTown = await signedIn('sili.clerk');
    });
    after(async () => {
      await f?.close();
    });

    it('links the queue of the own agency from the navigation', async () => {
      const office = await handler.get('/office');
      assert.match(office.body, /<a href="\/office\/applications">依申请公开<\/a>/);
      const link = await handler.get('/office/applications');
      assert.equal(link.statusCode, 303);
      assert.equal(link.headers.location, queueHref());
      // The supervisor of the region reads the region and both towns: the region's queue first.
      const watched = await supervisor.get('/office/applications');
      assert.equal(watched.headers.location, `/office/agencies/${f.region.id}/applications`);
    });

    it('never writes a forged Host into the status link it shows the clerk', async () => {
      const form = await handler.get(`${queueHref()}/new`);
      const action = /<form method="post" action="([^"]+)" enctype/.exec(form.body)?.[1];
      const body = multipart(registration(), []);
      const response = await f.app.inject({
        method: 'POST',
        url: unescapeHtml(action!),
        remoteAddress: handler.ip,
        headers: { cookie: handler.cookieHeader(), 'content-type': body.contentType, host: '"><b>evil' },
        payload: body.payload,
      });
      assert.equal(response.statusCode, 201, response.body.slice(0, 500));
      const link = /<code class="secret">([^<]+)<\/code>/.exec(response.body)?.[1];
      assert.match(link ?? '', /^http:\/\/localhost\/apply\/status\?token=[A-Za-z0-9_-]{20,}$/);
    });

    it('registers an application received by letter: the status link once, then in the queue', async () => {
      const form = await handler.get(`${queueHref()}/new`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      assert.match(form.body, /以行政机关签收之日为收到申请之日/, 'the 第三十一条 rule of each channel');
      const action = /<form method="post" action="([^"]+)" enctype/.exec(form.body)?.[1];
      assert.ok(action?.includes('_csrf='), 'the CSRF token travels in the action');
      const body = multipart(registration(), [
        { name: 'idProof', filename: '身份证.pdf', type: 'application/pdf', content: TINY_PDF },
      ]);
      const response = await f.app.inject({
        method: 'POST',
        url: unescapeHtml(action!),
        remoteAddress: handler.ip,
        headers: { cookie: handler.cookieHeader(), 'content-type': body.contentType },
        payload: body.payload,
      });
      assert.equal(response.statusCode, 201, response.body.slice(0, 500));
      assert.equal(response.headers['cache-control'], 'no-store');
      const tracking = /<strong>(YSQ2026-[A-Z0-9]{4}-[A-Z0-9]{4})<\/strong>/.exec(response.body)?.[1];
      assert.ok(tracking);
      const link = /<code class="secret">([^<]+)<\/code>/.exec(response.body)?.[1];
      assert.match(link ?? '', /^http:\/\/localhost(:80)?\/apply\/status\?token=[A-Za-z0-9_-]{20,}$/);
      // 20 working days from the day after 2026-03-02.
      assert.match(response.body, /2026-03-30/);
      const row = await f.database.db
        .selectFrom('applications')
        .selectAll()
        .where('tracking_number', '=', tracking)
        .executeTakeFirstOrThrow();
      assert.equal(row.channel, 'letter');
      assert.notEqual(row.access_hash, link);
      const queue = await handler.get(queueHref());
      assert.equal(queue.statusCode, 200);
      const line = rowOf(queue.body, tracking);
      assert.match(line, /信函/);
      assert.match(line, /自然人/);
      assert.match(line, /2026-03-30/);
      assert.match(line, /剩余\d+个工作日/);
      // The ID proof: the handler downloads it as an attachment; a supervisor may not.
      const page = await handler.get(detailHref(row.id));
      const file = /href="([^"]+\/files\/[^"]+)"/.exec(page.body)?.[1];
      assert.ok(file, 'a download link for the handler');
      const download = await handler.get(unescapeHtml(file));
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'application/pdf');
      assert.match(
        String(download.headers['content-disposition']),
        /^attachment; filename="[^"]*"; filename\*=UTF-8''%E8%BA%AB/,
      );
      assert.equal(download.headers['x-content-type-options'], 'nosniff');
      assert.equal((await supervisor.get(unescapeHtml(file))).statusCode, 403);
      assert.doesNotMatch((await supervisor.get(detailHref(row.id))).body, /\/files\//);
    });

    it('keeps the registration form with the reasons when it is wrong, and writes nothing', async () => {
      const form = await handler.get(`${queueHref()}/new`);
      const action = unescapeHtml(/<form method="post" action="([^"]+)" enctype/.exec(form.body)![1]!);
      const before = await f.database.db.selectFrom('applications').select('id').execute();
      const body = multipart(registration({ phone: 'abc', name: '李"四<b>' }));
      const response = await f.app.inject({
        method: 'POST',
        url: action,
        remoteAddress: handler.ip,
        headers: { cookie: handler.cookieHeader(), 'content-type': body.contentType },
        payload: body.payload,
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /联系电话只能包含数字/);
      // What was typed comes back, its quote escaped: it cannot leave the attribute.
      assert.match(response.body, /name="name" value="李&#34;四<b>"/);
      // A date after today is the use case's refusal.
      const future = multipart(registration({ receivedOn: '2026-03-03' }));
      const refused = await f.app.inject({
        method: 'POST',
        url: action,
        remoteAddress: handler.ip,
        headers: { cookie: handler.cookieHeader(), 'content-type': future.contentType },
        payload: future.payload,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /收到申请的日期无效或晚于今天/);
      // Without the token in the action: refused before anything is read.
      const forged = await f.app.inject({
        method: 'POST',
        url: queueHref(),
        remoteAddress: handler.ip,
        headers: { cookie: handler.cookieHeader(), 'content-type': body.contentType },
        payload: multipart(registration()).payload,
      });
      assert.equal(forged.statusCode, 403);
      assert.deepEqual(await f.database.db.selectFrom('applications').select('id').execute(), before);
    });

    it('orders the queue by due date and says in words what is overdue, due soon or provisional', async () => {
      const calendar = await currentWorkingDayCalendar(f.database.db);
      // A receipt whose reply falls due within 3 working days of today (2026-03-02).
      let soonOn = '';
      for (let day = 1; day <= 28 && soonOn === ''; day++) {
        const on = `2026-02-${String(day).padStart(2, '0')}`;
        const due = dueDate([{ type: 'received', at: on, channel: 'letter' }], calendar).replyDue!;
        if (due > '2026-03-02' && due <= '2026-03-05') soonOn = on;
      }
      assert.ok(soonOn, 'a receipt due soon');
      const overdue = await registered('2026-01-05');
      const soon = await registered(soonOn);
      const fresh = await registered('2026-03-02');
      const page = await handler.get(queueHref());
      const order = queueOrder(page.body);
      const position = (t: string) => order.indexOf(t);
      assert.ok(position(overdue.trackingNumber) < position(soon.trackingNumber));
      assert.ok(position(soon.trackingNumber) < position(fresh.trackingNumber));
      assert.match(rowOf(page.body, overdue.trackingNumber), /【已超期】.*【已超期\d+个工作日】/s);
      assert.match(rowOf(page.body, soon.trackingNumber), /【即将到期】.*【(剩余\d+个工作日|今日到期)】/s);
      assert.doesNotMatch(rowOf(page.body, fresh.trackingNumber), /已超期|即将到期/);
      // A due date in a year without a holiday arrangement is provisional (2027 is not entered).
      // (A browser of its own: months later the other sessions would have timed out.)
      f.clock.now = new Date('2026-12-21T02:00:00.000Z');
      try {
        const late = await registered('2026-12-21');
        const december = await (await signedIn('cl.handler')).get(queueHref());
        assert.match(rowOf(december.body, late.trackingNumber), /【暂定】/);
      } finally {
        f.clock.now = new Date('2026-03-02T02:00:00.000Z');
      }
      // 仅看我的: nothing is assigned yet; 含已办结 is a filter of its own.
      const mine = await handler.get(`${queueHref()}?mine=1`);
      assert.deepEqual(queueOrder(mine.body), []);
      assert.match(mine.body, /checked/);
    });

    it('sends a 补正 notice from the form: the letter with its 文号 on the page and as DOCX', async () => {
      const app = await registered('2026-03-02');
      const page = await handler.get(detailHref(app.applicationId));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="event-supplement_requested"/);
      assert.doesNotMatch(page.body, /id="event-extension_approved"/, 'the approver decides extensions');
      // A form with a problem comes back with the reason beside it and what was typed.
      const bad = await handler.post(`${detailHref(app.applicationId)}/events`, {
        type: 'supplement_requested',
        expectedEventCount: eventCount(page.body),
        at: '2026-03-02',
        items: '请说明项目名称',
        correctionDue: '',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /请填写补正期限/);
      assert.match(bad.body, /<a href="#event-supplement_requested">/);
      assert.match(bad.body, />\n请说明项目名称<\/textarea>/);
      const ok = await handler.post(`${detailHref(app.applicationId)}/events`, {
        type: 'supplement_requested',
        expectedEventCount: eventCount(page.body),
        at: '2026-03-02',
        items: '请说明项目名称\n请说明信息的形成时间',
        correctionDue: '2026-03-16',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
      assert.equal(ok.headers.location, `${detailHref(app.applicationId)}?done=supplement_requested`);
      const after = await handler.get(String(ok.headers.location));
      assert.match(after.body, /已登记“通知补正”/);
      assert.match(after.body, /待补正/);
      const number = /承留镇依申请公开〔2026〕\d+号/.exec(after.body)?.[0];
      assert.ok(number, 'the 文号 is listed');
      assert.match(after.body, /政府信息公开申请补正告知书/);
      assert.match(after.body, /请说明信息的形成时间/);
      assert.match(after.body, /id="event-supplement_received"/);
      const docxHref = /href="([^"]+\/letters\/[^"]+\.docx)"/.exec(after.body)?.[1];
      assert.ok(docxHref);
      for (const reader of [handler, approver, supervisor]) {
        const docx = await reader.get(unescapeHtml(docxHref));
        assert.equal(docx.statusCode, 200);
        assert.equal(docx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
        assert.match(String(docx.headers['content-type']), /wordprocessingml/);
        assert.match(String(docx.headers['content-disposition']), /^attachment; /);
      }
    });

    it('refuses a stale form with the Chinese reason, 409, and writes nothing', async () => {
      const app = await registered('2026-03-02');
      const page = await handler.get(detailHref(app.applicationId));
      const count = eventCount(page.body);
      // Someone else records an event meanwhile.
      const other = await signedIn('cl.handler');
      await other.get(detailHref(app.applicationId));
      const first = await other.post(`${detailHref(app.applicationId)}/events`, {
        type: 'consultation_started',
        expectedEventCount: count,
        at: '2026-03-02',
        party: 'third_party',
        recipientName: '某某建设有限公司',
      });
      assert.equal(first.statusCode, 303, first.body.slice(0, 300));
      const before = await stored(app.applicationId);
      const stale = await handler.post(`${detailHref(app.applicationId)}/events`, {
        type: 'withdrawn',
        expectedEventCount: count,
        at: '2026-03-02',
      });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /该申请已被他人更新，请刷新页面后重新操作。/);
      assert.deepEqual(await stored(app.applicationId), before);
      // What the state does not allow is the state machine's own Chinese reason, also 409.
      const refused = await handler.post(`${detailHref(app.applicationId)}/events`, {
        type: 'supplement_received',
        expectedEventCount: eventCount(stale.body),
        at: '2026-03-02',
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /不能登记“收到补正”：申请当前状态为“征求意见中”。/);
      assert.deepEqual(await stored(app.applicationId), before);
    });

    it('records a 部分公开 reply with the reason for the part withheld', async () => {
      const app = await registered('2026-03-02');
      const page = await handler.get(`${detailHref(app.applicationId)}?outcome=partial`);
      assert.match(page.body, /<option value="partial" selected/);
      assert.match(page.body, /含有不应当公开的内容，但能够作区分处理/, 'the basis prefilled for 部分公开');
      const response = await handler.post(`${detailHref(app.applicationId)}/events`, {
        type: 'decided',
        expectedEventCount: eventCount(page.body),
        at: '2026-03-02',
        outcome: 'partial',
        legalBasis: '',
        withheld: 'denied4',
        details: '可以公开的部分请于工作日到本机关领取。',
      });
      assert.equal(response.statusCode, 303, response.body.slice(0, 500));
      const row = await f.database.db
        .selectFrom('applications')
        .selectAll()
        .where('id', '=', app.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(row.outcome, 'partial');
      const after = await handler.get(String(response.headers.location));
      assert.match(after.body, /已答复待送达/);
      assert.match(after.body, /政府信息公开申请答复告知书/);
      assert.match(after.body, /第三十七条/);
      assert.match(after.body, /保护第三方合法权益|商业秘密、个人隐私/);
      assert.match(after.body, /id="event-reply_delivered"/);
      assert.doesNotMatch(after.body, /id="event-decided"/);
    });

    it('prefills the fee notice with the applicant’s place in the month, and charges the tariff when the amount is blank', async () => {
      const app = await registered('2026-03-02');
      const page = await handler.get(detailHref(app.applicationId));
      const units = /id="event-fee_notice_sent-units" name="units" value="(\d+)"/.exec(page.body)?.[1];
      assert.ok(units && Number(units) >= 1, 'the 按件 count of 张三 this month');
      const response = await handler.post(`${detailHref(app.applicationId)}/events`, {
        type: 'fee_notice_sent',
        expectedEventCount: eventCount(page.body),
        at: '2026-03-02',
        method: 'per_page',
        units: '40',
        amount: '',
        paymentMethod: '到本机关财务室缴纳',
      });
      assert.equal(response.statusCode, 303, response.body.slice(0, 500));
      const after = await handler.get(String(response.headers.location));
      assert.match(after.body, /待缴费/);
      // 31–40 pages at 10 元: 100 元.
      assert.match(after.body, /收费通知（按量计收 100 元/);
      assert.match(after.body, /政府信息公开信息处理费收费通知/);
      assert.match(after.body, /id="event-fee_paid"/);
    });

    it('lets only the approver grant an extension, named in the timeline', async () => {
      const app = await registered('2026-03-02');
      const page = await approver.get(detailHref(app.applicationId));
      assert.match(page.body, /id="event-extension_approved"/);
      assert.doesNotMatch(page.body, /id="event-decided"/, 'an approver does not reply');
      const form = {
        type: 'extension_approved',
        expectedEventCount: eventCount(page.body),
        at: '2026-03-02',
        days: '10',
        noticeOn: '2026-03-02',
        reason: '所需信息涉及多个村委会，需逐一调取',
      };
      await handler.get(detailHref(app.applicationId));
      const before = await stored(app.applicationId);
      const refused = await handler.post(`${detailHref(app.applicationId)}/events`, form);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /您没有进行此项操作的权限/);
      assert.deepEqual(await stored(app.applicationId), before);
      const ok = await approver.post(`${detailHref(app.applicationId)}/events`, form);
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
      const after = await approver.get(String(ok.headers.location));
      assert.match(after.body, /经王主任批准延期 10 个工作日/);
      assert.match(after.body, /政府信息公开申请延期答复告知书/);
      assert.doesNotMatch(after.body, /id="event-extension_approved"/, 'only once');
    });

    it('shows the applicant masked to a supervisor and whole to the agency’s own staff', async () => {
      const app = await registered('2026-03-02');
      const own = await handler.get(detailHref(app.applicationId));
      assert.ok(own.body.includes(ZHANG_ID) && own.body.includes(ZHANG_PHONE) && own.body.includes('张三'));
      const watched = await supervisor.get(detailHref(app.applicationId));
      assert.equal(watched.statusCode, 200);
      assert.ok(!watched.body.includes(ZHANG_ID), 'no ID number');
      assert.ok(!watched.body.includes(ZHANG_PHONE), 'no phone');
      assert.match(watched.body, /139\*+5678/);
      assert.match(watched.body, /张\*/);
      assert.match(watched.body, /申请人的个人信息已隐藏/);
      assert.doesNotMatch(watched.body, /name="expectedEventCount"/, 'a supervisor records nothing');
      const watchedQueue = await supervisor.get(queueHref());
      assert.equal(watchedQueue.statusCode, 200);
      assert.ok(!watchedQueue.body.includes('张三'));
    });

    it('answers 404 to another town, and to an application of another agency under the own path', async () => {
      const app = await registered('2026-03-02');
      for (const url of [detailHref(app.applicationId), queueHref(), `${queueHref()}/new`]) {
        const response = await otherTown.get(url);
        assert.equal(response.statusCode, 404, url);
        assert.ok(!response.body.includes('承留镇'), `${url}: the name stays hidden`);
      }
      // 思礼镇's clerk puts 承留镇's application under 思礼镇's own path.
      const before = await stored(app.applicationId);
      const idor = await otherTown.get(detailHref(app.applicationId, f.sili.id));
      assert.equal(idor.statusCode, 404);
      assert.ok(!idor.body.includes(app.trackingNumber));
      await otherTown.get(`/office/agencies/${f.sili.id}/applications`);
      const write = await otherTown.post(`${detailHref(app.applicationId, f.sili.id)}/events`, {
        type: 'withdrawn',
        expectedEventCount: '1',
        at: '2026-03-02',
      });
      assert.equal(write.statusCode, 404);
      assert.deepEqual(await stored(app.applicationId), before);
      // The region's supervisor sees both towns: only the check that the application is the path's is left.
      const crossed = await supervisor.get(detailHref(app.applicationId, f.sili.id));
      assert.equal(crossed.statusCode, 404);
      // A letter of another application under this one's path.
      const otherApp = await registered('2026-03-02');
      const letters = await f.database.db.selectFrom('letters').select(['id', 'application_id']).execute();
      const foreign = letters.find((l) => l.application_id !== otherApp.applicationId);
      assert.ok(foreign);
      const letter = await handler.get(`${detailHref(otherApp.applicationId)}/letters/${foreign.id}.docx`);
      assert.equal(letter.statusCode, 404);
    });

    it('escapes what the applicant wrote, on the queue and the application page', async () => {
      const app = await registered('2026-03-02', {
        description: '<script>alert(1)</script>“道路”&<b>招标</b>',
      });
      for (const url of [queueHref(), detailHref(app.applicationId)]) {
        const page: LightMyRequestResponse = await handler.get(url);
        assert.equal(page.statusCode, 200);
        assert.ok(page.body.includes('&lt;script>alert(1)&lt;/script>'), url);
        assert.doesNotMatch(page.body.replace(/="[^"]*"/g, '=""'), /<script|<b>招标/i, url);
      }
    });

    it('assigns the application to a handler, and lists it under 仅看我的', async () => {
      const app = await registered('2026-03-02');
      await handler.get(detailHref(app.applicationId));
      const refused = await handler.post(`${detailHref(app.applicationId)}/assignment`, {
        assignee: f.users.siliClerk.id,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /只能分配给本机构负责依申请办理的工作人员/);
      const ok = await handler.post(`${detailHref(app.applicationId)}/assignment`, { assignee: handlerId });
      assert.equal(ok.statusCode, 303);
      const mine = await handler.get(`${queueHref()}?mine=1`);
      assert.deepEqual(queueOrder(mine.body), [app.trackingNumber]);
      assert.match(rowOf(mine.body, app.trackingNumber), /张办理/);
    });

    it('does not let a second clerk overwrite an assignment made meanwhile: refused as stale, one audit record', async () => {
      const app = await registered('2026-03-02');
      const shownTo = (html: string) => /name="shown" value="([^"]*)"/.exec(html)?.[1];
      // Both open the page while nobody is assigned.
      const seenByApprover = await approver.get(detailHref(app.applicationId));
      const seenByHandler = await handler.get(detailHref(app.applicationId));
      assert.equal(shownTo(seenByApprover.body), '', 'the form says whom the clerk saw');
      assert.equal(shownTo(seenByHandler.body), '');
      const first = await approver.post(`${detailHref(app.applicationId)}/assignment`, {
        assignee: handlerId,
        shown: '',
      });
      assert.equal(first.statusCode, 303, first.body.slice(0, 300));
      const second = await handler.post(`${detailHref(app.applicationId)}/assignment`, {
        assignee: '',
        shown: '',
      });
      assert.equal(second.statusCode, 409, 'the later of the two is refused');
      assert.match(second.body, /承办人已被他人修改/);
      const stored = await f.database.db
        .selectFrom('applications')
        .select('assigned_to')
        .where('id', '=', app.applicationId)
        .executeTakeFirstOrThrow();
      assert.equal(stored.assigned_to, handlerId, 'the first assignment stands');
      const audits = await f.database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'application.assign')
        .where('object_id', '=', app.applicationId)
        .execute();
      assert.equal(audits.length, 1, 'only the assignment that happened is audited');
      // The refusal shows the page as it is now: sending it again is a decision made knowingly.
      assert.equal(shownTo(second.body), handlerId);
      const knowingly = await handler.post(`${detailHref(app.applicationId)}/assignment`, {
        assignee: '',
        shown: handlerId,
      });
      assert.equal(knowingly.statusCode, 303);
    });

    it('refuses to assign a finished application from a page opened before (409, nothing written), and offers no form', async () => {
      const app = await registered('2026-03-02');
      const opened = await approver.get(detailHref(app.applicationId));
      assert.match(opened.body, /<form[^>]*id="assign"/, 'an open application has the form');
      await recordApplicationEvent(f.ctx, await principalOf('cl.handler'), app.applicationId, {
        type: 'withdrawn',
        at: '2026-03-02',
      });
      const before = await stored(app.applicationId);
      const refused = await approver.post(`${detailHref(app.applicationId)}/assignment`, {
        assignee: handlerId,
        shown: '',
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /该申请已办结，不能再分配承办人。/);
      assert.deepEqual(await stored(app.applicationId), before, 'no assignee, no audit record');
      // The refusal shows the page as it is now: 已终止, and no form to send again.
      assert.match(refused.body, /已终止/);
      for (const page of [refused, await approver.get(detailHref(app.applicationId))]) {
        assert.doesNotMatch(page.body, /id="assign"|name="shown"|保存承办人/);
        assert.doesNotMatch(page.body, /href="#assign"/, 'no link to a form that is not there');
      }
    });

    it('records a 复议 and its result; 纠正 reopens the application for a new reply', async () => {
      const app = await registered('2026-03-02');
      let page = await handler.get(detailHref(app.applicationId));
      const decided = await handler.post(`${detailHref(app.applicationId)}/events`, {
        type: 'decided',
        expectedEventCount: eventCount(page.body),
        at: '2026-03-02',
        outcome: 'unable1',
        legalBasis: '',
      });
      assert.equal(decided.statusCode, 303);
      // A month later, in a session of its own (the others would have timed out meanwhile).
      f.clock.now = new Date('2026-04-01T02:00:00.000Z');
      const later = await signedIn('cl.handler');
      page = await later.get(detailHref(app.applicationId));
      const recorded = await later.post(`${detailHref(app.applicationId)}/appeals`, {
        kind: 'reconsideration',
        caseNumber: '济示复〔2026〕7号',
        filedOn: '2026-03-20',
      });
      assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 300));
      page = await later.get(String(recorded.headers.location));
      assert.match(page.body, /济示复〔2026〕7号/);
      assert.match(page.body, /尚未审结/);
      const appealId =
        /<select id="appeal-result-appealId" name="appealId"[^>]*><option value="([^"]+)"/.exec(
          page.body,
        )?.[1];
      assert.ok(appealId);
      const bad = await later.post(`${detailHref(app.applicationId)}/appeals/result`, {
        appealId,
        result: '纠正',
        closedOn: '2026-03-19',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /审结日期早于立案日期/);
      const corrected = await later.post(`${detailHref(app.applicationId)}/appeals/result`, {
        appealId,
        result: '纠正',
        closedOn: '2026-03-31',
      });
      assert.equal(corrected.statusCode, 303, corrected.body.slice(0, 300));
      assert.match(String(corrected.headers.location), /done=reopened/);
      page = await later.get(String(corrected.headers.location));
      assert.match(page.body, /重新答复/);
      assert.match(page.body, /办理中/);
      f.clock.now = new Date('2026-03-02T02:00:00.000Z');
    });
  });
}
