// Registered publications elsewhere (微信公众号, 微博 …) in the back office, on both engines: the
// year's registrations are listed with their channel, title, link, date, linked item and who
// registered them; an editor removes a mistyped one (audited in the same transaction) and the
// channel counts drop; another agency's registration, a guessed id or one already removed is 404
// and nothing is written; a reviewer sees the list but cannot remove; malformed input is a Chinese 400.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  changePassword,
  createUser,
  login,
  type Principal,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  channelCounts,
  createDraft,
  listExternalPublications,
  publish,
  registerExternalPublication,
  removeExternalPublication,
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

const operator = systemActor('external-publications-test');
let ipCounter = 0;
const nextIp = () => `203.0.113.${++ipCounter}`;

for (const engine of ENGINES) {
  describe(`registered publications elsewhere on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let editorPrincipal: Principal;
    let siliEditorPrincipal: Principal;
    let editor: Browser;
    let reviewer: Browser;
    let siliEditor: Browser;
    let itemId: string;

    async function seed(agencyId: string, username: string, displayName: string, roles: Role[]) {
      const created = await createUser(f.ctx, operator, { agencyId, username, displayName, roles });
      const { token } = await login(f.ctx, { username, password: created.initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: created.initialPassword, next: TEST_PASSWORD });
      const { token: fresh } = await login(f.ctx, { username, password: TEST_PASSWORD });
      const settled = await resolveSession(f.ctx, fresh);
      assert.ok(settled);
      return settled;
    }

    async function signedIn(username: string): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303, `${username} signs in`);
      assert.equal((await browser.get('/office')).statusCode, 200);
      return browser;
    }

    const items = (agencyId = f.chengliu.id) => `/office/agencies/${agencyId}/items`;
    const list = (agencyId = f.chengliu.id, query = '') => `${items(agencyId)}/channels${query}`;
    const remove = (agencyId = f.chengliu.id) => `${items(agencyId)}/channels/remove`;

    /** The count in the items page's channel table. */
    const count = (html: string, channel: string) =>
      Number(new RegExp(`<tr id="channel-${channel}">.*?<td>(\\d+)</td>`, 's').exec(html)?.[1]);

    async function records(): Promise<number> {
      return (await f.database.db.selectFrom('disclosure_channel_records').select('id').execute()).length;
    }
    async function audits(action: string) {
      return f.database.db
        .selectFrom('audit_log')
        .select(['object_id', 'agency_id', 'user_id', 'details'])
        .where('action', '=', action)
        .execute();
    }

    before(async () => {
      f = await createWebFixture(engine);
      editorPrincipal = await seed(f.chengliu.id, 'ep.editor', '陈编辑', ['editor']);
      await seed(f.chengliu.id, 'ep.reviewer', '周审查', ['reviewer']);
      siliEditorPrincipal = await seed(f.sili.id, 'ep.sili.editor', '孙编辑', ['editor']);
      editor = await signedIn('ep.editor');
      reviewer = await signedIn('ep.reviewer');
      siliEditor = await signedIn('ep.sili.editor');
      // A published item of 承留镇 that a registration repeats.
      const w = {
        reviewer: await staff(f.ctx, f.chengliu.id, 'ep.item.reviewer', ['reviewer']),
        approver: await staff(f.ctx, f.chengliu.id, 'ep.item.approver', ['approver']),
      };
      ({ itemId } = await createDraft(f.ctx, editorPrincipal, {
        agencyId: f.chengliu.id,
        content: content({ title: '承留镇春季防火通告' }),
      }));
      await submitForReview(f.ctx, editorPrincipal, itemId);
      await signReview(f.ctx, w.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(f.ctx, w.approver, itemId);
      await publish(f.ctx, w.approver, itemId);
    });
    after(async () => f?.close());

    it('lists the year’s registrations with channel, title, link, date, linked item and registrant', async () => {
      // Through the form, as an editor registers one.
      await editor.get(items());
      const registered = await editor.post(`${items()}/channels`, {
        channel: 'wechat',
        // Typed as entities: stored as the characters, which the page must escape.
        title: '&lt;script&gt;alert(1)&lt;/script&gt;公众号转发防火通告',
        url: 'https://mp.weixin.qq.com/s/fire-2026',
        publishedOn: '2026-03-01',
        itemId,
      });
      assert.equal(registered.statusCode, 303, registered.body.slice(0, 300));
      await registerExternalPublication(f.ctx, editorPrincipal, {
        agencyId: f.chengliu.id,
        channel: 'gazette',
        title: '政府公报第一期',
        publishedOn: '2026-02-15',
      });
      await registerExternalPublication(f.ctx, editorPrincipal, {
        agencyId: f.chengliu.id,
        channel: 'weibo',
        title: '去年的微博',
        url: 'https://weibo.com/1/2025',
        publishedOn: '2025-12-30',
      });
      // Another town's registration never shows here.
      await registerExternalPublication(f.ctx, siliEditorPrincipal, {
        agencyId: f.sili.id,
        channel: 'wechat',
        title: '思礼镇的公众号文章',
        url: 'https://mp.weixin.qq.com/s/sili',
        publishedOn: '2026-03-01',
      });

      const itemsPage = await editor.get(items());
      assert.ok(itemsPage.body.includes(`href="${list()}?year=2026"`), 'the items page links the list');

      const page = await editor.get(list());
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const html = page.body;
      assert.match(html, /<h1>2026年其他渠道的发布登记 — 承留镇<\/h1>/);
      assert.ok(!html.includes('<script>alert(1)</script>'), 'the title is escaped');
      assert.ok(html.includes('&lt;script>alert(1)&lt;/script>公众号转发防火通告'), 'escaped text');
      assert.ok(html.includes('href="https://mp.weixin.qq.com/s/fire-2026"'));
      assert.ok(html.includes('2026-03-01') && html.includes('2026-02-15'));
      assert.ok(html.includes('微信公众号') && html.includes('政府公报'));
      assert.ok(html.includes(`href="${items()}/${itemId}"`), 'the linked item');
      assert.ok(html.includes('承留镇春季防火通告'));
      assert.ok(html.includes('陈编辑'), 'who registered');
      assert.ok(!html.includes('去年的微博'), 'another year');
      assert.ok(!html.includes('思礼镇的公众号文章'), 'another agency');
      assert.equal((html.match(/<tr id="publication-/g) ?? []).length, 2);
      assert.equal((html.match(/name="publicationId"/g) ?? []).length, 2, 'a removal form per row');
      assert.match(
        html,
        /<form method="post" action="[^"]+\/channels\/remove">\s*<input type="hidden" name="_csrf"/,
      );

      const lastYear = await editor.get(list(f.chengliu.id, '?year=2025'));
      assert.equal(lastYear.statusCode, 200);
      assert.ok(lastYear.body.includes('去年的微博'));
      assert.ok(!lastYear.body.includes('政府公报第一期'));

      // A reviewer reads the list, without removal forms.
      const read = await reviewer.get(list());
      assert.equal(read.statusCode, 200);
      assert.ok(read.body.includes('政府公报第一期'));
      assert.ok(!read.body.includes('name="publicationId"'));
    });

    it('removes a registration for an editor: audited, gone from the list, and the count drops', async () => {
      const { publications } = await listExternalPublications(f.database.db, f.chengliu.id, 2026);
      const wechat = publications.find((p) => p.channel === 'wechat');
      assert.ok(wechat);
      assert.deepEqual(wechat.item, { id: itemId, title: '承留镇春季防火通告' });
      const before = await editor.get(items());
      assert.equal(count(before.body, 'wechat'), 1);
      const beforeAudits = (await audits('disclosure.channel_removed')).length;

      await editor.get(list());
      const removed = await editor.post(remove(), { publicationId: wechat.id });
      assert.equal(removed.statusCode, 303, removed.body.slice(0, 300));
      assert.equal(removed.headers.location, `${list()}?year=2026&done=channel-removed`);
      const page = await editor.get(String(removed.headers.location));
      assert.match(page.body, /发布登记已删除/);
      assert.ok(!page.body.includes('公众号转发防火通告'));
      assert.ok(page.body.includes('政府公报第一期'));

      const afterwards = await editor.get(items());
      assert.equal(count(afterwards.body, 'wechat'), 0);
      assert.equal(count(afterwards.body, 'gazette'), 1);
      assert.equal((await channelCounts(f.database.db, f.chengliu.id, 2026)).wechat, 0);

      const trail = await audits('disclosure.channel_removed');
      assert.equal(trail.length, beforeAudits + 1);
      const entry = trail.find((a) => a.object_id === wechat.id);
      assert.ok(entry);
      assert.equal(entry.agency_id, f.chengliu.id);
      assert.equal(entry.user_id, editorPrincipal.user.id);
      assert.deepEqual(JSON.parse(String(entry.details)), {
        channel: 'wechat',
        publishedOn: '2026-03-01',
        itemId,
      });

      // Once more: already gone.
      await editor.get(list());
      const again = await editor.post(remove(), { publicationId: wechat.id });
      assert.equal(again.statusCode, 404);
      assert.equal((await audits('disclosure.channel_removed')).length, beforeAudits + 1);
    });

    it('answers 404 for another agency’s registration or a guessed id, 403 to a reviewer, and writes nothing', async () => {
      const sili = (await listExternalPublications(f.database.db, f.sili.id, 2026)).publications[0];
      const own = (await listExternalPublications(f.database.db, f.chengliu.id, 2026)).publications[0];
      assert.ok(sili && own);
      const total = await records();
      const trail = (await audits('disclosure.channel_removed')).length;

      await editor.get(list());
      // 思礼镇's registration under 承留镇's path, by 承留镇's editor.
      const other = await editor.post(remove(), { publicationId: sili.id });
      assert.equal(other.statusCode, 404);
      assert.ok(!other.body.includes('思礼镇的公众号文章'));
      for (const guessed of ['0', '00000000-0000-0000-0000-000000000000', `${own.id.slice(0, -1)}0`]) {
        if (guessed === own.id) continue;
        assert.equal((await editor.post(remove(), { publicationId: guessed })).statusCode, 404, guessed);
      }
      // 思礼镇's editor under 承留镇's path (an agency it cannot see), and with its own path.
      await siliEditor.get(list(f.sili.id));
      assert.equal((await siliEditor.post(remove(), { publicationId: own.id })).statusCode, 404);
      assert.equal((await siliEditor.get(list())).statusCode, 404);
      assert.equal((await siliEditor.post(remove(f.sili.id), { publicationId: own.id })).statusCode, 404);
      // A reviewer of 承留镇 sees the list but may not remove.
      await reviewer.get(list());
      assert.equal((await reviewer.post(remove(), { publicationId: own.id })).statusCode, 403);
      // The use case refuses the same, whoever calls it.
      await assert.rejects(
        removeExternalPublication(f.ctx, siliEditorPrincipal, {
          agencyId: f.sili.id,
          publicationId: own.id,
        }),
        (error: { code?: string }) => error.code === 'access.not_found',
      );
      await assert.rejects(
        removeExternalPublication(f.ctx, siliEditorPrincipal, {
          agencyId: f.chengliu.id,
          publicationId: own.id,
        }),
        (error: { code?: string }) => error.code === 'access.forbidden' || error.code === 'access.not_found',
      );

      assert.equal(await records(), total, 'nothing removed');
      assert.equal((await audits('disclosure.channel_removed')).length, trail, 'nothing audited');
    });

    it('answers malformed input with a Chinese 400, and a form without its token with 403', async () => {
      for (const query of ['?year=abc', '?year=1999', '?year=2999', `?year=${'9'.repeat(20)}`]) {
        const response = await editor.get(list(f.chengliu.id, query));
        assert.equal(response.statusCode, 400, query);
        assert.match(response.body, /年份|查询参数/);
        assert.doesNotMatch(response.body, /Internal|Error:/);
      }
      const total = await records();
      await editor.get(list());
      const forms: Record<string, string | readonly string[]>[] = [
        {},
        { publicationId: '' },
        { publicationId: '<script>' },
        { publicationId: 'x'.repeat(300) },
        { publicationId: ['a', 'b'] },
      ];
      for (const form of forms) {
        const response = await editor.post(remove(), form);
        assert.equal(response.statusCode, 400, JSON.stringify(form));
        assert.match(unescapeHtml(response.body), /请从发布登记列表中选择要删除的记录|提交的内容/);
      }
      const own = (await listExternalPublications(f.database.db, f.chengliu.id, 2026)).publications[0];
      assert.ok(own);
      const noToken = await editor.post(remove(), { publicationId: own.id }, { csrf: false });
      assert.equal(noToken.statusCode, 403);
      assert.equal(await records(), total);
    });
  });
}
