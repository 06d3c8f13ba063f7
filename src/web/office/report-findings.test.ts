// Where the draft page puts each finding: the quoted sentence found in the report's paragraphs as
// the rules quote it (compatibility form, no spaces, Chinese punctuation, cut quotations), every
// value cell of the three printed tables named by the JSON path the rules use, and the text areas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { locateFindings } from '../../annual-reports/index.ts';
import { table2Path, table3Path, table4Path } from '../../reports/cell-paths.ts';
import { table2Grid, table3Grid, table4Grid } from '../../reports/render/layout.ts';
import type { AnnualReport } from '../../reports/report.ts';
import {
  APPLICANT_COLUMNS,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../../reports/report-format.ts';
import { checkReport } from '../../reports/rules/check-report.ts';
import { arbitraryConsistentReport } from '../../reports/testing/arbitrary-report.ts';
import {
  cellPaths,
  locateSentence,
  paragraphsOfText,
  placeFindings,
  quotations,
  quotedForm,
  sentencesOf,
  textOfParagraphs,
} from './report-findings.ts';

function withOverview(report: AnnualReport, paragraphs: string[]): AnnualReport {
  return {
    ...report,
    sections: report.sections.map((s) => (s.key === 'overview' ? { ...s, paragraphs } : s)),
  };
}

describe('the sentence a finding quotes', () => {
  it('reads text as the rules quote it', () => {
    assert.equal(quotedForm('共收到 申请 3 件(含上年结转),其中:'), '共收到申请3件（含上年结转），其中：');
    assert.equal(quotedForm('ＡＢＣ１２３'), 'ABC123');
    assert.deepEqual(quotations('正文称新收申请 9 件（“本年度新收申请9件”），但表三为 3。'), [
      '本年度新收申请9件',
    ]);
    // A cut quotation loses its ellipsis; a quotation shorter than four characters is no place.
    assert.deepEqual(quotations('（“一二三四五…”）与“二”'), ['一二三四五']);
  });

  it('splits a paragraph into sentences that keep their punctuation', () => {
    assert.deepEqual(sentencesOf('甲。乙；丙！丁'), ['甲。', '乙；', '丙！', '丁']);
    assert.equal(sentencesOf('甲。乙；丙！丁').join(''), '甲。乙；丙！丁');
  });

  it('finds the sentence of a narrative finding made by the checker, in any consistent report', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), fc.integer({ min: 1, max: 999 }), (base, extra) => {
        const wrong = (base.table3.new?.[6] ?? 0) + extra;
        const planted = `本年度新收政府信息公开申请 ${wrong} 件, 均已按时答复。`;
        const report = withOverview(base, ['本年度工作平稳有序。', `第一句话。${planted}最后一句。`]);
        const x2 = checkReport(report).filter((f) => f.rule === 'X2' && f.message.includes(String(wrong)));
        assert.ok(x2.length > 0, 'the checker flags the planted number');
        const mark = locateSentence(report, x2[0]!);
        assert.deepEqual(mark, { paragraph: { section: 'overview', index: 1 }, sentence: 1 });
        assert.equal(
          sentencesOf(report.sections.find((s) => s.key === 'overview')!.paragraphs[1]!)[1],
          planted,
        );
      }),
      { numRuns: 25 },
    );
  });

  it('gives no sentence to a finding that quotes none, or quotes text the report does not have', () => {
    const report = withOverview(arbitraryReport(), ['本年度工作平稳有序。']);
    assert.equal(locateSentence(report, { message: '表三“（七）总计”不等于各行之和。' }), null);
    assert.equal(locateSentence(report, { message: '正文称（“没有这句话的内容”）。' }), null);
    assert.deepEqual(locateSentence(report, { message: '（“本年度工作平稳有序”）' }), {
      paragraph: { section: 'overview', index: 0 },
      sentence: 0,
    });
  });

  it('numbers the findings errors first', () => {
    const report = arbitraryReport();
    const placed = placeFindings(
      report,
      locateFindings(
        [
          { rule: 'X7', severity: 'info', message: '提示' },
          { rule: 'R5', severity: 'warning', message: '警告' },
          { rule: 'R1', severity: 'error', message: '错误' },
        ],
        report.format,
      ),
    );
    assert.deepEqual(
      placed.map((f) => [f.number, f.severity]),
      [
        [1, 'error'],
        [2, 'warning'],
        [3, 'info'],
      ],
    );
  });
});

function arbitraryReport(): AnnualReport {
  return fc.sample(arbitraryConsistentReport(), { numRuns: 1, seed: 7 })[0]!;
}

describe('the cells of the printed tables', () => {
  it('names every value cell of tables 二, 三 and 四 by its JSON path, each path once', () => {
    const report = arbitraryReport();
    const t2 = [...cellPaths(table2Grid(report), report).values()];
    const expected2 = table2Layout(report.format).flatMap((b) =>
      b.rows.flatMap((r) => b.columns.map((_, i) => table2Path(report.format, r.key, i))),
    );
    assert.deepEqual(t2, expected2);
    const t3 = [...cellPaths(table3Grid(report), report).values()];
    assert.deepEqual(
      t3,
      table3Rows(report.format).flatMap((r) => APPLICANT_COLUMNS.map((_, i) => table3Path(r.key, i))),
    );
    const t4 = [...cellPaths(table4Grid(report), report).values()];
    assert.deepEqual(
      t4,
      TABLE4_GROUPS.flatMap((g) => TABLE4_RESULTS.map((_, i) => table4Path(g.key, i))),
    );
    assert.equal(new Set([...t2, ...t3, ...t4]).size, t2.length + t3.length + t4.length);
  });

  it('puts each path on the cell that prints its value', () => {
    const report = arbitraryReport();
    report.table3.granted = [11, 12, 13, 14, 15, 16, 81];
    const grid = table3Grid(report);
    const paths = cellPaths(grid, report);
    const cells = grid.rows.flat().filter((c) => c.role === 'value');
    const granted = cells.filter((c) => paths.get(`${c.row}:${c.col}`)?.startsWith('table3.rows.granted'));
    assert.deepEqual(
      granted.map((c) => c.value),
      [11, 12, 13, 14, 15, 16, 81],
    );
  });
});

describe('the text areas', () => {
  it('reads one paragraph a line, blank lines and spaces around dropped', () => {
    assert.deepEqual(paragraphsOfText('  第一段。\r\n\r\n第二段。 \n\n'), ['第一段。', '第二段。']);
    assert.deepEqual(paragraphsOfText(undefined), []);
    assert.equal(textOfParagraphs(['甲。', '乙。']), '甲。\n乙。');
    assert.deepEqual(paragraphsOfText(textOfParagraphs(['甲。', '乙。'])), ['甲。', '乙。']);
  });
});
