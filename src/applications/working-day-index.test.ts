import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  buildCalendar,
  OFFICIAL_ARRANGEMENTS,
  workingDaysBetween,
} from '../calendar/index.ts';
import { countWorkingDays, plusWorkingDays } from './working-day-index.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);
const DATE = fc.integer({ min: 0, max: 6 * 366 }).map((days) => addDays('2021-12-01', days));

describe('the memoised working-day index', () => {
  it('agrees with the calendar module for any dates and lengths (2021–2027, holidays and weekends-only years)', () => {
    fc.assert(
      fc.property(DATE, fc.integer({ min: -30, max: 120 }), fc.integer({ min: 0, max: 60 }), (a, span, n) => {
        const b = addDays(a, span);
        assert.equal(plusWorkingDays(a, n, calendar), addWorkingDays(a, n, calendar).date);
        assert.equal(countWorkingDays(a, b, calendar), workingDaysBetween(a, b, calendar));
      }),
      { numRuns: 2000 },
    );
  });

  it('knows the 2024 National Day and the 2026 Spring Festival', () => {
    assert.equal(plusWorkingDays('2024-09-20', 20, calendar), '2024-10-23');
    assert.equal(countWorkingDays('2024-09-30', '2024-10-08', calendar), 1);
    assert.equal(plusWorkingDays('2026-02-13', 1, calendar), '2026-02-14');
    assert.equal(countWorkingDays('2026-02-14', '2026-02-24', calendar), 1);
  });

  it('keeps one index per calendar, and grows it for later years', () => {
    const other = buildCalendar(OFFICIAL_ARRANGEMENTS.filter((a) => a.year !== 2024));
    // Without the 2024 notice, 2024-10-01 is a plain Tuesday.
    assert.equal(plusWorkingDays('2024-09-30', 1, other), '2024-10-01');
    assert.equal(plusWorkingDays('2024-09-30', 1, calendar), '2024-10-08');
    assert.equal(plusWorkingDays('2099-12-30', 1, calendar), '2099-12-31');
  });

  it('refuses bad input', () => {
    assert.throws(() => plusWorkingDays('2024-02-30', 1, calendar), RangeError);
    assert.throws(() => plusWorkingDays('2024-03-01', -1, calendar), RangeError);
    assert.throws(() => countWorkingDays('1989-12-31', '2024-01-01', calendar), RangeError);
  });
});
