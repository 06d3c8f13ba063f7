// The facts an annual report is drafted from, read from the database for one agency and year:
// tables 二, 三, 四 from their builders, the year's publications per channel (channelCounts) and per
// catalogue category, and the 信息处理费 notices and payments from the applications' events.
// Publications follow channelCounts' year rules: the Beijing year, withdrawn items excluded,
// scheduled ones only once their time has come before `now`. The 便民服务大厅's figures come from the
// same grouped query the batched build and the supervisor's dashboard use (serviceStatisticsOf).
import type { Kysely } from 'kysely';
import { getPublicAgency } from '../agencies/index.ts';
import { table4Of } from '../appeals/index.ts';
import { table3Of } from '../applications/index.ts';
import type { DB } from '../db/schema.ts';
import {
  CHANNEL_IDS,
  CHANNELS,
  channelCounts,
  countPublishedByCategory,
  listCatalogue,
} from '../disclosures/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { table2Of } from '../normative/index.ts';
import type {
  FeeFacts,
  PublicationCount,
  PublicationFacts,
  ReportFacts,
  ServiceFacts,
} from '../reports/draft/index.ts';
import { DISSATISFIED_LEVELS, type ServiceStatistics, serviceStatisticsOf } from '../services/index.ts';

/** The events of an application that make the 信息处理费 sentence of section 六. */
export const FEE_EVENTS = ['fee_notice_sent', 'fee_paid'] as const;

/**
 * 收费通知 sent in the year, and the amounts paid in the year (each payment is of the notice before it
 * in the same application, which may date from the year before).
 */
export async function feeFactsOf(db: Kysely<DB>, agencyId: string, year: number): Promise<FeeFacts> {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const rows = await db
    .selectFrom('application_events as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select(['e.application_id', 'e.seq', 'e.type', 'e.at', 'e.data'])
    .where('a.agency_id', '=', agencyId)
    .where('e.type', 'in', [...FEE_EVENTS])
    .where('e.at', '<=', last)
    // Only this agency's applications: unbounded, the subquery read every agency's events.
    .where('e.application_id', 'in', (eb) =>
      eb
        .selectFrom('application_events as y')
        .innerJoin('applications as ya', 'ya.id', 'y.application_id')
        .select('y.application_id')
        .where('ya.agency_id', '=', agencyId)
        .where('y.type', 'in', [...FEE_EVENTS])
        .where('y.at', '>=', first)
        .where('y.at', '<=', last),
    )
    .orderBy('e.application_id')
    .orderBy('e.seq')
    .execute();
  let noticesIssued = 0;
  let amountCollectedYuan = 0;
  let application: string | null = null;
  let noticeAmount = 0;
  for (const row of rows) {
    if (row.application_id !== application) {
      application = row.application_id;
      noticeAmount = 0;
    }
    const inYear = row.at >= first;
    if (row.type === 'fee_notice_sent') {
      noticeAmount = Number((JSON.parse(row.data) as { amount?: unknown }).amount);
      if (!Number.isFinite(noticeAmount)) throw new Error(`fee notice without amount: ${row.application_id}`);
      if (inYear) noticesIssued += 1;
    } else if (inYear) {
      amountCollectedYuan += noticeAmount;
    }
  }
  return { noticesIssued, amountCollectedYuan };
}

/** Channel labels as the report's prose uses them (其他 alone would read oddly in a list). */
export function channelLabel(channel: (typeof CHANNEL_IDS)[number]): string {
  return channel === 'other' ? '其他渠道' : CHANNELS[channel];
}

export async function publicationFactsOf(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
  now: Date,
): Promise<PublicationFacts> {
  const counts = await channelCounts(db, agencyId, year, now);
  const channels: PublicationCount[] = CHANNEL_IDS.map((c) => ({
    key: c,
    label: channelLabel(c),
    count: counts[c],
  }));
  // The portal's items first published in the year, each under its latest public version's category:
  // the same items as the portal's channel count, so the categories add up to it.
  const byCategory = await countPublishedByCategory(db, agencyId, now, year);
  const catalogue = await listCatalogue(db, agencyId);
  const categories: PublicationCount[] = [];
  for (const category of catalogue) {
    const count = byCategory.get(category.code);
    if (count) categories.push({ key: category.code, label: category.name, count });
    byCategory.delete(category.code);
  }
  // Codes outside the agency's catalogue (a default of another kind of agency): named by their code.
  for (const [code, count] of [...byCategory].sort(([a], [b]) => (a < b ? -1 : 1)))
    categories.push({ key: code, label: code, count });
  return { total: channels.reduce((a, c) => a + c.count, 0), channels, categories };
}

/** The service hall's statistics as the report's sentence needs them. */
export function serviceFactsOf(statistics: ServiceStatistics | undefined): ServiceFacts {
  if (statistics === undefined)
    return {
      windows: 0,
      townItems: 0,
      villageItems: 0,
      ratings: 0,
      dissatisfied: 0,
      complaints: 0,
      complaintsOnTime: 0,
    };
  return {
    windows: statistics.windows,
    townItems: statistics.items.byLevel.town,
    villageItems: statistics.items.byLevel.village,
    ratings: statistics.ratings.total,
    dissatisfied: DISSATISFIED_LEVELS.reduce((a, level) => a + statistics.ratings.byLevel[level], 0),
    complaints: statistics.complaints.received,
    complaintsOnTime: statistics.complaints.answeredOnTime,
  };
}

/** Everything the draft of the agency's report for the year needs. */
export async function loadReportFacts(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
  now: Date,
): Promise<ReportFacts> {
  const agency = await getPublicAgency(db, agencyId);
  if (!agency) throw new DomainError('access.not_found', '机构不存在', { userMessage: '机构不存在' });
  return {
    body: agency.name,
    agencyKind: agency.kind,
    year,
    // The national format of 国办公开办函〔2021〕30号; the tables of the data are kept in its layout.
    format: '2021',
    table2: await table2Of(db, agencyId, year, '2021'),
    table3: await table3Of(db, agencyId, year, '2021'),
    table4: await table4Of(db, agencyId, year),
    publications: await publicationFactsOf(db, agencyId, year, now),
    fees: await feeFactsOf(db, agencyId, year),
    services: serviceFactsOf((await serviceStatisticsOf(db, [agencyId], year, now)).get(agencyId)),
  };
}
