import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { OFFICIAL_ARRANGEMENTS } from './official-arrangements.ts';
import {
  addDays,
  addWorkingDays,
  buildCalendar,
  isCivilDate,
  isWorkingDay,
  workingDaysBetween,
} from './working-days.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);
const { isWorkday } = chineseDays;

describe('the official arrangements 2022–2026', () => {
  it('agree day for day with the chinese-days package, an independent source', () => {
    for (let date = '2022-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      assert.equal(isWorkingDay(date, calendar), isWorkday(date), date);
    }
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after receipt, skipping holidays and counting make-up days', () => {
    // 中秋 9/15–17 and 国庆 10/1–7 2024, with make-up working days 9/29 (Sun) and 10/12 (Sat).
    const result = addWorkingDays('2024-09-20', 20, calendar);
    assert.equal(result.date, '2024-10-23');
    assert.equal(result.provisional, false);
    assert.deepEqual(
      result.days.filter((d) => d.reason === 'makeup working day').map((d) => [d.date, d.count]),
      [
        ['2024-09-29', 6],
        ['2024-10-12', 12],
      ],
    );
    assert.equal(result.days.filter((d) => d.reason === 'holiday').length, 7);
  });

  it('spans the Spring Festival of 2026 (9 days off, make-up days before and after)', () => {
    assert.equal(addWorkingDays('2026-02-10', 7, calendar).date, '2026-02-26');
    assert.equal(addWorkingDays('2026-02-13', 1, calendar).date, '2026-02-14');
  });

  it('marks a count reaching into a year without an official arrangement as provisional', () => {
    const result = addWorkingDays('2026-12-20', 20, calendar);
    assert.equal(result.provisional, true);
    assert.deepEqual(result.provisionalYears, [2027]);
  });

  it('gives the start itself for 0 and refuses bad input', () => {
    assert.equal(addWorkingDays('2024-03-01', 0, calendar).date, '2024-03-01');
    assert.throws(() => addWorkingDays('2024-02-30', 1, calendar), RangeError);
    assert.throws(() => addWorkingDays('2024-03-01', -1, calendar), RangeError);
    assert.throws(() => addWorkingDays('2024-03-01', 1.5, calendar), RangeError);
    assert.equal(isCivilDate('2024-02-29'), true);
    assert.equal(isCivilDate('2023-02-29'), false);
  });

  it('agrees with a day-by-day reference built on chinese-days, for any date and length', () => {
    const reference = (start: string, n: number) => {
      let date = start;
      let counted = 0;
      while (counted < n) {
        date = addDays(date, 1);
        if (isWorkday(date)) counted++;
      }
      return date;
    };
    const start = fc
      .integer({ min: Date.UTC(2022, 0, 1), max: Date.UTC(2026, 8, 30) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 40 }), (date, n) => {
        const result = addWorkingDays(date, n, calendar);
        assert.equal(result.date, reference(date, n));
        assert.equal(workingDaysBetween(date, result.date, calendar), n);
        if (n > 0) assert.equal(isWorkingDay(result.date, calendar), true);
      }),
      { numRuns: 2000 },
    );
  });
});
