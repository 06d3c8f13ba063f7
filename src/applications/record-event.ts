// Staff record what happened to an application (补正, consultation, extension, fee, decision,
// delivery, withdrawal, archiving…). The pure state machine decides whether the event is allowed;
// this appends it, rewrites the derived columns and year rows, issues the letter the event calls
// for and appends the audit record, all in one transaction.
import type { Kysely } from 'kysely';
import {
  type Actor,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
  type UseCaseContext,
} from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { calendarForWrite, currentWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  type ApplicationRow,
  findApplicationRow,
  findApplicationRowForUpdate,
  findEventRows,
  insertEvent,
  replaceYearRows,
  toEvent,
  updateApplicationRow,
} from './application.repository.ts';
import { type ApplicationEvent, type ApplicationEventType, EVENT_LABELS } from './application.ts';
import { type Derived, deriveApplication } from './derived-columns.ts';
import { issueLetterFor, type LetterExtras } from './issue-letters.ts';
import type { ApplicantType } from './outcomes.ts';

/** Who may record each event: handlers do the work; an extension needs the approver (第三十三条第二款). */
export const EVENT_ROLES: Partial<Record<ApplicationEventType, readonly Role[]>> = {
  received: ['handler'],
  supplement_requested: ['handler'],
  supplement_received: ['handler'],
  supplement_expired: ['handler'],
  consultation_started: ['handler'],
  consultation_ended: ['handler'],
  extension_approved: ['approver'],
  // 第三十五条: the organ decides the delayed deadline, as it approves an extension.
  delayed_deadline_set: ['approver'],
  fee_notice_sent: ['handler'],
  fee_paid: ['handler'],
  fee_expired: ['handler'],
  decided: ['handler'],
  reply_delivered: ['handler'],
  withdrawn: ['handler'],
  archived: ['handler'],
  reopened: ['handler'],
};

function rolesFor(type: ApplicationEventType): readonly Role[] {
  return EVENT_ROLES[type] ?? ['handler'];
}

/** The application, if the actor holds one of `roles` on its agency; otherwise not found / forbidden. */
export async function loadApplicationFor(
  ctx: UseCaseContext,
  actor: Actor,
  applicationId: string,
  roles: readonly Role[],
): Promise<ApplicationRow> {
  const row = await findApplicationRow(ctx.db, applicationId);
  if (!row) throw new DomainError('access.not_found', '申请不存在或您无权访问');
  requireRole(actor, roles, row.agency_id, await loadAgencyTree(ctx.db), '申请');
  return row;
}

export async function loadEvents(db: Kysely<DB>, applicationId: string): Promise<ApplicationEvent[]> {
  return (await findEventRows(db, applicationId)).map(toEvent);
}

export interface RecordedEvent {
  seq: number;
  derived: Derived;
  /** Letters issued with the event (补正告知书, 答复告知书…). */
  letterIds: string[];
}

export async function recordApplicationEvent(
  ctx: UseCaseContext,
  actor: Actor,
  applicationId: string,
  event: ApplicationEvent,
  options: { expectedEventCount?: number; letter?: LetterExtras } = {},
): Promise<RecordedEvent> {
  const roles = rolesFor(event.type);
  await loadApplicationFor(ctx, actor, applicationId, roles);
  if (event.type === 'received')
    throw new DomainError('conflict.state', '收到申请只在登记时记录一次', {
      userMessage: '收到申请只在登记时记录一次',
    });
  const now = ctx.now();
  const today = shanghaiDate(now);
  if (typeof event.at === 'string' && event.at > today)
    throw new DomainError('input.invalid', 'event dated in the future', {
      userMessage: `“${EVENT_LABELS[event.type] ?? event.type}”的日期不能晚于今天（${today}）`,
    });
  const calendar = await currentWorkingDayCalendar(ctx.db);
  return ctx.db
    .transaction()
    .execute((trx) => appendEventIn(trx, { actor, applicationId, event, calendar, now, options }));
}

/** The write of recordApplicationEvent inside a caller's transaction (an appeal's 纠正 reopens in its own). */
export async function appendEventIn(
  trx: Kysely<DB>,
  args: {
    actor: Actor;
    applicationId: string;
    event: ApplicationEvent;
    /** Read before the transaction; replaced by the one in force if a year was entered since. */
    calendar: WorkingDayCalendar;
    now: Date;
    options?: { expectedEventCount?: number; letter?: LetterExtras };
  },
): Promise<RecordedEvent> {
  const { actor, applicationId, event, now } = args;
  const options = args.options ?? {};
  const userId = isSystemActor(actor) ? null : actor.user.id;
  const row = await findApplicationRowForUpdate(trx, applicationId);
  if (!row) throw new DomainError('access.not_found', '申请不存在或您无权访问');
  const calendar = await calendarForWrite(trx, args.calendar);
  if (options.expectedEventCount !== undefined && options.expectedEventCount !== row.event_count)
    throw new DomainError('conflict.state', 'stale form', {
      userMessage: '该申请已被他人更新，请刷新页面后重新操作。',
    });
  const events = await loadEvents(trx, applicationId);
  // The pure core refuses what the state does not allow, with a Chinese reason.
  const derived = deriveAfter(row, [...events, event], calendar);
  const seq = row.event_count + 1;
  await insertEvent(trx, {
    application_id: applicationId,
    seq,
    type: event.type,
    at: event.at,
    data: JSON.stringify(event),
    recorded_by: userId,
    recorded_at: now.toISOString(),
  });
  await saveDerived(trx, row, derived, now);
  const letterId = await issueLetterFor(trx, {
    row,
    event,
    seq,
    derived,
    userId,
    now,
    extras: options.letter ?? {},
  });
  const letterIds = letterId ? [letterId] : [];
  await appendAudit(
    trx,
    {
      userId,
      agencyId: row.agency_id,
      action: `application.${event.type}`,
      objectType: 'application',
      objectId: applicationId,
      result: 'ok',
      details: {
        trackingNumber: row.tracking_number,
        at: event.at,
        seq,
        ...(event.type === 'decided' ? { outcome: event.outcome } : {}),
        ...(letterIds.length > 0 ? { letters: letterIds } : {}),
        ...(isSystemActor(actor) ? { system: actor.system } : {}),
      },
    },
    now.toISOString(),
  );
  return { seq, derived, letterIds };
}

export function deriveAfter(
  row: ApplicationRow,
  events: readonly ApplicationEvent[],
  calendar: WorkingDayCalendar,
): Derived {
  return deriveApplication(row.id, row.applicant_type as ApplicantType, events, calendar);
}

export async function saveDerived(
  trx: Kysely<DB>,
  row: ApplicationRow,
  derived: Derived,
  now: Date,
): Promise<void> {
  await updateApplicationRow(trx, row.id, { ...derived.columns, updated_at: now.toISOString() });
  await replaceYearRows(
    trx,
    row.id,
    derived.years.map((y) => ({ application_id: row.id, agency_id: row.agency_id, ...y })),
  );
}
