// The forms of the back office's 主动公开 pages as plain data (pure): what each form sends, read
// and checked before any use case runs. The content itself (title, dates, the body's HTML) is
// checked and normalised by the disclosures core; this only reads the fields, refuses what cannot
// be a value (control characters, a missing form version) and says so in Chinese. Also: which forms
// an item's state and the user's roles allow, and the list page's filters.
import {
  CHANNEL_IDS,
  CHANNELS,
  type ContentInput,
  type ItemPhase,
  type Justification,
  PHASE_LABELS,
  type PublicationStatus,
  parsePublishAt,
} from '../../disclosures/index.ts';
import { type FormFields, fieldValue, fieldValues } from './application-forms.ts';

/** The content fields of the draft form, in the order of the form. */
export const CONTENT_FIELDS = [
  'title',
  'documentNumber',
  'formedOn',
  'categoryCode',
  'theme',
  'validity',
  'summary',
  'bodyHtml',
  'keywords',
] as const;

/** Every text field the draft form sends (multipart: the files come apart). */
export const DRAFT_FIELDS: readonly string[] = [...CONTENT_FIELDS, 'expectedEventCount', 'removeAttachment'];

/** The attachments' field of the multipart draft form. */
export const ATTACHMENT_FIELD = 'attachments';

/** Longest value of one field read from a form (the body's own limit is the core's). */
export const MAX_FIELD = 600_000;

// C0 controls but tab, newline and carriage return; DEL. A NUL never reaches the database.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface Parsed<T> {
  value: T;
  problems: string[];
}

function controlProblem(form: FormFields, names: readonly string[]): string[] {
  for (const name of names)
    for (const v of fieldValues(form, name)) {
      if (CONTROL.test(v)) return ['提交的内容含有无效字符（控制字符），请检查后重新提交。'];
      if (v.length > MAX_FIELD) return ['提交的内容过长，请检查后重新提交。'];
    }
  return [];
}

/** The form version: the item's event count when the page was shown. */
export function parseEventCount(form: FormFields): { count: number | null; problems: string[] } {
  const raw = fieldValue(form, 'expectedEventCount').trim();
  if (!/^\d{1,9}$/.test(raw)) return { count: null, problems: ['表单缺少版本信息，请刷新页面后重新提交。'] };
  return { count: Number(raw), problems: [] };
}

/** The draft form's content, as the core's ContentInput; the core checks the values. */
export function parseContentForm(form: FormFields): Parsed<ContentInput> {
  const problems = controlProblem(form, CONTENT_FIELDS);
  const v = (name: (typeof CONTENT_FIELDS)[number]) => fieldValue(form, name);
  return {
    value: {
      title: v('title'),
      documentNumber: v('documentNumber'),
      formedOn: v('formedOn').trim(),
      categoryCode: v('categoryCode').trim(),
      theme: v('theme').trim() || null,
      validity: v('validity').trim() || 'valid',
      summary: v('summary'),
      bodyHtml: v('bodyHtml'),
      keywords: v('keywords'),
    },
    problems,
  };
}

export interface DraftEdit {
  content: ContentInput;
  expectedEventCount: number;
  removeAttachmentIds: string[];
}

/** The edit form of a draft: its content, the attachments to remove, and the form version. */
export function parseDraftEditForm(form: FormFields): Parsed<DraftEdit | null> {
  const content = parseContentForm(form);
  const count = parseEventCount(form);
  const remove = fieldValues(form, 'removeAttachment').filter((id) => id.trim() !== '');
  const problems = [...count.problems, ...content.problems];
  if (remove.length > 50 || remove.some((id) => id.length > 100)) problems.push('要删除的附件有误');
  if (problems.length > 0 || count.count === null) return { value: null, problems };
  return {
    value: {
      content: content.value,
      expectedEventCount: count.count,
      removeAttachmentIds: [...new Set(remove)],
    },
    problems,
  };
}

/** A form that only confirms a step (submit, redact, approve, revise): its version. */
export function parseStepForm(form: FormFields): Parsed<{ expectedEventCount: number } | null> {
  const count = parseEventCount(form);
  return count.count === null
    ? { value: null, problems: count.problems }
    : { value: { expectedEventCount: count.count }, problems: [] };
}

/** Longest reason (退回, 撤回, 说明理由) read here; the core's own limit is 500 characters. */
export const MAX_REASON_FIELD = 2000;

/** 退回修改 and 撤回: a reason and the version. */
export function parseReasonForm(
  form: FormFields,
  what: string,
): Parsed<{ reason: string; expectedEventCount: number } | null> {
  const count = parseEventCount(form);
  const reason = fieldValue(form, 'reason').trim();
  const problems = [...count.problems, ...controlProblem(form, ['reason'])];
  if (reason === '') problems.push(`请填写${what}`);
  else if ([...reason].length > 500) problems.push(`${what}不能超过500个字`);
  if (problems.length > 0 || count.count === null) return { value: null, problems };
  return { value: { reason, expectedEventCount: count.count }, problems };
}

export interface ReviewSignature {
  checklist: string[];
  justifications: Justification[];
  expectedEventCount: number;
}

/**
 * The 保密审查 form: the confirmed checklist items (`checklist`, repeated) and, per finding shown,
 * its key (`findingKey`) and a reason (`findingReason`) in the same order; a blank reason leaves
 * the finding unjustified (the core then refuses the signature while it is in the text).
 */
export function parseReviewForm(form: FormFields): Parsed<ReviewSignature | null> {
  const count = parseEventCount(form);
  const problems = [...count.problems, ...controlProblem(form, ['checklist', 'findingKey', 'findingReason'])];
  const checklist = [...new Set(fieldValues(form, 'checklist').map((c) => c.trim()))].filter((c) => c !== '');
  const keys = fieldValues(form, 'findingKey');
  const reasons = fieldValues(form, 'findingReason');
  if (checklist.length > 50 || keys.length > 500) problems.push('提交的审查内容过多');
  if (keys.length !== reasons.length)
    problems.push('个人信息的说明理由与所列项目不对应，请刷新页面后重新审查');
  const justifications: Justification[] = [];
  keys.forEach((key, i) => {
    const reason = (reasons[i] ?? '').trim();
    if (reason === '') return;
    if ([...reason].length > 500) problems.push('说明理由不能超过500个字');
    justifications.push({ key: key.trim(), reason });
  });
  if (problems.length > 0 || count.count === null) return { value: null, problems: [...new Set(problems)] };
  return { value: { checklist, justifications, expectedEventCount: count.count }, problems };
}

/** 发布: now, or at a set time (Beijing time, as a datetime-local input sends it). */
export function parsePublishForm(
  form: FormFields,
): Parsed<{ publishAt: string | null; expectedEventCount: number } | null> {
  const count = parseEventCount(form);
  const problems = [...count.problems];
  const when = fieldValue(form, 'when').trim() || 'now';
  let publishAt: string | null = null;
  if (when === 'scheduled') {
    const raw = fieldValue(form, 'publishAt').trim();
    const parsed = raw === '' || raw.length > 40 ? null : parsePublishAt(raw);
    if (raw === '') problems.push('请填写定时发布的时间');
    else if (parsed === null) problems.push('定时发布的时间无效（例如 2026-03-05T09:00）');
    else publishAt = parsed.toISOString();
  } else if (when !== 'now') problems.push('请选择立即发布或定时发布');
  if (problems.length > 0 || count.count === null) return { value: null, problems };
  return { value: { publishAt, expectedEventCount: count.count }, problems };
}

export interface ChannelForm {
  channel: string;
  title: string;
  url: string | null;
  publishedOn: string;
  itemId: string | null;
}

/** 登记其他渠道的发布 (政务微信公众号 …); the core checks the channel, link and date. */
export function parseChannelForm(form: FormFields): Parsed<ChannelForm | null> {
  const names = ['channel', 'title', 'url', 'publishedOn', 'itemId'];
  const problems = controlProblem(form, names);
  const channel = fieldValue(form, 'channel').trim();
  const title = fieldValue(form, 'title').trim();
  const url = fieldValue(form, 'url').trim();
  const publishedOn = fieldValue(form, 'publishedOn').trim();
  const itemId = fieldValue(form, 'itemId').trim();
  if (!(CHANNEL_IDS as readonly string[]).includes(channel) || channel === 'portal')
    problems.push(
      `请选择发布渠道（${CHANNEL_IDS.filter((c) => c !== 'portal')
        .map((c) => CHANNELS[c])
        .join('、')}）`,
    );
  if (title === '') problems.push('请填写标题');
  if (publishedOn === '') problems.push('请填写发布日期');
  if (url.length > 2000 || title.length > 1000 || itemId.length > 100) problems.push('提交的内容过长');
  if (problems.length > 0) return { value: null, problems };
  return { value: { channel, title, url: url || null, publishedOn, itemId: itemId || null }, problems };
}

/** 公开目录栏目: rename or hide one (`code`), or add one of the agency's own (no code). */
export function parseCategoryForm(
  form: FormFields,
): Parsed<{ code: string | null; name: string; hidden: boolean } | null> {
  const problems = controlProblem(form, ['code', 'name', 'hidden']);
  const code = fieldValue(form, 'code').trim();
  const name = fieldValue(form, 'name').trim();
  if (code !== '' && !/^[0-9A-Za-z]{1,20}$/.test(code)) problems.push('栏目代码有误');
  if (name === '') problems.push('请填写栏目名称');
  else if ([...name].length > 60) problems.push('栏目名称不能超过60个字');
  if (problems.length > 0) return { value: null, problems };
  return { value: { code: code || null, name, hidden: fieldValue(form, 'hidden') === '1' }, problems };
}

/** The list page's filters: status (a phase, 定时发布 or 已超期), category, year of the 成文日期. */
export interface ListFilters {
  status: ItemPhase | 'scheduled' | '';
  late: boolean;
  categoryCode: string;
  year: number | null;
}

export const STATUS_FILTERS: readonly { value: ListFilters['status']; label: string }[] = [
  { value: '', label: '全部' },
  ...(Object.keys(PHASE_LABELS) as ItemPhase[]).map((p) => ({ value: p, label: PHASE_LABELS[p] })),
  { value: 'scheduled', label: '定时发布' },
];

export function parseListQuery(query: {
  status?: string | undefined;
  category?: string | undefined;
  year?: string | undefined;
  late?: string | undefined;
}): ListFilters {
  const status = STATUS_FILTERS.some((s) => s.value === query.status)
    ? (query.status as ListFilters['status'])
    : '';
  const categoryCode = /^[0-9A-Za-z]{1,20}$/.test(query.category ?? '') ? query.category! : '';
  const year = /^\d{4}$/.test(query.year ?? '') ? Number(query.year) : null;
  return {
    status,
    late: query.late === '1',
    categoryCode,
    year: year !== null && year >= 1949 && year <= 2200 ? year : null,
  };
}

/** The roles of the workflow a user holds on the item's agency. */
export interface ItemRoles {
  editor: boolean;
  reviewer: boolean;
  approver: boolean;
}

export type ItemForm =
  | 'edit'
  | 'redact'
  | 'submit'
  | 'review'
  | 'return'
  | 'approve'
  | 'publish'
  | 'withdraw'
  | 'revise'
  | 'channel';

/** The forms the item's status and the user's roles allow, in the order of the page. */
export function availableItemForms(
  status: PublicationStatus,
  findings: number,
  roles: ItemRoles,
): ItemForm[] {
  const forms: ItemForm[] = [];
  switch (status) {
    case 'draft':
      if (roles.editor) forms.push('edit', ...(findings > 0 ? (['redact'] as const) : []), 'submit');
      break;
    case 'in_review':
      if (roles.reviewer) forms.push('review', ...(findings > 0 ? (['redact'] as const) : []), 'return');
      break;
    case 'reviewed':
      if (roles.approver) forms.push('approve', 'return');
      break;
    case 'approved':
      if (roles.approver) forms.push('publish', 'return');
      break;
    case 'published':
    case 'scheduled':
      if (roles.editor) forms.push('revise', 'channel');
      if (roles.approver) forms.push('withdraw');
      break;
    case 'withdrawn':
      break;
  }
  return forms;
}
