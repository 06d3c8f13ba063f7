// Every annual report of a province built from the live data, and the province's consolidation,
// beside one hand-written aggregate query per table over the same rows (issue 6: within 2× of the
// hand-written queries, under 60 s for the whole province), on SQLite and on PostgreSQL.
// The province: 5,000 agencies, 1,000,000 applications and 5,000,000 items in the year
// (`--quick`: 200, 40,000, 200,000), written by bench/province-data.ts. Before any figure is
// reported, the hand-written queries' numbers are checked against the built reports' cells.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { AgencyKind } from '../src/agencies/index.ts';
import { buildAnnualReport, buildAnnualReports } from '../src/annual-reports/index.ts';
import { APPLICANT_TYPES, YEAR_ROWS } from '../src/applications/index.ts';
import { type Database, type Engine, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/schema.ts';
import { CHANNEL_IDS, CHANNELS, type Channel, mergeCatalogue } from '../src/disclosures/index.ts';
import { consolidateReports } from '../src/reports/consolidate.ts';
import { feeSentence, type PublicationCount, proactiveParagraph } from '../src/reports/draft/index.ts';
import type { AnnualReport } from '../src/reports/report.ts';
import { TABLE4_GROUPS } from '../src/reports/report-format.ts';
import { FULL_SCALE, generateProvince, type Province, type ProvinceScale } from './province-data.ts';
import type { BenchOptions, BenchResult } from './run.ts';

const ADMIN_URL =
  process.env.GONGKAI_BENCH_POSTGRES_URL ||
  process.env.GONGKAI_TEST_POSTGRES_URL ||
  'postgres://gongkai:gongkai@127.0.0.1:5432/postgres';

const QUICK_BENCH_SCALE: ProvinceScale = { agencies: 100, applications: 10_000, items: 50_000 };

interface BenchDatabase {
  database: Database;
  drop(): Promise<void>;
}

async function sqliteDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-province-'));
  const database = openDatabase(`sqlite:${join(dir, 'province.sqlite')}`);
  await migrateToLatest(database.db);
  return {
    database,
    drop: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the server, dropped afterwards; null when the server is not reachable. */
async function postgresDatabase(log: (line: string) => void): Promise<BenchDatabase | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
  } catch (error) {
    log(`PostgreSQL skipped: not reachable (${(error as Error).message})`);
    return null;
  }
  const name = `gongkai_bench_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  await migrateToLatest(database.db);
  return {
    database,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name}`);
      await client.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The hand-written queries: one aggregate per table over every agency's rows, no per-agency work.

interface Baseline {
  register: { agency_id: string; kind: string; issued: number; repealed: number; valid: number }[];
  figures: {
    agency_id: string;
    licensing: number;
    penalty: number;
    enforcement: number;
    fees_yuan: number;
  }[];
  table3: { agency_id: string; entry: string; exit: string; col: number; n: number }[];
  table4: { agency_id: string; kind: string; result: string; n: number }[];
  portal: { agency_id: string; n: number }[];
  channels: { agency_id: string; channel: string; n: number }[];
  categories: { agency_id: string; category_code: string; n: number }[];
  notices: { agency_id: string; n: number }[];
  collected: { agency_id: string; yuan: number }[];
}

async function rowsOf<T>(db: Kysely<DB>, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

async function handWritten(db: Kysely<DB>, engine: Engine, year: number, now: Date): Promise<Baseline> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const from = new Date(`${year}-01-01T00:00:00+08:00`).toISOString();
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString();
  const iso = now.toISOString();
  const column = sql.raw(
    `case applicant_type ${APPLICANT_TYPES.map((t) => `when '${t.key}' then ${t.column}`).join(' ')} end`,
  );
  const amount =
    engine === 'sqlite'
      ? sql.raw(`json_extract(n.data, '$.amount')`)
      : sql.raw(`(n.data::json->>'amount')::numeric`);
  return {
    register: await rowsOf(
      db,
      sql`select agency_id, kind,
            sum(case when issued_on between ${first} and ${last} then 1 else 0 end) as issued,
            sum(case when status = 'repealed' and status_on between ${first} and ${last} then 1 else 0 end) as repealed,
            sum(case when issued_on <= ${last} and effective_on <= ${last} and coalesce(valid_until, ${last}) >= ${last}
                     and not (status in ('repealed', 'expired') and status_on <= ${last}) then 1 else 0 end) as valid
          from normative_documents group by agency_id, kind`,
    ),
    figures: await rowsOf(
      db,
      sql`select agency_id, licensing, penalty, enforcement, fees_yuan from normative_year_counts where year = ${year}`,
    ),
    table3: await rowsOf(
      db,
      sql`select agency_id, entry, exit, applicant_column as col, count(*) as n from application_years
          where year = ${year} group by agency_id, entry, exit, applicant_column
          union all
          select agency_id, 'carriedIn', 'carriedOut', ${column}, count(*) from applications
          where is_open = 1 and last_event_on < ${first} group by agency_id, ${column}`,
    ),
    table4: await rowsOf(
      db,
      sql`select agency_id, kind,
            case when result <> '尚未审结' and closed_on <= ${last} then result else '尚未审结' end as result,
            count(*) as n
          from appeals where filed_on <= ${last} and (closed_on is null or closed_on >= ${first})
          group by agency_id, kind, 3`,
    ),
    portal: await rowsOf(
      db,
      sql`select agency_id, count(*) as n from disclosure_items
          where withdrawn_at is null and first_published_at >= ${from} and first_published_at < ${to}
            and first_published_at <= ${iso}
          group by agency_id`,
    ),
    channels: await rowsOf(
      db,
      sql`select agency_id, channel, count(*) as n from disclosure_channel_records
          where published_on between ${first} and ${last} group by agency_id, channel`,
    ),
    // The category of each item's current published version (every version of the simulation is
    // public by `now`, so this is the product's "latest version public at now").
    categories: await rowsOf(
      db,
      sql`select i.agency_id, v.category_code, count(*) as n from disclosure_items i
          join disclosure_versions v on v.item_id = i.id and v.version = i.published_version
          where i.withdrawn_at is null and i.first_published_at >= ${from} and i.first_published_at < ${to}
            and i.first_published_at <= ${iso}
          group by i.agency_id, v.category_code`,
    ),
    notices: await rowsOf(
      db,
      sql`select a.agency_id, count(*) as n from application_events e join applications a on a.id = e.application_id
          where e.type = 'fee_notice_sent' and e.at between ${first} and ${last} group by a.agency_id`,
    ),
    // A payment is of the application's notice (one notice per application in the simulation).
    collected: await rowsOf(
      db,
      sql`select a.agency_id, sum(${amount}) as yuan from application_events p
          join application_events n on n.application_id = p.application_id and n.type = 'fee_notice_sent'
          join applications a on a.id = p.application_id
          where p.type = 'fee_paid' and p.at between ${first} and ${last} group by a.agency_id`,
    ),
  };
}

function channelLabel(channel: Channel): string {
  return channel === 'other' ? '其他渠道' : CHANNELS[channel];
}

function fail(agency: string, what: string, expected: unknown, actual: unknown): never {
  throw new Error(
    `hand-written queries and built report differ for ${agency}, ${what}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`,
  );
}

function equalCells(
  agency: string,
  what: string,
  expected: readonly unknown[],
  actual: readonly unknown[] | undefined,
) {
  if (JSON.stringify(expected) !== JSON.stringify(actual)) fail(agency, what, expected, actual);
}

/**
 * Every number of the hand-written queries equals the built report's: tables 二 三 四 cell for cell,
 * the publications per channel and category (through the paragraph they are printed in), the fees
 * (through the sentence of 六). Returns how many numbers were compared.
 */
async function compare(
  db: Kysely<DB>,
  province: Province,
  baseline: Baseline,
  reports: Map<string, AnnualReport>,
): Promise<number> {
  const year = province.year;
  const by = <T extends { agency_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.agency_id);
      if (list) list.push(row);
      else map.set(row.agency_id, [row]);
    }
    return map;
  };
  const register = by(baseline.register);
  const figures = by(baseline.figures);
  const table3 = by(baseline.table3);
  const table4 = by(baseline.table4);
  const portal = by(baseline.portal);
  const channels = by(baseline.channels);
  const categories = by(baseline.categories);
  const notices = by(baseline.notices);
  const collected = by(baseline.collected);
  const stored = by(await db.selectFrom('disclosure_categories').selectAll().execute());
  let compared = 0;
  for (const agency of province.agencies) {
    const id = agency.id;
    const report = reports.get(id);
    if (!report) fail(id, 'report', 'a report', 'none');

    for (const kind of ['regulation', 'normative'] as const) {
      const row = register.get(id)?.find((r) => r.kind === kind);
      const cells = [row?.issued, row?.repealed, row?.valid].map((n) => Number(n ?? 0));
      equalCells(
        id,
        `table 二 ${kind}`,
        cells,
        report.table2[kind === 'regulation' ? 'regulations' : 'normativeDocs'],
      );
    }
    const f = figures.get(id)?.[0];
    for (const key of ['licensing', 'penalty', 'enforcement'] as const)
      equalCells(id, `table 二 ${key}`, [f ? Number(f[key]) : null], report.table2[key]);
    equalCells(id, 'table 二 fees', [f ? Number(f.fees_yuan) / 10_000 : null], report.table2.fees);
    compared += 12;

    const rows = Object.fromEntries(YEAR_ROWS.map((r) => [r, [0, 0, 0, 0, 0, 0]])) as Record<
      string,
      number[]
    >;
    for (const r of table3.get(id) ?? [])
      for (const key of [r.entry, r.exit]) rows[key]![Number(r.col)]! += Number(r.n);
    for (const key of YEAR_ROWS) {
      equalCells(id, `table 三 ${key}`, rows[key]!, report.table3[key]?.slice(0, 6));
      compared += 6;
    }

    const columns = ['维持', '纠正', '其他', '尚未审结'];
    for (const group of TABLE4_GROUPS) {
      const cells = [0, 0, 0, 0, 0];
      for (const r of table4.get(id) ?? [])
        if (r.kind === group.key) {
          cells[columns.indexOf(r.result)]! += Number(r.n);
          cells[4]! += Number(r.n);
        }
      equalCells(id, `table 四 ${group.key}`, cells, report.table4[group.key]);
      compared += 5;
    }

    const perChannel = Object.fromEntries(CHANNEL_IDS.map((c) => [c, 0])) as Record<Channel, number>;
    perChannel.portal = Number(portal.get(id)?.[0]?.n ?? 0);
    for (const r of channels.get(id) ?? []) perChannel[r.channel as Channel] += Number(r.n);
    const channelCounts: PublicationCount[] = CHANNEL_IDS.map((c) => ({
      key: c,
      label: channelLabel(c),
      count: perChannel[c],
    }));
    const perCategory = new Map((categories.get(id) ?? []).map((r) => [r.category_code, Number(r.n)]));
    const catalogue = mergeCatalogue(
      agency.kind as AgencyKind,
      (stored.get(id) ?? []).map((s) => ({
        code: s.code,
        group: s.category_group as 'own',
        name: s.name,
        position: Number(s.position),
        hidden: Number(s.hidden) === 1,
      })),
    );
    const categoryCounts: PublicationCount[] = catalogue.flatMap((c) =>
      perCategory.get(c.code) ? [{ key: c.code, label: c.name, count: perCategory.get(c.code)! }] : [],
    );
    compared += CHANNEL_IDS.length + categoryCounts.length;
    const paragraph = proactiveParagraph(
      year,
      {
        total: channelCounts.reduce((a, c) => a + c.count, 0),
        channels: channelCounts,
        categories: categoryCounts,
      },
      report.table2,
    );
    const overview = report.sections.find((s) => s.key === 'overview')?.paragraphs[0];
    if (overview !== paragraph) fail(id, 'publications', paragraph, overview);

    const sentence = feeSentence(year, {
      noticesIssued: Number(notices.get(id)?.[0]?.n ?? 0),
      amountCollectedYuan: Number(collected.get(id)?.[0]?.yuan ?? 0),
    });
    const other = report.sections.find((s) => s.key === 'other')?.paragraphs[0];
    if (other !== sentence) fail(id, 'fees', sentence, other);
    compared += 2;
  }
  return compared;
}

// ---------------------------------------------------------------------------------------------

async function median(rounds: number, f: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function benchEngine(engine: Engine, { quick, log }: BenchOptions): Promise<BenchResult[]> {
  // --quick: smaller than province-data's QUICK_SCALE (which build-many.test.ts's size follows), so
  // that the quick run of every bench stays under three minutes.
  const scale = quick ? QUICK_BENCH_SCALE : FULL_SCALE;
  const made = engine === 'sqlite' ? await sqliteDatabase() : await postgresDatabase(log);
  if (!made) return [];
  const { database } = made;
  const db = database.db;
  try {
    const province = await generateProvince(database, { scale, log });
    const written = Object.values(province.rows).reduce((a, n) => a + n, 0);
    log(
      `${engine}: ${scale.agencies.toLocaleString('en-US')} agencies, ${scale.applications.toLocaleString('en-US')} applications, ` +
        `${scale.items.toLocaleString('en-US')} items — ${written.toLocaleString('en-US')} rows written in ${province.seconds.toFixed(1)} s ` +
        `(${Math.round(written / province.seconds).toLocaleString('en-US')} rows/s)`,
    );
    await sql`analyze`.execute(db);
    const ids = province.agencies.map((a) => a.id);
    const { year, now } = province;

    // Warm-up of both sides (the cache holds what a server that runs all day would hold).
    await handWritten(db, engine, year, now);
    await buildAnnualReports(db, ids, year, { now });

    const rounds = quick ? 3 : 1;
    let reports = new Map<string, AnnualReport>();
    let consolidated = 0;
    let buildMs = 0;
    let consolidateMs = 0;
    const product = await median(rounds, async () => {
      const t = performance.now();
      reports = await buildAnnualReports(db, ids, year, { now });
      buildMs = performance.now() - t;
      const c = performance.now();
      const consolidation = consolidateReports(
        province.agencies.map((a) => ({ label: a.name, report: reports.get(a.id)! })),
        { body: province.rootName, year },
      );
      consolidateMs = performance.now() - c;
      consolidated = consolidation.included.length;
    });
    let baseline: Baseline | undefined;
    const handMs = await median(rounds, async () => {
      baseline = await handWritten(db, engine, year, now);
    });
    const compared = await compare(db, province, baseline!, reports);
    log(
      `${engine}: the hand-written queries' ${compared.toLocaleString('en-US')} numbers equal the built reports'; ` +
        `${consolidated} reports consolidated`,
    );

    // The product's per-agency path (buildAnnualReport, ten queries per agency) on a sample.
    const sample = quick ? ids : ids.filter((_, i) => i % 50 === 0);
    const t = performance.now();
    for (const id of sample) await buildAnnualReport(db, id, year, { now });
    const perAgencyMs = ((performance.now() - t) / sample.length) * ids.length;

    const seconds = product / 1000;
    const ratio = product / handMs;
    log(
      `${engine}: all reports + consolidation ${seconds.toFixed(2)} s (build ${(buildMs / 1000).toFixed(2)} s, ` +
        `consolidation ${(consolidateMs / 1000).toFixed(2)} s), hand-written queries ${(handMs / 1000).toFixed(2)} s, ` +
        `ratio ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'MISSED'}; < 60 s: ${seconds < 60 ? 'met' : 'MISSED'}); ` +
        `one agency at a time (buildAnnualReport, ${sample.length} agencies timed) ≈ ${(perAgencyMs / 1000).toFixed(1)} s`,
    );
    const detail = {
      engine,
      scale,
      rowsWritten: province.rows,
      generationSeconds: province.seconds,
      rounds,
      buildSeconds: buildMs / 1000,
      consolidationSeconds: consolidateMs / 1000,
      handWrittenSeconds: handMs / 1000,
      numbersCompared: compared,
      perAgencyPathSeconds: perAgencyMs / 1000,
      perAgencySample: sample.length,
      target: 'within 2× of the hand-written queries and under 60 s',
    };
    const label = `${scale.agencies.toLocaleString('en-US')} reports + consolidation (${engine})`;
    return [
      {
        name: label,
        value: seconds,
        unit: 's',
        detail,
        baseline: { name: 'one hand-written aggregate query per table', value: handMs / 1000, unit: 's' },
      },
      {
        name: `hand-written ÷ ours, ${engine} (≥ 0.5: within 2×)`,
        value: handMs / product,
        unit: '×',
        target: 0.5,
      },
      { name: `seconds to spare under 60 s, ${engine}`, value: 60 - seconds, unit: 's', target: 0 },
    ];
  } finally {
    await made.drop();
  }
}

/** GONGKAI_BENCH_ENGINES=sqlite or =postgres runs one engine (e.g. the two in two processes). */
export default async function annualReportsBench(options: BenchOptions): Promise<BenchResult[]> {
  const wanted = (process.env.GONGKAI_BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  const results: BenchResult[] = [];
  for (const engine of ['sqlite', 'postgres'] as const)
    if (wanted.includes(engine)) results.push(...(await benchEngine(engine, options)));
  return results;
}
