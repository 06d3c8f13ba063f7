import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from 'domhandler';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { emptyReport } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  SECTIONS,
  sectionHeading,
  TABLE3_RESULT_HEADING,
  table2Layout,
  table3Rows,
} from '../report-format.ts';
import { HOSTILE_BODY, HOSTILE_PARAGRAPH, sampleReport, table3Value } from './fixture.test.ts';
import { renderHtml } from './to-html.tsx';

function parse(html: string) {
  const doc = parseDocument(html);
  const all = (name: string, root: Element[] = doc.children as Element[]) =>
    findAll((e) => e.name === name, root);
  return { doc, all };
}

function rowTexts(table: Element): string[][] {
  return findAll((e) => e.name === 'tr', [table]).map((tr) =>
    tr.children
      .filter((c): c is Element => 'name' in c && (c.name === 'td' || c.name === 'th'))
      .map(textContent),
  );
}

function tableOf(html: string, index: number): Element {
  const { all } = parse(html);
  return all('table')[index]!;
}

describe('renderHtml', () => {
  it('is a standalone zh-CN page with title, viewport and metadata, and no scripts or external resources', () => {
    const html = renderHtml(sampleReport('2021'));
    assert.match(html, /^<!doctype html>\n<html lang="zh-CN">/);
    const { all } = parse(html);
    assert.equal(textContent(all('title')[0]!), `${HOSTILE_BODY}2022年政府信息公开工作年度报告`);
    assert.equal(textContent(all('h1')[0]!), `${HOSTILE_BODY}2022年政府信息公开工作年度报告`);
    assert.equal(all('h1').length, 1);
    const meta = Object.fromEntries(
      all('meta').map((m) => [
        getAttributeValue(m, 'name') ?? 'charset',
        getAttributeValue(m, 'content') ?? '',
      ]),
    );
    assert.equal(meta.viewport, 'width=device-width, initial-scale=1');
    assert.equal(meta['gongkai:body'], HOSTILE_BODY);
    assert.equal(meta['gongkai:year'], '2022');
    assert.equal(meta.PubDate, '2023-01-20');
    assert.equal(all('script').length, 0);
    assert.equal(all('link').length, 0);
    assert.equal(all('img').length, 0);
    const withResource = findAll(
      (e) => ['src', 'href', 'srcset', 'action'].some((a) => a in e.attribs),
      [...(parse(html).doc.children as Element[])],
    );
    assert.deepEqual(withResource, []);
    assert.doesNotMatch(html, /url\(/);
  });

  it('omits metadata the model does not have and honours the lang option', () => {
    const html = renderHtml(emptyReport('2021'), { lang: 'zh-Hans-CN' });
    assert.match(html, /<html lang="zh-Hans-CN">/);
    assert.doesNotMatch(html, /gongkai:body|gongkai:year|PubDate/);
    assert.match(html, /<title>政府信息公开工作年度报告<\/title>/);
  });

  it('escapes every piece of report text', () => {
    const report = sampleReport('2021');
    report.preamble.push('<script>alert(1)</script>');
    report.sections[0]!.paragraphs.push('"><img src=x onerror=alert(1)>');
    const html = renderHtml(report);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.match(html, /&lt;script>alert\(1\)&lt;\/script>/);
    assert.match(html, /content="某某镇&#34;>&lt;img src=x onerror=alert\(1\)>人民政府"/);
    const { all } = parse(html);
    const paragraphs = all('p').map(textContent);
    assert.ok(paragraphs.includes(HOSTILE_PARAGRAPH));
    assert.ok(paragraphs.includes('"><img src=x onerror=alert(1)>'));
  });

  it('puts the preamble before the first heading and the six headings in order', () => {
    const html = renderHtml(sampleReport('2021'));
    const { all } = parse(html);
    assert.deepEqual(all('h2').map(textContent), SECTIONS.map(sectionHeading));
    const body = html.slice(html.indexOf('<body>'));
    assert.ok(body.indexOf('本报告由某某镇人民政府编制。') < body.indexOf('<h2'));
    const sections = all('section').filter((s) => getAttributeValue(s, 'class') !== 'table-wrap');
    assert.equal(sections.length, 6);
    sections.forEach((section, i) => {
      const ps = findAll((e) => e.name === 'p', [section]).map(textContent);
      assert.equal(ps[0], `第${i + 1}节第一段。`);
    });
  });

  it('puts each table in its section after the paragraphs, with a caption', () => {
    const html = renderHtml(sampleReport('2021'));
    const { all } = parse(html);
    const sections = all('section').filter((s) => getAttributeValue(s, 'class') !== 'table-wrap');
    const tablesIn = sections.map((s) => findAll((e) => e.name === 'table', [s]).length);
    assert.deepEqual(tablesIn, [0, 1, 1, 1, 0, 0]);
    for (const i of [1, 2, 3]) {
      const sectionHtml = html.slice(html.indexOf(`id="s-${SECTIONS[i]!.key}"`));
      assert.ok(sectionHtml.indexOf(`第${i + 1}节第一段。`) < sectionHtml.indexOf('<table'));
      const caption = findOne((e) => e.name === 'caption', [sections[i]!]);
      assert.equal(caption && textContent(caption), SECTIONS[i]!.title);
    }
    const wraps = all('section').filter((s) => getAttributeValue(s, 'class') === 'table-wrap');
    assert.equal(wraps.length, 3);
    for (const wrap of wraps) {
      assert.equal(getAttributeValue(wrap, 'tabindex'), '0');
      assert.equal(
        getAttributeValue(wrap, 'aria-labelledby'),
        findOne((e) => e.name === 'caption', [wrap])?.attribs.id,
      );
    }
    assert.match(html, /\.table-wrap\{overflow-x:auto/);
    assert.match(html, /td\.n\{text-align:right/);
  });

  it('prints every table 三 row label once, with its 7 numbers in the last 7 cells', () => {
    const html = renderHtml(sampleReport('2021'));
    const rows = rowTexts(tableOf(html, 1));
    table3Rows('2021').forEach((def, i) => {
      const count = rows.flat().filter((text) => text === def.label).length;
      assert.equal(count, 1, def.label);
      const row = rows.find((cells) => cells.at(-8) === def.label)!;
      const expected =
        def.key === 'carriedIn'
          ? APPLICANT_COLUMNS.map(() => '')
          : APPLICANT_COLUMNS.map((_, c) => String(table3Value(i, c)));
      assert.deepEqual(row.slice(-7), expected, def.label);
    });
    for (const text of [
      TABLE3_RESULT_HEADING,
      '（三）不予公开',
      '（四）无法提供',
      '（五）不予处理',
      '（六）其他处理',
    ])
      assert.equal(rows.flat().filter((t) => t === text).length, 1, text);
    assert.deepEqual(rows[2], ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
  });

  it('merges table 三 cells like the national layout, with th scopes', () => {
    const table = tableOf(renderHtml(sampleReport('2021')), 1);
    const th = (text: string) => findOne((e) => e.name === 'th' && textContent(e) === text, [table])!;
    assert.equal(getAttributeValue(th('（三）不予公开'), 'rowspan'), '8');
    assert.equal(getAttributeValue(th('（三）不予公开'), 'scope'), 'row');
    assert.equal(getAttributeValue(th(TABLE3_RESULT_HEADING), 'rowspan'), '22');
    assert.equal(getAttributeValue(th('法人或其他组织'), 'colspan'), '5');
    assert.equal(getAttributeValue(th('法人或其他组织'), 'scope'), 'colgroup');
    assert.equal(getAttributeValue(th('自然人'), 'rowspan'), '2');
    assert.equal(getAttributeValue(th('自然人'), 'scope'), 'col');
    assert.equal(getAttributeValue(th('一、本年新收政府信息公开申请数量'), 'colspan'), '3');
    assert.equal(findAll((e) => e.name === 'thead', [table])[0]!.children.length, 3);
    const numbers = findAll((e) => e.name === 'td', [table]);
    assert.equal(numbers.length, table3Rows('2021').length * 7);
    assert.ok(numbers.every((td) => getAttributeValue(td, 'class') === 'n'));
  });

  it('renders the 2019 format with its own table 二 and the single （六）其他处理 row', () => {
    const html = renderHtml(sampleReport('2019'));
    const rows2 = rowTexts(tableOf(html, 0));
    for (const block of table2Layout('2019')) {
      assert.ok(rows2.some((cells) => cells[0] === block.item));
      for (const column of block.columns)
        assert.ok(
          rows2.some((cells) => cells.includes(column.label)),
          column.label,
        );
      for (const row of block.rows)
        assert.ok(
          rows2.some((cells) => cells[0] === row.label),
          row.label,
        );
    }
    assert.deepEqual(
      rows2.find((cells) => cells[0] === '政府集中采购'),
      ['政府集中采购', '21', '1.25'],
    );
    const rows3 = rowTexts(tableOf(html, 1));
    const other = rows3.find((cells) => cells.includes('（六）其他处理'))!;
    assert.equal(other.length, 8);
    assert.ok(!html.includes('逾期不补正'));
    assert.equal(rows3.length, 3 + table3Rows('2019').length);
  });

  it('prints table 二 values with spans and blanks as empty cells, and table 四 in one row', () => {
    const html = renderHtml(sampleReport('2021'));
    const t2 = tableOf(html, 0);
    const rows2 = rowTexts(t2);
    assert.deepEqual(rows2[0], ['第二十条第（一）项']);
    assert.deepEqual(rows2[1], ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数']);
    assert.deepEqual(rows2[2], ['规章', '1', '2', '3']);
    assert.deepEqual(
      rows2.find((cells) => cells[0] === '行政事业性收费'),
      ['行政事业性收费', '1.25'],
    );
    assert.equal(findAll((e) => e.name === 'tbody', [t2]).length, 4);
    const rows4 = rowTexts(tableOf(html, 2));
    assert.equal(rows4.length, 4);
    assert.deepEqual(rows4[3], [
      '1',
      '2',
      '3',
      '4',
      '10',
      '5',
      '6',
      '',
      '7',
      '18',
      '8',
      '9',
      '11',
      '12',
      '40',
    ]);
  });
});
