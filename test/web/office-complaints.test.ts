// 效能投诉 forms of the back office, for people who use a screen reader or the keyboard: a refused
// telephone-complaint, assignment or answer form names each problem beside its field (the field marked
// invalid and described by the problem), and the summary at the top links each problem to its field;
// a problem of no single field stays in the summary as text. The registered page is never stored.
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
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `198.51.103.${++ipCounter}`;
const operator = systemActor('office-complaints-test');

const call = (overrides: Record<string, string> = {}) => ({
  receivedOn: '2026-03-02',
  window: '',
  item: '',
  content: '电话反映：窗口工作人员上班时间离岗',
  complainantName: '王小明',
  complainantPhone: '13812345678',
  ...overrides,
});

/** The links of the error summary, in order. */
const summaryLinks = (html: string) => [...html.matchAll(/<li><a href="#([a-zA-Z-]+)"/g)].map((m) => m[1]);

/** The problem printed beside a field, as read. */
const errorOf = (html: string, id: string) =>
  unescapeHtml(new RegExp(`id="${id}-error"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '');

/** The opening tag of the field with this id. */
const tagOf = (html: string, id: string) =>
  new RegExp(`<(input|select|textarea)[^>]* id="${id}"[^>]*>`).exec(html)?.[0] ?? '';

for (const engine of ENGINES) {
  describe(`office 效能投诉 forms on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let cl: SeededCatalogue;
    let clerk: Browser;
    let queueUrl: string;

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

    before(async () => {
      f = await createWebFixture(engine);
      cl = await seedFeedbackCatalogue(f.database.db, f.chengliu.id);
      await seedFeedbackCatalogue(f.database.db, f.sili.id, { window: '思礼综合窗口' });
      clerk = await signedIn(f.chengliu.id, 'oc.service', ['service']);
      queueUrl = `/office/agencies/${f.chengliu.id}/complaints`;
    });
    after(async () => f?.close());

    it('puts each problem of a telephone complaint beside its field and links it from the summary', async () => {
      await clerk.get(`${queueUrl}/new`);
      const refused = await clerk.post(
        queueUrl,
        call({ receivedOn: '2026-03-03', content: '', complainantPhone: '12345678' }),
      );
      assert.equal(refused.statusCode, 400);
      const body = refused.body;
      assert.match(unescapeHtml(body), /投诉未登记/);
      // In the order of the form.
      assert.deepEqual(summaryLinks(body), [
        'hotline-receivedOn',
        'hotline-content',
        'hotline-complainantPhone',
      ]);
      assert.match(errorOf(body, 'hotline-receivedOn'), /来电日期不能晚于今天/);
      assert.equal(errorOf(body, 'hotline-content'), '请填写投诉内容');
      assert.match(errorOf(body, 'hotline-complainantPhone'), /^联系电话格式不正确/);
      for (const id of ['hotline-receivedOn', 'hotline-content', 'hotline-complainantPhone']) {
        const tag = tagOf(body, id);
        assert.match(tag, /aria-invalid="true"/, id);
        assert.match(tag, new RegExp(`aria-describedby="[^"]*${id}-error"`), id);
      }
      // The fields without a problem are not marked, and keep what was typed.
      assert.doesNotMatch(tagOf(body, 'hotline-complainantName'), /aria-invalid/);
      assert.match(tagOf(body, 'hotline-complainantName'), /value="王小明"/);
      assert.equal(body.includes('id="hotline-complainantName-error"'), false);
    });

    it('puts a window of another agency beside the window field', async () => {
      const [foreign] = await f.database.db
        .selectFrom('service_windows')
        .select('id')
        .where('agency_id', '=', f.sili.id)
        .execute();
      assert.ok(foreign);
      await clerk.get(`${queueUrl}/new`);
      const refused = await clerk.post(queueUrl, call({ window: foreign.id }));
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(summaryLinks(refused.body), ['hotline-window']);
      assert.equal(errorOf(refused.body, 'hotline-window'), '所选窗口不存在，或不是本机构的窗口');
      assert.match(tagOf(refused.body, 'hotline-window'), /aria-invalid="true"/);
    });

    it('registers the call on a page that is never stored nor referred, and the assignment and answer forms show their problems beside the field', async () => {
      await clerk.get(`${queueUrl}/new`);
      const registered = await clerk.post(queueUrl, call({ window: cl.windowId }));
      assert.equal(registered.statusCode, 200, registered.body.slice(0, 400));
      assert.equal(registered.headers['cache-control'], 'no-store');
      assert.equal(registered.headers['referrer-policy'], 'no-referrer');
      const complaintUrl = /href="(\/office\/agencies\/[^"]+\/complaints\/[^"]+)"/.exec(registered.body)?.[1];
      assert.ok(complaintUrl);

      await clerk.get(complaintUrl);
      const unassigned = await clerk.post(`${complaintUrl}/assignment`, { assignee: '' });
      assert.equal(unassigned.statusCode, 400);
      assert.deepEqual(summaryLinks(unassigned.body), ['assign-assignee']);
      assert.equal(errorOf(unassigned.body, 'assign-assignee'), '请选择承办人');
      assert.match(tagOf(unassigned.body, 'assign-assignee'), /aria-invalid="true"/);
      assert.match(tagOf(unassigned.body, 'assign-assignee'), /aria-describedby="assign-assignee-error"/);
      // The other form of the page is not marked.
      assert.doesNotMatch(tagOf(unassigned.body, 'answer-answer'), /aria-invalid/);

      await clerk.get(complaintUrl);
      const stranger = await clerk.post(`${complaintUrl}/assignment`, { assignee: 'no-such-user' });
      assert.equal(stranger.statusCode, 400);
      assert.equal(errorOf(stranger.body, 'assign-assignee'), '只能分配给本机构负责政务服务的工作人员');

      await clerk.get(complaintUrl);
      const empty = await clerk.post(`${complaintUrl}/answer`, { answer: '   ' });
      assert.equal(empty.statusCode, 400);
      assert.deepEqual(summaryLinks(empty.body), ['answer-answer']);
      assert.equal(errorOf(empty.body, 'answer-answer'), '请填写答复内容');
      const answerTag = tagOf(empty.body, 'answer-answer');
      assert.match(answerTag, /aria-invalid="true"/);
      assert.match(answerTag, /aria-describedby="answer-answer-hint answer-answer-error"/);

      await clerk.get(complaintUrl);
      assert.equal(
        (await clerk.post(`${complaintUrl}/answer`, { answer: '已核实并批评教育。' })).statusCode,
        303,
      );
      // A second answer: a problem of no field, in the summary as text.
      const again = await clerk.post(`${complaintUrl}/answer`, { answer: '再答一次' });
      assert.equal(again.statusCode, 409);
      assert.deepEqual(summaryLinks(again.body), []);
      assert.match(unescapeHtml(again.body), /<li>[^<]*已经答复[^<]*<\/li>/);
    });

    it('does not let a second clerk overwrite an assignment made meanwhile: refused as stale', async () => {
      const colleague = await signedIn(f.chengliu.id, 'oc.service2', ['service']);
      await clerk.get(`${queueUrl}/new`);
      const registered = await clerk.post(queueUrl, call({ window: cl.windowId }));
      const complaintUrl = /href="(\/office\/agencies\/[^"]+\/complaints\/[^"]+)"/.exec(registered.body)?.[1];
      assert.ok(complaintUrl);
      const idOf = async (username: string) =>
        (
          await f.database.db
            .selectFrom('users')
            .select('id')
            .where('username', '=', username)
            .executeTakeFirstOrThrow()
        ).id;
      const [mine, theirs] = [await idOf('oc.service'), await idOf('oc.service2')];
      const shownTo = (html: string) => /name="shown" value="([^"]*)"/.exec(html)?.[1];
      assert.equal(shownTo((await clerk.get(complaintUrl)).body), '');
      assert.equal(shownTo((await colleague.get(complaintUrl)).body), '');
      const first = await clerk.post(`${complaintUrl}/assignment`, { assignee: mine, shown: '' });
      assert.equal(first.statusCode, 303, first.body.slice(0, 300));
      const second = await colleague.post(`${complaintUrl}/assignment`, { assignee: theirs, shown: '' });
      assert.equal(second.statusCode, 409, 'the later of the two is refused');
      assert.match(unescapeHtml(second.body), /承办人已被他人修改/);
      const complaintId = complaintUrl.split('/').at(-1)!;
      const stored = await f.database.db
        .selectFrom('service_complaints')
        .select('assigned_to')
        .where('id', '=', complaintId)
        .executeTakeFirstOrThrow();
      assert.equal(stored.assigned_to, mine, 'the first assignment stands');
      assert.equal(shownTo(second.body), mine, 'the refusal shows who is assigned now');
    });
  });
}
