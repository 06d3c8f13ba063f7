// 承留镇's 2022, so that the report built from the data for 2022 equals the town's published report
// (../shared/seed) and its narrative can state true numbers: the one application (table 三), the
// 259 website items in the catalogue's columns and the 645 posts of the WeChat account (section
// 一), table 二 coming from demo-normative.ts and table 四 staying empty (no 复议, no 诉讼).
// Everything goes through the use cases, so audit, derived columns, letters and the search index
// are what they would be had the clerks entered it. Idempotent item by item (by title or link).
import { type Actor, offlinePrincipal, type Principal, type UseCaseContext } from '../agencies/index.ts';
import { OUTCOMES, recordApplicationEvent, registerApplication } from '../applications/index.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  listCatalogue,
  publish,
  registerExternalPublication,
  saveCategory,
  signReview,
  submitForReview,
} from '../disclosures/index.ts';
import { residentIdCheckCharacter } from '../kernel/resident-id.ts';
import {
  DEMO_2022_ITEMS,
  DEMO_2022_WECHAT,
  DEMO_YEAR,
  type DemoPortalItem,
  OWN_CATEGORY_NAMES,
  type OwnCategoryKey,
} from './demo-2022-data.ts';
import type { DemoStaff } from './demo-items.ts';

export interface Demo2022Result {
  applications: number;
  items: number;
  wechatPosts: number;
}

/**
 * Table 三 of the seed: nothing new in 2022, one application of a 自然人 carried over from 2021 and
 * decided 予以公开 in 2022, nothing carried into 2023. The report's narrative says the town
 * “通过邮件新收” one application in 2022: it came by e-mail on the last day of 2021 (a Friday),
 * which is why the table counts it as carried over. Its 20 working days run from 4 January 2022
 * (1–3 January are the 元旦 holiday), so no day of 2021 is counted and the deadline is not
 * provisional; it is answered on 14 January, well within them.
 */
const APPLICATION = {
  receivedOn: `${DEMO_YEAR - 1}-12-31`,
  applicant: {
    applicantType: 'naturalPerson' as const,
    name: '刘文华',
    idKind: 'id_card' as const,
    idNumber: `41900119750812301${residentIdCheckCharacter('41900119750812301')}`,
    phone: '13783901234',
    email: 'liuwenhua@example.com',
    address: '河南省济源示范区承留镇南勋村',
  },
  request: {
    description: '承留镇2021年度农村人居环境整治专项资金的使用情况',
    deliveryForm: 'electronic' as const,
    deliveryChannel: 'email' as const,
  },
  decidedOn: `${DEMO_YEAR}-01-14`,
  archivedOn: `${DEMO_YEAR}-01-21`,
};

async function seedApplication(ctx: UseCaseContext, actor: Actor, agencyId: string): Promise<number> {
  // Any application of the town received before 2023 is this one: the rest of the demo is dated
  // relative to today.
  const existing = await ctx.db
    .selectFrom('applications')
    .select('id')
    .where('agency_id', '=', agencyId)
    .where('received_on', '<=', `${DEMO_YEAR}-12-31`)
    .limit(1)
    .execute();
  if (existing.length > 0) return 0;
  // A clerk registering a past e-mail: the use cases take past dates; the audit says when it was entered.
  const { applicationId } = await registerApplication(ctx, actor, {
    agencyId,
    channel: 'email',
    receivedOn: APPLICATION.receivedOn,
    applicant: APPLICATION.applicant,
    request: APPLICATION.request,
  });
  const granted = OUTCOMES.find((o) => o.code === 'granted')!;
  await recordApplicationEvent(ctx, actor, applicationId, {
    type: 'decided',
    at: APPLICATION.decidedOn,
    outcome: 'granted',
    legalBasis: granted.basis,
  } as never);
  await recordApplicationEvent(ctx, actor, applicationId, {
    type: 'reply_delivered',
    at: APPLICATION.decidedOn,
  });
  await recordApplicationEvent(ctx, actor, applicationId, { type: 'archived', at: APPLICATION.archivedOn });
  return 1;
}

/** The codes of the town's own categories, created (by the editor, whose role it is) if missing. */
async function ownCategories(
  ctx: UseCaseContext,
  editor: Principal,
  agencyId: string,
): Promise<Record<OwnCategoryKey, string>> {
  const codes = {} as Record<OwnCategoryKey, string>;
  for (const [key, name] of Object.entries(OWN_CATEGORY_NAMES) as [OwnCategoryKey, string][]) {
    const found = (await listCatalogue(ctx.db, agencyId)).find((c) => c.name === name && !c.hidden);
    codes[key] = found ? found.code : (await saveCategory(ctx, editor, { agencyId, name })).code;
  }
  return codes;
}

/** Beijing time on a civil date. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/**
 * One website item through the whole workflow, each step by its role and at its time in 2022: the
 * draft and its submission on the 成文日期, 保密审查, approval and publication the next working
 * day. The context's clock is set per step, so that the 索引号, the publication date, the
 * 条例第二十六条 clock and the audit record carry 2022 (the portal counts an item in the year of its
 * first publication).
 */
async function seedItem(
  ctx: UseCaseContext,
  staff: { editor: Principal; reviewer: Principal; approver: Principal },
  agencyId: string,
  categoryCode: string,
  item: DemoPortalItem,
): Promise<void> {
  const when = (date: string, time: string): UseCaseContext => ({ ...ctx, now: () => at(date, time) });
  const { itemId } = await createDraft(when(item.formedOn, '09:30'), staff.editor, {
    agencyId,
    content: {
      title: item.title,
      documentNumber: item.documentNumber,
      formedOn: item.formedOn,
      categoryCode,
      theme: item.theme,
      validity: 'valid',
      summary: item.summary,
      bodyHtml: item.bodyHtml,
      keywords: item.keywords,
    },
  });
  await submitForReview(when(item.formedOn, '10:00'), staff.editor, itemId);
  await signReview(when(item.publishedOn, '09:30'), staff.reviewer, itemId, { checklist: CHECKLIST_IDS });
  await approve(when(item.publishedOn, '10:30'), staff.approver, itemId);
  await publish(when(item.publishedOn, '15:00'), staff.approver, itemId);
}

export async function seedDemo2022(
  ctx: UseCaseContext,
  seedActor: Actor,
  usernames: DemoStaff,
  agencyId: string,
): Promise<Demo2022Result> {
  const as = async (username: string): Promise<Principal> => {
    const principal = await offlinePrincipal(ctx.db, username);
    if (!principal) throw new Error(`demo account ${username} is missing or disabled`);
    return principal;
  };
  const staff = {
    editor: await as(usernames.editor),
    reviewer: await as(usernames.reviewer),
    approver: await as(usernames.approver),
  };
  const result: Demo2022Result = { applications: 0, items: 0, wechatPosts: 0 };
  result.applications = await seedApplication(ctx, seedActor, agencyId);

  const own = await ownCategories(ctx, staff.editor, agencyId);
  // By title among the items formed in 2022, whatever their state: never made twice.
  const made = new Set(
    (
      await ctx.db
        .selectFrom('disclosure_items')
        .select('title')
        .where('agency_id', '=', agencyId)
        .where('formed_on', '>=', `${DEMO_YEAR}-01-01`)
        .where('formed_on', '<=', `${DEMO_YEAR}-12-31`)
        .execute()
    ).map((r) => r.title),
  );
  for (const item of DEMO_2022_ITEMS) {
    if (made.has(item.title)) continue;
    const code = typeof item.category === 'string' ? item.category : own[item.category.own];
    await seedItem(ctx, staff, agencyId, code, item);
    result.items++;
  }

  const registered = new Set(
    (
      await ctx.db
        .selectFrom('disclosure_channel_records')
        .select('url')
        .where('agency_id', '=', agencyId)
        .where('channel', '=', 'wechat')
        .execute()
    ).map((r) => r.url),
  );
  for (const post of DEMO_2022_WECHAT) {
    if (registered.has(post.url)) continue;
    // Registered after the fact, as an editor keeps the channel counts complete: dated by the post.
    await registerExternalPublication(ctx, staff.editor, {
      agencyId,
      channel: 'wechat',
      title: post.title,
      url: post.url,
      publishedOn: post.publishedOn,
    });
    result.wechatPosts++;
  }
  return result;
}
