import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from 'domhandler';
import { findAll, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import mammoth from 'mammoth';
import { emptyReport } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  SECTIONS,
  sectionHeading,
  TABLE3_CORNER,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../report-format.ts';
import { HOSTILE_BODY, HOSTILE_PARAGRAPH, sampleReport, table3Value } from './fixture.test.ts';
import { renderDocx } from './to-docx.ts';

async function asHtml(buffer: Buffer) {
  const result = await mammoth.convertToHtml({ buffer });
  const doc = parseDocument(result.value);
  const roots = doc.children as Element[];
  const all = (name: string, root: Element[] = roots) => findAll((e) => e.name === name, root);
  return { html: result.value, messages: result.messages, all };
}

function rows(table: Element): Element[][] {
  return findAll((e) => e.name === 'tr', [table]).map((tr) =>
    tr.children.filter((c): c is Element => 'name' in c && (c.name === 'td' || c.name === 'th')),
  );
}

describe('renderDocx', () => {
  it('produces a Word document with the title as Heading 1 and the six headings as Heading 2', async () => {
    const buffer = await renderDocx(sampleReport('2021'));
    assert.equal(buffer.subarray(0, 2).toString('latin1'), 'PK');
    const { all, messages } = await asHtml(buffer);
    assert.deepEqual(messages, []);
    assert.deepEqual(all('h1').map(textContent), [`${HOSTILE_BODY}2022年政府信息公开工作年度报告`]);
    assert.deepEqual(all('h2').map(textContent), SECTIONS.map(sectionHeading));
  });

  it('keeps the paragraphs, in order, with report text as text', async () => {
    const { html, all } = await asHtml(await renderDocx(sampleReport('2021')));
    const paragraphs = all('p')
      .filter((p) => !['td', 'th'].includes((p.parent as Element | null)?.name ?? ''))
      .map(textContent);
    assert.equal(paragraphs[0], '本报告由某某镇人民政府编制。');
    assert.ok(paragraphs.includes(HOSTILE_PARAGRAPH));
    assert.equal(paragraphs.indexOf(HOSTILE_PARAGRAPH), paragraphs.indexOf('第3节第一段。') + 1);
    assert.ok(!html.includes('<script>'));
    // Each section's paragraphs come before its table and after its heading.
    for (const i of [1, 2, 3]) {
      const heading = html.indexOf(sectionHeading(SECTIONS[i]!));
      const first = html.indexOf(`第${i + 1}节第一段。`);
      const table = html.indexOf('<table', heading);
      assert.ok(heading < first && first < table);
    }
  });

  it('prints table 三 with its labels, numbers and merged cells', async () => {
    const { all } = await asHtml(await renderDocx(sampleReport('2021')));
    const tables = all('table');
    assert.equal(tables.length, 3);
    const t3 = tables[1]!;
    const cells = rows(t3);
    const texts = cells.map((r) => r.map(textContent));
    assert.equal(texts[0]![0], TABLE3_CORNER);
    assert.deepEqual(texts[2], ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    table3Rows('2021').forEach((def, i) => {
      const row = texts.find((r) => r.at(-8) === def.label);
      assert.ok(row, def.label);
      const expected =
        def.key === 'carriedIn'
          ? APPLICANT_COLUMNS.map(() => '')
          : APPLICANT_COLUMNS.map((_, c) => String(table3Value(i, c)));
      assert.deepEqual(row.slice(-7), expected, def.label);
    });
    const cell = (text: string) => cells.flat().find((c) => textContent(c) === text)!;
    assert.equal(getAttributeValue(cell('（三）不予公开'), 'rowspan'), '8');
    assert.equal(getAttributeValue(cell('三、本年度办理结果'), 'rowspan'), '22');
    assert.equal(getAttributeValue(cell('法人或其他组织'), 'colspan'), '5');
    assert.equal(getAttributeValue(cell(TABLE3_CORNER), 'rowspan'), '3');
    assert.equal(getAttributeValue(cell(TABLE3_CORNER), 'colspan'), '3');
    assert.equal(getAttributeValue(cell('（七）总计'), 'colspan'), '2');
    // The three heading rows repeat on each page; the body rows do not.
    assert.equal(findAll((e) => e.name === 'thead', [t3])[0]!.children.length, 3);
  });

  it('prints tables 二 and 四 in the national layout', async () => {
    const { all } = await asHtml(await renderDocx(sampleReport('2021')));
    const [t2, , t4] = all('table');
    const rows2 = rows(t2!).map((r) => r.map(textContent));
    assert.deepEqual(
      rows2.filter((r) => r.length === 1).map((r) => r[0]),
      table2Layout('2021').map((b) => b.item),
    );
    assert.deepEqual(rows2[2], ['规章', '1', '2', '3']);
    const fees = rows(t2!).find((r) => textContent(r[0]!) === '行政事业性收费')!;
    assert.equal(textContent(fees[1]!), '1.25');
    assert.equal(getAttributeValue(fees[1]!, 'colspan'), '3');

    const rows4 = rows(t4!);
    assert.equal(rows4.length, 4);
    assert.deepEqual(rows4[0]!.map(textContent), ['行政复议', '行政诉讼']);
    assert.equal(getAttributeValue(rows4[0]![1]!, 'colspan'), '10');
    assert.equal(getAttributeValue(rows4[1]![0]!, 'rowspan'), '2');
    assert.deepEqual(rows4[2]!.map(textContent), [...TABLE4_RESULTS, ...TABLE4_RESULTS]);
    assert.deepEqual(rows4[3]!.map(textContent), [
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

  it('renders the 2019 format and an empty report', async () => {
    const { all } = await asHtml(await renderDocx(sampleReport('2019')));
    const t3 = rows(all('table')[1]!).map((r) => r.map(textContent));
    assert.equal(t3.length, 3 + table3Rows('2019').length);
    const other = t3.find((r) => r.includes('（六）其他处理'))!;
    assert.equal(other.length, 8);
    const t2 = rows(all('table')[0]!).map((r) => r.map(textContent));
    assert.ok(t2.some((r) => r[0] === '其他对外管理服务事项'));

    const empty = await asHtml(await renderDocx(emptyReport('2021')));
    assert.deepEqual(empty.all('h1').map(textContent), ['政府信息公开工作年度报告']);
    assert.equal(empty.all('h2').length, 6);
    assert.equal(empty.all('table').length, 3);
  });
});
