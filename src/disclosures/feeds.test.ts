import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from 'domhandler';
import { getElementsByTagName, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import {
  excerpt,
  type Feed,
  feedUpdated,
  renderAtom,
  renderRss,
  renderSitemap,
  renderSitemapIndex,
  sitemapPlan,
  xmlText,
} from './feeds.ts';

/**
 * A strict well-formedness check (what htmlparser2 forgives): only XML 1.0 characters, every `&`
 * an entity, no `<` or `>` outside tags, tags balanced, one root.
 */
export function assertWellFormedXml(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), 'XML declaration');
  for (const ch of xml) {
    const c = ch.codePointAt(0)!;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff);
    assert.ok(ok, `character U+${c.toString(16)} is not allowed in XML 1.0`);
  }
  assert.doesNotMatch(xml, /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/, 'a bare &');
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<>]*")*)\s*(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    assert.doesNotMatch(body.slice(at, m.index), /[<>]/, `markup in text before ${m[0]}`);
    at = m.index + m[0].length;
    const [, close, name, , selfClosing] = m;
    if (close) assert.equal(stack.pop(), name, `</${name}> closes what was open`);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    }
  }
  assert.doesNotMatch(body.slice(at), /[<>]/, 'markup after the root');
  assert.deepEqual(stack, [], 'every tag closed');
  assert.equal(roots, 1, 'one root element');
}

const HOSTILE = '<script>alert("x")</script> A & B ]]> \u0000\u0001\u0008\u000b\u001f\ufffe\ud800 尾';

function feed(title = HOSTILE): Feed {
  return {
    title: '承留镇 政府信息公开',
    link: 'https://gk.example.cn/agencies/a/items',
    self: 'https://gk.example.cn/agencies/a/feed.xml?category=JC08&x=<1>',
    id: 'https://gk.example.cn/agencies/a/atom.xml',
    description: '描述 & 说明',
    fallbackUpdated: '2026-01-01T00:00:00.000Z',
    entries: [
      {
        id: 'i1',
        title,
        url: 'https://gk.example.cn/agencies/a/items/i1?a=1&b=2',
        summary: `摘要${HOSTILE}`,
        publishedAt: '2026-03-02T02:00:00.000Z',
        updatedAt: '2026-03-05T02:00:00.000Z',
        category: '政策文件 <&>',
        indexNumber: '000-JC08-2026-0001',
      },
      {
        id: 'i2',
        title: '第二条',
        url: 'https://gk.example.cn/agencies/a/items/i2',
        summary: '',
        publishedAt: '2026-03-01T02:00:00.000Z',
        updatedAt: '2026-03-01T02:00:00.000Z',
        category: null,
        indexNumber: '',
      },
    ],
  };
}

const EXPECTED_TITLE = '<script>alert("x")</script> A & B ]]>  尾';

function parsed(xml: string) {
  return parseDocument(xml, { xmlMode: true });
}

describe('xmlText', () => {
  it('escapes markup and drops the characters XML 1.0 forbids', () => {
    assert.equal(xmlText('a<b>&"\'c'), 'a&lt;b&gt;&amp;&quot;&apos;c');
    assert.equal(xmlText(']]>'), ']]&gt;');
    assert.equal(xmlText('\u0000x\u0007\u000b\u000c\u001fy\tz\n\r'), 'xy\tz\n\r');
    assert.equal(xmlText('\ufffe\uffff\ud800a\udc00'), 'a');
    assert.equal(xmlText('😀汉字'), '😀汉字', 'a surrogate pair is kept');
  });

  it('cuts an excerpt on code points', () => {
    assert.equal(excerpt('  a \n b  '), 'a b');
    assert.equal(excerpt('😀😀😀😀', 3), '😀😀…');
  });
});

describe('RSS and Atom', () => {
  it('RSS 2.0 is well-formed with a hostile title, and reads back as the text', () => {
    const xml = renderRss(feed());
    assertWellFormedXml(xml);
    const doc = parsed(xml);
    const items = getElementsByTagName('item', doc);
    assert.equal(items.length, 2);
    const title = getElementsByTagName('title', items[0]!)[0]!;
    assert.equal(textContent(title), EXPECTED_TITLE);
    assert.equal(textContent(getElementsByTagName('link', items[0]!)[0]!), feed().entries[0]!.url);
    assert.match(xml, /<pubDate>Mon, 02 Mar 2026 02:00:00 GMT<\/pubDate>/);
    assert.match(xml, /<lastBuildDate>Thu, 05 Mar 2026 02:00:00 GMT<\/lastBuildDate>/);
    assert.ok(!xml.includes('<script'), 'no tag from the title');
    assert.ok(!xml.includes(']]>'), 'no CDATA end in the text');
  });

  it('Atom is well-formed, with ids, dates and the self link', () => {
    const xml = renderAtom(feed());
    assertWellFormedXml(xml);
    const doc = parsed(xml);
    const entries = getElementsByTagName('entry', doc);
    assert.equal(entries.length, 2);
    assert.equal(textContent(getElementsByTagName('title', entries[0]!)[0]!), EXPECTED_TITLE);
    assert.match(xml, /<updated>2026-03-05T02:00:00.000Z<\/updated><author>/);
    assert.match(xml, /<link rel="self" type="application\/atom\+xml" href="[^"]+&amp;x=&lt;1&gt;"\/>/);
    const root = doc.children.find((n) => n.type === 'tag') as Element;
    assert.equal(root.name, 'feed');
    assert.equal(root.attribs.xmlns, 'http://www.w3.org/2005/Atom');
  });

  it('an empty feed is still a feed', () => {
    const empty = { ...feed(), entries: [] };
    assertWellFormedXml(renderRss(empty));
    assertWellFormedXml(renderAtom(empty));
    assert.equal(feedUpdated(empty), '2026-01-01T00:00:00.000Z');
  });
});

describe('sitemap', () => {
  it('renders a urlset and an index, lastmod as a Beijing day', () => {
    const xml = renderSitemap([
      { loc: 'https://h/' },
      { loc: 'https://h/a?x=1&y=<2>', lastmod: '2026-03-01T17:00:00.000Z' },
    ]);
    assertWellFormedXml(xml);
    assert.match(
      xml,
      /<url><loc>https:\/\/h\/a\?x=1&amp;y=&lt;2&gt;<\/loc><lastmod>2026-03-02<\/lastmod><\/url>/,
    );
    const index = renderSitemapIndex([{ loc: 'https://h/sitemap.xml?page=1' }]);
    assertWellFormedXml(index);
    assert.match(index, /<sitemapindex [^>]+>\n<sitemap><loc>/);
  });

  it('plans one urlset up to the page size, an index of pages beyond', () => {
    assert.deepEqual(sitemapPlan(3, 2, 5, null), {
      kind: 'urlset',
      fixed: { from: 0, to: 3 },
      items: { offset: 0, limit: 2 },
    });
    assert.deepEqual(sitemapPlan(3, 3, 5, null), { kind: 'index', pages: 2 });
    assert.deepEqual(sitemapPlan(3, 3, 5, 1), {
      kind: 'urlset',
      fixed: { from: 0, to: 3 },
      items: { offset: 0, limit: 2 },
    });
    assert.deepEqual(sitemapPlan(3, 3, 5, 2), {
      kind: 'urlset',
      fixed: { from: 3, to: 3 },
      items: { offset: 2, limit: 1 },
    });
    assert.deepEqual(sitemapPlan(3, 3, 5, 3), { kind: 'none' });
    assert.deepEqual(sitemapPlan(3, 3, 5, 0), { kind: 'none' });
    // Fixed URLs across a page boundary.
    assert.deepEqual(sitemapPlan(7, 10, 5, 2), {
      kind: 'urlset',
      fixed: { from: 5, to: 7 },
      items: { offset: 0, limit: 3 },
    });
    // Every URL on exactly one page.
    for (const [fixed, items, size] of [
      [1, 0, 1],
      [5, 17, 4],
      [21, 3, 7],
      [1, 50_000, 50_000],
    ] as const) {
      const plan = sitemapPlan(fixed, items, size, null);
      const pages = plan.kind === 'index' ? plan.pages : 1;
      let f = 0;
      let i = 0;
      for (let p = 1; p <= pages; p++) {
        const slice = sitemapPlan(fixed, items, size, p);
        assert.equal(slice.kind, 'urlset');
        if (slice.kind !== 'urlset') continue;
        assert.equal(slice.fixed.from, f);
        assert.equal(slice.items.offset, i);
        assert.ok(slice.fixed.to - slice.fixed.from + slice.items.limit <= size);
        f = slice.fixed.to;
        i += slice.items.limit;
      }
      assert.deepEqual([f, i], [fixed, items], `${fixed}+${items} by ${size}`);
    }
  });
});
