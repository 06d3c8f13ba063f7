// A province-sized simulation written straight into a migrated database, fast: the agency tree
// (province → cities → counties → towns and departments), applications with their events, derived
// columns and year rows exactly as the pure core writes them (deriveApplication over each history),
// appeals (纠正 reopening the application as record-appeal does), published items with their
// versions (some revised into another category, some withdrawn, some from the year before), channel
// records, own catalogue categories, the normative register and the yearly figures. Deterministic
// (fixed seed). SQLite: one prepared statement per table in large transactions; PostgreSQL:
// INSERT … SELECT FROM unnest(arrays), thousands of rows per statement. Left out because no report
// figure reads them: the items' review events (disclosure_events), letters, files and audit records;
// applicants' personal fields are placeholders.
// Used by bench/annual-reports.bench.ts and src/annual-reports/build-many.test.ts.
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { AgencyKind } from '../src/agencies/index.ts';
import { deriveApplication } from '../src/applications/derived-columns.ts';
import {
  APPLICANT_TYPE_KEYS,
  type AppealKind,
  type AppealResult,
  type ApplicantType,
  type ApplicationEvent,
  applicantColumn,
  OUTCOME_CODES,
} from '../src/applications/index.ts';
import { currentWorkingDayCalendar, type WorkingDayCalendar } from '../src/calendar/index.ts';
import type { Database } from '../src/db/database.ts';
import { mergeCatalogue } from '../src/disclosures/index.ts';
import { applicationFee } from '../src/fees/fees.ts';

export interface ProvinceScale {
  agencies: number;
  applications: number;
  items: number;
}

export const FULL_SCALE: ProvinceScale = { agencies: 5000, applications: 1_000_000, items: 5_000_000 };
export const QUICK_SCALE: ProvinceScale = { agencies: 200, applications: 40_000, items: 200_000 };

export interface Province {
  /** The year of the reports; every history runs in it and the year before. */
  year: number;
  /** The moment the reports are built at: after the year, before the reporting deadline. */
  now: Date;
  rootId: string;
  rootName: string;
  /** Every agency, in tree order (parents first). */
  agencies: { id: string; parentId: string | null; kind: AgencyKind; name: string }[];
  /** Rows written per table. */
  rows: Record<string, number>;
  seconds: number;
}

/** A deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Value = string | number | null;
type ColumnType = 'text' | 'int';

interface TableShape {
  name: string;
  columns: readonly (readonly [string, ColumnType])[];
}

const t = (name: string, ...columns: (readonly [string, ColumnType])[]): TableShape => ({ name, columns });
const text = (c: string) => [c, 'text'] as const;
const int = (c: string) => [c, 'int'] as const;

const TABLES = {
  agencies: t('agencies', text('id'), text('parent_id'), text('kind'), text('name'), text('created_at')),
  applications: t(
    'applications',
    text('id'),
    text('agency_id'),
    text('tracking_number'),
    text('access_hash'),
    text('applicant_type'),
    text('applicant_name'),
    text('applicant_key'),
    text('description'),
    text('delivery_form'),
    text('delivery_channel'),
    text('channel'),
    text('received_on'),
    text('phase'),
    int('is_open'),
    text('reply_due'),
    int('due_provisional'),
    text('outcome'),
    text('closed_on'),
    text('last_event_on'),
    int('event_count'),
    text('created_at'),
    text('updated_at'),
  ),
  events: t(
    'application_events',
    text('application_id'),
    int('seq'),
    text('type'),
    text('at'),
    text('data'),
    text('recorded_at'),
  ),
  years: t(
    'application_years',
    text('application_id'),
    text('agency_id'),
    int('year'),
    int('applicant_column'),
    text('entry'),
    text('exit'),
  ),
  appeals: t(
    'appeals',
    text('id'),
    text('application_id'),
    text('agency_id'),
    text('kind'),
    text('filed_on'),
    text('result'),
    text('closed_on'),
    text('created_at'),
    text('updated_at'),
  ),
  items: t(
    'disclosure_items',
    text('id'),
    text('agency_id'),
    text('index_number'),
    int('index_year'),
    int('index_serial'),
    text('phase'),
    int('version'),
    int('published_version'),
    text('first_published_at'),
    text('withdrawn_at'),
    text('title'),
    text('category_code'),
    text('formed_on'),
    text('clock_start'),
    text('due_on'),
    text('late_on'),
    text('working_published_on'),
    int('event_count'),
    text('created_at'),
    text('updated_at'),
  ),
  versions: t(
    'disclosure_versions',
    text('item_id'),
    int('version'),
    text('agency_id'),
    text('title'),
    text('formed_on'),
    text('category_code'),
    text('validity'),
    text('summary'),
    text('body_html'),
    text('body_text'),
    text('keywords'),
    text('published_at'),
    text('published_on'),
    text('created_at'),
    text('updated_at'),
  ),
  records: t(
    'disclosure_channel_records',
    text('id'),
    text('agency_id'),
    text('item_id'),
    text('channel'),
    text('title'),
    text('url'),
    text('published_on'),
    text('created_at'),
  ),
  categories: t(
    'disclosure_categories',
    text('agency_id'),
    text('code'),
    text('category_group'),
    text('name'),
    int('position'),
    int('hidden'),
    text('updated_at'),
  ),
  normative: t(
    'normative_documents',
    text('id'),
    text('agency_id'),
    text('kind'),
    text('title'),
    text('document_number'),
    text('issued_on'),
    text('effective_on'),
    text('valid_until'),
    text('status'),
    text('status_on'),
    int('revision'),
    text('created_at'),
    text('updated_at'),
  ),
  figures: t(
    'normative_year_counts',
    text('agency_id'),
    int('year'),
    int('licensing'),
    int('penalty'),
    int('enforcement'),
    int('fees_yuan'),
    text('updated_at'),
  ),
} as const;

type TableKey = keyof typeof TABLES;

/**
 * Buffers rows per table and writes them in large batches. `add` only buffers (no promise per
 * row); the caller awaits `drain` when `full` says so.
 */
interface Writer {
  add(table: TableKey, row: Value[]): void;
  full(): boolean;
  drain(): Promise<void>;
  close(): Promise<void>;
  rows: Record<string, number>;
}

const BATCH = 5000;

function sqliteWriter(sqlite: SqliteDatabase.Database): Writer {
  const statements = new Map<TableKey, SqliteDatabase.Statement>();
  const buffers = new Map<TableKey, Value[][]>();
  const rows: Record<string, number> = {};
  const statementOf = (key: TableKey) => {
    let s = statements.get(key);
    if (!s) {
      const shape = TABLES[key];
      s = sqlite.prepare(
        `insert into ${shape.name} (${shape.columns.map((c) => c[0]).join(', ')}) values (${shape.columns.map(() => '?').join(', ')})`,
      );
      statements.set(key, s);
    }
    return s;
  };
  // Parents before children, whatever order the batch's rows came in; one commit per batch.
  const order = Object.keys(TABLES) as TableKey[];
  const write = sqlite.transaction(() => {
    for (const key of order) {
      const buffer = buffers.get(key);
      if (!buffer) continue;
      const s = statementOf(key);
      for (const row of buffer) s.run(row);
      rows[TABLES[key].name] = (rows[TABLES[key].name] ?? 0) + buffer.length;
    }
    buffers.clear();
  });
  let pending = 0;
  return {
    rows,
    add(key, row) {
      let buffer = buffers.get(key);
      if (!buffer) {
        buffer = [];
        buffers.set(key, buffer);
      }
      buffer.push(row);
      pending++;
    },
    full: () => pending >= 100_000,
    async drain() {
      write();
      pending = 0;
    },
    async close() {
      write();
    },
  };
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const buffers = new Map<TableKey, Value[][]>();
  const rows: Record<string, number> = {};
  const flushTable = async (key: TableKey) => {
    const buffer = buffers.get(key);
    if (!buffer || buffer.length === 0) return;
    buffers.set(key, []);
    const shape = TABLES[key];
    for (let k = 0; k < buffer.length; k += BATCH) {
      const part = buffer.slice(k, k + BATCH);
      const columns = shape.columns.map((_, i) => part.map((row) => row[i] ?? null));
      await client.query(
        `insert into ${shape.name} (${shape.columns.map((c) => c[0]).join(', ')})
         select * from unnest(${shape.columns.map((c, i) => `$${i + 1}::${c[1] === 'int' ? 'bigint' : 'text'}[]`).join(', ')})`,
        columns,
      );
    }
    rows[shape.name] = (rows[shape.name] ?? 0) + buffer.length;
  };
  // Parents before children: the foreign keys are checked row by row.
  const order = Object.keys(TABLES) as TableKey[];
  let pending = 0;
  const drain = async () => {
    await client.query('begin');
    for (const k of order) await flushTable(k);
    await client.query('commit');
    pending = 0;
  };
  return {
    rows,
    add(key, row) {
      let buffer = buffers.get(key);
      if (!buffer) {
        buffer = [];
        buffers.set(key, buffer);
      }
      buffer.push(row);
      pending++;
    },
    full: () => pending >= 100_000,
    drain,
    async close() {
      await drain();
      await client.end();
    },
  };
}

// Civil dates by day number: the generator makes millions of them (Date objects cost ~1 µs each).
const FIRST_DAY = Date.UTC(2015, 0, 1) / 86_400_000;
const DAYS: string[] = [];
const DAY_INDEX = new Map<string, number>();
for (let d = 0; d < 366 * 15; d++) {
  const text = new Date((FIRST_DAY + d) * 86_400_000).toISOString().slice(0, 10);
  DAYS.push(text);
  DAY_INDEX.set(text, d);
}

/** The UTC instant (ISO, as first_published_at) of `second` after midnight of a Beijing day. */
function instant(beijingDay: number, second: number): string {
  // Beijing is UTC+8 all year: before 08:00 it is still the day before in UTC.
  const utc = second >= 28_800 ? second - 28_800 : second + 57_600;
  const day = second >= 28_800 ? beijingDay : beijingDay - 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[day]}T${pad(Math.floor(utc / 3600))}:${pad(Math.floor(utc / 60) % 60)}:${pad(utc % 60)}.000Z`;
}

function dayNumber(date: string): number {
  const n = DAY_INDEX.get(date);
  if (n === undefined) throw new RangeError(`date out of the simulation's range: ${date}`);
  return n;
}

function day(year: number, dayOfYear: number): string {
  return DAYS[dayNumber(`${year}-01-01`) + dayOfYear]!;
}

function addDays(date: string, days: number): string {
  return DAYS[dayNumber(date) + days]!;
}

/** Integer shares of `total` in proportion to `weights` (largest remainders). */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, c) => a + c, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]! += 1;
  return counts;
}

const PLACES = '青阳临河柳林石门清源安平长宁东湖西山南岗北川金城玉泉龙泉白水桃源永和太平新丰广济'.match(
  /../g,
)!;
const DEPARTMENTS = [
  '财政局',
  '教育局',
  '公安局',
  '民政局',
  '人力资源和社会保障局',
  '自然资源局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '水利局',
  '卫生健康委员会',
  '市场监督管理局',
  '应急管理局',
  '审计局',
  '统计局',
  '医疗保障局',
  '林业局',
  '文化和旅游局',
  '商务局',
  '司法局',
  '退役军人事务局',
];

function place(i: number): string {
  return (
    PLACES[i % PLACES.length]! +
    (i >= PLACES.length ? PLACES[Math.floor(i / PLACES.length) % PLACES.length]!.slice(0, 1) : '')
  );
}

/** The agency tree: a province, its cities (each with departments), counties with towns and departments. */
function agencyTree(total: number): Province['agencies'] {
  const list: Province['agencies'] = [];
  const add = (parentId: string | null, kind: AgencyKind, name: string) => {
    const id = `ag${String(list.length).padStart(5, '0')}`;
    list.push({ id, parentId, kind, name });
    return id;
  };
  const root = add(null, 'region', '江川省人民政府');
  const cities = Math.max(1, Math.round(total / 330));
  const countiesPerCity = Math.max(1, Math.round(total / (cities * 50)));
  const cityDepartments = 8;
  const counties = cities * countiesPerCity;
  const rest = total - 1 - cities * (1 + cityDepartments) - counties;
  if (rest < counties) throw new RangeError(`too few agencies for a province: ${total}`);
  const perCounty = allocate(rest, new Array<number>(counties).fill(1));
  let county = 0;
  for (let c = 0; c < cities; c++) {
    const cityName = `${place(c)}市`;
    const city = add(root, 'region', `${cityName}人民政府`);
    for (let d = 0; d < cityDepartments; d++) add(city, 'department', `${cityName}${DEPARTMENTS[d]}`);
    for (let k = 0; k < countiesPerCity; k++, county++) {
      const countyName = `${place(county + 7)}县`;
      const id = add(city, 'region', `${countyName}人民政府`);
      const n = perCounty[county]!;
      const towns = Math.ceil(n * 0.45);
      for (let i = 0; i < n; i++)
        if (i < towns) add(id, 'town', `${countyName}${place(i + 3)}镇`);
        else
          add(
            id,
            'department',
            `${countyName}${DEPARTMENTS[(i - towns) % DEPARTMENTS.length]}${i - towns >= DEPARTMENTS.length ? `第${i - towns}分局` : ''}`,
          );
    }
  }
  return list;
}

const DECIDABLE = OUTCOME_CODES.filter(
  (c) => !c.startsWith('other') && c !== 'unable3' && c !== 'notProcessed4',
);
const APPEAL_KINDS: readonly AppealKind[] = [
  'reconsideration',
  'litigationDirect',
  'litigationAfterReconsideration',
];

function decision(r: () => number, at: string, granted = false): ApplicationEvent {
  const outcome = granted || r() < 0.45 ? 'granted' : DECIDABLE[Math.floor(r() * DECIDABLE.length)]!;
  return {
    type: 'decided',
    at,
    outcome,
    legalBasis: '依据《中华人民共和国政府信息公开条例》',
    ...(outcome === 'partial' ? { withheld: ['denied4' as const] } : {}),
  };
}

/**
 * One application's history in the report year (some received in December of the year before):
 * most decided within the 20 working days, some after 补正, 征求意见 or an 信息处理费 notice, some
 * withdrawn, some still open at the end of the year. `last` bounds every date (the build's day).
 */
function history(r: () => number, year: number, last: string): ApplicationEvent[] {
  const carried = r() < 0.05;
  const roll = r();
  const open = roll < 0.06;
  const received = carried
    ? day(year - 1, 335 + Math.floor(r() * 28))
    : day(year, open ? 330 + Math.floor(r() * 34) : Math.floor(r() * 350));
  const events: ApplicationEvent[] = [
    { type: 'received', at: received, channel: r() < 0.7 ? 'online' : r() < 0.5 ? 'letter' : 'email' },
  ];
  const after = (days: number) => addDays(events[events.length - 1]!.at, days);
  if (open) return events;
  if (roll < 0.1) {
    events.push({ type: 'withdrawn', at: after(2 + Math.floor(r() * 5)) });
  } else if (roll < 0.18) {
    const requested = after(3);
    events.push({
      type: 'supplement_requested',
      at: requested,
      items: ['请说明所需信息的名称、文号或者便于查询的其他特征性描述'],
      correctionDue: addDays(requested, 15),
    });
    if (r() < 0.7) {
      events.push({ type: 'supplement_received', at: after(5 + Math.floor(r() * 8)) });
      events.push(decision(r, after(5 + Math.floor(r() * 12))));
    } else events.push({ type: 'supplement_expired', at: after(20) });
  } else if (roll < 0.21) {
    const pages = 40 + Math.floor(r() * 300);
    events.push({
      type: 'fee_notice_sent',
      at: after(4),
      method: 'per_page',
      units: pages,
      amount: applicationFee({ method: 'per_page', pages }),
    });
    if (r() < 0.8) {
      events.push({ type: 'fee_paid', at: after(3 + Math.floor(r() * 6)) });
      events.push(decision(r, after(5), true));
    } else events.push({ type: 'fee_expired', at: after(50) });
  } else if (roll < 0.23) {
    events.push({ type: 'consultation_started', at: after(4), party: 'third_party' });
    events.push({ type: 'consultation_ended', at: after(10) });
    events.push(decision(r, after(4)));
  } else {
    events.push(decision(r, after(3 + Math.floor(r() * 16))));
  }
  if (events[events.length - 1]!.type === 'decided' && r() < 0.6)
    events.push({ type: 'reply_delivered', at: after(2) });
  // Nothing after the day of the build.
  while (events.length > 1 && events[events.length - 1]!.at > last) events.pop();
  return events;
}

const INSTANT = '2026-01-01T00:00:00.000Z';

/** The big tables whose secondary indexes are built after the load instead of row by row. */
const BULK_TABLES = [
  'applications',
  'application_events',
  'application_years',
  'disclosure_items',
  'disclosure_versions',
  'disclosure_channel_records',
];

interface Relaxed {
  indexes: { name: string; definition: string }[];
  foreignKeys: { table: string; name: string; definition: string }[];
}

/**
 * Bulk-load settings, as for any large import: the secondary indexes of the big tables (not those
 * of primary keys and unique constraints) are dropped and built again after the load from their
 * definitions as the migrations made them; foreign keys are checked once after the load instead
 * of row by row (SQLite: foreign_key_check; PostgreSQL: the constraints added again, validated).
 */
async function relaxForLoad(database: Database): Promise<Relaxed> {
  const list = BULK_TABLES.map((t) => `'${t}'`).join(', ');
  const relaxed: Relaxed = { indexes: [], foreignKeys: [] };
  if (database.engine === 'sqlite') {
    relaxed.indexes = database
      .sqlite!.prepare(
        `select name, sql as definition from sqlite_master where type = 'index' and sql is not null and tbl_name in (${list})`,
      )
      .all() as Relaxed['indexes'];
    database.sqlite!.pragma('foreign_keys = OFF');
  } else {
    relaxed.indexes = (
      await sql<Relaxed['indexes'][number]>`
        select indexname as name, indexdef as definition from pg_indexes
         where schemaname = current_schema() and tablename in (${sql.raw(list)})
           and not exists (select 1 from pg_constraint c
                            where c.conindid = (quote_ident(schemaname) || '.' || quote_ident(indexname))::regclass)`.execute(
        database.db,
      )
    ).rows;
    relaxed.foreignKeys = (
      await sql<Relaxed['foreignKeys'][number]>`
        select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
          from pg_constraint where contype = 'f' and conrelid::regclass::text in (${sql.raw(list)})`.execute(
        database.db,
      )
    ).rows;
    for (const fk of relaxed.foreignKeys)
      await sql`alter table ${sql.ref(fk.table)} drop constraint ${sql.ref(fk.name)}`.execute(database.db);
  }
  for (const index of relaxed.indexes) await sql`drop index ${sql.ref(index.name)}`.execute(database.db);
  return relaxed;
}

async function restoreAfterLoad(database: Database, relaxed: Relaxed): Promise<void> {
  for (const index of relaxed.indexes) await sql.raw(index.definition).execute(database.db);
  if (database.engine === 'sqlite') {
    database.sqlite!.pragma('foreign_keys = ON');
    const broken = database.sqlite!.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0)
      throw new Error(`the simulation broke ${broken.length} foreign keys: ${JSON.stringify(broken[0])}`);
  } else {
    for (const fk of relaxed.foreignKeys)
      await sql`alter table ${sql.ref(fk.table)} add constraint ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(
        database.db,
      );
  }
}

export interface GenerateOptions {
  scale: ProvinceScale;
  seed?: number;
  /** Progress lines (every 500 agencies, and the index build). */
  log?: (line: string) => void;
}

/** Writes the province into `database` (migrated, empty). */
export async function generateProvince(database: Database, options: GenerateOptions): Promise<Province> {
  const started = performance.now();
  const { scale } = options;
  const r = random(options.seed ?? 20261127);
  const year = 2025;
  const now = new Date('2026-01-20T02:00:00.000Z');
  const lastDay = '2026-01-19';
  const calendar: WorkingDayCalendar = await currentWorkingDayCalendar(database.db);
  const writer =
    database.engine === 'sqlite' ? sqliteWriter(database.sqlite!) : await postgresWriter(database.url);
  const relaxed = await relaxForLoad(database);
  const agencies = agencyTree(scale.agencies);
  for (const a of agencies) writer.add('agencies', [a.id, a.parentId, a.kind, a.name, INSTANT]);
  await writer.drain();

  // Governments and departments are asked and publish more than towns; every agency varies.
  const weight = (a: Province['agencies'][number]) =>
    (a.parentId === null ? 20 : a.kind === 'region' ? 4 : a.kind === 'department' ? 1.5 : 1) *
    (0.2 + 1.6 * r());
  const applications = allocate(scale.applications, agencies.map(weight));
  const items = allocate(scale.items, agencies.map(weight));
  let appSeq = 0;
  let appealSeq = 0;
  let itemSeq = 0;
  let recordSeq = 0;
  let docSeq = 0;
  const yearFrom = dayNumber(`${year}-01-01`);
  const yearDays = dayNumber(`${year + 1}-01-01`) - yearFrom;
  // deriveApplication (~150 µs) once per distinct history: its result depends only on the events'
  // types, dates and outcomes (the applicant type only gives the column, set per row).
  const memo = new Map<string, ReturnType<typeof deriveApplication>>();
  const derive = (id: string, type: ApplicantType, events: readonly ApplicationEvent[]) => {
    let key = '';
    for (const e of events) key += `${e.type}${e.at}${e.type === 'decided' ? e.outcome : ''};`;
    let derived = memo.get(key);
    if (!derived) {
      derived = deriveApplication(id, type, events, calendar);
      if (memo.size < 400_000) memo.set(key, derived);
    }
    return derived;
  };

  for (const [index, agency] of agencies.entries()) {
    // Catalogue: the kind's defaults, an own category for some agencies, a renamed default for others.
    const catalogue = mergeCatalogue(agency.kind, []).map((c) => c.code);
    const own = r() < 0.05 ? 'ZY01' : null;
    if (own) {
      writer.add('categories', [agency.id, own, 'own', '乡村振兴专栏', 100, 0, INSTANT]);
      catalogue.push(own);
    }
    if (r() < 0.05)
      writer.add('categories', [agency.id, catalogue[0]!, 'statutory', '政策文件（本机关）', 0, 0, INSTANT]);

    for (let i = 0; i < applications[index]!; i++) {
      const id = `ap${String(appSeq++).padStart(8, '0')}`;
      const type: ApplicantType =
        r() < 0.85 ? 'naturalPerson' : APPLICANT_TYPE_KEYS[1 + Math.floor(r() * 5)]!;
      const events = history(r, year, lastDay);
      // 1.5 % of the replies are taken to 复议 or court; a 纠正 reopens the application (record-appeal.ts).
      const decided = events.find((e) => e.type === 'decided');
      let appeal: Value[] | null = null;
      if (decided && r() < 0.015) {
        const filed = addDays(decided.at, 20 + Math.floor(r() * 40));
        if (filed <= lastDay) {
          const roll = r();
          const result: AppealResult =
            roll < 0.5 ? '维持' : roll < 0.65 ? '纠正' : roll < 0.75 ? '其他' : '尚未审结';
          let closed: string | null =
            result === '尚未审结' ? null : addDays(filed, 30 + Math.floor(r() * 60));
          if (closed && closed > lastDay) closed = null;
          const kind = APPEAL_KINDS[Math.floor(r() * r() * 3)]!;
          appeal = [
            `pl${appealSeq++}`,
            id,
            agency.id,
            kind,
            filed,
            closed ? result : '尚未审结',
            closed,
            INSTANT,
            INSTANT,
          ];
          if (closed && result === '纠正') {
            const lastAt = events[events.length - 1]!.at;
            const reopened = closed > lastAt ? closed : lastAt;
            events.push({ type: 'reopened', at: reopened, reason: '行政复议结果为纠正，重新答复' });
            const again = addDays(reopened, 10);
            if (again <= lastDay) events.push(decision(r, again));
          }
        }
      }
      const derived = derive(id, type, events);
      writer.add('applications', [
        id,
        agency.id,
        `T${id}`,
        `h${id}`,
        type,
        '申请人',
        `k${Math.floor(r() * scale.applications)}`,
        '申请公开有关政府信息',
        'electronic',
        'online',
        (events[0] as { channel: string }).channel,
        events[0]!.at,
        derived.columns.phase,
        derived.columns.is_open,
        derived.columns.reply_due,
        derived.columns.due_provisional,
        derived.columns.outcome,
        derived.columns.closed_on,
        derived.columns.last_event_on,
        derived.columns.event_count,
        INSTANT,
        INSTANT,
      ]);
      for (const [seq, e] of events.entries())
        writer.add('events', [id, seq + 1, e.type, e.at, JSON.stringify(e), INSTANT]);
      for (const y of derived.years)
        writer.add('years', [id, agency.id, y.year, applicantColumn(type), y.entry, y.exit]);
      if (appeal) writer.add('appeals', appeal);
      if (writer.full()) await writer.drain();
    }

    const serials = new Map<number, number>();
    for (let i = 0; i < items[index]!; i++) {
      const id = `it${String(itemSeq++).padStart(9, '0')}`;
      // 8 % first published in the year before; the rest in the report year (Beijing time).
      const beijingDay =
        r() < 0.08 ? yearFrom - 1 - Math.floor(r() * 60) : yearFrom + Math.floor(r() * yearDays);
      const second = Math.floor(r() * 86_400);
      const publishedAt = instant(beijingDay, second);
      const publishedOn = DAYS[beijingDay]!;
      const itemYear = Number(publishedOn.slice(0, 4));
      const serial = (serials.get(itemYear) ?? 0) + 1;
      serials.set(itemYear, serial);
      const category = own && r() < 0.05 ? own : catalogue[Math.floor(r() * r() * catalogue.length)]!;
      const withdrawn = r() < 0.02 ? instant(beijingDay + 5, second) : null;
      // 5 % revised later, some into another category (the report counts the latest public version).
      const revised = r() < 0.05;
      const revisedCategory =
        revised && r() < 0.5 ? catalogue[Math.floor(r() * catalogue.length)]! : category;
      const revisedAt = instant(beijingDay + 3, second);
      const version = revised ? 2 : 1;
      const title = `关于${PLACES[itemSeq % PLACES.length]}${DEPARTMENTS[itemSeq % DEPARTMENTS.length]}${itemSeq % 7 === 0 ? '行政处罚决定' : '工作情况'}的公告`;
      const formed = addDays(publishedOn, -3);
      writer.add('items', [
        id,
        agency.id,
        `${agency.id}/${itemYear}-${String(serial).padStart(5, '0')}`,
        itemYear,
        serial,
        withdrawn ? 'withdrawn' : 'published',
        version,
        version,
        publishedAt,
        withdrawn,
        title,
        revisedCategory,
        formed,
        formed,
        addDays(formed, 28),
        addDays(formed, 29),
        publishedOn,
        withdrawn ? 6 : revised ? 9 : 5,
        publishedAt,
        withdrawn ?? (revised ? revisedAt : publishedAt),
      ]);
      const body = `${title}。根据有关规定，现将有关事项公告如下。`;
      writer.add('versions', [
        id,
        1,
        agency.id,
        title,
        formed,
        category,
        'valid',
        '',
        `<p>${body}</p>`,
        body,
        '',
        publishedAt,
        publishedOn,
        publishedAt,
        publishedAt,
      ]);
      if (revised)
        writer.add('versions', [
          id,
          2,
          agency.id,
          `${title}（修订）`,
          formed,
          revisedCategory,
          'valid',
          '',
          `<p>${body}</p>`,
          body,
          '',
          revisedAt,
          publishedOn,
          revisedAt,
          revisedAt,
        ]);
      // 15 % repeated on the WeChat 公众号, registered with their link.
      if (r() < 0.15) {
        const seq = recordSeq++;
        writer.add('records', [
          `cr${seq}`,
          agency.id,
          id,
          'wechat',
          title,
          `https://mp.weixin.qq.com/s/${seq}`,
          publishedOn,
          publishedAt,
        ]);
      }
      if (writer.full()) await writer.drain();
    }
    // Posts elsewhere without a portal item: 微博 and others, a few per agency.
    const posts = Math.floor(r() * 12);
    for (let i = 0; i < posts; i++) {
      const seq = recordSeq++;
      const channel = r() < 0.6 ? 'weibo' : r() < 0.5 ? 'wechat' : 'other';
      writer.add('records', [
        `cr${seq}`,
        agency.id,
        null,
        channel,
        '工作动态',
        `https://example.gov.cn/p/${seq}`,
        day(r() < 0.9 ? year : year - 1, Math.floor(r() * 365)),
        INSTANT,
      ]);
    }

    // The register (规章 only for the province and cities) and the year's figures (most entered).
    const docs = Math.floor(r() * 16);
    for (let i = 0; i < docs; i++) {
      const kind =
        agency.kind === 'region' && agency.parentId !== null && r() < 0.15 ? 'regulation' : 'normative';
      const issued = day(year - Math.floor(r() * 4), Math.floor(r() * 360));
      const roll = r();
      const ended = addDays(issued, 200 + Math.floor(r() * 500));
      // An end after the day of the build has not happened yet: the document is still valid.
      const status = roll < 0.75 || ended > lastDay ? 'valid' : roll < 0.9 ? 'repealed' : 'expired';
      const statusOn = status === 'valid' ? null : ended;
      writer.add('normative', [
        `nd${docSeq++}`,
        agency.id,
        kind,
        '关于加强有关工作的通知',
        `${agency.id}〔${issued.slice(0, 4)}〕${i + 1}号`,
        issued,
        addDays(issued, 30),
        r() < 0.3 ? addDays(issued, 1095) : null,
        status,
        statusOn,
        1,
        INSTANT,
        INSTANT,
      ]);
    }
    if (r() < 0.9)
      writer.add('figures', [
        agency.id,
        year,
        Math.floor(r() * 3000),
        Math.floor(r() * 800),
        Math.floor(r() * 50),
        Math.floor(r() * 5_000_000),
        INSTANT,
      ]);
    if ((index + 1) % 500 === 0) options.log?.(`  … ${index + 1} agencies written`);
  }
  await writer.close();
  const indexed = performance.now();
  await restoreAfterLoad(database, relaxed);
  options.log?.(
    `  ${relaxed.indexes.length} secondary indexes built and foreign keys checked after the load in ${((performance.now() - indexed) / 1000).toFixed(1)} s`,
  );
  const root = agencies[0]!;
  return {
    year,
    now,
    rootId: root.id,
    rootName: root.name,
    agencies,
    rows: writer.rows,
    seconds: (performance.now() - started) / 1000,
  };
}
