// What decides whether a stored portal page of an item is still the page to show: every change of
// an item is a recorded step (event_count), a withdrawal sets withdrawn_at, and a version scheduled
// for later becomes public at its time without any write — so the next such time is part of it.
// One indexed query at every view of an item page, so it is compiled once per database: building
// and compiling it with Kysely cost five times the query itself (bench/portal-item.bench.ts); on
// SQLite it runs synchronously when it can (syncReaderOf), and a stamp read is reused while the
// database's commit counter (changeCounterOf: any commit, by this process or another) is unchanged
// and no scheduled version has come due: the same answer as reading again, at a third of the cost.
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { UseCaseContext } from '../agencies/index.ts';
import { changeCounterOf, syncReaderOf } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

interface StampRow {
  event_count: number;
  withdrawn_at: string | null;
  next_at: string | null;
}

// Placeholders compiled into the query, replaced by the values at each execution.
const NOW = '\u0000now';
const ITEM = '\u0000item';
const AGENCY = '\u0000agency';

const compiled = new WeakMap<Kysely<DB>, CompiledQuery<StampRow>>();

function stampQuery(db: Kysely<DB>): CompiledQuery<StampRow> {
  let query = compiled.get(db);
  if (query === undefined) {
    query = db
      .selectFrom('disclosure_items as i')
      .select((eb) => [
        'i.event_count',
        'i.withdrawn_at',
        eb
          .selectFrom('disclosure_versions as v')
          .select((e) => e.fn.min('v.published_at').as('next_at'))
          .whereRef('v.item_id', '=', 'i.id')
          .where('v.published_at', '>', sql.val(NOW))
          .as('next_at'),
      ])
      .where('i.id', '=', sql.val(ITEM))
      .where('i.agency_id', '=', sql.val(AGENCY))
      .compile() as CompiledQuery<StampRow>;
    compiled.set(db, query);
  }
  return query;
}

type ItemRef = { agencyId: string; itemId: string };

function stampQueryFor(ctx: UseCaseContext, input: ItemRef, at = ctx.now()): CompiledQuery<StampRow> {
  const query = stampQuery(ctx.db);
  const values: Record<string, string> = {
    [NOW]: at.toISOString(),
    [ITEM]: input.itemId,
    [AGENCY]: input.agencyId,
  };
  const parameters = query.parameters.map((p) =>
    typeof p === 'string' && Object.hasOwn(values, p) ? values[p] : p,
  );
  return { ...query, parameters };
}

function stampOf(row: StampRow | undefined): string | null {
  if (!row) return null;
  return `${row.event_count}|${row.withdrawn_at ?? ''}|${row.next_at ?? ''}`;
}

interface KnownStamp {
  /** The commit counter read before the stamp. */
  counter: number;
  stamp: string | null;
  /** The application clock when it was read (a clock set back may hide a version again). */
  readAtMs: number;
  /** When the next scheduled version becomes public (ms), Infinity when none is. */
  nextAtMs: number;
}

const MAX_KNOWN_STAMPS = 10_000;
const knownStamps = new WeakMap<Kysely<DB>, Map<string, KnownStamp>>();

/**
 * The item's stamp read without waiting (null when the agency has no such item), or undefined when
 * the database cannot answer synchronously (PostgreSQL, or a write transaction in progress).
 */
export function publicItemStampNow(ctx: UseCaseContext, input: ItemRef): string | null | undefined {
  const counter = changeCounterOf(ctx.db);
  if (counter === undefined) return readStampNow(ctx, input);
  let known = knownStamps.get(ctx.db);
  if (known === undefined) {
    known = new Map();
    knownStamps.set(ctx.db, known);
  }
  const key = `${input.agencyId}\u0000${input.itemId}`;
  // Read before the stamp: a commit between the two leaves the older counter, so the next view reads again.
  const now = counter();
  const hit = known.get(key);
  const clock = ctx.now();
  const at = clock.getTime();
  if (hit !== undefined && hit.counter === now && at >= hit.readAtMs && at < hit.nextAtMs) return hit.stamp;
  const rows = syncReaderOf(ctx.db)?.(stampQueryFor(ctx, input, clock));
  if (rows === undefined) return undefined;
  const row = rows[0];
  const stamp = stampOf(row);
  if (known.size >= MAX_KNOWN_STAMPS) known.clear();
  known.set(key, {
    counter: now,
    stamp,
    readAtMs: at,
    nextAtMs: row?.next_at ? Date.parse(row.next_at) : Number.POSITIVE_INFINITY,
  });
  return stamp;
}

function readStampNow(ctx: UseCaseContext, input: ItemRef): string | null | undefined {
  const rows = syncReaderOf(ctx.db)?.(stampQueryFor(ctx, input));
  return rows === undefined ? undefined : stampOf(rows[0]);
}

/** The item's stamp, or null when the agency has no such item (whatever its phase). */
export async function publicItemStamp(ctx: UseCaseContext, input: ItemRef): Promise<string | null> {
  const now = publicItemStampNow(ctx, input);
  if (now !== undefined) return now;
  return stampOf((await ctx.db.executeQuery<StampRow>(stampQueryFor(ctx, input))).rows[0]);
}

/**
 * What the list of all published items (the sitemap) depends on, in one query: every step of an item adds an event (the sum
 * of the event counts of the items ever published grows at a publication or a withdrawal, even
 * within the same millisecond), and a scheduled version's time coming moves the latest visible
 * publication instant.
 */
export async function publishedItemsStamp(ctx: UseCaseContext): Promise<string> {
  const iso = ctx.now().toISOString();
  const { rows } = await sql<{ n: number | string; e: number | string | null; p: string | null }>`
    select
      (select count(*) from disclosure_items where first_published_at is not null) as n,
      (select sum(event_count) from disclosure_items where first_published_at is not null) as e,
      (select max(published_at) from disclosure_versions where published_at <= ${iso}) as p
  `.execute(ctx.db);
  const row = rows[0];
  return `${Number(row?.n ?? 0)} ${Number(row?.e ?? 0)} ${row?.p ?? ''}`;
}
