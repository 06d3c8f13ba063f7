// The consolidation of a district on both engines: 200 towns and departments under a region, their
// data made through the use cases (yearly figures with money in 万元, applications of several
// applicant kinds decided, carried over and appealed), and the consolidated tables equal, cell for
// cell, the sum of the 200 reports buildAnnualReport builds. A published report counts with its
// snapshot, not with later data; villages and what the actor cannot read are left out; overdue
// applications and publications are counted per agency in one query.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type Agency,
  createAgency,
  createUser,
  grantRole,
  type Principal,
  systemActor,
} from '../agencies/index.ts';
import { signIn, type TestContext, testContext } from '../agencies/testing.ts';
import { recordAppeal } from '../appeals/index.ts';
import { recordApplicationEvent, registerApplication } from '../applications/index.ts';
import { applicant, intake } from '../applications/testing.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { channelCounts, registerExternalPublication } from '../disclosures/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { saveYearCounts } from '../normative/index.ts';
import { table2Path, table3Path, table4Path } from '../reports/cell-paths.ts';
import type { AnnualReport, Cell } from '../reports/report.ts';
import {
  COLUMN_COUNT,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../reports/report-format.ts';
import { approveReport } from './approve-report.ts';
import { buildAnnualReport } from './build-annual-report.ts';
import { consolidatedReportOf } from './consolidation.ts';
import {
  overdueApplicationsPerAgency,
  publicationsPerAgency,
  supervisionDashboardOf,
} from './consolidation-dashboard.ts';
import { publishReport } from './publish-report.ts';

const operator = systemActor('consolidation-test');
const AGENCIES = 200;
const YEAR = 2025;

/** The sum of the cells that hold a number; blank when none does. Money in whole 元. */
function expectedSum(cells: readonly Cell[], money: boolean): Cell {
  const numbers = cells.filter((c): c is number => c !== null);
  if (numbers.length === 0) return null;
  if (money) return numbers.reduce((a, b) => a + Math.round(b * 10_000), 0) / 10_000;
  return numbers.reduce((a, b) => a + b, 0);
}

/** Every cell of the consolidation against the sum of the reports' cells; returns the cells compared. */
function assertSumOf(consolidated: AnnualReport, reports: readonly AnnualReport[]): number {
  let compared = 0;
  for (const block of table2Layout('2021'))
    for (const row of block.rows)
      block.columns.forEach((column, c) => {
        const expected = expectedSum(
          reports.map((r) => r.table2[row.key]![c]!),
          column.decimal === true,
        );
        assert.equal(consolidated.table2[row.key]![c], expected, table2Path('2021', row.key, c));
        compared++;
      });
  for (const row of table3Rows('2021'))
    for (let c = 0; c < COLUMN_COUNT; c++) {
      const expected = expectedSum(
        reports.map((r) => r.table3[row.key]![c]!),
        false,
      );
      assert.equal(consolidated.table3[row.key]![c], expected, table3Path(row.key, c));
      compared++;
    }
  for (const group of TABLE4_GROUPS)
    for (let c = 0; c < TABLE4_RESULTS.length; c++) {
      const expected = expectedSum(
        reports.map((r) => r.table4[group.key]![c]!),
        false,
      );
      assert.equal(consolidated.table4[group.key]![c], expected, table4Path(group.key, c));
      compared++;
    }
  return compared;
}

for (const engine of ENGINES) {
  describe(`consolidation of a district on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let district: Agency;
    let other: Agency;
    const members: Agency[] = [];
    let supervisor: Principal;
    let townSupervisor: Principal;
    let editor: Principal;

    /** A 监督 user of the agency, with or without its subtree, signed in after the grant. */
    async function supervisorOf(agencyId: string, username: string, includeSubtree: boolean) {
      const created = await createUser(ctx, operator, { agencyId, username, displayName: username });
      await grantRole(ctx, operator, {
        userId: created.user.id,
        agencyId,
        role: 'supervisor',
        includeSubtree,
      });
      return (await signIn(ctx, username, created.initialPassword)).principal;
    }

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      ctx.setNow('2025-12-01T02:00:00.000Z');
      district = await createAgency(ctx, operator, { parentId: null, kind: 'region', name: '青山区' });
      other = await createAgency(ctx, operator, { parentId: null, kind: 'region', name: '白石县' });
      for (let i = 0; i < AGENCIES; i++) {
        const town = i % 2 === 0;
        members.push(
          await createAgency(ctx, operator, {
            parentId: district.id,
            kind: town ? 'town' : 'department',
            name: town ? `第${i}镇` : `第${i}局`,
          }),
        );
      }
      // A village publishes no report; another county's data is not the district's.
      const village = await createAgency(ctx, operator, {
        parentId: members[0]!.id,
        kind: 'village',
        name: '一村',
      });
      const outsider = await createAgency(ctx, operator, {
        parentId: other.id,
        kind: 'town',
        name: '外县镇',
      });

      supervisor = await supervisorOf(district.id, 'qs-supervisor', true);
      townSupervisor = await supervisorOf(members[0]!.id, 'town0-supervisor', false);
      const created = await createUser(ctx, operator, {
        agencyId: district.id,
        username: 'qs-editor',
        displayName: '撰稿',
        roles: ['editor'],
      });
      editor = (await signIn(ctx, 'qs-editor', created.initialPassword)).principal;

      const register = async (agencyId: string, receivedOn: string, kind: number) =>
        (
          await registerApplication(ctx, operator, {
            ...intake(agencyId, {
              applicant:
                kind % 3 === 0
                  ? applicant({ name: `申请人${kind}` })
                  : applicant({
                      applicantType: kind % 3 === 1 ? 'commercialEnterprise' : 'legalServiceProvider',
                      name: `某某公司${kind}`,
                    }),
            }),
            channel: 'letter',
            receivedOn,
          })
        ).applicationId;
      const decide = (id: string, at: string, outcome: 'granted' | 'partial' | 'unable1') =>
        recordApplicationEvent(ctx, operator, id, {
          type: 'decided',
          at,
          outcome,
          legalBasis: '根据《中华人民共和国政府信息公开条例》的规定作出答复。',
          // The withheld part of a 部分公开 is justified by a ground of 不予公开.
          ...(outcome === 'partial' ? { withheld: ['denied4'] } : {}),
        });

      // Applications of 2024 still open at the year's end: carried into 2025.
      ctx.setNow('2024-12-20T02:00:00.000Z');
      const carried = await register(members[3]!.id, '2024-12-19', 0);
      ctx.setNow('2025-01-10T02:00:00.000Z');
      await decide(carried, '2025-01-09', 'granted');

      for (let i = 0; i < AGENCIES; i++) {
        const agency = members[i]!;
        ctx.setNow('2025-11-20T02:00:00.000Z');
        if (i % 3 === 0)
          await saveYearCounts(ctx, operator, {
            agencyId: agency.id,
            // Money in 元, shown in 万元 with up to 4 decimals.
            counts: { year: YEAR, licensing: i, penalty: i % 7, enforcement: i % 2, feesYuan: 1001 * i + 1 },
          });
        if (i % 5 === 0) {
          ctx.setNow('2025-06-04T02:00:00.000Z');
          const granted = await register(agency.id, '2025-06-02', i);
          const partial = await register(agency.id, '2025-06-02', i + 1);
          await decide(granted, '2025-06-03', 'granted');
          await decide(partial, '2025-06-03', i % 2 === 0 ? 'partial' : 'unable1');
          ctx.setNow('2025-07-02T02:00:00.000Z');
          if (i % 20 === 0)
            await recordAppeal(ctx, operator, {
              applicationId: granted,
              kind: i % 40 === 0 ? 'reconsideration' : 'litigationDirect',
              filedOn: '2025-07-01',
            });
        }
        if (i % 10 === 1) {
          // Received late in December, answered in 2026: 结转下年度 of 2025.
          ctx.setNow('2025-12-29T02:00:00.000Z');
          await register(agency.id, '2025-12-29', i + 2);
        }
      }
      // Data of the village's town parent and of the other county do not change the district's sum.
      ctx.setNow('2025-06-02T02:00:00.000Z');
      await register(outsider.id, '2025-06-02', 7);
      void village;

      await registerExternalPublication(ctx, operator, {
        agencyId: members[4]!.id,
        channel: 'wechat',
        title: '第4镇危房改造公示',
        url: 'https://mp.weixin.qq.com/s/qs4',
        publishedOn: '2025-05-09',
      });
      ctx.setNow('2026-03-02T02:00:00.000Z');
    });
    after(async () => database?.drop());

    it('consolidates 200 agencies: every cell equals the sum of their built reports', async () => {
      const view = await consolidatedReportOf(ctx, supervisor, district.id, YEAR);
      // The district itself reports too; the village does not; the other county is not below it.
      assert.equal(view.members.length, AGENCIES + 1);
      assert.deepEqual(
        new Set(view.members.map((m) => m.agencyId)),
        new Set([district.id, ...members.map((m) => m.id)]),
      );
      assert.ok(view.members.every((m) => m.basis === 'draft' && m.state === 'none'));
      const built = await Promise.all(
        view.members.map((m) => buildAnnualReport(database.db, m.agencyId, YEAR, { now: ctx.now() })),
      );
      const { report } = view.consolidation;
      const compared = assertSumOf(report, built);
      assert.equal(compared, 10 + table3Rows('2021').length * COLUMN_COUNT + 15);
      assert.equal(report.title, `青山区${YEAR}年政府信息公开工作年度报告（汇总）`);
      // Not an empty sum: the data are there.
      assert.equal(report.table3.new![6], 2 * 40 + 20 + 0);
      assert.equal(report.table3.carriedIn![6], 1);
      assert.equal(report.table3.carriedOut![6], 20);
      assert.equal(report.table4.reconsideration![4], 5);
      assert.equal(report.table4.litigationDirect![4], 5);
      // Money: Σ (1001 i + 1) 元 over i ≡ 0 (mod 3), in 万元 without float drift.
      const yuan = Array.from({ length: AGENCIES }, (_, i) => i)
        .filter((i) => i % 3 === 0)
        .reduce((a, i) => a + 1001 * i + 1, 0);
      assert.equal(report.table2.fees![0], yuan / 10_000);
      // The agencies without yearly figures are named on the blank cells they leave.
      const blanks = view.consolidation.blanks[table2Path('2021', 'licensing', 0)] ?? [];
      assert.equal(blanks.length, AGENCIES + 1 - Math.ceil(AGENCIES / 3));
      assert.ok(blanks.includes('青山区') && blanks.includes('第1局'));
    });

    it('counts a published report with its snapshot, not with later data', async () => {
      const agency = members[6]!; // yearly figures saved: licensing 6
      await approveReport(ctx, operator, { agencyId: agency.id, year: YEAR });
      await publishReport(ctx, operator, { agencyId: agency.id, year: YEAR });
      await saveYearCounts(ctx, operator, {
        agencyId: agency.id,
        counts: { year: YEAR, licensing: 1006, penalty: 6, enforcement: 0, feesYuan: 6007 },
      });
      const view = await consolidatedReportOf(ctx, supervisor, district.id, YEAR);
      const member = view.members.find((m) => m.agencyId === agency.id)!;
      assert.equal(member.basis, 'published');
      assert.equal(member.source, 'built');
      assert.equal(member.state, 'published');
      assert.deepEqual(member.report.table2.licensing, [6]);
      const live = await buildAnnualReport(database.db, agency.id, YEAR, { now: ctx.now() });
      assert.deepEqual(live.table2.licensing, [1006]);
      const reports = await Promise.all(
        view.members.map(async (m) =>
          m.agencyId === agency.id
            ? m.report
            : buildAnnualReport(database.db, m.agencyId, YEAR, { now: ctx.now() }),
        ),
      );
      assertSumOf(view.consolidation.report, reports);
    });

    it('leaves out what a town supervisor cannot read, and refuses roles and agencies', async () => {
      const view = await consolidatedReportOf(ctx, townSupervisor, members[0]!.id, YEAR);
      assert.deepEqual(
        view.members.map((m) => m.agencyId),
        [members[0]!.id],
      );
      for (const [actor, agencyId, code] of [
        // The district is above the town supervisor: not visible, as if it did not exist.
        [townSupervisor, district.id, 'access.not_found'],
        // An editor of the district sees it but does not supervise.
        [editor, district.id, 'access.forbidden'],
        [townSupervisor, other.id, 'access.not_found'],
        [supervisor, other.id, 'access.not_found'],
      ] as const) {
        await assert.rejects(consolidatedReportOf(ctx, actor, agencyId, YEAR), (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, code, `${agencyId}: ${e.message}`);
          return true;
        });
      }
      await assert.rejects(consolidatedReportOf(ctx, supervisor, district.id, 2027), /尚未开始/);
    });

    it("gives the supervisor's dashboard of the 200 agencies: lines, totals, both years compared", async () => {
      const dashboard = await supervisionDashboardOf(ctx, supervisor, district.id, YEAR);
      assert.equal(dashboard.lines.length, AGENCIES + 1);
      assert.equal(dashboard.totals.overdueApplications, AGENCIES / 10);
      assert.equal(dashboard.lines.find((l) => l.agencyId === members[1]!.id)!.overdueApplications, 1);
      assert.equal(dashboard.lines.find((l) => l.agencyId === members[4]!.id)!.publishedItems, 1);
      // Towns and departments are due on 31 January: unpublished on 2 March, they are late.
      assert.ok(dashboard.totals.late >= AGENCIES - 1);
      assert.deepEqual(
        dashboard.current.consolidation.report.table3,
        (await consolidatedReportOf(ctx, supervisor, district.id, YEAR)).consolidation.report.table3,
      );
      const row = (key: string) => dashboard.comparison.find((r) => r.key === key)!;
      assert.deepEqual([row('new').current, row('new').previous], [100, 1]);
      assert.equal(row('published').current, 1);
      assert.equal(dashboard.previous?.year, YEAR - 1);
    });

    it('counts overdue applications and publications per agency in one query each', async () => {
      // Open since 29 December 2025: 20 working days have passed by 2 March 2026.
      const ids = members.map((m) => m.id);
      const overdue = await overdueApplicationsPerAgency(database.db, ids, '2026-03-02');
      assert.deepEqual(
        [...overdue.keys()].sort(),
        members
          .filter((_, i) => i % 10 === 1)
          .map((m) => m.id)
          .sort(),
      );
      assert.ok([...overdue.values()].every((n) => n === 1));
      assert.equal((await overdueApplicationsPerAgency(database.db, ids, '2026-01-05')).size, 0);
      const published = await publicationsPerAgency(database.db, ids, YEAR, ctx.now());
      for (const agency of members.slice(0, 8)) {
        const counts = await channelCounts(database.db, agency.id, YEAR, ctx.now());
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        assert.equal(published.get(agency.id) ?? 0, total, agency.name);
      }
      assert.equal(published.get(members[4]!.id), 1);
    });
  });
}
