// The portal's 主动公开 pages on both engines: an item with its metadata and sanitized body, its
// attachments, the 政府信息公开目录 and the agency's search with its filters; drafts, withdrawn items and another
// agency's items answer 404 like any missing page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/agencies/index.ts';
import { openDatabase } from '../../src/db/database.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  getPublishedItem,
  listCatalogue,
  publish,
  reviseItem,
  signReview,
  submitForReview,
  withdraw,
} from '../../src/disclosures/index.ts';
import type { ContentInput } from '../../src/disclosures/item-rules.ts';
import { content, staff, TINY_PDF } from '../../src/disclosures/testing.ts';
import { SearchPage } from '../../src/web/portal/item-pages.tsx';
import { sessionCookieName } from '../../src/web/session.ts';
import { Browser, createWebFixture, unescapeHtml, type WebFixture } from '../../src/web/testing.ts';

interface Workflow {
  editor: Principal;
  reviewer: Principal;
  approver: Principal;
}

for (const engine of ENGINES) {
  describe(`portal items on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    const workflows = new Map<string, Workflow>();

    before(async () => {
      f = await createWebFixture(engine);
    });
    after(async () => f?.close());

    async function workflowOf(agencyId: string): Promise<Workflow> {
      let w = workflows.get(agencyId);
      if (w === undefined) {
        const n = workflows.size;
        w = {
          editor: await staff(f.ctx, agencyId, `pi.editor.${n}`, ['editor']),
          reviewer: await staff(f.ctx, agencyId, `pi.reviewer.${n}`, ['reviewer']),
          approver: await staff(f.ctx, agencyId, `pi.approver.${n}`, ['approver']),
        };
        workflows.set(agencyId, w);
      }
      return w;
    }

    async function draft(agencyId: string, input: Partial<ContentInput> = {}, withFile = false) {
      const w = await workflowOf(agencyId);
      const { itemId } = await createDraft(f.ctx, w.editor, {
        agencyId,
        content: content(input),
        ...(withFile ? { attachments: [{ filename: '补助名单.pdf', content: TINY_PDF }] } : {}),
      });
      return itemId;
    }

    async function published(agencyId: string, input: Partial<ContentInput> = {}, withFile = false) {
      const itemId = await draft(agencyId, input, withFile);
      const w = await workflowOf(agencyId);
      await submitForReview(f.ctx, w.editor, itemId);
      await signReview(f.ctx, w.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(f.ctx, w.approver, itemId);
      await publish(f.ctx, w.approver, itemId);
      return itemId;
    }

    const get = (url: string) => new Browser(f.app).get(url);
    const itemUrl = (agencyId: string, itemId: string) => `/agencies/${agencyId}/items/${itemId}`;

    it('shows a published item with its metadata, sanitized body and attachment', async () => {
      const itemId = await published(
        f.chengliu.id,
        {
          title: '承留镇2026年农村危房改造补助对象公示',
          bodyHtml: '<p>现将<strong>补助对象</strong>公示如下。</p><script>alert(1)</script>',
          validity: 'valid',
        },
        true,
      );
      const page = await get(itemUrl(f.chengliu.id, itemId));
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const body = page.body;
      assert.match(body, /<h1>承留镇2026年农村危房改造补助对象公示<\/h1>/);
      for (const label of [
        '索引号',
        '发布机构',
        '文号',
        '成文日期',
        '发布日期',
        '分类',
        '主题分类',
        '有效性',
      ])
        assert.ok(body.includes(`>${label}</th>`), label);
      assert.ok(body.includes('承政〔2026〕5号'));
      assert.ok(body.includes('2026-02-27'));
      assert.ok(body.includes('2026-03-02'));
      assert.ok(body.includes('承留镇'));
      assert.ok(body.includes('<p>现将<strong>补助对象</strong>公示如下。</p>'), 'the body as HTML');
      assert.ok(!body.includes('<script>'), 'no script');
      assert.doesNotMatch(body, /本文件已/);
      const link = /href="(\/agencies\/[^"]+\/attachments\/[^"]+)"/.exec(body)?.[1];
      assert.ok(link, 'an attachment link');
      const file = await get(unescapeHtml(link));
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.match(
        String(file.headers['content-disposition']),
        /^attachment; filename="attachment\.pdf"; filename\*=UTF-8''%E8%A1%A5/,
      );
      assert.deepEqual(file.rawPayload, Buffer.from(TINY_PDF));
      // The attachment under another town's path, or with a guessed id: 404.
      assert.equal((await get(unescapeHtml(link).replace(f.chengliu.id, f.sili.id))).statusCode, 404);
      assert.equal((await get(`${itemUrl(f.chengliu.id, itemId)}/attachments/0`)).statusCode, 404);
    });

    it('shows 失效 and 废止 prominently', async () => {
      const itemId = await published(f.chengliu.id, { title: '已废止的旧规定', validity: 'repealed' });
      const page = await get(itemUrl(f.chengliu.id, itemId));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<strong>本文件已废止<\/strong>/);
    });

    it('escapes a <script> in a title on the item page, the catalogue and the search', async () => {
      // A title is plain text: tags typed into it are dropped, and an escaped tag is kept as text.
      const raw = await published(f.chengliu.id, { title: '<script>alert("标题")</script>防汛通知一' });
      const rawPage = await get(itemUrl(f.chengliu.id, raw));
      assert.equal(rawPage.statusCode, 200);
      assert.ok(!rawPage.body.includes('<script>alert'));
      const title = '&lt;script&gt;alert("标题")&lt;/script&gt;防汛通知';
      const itemId = await published(f.chengliu.id, { title });
      assert.equal(
        (await getPublishedItem(f.ctx, { itemId })).title,
        '<script>alert("标题")</script>防汛通知',
      );
      for (const url of [
        itemUrl(f.chengliu.id, itemId),
        `/agencies/${f.chengliu.id}/items`,
        `/agencies/${f.chengliu.id}/search?q=${encodeURIComponent('防汛通知')}`,
      ]) {
        const page = await get(url);
        assert.equal(page.statusCode, 200, url);
        assert.ok(!page.body.includes('<script>alert'), `${url}: escaped`);
        assert.ok(page.body.includes('&lt;script'), `${url}: shown as text`);
      }
    });

    it('answers 404 for a draft, an unknown id, another agency’s item and a withdrawn item', async () => {
      const notFound = await get(`/agencies/${f.chengliu.id}/items/no-such-item`);
      assert.equal(notFound.statusCode, 404);
      const draftId = await draft(f.chengliu.id, { title: '尚未发布的草稿' });
      const draftPage = await get(itemUrl(f.chengliu.id, draftId));
      assert.equal(draftPage.statusCode, 404);
      assert.ok(!draftPage.body.includes('尚未发布的草稿'));
      const own = await published(f.chengliu.id, { title: '承留镇的公告' });
      const elsewhere = await get(itemUrl(f.sili.id, own));
      assert.equal(elsewhere.statusCode, 404);
      assert.ok(!elsewhere.body.includes('承留镇的公告'));
      assert.equal((await get(itemUrl('no-such-agency', own))).statusCode, 404);

      const gone = await published(f.chengliu.id, { title: '错发的征地补偿公告' }, true);
      const page = await get(itemUrl(f.chengliu.id, gone));
      assert.equal(page.statusCode, 200);
      const link = unescapeHtml(/href="(\/agencies\/[^"]+\/attachments\/[^"]+)"/.exec(page.body)![1]!);
      await withdraw(f.ctx, (await workflowOf(f.chengliu.id)).approver, gone, { reason: '错发' });
      assert.equal((await get(itemUrl(f.chengliu.id, gone))).statusCode, 404);
      assert.equal((await get(link)).statusCode, 404);
      const catalogue = await get(`/agencies/${f.chengliu.id}/items`);
      assert.ok(!catalogue.body.includes('错发的征地补偿公告'));
    });

    it('answers a repeat visitor from the page cache with the same headers, and a signed-in one the whole way', async () => {
      const url = itemUrl(f.chengliu.id, await published(f.chengliu.id, { title: '承留镇秋收工作提示' }));
      const first = await get(url);
      const again = await get(url);
      assert.equal(again.statusCode, 200);
      assert.equal(again.body, first.body);
      const comparable = (headers: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(headers).filter(([name]) => !['date', 'x-request-id'].includes(name)),
        );
      assert.deepEqual(comparable(again.headers), comparable(first.headers));
      assert.match(String(again.headers['content-security-policy']), /default-src 'none'/);
      assert.match(String(again.headers['x-request-id']), /^[0-9a-f]{16}$/);
      assert.notEqual(again.headers['x-request-id'], first.headers['x-request-id']);
      // A session cookie (here one that is no longer valid) takes the request through the session
      // hook, which clears the stale cookie: the cached page is not answered before it.
      const stale = await new Browser(f.app).get(url, {
        cookie: `${sessionCookieName(false)}=${'a'.repeat(43)}`,
      });
      assert.equal(stale.statusCode, 200);
      assert.equal(stale.body, first.body);
      assert.match(String(stale.headers['set-cookie']), new RegExp(`^${sessionCookieName(false)}=;`));
    });

    it('shows a new version at once, and a scheduled one at its time, though the page was seen before', async () => {
      const itemId = await published(f.chengliu.id, { title: '承留镇防汛工作方案（第一版）' });
      const url = itemUrl(f.chengliu.id, itemId);
      assert.match((await get(url)).body, /第一版/);
      assert.match((await get(url)).body, /第一版/, 'served again, from the page cache');
      const w = await workflowOf(f.chengliu.id);
      const step = async (title: string, publishAt?: string) => {
        await reviseItem(f.ctx, w.editor, itemId, { content: content({ title }) });
        await submitForReview(f.ctx, w.editor, itemId);
        await signReview(f.ctx, w.reviewer, itemId, { checklist: CHECKLIST_IDS });
        await approve(f.ctx, w.approver, itemId);
        await publish(f.ctx, w.approver, itemId, publishAt ? { publishAt } : {});
      };
      await step('承留镇防汛工作方案（第二版）');
      assert.match((await get(url)).body, /第二版/, 'the new version at once');
      const at = new Date(f.clock.now.getTime() + 3_600_000);
      await step('承留镇防汛工作方案（第三版）', at.toISOString());
      assert.match((await get(url)).body, /第二版/, 'the scheduled version is not public yet');
      const before = f.clock.now;
      f.clock.now = new Date(at.getTime() + 1_000);
      try {
        assert.match((await get(url)).body, /第三版/, 'public at its time, without any write');
      } finally {
        f.clock.now = before;
      }
    });

    it('drops an item withdrawn by another process at once, though its page was served before', async () => {
      const itemId = await published(f.chengliu.id, { title: '承留镇秋季防火通告' });
      const url = itemUrl(f.chengliu.id, itemId);
      assert.equal((await get(url)).statusCode, 200);
      assert.equal((await get(url)).statusCode, 200, 'served again, from the page cache');
      // Another process (the CLI, a second server) has its own connection to the same database.
      const other = openDatabase(f.database.url);
      try {
        const approver = (await workflowOf(f.chengliu.id)).approver;
        await withdraw({ ...f.ctx, db: other.db }, approver, itemId, { reason: '错发' });
      } finally {
        await other.close();
      }
      assert.equal((await get(url)).statusCode, 404, 'gone at the next view, not after a lifetime');
    });

    it('lists the catalogue newest first, filters by category and paginates', async () => {
      const agency = f.region.id;
      const ids: string[] = [];
      for (let i = 1; i <= 23; i++) {
        f.clock.now = new Date(Date.UTC(2026, 2, 2, 3, i));
        ids.push(await published(agency, { title: `示范区公告第${i}号`, categoryCode: 'JC08' }));
      }
      f.clock.now = new Date('2026-03-02T04:00:00.000Z');
      const first = await get(`/agencies/${agency}/items`);
      assert.equal(first.statusCode, 200);
      assert.ok(first.body.includes('共23条'));
      assert.ok(first.body.includes('示范区公告第23号'));
      assert.ok(
        first.body.indexOf('示范区公告第23号') < first.body.indexOf('示范区公告第22号'),
        'newest first',
      );
      assert.ok(!first.body.includes('示范区公告第3号<'));
      assert.match(first.body, /href="\/agencies\/[^"]+\/items\?page=2"/);
      assert.match(first.body, /11419|-JC08-2026-/, 'the 索引号');
      const second = await get(`/agencies/${agency}/items?page=2`);
      assert.equal(second.statusCode, 200);
      for (const n of [1, 2, 3])
        assert.ok(second.body.includes(`示范区公告第${n}号<`), `item ${n} on page 2`);
      assert.ok(!second.body.includes('示范区公告第4号<'));
      assert.ok(second.body.includes(`href="/agencies/${agency}/items/${ids[0]}"`));
      const filtered = await get(`/agencies/${agency}/items?category=JC01`);
      assert.equal(filtered.statusCode, 200);
      assert.ok(filtered.body.includes('共0条') || !filtered.body.includes('示范区公告'));
      const wrongPage = await get(`/agencies/${agency}/items?page=abc`);
      assert.equal(wrongPage.statusCode, 200);
      // The agency's home links to the column.
      const home = await get(`/agencies/${agency}`);
      assert.ok(home.body.includes(`href="/agencies/${agency}/items"`));
    });

    it('searches the agency and its subtree: 2 characters, a word, highlighted, gone after withdrawal', async () => {
      const itemId = await published(f.sili.id, {
        title: '思礼镇冬小麦病虫害统防统治公告',
        bodyHtml: '<p>全镇开展冬小麦赤霉病统防统治，补贴标准见附件。</p>',
      });
      const empty = await get(`/agencies/${f.sili.id}/search`);
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<label for="f-q">/);
      assert.ok(!empty.body.includes('找到'));

      for (const q of ['小麦', '统防统治', '赤霉病']) {
        const page = await get(`/agencies/${f.sili.id}/search?q=${encodeURIComponent(q)}`);
        assert.equal(page.statusCode, 200, q);
        assert.ok(page.body.includes(`href="/agencies/${f.sili.id}/items/${itemId}"`), `${q}: found`);
        assert.match(page.body, /找到\d+条结果/);
        assert.match(page.body, /<mark>/, `${q}: highlighted`);
      }
      // Through the region's subtree too; not from the other town.
      const region = await get(`/agencies/${f.region.id}/search?q=${encodeURIComponent('小麦')}`);
      assert.ok(region.body.includes(itemId));
      const other = await get(`/agencies/${f.chengliu.id}/search?q=${encodeURIComponent('小麦')}`);
      assert.ok(!other.body.includes(itemId));

      const tooLong = await get(`/agencies/${f.sili.id}/search?q=${encodeURIComponent('字'.repeat(101))}`);
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /搜索词不能超过100个字/);

      await withdraw(f.ctx, (await workflowOf(f.sili.id)).approver, itemId, { reason: '内容有误' });
      const after = await get(`/agencies/${f.sili.id}/search?q=${encodeURIComponent('小麦')}`);
      assert.equal(after.statusCode, 200);
      assert.ok(!after.body.includes(itemId), 'gone after withdrawal');
    });

    it('narrows the search by category, year and validity; a bad filter is ignored with a note', async () => {
      const agency = f.chengliu.id;
      const other = (await listCatalogue(f.database.db, agency)).find((c) => c.code !== 'JC08' && !c.hidden)!;
      const word = '蓄滞洪区';
      const a = await published(agency, { title: `${word}甲：本年有效`, categoryCode: 'JC08' });
      const b = await published(agency, {
        title: `${word}乙：本年失效`,
        categoryCode: other.code,
        validity: 'expired',
      });
      const start = f.clock.now;
      let c: string;
      try {
        f.clock.now = new Date('2025-06-02T02:00:00.000Z');
        c = await published(agency, {
          title: `${word}丙：上年有效`,
          categoryCode: 'JC08',
          formedOn: '2025-05-30',
        });
      } finally {
        f.clock.now = start;
      }
      const found = async (query: string) => {
        const page = await get(`/agencies/${agency}/search?q=${encodeURIComponent(word)}${query}`);
        assert.equal(page.statusCode, 200, `${query}: ${page.body.slice(0, 200)}`);
        return { body: page.body, ids: [a, b, c].filter((id) => page.body.includes(`/items/${id}"`)) };
      };
      assert.deepEqual((await found('')).ids, [a, b, c]);
      assert.deepEqual((await found('&category=JC08')).ids, [a, c], 'category');
      assert.deepEqual((await found(`&category=${encodeURIComponent(other.code)}`)).ids, [b]);
      assert.deepEqual((await found('&year=2025')).ids, [c], 'year');
      assert.deepEqual((await found('&year=2026')).ids, [a, b]);
      assert.deepEqual((await found('&validity=expired')).ids, [b], 'validity');
      assert.deepEqual(
        (await found(`&validity=${encodeURIComponent('有效')}`)).ids,
        [a, c],
        'its Chinese name',
      );
      assert.deepEqual((await found('&validity=repealed')).ids, []);
      const both = await found('&category=JC08&year=2026&validity=valid');
      assert.deepEqual(both.ids, [a], 'together');
      assert.ok(!both.body.includes('筛选条件无效'));
      // The form shows the filters chosen, each select with its label.
      for (const [id, label] of [
        ['f-category', '分类'],
        ['f-year', '发布年度'],
        ['f-validity', '有效性'],
      ]) {
        assert.ok(both.body.includes(`<label for="${id}">${label}</label>`), label);
        assert.match(both.body, new RegExp(`<select id="${id}" name="[a-z]+">`));
      }
      assert.match(both.body, /<option value="JC08" selected>/);
      assert.match(both.body, /<option value="2026" selected>2026年<\/option>/);
      assert.match(both.body, /<option value="valid" selected>有效<\/option>/);

      // Unknown values: ignored (the whole result), said in Chinese, never an error.
      for (const bad of [
        '&category=NOPE',
        '&category=%3Cscript%3Ex%3C%2Fscript%3E',
        '&year=abc',
        '&year=1999',
        '&year=9999',
        '&year=2025.5',
        '&validity=maybe',
        '&validity=%E2%80%AE',
        '&year=&category=&validity=',
      ]) {
        const page = await found(bad);
        assert.deepEqual(page.ids, [a, b, c], bad);
        assert.ok(!page.body.includes('<script>x'), bad);
        if (!bad.startsWith('&year=&')) assert.match(page.body, /部分筛选条件无效，已忽略/, bad);
      }
      const tooLong = await get(`/agencies/${agency}/search?q=${word}&year=${'9'.repeat(300)}`);
      assert.ok(tooLong.statusCode < 500);
      // The form alone (no words yet) keeps the filters too.
      const form = await get(`/agencies/${agency}/search?year=2025`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<option value="2025" selected>/);
    });

    it('keeps the filters in the pager links of the search', async () => {
      const html = await SearchPage({
        agency: { id: 'a1', name: '测试机关' },
        categories: [],
        thisYear: 2026,
        filters: { category: 'JC08', year: 2025, validity: 'expired' },
        q: '通知',
        result: { total: 25, hits: [], page: 2, pageSize: 10 },
      });
      const links = [...html.matchAll(/href="([^"]*search\?[^"]*)"/g)].map((m) => unescapeHtml(m[1]!));
      assert.equal(links.length, 2, html);
      for (const link of links) {
        const params = new URL(link, 'http://x').searchParams;
        assert.equal(params.get('q'), '通知');
        assert.equal(params.get('category'), 'JC08');
        assert.equal(params.get('year'), '2025');
        assert.equal(params.get('validity'), 'expired');
      }
    });
  });
}
