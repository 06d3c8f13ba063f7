// Channel records: items published elsewhere than the portal (the WeChat 公众号, 微博, the 公报 …)
// are registered with their channel, link and date so that the year's counts per channel are
// complete. The portal's count is the agency's items first published that year (withdrawn ones
// excluded: they are no longer public).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Actor, loadAgencyTree, requireRole, type UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { isCivilDate } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { beijingYearInstants, shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { findChannelRecordByUrl, findItem, insertChannelRecord } from './disclosure.repository.ts';
import { CHANNEL_IDS, CHANNELS, type Channel, isChannel } from './item.ts';
import { userIdOf } from './item-shell.ts';
import { plainText } from './rich-text.ts';

/** Channels whose publications are web pages: a link is required. */
export const LINKED_CHANNELS: readonly Channel[] = ['wechat', 'weibo', 'app', 'other'];

export interface ExternalPublicationInput {
  agencyId: string;
  channel: string;
  title: string;
  url?: string | null;
  publishedOn: string;
  /** The portal item it repeats, if any. */
  itemId?: string | null;
}

/** Problems with a registration (pure), in Chinese; `today` bounds the date. */
export function externalPublicationProblems(
  input: ExternalPublicationInput,
  today: string,
): { problems: string[]; title: string; url: string | null } {
  const problems: string[] = [];
  if (!isChannel(input.channel) || input.channel === 'portal')
    problems.push(
      `渠道只能是${CHANNEL_IDS.filter((c) => c !== 'portal')
        .map((c) => CHANNELS[c])
        .join('、')}`,
    );
  const title = plainText(input.title ?? '');
  if (title === '') problems.push('请填写标题');
  else if ([...title].length > 200) problems.push('标题不能超过200个字');
  let url: string | null = null;
  const rawUrl = (input.url ?? '').trim();
  if (rawUrl !== '') {
    try {
      const parsed = new URL(rawUrl);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
      url = parsed.toString();
      if (url.length > 2000) problems.push('链接过长');
    } catch {
      problems.push('链接必须是以 http:// 或 https:// 开头的网址');
    }
  } else if (isChannel(input.channel) && LINKED_CHANNELS.includes(input.channel))
    problems.push('请填写发布链接');
  if (!isCivilDate(input.publishedOn ?? '')) problems.push('发布日期不是有效日期（YYYY-MM-DD）');
  else if (input.publishedOn > today) problems.push(`发布日期不能晚于今天（${today}）`);
  return { problems, title, url };
}

export async function registerExternalPublication(
  ctx: UseCaseContext,
  actor: Actor,
  input: ExternalPublicationInput,
): Promise<{ id: string }> {
  requireRole(actor, ['editor'], input.agencyId, await loadAgencyTree(ctx.db), '机构');
  const now = ctx.now();
  const { problems, title, url } = externalPublicationProblems(input, shanghaiDate(now));
  if (input.itemId) {
    const item = await findItem(ctx.db, input.itemId);
    if (!item || item.agency_id !== input.agencyId) problems.push('关联的信息不存在');
  }
  if (problems.length > 0)
    throw new DomainError('input.invalid', problems.join('；'), {
      problems,
      userMessage: problems.join('；'),
    });
  if (url && (await findChannelRecordByUrl(ctx.db, input.agencyId, input.channel, url))) {
    const message = '该链接已经登记过';
    throw new DomainError('conflict.exists', message, { userMessage: message });
  }
  const id = randomUUID();
  const iso = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertChannelRecord(trx, {
      id,
      agency_id: input.agencyId,
      item_id: input.itemId ?? null,
      channel: input.channel,
      title,
      url,
      published_on: input.publishedOn,
      created_by: userIdOf(actor),
      created_at: iso,
    });
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: input.agencyId,
        action: 'disclosure.channel_registered',
        objectType: 'disclosure_channel_record',
        objectId: id,
        result: 'ok',
        details: {
          channel: input.channel,
          publishedOn: input.publishedOn,
          ...(input.itemId ? { itemId: input.itemId } : {}),
        },
      },
      iso,
    );
  });
  return { id };
}

export type ChannelCounts = Record<Channel, number>;

/**
 * Publications of the agency in the year per channel: the portal's items first published that
 * year (scheduled ones only once their time has come before `now`, when given) and not withdrawn,
 * plus every registered record dated in the year.
 */
export async function channelCounts(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
  now?: Date,
): Promise<ChannelCounts> {
  const counts = Object.fromEntries(CHANNEL_IDS.map((c) => [c, 0])) as ChannelCounts;
  // first_published_at is UTC; the year is Beijing's: 00:00 on 1 January is 16:00 UTC the day before.
  const { from, to } = beijingYearInstants(year);
  let portal = db
    .selectFrom('disclosure_items')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('agency_id', '=', agencyId)
    .where('withdrawn_at', 'is', null)
    .where('first_published_at', '>=', from)
    .where('first_published_at', '<', to);
  if (now) portal = portal.where('first_published_at', '<=', now.toISOString());
  counts.portal = Number((await portal.executeTakeFirstOrThrow()).n);
  const rows = await db
    .selectFrom('disclosure_channel_records')
    .select(['channel', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('agency_id', '=', agencyId)
    .where('published_on', '>=', `${year}-01-01`)
    .where('published_on', '<=', `${year}-12-31`)
    .groupBy('channel')
    .execute();
  for (const row of rows) if (isChannel(row.channel)) counts[row.channel] += Number(row.n);
  return counts;
}

/** A registered publication elsewhere, as the back office lists it. */
export interface ExternalPublication {
  id: string;
  channel: Channel;
  title: string;
  url: string | null;
  publishedOn: string;
  /** The portal item it repeats, with that item's working title. */
  item: { id: string; title: string } | null;
  /** Who registered it (null: a user since removed, or the system). */
  registeredBy: string | null;
  registeredAt: string;
}

/** The most registrations one list shows (the newest); the counts are always complete. */
export const MAX_EXTERNAL_PUBLICATIONS = 1000;

/**
 * The agency's registrations dated in the year, newest first, at most `limit` of them; `more` says
 * there were others.
 */
export async function listExternalPublications(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
  limit = MAX_EXTERNAL_PUBLICATIONS,
): Promise<{ publications: ExternalPublication[]; more: boolean }> {
  const rows = await db
    .selectFrom('disclosure_channel_records as r')
    .leftJoin('disclosure_items as i', (join) =>
      join.onRef('i.id', '=', 'r.item_id').onRef('i.agency_id', '=', 'r.agency_id'),
    )
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select([
      'r.id',
      'r.channel',
      'r.title',
      'r.url',
      'r.published_on',
      'r.item_id',
      'r.created_at',
      'i.title as item_title',
      'u.display_name',
    ])
    .where('r.agency_id', '=', agencyId)
    .where('r.published_on', '>=', `${year}-01-01`)
    .where('r.published_on', '<=', `${year}-12-31`)
    .orderBy('r.published_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(limit + 1)
    .execute();
  const publications = rows.slice(0, limit).flatMap((row): ExternalPublication[] =>
    isChannel(row.channel)
      ? [
          {
            id: row.id,
            channel: row.channel,
            title: row.title,
            url: row.url,
            publishedOn: row.published_on,
            item:
              row.item_id !== null && row.item_title !== null
                ? { id: row.item_id, title: row.item_title }
                : null,
            registeredBy: row.display_name ?? null,
            registeredAt: row.created_at,
          },
        ]
      : [],
  );
  return { publications, more: rows.length > limit };
}
