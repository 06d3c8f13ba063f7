import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyReport } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  SECTIONS,
  sectionHeading,
  TABLE3_RESULT_HEADING,
  table2Layout,
  table3Rows,
} from '../report-format.ts';
import { sampleReport, table3Value } from './fixture.test.ts';
import { escapeParagraph, renderMarkdown } from './to-markdown.ts';

/** Splits a pipe row into its cells, honouring `\|` escapes. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function tables(markdown: string): string[][] {
  const out: string[][] = [];
  let current: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      if (!current) {
        current = [];
        out.push(current);
      }
      current.push(line);
    } else current = null;
  }
  return out;
}

describe('renderMarkdown', () => {
  it('has the title, the six headings in order and paragraphs separated by blank lines', () => {
    const md = renderMarkdown(sampleReport('2021'));
    const lines = md.split('\n');
    assert.equal(lines[0], '# 某某镇">\\<img src=x onerror=alert(1)>人民政府2022年政府信息公开工作年度报告');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('## ')),
      SECTIONS.map((s) => `## ${sectionHeading(s)}`),
    );
    assert.ok(
      md.includes(
        '\n\n本报告由某某镇人民政府编制。\n\n## 一、总体情况\n\n第1节第一段。\n\n第1节第二段。\n\n## 二、',
      ),
    );
    // The 落款: body and publication date close the report.
    assert.ok(
      md.endsWith('第6节第二段。\n\n某某镇">\\<img src=x onerror=alert(1)>人民政府\n\n2023年1月20日\n'),
    );
    assert.ok(!md.includes('\n\n\n'));
  });

  it('escapes markup in report text so that it stays text', () => {
    const md = renderMarkdown(sampleReport('2021'));
    assert.ok(md.includes('依申请公开\\<script>alert("x")\\</script>情况 a\\|b & c'));
    assert.doesNotMatch(md, /(?<!\\)</, 'every < is escaped');
    assert.equal(escapeParagraph('# 不是标题'), '\\# 不是标题');
    assert.equal(escapeParagraph('1. 不是列表'), '1\\. 不是列表');
    assert.equal(escapeParagraph('1.属于国家秘密'), '1.属于国家秘密');
    assert.equal(escapeParagraph('- 项'), '\\- 项');
    assert.equal(escapeParagraph('第一行\n第二行\t第三列'), '第一行 第二行 第三列');
    assert.equal(
      escapeParagraph('R&D &amp; *重点* [链接](x) `代码` 1~3月'),
      'R&D \\&amp; \\*重点\\* \\[链接\\](x) \\`代码\\` 1\\~3月',
    );
    assert.equal(escapeParagraph('> 引用'), '\\> 引用');
    assert.equal(escapeParagraph('“三安全一稳定”（一）《条例》'), '“三安全一稳定”（一）《条例》');
  });

  it('prints table 三 with all label parts in leading cells and the 7 numbers last', () => {
    const md = renderMarkdown(sampleReport('2021'));
    const [, t3] = tables(md);
    assert.ok(t3);
    for (const line of t3) assert.equal(cells(line).length, 10, line);
    assert.match(t3[1]!, /^\| --- \| --- \| --- \|( ---: \|){7}$/);
    const defs = table3Rows('2021');
    defs.forEach((def, i) => {
      const row = cells(t3[4 + i]!);
      // Labels repeat over the label columns they span, so every row names itself.
      assert.ok(row.slice(0, 3).includes(def.label), def.label);
      if (def.group === undefined || def.key === 'otherSingle') assert.equal(row[2], def.label, def.label);
      const expected =
        def.key === 'carriedIn'
          ? APPLICANT_COLUMNS.map(() => '')
          : APPLICANT_COLUMNS.map((_, c) => String(table3Value(i, c)));
      assert.deepEqual(row.slice(3), expected);
    });
    const secret = defs.findIndex((d) => d.key === 'denied1');
    assert.equal(
      t3[4 + secret],
      `| ${TABLE3_RESULT_HEADING} | （三）不予公开 | 1.属于国家秘密 | ${APPLICANT_COLUMNS.map((_, c) => table3Value(secret, c)).join(' | ')} |`,
    );
    assert.equal(
      t3[4 + 1],
      '| 二、上年结转政府信息公开申请数量 | 二、上年结转政府信息公开申请数量 | 二、上年结转政府信息公开申请数量 | | | | | | | |',
    );
    const total = cells(t3[4 + defs.findIndex((d) => d.key === 'total')]!);
    assert.deepEqual(total.slice(0, 3), [TABLE3_RESULT_HEADING, '（七）总计', '（七）总计']);
  });

  it('matches the national example row for an all-zero table 三', () => {
    const report = emptyReport('2021');
    for (const key of Object.keys(report.table3)) report.table3[key] = APPLICANT_COLUMNS.map(() => 0);
    const md = renderMarkdown(report);
    assert.ok(
      md.includes('\n| 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n'),
    );
    assert.ok(
      md.includes('\n| 三、本年度办理结果 | （六）其他处理 | 3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n'),
    );
  });

  it('prints tables 二 and 四 as pipe tables with blanks as empty cells', () => {
    const md = renderMarkdown(sampleReport('2021'));
    const [t2, , t4] = tables(md);
    assert.equal(t2![0], `| ${table2Layout('2021')[0]!.item} | | | |`);
    assert.ok(t2!.includes('| 规章 | 1 | 2 | 3 |'));
    assert.ok(t2!.includes('| 行政事业性收费 | 1.25 | | |'));
    assert.equal(t4!.length, 5);
    assert.equal(t4!.at(-1), '| 1 | 2 | 3 | 4 | 10 | 5 | 6 | | 7 | 18 | 8 | 9 | 11 | 12 | 40 |');
    assert.equal(cells(t4![0]!)[5], '行政诉讼');
  });

  it('renders the 2019 format with the single （六）其他处理 row', () => {
    const md = renderMarkdown(sampleReport('2019'));
    const [t2, t3] = tables(md);
    assert.equal(t3!.length, 4 + table3Rows('2019').length);
    const other = t3!.map(cells).filter((row) => row.includes('（六）其他处理'));
    assert.equal(other.length, 1);
    assert.deepEqual(other[0]!.slice(0, 3), [TABLE3_RESULT_HEADING, '（六）其他处理', '（六）其他处理']);
    assert.ok(t2!.some((line) => line.startsWith('| 第二十条第（九）项 |')));
    assert.ok(t2!.some((line) => line.startsWith('| 其他对外管理服务事项 |')));
  });
});
