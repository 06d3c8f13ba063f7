// GONGKAI_PUBLIC_URL: the configuration is checked at start-up, and with it every absolute link the
// portal writes (feeds, the sitemap, robots.txt, the 微信公众号 export, the 依申请公开 confirmation)
// is under that address whatever Host the request claims; without it the request's host is used as
// before, and one that is not a plain host name becomes localhost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  changePassword,
  createUser,
  login,
  type Principal,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import {
  applicant as applicantOf,
  request as requestOf,
  residentId,
} from '../../src/applications/testing.ts';
import { loadConfig } from '../../src/config.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  publish,
  signReview,
  submitForReview,
} from '../../src/disclosures/index.ts';
import { content, staff } from '../../src/disclosures/testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

const PUBLIC = 'https://gongkai.jiyuan.gov.cn';
const EVIL = 'evil.example';

describe('GONGKAI_PUBLIC_URL in the configuration', () => {
  const load = (value: string) => loadConfig({ GONGKAI_PUBLIC_URL: value });

  it('is null when unset or empty', () => {
    assert.equal(loadConfig({}).publicUrl, null);
    assert.equal(load('').publicUrl, null);
  });

  it('keeps an http or https address, lower-cased host, without the trailing slash', () => {
    assert.equal(load('https://gongkai.jiyuan.gov.cn').publicUrl, PUBLIC);
    assert.equal(load('https://gongkai.jiyuan.gov.cn/').publicUrl, PUBLIC);
    assert.equal(load('https://GongKai.JiYuan.gov.cn//').publicUrl, PUBLIC);
    assert.equal(load('http://10.0.0.5:8080').publicUrl, 'http://10.0.0.5:8080');
    assert.equal(load('https://www.jiyuan.gov.cn/gongkai/').publicUrl, 'https://www.jiyuan.gov.cn/gongkai');
  });

  it('refuses anything else at start-up, naming the variable', () => {
    for (const value of [
      'gongkai.jiyuan.gov.cn',
      'ftp://gongkai.jiyuan.gov.cn',
      'javascript:alert(1)',
      'https://gongkai.jiyuan.gov.cn/?a=1',
      'https://gongkai.jiyuan.gov.cn/?',
      'https://gongkai.jiyuan.gov.cn/#top',
      'https://user:secret@gongkai.jiyuan.gov.cn',
      'https://gongkai.jiyuan.gov.cn /x',
      'https://',
    ]) {
      assert.throws(
        () => load(value),
        /GONGKAI_PUBLIC_URL must be an http:\/\/ or https:\/\/ address/,
        value,
      );
    }
  });
});

type Fields = Record<string, string>;

/** The multipart body of the 依申请公开 form, with an empty file field. */
function multipart(fields: Fields): { payload: Buffer; type: string } {
  const boundary = `----gongkaiPublicUrl${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    chunks.push(Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="idProof"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`,
    ),
    Buffer.from(`--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

let people = 0;
function applicationFields(): Fields {
  const a = applicantOf();
  const r = requestOf();
  const n = String(++people).padStart(2, '0');
  return {
    applicantType: a.applicantType,
    name: `钱${n}`,
    organisationCode: '',
    idKind: a.idKind,
    idNumber: residentId(`419001199202${n}123`),
    phone: `136000000${n}`,
    email: '',
    address: a.address ?? '',
    description: r.description,
    documentNumber: '',
    deliveryForm: r.deliveryForm,
    deliveryChannel: r.deliveryChannel,
  };
}

for (const engine of ENGINES) {
  for (const configured of [true, false]) {
    const title = configured ? 'with GONGKAI_PUBLIC_URL' : 'without GONGKAI_PUBLIC_URL';
    describe(`absolute links ${title} on ${engine}`, { skip: await skipUnless(engine) }, () => {
      let f: WebFixture;
      let w: { editor: Principal; reviewer: Principal; approver: Principal };
      let itemId: string;
      let ip = 0;

      before(async () => {
        f = await createWebFixture(engine, configured ? { config: { publicUrl: PUBLIC } } : {});
        const agencyId = f.chengliu.id;
        w = {
          editor: await staff(f.ctx, agencyId, 'pu.editor', ['editor']),
          reviewer: await staff(f.ctx, agencyId, 'pu.reviewer', ['reviewer']),
          approver: await staff(f.ctx, agencyId, 'pu.approver', ['approver']),
        };
        ({ itemId } = await createDraft(f.ctx, w.editor, {
          agencyId,
          content: content({ title: '公开地址测试通知' }),
        }));
        await submitForReview(f.ctx, w.editor, itemId);
        await signReview(f.ctx, w.reviewer, itemId, { checklist: CHECKLIST_IDS });
        await approve(f.ctx, w.approver, itemId);
        await publish(f.ctx, w.approver, itemId);
      });
      after(async () => f?.close());

      const get = (url: string, host: string) => f.app.inject({ method: 'GET', url, headers: { host } });
      /** What links must start with when the request says `host`. */
      const expectedBase = (host: string) =>
        configured ? PUBLIC : /^[\w.-]+$/.test(host) ? `http://${host}` : 'http://localhost';
      const itemPath = () => `/agencies/${f.chengliu.id}/items/${itemId}`;

      /** Every absolute http(s) address in the text. */
      const addresses = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((m) => m[0]);

      for (const host of [EVIL, 'gk.example.cn', `${EVIL}"><x`]) {
        it(`writes feed, sitemap and robots.txt links under ${configured ? 'the public address' : 'the request’s host'} (Host: ${host})`, async () => {
          const base = expectedBase(host);
          for (const path of [
            `/agencies/${f.chengliu.id}/feed.xml`,
            `/agencies/${f.chengliu.id}/atom.xml`,
            '/sitemap.xml',
            '/robots.txt',
          ]) {
            const response = await get(path, host);
            assert.equal(response.statusCode, 200, `${path}: ${response.body.slice(0, 200)}`);
            if (configured) assert.ok(!response.body.includes(EVIL), `${path} names the forged host`);
            const own = addresses(response.body).filter(
              (a) => !/^https?:\/\/(www\.w3\.org|www\.sitemaps\.org|purl\.org)\//.test(a),
            );
            assert.ok(own.length > 0, path);
            for (const a of own) assert.ok(a.startsWith(`${base}/`), `${path}: ${a}`);
          }
          const feed = await get(`/agencies/${f.chengliu.id}/feed.xml`, host);
          assert.ok(feed.body.includes(`<link>${base}${itemPath()}</link>`), 'the item link');
          const robots = await get('/robots.txt', host);
          assert.match(
            robots.body,
            new RegExp(`^Sitemap: ${base.replace(/[.]/g, '\\.')}/sitemap\\.xml$`, 'm'),
          );
        });
      }

      it('writes the 依申请公开 confirmation’s status link under the same base (Host: evil.example)', async () => {
        for (const host of [EVIL, `${EVIL}"><x`]) {
          const b = new Browser(f.app, `198.51.100.${++ip}`);
          const form = await b.get(`/agencies/${f.sili.id}/apply`, { host });
          assert.equal(form.statusCode, 200);
          const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
            form.body,
          )?.[1];
          assert.ok(action);
          const { payload, type } = multipart(applicationFields());
          const response = await f.app.inject({
            method: 'POST',
            url: unescapeHtml(action),
            remoteAddress: b.ip,
            headers: { host, 'content-type': type, cookie: b.cookieHeader() },
            payload,
          });
          assert.equal(response.statusCode, 200, response.body.slice(0, 500));
          assert.match(response.body, /<h1>申请已提交<\/h1>/);
          const links = addresses(response.body).filter((a) => a.includes('/apply/status?token='));
          assert.ok(links.length > 0, 'the status link is shown');
          for (const link of links)
            assert.ok(link.startsWith(`${expectedBase(host)}/apply/status?token=`), link);
          if (configured) assert.ok(!response.body.includes(EVIL));
          else assert.ok(!response.body.includes('"><x'));
        }
      });

      it('writes the 微信公众号 export’s links under the same base (Host: evil.example)', async () => {
        const username = `pu.wx.${configured ? 'a' : 'b'}`;
        const { initialPassword } = await createUser(f.ctx, systemActor('public-url-test'), {
          agencyId: f.chengliu.id,
          username,
          displayName: '导出测试',
          roles: ['editor'],
        });
        const { token } = await login(f.ctx, { username, password: initialPassword });
        const principal = await resolveSession(f.ctx, token);
        assert.ok(principal);
        await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
        const b = new Browser(f.app, '192.0.2.88');
        assert.equal((await b.signIn(username)).statusCode, 303);
        const file = await b.get(`/office/agencies/${f.chengliu.id}/items/${itemId}/wechat.html`, {
          host: EVIL,
        });
        assert.equal(file.statusCode, 200, file.body.slice(0, 300));
        assert.ok(file.body.includes(`href="${expectedBase(EVIL)}${itemPath()}"`), 'the source link');
        if (configured) assert.ok(!file.body.includes(EVIL));
      });
    });
  }
}
