import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAgency, systemActor, type UseCaseContext } from '../agencies/index.ts';
import { listAudit } from '../audit/index.ts';
import { loadConfig } from '../config.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import { arrangementProblems } from './arrangement-rules.ts';
import { enterHolidayArrangement } from './enter-holiday-arrangement.ts';
import { loadWorkingDayCalendar } from './load-calendar.ts';
import type { HolidayArrangement } from './official-arrangements.ts';
import { addWorkingDays } from './working-days.ts';

// A plausible arrangement for a year gongkai does not ship (the real notice comes each November).
const YEAR_2027: HolidayArrangement = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  holidays: [
    ['2027-01-01', '2027-01-03'],
    ['2027-02-05', '2027-02-13'],
  ],
  makeupWorkdays: ['2027-02-14'],
};

describe('arrangementProblems', () => {
  it('accepts a well-formed year and names every problem of a bad one', () => {
    assert.deepEqual(arrangementProblems(YEAR_2027), []);
    // The 2019 notice: 元旦 2018-12-30–2019-01-01 with a make-up working day on 2018-12-29.
    assert.deepEqual(
      arrangementProblems({
        year: 2019,
        source: '国务院办公厅关于2019年部分节假日安排的通知（国办发明电〔2018〕15号）',
        holidays: [['2018-12-30', '2019-01-01']],
        makeupWorkdays: ['2018-12-29'],
      }),
      [],
    );
    const problems = arrangementProblems({
      year: 2027,
      source: '通知',
      holidays: [
        ['2027-02-10', '2027-02-05'],
        ['2027-13-01', '2027-13-02'],
      ],
      makeupWorkdays: ['2027-02-08', '2027-02-06'],
    });
    assert.ok(problems.some((p) => p.includes('通知的名称')));
    assert.ok(problems.some((p) => p.includes('结束早于开始')));
    assert.ok(problems.some((p) => p.includes('放假日期无效')));
    assert.ok(problems.some((p) => p.includes('2027-02-08 不是周末')));
  });
});

for (const engine of ENGINES) {
  describe(`entering a year's holiday arrangement on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: UseCaseContext;
    before(async () => {
      database = await createTestDatabase(engine);
      ctx = { db: database.db, config: loadConfig({}), now: () => new Date('2026-11-20T02:00:00Z') };
    });
    after(async () => {
      await database?.drop();
    });

    it('makes deadlines in that year official instead of provisional, and is audited', async () => {
      const before = addWorkingDays('2026-12-28', 5, await loadWorkingDayCalendar(database.db));
      assert.equal(before.provisional, true);
      assert.equal(before.date, '2027-01-04');
      await enterHolidayArrangement(ctx, systemActor('test'), YEAR_2027);
      const after = addWorkingDays('2026-12-28', 5, await loadWorkingDayCalendar(database.db));
      assert.equal(after.provisional, false);
      assert.equal(after.date, '2027-01-05', '1–3 January are holidays');
      const records = await listAudit(database.db, { action: 'calendar.enter_year' });
      assert.equal(records.length, 1);
      assert.equal(records[0]!.object_id, '2027');
    });

    it('replaces a year when it is entered again (a corrected notice)', async () => {
      await enterHolidayArrangement(ctx, systemActor('test'), {
        ...YEAR_2027,
        holidays: [['2027-01-01', '2027-01-01']],
      });
      const calendar = await loadWorkingDayCalendar(database.db);
      assert.equal(addWorkingDays('2026-12-31', 1, calendar).date, '2027-01-04');
    });

    it('refuses an invalid arrangement with its problems, and writes nothing', async () => {
      await assert.rejects(
        enterHolidayArrangement(ctx, systemActor('test'), {
          ...YEAR_2027,
          year: 2028,
          makeupWorkdays: ['2028-03-01'],
        }),
        (error: unknown) =>
          error instanceof DomainError &&
          error.code === 'input.invalid' &&
          (error.details.problems as string[]).some((p) => p.includes('不是周末')),
      );
      const rows = await database.db.selectFrom('holiday_years').select('year').execute();
      assert.deepEqual(
        rows.map((r) => Number(r.year)),
        [2027],
      );
    });

    it('refuses anyone but an admin of a top-level agency', async () => {
      const region = await createAgency(ctx, systemActor('test'), {
        parentId: null,
        kind: 'region',
        name: '示范区',
      });
      const town = await createAgency(ctx, systemActor('test'), {
        parentId: region.id,
        kind: 'town',
        name: '镇',
      });
      const townAdmin = {
        user: {
          id: 'u',
          agencyId: town.id,
          username: 'a',
          displayName: 'A',
          mustChangePassword: false,
          lockedUntil: null,
          totpEnabled: false,
          disabled: false,
          createdAt: '',
        },
        grants: [{ id: 'g', userId: 'u', agencyId: town.id, role: 'admin' as const, includeSubtree: false }],
        sessionId: 's',
        secondFactorOk: true,
        needsTotpEnrolment: false,
      };
      await assert.rejects(
        enterHolidayArrangement(ctx, townAdmin as never, YEAR_2027),
        (error: unknown) => error instanceof DomainError && error.code === 'access.forbidden',
      );
    });
  });
}
