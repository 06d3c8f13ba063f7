// 办事评价 through app.inject on both engines: the clerk's 办件登记 gives a receipt with the 评价码,
// its link and QR code; the citizen's form (code prefilled, from=qr recorded), one rating per 办件,
// unknown codes and missing reasons answered in Chinese, CSRF, bad input never 500, the limit on
// wrong codes (not on honest ratings from one address) with Retry-After, names escaped, and access
// to the office pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  changePassword,
  createUser,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { type SeededCatalogue, seedFeedbackCatalogue } from '../../src/services/feedback-testing.ts';
import { registerServiceEvent } from '../../src/services/index.ts';
import { qrModules } from '../../src/web/qr.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `198.51.101.${++ipCounter}`;
const operator = systemActor('service-ratings-test');
const XSS_WINDOW = '<script>alert(1)</script>民政窗口';

for (const engine of ENGINES) {
  describe(`办事评价 pages on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let clerk: Browser;
    let cl: SeededCatalogue;
    let rateUrl: string;
    let eventsUrl: string;

    async function signedIn(agencyId: string, username: string, roles: Role[]): Promise<Browser> {
      const { initialPassword } = await createUser(f.ctx, operator, {
        agencyId,
        username,
        displayName: username,
        roles,
      });
      const { token } = await login(f.ctx, { username, password: initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303);
      assert.equal((await browser.get('/office')).statusCode, 200);
      return browser;
    }

    /** A 办件 registered directly: its code. */
    async function newCode(): Promise<string> {
      return (
        await registerServiceEvent(f.ctx, operator, {
          agencyId: f.chengliu.id,
          itemId: cl.itemId,
          channel: 'window',
          windowId: cl.windowId,
        })
      ).code;
    }

    const ratings = async () => f.database.db.selectFrom('service_ratings').selectAll().execute();

    before(async () => {
      f = await createWebFixture(engine);
      cl = await seedFeedbackCatalogue(f.database.db, f.chengliu.id, { window: XSS_WINDOW });
      await seedFeedbackCatalogue(f.database.db, f.sili.id);
      clerk = await signedIn(f.chengliu.id, 'cl.service', ['service']);
      rateUrl = `/agencies/${f.chengliu.id}/services/rate`;
      eventsUrl = `/office/agencies/${f.chengliu.id}/service-events`;
    });
    after(async () => f?.close());

    it('registers a 办件 and prints the receipt: the code once, the rating link and its QR code', async () => {
      const form = await clerk.get(eventsUrl);
      assert.equal(form.statusCode, 200, form.body.slice(0, 300));
      assert.match(form.body, /办件登记/);
      assert.ok(!form.body.includes('<script>alert(1)'), 'window names escaped');
      const receipt = await clerk.post(eventsUrl, { item: cl.itemId, channel: 'window', window: '' });
      assert.equal(receipt.statusCode, 200, receipt.body.slice(0, 400));
      assert.equal(receipt.headers['cache-control'], 'no-store');
      const printed = /<strong class="rating-code">([^<]+)<\/strong>/.exec(receipt.body)?.[1];
      assert.ok(printed, 'the code is printed');
      assert.match(printed, /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
      const code = printed.replace('-', '');
      assert.ok(receipt.body.includes(`${rateUrl}?code=${code}`), 'the rating link carries the code');
      assert.ok(!receipt.body.includes('<script>alert(1)'), 'escaped on the receipt');
      assert.match(receipt.body, /<svg[^>]+role="img"/);
      // The QR code encodes the absolute rating link, marked as coming from a QR code.
      const title = /<title>二维码：([^<]+)<\/title>/.exec(receipt.body)?.[1];
      assert.ok(title);
      const encoded = unescapeHtml(title.replace(/&#38;/g, '&'));
      assert.match(encoded, new RegExp(`^https?://[^/]+${rateUrl}\\?code=${code}&from=qr$`));
      assert.ok(qrModules(encoded).length > 20);
      // The list below the form shows the 办件, never its code.
      const list = await clerk.get(eventsUrl);
      assert.ok(!list.body.includes(code));
      assert.match(list.body, /未评价/);
      const stored = await f.database.db.selectFrom('service_events').selectAll().execute();
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.window_id, cl.windowId);
    });

    it('refuses a 办件 form with problems in Chinese, and without a CSRF token', async () => {
      const before = (await f.database.db.selectFrom('service_events').select('id').execute()).length;
      const bad = await clerk.post(eventsUrl, { item: cl.withdrawnItemId, channel: 'window', window: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /已停止办理/);
      const none = await clerk.post(eventsUrl, { item: '', channel: '', window: '' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /请选择办理的事项/);
      await clerk.get(eventsUrl);
      const forged = await clerk.post(
        eventsUrl,
        { item: cl.itemId, channel: 'window', window: '' },
        { csrf: false },
      );
      assert.equal(forged.statusCode, 403);
      assert.match(forged.body, /页面已过期/);
      const long = await clerk.post(eventsUrl, { item: 'x'.repeat(500), channel: 'window', window: '' });
      assert.equal(long.statusCode, 400);
      assert.equal((await f.database.db.selectFrom('service_events').select('id').execute()).length, before);
    });

    it('keeps the office pages to the service clerks of the town', async () => {
      const editor = await signedIn(f.chengliu.id, 'cl.editor', ['editor']);
      assert.equal((await editor.get(eventsUrl)).statusCode, 403);
      const other = await signedIn(f.sili.id, 'sl.service', ['service']);
      assert.equal((await other.get(eventsUrl)).statusCode, 404);
      const forged = await other.post(eventsUrl, { item: cl.itemId, channel: 'window', window: '' });
      assert.equal(forged.statusCode, 404);
    });

    it('prefills the code from the link and records a rating from a QR code once', async () => {
      const code = await newCode();
      const citizen = new Browser(f.app, nextIp());
      const form = await citizen.get(`${rateUrl}?code=${code.toLowerCase()}&from=qr&window=${cl.windowId}`);
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      assert.equal(form.headers['referrer-policy'], 'no-referrer');
      assert.ok(form.body.includes(`value="${code.slice(0, 5)}-${code.slice(5)}"`), 'the code as printed');
      assert.match(form.body, /<input type="hidden" name="from" value="qr"/);
      for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
        assert.ok(form.body.includes(`>${label}</label>`), label);
      assert.ok(!form.body.includes('<script>alert(1)'), 'the window name escaped');
      assert.ok(form.body.includes('&lt;script>alert(1)&lt;/script>民政窗口'), 'and shown');

      const noReason = await citizen.post(rateUrl, {
        code,
        level: 'very_dissatisfied',
        reason: '',
        from: 'qr',
        window: cl.windowId,
      });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /选择“非常不满意”时，请写明不满意的原因/);
      assert.equal((await ratings()).length, 0, 'nothing written');

      const rated = await citizen.post(rateUrl, {
        code: ` ${code.slice(0, 5)} ${code.slice(5).toLowerCase()}`,
        level: 'very_dissatisfied',
        reason: '<b>等候</b>时间太长',
        from: 'qr',
        window: cl.windowId,
      });
      assert.equal(rated.statusCode, 200, rated.body.slice(0, 400));
      assert.match(rated.body, /感谢您的评价/);
      assert.match(rated.body, /“<span>非常不满意<\/span>”已提交/);
      const [row] = await ratings();
      assert.equal(row!.source, 'qr');
      assert.equal(row!.reason, '<b>等候</b>时间太长');
      assert.equal(row!.window_id, cl.windowId);

      const again = await citizen.post(rateUrl, {
        code,
        level: 'satisfied',
        reason: '',
        from: '',
        window: '',
      });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /该办件已经评价过了/);
      assert.equal((await ratings()).length, 1);
    });

    it('records a rating from the portal form as such, and refuses unknown codes in Chinese', async () => {
      const citizen = new Browser(f.app, nextIp());
      assert.equal((await citizen.get(rateUrl)).statusCode, 200);
      const unknown = await citizen.post(rateUrl, {
        code: 'ZZZZZ-ZZZZZ',
        level: 'satisfied',
        reason: '',
        from: '',
        window: '',
      });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /没有找到与该评价码相符的办件/);
      const malformed = await citizen.post(rateUrl, {
        code: '1234',
        level: 'great',
        reason: '',
        from: '',
        window: '',
      });
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.body, /评价码应为 10 位数字和字母/);
      assert.match(malformed.body, /请选择满意程度/);
      // Another town's code under this town's address is no code at all.
      const siliItem = await f.database.db
        .selectFrom('service_items')
        .select('id')
        .where('agency_id', '=', f.sili.id)
        .where('withdrawn_at', 'is', null)
        .where('window_id', 'is not', null)
        .executeTakeFirstOrThrow();
      const sili = await registerServiceEvent(f.ctx, operator, {
        agencyId: f.sili.id,
        itemId: siliItem.id,
        channel: 'window',
        windowId: null,
      });
      const foreign = await citizen.post(rateUrl, {
        code: sili.code,
        level: 'satisfied',
        reason: '',
        from: '',
        window: '',
      });
      assert.equal(foreign.statusCode, 400);
      const code = await newCode();
      const ok = await citizen.post(rateUrl, {
        code,
        level: 'basically_satisfied',
        reason: '',
        from: 'elsewhere',
        window: 'nope',
      });
      assert.equal(ok.statusCode, 200);
      const row = (await ratings()).find((r) => r.level === 'basically_satisfied');
      assert.equal(row!.source, 'portal');
    });

    it('answers bad input with a Chinese 400, never a 500, and refuses a post without CSRF', async () => {
      const citizen = new Browser(f.app, nextIp());
      await citizen.get(rateUrl);
      const cases: Record<string, string>[] = [
        { code: 'x'.repeat(101), level: 'satisfied' },
        { code: '\u0000', level: 'satisfied', reason: 'a\u0000b' },
        { code: 'ABCDE', level: 'satisfied', reason: '慢'.repeat(4001) },
      ];
      for (const form of cases) {
        const response = await citizen.post(rateUrl, form);
        assert.equal(response.statusCode, 400, JSON.stringify(form).slice(0, 80));
        assert.match(response.body, /[\u4e00-\u9fff]/);
      }
      const twice = await citizen.post(rateUrl, { code: 'ABCDE', level: ['satisfied', 'dissatisfied'] });
      assert.equal(twice.statusCode, 400);
      assert.equal((await citizen.get(`${rateUrl}?code=${'x'.repeat(300)}`)).statusCode, 400);
      assert.equal((await citizen.get('/agencies/no-such-agency/services/rate')).statusCode, 404);
      const forged = await citizen.post(
        rateUrl,
        { code: await newCode(), level: 'satisfied' },
        { csrf: false },
      );
      assert.equal(forged.statusCode, 403);
    });

    it('lets a hall behind one address rate freely, and refuses guessing after 10 wrong codes', async () => {
      // A service hall's Wi-Fi: every citizen comes from the same address.
      const hall = new Browser(f.app, '203.0.113.77');
      await hall.get(rateUrl);
      const codes = [];
      for (let i = 0; i < 31; i++) codes.push(await newCode());
      for (let i = 0; i < 30; i++) {
        const response = await hall.post(rateUrl, { code: codes[i]!, level: 'satisfied' });
        assert.equal(response.statusCode, 200, `rating ${i + 1}`);
      }
      // A code rated already, a malformed one and a missing level are no guesses.
      assert.equal((await hall.post(rateUrl, { code: codes[0]!, level: 'satisfied' })).statusCode, 409);
      assert.equal((await hall.post(rateUrl, { code: '1234', level: 'satisfied' })).statusCode, 400);
      assert.equal((await hall.post(rateUrl, { code: codes[30]!, level: '' })).statusCode, 400);
      for (let i = 0; i < 10; i++) {
        const response = await hall.post(rateUrl, {
          code: `ZZZZZ-ZZZZ${'23456789AB'[i]}`,
          level: 'satisfied',
        });
        assert.equal(response.statusCode, 400, `wrong code ${i + 1}`);
        assert.match(response.body, /没有找到与该评价码相符的办件/);
      }
      const before = (await ratings()).length;
      const refused = await hall.post(rateUrl, { code: codes[30]!, level: 'satisfied' });
      assert.equal(refused.statusCode, 429, 'refused even with a right code');
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 600, String(retryAfter));
      assert.match(refused.body, /操作过于频繁/);
      assert.match(refused.body, /秒后再试/);
      assert.equal((await ratings()).length, before, 'nothing written');
      // Another address is not concerned.
      const other = new Browser(f.app, nextIp());
      await other.get(rateUrl);
      assert.equal(
        (await other.post(rateUrl, { code: await newCode(), level: 'satisfied' })).statusCode,
        200,
      );
      // Once the window has passed (the app's clock moved, not slept), the hall rates again.
      f.clock.now = new Date(f.clock.now.getTime() + (retryAfter - 1) * 1000);
      assert.equal((await hall.post(rateUrl, { code: codes[30]!, level: 'satisfied' })).statusCode, 429);
      f.clock.now = new Date(f.clock.now.getTime() + 1000);
      const later = await hall.post(rateUrl, { code: codes[30]!, level: 'satisfied' });
      assert.equal(later.statusCode, 200, later.body.slice(0, 300));
      assert.equal((await ratings()).length, before + 2);
    });
  });
}
