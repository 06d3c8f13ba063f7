// Demonstration 主动公开 for 承留镇, dated relative to today, so that the portal has content and the
// back office shows every state of the review workflow: published items in several categories (one
// with an attachment, one whose 身份证号 the review redacted), an item also posted on the WeChat
// account, one scheduled for tomorrow, one waiting for 保密审查, an old draft past the 20 working days
// of 条例第二十六条, and a withdrawn one. Idempotent: nothing is added when the town has items.
import { offlinePrincipal, type Principal, type UseCaseContext } from '../agencies/index.ts';
import {
  approve,
  CHECKLIST_IDS,
  type ContentInput,
  createDraft,
  publish,
  redactItem,
  registerExternalPublication,
  signReview,
  submitForReview,
  withdraw,
} from '../disclosures/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { residentIdCheckCharacter } from '../kernel/resident-id.ts';

function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** A one-page PDF (text “Demo”), enough to be served and opened. */
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
    '4 0 obj<</Length 44>>stream\nBT /F1 24 Tf 72 72 Td (Demo) Tj ET\nendstream endobj\n' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

const LOW_INCOME_ID = `41900119600101001${residentIdCheckCharacter('41900119600101001')}`;

type Fate = 'published' | 'redacted' | 'scheduled' | 'submitted' | 'draft' | 'withdrawn';

interface DemoItem {
  fate: Fate;
  formedDaysAgo: number;
  content: Omit<ContentInput, 'formedOn'>;
  attachment?: string;
  /** Also posted on the 政务微信公众号 (registered so that channel counts are complete). */
  wechat?: boolean;
}

const DEMO_ITEMS: readonly DemoItem[] = [
  {
    fate: 'published',
    formedDaysAgo: 12,
    attachment: '2026年农村危房改造补助对象名单.pdf',
    content: {
      title: '承留镇2026年农村危房改造补助对象公示',
      documentNumber: '承政〔2026〕5号',
      categoryCode: 'JC08',
      theme: '城乡建设、环境保护',
      validity: 'valid',
      summary: '公示2026年第一批农村危房改造补助对象，公示期5个工作日。',
      bodyHtml:
        '<p>根据《济源示范区2026年农村危房改造实施方案》，经农户申请、村级评议、镇级审核，现将第一批补助对象公示如下（名单见附件）。</p><p>公示期为5个工作日。对公示对象有异议的，可向镇村镇建设办公室反映。</p>',
      keywords: '危房改造，补助，公示',
    },
  },
  {
    fate: 'published',
    formedDaysAgo: 8,
    wechat: true,
    content: {
      title: '承留镇关于做好2026年秸秆禁烧和综合利用工作的通知',
      documentNumber: '承政〔2026〕7号',
      categoryCode: 'JC23',
      theme: '城乡建设、环境保护',
      validity: 'valid',
      summary: '部署全镇秸秆禁烧网格化管理和综合利用工作。',
      bodyHtml:
        '<p>各村（社区）、镇直各单位：</p><p>为改善空气质量，现就做好秸秆禁烧和综合利用工作通知如下：</p><ol><li>实行镇、村、组三级网格化管理，责任到人。</li><li>推广秸秆还田、饲料化和能源化利用。</li><li>对露天焚烧秸秆的，依法予以处理。</li></ol>',
      keywords: '秸秆禁烧，综合利用，网格化',
    },
  },
  {
    fate: 'published',
    formedDaysAgo: 20,
    content: {
      title: '承留镇2025年财政预算执行情况和2026年财政预算',
      documentNumber: '',
      categoryCode: 'FD07',
      theme: '财政、金融、审计',
      validity: 'valid',
      summary: '2025年一般公共预算收支执行情况和2026年预算安排。',
      bodyHtml:
        '<table><thead><tr><th>项目</th><th>2025年执行数（万元）</th><th>2026年预算数（万元）</th></tr></thead><tbody><tr><td>一般公共预算收入</td><td>3,216.4</td><td>3,380.0</td></tr><tr><td>一般公共预算支出</td><td>5,874.9</td><td>6,012.5</td></tr></tbody></table>',
      keywords: '财政预算，决算',
    },
  },
  {
    fate: 'redacted',
    formedDaysAgo: 6,
    content: {
      title: '承留镇2026年第一批城乡居民最低生活保障新增对象公示',
      documentNumber: '',
      categoryCode: 'JC12',
      theme: '民政、扶贫、救灾',
      validity: 'valid',
      summary: '公示2026年第一批新增低保对象。',
      // The review finds the identity number and the phone and redacts them before publication.
      bodyHtml: `<p>南勋村：王某某，家庭人口3人，身份证号${LOW_INCOME_ID}，联系电话13803890001。</p><p>公示期7天，监督电话由镇民政所受理。</p>`,
      keywords: '低保，社会救助，公示',
    },
  },
  {
    fate: 'withdrawn',
    formedDaysAgo: 30,
    content: {
      title: '承留镇2026年春季植树造林工作安排（已更正）',
      documentNumber: '',
      categoryCode: 'JC23',
      theme: '城乡建设、环境保护',
      validity: 'valid',
      summary: '春季植树造林任务分解。',
      bodyHtml: '<p>各村按照任务分解表完成春季植树造林任务。</p>',
      keywords: '植树造林',
    },
  },
  {
    fate: 'scheduled',
    formedDaysAgo: 2,
    content: {
      title: '承留镇2026年度政府集中采购目录执行情况',
      documentNumber: '',
      categoryCode: 'FD09',
      theme: '财政、金融、审计',
      validity: 'valid',
      summary: '本年度政府集中采购项目执行情况。',
      bodyHtml: '<p>本年度共执行政府集中采购项目6项，采购金额合计248.6万元。</p>',
      keywords: '政府采购',
    },
  },
  {
    fate: 'submitted',
    formedDaysAgo: 3,
    content: {
      title: '承留镇2026年农村公益性岗位招聘公告',
      documentNumber: '',
      categoryCode: 'JC20',
      theme: '劳动、人事、监察',
      validity: 'valid',
      summary: '招聘农村公益性岗位人员12名。',
      bodyHtml: '<p>招聘岗位：保洁、护林、水利设施管护，共12名。报名时间：自公告之日起5个工作日内。</p>',
      keywords: '公益性岗位，招聘，就业',
    },
  },
  {
    fate: 'draft',
    formedDaysAgo: 45,
    content: {
      title: '承留镇2026年上半年安全生产检查情况通报',
      documentNumber: '',
      categoryCode: 'JC04',
      theme: '市场监管、安全生产监管',
      validity: 'valid',
      summary: '上半年安全生产大检查发现问题及整改情况。',
      bodyHtml: '<p>上半年共检查企业36家，发现隐患52处，已整改49处。</p>',
      keywords: '安全生产，检查',
    },
  },
];

/** The demo accounts of the workflow: each step is done by the person whose role it is. */
export interface DemoStaff {
  editor: string;
  reviewer: string;
  approver: string;
}

export async function seedDemoItems(
  ctx: UseCaseContext,
  usernames: DemoStaff,
  agencyId: string,
): Promise<number> {
  const existing = await ctx.db
    .selectFrom('disclosure_items')
    .select('id')
    .where('agency_id', '=', agencyId)
    .limit(1)
    .execute();
  if (existing.length > 0) return 0;
  const as = async (username: string): Promise<Principal> => {
    const principal = await offlinePrincipal(ctx.db, username);
    if (!principal) throw new Error(`demo account ${username} is missing or disabled`);
    return principal;
  };
  const editor = await as(usernames.editor);
  const reviewer = await as(usernames.reviewer);
  const approver = await as(usernames.approver);
  const today = shanghaiDate(ctx.now());
  for (const demo of DEMO_ITEMS) {
    const { itemId } = await createDraft(ctx, editor, {
      agencyId,
      content: { ...demo.content, formedOn: daysBefore(today, demo.formedDaysAgo) },
      ...(demo.attachment ? { attachments: [{ filename: demo.attachment, content: DEMO_PDF }] } : {}),
    });
    if (demo.fate === 'draft') continue;
    await submitForReview(ctx, editor, itemId);
    if (demo.fate === 'submitted') continue;
    if (demo.fate === 'redacted') await redactItem(ctx, reviewer, itemId);
    await signReview(ctx, reviewer, itemId, { checklist: CHECKLIST_IDS });
    await approve(ctx, approver, itemId);
    const tomorrowNine = new Date(`${daysBefore(today, -1)}T09:00:00+08:00`).toISOString();
    await publish(ctx, approver, itemId, demo.fate === 'scheduled' ? { publishAt: tomorrowNine } : {});
    if (demo.fate === 'withdrawn')
      await withdraw(ctx, approver, itemId, { reason: '任务分解表有误，更正后重新发布。' });
    if (demo.wechat)
      await registerExternalPublication(ctx, editor, {
        agencyId,
        channel: 'wechat',
        title: demo.content.title,
        url: 'https://mp.weixin.qq.com/s/chengliu-demo-straw',
        publishedOn: today,
        itemId,
      });
  }
  return DEMO_ITEMS.length;
}
