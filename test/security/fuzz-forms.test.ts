// Fuzzing every public form and the query parameters of the public pages (issue 8), through
// app.inject on both engines: the application form (multipart, with its ID proof), the 补正 form,
// the lookup by tracking number, 办事评价, 效能投诉, the sign-in form, and the GET parameters of
// search, suggestions, status, letters, lists and the text-size switch. Each request starts from a
// valid form and changes it: arbitrary values (CJK, controls, lone surrogates, huge), fields
// missing, repeated or added, wrong content types, broken multipart bodies and boundaries, bad
// UTF-8 and percent-encoding, missing or wrong CSRF tokens. Property: never a 5xx, an answer
// within the bound, and a refused form (4xx) writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../src/agencies/index.ts';
import { residentId, TINY_PDF } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { textPdf } from '../../src/disclosures/testing.ts';
import { createItem, createWindow, registerServiceEvent } from '../../src/services/index.ts';
import { sampleItem } from '../../src/services/testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';
import {
  CALL_BOUND_MS,
  describeInput,
  fuzzParameters,
  hostileBytes,
  hostileString,
  hugeString,
  mutatedBytes,
  testTimeout,
} from './fuzz-support.ts';

type Fields = Record<string, string>;
/** A field as posted: missing, once, or repeated. */
type Posted = Record<string, string | string[] | undefined>;

/** A valid value changed: kept, replaced by hostile or huge text, left out, or sent twice. */
function fieldValue(valid: string): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant(valid) },
    { weight: 3, arbitrary: hostileString(40) },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: hostileString(10).map((other) => [valid, other]) },
  );
}

/**
 * The valid form with some fields changed and maybe some added: mostly one or two fields, so that
 * the checks behind the first refusal are reached too, sometimes every field at once.
 */
function postedForm(valid: Fields): fc.Arbitrary<Posted> {
  const names = Object.keys(valid);
  const everyField = fc.record(Object.fromEntries(names.map((k) => [k, fieldValue(valid[k]!)])));
  const someFields = fc.subarray(names, { maxLength: 2 }).chain((chosen) =>
    fc.record(Object.fromEntries(chosen.map((k) => [k, fieldValue(valid[k]!)]))).map((changed) => ({
      ...valid,
      ...changed,
    })),
  );
  const extra = fc.dictionary(
    fc.oneof(
      hostileString(6),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'a[b]', 'a.b', '_csrf'),
    ),
    hostileString(10),
    { maxKeys: 3 },
  );
  return fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: someFields }, { weight: 1, arbitrary: everyField }),
      fc.option(extra),
    )
    .map(([form, more]) => ({ ...(more ?? {}), ...form }) as Posted);
}

/** Percent-encoded as a browser would, lone surrogates replaced (encodeURIComponent refuses them). */
function percent(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

function pairsOf(form: Posted): [string, string][] {
  return Object.entries(form).flatMap(([name, value]) =>
    value === undefined
      ? []
      : (typeof value === 'string' ? [value] : value).map((v) => [name, v] as [string, string]),
  );
}

/** How the body is sent: as a browser does, or broken in one of the ways clients and attackers break it. */
type Encoding =
  | 'urlencoded'
  | 'urlencoded-bad-escapes'
  | 'urlencoded-bad-utf8'
  | 'urlencoded-charset'
  | 'multipart'
  | 'multipart-wrong-boundary'
  | 'multipart-no-boundary'
  | 'multipart-truncated'
  | 'multipart-bad-headers'
  | 'json'
  | 'text'
  | 'none';

const ENCODINGS: readonly Encoding[] = [
  'urlencoded',
  'urlencoded-bad-escapes',
  'urlencoded-bad-utf8',
  'urlencoded-charset',
  'multipart',
  'multipart-wrong-boundary',
  'multipart-no-boundary',
  'multipart-truncated',
  'multipart-bad-headers',
  'json',
  'text',
  'none',
];

interface FilePart {
  field: string;
  filename: string;
  contentType: string;
  content: Uint8Array;
}

function multipartBody(pairs: [string, string][], files: FilePart[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value] of pairs) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    chunks.push(Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** The body and content type of a form sent with `encoding`. */
function encode(
  encoding: Encoding,
  pairs: [string, string][],
  files: FilePart[],
): { payload: Buffer | undefined; contentType: string | undefined } {
  const urlencoded = () => new URLSearchParams(pairs).toString();
  const boundary = '----gongkaiFuzz7MA4YWxkTrZu0gW';
  switch (encoding) {
    case 'urlencoded':
      return { payload: Buffer.from(urlencoded()), contentType: 'application/x-www-form-urlencoded' };
    case 'urlencoded-bad-escapes':
      return {
        payload: Buffer.from(`${urlencoded()}&%=%&a=%E4%B8&%zz=%u4E2D&b=%C0%80&c=%ED%A0%80`),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'urlencoded-bad-utf8':
      return {
        payload: Buffer.concat([
          Buffer.from(urlencoded()),
          Buffer.from('&name='),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        ]),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'urlencoded-charset':
      return {
        payload: Buffer.from(urlencoded()),
        contentType: 'application/x-www-form-urlencoded; charset=gbk',
      };
    case 'multipart':
      return {
        payload: multipartBody(pairs, files, boundary),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    case 'multipart-wrong-boundary':
      return {
        payload: multipartBody(pairs, files, boundary),
        contentType: 'multipart/form-data; boundary=other',
      };
    case 'multipart-no-boundary':
      return { payload: multipartBody(pairs, files, boundary), contentType: 'multipart/form-data' };
    case 'multipart-truncated': {
      const body = multipartBody(pairs, files, boundary);
      return {
        payload: body.subarray(0, Math.floor(body.length * 0.6)),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    }
    case 'multipart-bad-headers': {
      const body = multipartBody(pairs, files, boundary)
        .toString('latin1')
        .replace(/Content-Disposition: form-data; name="/g, 'Content-Disposition: form-data; name="\u0000')
        .replace(/\r\n\r\n/, '\r\n');
      return {
        payload: Buffer.from(body, 'latin1'),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    }
    case 'json':
      return {
        payload: Buffer.from(JSON.stringify(Object.fromEntries(pairs))),
        contentType: 'application/json',
      };
    case 'text':
      return { payload: Buffer.from(urlencoded()), contentType: 'text/plain' };
    case 'none':
      return { payload: Buffer.from(urlencoded()), contentType: undefined };
  }
}

/** Rows that a form writes when it is accepted; a refused form must leave every count as it was. */
const COUNTED = [
  'applications',
  'application_events',
  'application_files',
  'service_ratings',
  'service_complaints',
  'sessions',
  'audit_log',
] as const;

const bound = Math.max(CALL_BOUND_MS, 10_000);

for (const engine of ENGINES) {
  describe(`fuzz: public forms on ${engine}`, {
    skip: await skipUnless(engine),
    timeout: testTimeout(8, 240_000),
  }, () => {
    let f: WebFixture;
    let ip = 0;
    /** A fresh address per request: the per-address limits answer 429 (allowed) but would hide the rest. */
    const nextIp = () => {
      ip++;
      return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
    };
    let anonymous: { cookie: string; csrf: string; applyAction: string };
    let application: { token: string; trackingNumber: string };
    let ratingCode: string;

    async function counts(): Promise<Record<string, number>> {
      const result: Record<string, number> = {};
      for (const table of COUNTED) {
        const row = await f.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        result[table] = Number(row.n);
      }
      return result;
    }

    /** Sends one request and checks the property; returns the response. */
    async function sendOne(
      request: {
        method: 'GET' | 'POST';
        url: string;
        payload?: Buffer;
        contentType?: string;
        cookie?: boolean;
      },
      options: {
        writes?: readonly (typeof COUNTED)[number][];
        /** Written even when the form is refused (a failed sign-in is audited). */
        refusalWrites?: readonly (typeof COUNTED)[number][];
      } = {},
    ): Promise<LightMyRequestResponse> {
      const before = await counts();
      const started = performance.now();
      const response = await f.app.inject({
        method: request.method,
        url: request.url,
        remoteAddress: nextIp(),
        headers: {
          ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
          ...(request.cookie === false ? {} : { cookie: anonymous.cookie }),
        },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const elapsed = performance.now() - started;
      const what = `${request.method} ${describeInput(request.url)} ${request.contentType ?? ''} ${describeInput(request.payload ?? '')}`;
      assert.ok(
        response.statusCode < 500,
        `${response.statusCode} for ${what}\n${response.body.slice(0, 600)}`,
      );
      assert.ok(elapsed < bound, `${Math.round(elapsed)} ms for ${what}`);
      const after = await counts();
      for (const table of COUNTED) {
        const written = after[table]! - before[table]!;
        const mayWrite =
          response.statusCode < 400
            ? (options.writes ?? []).includes(table)
            : (options.refusalWrites ?? []).includes(table);
        assert.ok(
          written === 0 || (mayWrite && written > 0 && written <= 2),
          `${table}: ${written} rows written, answer ${response.statusCode}, for ${what}`,
        );
      }
      return response;
    }

    /**
     * One request at a time: a long run stops a property by its time budget while a request may be
     * in flight, and its write must land before the next request counts rows.
     */
    let queue: Promise<unknown> = Promise.resolve();
    function send(...args: Parameters<typeof sendOne>): ReturnType<typeof sendOne> {
      const next = queue.then(() => sendOne(...args));
      queue = next.catch(() => undefined);
      return next;
    }

    before(async () => {
      f = await createWebFixture(engine);
      const operator = systemActor('fuzz-forms');
      await createWindow(f.ctx, operator, {
        agencyId: f.sili.id,
        window: {
          name: '综合窗口',
          hours: '周一至周五 8:30-12:00',
          phone: '0391-6611234',
          location: '一楼',
          position: 1,
        },
      });
      const item = await createItem(f.ctx, operator, {
        agencyId: f.sili.id,
        item: sampleItem({ name: '思礼镇测试事项', window: '综合窗口' }),
      });
      ratingCode = (
        await registerServiceEvent(f.ctx, operator, {
          agencyId: f.sili.id,
          itemId: item.id,
          channel: 'online',
          windowId: null,
        })
      ).code;
      // One visitor's cookie and CSRF token, reused from every address (the token binds the browser, not the address).
      const browser = new Browser(f.app, '192.0.2.200');
      const form = await browser.get(`/agencies/${f.sili.id}/apply`);
      assert.equal(form.statusCode, 200);
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
        form.body,
      )?.[1];
      assert.ok(action, 'the multipart form of the application');
      const applyAction = unescapeHtml(action);
      const token = new URL(applyAction, 'http://localhost').searchParams.get('_csrf');
      assert.ok(token, 'the CSRF token in the form action');
      anonymous = { cookie: browser.cookieHeader(), csrf: token, applyAction };
      // An application whose status page, 补正 form and letters the fuzzing can reach.
      const submitted = await send(
        {
          method: 'POST',
          url: anonymous.applyAction,
          ...encode('multipart', Object.entries(applyFields()), [pdfPart(TINY_PDF)]),
        },
        { writes: ['applications', 'application_events', 'application_files', 'audit_log'] },
      );
      assert.equal(
        submitted.statusCode,
        200,
        submitted.body
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 1500),
      );
      application = {
        token: /href="\/apply\/status\?token=([A-Za-z0-9_-]+)"/.exec(submitted.body)?.[1] ?? '',
        trackingNumber: /YSQ\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(submitted.body)?.[0] ?? '',
      };
      assert.ok(
        application.token && application.trackingNumber,
        submitted.body
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 3000),
      );
    });
    after(async () => {
      await f?.close();
    });

    let person = 0;
    function applyFields(): Fields {
      const n = String(++person % 100).padStart(2, '0');
      return {
        applicantType: 'naturalPerson',
        name: `赵${n}`,
        organisationCode: '',
        idKind: 'id_card',
        idNumber: residentId(`419001198801${n}321`),
        phone: `1391234${n}00`,
        email: '',
        address: '济源市思礼镇',
        description: '请公开本镇2025年度低保资金的发放名单与标准',
        documentNumber: '',
        deliveryForm: 'electronic',
        deliveryChannel: 'online',
      };
    }

    function pdfPart(
      content: Uint8Array,
      filename = '身份证.pdf',
      contentType = 'application/pdf',
    ): FilePart {
      return { field: 'idProof', filename, contentType, content };
    }

    const filePart = fc.oneof(
      fc.constant(undefined),
      fc.record({
        field: fc.constantFrom('idProof', 'file', 'other', 'name'),
        filename: fc.oneof(
          fc.constantFrom('身份证.pdf', '', 'a.exe', '../../x.pdf', 'a"b.pdf'),
          hostileString(10),
        ),
        contentType: fc.constantFrom(
          'application/pdf',
          'image/png',
          'text/html',
          'application/octet-stream',
          '',
          'x',
        ),
        content: fc.oneof(
          fc.constant(TINY_PDF),
          hostileBytes(512),
          mutatedBytes([textPdf('x'), TINY_PDF]),
          fc.constant(new Uint8Array()),
        ),
      }),
    );
    const encoding = fc.oneof(
      { weight: 6, arbitrary: fc.constant<Encoding>('multipart') },
      { weight: 4, arbitrary: fc.constantFrom(...ENCODINGS) },
    );
    const urlEncoding = fc.oneof(
      { weight: 6, arbitrary: fc.constant<Encoding>('urlencoded') },
      { weight: 4, arbitrary: fc.constantFrom(...ENCODINGS) },
    );
    /** The CSRF token as sent: the visitor's, none, another's or garbage. */
    const csrf = fc.oneof(
      { weight: 6, arbitrary: fc.constant<string | undefined>('valid') },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: hostileString(20) },
    );
    const withCsrf = (pairs: [string, string][], token: string | undefined): [string, string][] =>
      token === undefined ? pairs : [['_csrf', token === 'valid' ? anonymous.csrf : token], ...pairs];

    it('the application form (multipart with its ID proof)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constant(null).chain(() => postedForm({ ...applyFields(), action: 'submit' })),
          filePart,
          encoding,
          csrf,
          fc.oneof(
            { weight: 6, arbitrary: fc.constant('valid') },
            { weight: 1, arbitrary: fc.constantFrom('none', 'garbage') },
          ),
          async (form, file, how, token, actionCsrf) => {
            const url =
              actionCsrf === 'valid'
                ? anonymous.applyAction
                : actionCsrf === 'none'
                  ? `/agencies/${f.sili.id}/apply`
                  : `/agencies/${f.sili.id}/apply?_csrf=%E4%B8${percent(String(token))}`;
            await send(
              { method: 'POST', url, ...encode(how, withCsrf(pairsOf(form), token), file ? [file] : []) },
              { writes: ['applications', 'application_events', 'application_files', 'audit_log'] },
            );
          },
        ),
        fuzzParameters(30),
      );
    });

    it('the 补正 form and the lookup by tracking number', async () => {
      await fc.assert(
        fc.asyncProperty(
          postedForm({ token: application.token, text: '补充说明：所需信息为2025年度低保名单' }),
          filePart,
          encoding,
          postedForm({ trackingNumber: application.trackingNumber, token: application.token }),
          urlEncoding,
          csrf,
          async (supplement, file, how, lookup, lookupHow, token) => {
            await send(
              {
                method: 'POST',
                url: `/apply/status/supplement?_csrf=${encodeURIComponent(anonymous.csrf)}`,
                ...encode(how, withCsrf(pairsOf(supplement), token), file ? [file] : []),
              },
              { writes: ['application_events', 'application_files', 'audit_log'] },
            );
            await send({
              method: 'POST',
              url: '/apply/lookup',
              ...encode(lookupHow, withCsrf(pairsOf(lookup), token), []),
            });
          },
        ),
        fuzzParameters(20),
      );
    });

    it('办事评价 and 效能投诉', async () => {
      await fc.assert(
        fc.asyncProperty(
          postedForm({ code: ratingCode, level: 'satisfied', reason: '', window: '', from: 'qr' }),
          postedForm({
            window: '',
            item: '',
            content: '窗口工作人员办理时推诿，要求多次提交同样的材料。',
            complainantName: '钱先生',
            complainantPhone: '13912340000',
          }),
          urlEncoding,
          csrf,
          async (rating, complaint, how, token) => {
            await send(
              {
                method: 'POST',
                url: `/agencies/${f.sili.id}/services/rate`,
                ...encode(how, withCsrf(pairsOf(rating), token), []),
              },
              { writes: ['service_ratings', 'audit_log'] },
            );
            await send(
              {
                method: 'POST',
                url: `/agencies/${f.sili.id}/services/complaints/new`,
                ...encode(how, withCsrf(pairsOf(complaint), token), []),
              },
              { writes: ['service_complaints', 'audit_log'] },
            );
          },
        ),
        fuzzParameters(20),
      );
    });

    it('the sign-in form', async () => {
      await fc.assert(
        fc.asyncProperty(
          postedForm({ username: f.users.siliClerk.username, password: TEST_PASSWORD, next: '/office' }),
          urlEncoding,
          csrf,
          async (form, how, token) => {
            // A failed sign-in may count the attempt and audit it; only a session needs the right password.
            const response = await send(
              { method: 'POST', url: '/office/login', ...encode(how, withCsrf(pairsOf(form), token), []) },
              { writes: ['sessions', 'audit_log'], refusalWrites: ['audit_log'] },
            );
            assert.ok(response.statusCode < 500);
          },
        ),
        fuzzParameters(20),
      );
    });

    it('the query parameters and paths of the public pages', async () => {
      const value = fc.oneof(
        hostileString(20).map(percent),
        fc.constantFrom(
          '%',
          '%E4%B8',
          '%zz',
          '%00',
          '%C0%80',
          '%ED%A0%80',
          '..%2F..%2F',
          '%2e%2e',
          'a%0d%0aSet-Cookie:x=1',
        ),
        fc.integer().map(String),
        hugeString.map((s) => percent(s.slice(0, 5000))),
      );
      const page = fc.constantFrom(
        (v: string) => `/agencies/${f.sili.id}/search?q=${v}`,
        (v: string) => `/agencies/${f.sili.id}/search?q=低保&category=${v}&year=${v}&validity=${v}&page=${v}`,
        (v: string) => `/agencies/${f.sili.id}/search?q=${v}&q=${v}&page=-1`,
        (v: string) => `/agencies/${f.sili.id}/apply/suggestions?q=${v}`,
        (v: string) => `/agencies/${f.sili.id}/items?category=${v}&year=${v}&page=${v}`,
        (v: string) => `/agencies/${f.sili.id}/normative?status=${v}&year=${v}`,
        (v: string) => `/agencies/${v}/items/${v}`,
        (v: string) => `/agencies/${v}`,
        (v: string) => `/apply/status?token=${v}`,
        (v: string) => `/apply/letter.docx?token=${v}&letter=${v}`,
        (v: string) => `/apply/letter.docx?token=${application.token}&letter=${v}`,
        (v: string) => `/complaints/${v}`,
        (v: string) => `/agencies/${f.sili.id}/services/rate?code=${v}&window=${v}&from=${v}`,
        (v: string) => `/agencies/${f.sili.id}/services/complaints/new?window=${v}`,
        (v: string) => `/agencies/${f.sili.id}/services/items/${v}`,
        (v: string) => `/agencies/${f.sili.id}/annual-reports/${v}`,
        (v: string) => `/preferences/text-size?size=${v}&return=${v}`,
        (v: string) => `/office/login?next=${v}&done=${v}`,
        (v: string) => `/api/v1/agencies/${v}`,
        (v: string) => `/sitemap.xml?${v}`,
      );
      await fc.assert(
        fc.asyncProperty(page, value, fc.boolean(), async (url, v, cookie) => {
          await send({ method: 'GET', url: url(v), cookie });
        }),
        fuzzParameters(60),
      );
    });
  });
}
