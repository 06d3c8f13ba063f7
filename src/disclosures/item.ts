// A disclosure item (主动公开信息) as plain data: its phases, the events that move it, the
// 保密审查 checklist, and the content of one version.
import type { FindingKind, ScannedField } from './personal-data.ts';

/**
 * The phase of the item's working version. `scheduled` is not a phase: a published version whose
 * publication time is still ahead (see publicationStatus).
 */
export type ItemPhase = 'draft' | 'in_review' | 'reviewed' | 'approved' | 'published' | 'withdrawn';

export const PHASE_LABELS: Record<ItemPhase, string> = {
  draft: '草稿',
  in_review: '保密审查中',
  reviewed: '待负责人审批',
  approved: '待发布',
  published: '已发布',
  withdrawn: '已撤回',
};

/** The fixed checklist of 保密审查 (条例第十四至十六条, 第十七条): every item must be confirmed. */
export const REVIEW_CHECKLIST = [
  { id: 'no_secret', text: '不含国家秘密，不属于法律、行政法规禁止公开的信息（条例第十四条）' },
  { id: 'no_security_risk', text: '公开后不会危及国家安全、公共安全、经济安全、社会稳定（条例第十四条）' },
  {
    id: 'third_party',
    text: '不含商业秘密、个人隐私等公开后会损害第三方合法权益的内容，或已征得第三方同意（条例第十五条）',
  },
  {
    id: 'not_internal',
    text: '不属于内部事务信息、过程性信息或行政执法案卷信息，或依法应当公开（条例第十六条）',
  },
  {
    id: 'personal_data',
    text: '已核对身份证号码、手机号码、银行卡号、住址等个人信息，均已去除或确需公开并说明理由',
  },
  { id: 'accurate', text: '内容准确、完整，与原件一致（条例第六条）' },
  { id: 'attachments', text: '附件已逐一核对，不含上述不宜公开的内容' },
] as const;

export type ChecklistItemId = (typeof REVIEW_CHECKLIST)[number]['id'];

export const CHECKLIST_IDS: readonly ChecklistItemId[] = REVIEW_CHECKLIST.map((c) => c.id);

/** A finding of the scan as recorded in the review: never the number itself, only its mask. */
export interface RecordedFinding {
  key: string;
  field: ScannedField;
  kind: FindingKind;
  preview: string;
}

export interface Justification {
  /** The finding's key (FieldFinding.key). */
  key: string;
  reason: string;
}

interface Base {
  /** ISO instant. */
  at: string;
  /** The user who did it (null for the system, e.g. a scheduled release). */
  by: string | null;
}

export type ItemEvent =
  | (Base & { type: 'created' })
  | (Base & { type: 'edited' })
  | (Base & { type: 'redacted'; count: number })
  | (Base & { type: 'submitted' })
  | (Base & { type: 'returned'; reason: string })
  | (Base & {
      type: 'review_signed';
      checklist: readonly string[];
      findings: readonly RecordedFinding[];
      justifications: readonly Justification[];
    })
  | (Base & { type: 'approved' })
  | (Base & { type: 'published'; publishAt: string })
  | (Base & { type: 'withdrawn'; reason: string })
  | (Base & { type: 'revised' });

export type ItemEventType = ItemEvent['type'];

export const EVENT_LABELS: Record<ItemEventType, string> = {
  created: '起草',
  edited: '修改',
  redacted: '去除个人信息',
  submitted: '提交保密审查',
  returned: '退回修改',
  review_signed: '保密审查签署',
  approved: '负责人审批',
  published: '发布',
  withdrawn: '撤回',
  revised: '修订（新版本）',
};

export interface ItemState {
  phase: ItemPhase | 'none';
  /** The working version (the one being drafted, reviewed or last published). */
  version: number;
  /** The latest version with a publication (its time may still be ahead), or null. */
  publishedVersion: number | null;
  /** Users who wrote the working version: none of them may approve it. */
  authors: readonly string[];
  reviewer: string | null;
  approver: string | null;
  /** Publication instant of the working version, once published. */
  publishAt: string | null;
  /** The first publication of the item (the 索引号 is given then). */
  firstPublishAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

/** The content of one version, as stored: plain-text fields are text, the body sanitized HTML. */
export interface ItemContent {
  title: string;
  documentNumber: string | null;
  /** 成文日期 (生成日期), YYYY-MM-DD. */
  formedOn: string;
  categoryCode: string;
  theme: string | null;
  validity: 'valid' | 'expired' | 'repealed';
  summary: string;
  bodyHtml: string;
  /** The body's plain text: for search and the scan. */
  bodyText: string;
  keywords: readonly string[];
}

/** Where a published item also went: counted per channel and year for the annual report. */
export const CHANNELS = {
  portal: '政府网站',
  wechat: '政务微信公众号',
  weibo: '政务微博',
  gazette: '政府公报',
  app: '政务新媒体（客户端等）',
  press: '新闻发布会',
  media: '报刊、广播、电视',
  other: '其他',
} as const;

export type Channel = keyof typeof CHANNELS;

export const CHANNEL_IDS: readonly Channel[] = Object.keys(CHANNELS) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(CHANNELS, value);
}
