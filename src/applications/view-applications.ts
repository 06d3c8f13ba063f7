// What staff and applicants see of applications. Staff of the agency (handler, approver) see the
// applicant's data; supervisors above it see it masked; the applicant sees their own application
// through the secret link, with their own data masked too (a link can be forwarded).
import {
  type Actor,
  type AgencyTree,
  canSee,
  hasRole,
  isSystemActor,
  loadAgencyTree,
  type Role,
  type UseCaseContext,
  visibleAgencyIds,
} from '../agencies/index.ts';
import { currentWorkingDayCalendar } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_FORM_LABELS,
  type DeliveryChannel,
  type DeliveryForm,
  ID_KIND_LABELS,
  type IdKind,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
} from './applicant.ts';
import {
  type ApplicationRow,
  findApplicationByAccessHash,
  findEventRows,
  findFileMetadata,
  findQueueRows,
  toEvent,
} from './application.repository.ts';
import {
  type ApplicationEvent,
  CHANNEL_LABELS,
  type Channel,
  EVENT_LABELS,
  PHASE_LABELS,
  type Phase,
} from './application.ts';
import {
  type ApplicationStatus,
  DUE_SOON_WORKING_DAYS,
  type DueDates,
  dueDatesOf,
  status,
} from './deadlines.ts';
import { hashAccessToken } from './intake.ts';
import { APPLICANT_TYPES, type ApplicantType, type OutcomeCode, outcomeTitle } from './outcomes.ts';
import { foldEvents } from './workflow.ts';
import { countWorkingDays } from './working-day-index.ts';

function holdsAny(actor: Actor, roles: readonly Role[], agencyId: string, tree: AgencyTree): boolean {
  if (isSystemActor(actor)) return true;
  return roles.some((role) => hasRole(actor, role, agencyId, tree));
}

/** Roles that work on or watch applications. */
export const APPLICATION_READER_ROLES: readonly Role[] = ['handler', 'approver', 'supervisor'];
/** Roles that see the applicant's personal data unmasked (the agency's own staff on the case). */
const PERSONAL_DATA_ROLES: readonly Role[] = ['handler', 'approver'];

export interface QueueItem {
  id: string;
  agencyId: string;
  trackingNumber: string;
  receivedOn: string;
  channelLabel: string;
  applicantLabel: string;
  description: string;
  phase: Phase;
  phaseLabel: string;
  replyDue: string | null;
  provisional: boolean;
  overdue: boolean;
  dueSoon: boolean;
  /** Working days left after today (negative: overdue by). */
  daysLeft: number | null;
  assignedTo: string | null;
}

const APPLICANT_LABEL = new Map(APPLICANT_TYPES.map((t) => [t.key, t.label]));

function applicantTypeLabel(type: string): string {
  return APPLICANT_LABEL.get(type as ApplicantType) ?? type;
}

export interface QueueQuery {
  agencyId?: string;
  includeClosed?: boolean;
  assignedTo?: string;
  limit?: number;
}

/** The work queue of every agency the actor may read, by due date; flags computed for today. */
export async function listApplicationQueue(
  ctx: UseCaseContext,
  actor: Actor,
  query: QueueQuery = {},
): Promise<QueueItem[]> {
  if (isSystemActor(actor)) throw new DomainError('access.forbidden', 'staff only');
  let agencyIds = [...(await visibleAgencyIds(ctx, actor, APPLICATION_READER_ROLES))];
  if (query.agencyId) agencyIds = agencyIds.filter((id) => id === query.agencyId);
  const rows = await findQueueRows(ctx.db, {
    agencyIds,
    openOnly: !query.includeClosed,
    ...(query.assignedTo ? { assignedTo: query.assignedTo } : {}),
    limit: query.limit ?? 200,
  });
  const calendar = await currentWorkingDayCalendar(ctx.db);
  const today = shanghaiDate(ctx.now());
  return rows.map((row) => {
    const open = row.is_open === 1;
    let daysLeft: number | null = null;
    let overdue = false;
    if (open && row.reply_due) {
      overdue = today > row.reply_due;
      daysLeft = overdue
        ? -countWorkingDays(row.reply_due, today, calendar)
        : countWorkingDays(today, row.reply_due, calendar);
    }
    return {
      id: row.id,
      agencyId: row.agency_id,
      trackingNumber: row.tracking_number,
      receivedOn: row.received_on,
      channelLabel: CHANNEL_LABELS[row.channel as Channel] ?? row.channel,
      applicantLabel: applicantTypeLabel(row.applicant_type),
      description: row.description,
      phase: row.phase as Phase,
      phaseLabel: PHASE_LABELS[row.phase as Phase] ?? row.phase,
      replyDue: row.reply_due,
      provisional: row.due_provisional === 1,
      overdue,
      dueSoon: open && !overdue && daysLeft !== null && daysLeft <= DUE_SOON_WORKING_DAYS,
      daysLeft,
      assignedTo: row.assigned_to,
    };
  });
}

export interface ApplicantView {
  typeLabel: string;
  name: string;
  organisationCode: string | null;
  idKindLabel: string;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
  masked: boolean;
}

function applicantView(row: ApplicationRow, masked: boolean): ApplicantView {
  const type = row.applicant_type as ApplicantType;
  return {
    typeLabel: applicantTypeLabel(type),
    name: masked ? maskName(row.applicant_name, type) : row.applicant_name,
    organisationCode: row.organisation_code,
    idKindLabel: ID_KIND_LABELS[row.id_kind as IdKind] ?? '',
    idNumber: masked ? maskIdNumber(row.id_number) : (row.id_number ?? ''),
    phone: masked ? maskPhone(row.phone) : (row.phone ?? ''),
    email: masked ? maskEmail(row.email) : (row.email ?? ''),
    address: masked ? (row.address ? '（已隐藏）' : '') : (row.address ?? ''),
    masked,
  };
}

export interface TimelineEntry {
  seq: number;
  at: string;
  type: ApplicationEvent['type'];
  label: string;
  /** A short Chinese account of the event's content. */
  summary: string;
  recordedBy: string | null;
  recordedAt: string;
}

export function describeEvent(event: ApplicationEvent): string {
  switch (event.type) {
    case 'received':
      return `提交方式：${CHANNEL_LABELS[event.channel]}`;
    case 'supplement_requested':
      return `需补正：${event.items.join('；')}${event.correctionDue ? `；补正期限 ${event.correctionDue}` : ''}`;
    case 'consultation_started':
      return event.party === 'third_party' ? '征求第三方意见' : '征求其他机关意见';
    case 'extension_approved':
      return `延长 ${event.days} 个工作日，${event.noticeOn} 告知申请人`;
    case 'fee_notice_sent':
      return `信息处理费 ${event.amount} 元`;
    case 'decided':
      return outcomeTitle(event.outcome as OutcomeCode);
    case 'reopened':
      return event.reason;
    default:
      return '';
  }
}

export interface ApplicationDetail {
  id: string;
  agencyId: string;
  trackingNumber: string;
  channel: Channel;
  channelLabel: string;
  receivedOn: string;
  applicant: ApplicantView;
  description: string;
  documentNumber: string | null;
  deliveryFormLabel: string;
  deliveryChannelLabel: string;
  assignedTo: string | null;
  eventCount: number;
  status: ApplicationStatus;
  due: DueDates;
  timeline: TimelineEntry[];
  files: { id: string; kind: string; filename: string; mediaType: string; size: number }[];
  /** The actor may record events (a handler of the agency). */
  canHandle: boolean;
  canApprove: boolean;
}

async function detailOf(
  ctx: UseCaseContext,
  row: ApplicationRow,
  masked: boolean,
  permissions: { canHandle: boolean; canApprove: boolean },
): Promise<ApplicationDetail> {
  const eventRows = await findEventRows(ctx.db, row.id);
  const events = eventRows.map(toEvent);
  const calendar = await currentWorkingDayCalendar(ctx.db);
  const today = shanghaiDate(ctx.now());
  const files = await findFileMetadata(ctx.db, row.id);
  return {
    id: row.id,
    agencyId: row.agency_id,
    trackingNumber: row.tracking_number,
    channel: row.channel as Channel,
    channelLabel: CHANNEL_LABELS[row.channel as Channel] ?? row.channel,
    receivedOn: row.received_on,
    applicant: applicantView(row, masked),
    description: row.description,
    documentNumber: row.document_number,
    deliveryFormLabel: DELIVERY_FORM_LABELS[row.delivery_form as DeliveryForm] ?? row.delivery_form,
    deliveryChannelLabel:
      DELIVERY_CHANNEL_LABELS[row.delivery_channel as DeliveryChannel] ?? row.delivery_channel,
    assignedTo: row.assigned_to,
    eventCount: row.event_count,
    status: status(events, today, calendar),
    due: dueDatesOf(foldEvents(events, calendar), calendar),
    timeline: eventRows.map((r, i) => ({
      seq: r.seq,
      at: r.at,
      type: events[i]!.type,
      label: EVENT_LABELS[events[i]!.type] ?? r.type,
      summary: describeEvent(events[i]!),
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    })),
    files: files.map((f) => ({
      id: f.id,
      kind: f.kind,
      filename: f.filename,
      mediaType: f.media_type,
      size: f.size,
    })),
    ...permissions,
  };
}

/** One application for staff: 404 unless the actor reads applications of its agency. */
export async function getApplicationForStaff(
  ctx: UseCaseContext,
  actor: Actor,
  row: ApplicationRow,
): Promise<ApplicationDetail> {
  const tree = await loadAgencyTree(ctx.db);
  if (!canSee(actor, row.agency_id, tree) || !holdsAny(actor, APPLICATION_READER_ROLES, row.agency_id, tree))
    throw new DomainError('access.not_found', '申请不存在或您无权访问');
  const ownStaff = holdsAny(actor, PERSONAL_DATA_ROLES, row.agency_id, tree);
  return detailOf(ctx, row, !ownStaff, {
    canHandle: holdsAny(actor, ['handler'], row.agency_id, tree),
    canApprove: holdsAny(actor, ['approver'], row.agency_id, tree),
  });
}

/** The applicant's own view through the secret link; null for any other token. */
export async function findApplicationByToken(
  ctx: UseCaseContext,
  token: string,
): Promise<{ row: ApplicationRow; detail: ApplicationDetail } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await findApplicationByAccessHash(ctx.db, hashAccessToken(token));
  if (!row) return null;
  const detail = await detailOf(ctx, row, true, { canHandle: false, canApprove: false });
  // The applicant sees what happened and when, not who in the organ recorded it.
  detail.timeline = detail.timeline.map((t) => ({ ...t, recordedBy: null }));
  return { row, detail };
}
