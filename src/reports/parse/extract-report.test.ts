import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bodyAndYear, extractReport } from './extract-report.ts';
import { fromText } from './from-text.ts';

const seedDir = new URL('../../../../shared/seed/', import.meta.url);
const seedText = readFileSync(
  new URL(readdirSync(seedDir).find((f) => f.endsWith('.txt'))!, seedDir),
  'utf8',
);

function extract(text: string) {
  return extractReport(fromText(text));
}

function replaceLine(text: string, startsWith: string, replacement: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => l.startsWith(startsWith));
  assert.ok(index >= 0, `line starting with ${startsWith}`);
  lines[index] = replacement;
  return lines.join('\n');
}

describe('extractReport on the seed report (flattened text, merged cells lost)', () => {
  const { report, findings, recognised } = extract(seedText);

  it('finds the body, year, format and the six sections', () => {
    assert.equal(recognised, true);
    assert.equal(report.body, '承留镇人民政府');
    assert.equal(report.year, 2022);
    assert.equal(report.format, '2021');
    assert.deepEqual(
      report.sections.map((s) => s.key),
      ['overview', 'proactive', 'applications', 'appeals', 'problems', 'other'],
    );
    assert.match(report.sections[0]!.paragraphs.join(''), /全年共发布信息 904 条/);
    // The narrative keeps the report's own full-width punctuation.
    assert.match(
      report.sections[0]!.paragraphs[0]!,
      /^2022 年，承留镇严格按照《中华人民共和国政府信息公开条例》/,
    );
    assert.deepEqual(report.sections.at(-1)!.paragraphs, ['2022 年未收取信息处理费。']);
  });

  it('reads every cell of tables 二, 三 and 四 as printed', () => {
    assert.deepEqual(report.table2, {
      regulations: [0, 0, 0],
      normativeDocs: [0, 0, 2],
      licensing: [0],
      penalty: [60],
      enforcement: [0],
      fees: [0],
    });
    assert.deepEqual(report.table3.new, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(report.table3.carriedIn, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(report.table3.granted, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(report.table3.total, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(report.table3.other3, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(report.table3.carriedOut, [0, 0, 0, 0, 0, 0, 0]);
    for (const cells of Object.values(report.table3)) assert.equal(cells.length, 7);
    assert.deepEqual(Object.values(report.table4).flat(), Array(15).fill(0));
    assert.deepEqual(report.unreadableCells, {});
  });

  it('notices nothing wrong while reading', () => {
    assert.deepEqual(findings, []);
  });
});

describe('extractReport on messy copies', () => {
  it('reads full-width digits, stray spaces in labels and thousands separators', () => {
    let text = replaceLine(seedText, '行政处罚', '行政处罚\t１,２６０');
    text = replaceLine(text, '一、本年新收', '一、本年新收 政府信息 公开申请数量\t\t１\t０\t0\t0\t0\t0\t1\t');
    text = replaceLine(text, '二、上年结转', '二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t');
    const { report } = extract(text);
    assert.deepEqual(report.table2.penalty, [1260]);
    assert.deepEqual(report.table3.new, [1, 0, 0, 0, 0, 0, 1]);
  });

  it('keeps a trailing blank cell blank instead of shifting the numbers', () => {
    const text = replaceLine(seedText, '(七) 总计', '(七) 总计\t1\t0\t0\t0\t0\t0\t\t');
    const { report } = extract(text);
    assert.deepEqual(report.table3.total, [1, 0, 0, 0, 0, 0, null]);
    assert.equal(report.unreadableCells['table3.rows.total[6]'], undefined);
  });

  it('refuses to guess when blanks on both sides make the columns ambiguous', () => {
    const text = replaceLine(
      seedText,
      '一、本年新收',
      '一、本年新收政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t',
    );
    const { report, findings } = extract(text);
    assert.deepEqual(report.table3.new, Array(7).fill(null));
    const finding = findings.find((f) => f.rule === 'R5');
    assert.equal(finding?.severity, 'error');
    assert.match(finding!.message, /本年新收.*无法可靠读取.*无法确定空白位于哪一列/);
  });

  it('records text that is not a number as unreadable, never as 0', () => {
    const text = replaceLine(seedText, '行政强制', '行政强制\t约5件');
    const { report } = extract(text);
    assert.deepEqual(report.table2.enforcement, [null]);
    assert.equal(report.unreadableCells['table2.enforcement'], '约5件');
  });

  it('reports a missing row of table 三 and an unknown one', () => {
    let text = replaceLine(seedText, '\t\t2.重复申请', '\t\t2.属于重复申请\t0\t0\t0\t0\t0\t0\t0');
    text = text.replace(/\t\t3\.要求提供公开出版物[^\n]*\n/, '\t\t9.其它情形\t0\t0\t0\t0\t0\t0\t0\n');
    const { findings, report } = extract(text);
    const messages = findings.map((f) => f.message).join('\n');
    assert.match(messages, /表三缺少“（五）不予处理3\.要求提供公开出版物”行/);
    assert.match(messages, /表三中有一行无法识别：“9\.其它情形”/);
    assert.match(messages, /表三的行标签“2\.属于重复申请”与格式规定的“（五）不予处理2\.重复申请”不一致/);
    assert.deepEqual(report.table3.notProcessed2, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(report.table3.notProcessed3, Array(7).fill(null));
  });

  it('reads rows whose separators became single spaces', () => {
    const text = seedText.replace(/\t+/g, ' ');
    const { report } = extract(text);
    assert.deepEqual(report.table3.carriedIn, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(report.table2.normativeDocs, [0, 0, 2]);
    assert.deepEqual(Object.values(report.table4).flat(), Array(15).fill(0));
  });

  it('recognises the 2019 format by its single 其他处理 row and its table 二 columns', () => {
    let text = seedText.replace(
      /\t\(六\) 其他处理\t1\.[^\n]*\n\t\t2\.[^\n]*\n3\.其他[^\n]*\n/,
      '\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0\n',
    );
    text = text.replace(
      '本年制发件数\t本年废止件数\t现行有效件数',
      '本年新制作数量\t本年新公开数量\t对外公开总数量',
    );
    text = text.replace(/行政许可\t0\t\t/, '行政许可\t3\t-1\t7');
    text = text.replace(
      /信息内容\t本年处理决定数量\t\t\n行政许可/,
      '信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可',
    );
    const { report } = extract(text);
    assert.equal(report.format, '2019');
    assert.deepEqual(report.table3.otherSingle, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(report.table2.licensing, [3, -1, 7]);
  });

  it('says a document without title, headings or table 三 is not a report', () => {
    assert.equal(extract('会议通知\n请各单位于周五前报送材料。').recognised, false);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        extract(text);
        extract(`${seedText.slice(0, 1500)}${text}${seedText.slice(1500)}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bodyAndYear', () => {
  it('reads the body and the year from the usual title forms', () => {
    assert.deepEqual(bodyAndYear('承留镇人民政府 2022 年政府信息公开工作年度报告'), {
      body: '承留镇人民政府',
      year: 2022,
    });
    assert.deepEqual(bodyAndYear('2021年度白沙县交通运输局政府信息公开工作年度报告'), {
      body: '白沙县交通运输局',
      year: 2021,
    });
    assert.deepEqual(bodyAndYear('关于青石镇二〇二三年政府信息公开工作年度报告'), {
      body: '青石镇',
      year: 2023,
    });
    assert.deepEqual(bodyAndYear('某某街道办事处二O二O年政府信息公开工作年报'), {
      body: '某某街道办事处',
      year: 2020,
    });
  });
});
