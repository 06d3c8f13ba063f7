// 依申请公开 on the public portal through app.inject, on both engines: the form, a submission with
// its confirmation and secret link, the applicant's status page, letters as DOCX, the 补正 form,
// the lookup by tracking number and 查询码 — and what must never happen: personal data in full,
// anything written for a refused request, a page for a wrong or borrowed token, unescaped input.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import mammoth from 'mammoth';
import {
  type Agency,
  createAgency,
  login,
  type Principal,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import {
  applicantProblems,
  findApplicationByTrackingNumber,
  normalizeApplicant,
  normalizeRequest,
  recordApplicationEvent,
  requestProblems,
} from '../../src/applications/index.ts';
import {
  applicant as applicantOf,
  request as requestOf,
  residentId,
  TINY_PDF,
  ZHANG_ID,
  ZHANG_PHONE,
} from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { indexDocument } from '../../src/search/index.ts';
import { DEFAULT_APPLY_VALUES, problemField } from '../../src/web/portal/apply-form.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

type Fields = Record<string, string>;
interface FilePart {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** A multipart/form-data body as a browser sends it: the fields in order, then the file. */
function multipart(fields: Fields, files: Record<string, FilePart> = {}): { payload: Buffer; type: string } {
  const boundary = `----gongkaiTest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    chunks.push(Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  for (const [name, file] of Object.entries(files)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
    );
    chunks.push(Buffer.from(file.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

/** The action of the page's multipart form (with its _csrf query parameter). */
function multipartAction(html: string): string {
  const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(html)?.[1];
  assert.ok(action, 'a multipart form');
  return unescapeHtml(action);
}

/** The form fields of a valid application (the fixture's 张三 unless told otherwise). */
function validFields(overrides: Fields = {}): Fields {
  const a = applicantOf();
  const r = requestOf();
  return {
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
    deliveryForm: r.deliveryForm,
    deliveryChannel: r.deliveryChannel,
    ...overrides,
  };
}

const PDF: FilePart = { filename: '身份证.pdf', contentType: 'application/pdf', content: TINY_PDF };
const NO_FILE: FilePart = {
  filename: '',
  contentType: 'application/octet-stream',
  content: new Uint8Array(),
};
const TRACKING = /YSQ2026-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;
/** An error page without its request id. */
const withoutIds = (body: string) => body.replace(/[0-9a-f]{16}/g, '');

for (const engine of ENGINES) {
  describe(`依申请公开 on the portal on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let village: Agency;
    let handler: Principal;
    let log = '';
    let ipCounter = 0;
    let personCounter = 0;
    /** What the portal sent the applicant: none of it may hold the 身份证号 or phone in full. */
    const shown: string[] = [];

    before(async () => {
      f = await createWebFixture(engine, {
        logStream: new Writable({
          write(chunk, _encoding, done) {
            log += String(chunk);
            done();
          },
        }),
      });
      village = await createAgency(f.ctx, systemActor('apply-portal-test'), {
        parentId: f.sili.id,
        kind: 'village',
        name: '思礼村',
      });
      // 李办理 handles applications of 思礼镇.
      const { token } = await login(f.ctx, { username: f.users.siliClerk.username, password: TEST_PASSWORD });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      handler = principal;
    });
    after(async () => {
      await f?.close();
    });

    /** A browser of its own address, so that the per-address limits of one test leave the others alone. */
    const browser = () => new Browser(f.app, `198.51.100.${++ipCounter}`);

    /** Another person, so that the daily limit per applicant is not reached by accident. */
    function someone(): Fields {
      const n = String(++personCounter).padStart(2, '0');
      return { name: `王${n}`, idNumber: residentId(`419001199001${n}123`), phone: `137000000${n}` };
    }

    async function post(b: Browser, url: string, fields: Fields, files: Record<string, FilePart> = {}) {
      const { payload, type } = multipart(fields, files);
      return f.app.inject({
        method: 'POST',
        url,
        remoteAddress: b.ip,
        headers: { 'content-type': type, ...(b.cookies.size > 0 ? { cookie: b.cookieHeader() } : {}) },
        payload,
      });
    }

    /** Opens the form of the agency and submits it. */
    async function apply(
      fields: Fields,
      files: Record<string, FilePart> = { idProof: NO_FILE },
      b = browser(),
      agencyId = f.sili.id,
    ): Promise<{ response: LightMyRequestResponse; browser: Browser }> {
      const form = await b.get(`/agencies/${agencyId}/apply`);
      assert.equal(form.statusCode, 200);
      return { response: await post(b, multipartAction(form.body), fields, files), browser: b };
    }

    /** Submits a valid application; its tracking number, token and id. */
    async function submitted(overrides: Fields = someone()) {
      const { response, browser: b } = await apply(validFields(overrides));
      assert.equal(response.statusCode, 200, response.body.slice(0, 500));
      const trackingNumber = TRACKING.exec(response.body)?.[0];
      const href = /href="\/apply\/status\?token=([A-Za-z0-9_-]+)"/.exec(response.body);
      assert.ok(trackingNumber && href?.[1]);
      const row = await findApplicationByTrackingNumber(f.database.db, trackingNumber);
      assert.ok(row);
      return { trackingNumber, token: href[1], id: row.id, browser: b, response };
    }

    async function counts() {
      const db = f.database.db;
      return {
        applications: (await db.selectFrom('applications').select('id').execute()).length,
        files: (await db.selectFrom('application_files').select('id').execute()).length,
        events: (await db.selectFrom('application_events').select('seq').execute()).length,
      };
    }

    async function notFoundPage(): Promise<string> {
      const response = await browser().get('/agencies/no-such-agency');
      assert.equal(response.statusCode, 404);
      return withoutIds(response.body);
    }

    async function requestSupplement(applicationId: string) {
      return recordApplicationEvent(f.ctx, handler, applicationId, {
        type: 'supplement_requested',
        at: '2026-03-02',
        items: ['请说明所需信息的具体项目名称'],
        correctionDue: '2026-03-16',
      });
    }

    it('links the column from the agency home and shows the form, labelled, with help and the CSRF token in the action', async () => {
      const home = await browser().get(`/agencies/${f.sili.id}`);
      assert.ok(home.body.includes(`href="/agencies/${f.sili.id}/apply"`), 'the column is linked');
      // A 村民委员会 receives no applications: its home page does not offer the column.
      const villageHome = await browser().get(`/agencies/${village.id}`);
      assert.equal(villageHome.statusCode, 200);
      assert.ok(!villageHome.body.includes('/apply"'), 'no 依申请公开 column for a village');
      const response = await browser().get(`/agencies/${f.sili.id}/apply`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['cache-control'], 'no-store');
      const html = response.body;
      assert.match(
        html,
        /<form method="post" action="\/agencies\/[^"]+\/apply\?_csrf=[A-Za-z0-9_-]+" enctype="multipart\/form-data"/,
      );
      for (const label of ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'])
        assert.ok(html.includes(label), label);
      assert.equal(html.match(/type="radio" id="f-applicantType-/g)?.length, 6);
      for (const name of [
        'name',
        'organisationCode',
        'idKind',
        'idNumber',
        'phone',
        'email',
        'address',
        'description',
        'documentNumber',
        'idProof',
      ])
        assert.ok(
          html.includes(`for="f-${name}"`) && html.includes(`id="f-${name}"`),
          `label bound to ${name}`,
        );
      assert.match(html, /type="tel" id="f-phone" name="phone"[^>]*autocomplete="tel" inputmode="tel"/);
      assert.match(html, /autocomplete="email"/);
      assert.match(html, /收到申请之日起20个工作日内答复/);
      assert.match(html, /type="file" id="f-idProof" name="idProof" accept="[^"]*application\/pdf/);
      for (const label of ['纸质文本', '电子文本', '邮寄', '电子邮件'])
        assert.ok(html.includes(label), label);
      // The only script is our own search-as-you-type file (the form works without it).
      assert.deepEqual(html.match(/<script[^>]*>/g), [
        html.match(/<script src="\/static\/apply-suggest-[0-9a-f]{12}\.js" defer>/)?.[0],
      ]);
    });

    it('answers 404 for an unknown agency and a village, exactly as for any missing page', async () => {
      const missing = await notFoundPage();
      for (const id of ['no-such-agency', village.id]) {
        const page = await browser().get(`/agencies/${id}/apply`);
        assert.equal(page.statusCode, 404, id);
        assert.equal(withoutIds(page.body), missing, id);
        const { payload, type } = multipart(validFields());
        const b = browser();
        await b.get('/apply/lookup');
        const posted = await f.app.inject({
          method: 'POST',
          url: `/agencies/${id}/apply?_csrf=${encodeURIComponent(b.lastCsrf ?? '')}`,
          remoteAddress: b.ip,
          headers: { 'content-type': type, cookie: b.cookieHeader() },
          payload,
        });
        assert.equal(posted.statusCode, 404, id);
      }
    });

    it('takes a valid application with a PDF: 200 with the tracking number, dates and the secret link, never a redirect', async () => {
      const before = await counts();
      const { response } = await apply(validFields(), { idProof: PDF });
      assert.equal(response.statusCode, 200, response.body.slice(0, 500));
      assert.equal(response.headers.location, undefined);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers['referrer-policy'], 'no-referrer');
      shown.push(response.body);
      const html = response.body;
      assert.match(html, /<h1>申请已提交<\/h1>/);
      assert.match(
        html,
        new RegExp(
          `<p class="tracking-number"><span class="tracking-label">申请编号</span><strong>${TRACKING.source}</strong>`,
        ),
      );
      // Monday 2026-03-02: received that day, 20 working days from the next day → 2026-03-30.
      assert.match(html, /<time datetime="2026-03-02">2026年3月2日<\/time>/);
      assert.match(html, /<time datetime="2026-03-30">2026年3月30日<\/time>/);
      assert.match(html, /任何人得到这个链接，都能看到您的申请/);
      assert.match(html, /http:\/\/[^<]+\/apply\/status\?token=[A-Za-z0-9_-]{32}/);
      const after = await counts();
      assert.equal(after.applications, before.applications + 1);
      assert.equal(after.files, before.files + 1);
    });

    it('shows the applicant’s status through the link: 办理中, the due date, the timeline; personal data masked', async () => {
      const app = await submitted({});
      const status = await browser().get(`/apply/status?token=${app.token}`);
      assert.equal(status.statusCode, 200);
      assert.equal(status.headers['cache-control'], 'no-store');
      assert.equal(status.headers['referrer-policy'], 'no-referrer');
      shown.push(app.response.body, status.body);
      const html = status.body;
      assert.ok(html.includes(app.trackingNumber));
      assert.match(html, /<strong class="phase">办理中<\/strong>/);
      assert.match(html, /答复期限<\/dt><dd><time datetime="2026-03-30">/);
      assert.match(html, /收到申请/);
      assert.match(html, /思礼镇/);
      assert.match(html, /139\*+5678/);
      assert.match(html, /张\*/);
      assert.doesNotMatch(html, /action="\/apply\/status\/supplement/, 'no supplement form while processing');
      // A bare address leads to the lookup form.
      const bare = await browser().get('/apply/status');
      assert.equal(bare.statusCode, 303);
      assert.equal(bare.headers.location, '/apply/lookup');
    });

    it('refuses invalid input with every Chinese problem, keeps the values (never the file) and writes nothing', async () => {
      const before = await counts();
      const { response } = await apply(
        validFields({
          idNumber: `${ZHANG_ID.slice(0, 17)}${ZHANG_ID.endsWith('0') ? '1' : '0'}`,
          phone: 'abc',
          description: '',
          deliveryChannel: 'post',
          address: '',
          name: '张三"><b>',
        }),
        { idProof: PDF },
      );
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['cache-control'], 'no-store');
      const html = response.body;
      for (const problem of [
        '居民身份证号码有误',
        '联系电话只能包含数字',
        '请填写所需政府信息的名称、文号或者便于查询的其他特征性描述',
        '选择邮寄时，请填写通信地址',
      ])
        assert.ok(html.includes(problem), problem);
      for (const field of ['idNumber', 'phone', 'description', 'address'])
        assert.ok(html.includes(`href="#f-${field}"`), `the summary links to ${field}`);
      assert.match(html, /id="f-phone" name="phone" value="abc"/);
      // The quote cannot end the attribute: kitajs escapes it (and & and < in text).
      assert.ok(html.includes('value="张三&#34;><b>"'));
      assert.match(html, /id="f-deliveryChannel-post" name="deliveryChannel" value="post" checked/);
      assert.match(html, /aria-invalid="true"/);
      assert.doesNotMatch(html, /身份证\.pdf/);
      assert.deepEqual(await counts(), before);
    });

    it('refuses an oversize or unsupported upload with a Chinese page and writes nothing', async () => {
      const before = await counts();
      const big = new Uint8Array(5 * 1024 * 1024 + 1);
      big.set(TINY_PDF);
      const oversize = await apply(validFields(someone()), {
        idProof: { filename: 'big.pdf', contentType: 'application/pdf', content: big },
      });
      assert.equal(oversize.response.statusCode, 413);
      assert.match(oversize.response.body, /上传的文件过大，不能超过5MB/);
      assert.match(oversize.response.body, /name="description"/, 'the form again, values kept');
      const exe = await apply(validFields(someone()), {
        idProof: {
          filename: 'x.pdf',
          contentType: 'application/pdf',
          content: new Uint8Array([0x4d, 0x5a, 1, 2]),
        },
      });
      assert.equal(exe.response.statusCode, 400);
      assert.match(exe.response.body, /只能上传 PDF、JPG 或 PNG 格式的文件/);
      assert.ok(exe.response.body.includes('href="#f-idProof"'));
      const two = await apply(validFields(someone()), { idProof: PDF, other: PDF });
      assert.equal(two.response.statusCode, 413);
      assert.deepEqual(await counts(), before);
    });

    it('refuses a submission without the CSRF token or with another browser’s, and writes nothing', async () => {
      const before = await counts();
      const b = browser();
      const form = await b.get(`/agencies/${f.sili.id}/apply`);
      const action = multipartAction(form.body);
      const bare = action.replace(/\?_csrf=.*$/, '');
      const none = await post(b, bare, validFields(someone()), { idProof: PDF });
      assert.equal(none.statusCode, 403);
      assert.match(none.body, /页面已过期或请求来源无法确认/);
      const stranger = browser();
      const stolen = await post(stranger, action, validFields(someone()), { idProof: PDF });
      assert.equal(stolen.statusCode, 403);
      assert.deepEqual(await counts(), before);
    });

    it('takes the form without a file as an ordinary urlencoded POST too (CSRF token in the body)', async () => {
      const b = browser();
      await b.get('/apply/lookup');
      const response = await b.post(`/agencies/${f.sili.id}/apply`, validFields(someone()));
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      assert.match(response.body, TRACKING);
      const refused = await b.post(`/agencies/${f.sili.id}/apply`, validFields(someone()), { csrf: false });
      assert.equal(refused.statusCode, 403);
    });

    it('limits one applicant to 10 online applications a day: 429 with the reason', async () => {
      const person = someone();
      for (let i = 0; i < 10; i++) await submitted(person);
      const { response } = await apply(validFields(person));
      assert.equal(response.statusCode, 429);
      assert.match(response.body, /同一申请人每天最多在网上提交10件申请/);
    });

    it('escapes <script> typed into the description on the confirmation and the status page', async () => {
      const description = '<script>alert("x")</script>道路工程&招标';
      const app = await submitted({ ...someone(), description });
      const status = await browser().get(`/apply/status?token=${app.token}`);
      for (const html of [app.response.body, status.body]) {
        assert.doesNotMatch(html, /<script/);
        assert.ok(html.includes('&lt;script>alert(&#34;x&#34;)&lt;/script>道路工程&amp;招标'));
      }
      const invalid = await apply(validFields({ ...someone(), description, phone: '' }));
      assert.equal(invalid.response.statusCode, 400);
      // The form page again: the only script tag is our own file, the description is text.
      assert.equal(invalid.response.body.match(/<script/g)?.length, 1);
      assert.match(invalid.response.body, /<script src="\/static\/apply-suggest-[0-9a-f]{12}\.js" defer>/);
      assert.doesNotMatch(invalid.response.body, /<script>alert/);
    });

    it('answers 404 to a wrong token and to a tracking number used as token, the same as any missing page', async () => {
      const app = await submitted();
      const missing = await notFoundPage();
      const wrong = `${app.token.slice(0, -2)}${app.token.endsWith('AA') ? 'BB' : 'AA'}`;
      for (const token of [wrong, app.trackingNumber, 'x', '', `${app.token}x`]) {
        const response = await browser().get(`/apply/status?token=${encodeURIComponent(token)}`);
        assert.equal(response.statusCode, 404, token);
        assert.equal(withoutIds(response.body), missing, token);
      }
    });

    it('shows the status on the lookup form only for the matching pair of tracking number and 查询码', async () => {
      const a = await submitted();
      const other = await submitted();
      const b = browser();
      const form = await b.get('/apply/lookup');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<label for="f-trackingNumber">申请编号<\/label>/);
      assert.match(form.body, /<label for="f-token">查询码<\/label>/);
      const ok = await b.post('/apply/lookup', { trackingNumber: a.trackingNumber, token: a.token });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.headers['cache-control'], 'no-store');
      assert.ok(ok.body.includes(a.trackingNumber) && ok.body.includes('办理中'));
      shown.push(ok.body);
      // Typed on a phone: lower case, spaces, no hyphens.
      const typed = ` ${a.trackingNumber.toLowerCase().replace(/-/g, ' ')} `;
      assert.equal(
        (await b.post('/apply/lookup', { trackingNumber: typed, token: a.token })).statusCode,
        200,
      );
      const refusals: string[] = [];
      for (const pair of [
        { trackingNumber: a.trackingNumber, token: other.token },
        { trackingNumber: other.trackingNumber, token: a.token },
        { trackingNumber: 'YSQ2026-AAAA-BBBB', token: a.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) },
        { trackingNumber: a.trackingNumber, token: a.trackingNumber },
      ]) {
        const response = await b.post('/apply/lookup', pair);
        assert.equal(response.statusCode, 404, JSON.stringify(pair));
        assert.match(response.body, /没有找到与该申请编号和查询码相符的申请/);
        assert.ok(!response.body.includes('办理中'));
        refusals.push(response.body.replace(/value="[^"]*"/g, '').replace(/name="_csrf" value="[^"]*"/, ''));
      }
      assert.equal(new Set(refusals).size, 1, 'no hint which half was wrong');
      const empty = await b.post('/apply/lookup', { trackingNumber: '', token: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /请填写申请编号/);
      const noCsrf = await b.post(
        '/apply/lookup',
        { trackingNumber: a.trackingNumber, token: a.token },
        { csrf: false },
      );
      assert.equal(noCsrf.statusCode, 403);
    });

    it('offers the 补正 form only while a supplement is awaited; sending it moves the application back to 办理中', async () => {
      const app = await submitted({});
      const other = await submitted();
      await requestSupplement(app.id);
      const b = browser();
      const status = await b.get(`/apply/status?token=${app.token}`);
      assert.equal(status.statusCode, 200);
      shown.push(status.body);
      assert.match(status.body, /<strong class="phase">待补正<\/strong>/);
      assert.match(status.body, /补正告知书/);
      assert.match(status.body, /请说明所需信息的具体项目名称/);
      const action = multipartAction(status.body);
      assert.match(
        action,
        /^\/apply\/status\/supplement\?_csrf=[A-Za-z0-9_-]+$/,
        'the access token is not in the URL',
      );
      assert.ok(status.body.includes(`<input type="hidden" name="token" value="${app.token}"/>`));

      // The letter as DOCX: for its own application only.
      const href = /href="(\/apply\/letter\.docx\?token=[^"]+)"/.exec(status.body)?.[1];
      assert.ok(href);
      const docx = await b.get(unescapeHtml(href));
      assert.equal(docx.statusCode, 200);
      assert.match(String(docx.headers['content-type']), /wordprocessingml/);
      const disposition = String(docx.headers['content-disposition']);
      assert.match(disposition, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      assert.ok(
        decodeURIComponent(disposition.split("UTF-8''")[1]!).startsWith(
          '补正告知书-思礼镇依申请公开〔2026〕',
        ),
        disposition,
      );
      assert.equal(docx.headers['cache-control'], 'no-store');
      const text = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value;
      assert.match(text, /补正/);
      assert.ok(!text.includes(ZHANG_ID) && !text.includes(ZHANG_PHONE));
      const letterId = new URL(unescapeHtml(href), 'http://x').searchParams.get('letter');
      const borrowed = await b.get(`/apply/letter.docx?token=${other.token}&letter=${letterId}`);
      assert.equal(borrowed.statusCode, 404);
      assert.equal((await b.get(`/apply/letter.docx?token=${app.token}&letter=nope`)).statusCode, 404);
      assert.equal(
        (await b.get(`/apply/letter.docx?token=${app.trackingNumber}&letter=${letterId}`)).statusCode,
        404,
      );
      // The other application's page shows no supplement form and not this letter.
      const otherStatus = await b.get(`/apply/status?token=${other.token}`);
      assert.doesNotMatch(otherStatus.body, /action="\/apply\/status\/supplement/);
      assert.ok(!otherStatus.body.includes(String(letterId)));

      // Empty → 400 with the reason; a wrong token → 404; nothing written.
      const before = await counts();
      const empty = await post(b, action, { token: app.token, text: '' }, { file: NO_FILE });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /请填写补正内容或上传补正材料/);
      const wrong = await post(
        b,
        action,
        { token: other.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), text: '补正' },
        { file: NO_FILE },
      );
      assert.equal(wrong.statusCode, 404);
      const big = new Uint8Array(5 * 1024 * 1024 + 10);
      big.set(TINY_PDF);
      const oversize = await post(
        b,
        action,
        { token: app.token, text: '补正<b>内容' },
        {
          file: { filename: 'big.pdf', contentType: 'application/pdf', content: big },
        },
      );
      assert.equal(oversize.statusCode, 413);
      assert.match(oversize.body, /补正&lt;b>内容<\/textarea>/, 'the text is kept');
      const noCsrf = await post(
        b,
        action.replace(/\?.*$/, ''),
        { token: app.token, text: '补正' },
        { file: NO_FILE },
      );
      assert.equal(noCsrf.statusCode, 403);
      assert.deepEqual(await counts(), before);

      const sent = await post(
        b,
        action,
        { token: app.token, text: '项目名称：思礼村道路硬化工程' },
        { file: PDF },
      );
      assert.equal(sent.statusCode, 200, sent.body.slice(0, 300));
      assert.equal(sent.headers.location, undefined);
      assert.match(sent.body, /已收到您的补正/);
      assert.match(sent.body, /<strong class="phase">办理中<\/strong>/);
      assert.doesNotMatch(sent.body, /action="\/apply\/status\/supplement/);
      shown.push(sent.body);
      const again = await post(b, action, { token: app.token, text: '再次补正' }, { file: NO_FILE });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /该申请当前不需要补正/);

      // Answered: the reply date instead of the due date, and the 答复告知书 beside the 补正告知书.
      await recordApplicationEvent(f.ctx, handler, app.id, {
        type: 'decided',
        at: '2026-03-02',
        outcome: 'granted',
        legalBasis: '根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，予以公开。',
      });
      const answered = await b.get(`/apply/status?token=${app.token}`);
      assert.equal(answered.statusCode, 200);
      shown.push(answered.body);
      assert.match(answered.body, /<strong class="phase">已答复待送达<\/strong>/);
      assert.match(answered.body, /<dt>答复日期<\/dt><dd><time datetime="2026-03-02">/);
      assert.doesNotMatch(answered.body, /<dt>答复期限<\/dt>/);
      assert.equal(answered.body.match(/href="\/apply\/letter\.docx\?/g)?.length, 2);
      assert.match(answered.body, /政府信息公开申请答复告知书/);
    });

    it('tells the applicant when the reply is overdue', async () => {
      const app = await submitted();
      const saved = f.clock.now;
      f.clock.now = new Date('2026-04-01T02:00:00.000Z');
      try {
        const status = await browser().get(`/apply/status?token=${app.token}`);
        assert.equal(status.statusCode, 200);
        assert.match(
          status.body,
          /本申请已超过答复期限（<time datetime="2026-03-30">2026年3月30日<\/time>）仍未答复/,
        );
      } finally {
        f.clock.now = saved;
      }
    });

    it('shows what is already published about the description before anything is submitted', async () => {
      await indexDocument(f.database.db, {
        id: 'disclosure:road-tender',
        agencyId: f.sili.id,
        kind: 'disclosure',
        category: null,
        year: 2026,
        validity: '有效',
        title: '思礼镇2025年农村道路硬化工程招标公告及中标结果公示',
        body: '思礼镇2025年农村道路硬化工程已完成招标，现将中标结果公示如下。',
        publishedOn: '2026-01-20',
        url: `/agencies/${f.sili.id}/items/road-tender`,
      });
      await indexDocument(f.database.db, {
        id: 'disclosure:other-town',
        agencyId: f.chengliu.id,
        kind: 'disclosure',
        category: null,
        year: 2026,
        validity: '有效',
        title: '承留镇2025年农村道路硬化工程招标公告',
        body: '承留镇农村道路硬化工程招标。',
        publishedOn: '2026-01-21',
        url: `/agencies/${f.chengliu.id}/items/other-town`,
      });
      const before = await counts();
      const { response } = await apply({
        ...validFields(someone()),
        description: '请公开思礼镇2025年农村道路硬化工程的招标文件和中标结果',
        action: 'find',
      });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /已公开的相关信息/);
      assert.ok(
        response.body.includes(`/agencies/${f.sili.id}/items/road-tender`),
        'the matching item is linked',
      );
      assert.match(response.body, /<mark>/);
      assert.ok(!response.body.includes('/items/other-town'), 'another agency’s items are not offered');
      // The form comes back filled in, and nothing was submitted.
      assert.ok(response.body.includes('请公开思礼镇2025年农村道路硬化工程的招标文件和中标结果'));
      assert.deepEqual(await counts(), before);
      const none = await apply({
        ...validFields(someone()),
        description: '水库移民后期扶持资金发放',
        action: 'find',
      });
      assert.equal(none.response.statusCode, 200);
      assert.match(none.response.body, /没有找到与您的描述相符的已公开信息/);
    });

    it('never shows the applicant’s 身份证号 or phone in full, and never logs the 查询码', async () => {
      assert.ok(shown.length >= 5);
      for (const html of shown) {
        assert.ok(!html.includes(ZHANG_ID), '身份证号 in a page');
        assert.ok(!html.includes(ZHANG_PHONE), 'phone in a page');
      }
      const app = await submitted();
      await browser().get(`/apply/status?token=${app.token}`);
      await browser().get(`/apply/letter.docx?token=${app.token}&letter=x`);
      assert.ok(log.includes('/apply/status?token=[已隐藏]'), 'the request was logged');
      assert.ok(!log.includes(app.token), 'the token is not in the log');
      assert.ok(!log.includes(ZHANG_ID) && !log.includes(ZHANG_PHONE));
    });

    it('links every problem the use case can name to its field', () => {
      const values = { ...DEFAULT_APPLY_VALUES };
      const bad = [
        {
          applicant: { ...applicantOf(), name: '', idNumber: '', phone: '' },
          request: requestOf({ description: '' }),
        },
        {
          applicant: {
            ...applicantOf(),
            idNumber: '123',
            phone: 'x',
            email: 'bad',
            address: 'x'.repeat(400),
          },
          request: requestOf({ documentNumber: 'x'.repeat(200), deliveryChannel: 'email' }),
        },
        {
          applicant: {
            ...applicantOf(),
            applicantType: 'commercialEnterprise' as never,
            name: '',
            organisationCode: 'X',
          },
          request: requestOf({
            deliveryForm: '' as never,
            deliveryChannel: '' as never,
            description: 'x'.repeat(5000),
          }),
        },
        {
          applicant: { ...applicantOf(), applicantType: '' as never, idKind: '' as never, email: null },
          request: requestOf({ deliveryChannel: 'email' }),
        },
      ];
      let seen = 0;
      for (const input of bad) {
        const a = normalizeApplicant(input.applicant);
        for (const problem of [
          ...applicantProblems(a),
          ...requestProblems(normalizeRequest(input.request), a),
        ]) {
          assert.notEqual(problemField(problem, values), null, problem);
          seen++;
        }
      }
      assert.ok(seen >= 12, `${seen} problems`);
    });
  });
}
