// Table 三 of an agency with 100,000 applications in a year, built from the stored data
// (table3Of: the database counts the year rows the pure core wrote, the report engine lays them
// out), beside one hand-written GROUP BY over the same applications (issue 4: under 1 s, within 2×).
// SQLite file database, as a town or county runs it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createAgency, systemActor } from '../src/agencies/index.ts';
import { deriveApplication } from '../src/applications/derived-columns.ts';
import {
  APPLICANT_TYPE_KEYS,
  type ApplicationEvent,
  OUTCOME_CODES,
  table3Of,
} from '../src/applications/index.ts';
import { currentWorkingDayCalendar } from '../src/calendar/index.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { BenchOptions, BenchResult } from './run.ts';

/** A deterministic generator (mulberry32) so that every run builds the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function date(dayOfYear: number, year = 2026): string {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

const DECIDABLE = OUTCOME_CODES.filter(
  (c) => !c.startsWith('other') && c !== 'unable3' && c !== 'notProcessed4',
);

function history(r: () => number): ApplicationEvent[] {
  // 5 % received late in 2025 and carried into 2026; the rest received in 2026.
  const carried = r() < 0.05;
  const received = carried ? date(340 + Math.floor(r() * 20), 2025) : date(Math.floor(r() * 330));
  const events: ApplicationEvent[] = [{ type: 'received', at: received, channel: 'online' }];
  const roll = r();
  const later = (days: number) => {
    const d = new Date(`${events[events.length - 1]!.at}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  if (roll < 0.1) return events; // still open: carried into the next year
  if (roll < 0.15) {
    events.push({ type: 'withdrawn', at: later(3) });
    return events;
  }
  const outcome = DECIDABLE[Math.floor(r() * DECIDABLE.length)]!;
  events.push({
    type: 'decided',
    at: later(5 + Math.floor(r() * 10)),
    outcome,
    legalBasis: '依据条例',
    ...(outcome === 'partial' ? { withheld: ['denied4' as const] } : {}),
  });
  return events;
}

export default async function applicationTablesBench({ quick, log }: BenchOptions): Promise<BenchResult[]> {
  // --quick: a fifth, to keep the quick run under three minutes (writing is most of this bench).
  const count = quick ? 20_000 : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-tables-bench-'));
  const database = openDatabase(`sqlite:${join(dir, 'tables.sqlite')}`);
  try {
    await migrateToLatest(database.db);
    const ctx = { db: database.db, config: loadConfig({}), now: () => new Date('2027-01-05T02:00:00Z') };
    const region = await createAgency(ctx, systemActor('bench'), {
      parentId: null,
      kind: 'region',
      name: '基准区',
    });
    const town = await createAgency(ctx, systemActor('bench'), {
      parentId: region.id,
      kind: 'town',
      name: '基准镇',
    });
    const calendar = await currentWorkingDayCalendar(database.db);
    const r = random(20261126);
    const started = performance.now();
    const now = new Date().toISOString();
    for (let batch = 0; batch < count / 1000; batch++) {
      await database.db.transaction().execute(async (trx) => {
        const apps = [];
        const events: {
          application_id: string;
          seq: number;
          type: string;
          at: string;
          data: string;
          recorded_by: null;
          recorded_at: string;
        }[] = [];
        const years = [];
        for (let i = 0; i < 1000; i++) {
          const id = randomUUID();
          const type = APPLICANT_TYPE_KEYS[Math.floor(r() * r() * APPLICANT_TYPE_KEYS.length)]!;
          const h = history(r);
          const derived = deriveApplication(id, type, h, calendar);
          apps.push({
            id,
            agency_id: town.id,
            tracking_number: `B${batch}-${i}`,
            access_hash: id,
            applicant_type: type,
            applicant_name: '—',
            applicant_key: id,
            description: '基准测试',
            delivery_form: 'electronic',
            delivery_channel: 'online',
            channel: 'online',
            received_on: h[0]!.at,
            ...derived.columns,
            created_at: now,
            updated_at: now,
          });
          h.forEach((e, seq) => {
            events.push({
              application_id: id,
              seq: seq + 1,
              type: e.type,
              at: e.at,
              data: JSON.stringify(e),
              recorded_by: null,
              recorded_at: now,
            });
          });
          for (const y of derived.years) years.push({ application_id: id, agency_id: town.id, ...y });
        }
        for (let k = 0; k < apps.length; k += 100)
          await trx
            .insertInto('applications')
            .values(apps.slice(k, k + 100))
            .execute();
        for (let k = 0; k < events.length; k += 200)
          await trx
            .insertInto('application_events')
            .values(events.slice(k, k + 200))
            .execute();
        for (let k = 0; k < years.length; k += 300)
          await trx
            .insertInto('application_years')
            .values(years.slice(k, k + 300))
            .execute();
      });
    }
    log(
      `${count.toLocaleString('en-US')} applications with events and year rows written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await sql`analyze`.execute(database.db);

    const rounds = quick ? 5 : 15;
    const time = async (f: () => Promise<unknown>) => {
      await f(); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        await f();
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      return samples[Math.floor(samples.length / 2)]!;
    };
    const table = await table3Of(database.db, town.id, 2026);
    const ours = await time(() => table3Of(database.db, town.id, 2026));
    // The naive count a developer would write: outcomes per applicant type of the year's decisions.
    const groupBy = await time(() =>
      sql`select applicant_type, coalesce(outcome, 'open') as o, count(*) as n from applications
          where agency_id = ${town.id} and (received_on between '2026-01-01' and '2026-12-31' or is_open = 1)
          group by applicant_type, o`.execute(database.db),
    );
    log(
      `table 三 of 2026: 本年新收 ${table.new![6]}, 上年结转 ${table.carriedIn![6]}, 结转下年度 ${table.carriedOut![6]}; ` +
        `table3Of ${ours.toFixed(1)} ms (median of ${rounds}), hand-written GROUP BY ${groupBy.toFixed(1)} ms`,
    );
    return [
      {
        name: `table 三 from ${count.toLocaleString('en-US')} stored applications (SQLite)`,
        value: ours,
        unit: 'ms',
        detail: { rounds, applications: count, target: 'below 1000 ms and within 2× of the GROUP BY' },
        targetMax: 1000,
        baseline: { name: 'one hand-written GROUP BY over the same rows', value: groupBy, unit: 'ms' },
      },
    ];
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
