// This year against last year: figures from the tables, the rate on the handled applications,
// changes in units and per cent, blanks and zeros left unknown rather than invented.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareYears, grantedRate } from './consolidate-compare.ts';
import { type AnnualReport, emptyReport } from './report.ts';
import { table3Rows } from './report-format.ts';

function report(cells: {
  granted: number;
  denied1: number;
  newCount: number;
  fees: number | null;
}): AnnualReport {
  const r = emptyReport('2021');
  for (const row of table3Rows('2021')) r.table3[row.key] = [0, 0, 0, 0, 0, 0, 0];
  const total = cells.granted + cells.denied1;
  r.table3.granted = [cells.granted, 0, 0, 0, 0, 0, cells.granted];
  r.table3.denied1 = [cells.denied1, 0, 0, 0, 0, 0, cells.denied1];
  r.table3.total = [total, 0, 0, 0, 0, 0, total];
  r.table3.new = [cells.newCount, 0, 0, 0, 0, 0, cells.newCount];
  r.table4.reconsideration = [1, 1, 0, 0, 2];
  r.table4.litigationDirect = [0, 1, 0, 0, 1];
  r.table4.litigationAfterReconsideration = [0, 0, 0, 0, 0];
  r.table2.fees = [cells.fees];
  return r;
}

describe('compareYears', () => {
  it('compares the figures with their change', () => {
    const rows = compareYears(
      { report: report({ granted: 3, denied1: 1, newCount: 6, fees: 0.3 }), published: 120 },
      { report: report({ granted: 1, denied1: 1, newCount: 4, fees: 0.1 }), published: 0 },
    );
    const row = (key: string) => rows.find((r) => r.key === key)!;
    assert.deepEqual(row('new'), {
      key: 'new',
      label: '本年新收政府信息公开申请',
      unit: '件',
      current: 6,
      previous: 4,
      change: 2,
      changePercent: 50,
    });
    assert.deepEqual(
      [row('grantedRate').current, row('grantedRate').previous, row('grantedRate').change],
      [75, 50, 25],
    );
    assert.equal(row('grantedRate').changePercent, null, 'a rate changes in points, not per cent');
    assert.equal(row('denied').current, 1);
    assert.equal(row('reconsideration').current, 2);
    assert.equal(row('litigation').current, 1);
    assert.equal(row('corrected').current, 2);
    // Last year 0: no per cent of change.
    assert.deepEqual([row('published').change, row('published').changePercent], [120, null]);
    // Money: 0.3 − 0.1 is 0.2, not 0.19999999999999998.
    assert.equal(row('fees').change, 0.2);
    assert.equal(row('fees').changePercent, 200);
  });

  it('leaves unknown what a blank or an empty year does not give', () => {
    const empty = emptyReport('2021');
    assert.equal(grantedRate(empty), null);
    const zero = report({ granted: 0, denied1: 0, newCount: 0, fees: null });
    assert.equal(grantedRate(zero), null, 'no handled application: no rate');
    const rows = compareYears(
      { report: zero, published: null },
      { report: report({ granted: 1, denied1: 0, newCount: 1, fees: 2 }), published: 3 },
    );
    const fees = rows.find((r) => r.key === 'fees')!;
    assert.deepEqual([fees.current, fees.previous, fees.change, fees.changePercent], [null, 2, null, null]);
    const published = rows.find((r) => r.key === 'published')!;
    assert.equal(published.change, null);
    const denied = compareYears({ report: empty, published: 0 }, { report: empty, published: 0 }).find(
      (r) => r.key === 'denied',
    )!;
    assert.equal(denied.current, null, 'a blank 不予公开 row makes the sum unknown');
  });
});
