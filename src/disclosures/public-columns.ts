// Queries behind the portal's standard columns (法定主动公开内容, 年度报告, the 指南's channels):
// the same notion of "public" as public-items.ts — not withdrawn, each item in the latest version
// whose publication time has come, checked against the clock at every read.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { beijingYearInstants, shanghaiDate } from '../kernel/civil-date.ts';
import { CHANNEL_IDS, type Channel, isChannel } from './item.ts';

function currentVersions(db: Kysely<DB>, agencyId: string, iso: string) {
  return db
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosure_items as i', 'i.id', 'v.item_id')
    .where('i.withdrawn_at', 'is', null)
    .where('v.agency_id', '=', agencyId)
    .where('v.published_at', '<=', iso)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('disclosure_versions as v2')
          .select((e) => e.fn.max('v2.version').as('m'))
          .whereRef('v2.item_id', '=', 'v.item_id')
          .where('v2.published_at', '<=', iso),
      ),
    );
}

/**
 * The agency's public items per category code (categories without items are absent), each under
 * the category of its latest public version; with `firstPublishedIn`, only the items first
 * published in that Beijing year (the portal's channel count of the year, so they add up to it).
 */
export async function countPublishedByCategory(
  db: Kysely<DB>,
  agencyId: string,
  now: Date,
  firstPublishedIn?: number,
): Promise<Map<string, number>> {
  let query = currentVersions(db, agencyId, now.toISOString());
  if (firstPublishedIn !== undefined) {
    const { from, to } = beijingYearInstants(firstPublishedIn);
    query = query.where('i.first_published_at', '>=', from).where('i.first_published_at', '<', to);
  }
  const rows = await query
    .select(['v.category_code', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('v.category_code')
    .execute();
  return new Map(rows.map((row) => [row.category_code, Number(row.n)]));
}

export interface AnnualReportEntry {
  id: string;
  title: string;
  indexNumber: string;
  publishedOn: string;
  /** The report year read from the title (e.g. 2025年…年度报告), else null. */
  year: number | null;
}

export const MAX_ANNUAL_REPORTS = 100;

/** The 4-digit year a report's title names first (2025年政府信息公开工作年度报告 → 2025). */
export function reportYear(title: string): number | null {
  const m = /((?:19|20)\d{2})\s*年/.exec(title);
  return m ? Number(m[1]) : null;
}

/**
 * The agency's public items that are annual reports: the title contains 年度报告, or the item is
 * filed under one of `categoryCodes` (the agency's 年报 categories). Newest report year first,
 * then the newest publication.
 */
export async function listPublishedAnnualReports(
  db: Kysely<DB>,
  agencyId: string,
  now: Date,
  categoryCodes: readonly string[],
): Promise<AnnualReportEntry[]> {
  const rows = await currentVersions(db, agencyId, now.toISOString())
    .where((eb) =>
      categoryCodes.length === 0
        ? eb('v.title', 'like', '%年度报告%')
        : eb.or([eb('v.title', 'like', '%年度报告%'), eb('v.category_code', 'in', [...categoryCodes])]),
    )
    .select(['v.item_id', 'v.title', 'i.index_number', 'i.first_published_at', 'v.published_on'])
    .orderBy('i.first_published_at', 'desc')
    .orderBy('v.item_id')
    .limit(MAX_ANNUAL_REPORTS)
    .execute();
  const entries = rows.map((row) => ({
    id: row.item_id,
    title: row.title,
    indexNumber: row.index_number ?? '',
    publishedOn: row.first_published_at
      ? shanghaiDate(new Date(row.first_published_at))
      : (row.published_on ?? ''),
    year: reportYear(row.title),
  }));
  // Stable: equal years keep the newest publication first.
  return entries.sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
}

/** The channels besides the portal the agency has registered publications on, in CHANNELS order. */
export async function registeredChannels(db: Kysely<DB>, agencyId: string): Promise<Channel[]> {
  const rows = await db
    .selectFrom('disclosure_channel_records')
    .select('channel')
    .distinct()
    .where('agency_id', '=', agencyId)
    .execute();
  const found = new Set(rows.map((row) => row.channel).filter(isChannel));
  return CHANNEL_IDS.filter((c) => c !== 'portal' && found.has(c));
}
