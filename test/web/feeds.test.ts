// The portal's RSS and Atom feeds, sitemap and robots.txt on both engines: a published item is in
// the feeds and the sitemap, a withdrawn one leaves them at once, a category filters, the XML stays
// well-formed with a hostile title, and the sitemap becomes an index beyond its page size.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getElementsByTagName, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { Principal } from '../../src/agencies/index.ts';
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
import { createWebFixture, type WebFixture } from '../../src/web/testing.ts';

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
  });
}
