// 依申请公开: an application is its applicant type and the events that happened to it, in order.
// Its state, outcome and deadlines are always derived from the events (workflow.ts, deadlines.ts),
// never stored as truth. Every date is a civil date (YYYY-MM-DD, Asia/Shanghai).
import type { FeeMethod } from '../fees/fees.ts';
import type { ApplicantType, OutcomeCode } from './outcomes.ts';

/** How the application reached the organ; the receipt date follows 条例第三十一条 for each. */
export type Channel = 'online' | 'email' | 'letter' | 'fax' | 'in_person';

export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '网络平台',
  email: '电子邮件',
  letter: '信函',
  fax: '传真',
  in_person: '当面提交',
};

/** Whom the organ consults: a third party (第三十二条) or another organ (第三十四条). */
export type ConsultationParty = 'third_party' | 'other_organ';

export const CONSULTATION_LABELS: Record<ConsultationParty, string> = {
  third_party: '征求第三方意见',
  other_organ: '征求其他机关意见',
};

interface EventAt {
  /** The civil date of the event. */
  at: string;
}

/** The application was received; `at` is the receipt date under 第三十一条 (当面提交之日, 签收之日, 双方确认之日…). */
export interface ReceivedEvent extends EventAt {
  type: 'received';
  channel: Channel;
}

/** 补正 notice (第三十条): once, listing everything to correct, within 7 工作日 of receipt. */
export interface SupplementRequestedEvent extends EventAt {
  type: 'supplement_requested';
  items: readonly string[];
  /** The reasonable correction period stated in the notice: the last day to correct. */
  correctionDue?: string;
}

/** The corrected application arrived: the reply period restarts from this day. */
export interface SupplementReceivedEvent extends EventAt {
  type: 'supplement_received';
}

/** The correction period passed without a correction: 视为放弃申请 → 其他处理 1. */
export interface SupplementExpiredEvent extends EventAt {
  type: 'supplement_expired';
}

export interface ConsultationStartedEvent extends EventAt {
  type: 'consultation_started';
  party: ConsultationParty;
}

export interface ConsultationEndedEvent extends EventAt {
  type: 'consultation_ended';
}

/** 延期 (第三十三条第二款): approved by the head of the 工作机构 and notified to the applicant. */
export interface ExtensionApprovedEvent extends EventAt {
  type: 'extension_approved';
  approver: string;
  /** Working days added, 1–20. */
  days: number;
  /** The day the applicant was notified. */
  noticeOn: string;
}

/** 收费通知 (国办函〔2020〕109号): one method per application. */
export interface FeeNoticeSentEvent extends EventAt {
  type: 'fee_notice_sent';
  method: FeeMethod;
  /** 按件: the application's place among the applicant's applications of the month; 按量: pages. */
  units: number;
  /** 元; at most the tariff for `units` (less when the organ reduces the fee). */
  amount: number;
  /** The day the applicant received the notice, when later than `at`; the payment period runs from the day after. */
  receivedOn?: string;
}

export interface FeePaidEvent extends EventAt {
  type: 'fee_paid';
}

/** The payment period passed without payment: 视为放弃申请 → 其他处理 2. */
export interface FeeExpiredEvent extends EventAt {
  type: 'fee_expired';
}

/**
 * 要求说明理由 (第三十五条): the number or frequency of the applicant's applications clearly exceeds a
 * reasonable range, so the organ asks the applicant to explain the reasons. The reply period keeps
 * running meanwhile (see clock.ts): only a delayed deadline (`delayed_deadline_set`) moves it.
 */
export interface ReasonsRequestedEvent extends EventAt {
  type: 'reasons_requested';
  /** The last day given to the applicant to explain, when the request states one. */
  reasonDue?: string;
}

/** 申请人说明理由: the applicant's explanation arrived. */
export interface ReasonsReceivedEvent extends EventAt {
  type: 'reasons_received';
}

/**
 * 确定延迟答复的合理期限并告知申请人 (第三十五条): the reasons are reasonable but the reply cannot be
 * made within the 第三十三条 period. From then on the round's reply due date is `dueOn`, which
 * replaces the 20 工作日 (+ extension, + pauses) of 第三十三条.
 */
export interface DelayedDeadlineSetEvent extends EventAt {
  type: 'delayed_deadline_set';
  /** The delayed reply due date (civil date), later than the due date it replaces. */
  dueOn: string;
  /** Why this period is reasonable (required). */
  reason: string;
  /** The day the applicant was told. */
  noticeOn: string;
}

/** The reply (答复) was decided and issued; `at` is the reply date that counts against the deadline. */
export interface DecidedEvent extends EventAt {
  type: 'decided';
  outcome: OutcomeCode;
  /** The sentence of the reply letter stating the legal basis (OUTCOMES[…].basis by default). */
  legalBasis: string;
  /** 部分公开 only: the reasons for the part withheld (不予公开 1–8, 无法提供 1–2). */
  withheld?: readonly OutcomeCode[];
}

/** The reply reached the applicant (送达). */
export interface ReplyDeliveredEvent extends EventAt {
  type: 'reply_delivered';
}

/** The applicant withdrew the application → 其他处理 3. */
export interface WithdrawnEvent extends EventAt {
  type: 'withdrawn';
}

/** 归档 (第四十五条). */
export interface ArchivedEvent extends EventAt {
  type: 'archived';
}

/** A 复议 or 诉讼 result of 纠正 requires a new reply: a fresh reply period runs from this day. */
export interface ReopenedEvent extends EventAt {
  type: 'reopened';
  reason: string;
}

export type ApplicationEvent =
  | ReceivedEvent
  | SupplementRequestedEvent
  | SupplementReceivedEvent
  | SupplementExpiredEvent
  | ConsultationStartedEvent
  | ConsultationEndedEvent
  | ExtensionApprovedEvent
  | FeeNoticeSentEvent
  | FeePaidEvent
  | FeeExpiredEvent
  | ReasonsRequestedEvent
  | ReasonsReceivedEvent
  | DelayedDeadlineSetEvent
  | DecidedEvent
  | ReplyDeliveredEvent
  | WithdrawnEvent
  | ArchivedEvent
  | ReopenedEvent;

export type ApplicationEventType = ApplicationEvent['type'];

export const EVENT_LABELS: Record<ApplicationEventType, string> = {
  received: '收到申请',
  supplement_requested: '通知补正',
  supplement_received: '收到补正',
  supplement_expired: '逾期未补正',
  consultation_started: '开始征求意见',
  consultation_ended: '征求意见结束',
  extension_approved: '批准延期答复',
  fee_notice_sent: '发出收费通知',
  fee_paid: '缴纳信息处理费',
  fee_expired: '逾期未缴费',
  reasons_requested: '要求说明理由',
  reasons_received: '申请人说明理由',
  delayed_deadline_set: '确定延迟答复期限',
  decided: '作出答复',
  reply_delivered: '送达答复',
  withdrawn: '申请人撤回申请',
  archived: '归档',
  reopened: '重新答复',
};

/** What the annual report needs of one application. */
export interface ApplicationRecord {
  id: string;
  applicantType: ApplicantType;
  events: readonly ApplicationEvent[];
}

// ---------------------------------------------------------------------------------------------
// The derived state

export type Phase =
  | 'not_received'
  /** Registered and being handled; the reply period runs. */
  | 'processing'
  | 'awaiting_supplement'
  | 'consulting'
  | 'awaiting_fee'
  /** Reply issued, not yet delivered. */
  | 'decided'
  | 'replied'
  /** Closed without a reply: 逾期不补正, 逾期未缴费, 撤回. */
  | 'terminated'
  | 'archived';

export const PHASE_LABELS: Record<Phase, string> = {
  not_received: '未登记',
  processing: '办理中',
  awaiting_supplement: '待补正',
  consulting: '征求意见中',
  awaiting_fee: '待缴费',
  decided: '已答复待送达',
  replied: '已送达',
  terminated: '已终止',
  archived: '已归档',
};

export const OPEN_PHASES: ReadonlySet<Phase> = new Set([
  'processing',
  'awaiting_supplement',
  'consulting',
  'awaiting_fee',
]);

export interface SupplementRequest {
  requestedOn: string;
  items: readonly string[];
  correctionDue: string | null;
  /** Sent later than 7 工作日 after receipt. */
  late: boolean;
  receivedOn: string | null;
  expiredOn: string | null;
}

export interface Consultation {
  party: ConsultationParty;
  startedOn: string;
  endedOn: string | null;
}

export interface Extension {
  approvedOn: string;
  approver: string;
  days: number;
  noticeOn: string;
}

export interface FeeNotice {
  sentOn: string;
  receivedOn: string;
  method: FeeMethod;
  units: number;
  amount: number;
  /** Last day to pay. */
  paymentDue: string;
  paidOn: string | null;
  expiredOn: string | null;
}

/** 要求说明理由 (第三十五条) in a round. */
export interface ReasonsRequest {
  requestedOn: string;
  /** The last day given to explain, if the request stated one. */
  reasonDue: string | null;
  receivedOn: string | null;
}

/** The delayed reply deadline set under 第三十五条; it replaces the round's 第三十三条 due date. */
export interface DelayedDeadline {
  /** The day it was set. */
  setOn: string;
  dueOn: string;
  reason: string;
  noticeOn: string;
}

/** One reply period: from receipt, from the receipt of a correction, or from a reopening. */
export interface Round {
  start: string;
  startedBy: 'received' | 'supplement_received' | 'reopened';
  /** Why a reopened round was opened (复议、诉讼结果为纠正…). */
  reason: string | null;
  supplement: SupplementRequest | null;
  consultations: readonly Consultation[];
  extension: Extension | null;
  fee: FeeNotice | null;
  /**
   * 要求说明理由 (第三十五条). The state machine always sets it (null when none); it is optional only
   * so that rounds built by hand before it existed stay valid: absent means null.
   */
  reasonsRequest?: ReasonsRequest | null;
  /** The delayed deadline of 第三十五条, when set (always set by the state machine; absent means null). */
  delayedDeadline?: DelayedDeadline | null;
  /** How the period ended, when it did. */
  closed: RoundClosing | null;
}

export interface RoundClosing {
  on: string;
  outcome: OutcomeCode;
  by: 'decided' | 'supplement_expired' | 'fee_expired' | 'withdrawn';
  /** A reply made after the period's due date. */
  late: boolean;
}

export type FlagCode = 'supplement_late' | 'extension_late' | 'reply_late' | 'delayed_deadline_late';

/** Something recorded although it broke a time limit. */
export interface Flag {
  code: FlagCode;
  on: string;
  message: string;
}

export interface ApplicationState {
  phase: Phase;
  receivedOn: string | null;
  channel: Channel | null;
  /** Date of the last event applied. */
  lastEventOn: string | null;
  /** Reply periods, the current one last. */
  rounds: readonly Round[];
  /** Corrections received over the whole application (无法提供 3 needs one). */
  supplementsReceived: number;
  /** Exactly one while closed, null while open. */
  outcome: OutcomeCode | null;
  legalBasis: string | null;
  withheld: readonly OutcomeCode[];
  /** The reply date or the day processing stopped. */
  closedOn: string | null;
  deliveredOn: string | null;
  archivedOn: string | null;
  reopenings: number;
  flags: readonly Flag[];
}
