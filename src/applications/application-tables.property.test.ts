// Table 三 from the database equals table 三 from the histories, for random histories written
// through the use cases (registration, events, supplements, reopenings by appeals): the year rows
// the shell keeps are a faithful cache of the pure core's count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createAgency } from '../agencies/index.ts';
import { SYSTEM, type TestContext, testContext } from '../agencies/testing.ts';
import { decideAppeal, recordAppeal, table4Of } from '../appeals/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import type { ApplicationEvent } from './application.ts';
import { loadEvents, recordApplicationEvent, registerApplication, table3Of } from './index.ts';
import { APPLICANT_TYPE_KEYS, OUTCOME_CODES } from './outcomes.ts';
import { buildTable3, buildTable4 } from './table3.ts';
import { applicant, request, residentId } from './testing.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261126);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type Step =
  | { kind: 'supplement'; gap: number }
  | { kind: 'supplied'; gap: number }
  | { kind: 'expired'; gap: number }
  | { kind: 'consult'; gap: number }
  | { kind: 'consulted'; gap: number }
  | { kind: 'decide'; gap: number; outcome: number }
  | { kind: 'deliver'; gap: number }
  | { kind: 'withdraw'; gap: number }
  | { kind: 'appeal'; gap: number; corrected: boolean; decideGap: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('supplement' as const), gap: fc.nat(6) }),
  fc.record({ kind: fc.constant('supplied' as const), gap: fc.nat(20) }),
  fc.record({ kind: fc.constant('expired' as const), gap: fc.integer({ min: 16, max: 40 }) }),
  fc.record({ kind: fc.constant('consult' as const), gap: fc.nat(10) }),
  fc.record({ kind: fc.constant('consulted' as const), gap: fc.nat(20) }),
  fc.record({
    kind: fc.constant('decide' as const),
    gap: fc.nat(40),
    outcome: fc.nat(OUTCOME_CODES.length - 1),
  }),
  fc.record({ kind: fc.constant('deliver' as const), gap: fc.nat(5) }),
  fc.record({ kind: fc.constant('withdraw' as const), gap: fc.nat(30) }),
  fc.record({
    kind: fc.constant('appeal' as const),
    gap: fc.nat(60),
    corrected: fc.boolean(),
    decideGap: fc.integer({ min: 1, max: 200 }),
  }),
);

const application = fc.record({
  type: fc.constantFrom(...APPLICANT_TYPE_KEYS),
  /** Days after 2025-11-01: some received in 2025 and carried, most in 2026. */
  receivedDay: fc.nat(420),
  steps: fc.array(step, { maxLength: 6 }),
});

function eventOf(s: Step, at: string): ApplicationEvent | null {
  switch (s.kind) {
    case 'supplement':
      return {
        type: 'supplement_requested',
        at,
        items: ['请说明所需信息的名称'],
        correctionDue: addDays(at, 15),
      };
    case 'supplied':
      return { type: 'supplement_received', at };
    case 'expired':
      return { type: 'supplement_expired', at };
    case 'consult':
      return { type: 'consultation_started', at, party: 'third_party' };
    case 'consulted':
      return { type: 'consultation_ended', at };
    case 'decide': {
      const outcome = OUTCOME_CODES[s.outcome]!;
      return {
        type: 'decided',
        at,
        outcome,
        legalBasis: '依据条例',
        ...(outcome === 'partial' ? { withheld: ['denied4' as const] } : {}),
      };
    }
    case 'deliver':
      return { type: 'reply_delivered', at };
    case 'withdraw':
      return { type: 'withdrawn', at };
    case 'appeal':
      return null;
  }
}

for (const engine of ENGINES) {
  describe(`table 三 from the database on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let region: string;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      ctx.setNow('2028-06-01T02:00:00.000Z');
      region = (await createAgency(ctx, SYSTEM, { parentId: null, kind: 'region', name: '测试区' })).id;
    });
    after(async () => database?.drop());

    it('equals buildTable3 over the histories, and table 四 equals buildTable4, for random histories', async () => {
      const runs = engine === 'sqlite' ? 40 : 25;
      let town = 0;
      let accepted = 0;
      let reopened = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(application, { minLength: 1, maxLength: 8 }), async (apps) => {
          const agency = await createAgency(ctx, SYSTEM, {
            parentId: region,
            kind: 'town',
            name: `测试镇${++town}`,
          });
          const appeals: {
            kind: 'reconsideration';
            filed: string;
            result: '维持' | '纠正' | '尚未审结';
            closedOn?: string;
          }[] = [];
          let n = 0;
          for (const spec of apps) {
            const receivedOn = addDays('2025-11-01', spec.receivedDay);
            const registered = await registerApplication(ctx, SYSTEM, {
              agencyId: agency.id,
              channel: 'letter',
              receivedOn,
              applicant: applicant({
                applicantType: spec.type,
                idNumber: residentId(
                  `4190011990${String(town % 100).padStart(2, '0')}${String(++n).padStart(5, '0')}`,
                ),
              }),
              request: request(),
            });
            let at = receivedOn;
            for (const s of spec.steps) {
              at = addDays(at, s.gap);
              if (at > '2027-12-31') break;
              try {
                if (s.kind === 'appeal') {
                  const appeal = await recordAppeal(ctx, SYSTEM, {
                    applicationId: registered.applicationId,
                    kind: 'reconsideration',
                    filedOn: at,
                  });
                  const closedOn = addDays(at, s.decideGap);
                  const result = s.corrected ? '纠正' : '维持';
                  const before = (await loadEvents(database.db, registered.applicationId)).length;
                  await decideAppeal(ctx, SYSTEM, appeal.id, { result, closedOn });
                  appeals.push({ kind: 'reconsideration', filed: at, result, closedOn });
                  if ((await loadEvents(database.db, registered.applicationId)).length > before) reopened++;
                  at = [closedOn, at].sort()[1]!;
                  continue;
                }
                const event = eventOf(s, at);
                if (!event) continue;
                await recordApplicationEvent(ctx, SYSTEM, registered.applicationId, event);
                accepted++;
              } catch (error) {
                // The pure core refused an impossible step: the history goes on without it.
                if (!(error instanceof DomainError)) throw error;
                if (s.kind === 'appeal') {
                  // A reopening the core refused leaves no appeal half-decided behind.
                  const rows = await database.db
                    .selectFrom('appeals')
                    .select(['result'])
                    .where('application_id', '=', registered.applicationId)
                    .orderBy('created_at', 'desc')
                    .execute();
                  if (rows[0]?.result === '尚未审结')
                    appeals.push({ kind: 'reconsideration', filed: at, result: '尚未审结' });
                }
              }
            }
          }
          const calendar = await currentWorkingDayCalendar(database.db);
          const rows = await database.db
            .selectFrom('applications')
            .select(['id', 'applicant_type'])
            .where('agency_id', '=', agency.id)
            .execute();
          const histories = await Promise.all(
            rows.map(async (r) => ({
              id: r.id,
              applicantType: r.applicant_type as (typeof APPLICANT_TYPE_KEYS)[number],
              events: await loadEvents(database.db, r.id),
            })),
          );
          for (const year of [2025, 2026, 2027, 2028]) {
            const table3 = await table3Of(database.db, agency.id, year);
            assert.deepEqual(table3, buildTable3(histories, year, calendar), `table 三 of ${year}`);
            const table4 = await table4Of(database.db, agency.id, year);
            assert.deepEqual(table4, buildTable4(appeals, year), `table 四 of ${year}`);
          }
        }),
        { numRuns: runs, seed: SEED },
      );
      // The histories were not trivial: events were accepted and appeals reopened applications.
      assert.ok(accepted > runs * 2, `accepted ${accepted}`);
      assert.ok(reopened > 0, `reopened ${reopened}`);
    });
  });
}
