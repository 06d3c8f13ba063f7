import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from 'domhandler';
import { findAll, getElementsByTagName, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import {
  absoluteUrl,
  type WechatExportInput,
  wechatBody,
  wechatDocument,
  wechatFragment,
} from './wechat-export.ts';

const BASE = 'https://gk.example.cn';

function input(overrides: Partial<WechatExportInput> = {}): WechatExportInput {
  return {
    title: '承留镇2026年农村危房改造补助对象公示',
    indexNumber: '11419001MB0000000X/2026-00012',
    agencyName: '承留镇人民政府',
    formedOn: '2026-02-27',
    documentNumber: '承政〔2026〕5号',
    publishedOn: '2026-03-02',
    bodyHtml:
      '<h1>一、补助对象</h1><p style="text-align:center" class="x" id="y" onclick="alert(1)">现将<strong>补助对象</strong>公示如下。</p>' +
      '<table class="t"><thead><tr><th>姓名</th><th colspan="2">金额</th></tr></thead>' +
      '<tbody><tr><td rowspan="2">张某</td><td>1200</td><td>元</td></tr></tbody></table>' +
      '<ul><li>第一条</li><li>第二条</li></ul>' +
      '<p><a href="/agencies/a/items/b">相关文件</a> <a href="javascript:alert(1)">坏链接</a></p>' +
      '<script>alert(1)</script><style>p{color:red}</style><span class="c">包裹文字</span>',
    attachments: [
      { filename: '名单<1>.pdf', url: '/agencies/a/items/i/attachments/f' },
      { filename: '未公开.docx', url: null },
    ],
    sourceUrl: `${BASE}/agencies/a/items/i`,
    baseUrl: BASE,
    ...overrides,
  };
}

const elements = (html: string) =>
  findAll(
    (n) => n.type === 'tag' || n.type === 'script' || n.type === 'style',
    parseDocument(html).children,
  ) as Element[];

describe('WeChat export', () => {
  it('carries only inline styles: no class, id, handler, <style> or <script>', () => {
    const html = wechatFragment(input());
    assert.doesNotMatch(html, /<script|<style|\sclass=|\sid=|\son\w+=|javascript:/i);
    const all = elements(html);
    assert.ok(all.length > 20);
    const allowed = new Set(['style', 'href', 'src', 'alt', 'colspan', 'rowspan', 'start']);
    for (const el of all) {
      for (const name of Object.keys(el.attribs)) assert.ok(allowed.has(name), `${el.name}[${name}]`);
      if (!['br', 'thead', 'tbody', 'tfoot', 'tr'].includes(el.name))
        assert.ok(el.attribs.style, `<${el.name}> is styled inline`);
    }
    assert.ok(!html.includes('alert(1)'), 'script text is dropped too');
    assert.ok(!html.includes('color:red'));
    assert.ok(html.includes('包裹文字'), 'an unknown tag keeps its text');
  });

  it('keeps headings, paragraphs, lists and tables with their spans and alignment', () => {
    const doc = parseDocument(wechatFragment(input()));
    const tables = getElementsByTagName('table', doc);
    assert.equal(tables.length, 2, 'the metadata table and the body table');
    const body = tables[1]!;
    assert.deepEqual(
      getElementsByTagName('th', body).map((th) => textContent(th)),
      ['姓名', '金额'],
    );
    assert.equal(getElementsByTagName('th', body)[1]!.attribs.colspan, '2');
    assert.equal(getElementsByTagName('td', body)[0]!.attribs.rowspan, '2');
    assert.equal(
      getElementsByTagName('h2', doc)[0] && textContent(getElementsByTagName('h2', doc)[0]!),
      '一、补助对象',
    );
    assert.equal(getElementsByTagName('li', doc).length, 4, 'two list items and two attachments');
    const centred = getElementsByTagName('p', doc).find((p) => textContent(p).startsWith('现将'))!;
    assert.match(centred.attribs.style!, /text-align:center;/);
    assert.equal(getElementsByTagName('strong', doc).length, 1);
  });

  it('heads the fragment with the metadata and makes links absolute', () => {
    const html = wechatFragment(input());
    const text = textContent(parseDocument(html));
    for (const part of [
      '索引号11419001MB0000000X/2026-00012',
      '发布机构承留镇人民政府',
      '成文日期2026-02-27',
      '文号承政〔2026〕5号',
    ])
      assert.ok(text.includes(part), part);
    const links = getElementsByTagName('a', parseDocument(html)).map((a) => a.attribs.href);
    assert.deepEqual(links, [
      `${BASE}/agencies/a/items/b`,
      `${BASE}/agencies/a/items/i/attachments/f`,
      `${BASE}/agencies/a/items/i`,
    ]);
    assert.ok(text.includes('坏链接'), 'a refused link keeps its text');
    assert.ok(text.includes('未公开.docx'));
    assert.ok(wechatFragment(input({ indexNumber: null, documentNumber: null })).includes('（发布后生成）'));
  });

  it('escapes hostile titles, names and text', () => {
    const html = wechatFragment(
      input({
        title: '<img src=x onerror=alert(1)>"标题"',
        agencyName: '机构&<b>',
        bodyHtml: '<p>&lt;script&gt;alert(2)&lt;/script&gt; 1 &amp; 2</p>',
        attachments: [{ filename: '"><script>x</script>.pdf', url: 'javascript:alert(3)' }],
        sourceUrl: 'javascript:alert(4)',
      }),
    );
    assert.doesNotMatch(html, /<script|<img|href="javascript:/i);
    assert.deepEqual(
      elements(html).filter((el) => el.name === 'script' || el.name === 'img' || 'onerror' in el.attribs),
      [],
    );
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;&quot;标题&quot;'));
    assert.ok(html.includes('机构&amp;&lt;b&gt;'));
    assert.ok(html.includes('&lt;script&gt;alert(2)&lt;/script&gt; 1 &amp; 2'));
    assert.ok(!html.includes('原文链接'), 'no source link for a bad URL');
    const doc = wechatDocument(input());
    assert.match(doc, /^<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>/);
    assert.doesNotMatch(doc, /<script|<style|<link/i);
  });

  it('keeps only http(s) images and mailto links', () => {
    assert.equal(
      wechatBody('<p><img src="/static/a.png" alt="图"><img src="data:image/png;base64,AA"></p>', BASE),
      `<p style="margin:0 0 1em 0;line-height:1.75;font-size:16px;color:#333333;"><img src="${BASE}/static/a.png" alt="图" style="display:block;max-width:100%;height:auto;margin:0.5em auto;"></p>`,
    );
    assert.equal(absoluteUrl('mailto:a@b.cn', BASE), 'mailto:a@b.cn');
    assert.equal(absoluteUrl(' java\tscript:alert(1)', BASE), null);
    assert.equal(absoluteUrl('//evil.example/x', BASE), 'https://evil.example/x');
  });
});
