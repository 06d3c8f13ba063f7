import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import {
  applicationFee,
  caseNumberInMonth,
  cumulativeCaseFee,
  FEE_UNIT,
  feeForCase,
  feeForPages,
  feePaymentDue,
} from './fees.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

/** price(k) exactly as the spec writes it (§3, art. 4). */
function specCasePrice(k: number): number {
  if (k <= 10) return 0;
  if (k <= 30) return 100;
  return 100 * (2 + Math.floor((k - 31) / 10));
}

/** The page fee counted page by page (§3, art. 5): page p costs the price of the tier it falls in. */
function specPageFee(pages: number): number {
  let total = 0;
  for (let p = 1; p <= pages; p++) total += p <= 30 ? 0 : p <= 100 ? 10 : p <= 200 ? 20 : 40;
  return total;
}

describe('按件计收 (art. 4)', () => {
  it('charges by the application’s place in the month', () => {
    const table: [number, number][] = [
      [1, 0],
      [10, 0],
      [11, 100],
      [30, 100],
      [31, 200],
      [40, 200],
      [41, 300],
      [50, 300],
      [51, 400],
      [200, 1800],
    ];
    for (const [n, fee] of table) assert.equal(feeForCase(n), fee, `application ${n}`);
  });

  it('adds up progressively over the month', () => {
    assert.equal(cumulativeCaseFee(0), 0);
    assert.equal(cumulativeCaseFee(10), 0);
    assert.equal(cumulativeCaseFee(11), 100);
    assert.equal(cumulativeCaseFee(30), 2000);
    assert.equal(cumulativeCaseFee(40), 4000);
    assert.equal(cumulativeCaseFee(50), 7000);
  });

  it('refuses counts that are not positive integers', () => {
    assert.throws(() => feeForCase(0), RangeError);
    assert.throws(() => feeForCase(2.5), RangeError);
    assert.throws(() => cumulativeCaseFee(-1), RangeError);
  });

  it('matches the formula for every n ≤ 200, rises monotonically, in multiples of 100元', () => {
    let sum = 0;
    for (let n = 1; n <= 200; n++) {
      sum += specCasePrice(n);
      assert.equal(feeForCase(n), specCasePrice(n), `price of application ${n}`);
      assert.equal(cumulativeCaseFee(n), sum, `fee of ${n} applications`);
      assert.equal(feeForCase(n) % FEE_UNIT.per_case, 0);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(feeForCase(lo) <= feeForCase(hi));
        assert.ok(cumulativeCaseFee(lo) <= cumulativeCaseFee(hi));
        assert.equal(cumulativeCaseFee(hi) % 100, 0);
      }),
    );
  });

  it('places an application among the applicant’s applications of the same calendar month', () => {
    const earlier = ['2024-09-02', '2024-09-30', '2024-10-01', '2024-08-31'];
    assert.equal(caseNumberInMonth(earlier, '2024-10-08'), 2);
    assert.equal(caseNumberInMonth(earlier, '2024-09-30'), 3);
    assert.equal(caseNumberInMonth([], '2024-09-30'), 1);
  });
});

describe('按量计收 (art. 5)', () => {
  it('charges the pages of each tier at the tier’s price', () => {
    const table: [number, number][] = [
      [0, 0],
      [30, 0],
      [31, 10],
      [100, 700],
      [101, 720],
      [200, 2700],
      [201, 2740],
      [300, 6700],
    ];
    for (const [pages, fee] of table) assert.equal(feeForPages(pages), fee, `${pages} pages`);
  });

  it('matches page-by-page counting for every page count ≤ 1000, monotone, in multiples of 10元', () => {
    let previous = 0;
    for (let pages = 0; pages <= 1000; pages++) {
      const fee = feeForPages(pages);
      assert.equal(fee, specPageFee(pages), `${pages} pages`);
      assert.ok(fee >= previous);
      assert.equal(fee % FEE_UNIT.per_page, 0);
      previous = fee;
    }
  });

  it('one method per application', () => {
    assert.equal(applicationFee({ method: 'per_case', nthInMonth: 31 }), 200);
    assert.equal(applicationFee({ method: 'per_page', pages: 31 }), 10);
  });
});

describe('the payment period', () => {
  it('is 20 工作日 from the day after the notice is received, across the 2024 National Day', () => {
    // 9/29 (Sun) and 10/12 (Sat) are make-up working days; 10/1–7 are holidays.
    assert.deepEqual(feePaymentDue('2024-09-27', calendar), { date: '2024-10-30', provisional: false });
  });

  it('across the 2026 Spring Festival (2/15–23 off, 2/14 and 2/28 worked)', () => {
    assert.deepEqual(feePaymentDue('2026-02-10', calendar), { date: '2026-03-16', provisional: false });
  });

  it('is provisional where no holiday arrangement is published', () => {
    assert.equal(feePaymentDue('2026-12-21', calendar).provisional, true);
  });
});
