// The portal's RSS and Atom feeds, sitemap and robots.txt on both engines: a published item is in
// the feeds and the sitemap, a withdrawn one leaves them at once, a category filters, the XML stays
// well-formed with a hostile title, and the sitemap becomes an index beyond its page size. Also the
// other channel of issue 5: the back office's 微信公众号 export of an item.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getElementsByTagName, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import {
  changePassword,
  createUser,
  login,
  type Principal,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  listCatalogue,
  publish,
  signReview,
  submitForReview,
  withdraw,
} from '../../src/disclosures/index.ts';
import type { ContentInput } from '../../src/disclosures/item-rules.ts';
import { content, staff } from '../../src/disclosures/testing.ts';
import { buildSitemap } from '../../src/web/portal/feed-routes.ts';
import { Browser, createWebFixture, TEST_PASSWORD, type WebFixture } from '../../src/web/testing.ts';

const HOST = 'gk.example.cn';

/** Strict enough: XML 1.0 characters only, entities only, balanced tags, one root. */
function assertWellFormedXml(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), 'XML declaration');
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/, 'a forbidden character');
  assert.doesNotMatch(xml, /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/, 'a bare &');
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<>]*")*)\s*(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    assert.doesNotMatch(body.slice(at, m.index), /[<>]/, `markup in text before ${m[0]}`);
    at = m.index + m[0].length;
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}>`);
    else if (!m[4]) stack.push(m[2]!);
  }
  assert.doesNotMatch(body.slice(at), /[<>]/);
  assert.deepEqual(stack, []);
}

/** The text of every `tag` element of the XML. */
function texts(xml: string, tag: string): string[] {
  return getElementsByTagName(tag, parseDocument(xml, { xmlMode: true })).map((e) => textContent(e));
}

for (const engine of ENGINES) {
  describe(`feeds and sitemap on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let w: { editor: Principal; reviewer: Principal; approver: Principal };

    before(async () => {
      f = await createWebFixture(engine);
      const agencyId = f.chengliu.id;
      w = {
        editor: await staff(f.ctx, agencyId, 'fd.editor', ['editor']),
        reviewer: await staff(f.ctx, agencyId, 'fd.reviewer', ['reviewer']),
        approver: await staff(f.ctx, agencyId, 'fd.approver', ['approver']),
      };
    });
    after(async () => f?.close());

    async function published(input: Partial<ContentInput> = {}) {
      const { itemId } = await createDraft(f.ctx, w.editor, {
        agencyId: f.chengliu.id,
        content: content(input),
      });
      await submitForReview(f.ctx, w.editor, itemId);
      await signReview(f.ctx, w.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(f.ctx, w.approver, itemId);
      await publish(f.ctx, w.approver, itemId);
      return itemId;
    }

    const get = (url: string, headers: Record<string, string> = {}) =>
      f.app.inject({ method: 'GET', url, headers: { host: HOST, ...headers } });
    const feedUrl = (kind = 'feed', query = '') => `/agencies/${f.chengliu.id}/${kind}.xml${query}`;
    const itemLink = (itemId: string) => `http://${HOST}/agencies/${f.chengliu.id}/items/${itemId}`;

    it('lists a newly published item in RSS and Atom, with absolute links, and drops it once withdrawn', async () => {
      const itemId = await published({
        title: '承留镇订阅测试通知甲',
        summary: '订阅测试的摘要。',
        bodyHtml: '<p>正文只在页面上。</p>',
      });
      const rss = await get(feedUrl());
      assert.equal(rss.statusCode, 200, rss.body.slice(0, 300));
      assert.equal(rss.headers['content-type'], 'application/rss+xml; charset=utf-8');
      assertWellFormedXml(rss.body);
      assert.ok(texts(rss.body, 'title').includes('承留镇订阅测试通知甲'));
      assert.ok(texts(rss.body, 'link').includes(itemLink(itemId)), 'an absolute link to the item');
      assert.ok(texts(rss.body, 'description').includes('订阅测试的摘要。'), 'the summary');
      assert.ok(!rss.body.includes('正文只在页面上'), 'never the body');
      assert.match(String(rss.headers.etag), /^"[\w-]+"$/);
      assert.ok(rss.headers['last-modified']);

      const atom = await get(feedUrl('atom'));
      assert.equal(atom.statusCode, 200);
      assert.equal(atom.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assertWellFormedXml(atom.body);
      assert.ok(texts(atom.body, 'id').includes(itemLink(itemId)));
      assert.ok(atom.body.includes(`href="${itemLink(itemId)}"`));

      // Nothing changed: the reader's copy is still good.
      const again = await get(feedUrl(), { 'if-none-match': String(rss.headers.etag) });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');

      await withdraw(f.ctx, w.approver, itemId, { reason: '测试撤回' });
      const after = await get(feedUrl(), { 'if-none-match': String(rss.headers.etag) });
      assert.equal(after.statusCode, 200, 'the feed changed');
      assert.ok(!after.body.includes('承留镇订阅测试通知甲'));
      assert.ok(!(await get(feedUrl('atom'))).body.includes('承留镇订阅测试通知甲'));
    });

    it('filters by category and answers 404 in Chinese for an unknown one', async () => {
      const other = (await listCatalogue(f.database.db, f.chengliu.id)).find((c) => c.code !== 'JC08')!;
      const inJc08 = await published({ title: '分类订阅甲类', categoryCode: 'JC08' });
      const inOther = await published({ title: '分类订阅乙类', categoryCode: other.code });
      const jc08 = await get(feedUrl('feed', '?category=JC08'));
      assert.equal(jc08.statusCode, 200);
      assertWellFormedXml(jc08.body);
      assert.ok(texts(jc08.body, 'link').includes(itemLink(inJc08)));
      assert.ok(!texts(jc08.body, 'link').includes(itemLink(inOther)));
      const atom = await get(feedUrl('atom', `?category=${encodeURIComponent(other.code)}`));
      assert.ok(atom.body.includes(itemLink(inOther)));
      assert.ok(!atom.body.includes(itemLink(inJc08)));
      const all = await get(feedUrl());
      assert.ok(all.body.includes(itemLink(inJc08)) && all.body.includes(itemLink(inOther)));

      for (const query of ['?category=NOPE', '?category=%3Cscript%3E', '?category=%E2%80%AE']) {
        const unknown = await get(feedUrl('feed', query));
        assert.equal(unknown.statusCode, 404, query);
        assert.match(unknown.body, /没有这个分类/);
        assert.equal((await get(feedUrl('atom', query))).statusCode, 404);
      }
      assert.equal((await get('/agencies/no-such-agency/feed.xml')).statusCode, 404);
      assert.equal((await get(feedUrl('feed', `?category=${'x'.repeat(500)}`))).statusCode, 400);
    });

    it('stays well-formed XML with a hostile title and summary', async () => {
      // Titles are plain text: the entities typed are decoded into the characters.
      const itemId = await published({
        title: '&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; A &amp;amp; B ]]&gt; 恶意标题',
        summary: '摘要 <b>粗</b> & ]]> 结束',
      });
      for (const kind of ['feed', 'atom']) {
        const response = await get(feedUrl(kind));
        assert.equal(response.statusCode, 200);
        assertWellFormedXml(response.body);
        assert.ok(!response.body.includes('<script>'));
        assert.ok(!response.body.includes(']]>'));
        assert.ok(
          texts(response.body, 'title').includes('</title><script>x</script> A &amp; B ]]> 恶意标题'),
        );
        assert.ok(response.body.includes(itemLink(itemId)));
      }
    });

    it('uses localhost for a Host header that is not a host name', async () => {
      const response = await get(feedUrl(), { host: 'evil.example"><x' });
      assert.equal(response.statusCode, 200);
      assertWellFormedXml(response.body);
      assert.ok(texts(response.body, 'link').every((l) => l.startsWith('http://localhost/')));
    });

    it('links the RSS feed from the catalogue, for the category shown', async () => {
      const page = await get(`/agencies/${f.chengliu.id}/items?category=JC08`);
      assert.equal(page.statusCode, 200);
      assert.ok(
        page.body.includes(`href="/agencies/${f.chengliu.id}/feed.xml?category=JC08"`),
        'a feed link for the category',
      );
      assert.match(page.body, /订阅（RSS）/);
    });

    it('lists the home, every agency page and catalogue, and each published item in the sitemap', async () => {
      const kept = await published({ title: '站点地图保留' });
      const gone = await published({ title: '站点地图撤回' });
      await withdraw(f.ctx, w.approver, gone, { reason: '测试撤回' });
      const response = await get('/sitemap.xml');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'application/xml; charset=utf-8');
      assertWellFormedXml(response.body);
      const locs = texts(response.body, 'loc');
      assert.ok(locs.includes(`http://${HOST}/`));
      for (const agency of [f.region, f.sili, f.chengliu]) {
        assert.ok(locs.includes(`http://${HOST}/agencies/${agency.id}`), agency.name);
        assert.ok(locs.includes(`http://${HOST}/agencies/${agency.id}/items`), agency.name);
      }
      assert.ok(locs.includes(itemLink(kept)));
      assert.ok(!locs.includes(itemLink(gone)), 'a withdrawn item is not listed');
      assert.match(
        response.body,
        new RegExp(`<loc>${itemLink(kept).replace(/[.]/g, '\\.')}</loc><lastmod>2026-03-02</lastmod>`),
      );
      assert.equal((await get('/sitemap.xml?page=2')).statusCode, 404, 'one page only');
      assert.equal((await get('/sitemap.xml?page=abc')).statusCode, 404);

      const robots = await get('/robots.txt');
      assert.equal(robots.statusCode, 200);
      assert.match(String(robots.headers['content-type']), /^text\/plain/);
      assert.match(
        robots.body,
        new RegExp(`^Sitemap: http://${HOST.replace(/\./g, '\\.')}/sitemap\\.xml$`, 'm'),
      );
      assert.match(robots.body, /^Disallow: \/office\/$/m);
    });

    it('drops a withdrawn item from a sitemap already served at once, and lists a new or scheduled one at once', async () => {
      const locs = async () => {
        const response = await get('/sitemap.xml');
        assert.equal(response.statusCode, 200);
        return texts(response.body, 'loc');
      };
      const itemId = await published({ title: '站点地图缓存撤回' });
      assert.ok((await locs()).includes(itemLink(itemId)), 'listed (and the page kept)');
      assert.ok((await locs()).includes(itemLink(itemId)), 'the kept page');
      await withdraw(f.ctx, w.approver, itemId, { reason: '测试撤回' });
      assert.ok(!(await locs()).includes(itemLink(itemId)), 'gone at once, not a minute later');

      const fresh = await published({ title: '站点地图缓存新发布' });
      assert.ok((await locs()).includes(itemLink(fresh)), 'a new item at once');

      // Scheduled for an hour later: absent until the clock passes its time, then listed.
      const { itemId: later } = await createDraft(f.ctx, w.editor, {
        agencyId: f.chengliu.id,
        content: content({ title: '站点地图定时发布' }),
      });
      await submitForReview(f.ctx, w.editor, later);
      await signReview(f.ctx, w.reviewer, later, { checklist: CHECKLIST_IDS });
      await approve(f.ctx, w.approver, later);
      const start = f.clock.now;
      await publish(f.ctx, w.approver, later, {
        publishAt: new Date(start.getTime() + 3_600_000).toISOString(),
      });
      try {
        assert.ok(!(await locs()).includes(itemLink(later)), 'not before its time');
        f.clock.now = new Date(start.getTime() + 3_600_000 + 1000);
        assert.ok((await locs()).includes(itemLink(later)), 'at its time');
      } finally {
        f.clock.now = start;
      }
      await withdraw(f.ctx, w.approver, later, { reason: '测试撤回' });
    });

    it('becomes an index of pages beyond the page size, every URL on exactly one page', async () => {
      const base = `http://${HOST}`;
      const whole = await buildSitemap(f, base, null);
      assert.equal(whole?.kind, 'urlset');
      const all = texts(whole!.xml, 'loc');
      const pageSize = 3;
      assert.ok(all.length > pageSize * 2, `${all.length} URLs`);
      const index = await buildSitemap(f, base, null, pageSize);
      assert.equal(index?.kind, 'index');
      assertWellFormedXml(index!.xml);
      const pages = texts(index!.xml, 'loc');
      assert.equal(pages.length, Math.ceil(all.length / pageSize));
      assert.equal(pages[0], `${base}/sitemap.xml?page=1`);
      const seen: string[] = [];
      for (let page = 1; page <= pages.length; page++) {
        const slice = await buildSitemap(f, base, page, pageSize);
        assert.equal(slice?.kind, 'urlset');
        assertWellFormedXml(slice!.xml);
        const locs = texts(slice!.xml, 'loc');
        assert.ok(locs.length >= 1 && locs.length <= pageSize);
        seen.push(...locs);
      }
      assert.deepEqual(seen, all, 'the pages together are the whole sitemap, in order');
      assert.equal(await buildSitemap(f, base, pages.length + 1, pageSize), null);
    });

    async function signedIn(
      username: string,
      roles: ('editor' | 'approver' | 'reviewer')[],
    ): Promise<Browser> {
      const { initialPassword } = await createUser(f.ctx, systemActor('feeds-test'), {
        agencyId: f.chengliu.id,
        username,
        displayName: '导出测试',
        roles,
      });
      const { token } = await login(f.ctx, { username, password: initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      const browser = new Browser(f.app, '192.0.2.77');
      assert.equal((await browser.signIn(username)).statusCode, 303);
      return browser;
    }

    it('exports a published item for the 微信公众号 editor: inline styles only, table kept, absolute links', async () => {
      const itemId = await published({
        title: '微信导出测试公告',
        bodyHtml:
          '<h2>一、名单</h2><p style="text-align:center">现将名单公示如下。</p>' +
          '<table><tbody><tr><th>姓名</th><th>金额</th></tr><tr><td>张某</td><td>1200</td></tr></tbody></table>' +
          '<p><a href="https://www.example.gov.cn/a">相关链接</a></p>',
      });
      const editor = await signedIn('wx.editor', ['editor']);
      const base = `/office/agencies/${f.chengliu.id}/items/${itemId}/wechat`;
      const page = await editor.get(base, { host: HOST });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assert.match(page.body, /<iframe src="[^"]+\/wechat\.html"[^>]* sandbox=""/);
      assert.match(String(page.headers['content-security-policy']), /frame-src 'self'/);
      assert.ok(page.body.includes('wechat.html?download=1'));

      const file = await editor.get(`${base}.html`, { host: HOST });
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(
        String(file.headers['content-security-policy']),
        /^default-src 'none';style-src 'unsafe-inline';/,
      );
      assert.doesNotMatch(String(file.headers['content-security-policy']), /script-src/);
      assert.equal(file.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(file.headers['cache-control'], 'no-store');
      const body = file.body;
      assert.doesNotMatch(body, /<script|<style|<link|\sclass=|\sid=/i);
      assert.match(body, /<table style="[^"]+"><tbody><tr><th style="[^"]+">姓名<\/th>/);
      assert.ok(body.includes('>张某</td>'));
      for (const label of ['索引号', '发布机构', '成文日期', '文号'])
        assert.ok(body.includes(`>${label}</td>`), label);
      assert.ok(
        body.includes(`href="http://${HOST}/agencies/${f.chengliu.id}/items/${itemId}"`),
        'the source link',
      );
      assert.ok(body.includes('href="https://www.example.gov.cn/a"'));

      const download = await editor.get(`${base}.html?download=1`, { host: HOST });
      assert.equal(download.statusCode, 200);
      assert.match(
        String(download.headers['content-disposition']),
        /^attachment; filename="wechat-[\w-]+\.html"$/,
      );
      assert.equal(download.body, body);
    });

    it('refuses the export of a draft (409), and answers 404 for an item of another agency', async () => {
      const { itemId } = await createDraft(f.ctx, w.editor, {
        agencyId: f.chengliu.id,
        content: content({ title: '草稿不能导出' }),
      });
      const editor = await signedIn('wx.editor2', ['editor']);
      const draft = await editor.get(`/office/agencies/${f.chengliu.id}/items/${itemId}/wechat`);
      assert.equal(draft.statusCode, 409);
      assert.match(draft.body, /只有已审批或已发布的信息可以导出/);
      // An approved item not yet public: exported from its approved version, without links.
      await submitForReview(f.ctx, w.editor, itemId);
      await signReview(f.ctx, w.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(f.ctx, w.approver, itemId);
      const approved = await editor.get(`/office/agencies/${f.chengliu.id}/items/${itemId}/wechat.html`);
      assert.equal(approved.statusCode, 200);
      assert.ok(approved.body.includes('（发布后生成）'));
      assert.ok(!approved.body.includes('原文链接'));
      // Under another agency's path (which this editor cannot see) and a guessed id: 404.
      assert.equal(
        (await editor.get(`/office/agencies/${f.sili.id}/items/${itemId}/wechat`)).statusCode,
        404,
      );
      assert.equal(
        (await editor.get(`/office/agencies/${f.chengliu.id}/items/no-such-item/wechat.html`)).statusCode,
        404,
      );
      // A reviewer is not one of the roles of the export.
      const reviewer = await signedIn('wx.reviewer', ['reviewer']);
      assert.equal(
        (await reviewer.get(`/office/agencies/${f.chengliu.id}/items/${itemId}/wechat`)).statusCode,
        403,
      );
    });
  });
}
