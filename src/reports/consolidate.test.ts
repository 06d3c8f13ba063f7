// The consolidated report: every cell the sum of the reports' cells, the table rules R1–R7 still
// holding when they hold for every report, money summed without float drift, blanks and other
// formats accounted for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { table2Path, table3Path, table4Path } from './cell-paths.ts';
import { consolidatedTitle, consolidateReports, sumDecimals } from './consolidate.ts';
import { type AnnualReport, emptyReport } from './report.ts';
import { COLUMN_COUNT, SECTIONS, TABLE4_GROUPS, table2Layout, table3Rows } from './report-format.ts';
import { TABLE_RULES } from './rules/table-rules.ts';
import { arbitraryConsistentReport } from './testing/arbitrary-report.ts';

const RUNS = { numRuns: 150 };
const BODY = '青山市人民政府';

function tableFindings(report: AnnualReport) {
  return TABLE_RULES.flatMap((rule) => rule(report));
}

const reports = fc.array(arbitraryConsistentReport(), { minLength: 1, maxLength: 25 });

function labelled(list: readonly AnnualReport[]) {
  return list.map((report, i) => ({ label: `${report.body}#${i}`, report }));
}

/** Fees as whole 元 (the arbitrary reports have at most 4 decimals of 万元). */
const yuan = (wan: number) => Math.round(wan * 10_000);

describe('consolidateReports', () => {
  it('sums every cell of tables 二, 三 and 四 and keeps R1–R7 holding', () => {
    fc.assert(
      fc.property(reports, (list) => {
        for (const r of list) assert.deepEqual(tableFindings(r), [], 'the inputs are consistent');
        const { report, included, excluded, blanks } = consolidateReports(labelled(list), {
          body: BODY,
          year: 2024,
        });
        assert.equal(included.length, list.length);
        assert.deepEqual(excluded, []);
        assert.deepEqual(blanks, {});
        for (const row of table3Rows('2021'))
          for (let c = 0; c < COLUMN_COUNT; c++)
            assert.equal(
              report.table3[row.key]![c],
              list.reduce((a, r) => a + r.table3[row.key]![c]!, 0),
              table3Path(row.key, c),
            );
        for (const group of TABLE4_GROUPS)
          for (let c = 0; c < 5; c++)
            assert.equal(
              report.table4[group.key]![c],
              list.reduce((a, r) => a + r.table4[group.key]![c]!, 0),
              table4Path(group.key, c),
            );
        for (const block of table2Layout('2021'))
          for (const row of block.rows)
            block.columns.forEach((column, c) => {
              const expected = column.decimal
                ? list.reduce((a, r) => a + yuan(r.table2[row.key]![c]!), 0) / 10_000
                : list.reduce((a, r) => a + r.table2[row.key]![c]!, 0);
              assert.equal(report.table2[row.key]![c], expected, table2Path('2021', row.key, c));
            });
        const findings = tableFindings(report);
        assert.deepEqual(findings, [], findings.map((f) => `[${f.rule}] ${f.message}`).join('\n'));
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the reports', () => {
    fc.assert(
      fc.property(reports, fc.integer(), (list, seed) => {
        // A rotation of the list, then reversed.
        const shuffled = list.map((_, i) => list[(i + Math.abs(seed)) % list.length]!).reverse();
        const a = consolidateReports(labelled(list), { body: BODY, year: 2024 }).report;
        const b = consolidateReports(labelled(shuffled), { body: BODY, year: 2024 }).report;
        assert.deepEqual(
          { t2: a.table2, t3: a.table3, t4: a.table4 },
          { t2: b.table2, t3: b.table3, t4: b.table4 },
        );
      }),
      { numRuns: 50 },
    );
  });

  it('names the supervising body and keeps the six headings', () => {
    const { report } = consolidateReports([], { body: '济源产城融合示范区', year: 2022 });
    assert.equal(report.title, '济源产城融合示范区2022年政府信息公开工作年度报告（汇总）');
    assert.equal(report.title, consolidatedTitle('济源产城融合示范区', 2022));
    assert.equal(report.body, '济源产城融合示范区');
    assert.equal(report.year, 2022);
    assert.deepEqual(
      report.sections.map((s) => s.key),
      SECTIONS.map((s) => s.key),
    );
    assert.match(report.preamble[0]!, /范围内0个机构2022年度/);
    // Nothing to sum: every cell blank, none attributed to anybody.
    assert.equal(report.table3.new![6], null);
  });

  it('sums money exactly at the printed precision', () => {
    assert.equal(sumDecimals([0.1, 0.2]), 0.3);
    assert.equal(sumDecimals([0.0001, 0.0002, 1.2345]), 1.2348);
    assert.equal(sumDecimals([12.5, 0.35, 3]), 15.85);
    assert.equal(sumDecimals([]), 0);
    const fees = (wan: number) => {
      const r = emptyReport('2021');
      r.table2.fees = [wan];
      return r;
    };
    const { report } = consolidateReports(labelled([fees(0.1), fees(0.2), fees(0.0001)]), {
      body: BODY,
      year: 2024,
    });
    assert.equal(report.table2.fees![0], 0.3001);
  });

  it('sums the numbers given, keeps a cell blank only when nobody gave one, and names the blanks', () => {
    const a = emptyReport('2021');
    const b = emptyReport('2021');
    a.table2.licensing = [5];
    a.table3.new = [1, 0, 0, 0, 0, 0, 1];
    b.table3.new = [2, null, 0, 0, 0, 0, 2];
    const { report, blanks, blankCells } = consolidateReports(
      [
        { label: '甲镇', report: a },
        { label: '乙镇', report: b },
      ],
      { body: BODY, year: 2024 },
    );
    assert.deepEqual(report.table2.licensing, [5]);
    assert.deepEqual(blanks[table2Path('2021', 'licensing', 0)], ['乙镇']);
    assert.deepEqual(report.table3.new, [3, 0, 0, 0, 0, 0, 3]);
    assert.deepEqual(blanks[table3Path('new', 1)], ['乙镇']);
    assert.equal(blanks[table3Path('new', 0)], undefined);
    assert.deepEqual(report.table2.penalty, [null]);
    assert.deepEqual(blanks[table2Path('2021', 'penalty', 0)], ['甲镇', '乙镇']);
    assert.deepEqual(
      blankCells.find((b) => b.path === table3Path('new', 1)),
      {
        path: table3Path('new', 1),
        cell: '表三“一、本年新收政府信息公开申请数量”行“商业企业”列',
        labels: ['乙镇'],
      },
    );
    assert.equal(blankCells.length, Object.keys(blanks).length);
  });

  it('leaves out, and names, reports of another format', () => {
    const current = emptyReport('2021');
    current.table3.new = [1, 0, 0, 0, 0, 0, 1];
    const old = emptyReport('2019');
    old.table3.new = [9, 0, 0, 0, 0, 0, 9];
    const { report, included, excluded } = consolidateReports(
      [
        { label: '甲镇', report: current },
        { label: '乙镇', report: old },
      ],
      { body: BODY, year: 2020, format: '2021' },
    );
    assert.deepEqual(included, ['甲镇']);
    assert.equal(excluded.length, 1);
    assert.equal(excluded[0]!.label, '乙镇');
    assert.match(excluded[0]!.reason, /2019年格式/);
    assert.deepEqual(report.table3.new, [1, 0, 0, 0, 0, 0, 1]);
    assert.equal(report.format, '2021');
  });
});
