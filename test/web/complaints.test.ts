// 效能投诉 through app.inject on both engines: the portal form (window preselected), the
// confirmation with the 投诉编号 and the secret link, the complainant's page masked; the office
// queue (overdue first and flagged), the hotline form, assignment and answer, seen by the
// complainant; bad input, CSRF, the rate limit, escaping, the supervisor's read-only view, and logs
// without the link's secret or the complainant's telephone.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  changePassword,
  createUser,
  grantRole,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { type SeededCatalogue, seedFeedbackCatalogue } from '../../src/services/feedback-testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `198.51.102.${++ipCounter}`;
const operator = systemActor('complaints-test');
const XSS = '<script>alert("x")</script>窗口人员中午离岗';

const complaint = (overrides: Record<string, string> = {}) => ({
  window: '',
  item: '',
  content: '民政窗口工作人员上班时间离岗，等候四十分钟无人办理',
  complainantName: '王小明',
  complainantPhone: '13812345678',
  ...overrides,
});

for (const engine of ENGINES) {
  describe(`效能投诉 pages on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let cl: SeededCatalogue;
    let clerk: Browser;
    let clerkId: string;
    let formUrl: string;
    let queueUrl: string;
    const logs: string[] = [];

    async function signedIn(
      agencyId: string,
      username: string,
      roles: Role[],
    ): Promise<{ browser: Browser; id: string }> {
      const { user, initialPassword } = await createUser(f.ctx, operator, {
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
      return { browser, id: user.id };
    }

    const complaintRows = async () => f.database.db.selectFrom('service_complaints').selectAll().execute();

    before(async () => {
      f = await createWebFixture(engine, {
        logStream: new Writable({
          write(chunk, _encoding, done) {
            logs.push(String(chunk));
            done();
          },
        }),
      });
      cl = await seedFeedbackCatalogue(f.database.db, f.chengliu.id);
      await seedFeedbackCatalogue(f.database.db, f.sili.id, { window: '思礼综合窗口' });
      ({ browser: clerk, id: clerkId } = await signedIn(f.chengliu.id, 'cl.service', ['service']));
      formUrl = `/agencies/${f.chengliu.id}/services/complaints/new`;
      queueUrl = `/office/agencies/${f.chengliu.id}/complaints`;
    });
    after(async () => f?.close());

    let token: string;
    let complaintUrl: string;

    it('files a complaint from the portal and shows the 投诉编号 and the link once; the link shows it masked', async () => {
      const citizen = new Browser(f.app, nextIp());
      const form = await citizen.get(`${formUrl}?window=${cl.windowId}`);
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      assert.ok(form.body.includes(`<option value="${cl.windowId}" selected>`), 'the window preselected');
      assert.ok(!form.body.includes(cl.closedWindowId), 'a closed window is not offered');
      assert.ok(!form.body.includes(cl.withdrawnItemId), 'nor a withdrawn item');
      const filed = await citizen.post(
        formUrl,
        complaint({ window: cl.windowId, item: cl.itemId, content: XSS }),
      );
      assert.equal(filed.statusCode, 200, filed.body.slice(0, 400));
      assert.equal(filed.headers['cache-control'], 'no-store');
      assert.equal(filed.headers['referrer-policy'], 'no-referrer');
      assert.match(filed.body, /<strong>TS2026-0001<\/strong>/);
      assert.match(filed.body, /请务必保存查询链接/);
      const link = /<code class="secret status-url">([^<]+)<\/code>/.exec(filed.body)?.[1];
      assert.ok(link);
      const url = new URL(unescapeHtml(link));
      assert.match(url.pathname, /^\/complaints\/[A-Za-z0-9_-]{32}$/);
      token = url.pathname.slice('/complaints/'.length);
      // The fixture's clock: Monday 2 March 2026, 10 working days → 16 March.
      assert.match(filed.body, /2026年3月16日/);

      const page = await new Browser(f.app, nextIp()).get(url.pathname);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /已受理/);
      assert.match(page.body, /王\*\*/);
      assert.match(page.body, /138\*\*\*\*5678/);
      assert.ok(!page.body.includes('13812345678') && !page.body.includes('王小明'));
      assert.ok(!page.body.includes('<script>alert'), 'the content escaped');
      assert.ok(page.body.includes('&lt;script>alert'));
      assert.match(page.body, /尚未答复/);
      const [row] = await complaintRows();
      assert.equal(row!.window_id, cl.windowId);
      assert.equal(row!.item_id, cl.itemId);
      complaintUrl = `${queueUrl}/${row!.id}`;
      // The secret and the telephone never reach the logs.
      const logged = logs.join('');
      assert.ok(logged.includes('/complaints/[已隐藏]'), 'the request was logged with its path hidden');
      assert.ok(!logged.includes(token), 'no token in the logs');
      assert.ok(!logged.includes('13812345678'), 'no telephone in the logs');
    });

    it('refuses an incomplete complaint in Chinese beside the fields, and bad input without a 500', async () => {
      const citizen = new Browser(f.app, nextIp());
      await citizen.get(formUrl);
      const before = (await complaintRows()).length;
      const bad = await citizen.post(
        formUrl,
        complaint({ content: '', complainantName: '', complainantPhone: '12345' }),
      );
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /请填写投诉内容/);
      assert.match(bad.body, /请填写投诉人姓名/);
      assert.match(bad.body, /联系电话格式不正确/);
      assert.match(bad.body, /href="#f-content"/);
      const foreign = await citizen.post(formUrl, complaint({ window: 'no-such-window' }));
      assert.equal(foreign.statusCode, 400);
      assert.match(foreign.body, /不是本机构的窗口/);
      for (const form of [
        complaint({ content: '慢'.repeat(10_001) }),
        complaint({ content: '窗口\u0000人员' }),
        complaint({ window: 'w'.repeat(101) }),
      ]) {
        const response = await citizen.post(formUrl, form);
        assert.equal(response.statusCode, 400);
        assert.match(response.body, /[\u4e00-\u9fff]/);
      }
      const twice = await citizen.post(formUrl, { ...complaint(), content: ['甲甲甲甲甲', '乙乙乙乙乙'] });
      assert.equal(twice.statusCode, 400);
      const forged = await citizen.post(formUrl, complaint(), { csrf: false });
      assert.equal(forged.statusCode, 403);
      assert.equal((await citizen.get('/agencies/no-such-agency/services/complaints/new')).statusCode, 404);
      assert.equal((await citizen.get('/complaints/not-a-token')).statusCode, 404);
      // Longer than any path parameter the router takes: refused before any handler.
      assert.equal((await citizen.get(`/complaints/${'x'.repeat(300)}`)).statusCode, 414);
      assert.equal((await complaintRows()).length, before, 'nothing written');
    });

    it('registers a hotline complaint in the office, with its link shown once', async () => {
      const form = await clerk.get(`${queueUrl}/new`);
      assert.equal(form.statusCode, 200);
      const bad = await clerk.post(queueUrl, complaint({ complainantPhone: '' }));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /请填写联系电话/);
      assert.ok(form.body.includes('name="receivedOn" value="2026-03-02"'), "today's date by default");
      const future = await clerk.post(queueUrl, complaint({ receivedOn: '2026-03-03' }));
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /来电日期不能晚于今天/);
      const registered = await clerk.post(
        queueUrl,
        complaint({ complainantPhone: '0391-6012345', content: '电话反映：材料没有一次性告知' }),
      );
      assert.equal(registered.statusCode, 200, registered.body.slice(0, 400));
      assert.match(registered.body, /TS2026-0002/);
      assert.match(registered.body, /\/complaints\/[A-Za-z0-9_-]{32}/);
      const rows = await complaintRows();
      assert.equal(rows.find((r) => r.reference === 'TS2026-0002')!.channel, 'hotline');
      await clerk.get(queueUrl);
      const forged = await clerk.post(queueUrl, complaint(), { csrf: false });
      assert.equal(forged.statusCode, 403);
    });

    it('lists the queue with the overdue first and flagged, and shows staff the complainant in full', async () => {
      f.clock.now = new Date('2026-03-17T02:00:00.000Z'); // TS2026-0001 and -0002 were due 16 March
      // Two weeks later the clerk signs in again (the session of 2 March has long expired).
      clerk = new Browser(f.app, nextIp());
      assert.equal((await clerk.signIn('cl.service')).statusCode, 303);
      const late = new Browser(f.app, nextIp());
      await late.get(formUrl);
      assert.equal(
        (await late.post(formUrl, complaint({ content: '今天又发生了同样的问题' }))).statusCode,
        200,
      );
      const queue = await clerk.get(queueUrl);
      assert.equal(queue.statusCode, 200, String(queue.headers.location));
      assert.match(queue.body, /有 2 件投诉已超过答复期限/);
      const order = [...queue.body.matchAll(/>(TS2026-\d{4})</g)].map((m) => m[1]);
      assert.deepEqual(order, ['TS2026-0001', 'TS2026-0002', 'TS2026-0003']);
      assert.match(queue.body, /已受理（已逾期）/);
      // The 工作台 says it beside the link to the queue.
      const home = await clerk.get('/office');
      assert.match(home.body, /效能投诉\s*<\/a>\s*<strong>（2 件已超期）<\/strong>/);
      assert.ok(!queue.body.includes('<script>alert'));
      const page = await clerk.get(complaintUrl);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /13812345678/);
      assert.match(page.body, /王小明/);
      assert.ok(!page.body.includes('<script>alert'), 'escaped in the office too');
    });

    it('assigns and answers through the forms; the complainant sees the answer; a second answer is refused', async () => {
      const { id: colleague } = await signedIn(f.chengliu.id, 'cl.service.two', ['service']);
      await clerk.get(complaintUrl);
      const none = await clerk.post(`${complaintUrl}/assignment`, { assignee: '' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /请选择承办人/);
      const editor = (await signedIn(f.chengliu.id, 'cl.editor', ['editor'])).id;
      const wrong = await clerk.post(`${complaintUrl}/assignment`, { assignee: editor });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /只能分配给本机构负责政务服务的工作人员/);
      const assigned = await clerk.post(`${complaintUrl}/assignment`, { assignee: colleague });
      assert.equal(assigned.statusCode, 303);
      const after = await clerk.get(String(assigned.headers.location));
      assert.match(after.body, /已分配承办人/);
      assert.match(after.body, /cl\.service\.two/);

      const empty = await clerk.post(`${complaintUrl}/answer`, { answer: '   ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /请填写答复内容/);
      const answered = await clerk.post(`${complaintUrl}/answer`, {
        answer: '经核实，已对当事人批评教育。<b>谢谢</b>',
      });
      assert.equal(answered.statusCode, 303);
      const again = await clerk.post(`${complaintUrl}/answer`, { answer: '再答一次' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /已经答复/);
      const [row] = (await complaintRows()).filter((r) => r.reference === 'TS2026-0001');
      assert.equal(row!.on_time, 0, 'answered on 17 March, after the 16th');
      assert.equal(row!.answered_by, clerkId);

      const page = await new Browser(f.app, nextIp()).get(`/complaints/${token}`);
      assert.match(page.body, /已答复/);
      assert.match(page.body, /经核实，已对当事人批评教育。&lt;b>谢谢&lt;\/b>/);
      assert.match(page.body, /2026年3月17日/);
    });

    it('lets the supervisor above read the queue and a complaint without the forms; other towns see nothing', async () => {
      const { browser: supervisor, id } = await signedIn(f.region.id, 'jy.supervisor', []);
      await grantRole(f.ctx, operator, {
        userId: id,
        agencyId: f.region.id,
        role: 'supervisor',
        includeSubtree: true,
      });
      assert.equal((await supervisor.get(queueUrl)).statusCode, 200);
      const page = await supervisor.get(complaintUrl);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('提交答复'), 'no answer form');
      assert.equal((await supervisor.get(`${queueUrl}/new`)).statusCode, 403);
      assert.equal((await supervisor.post(`${complaintUrl}/answer`, { answer: '监督答复' })).statusCode, 403);
      const { browser: sili } = await signedIn(f.sili.id, 'sl.service', ['service']);
      assert.equal((await sili.get(queueUrl)).statusCode, 404);
      assert.equal((await sili.get(complaintUrl)).statusCode, 404);
      const siliQueue = `/office/agencies/${f.sili.id}/complaints`;
      const crossed = await sili.get(`${siliQueue}/${complaintUrl.split('/').pop()}`);
      assert.equal(crossed.statusCode, 404);
      const siliList = await sili.get(siliQueue);
      assert.match(siliList.body, /还没有效能投诉/);
    });

    it('answers 429 with Retry-After after 10 complaints filed from one address in an hour, not for refused forms', async () => {
      // Filed at 思礼镇, so that 承留镇's numbering in the tests below stays as it is.
      const siliForm = `/agencies/${f.sili.id}/services/complaints/new`;
      const flood = new Browser(f.app, '203.0.113.88');
      await flood.get(siliForm);
      const before = (await complaintRows()).length;
      // Forms refused for a mistake (a citizen correcting the telephone) count only against a flood guard.
      for (let i = 0; i < 12; i++)
        assert.equal(
          (await flood.post(siliForm, complaint({ complainantPhone: '12345678' }))).statusCode,
          400,
        );
      for (let i = 0; i < 10; i++)
        assert.equal((await flood.post(siliForm, complaint())).statusCode, 200, `complaint ${i + 1} filed`);
      const refused = await flood.post(siliForm, complaint());
      assert.equal(refused.statusCode, 429);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.match(refused.body, /操作过于频繁/);
      assert.equal((await complaintRows()).length, before + 10, 'ten filed, the eleventh not');
      // Another address is not affected.
      const other = new Browser(f.app, '203.0.113.89');
      await other.get(siliForm);
      assert.equal((await other.post(siliForm, complaint())).statusCode, 200);
      // An hour later the address files again.
      const at = f.clock.now;
      f.clock.now = new Date(at.getTime() + 60 * 60_000);
      try {
        assert.equal((await flood.post(siliForm, complaint())).statusCode, 200, 'after the hour');
      } finally {
        f.clock.now = at;
      }
    });
  });
}
