// The sample report the renderer tests share (this file holds no tests of its own).

import { type AnnualReport, emptyReport } from '../report.ts';
import { type ReportFormat, SECTIONS, sectionHeading, table2Layout, table3Rows } from '../report-format.ts';

export const HOSTILE_BODY = '某某镇"><img src=x onerror=alert(1)>人民政府';
export const HOSTILE_PARAGRAPH = '依申请公开<script>alert("x")</script>情况 a|b & c';

/** A distinct value for each table 三 cell, so that a test can tell where every number went. */
export function table3Value(rowIndex: number, column: number): number {
  return (rowIndex + 1) * 10 + column;
}

/**
 * A report in the given format with every section filled, distinct numbers in every cell, blanks in
 * 二、上年结转 and in one table 四 cell, a decimal fee and hostile text in the body name and a paragraph.
 */
export function sampleReport(format: ReportFormat = '2021'): AnnualReport {
  const report = emptyReport(format);
  report.title = `${HOSTILE_BODY}2022年政府信息公开工作年度报告`;
  report.body = HOSTILE_BODY;
  report.year = 2022;
  report.publishedOn = '2023-01-20';
  report.preamble = ['本报告由某某镇人民政府编制。'];
  report.sections = SECTIONS.map((s, i) => ({
    key: s.key,
    heading: sectionHeading(s),
    paragraphs:
      i === 2
        ? [`第${i + 1}节第一段。`, HOSTILE_PARAGRAPH]
        : [`第${i + 1}节第一段。`, `第${i + 1}节第二段。`],
  }));
  let n = 1;
  for (const block of table2Layout(format)) {
    for (const row of block.rows) {
      report.table2[row.key] = block.columns.map((c) => (c.decimal ? 1.25 : n++));
    }
  }
  table3Rows(format).forEach((row, i) => {
    report.table3[row.key] =
      row.key === 'carriedIn'
        ? Array.from({ length: 7 }, () => null)
        : Array.from({ length: 7 }, (_, c) => table3Value(i, c));
  });
  report.table4 = {
    reconsideration: [1, 2, 3, 4, 10],
    litigationDirect: [5, 6, null, 7, 18],
    litigationAfterReconsideration: [8, 9, 11, 12, 40],
  };
  return report;
}
