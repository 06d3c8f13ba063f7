// The service-hall figures: pure counting (the distribution adds up, the share is a fraction in
// [0,1], the percentage rounds half up) and the grouped queries on both engines, which count what
// existed at the year's end and what happened within the Beijing year.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createAgency } from '../agencies/index.ts';
import { SYSTEM, testContext } from '../agencies/testing.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { SATISFACTION_LEVEL_IDS } from './satisfaction.ts';
import {
  addStatistics,
  countComplaints,
  countItems,
  countRatings,
  dissatisfiedShare,
  emptyStatistics,
  formatPercent,
} from './service-statistics.ts';
import { countingInstant, serviceStatisticsOf } from './service-statistics-queries.ts';
import { insertComplaintRow, insertItemRow, insertRatingRow, insertWindowRow } from './statistics-testing.ts';

describe('service statistics (pure)', () => {
  it('counts a distribution that adds up to the number of ratings, with a share in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ level: fc.constantFrom(...SATISFACTION_LEVEL_IDS), n: fc.nat(50) })),
        (rows) => {
          const counts = countRatings(rows);
          const sum = Object.values(counts.byLevel).reduce((a, b) => a + b, 0);
          assert.equal(sum, counts.total);
          assert.equal(
            counts.total,
            rows.reduce((a, r) => a + r.n, 0),
          );
          const share = dissatisfiedShare(counts);
          if (counts.total === 0) assert.equal(share, null);
          else {
            assert.ok(share && share.numerator >= 0 && share.numerator <= share.denominator);
            assert.equal(share.denominator, counts.total);
            const percent = Number(formatPercent(share).slice(0, -1));
            assert.ok(percent >= 0 && percent <= 100);
            assert.ok(Math.abs(percent - (100 * share.numerator) / share.denominator) <= 0.05 + 1e-9);
          }
        },
      ),
    );
  });

  it('counts 不满意 and 非常不满意 in the share, and rounds half up exactly', () => {
    const counts = countRatings([
      { level: 'very_satisfied', n: 30 },
      { level: 'satisfied', n: 5 },
      { level: 'basically_satisfied', n: 4 },
      { level: 'dissatisfied', n: 0 },
      { level: 'very_dissatisfied', n: 1 },
    ]);
    assert.deepEqual(dissatisfiedShare(counts), { numerator: 1, denominator: 40 });
    assert.equal(formatPercent({ numerator: 1, denominator: 40 }), '2.5%');
    assert.equal(formatPercent({ numerator: 49, denominator: 2000 }), '2.5%'); // 2.45 → 2.5
    assert.equal(formatPercent({ numerator: 1, denominator: 3 }), '33.3%');
    assert.equal(formatPercent({ numerator: 2, denominator: 3 }), '66.7%');
    assert.equal(formatPercent({ numerator: 0, denominator: 7 }), '0.0%');
    assert.equal(formatPercent({ numerator: 7, denominator: 7 }), '100.0%');
    assert.throws(() => countRatings([{ level: 'meh', n: 1 }]), /unknown rating level/);
  });

  it('counts items per level and type, complaints answered, on time and overdue', () => {
    const items = countItems([
      { level: 'town', type: 'licensing', n: 3 },
      { level: 'village', type: 'publicService', n: 2 },
      { level: 'town', type: 'publicService', n: 1 },
    ]);
    assert.equal(items.total, 6);
    assert.deepEqual(items.byLevel, { town: 4, village: 2 });
    assert.equal(items.byType.publicService, 3);
    const complaints = countComplaints(
      [
        { state: 'answered', dueOn: '2026-03-10', onTime: true },
        { state: 'answered', dueOn: '2026-03-10', onTime: false },
        { state: 'assigned', dueOn: '2026-03-10', onTime: null },
        { state: 'received', dueOn: '2026-03-11', onTime: null },
      ],
      '2026-03-11',
    );
    assert.deepEqual(complaints, { received: 4, answered: 2, answeredOnTime: 1, overdueOpen: 1 });
    const sum = addStatistics([emptyStatistics(), { ...emptyStatistics(), windows: 2, items, complaints }]);
    assert.equal(sum.windows, 2);
    assert.deepEqual(sum.items, items);
    assert.deepEqual(sum.complaints, complaints);
  });

  it('counts the catalogue at the end of a past year, and just after now in the current one', () => {
    const now = new Date('2026-06-01T02:00:00.000Z');
    assert.equal(countingInstant(2025, now), '2025-12-31T16:00:00.000Z');
    assert.equal(countingInstant(2026, now), '2026-06-01T02:00:00.001Z');
  });
});

for (const engine of ENGINES) {
  describe(`service statistics queries on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let town: string;
    let other: string;
    const now = new Date('2026-03-11T04:00:00.000Z');

    before(async () => {
      database = await createTestDatabase(engine);
      const ctx = testContext(database);
      const region = await createAgency(ctx, SYSTEM, { parentId: null, kind: 'region', name: '统计市' });
      town = (await createAgency(ctx, SYSTEM, { parentId: region.id, kind: 'town', name: '统计镇' })).id;
      other = (await createAgency(ctx, SYSTEM, { parentId: region.id, kind: 'town', name: '别的镇' })).id;
      const db = database.db;
      const w1 = await insertWindowRow(db, town, { created: '2025-03-01T00:00:00.000Z' });
      // Closed on the last evening of 2025; opened on 1 January 2026 (Beijing).
      await insertWindowRow(db, town, {
        created: '2025-03-01T00:00:00.000Z',
        closed: '2025-12-31T15:00:00.000Z',
      });
      await insertWindowRow(db, town, { created: '2025-12-31T16:30:00.000Z' });
      await insertWindowRow(db, other, { created: '2025-03-01T00:00:00.000Z' });
      const created = '2025-02-01T00:00:00.000Z';
      const i1 = await insertItemRow(db, town, { level: 'town', type: 'licensing', created });
      await insertItemRow(db, town, { level: 'town', type: 'payment', created });
      await insertItemRow(db, town, {
        level: 'village',
        type: 'publicService',
        created,
        withdrawn: '2026-02-01T00:00:00.000Z',
      });
      await insertItemRow(db, town, {
        level: 'village',
        type: 'publicService',
        created,
        withdrawn: '2025-06-01T00:00:00.000Z',
      });
      // Created at the instant the statistics are read.
      await insertItemRow(db, town, { level: 'town', type: 'licensing', created: now.toISOString() });
      await insertItemRow(db, other, { level: 'town', type: 'licensing', created });
      const rate = (agency: string, level: string, at: string) =>
        insertRatingRow(db, agency, { level, at, windowId: w1, itemId: i1 });
      await rate(town, 'very_satisfied', '2025-05-01T00:00:00.000Z');
      await rate(town, 'very_satisfied', '2025-05-02T00:00:00.000Z');
      await rate(town, 'dissatisfied', '2025-05-03T00:00:00.000Z');
      await rate(town, 'satisfied', '2025-12-31T16:30:00.000Z'); // 2026 in Beijing
      await rate(other, 'very_dissatisfied', '2025-05-03T00:00:00.000Z');
      const complain = (received: string, state: string, dueOn: string, onTime: number | null) =>
        insertComplaintRow(db, town, { received, state, dueOn, onTime });
      await complain('2025-04-01T02:00:00.000Z', 'answered', '2025-04-15', 1);
      await complain('2025-04-02T02:00:00.000Z', 'answered', '2025-04-16', 0);
      await complain('2025-11-02T02:00:00.000Z', 'received', '2025-11-14', null);
      await complain('2026-03-02T02:00:00.000Z', 'assigned', '2026-03-16', null);
    });
    after(async () => database?.drop());

    it('counts 2025 as it ended, per agency and apart from the other town', async () => {
      const stats = await serviceStatisticsOf(database.db, [town, other, 'no-such'], 2025, now);
      assert.deepEqual([...stats.keys()], [town, other, 'no-such']);
      const s = stats.get(town)!;
      assert.equal(s.windows, 1);
      assert.deepEqual(s.items.byLevel, { town: 2, village: 1 });
      assert.equal(s.items.total, 3);
      assert.equal(s.items.byType.licensing, 1);
      assert.equal(s.ratings.total, 3);
      assert.equal(s.ratings.byLevel.very_satisfied, 2);
      assert.deepEqual(dissatisfiedShare(s.ratings), { numerator: 1, denominator: 3 });
      assert.deepEqual(s.complaints, { received: 3, answered: 2, answeredOnTime: 1, overdueOpen: 1 });
      assert.equal(stats.get(other)!.ratings.byLevel.very_dissatisfied, 1);
      assert.deepEqual(stats.get('no-such'), emptyStatistics());
    });

    it('counts the current year up to now', async () => {
      const s = (await serviceStatisticsOf(database.db, [town], 2026, now)).get(town)!;
      assert.equal(s.windows, 2);
      // The item withdrawn in February is gone; the one created at this instant counts.
      assert.deepEqual(s.items.byLevel, { town: 3, village: 0 });
      assert.equal(s.ratings.total, 1);
      assert.deepEqual(s.complaints, { received: 1, answered: 0, answeredOnTime: 0, overdueOpen: 0 });
    });
  });
}
