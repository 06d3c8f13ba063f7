// The service-hall figures of agencies for a year, read with one grouped query per table for a list
// of agencies (the annual report of one agency, the batched build of many, the supervisor's
// dashboard all read them here, so that they cannot disagree). Counting is in service-statistics.ts.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { beijingYearInstants, shanghaiDate } from '../kernel/civil-date.ts';
import {
  countComplaints,
  countItems,
  countRatings,
  emptyStatistics,
  type ServiceStatistics,
} from './service-statistics.ts';

/** Parameter lists are cut far below both engines' limits. */
const CHUNK = 500;

function chunksOf(ids: readonly string[]): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  return chunks;
}

/**
 * The instant (exclusive) at which the catalogue is counted: the end of the Beijing year, or, in a
 * year not yet over, just after `now` (what exists now, no later).
 */
export function countingInstant(year: number, now: Date): string {
  const end = Date.parse(beijingYearInstants(year).to);
  return new Date(Math.min(now.getTime() + 1, end)).toISOString();
}

/**
 * Each agency's statistics for the year, keyed by id in the order given (zeros for an agency
 * without a hall): windows and items as they stood at the year's end (or now), the ratings given
 * and the complaints received in the Beijing year, complaints overdue as of today.
 */
export async function serviceStatisticsOf(
  db: Kysely<DB>,
  agencyIds: readonly string[],
  year: number,
  now: Date,
): Promise<Map<string, ServiceStatistics>> {
  const ids = [...new Set(agencyIds)];
  const until = countingInstant(year, now);
  const { from, to } = beijingYearInstants(year);
  const today = shanghaiDate(now);
  const windows = new Map<string, number>();
  const items = new Map<string, { level: string; type: string; n: number }[]>();
  const ratings = new Map<string, { level: string; n: number }[]>();
  const complaints = new Map<string, { state: string; dueOn: string; onTime: boolean | null }[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const chunk of chunksOf(ids)) {
    const windowRows = await db
      .selectFrom('service_windows')
      .select(['agency_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('agency_id', 'in', chunk)
      .where('created_at', '<', until)
      .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', until)]))
      .groupBy('agency_id')
      .execute();
    for (const r of windowRows) windows.set(r.agency_id, Number(r.n));

    const itemRows = await db
      .selectFrom('service_items')
      .select(['agency_id', 'level', 'type', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('agency_id', 'in', chunk)
      .where('created_at', '<', until)
      .where((eb) => eb.or([eb('withdrawn_at', 'is', null), eb('withdrawn_at', '>=', until)]))
      .groupBy(['agency_id', 'level', 'type'])
      .execute();
    for (const r of itemRows) push(items, r.agency_id, { level: r.level, type: r.type, n: Number(r.n) });

    const ratingRows = await db
      .selectFrom('service_ratings')
      .select(['agency_id', 'level', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('agency_id', 'in', chunk)
      .where('rated_at', '>=', from)
      .where('rated_at', '<', to)
      .where('rated_at', '<', until)
      .groupBy(['agency_id', 'level'])
      .execute();
    for (const r of ratingRows) push(ratings, r.agency_id, { level: r.level, n: Number(r.n) });

    const complaintRows = await db
      .selectFrom('service_complaints')
      .select(['agency_id', 'state', 'due_on', 'on_time'])
      .where('agency_id', 'in', chunk)
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .where('received_at', '<', until)
      .execute();
    for (const r of complaintRows)
      push(complaints, r.agency_id, {
        state: r.state,
        dueOn: r.due_on,
        onTime: r.on_time === null ? null : Number(r.on_time) === 1,
      });
  }

  return new Map(
    ids.map((id): [string, ServiceStatistics] => {
      const statistics = emptyStatistics();
      statistics.windows = windows.get(id) ?? 0;
      statistics.items = countItems(items.get(id) ?? []);
      statistics.ratings = countRatings(ratings.get(id) ?? []);
      statistics.complaints = countComplaints(complaints.get(id) ?? [], today);
      return [id, statistics];
    }),
  );
}
