// A handler records a 复议 or 诉讼 case against the agency's handling of an application, and later
// its result. A result of 纠正 obliges the organ to reply anew: the application is reopened for a
// new reply period in the same transaction (unless it is still open).
import { randomUUID } from 'node:crypto';
import { type Actor, isSystemActor, type UseCaseContext } from '../agencies/index.ts';
import {
  type AppealResult,
  appendEventIn,
  findApplicationRowForUpdate,
  loadApplicationFor,
} from '../applications/index.ts';
import { appendAudit } from '../audit/index.ts';
import { calendarForWrite, currentWorkingDayCalendar, isCivilDate } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { findAppeal, insertAppeal, updateAppeal } from './appeal.repository.ts';
import { APPEAL_KIND_LABELS, type Appeal, type AppealKind, isAppealKind, isAppealResult } from './appeal.ts';

export interface RecordAppealInput {
  applicationId: string;
  kind: AppealKind;
  caseNumber?: string | null;
  filedOn: string;
  notes?: string | null;
}

function invalid(message: string): DomainError {
  return new DomainError('input.invalid', message, { userMessage: message });
}

function actorId(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.user.id;
}

export async function recordAppeal(
  ctx: UseCaseContext,
  actor: Actor,
  input: RecordAppealInput,
): Promise<Appeal> {
  const application = await loadApplicationFor(ctx, actor, input.applicationId, ['handler']);
  const today = shanghaiDate(ctx.now());
  if (!isAppealKind(input.kind)) throw invalid('请选择案件类型（行政复议、直接起诉或复议后起诉）');
  if (!isCivilDate(input.filedOn) || input.filedOn > today) throw invalid('立案（收到）日期无效或晚于今天');
  if (input.filedOn < application.received_on) throw invalid('立案日期早于收到申请的日期');
  const caseNumber = input.caseNumber?.trim() || null;
  const notes = input.notes?.trim() || null;
  if ((caseNumber?.length ?? 0) > 100 || (notes?.length ?? 0) > 2000) throw invalid('案号或备注过长');
  const now = ctx.now().toISOString();
  const appeal: Appeal = {
    id: randomUUID(),
    applicationId: application.id,
    agencyId: application.agency_id,
    kind: input.kind,
    caseNumber,
    filedOn: input.filedOn,
    result: '尚未审结',
    closedOn: null,
    notes,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await insertAppeal(trx, {
      id: appeal.id,
      application_id: appeal.applicationId,
      agency_id: appeal.agencyId,
      kind: appeal.kind,
      case_number: caseNumber,
      filed_on: appeal.filedOn,
      result: appeal.result,
      closed_on: null,
      notes,
      created_at: now,
      updated_at: now,
    });
    await appendAudit(
      trx,
      {
        userId: actorId(actor),
        agencyId: appeal.agencyId,
        action: 'appeal.record',
        objectType: 'appeal',
        objectId: appeal.id,
        result: 'ok',
        details: { applicationId: appeal.applicationId, kind: appeal.kind, filedOn: appeal.filedOn },
      },
      now,
    );
  });
  return appeal;
}

export async function decideAppeal(
  ctx: UseCaseContext,
  actor: Actor,
  appealId: string,
  input: { result: AppealResult; closedOn: string | null },
): Promise<Appeal> {
  const appeal = await findAppeal(ctx.db, appealId);
  if (!appeal) throw new DomainError('access.not_found', '案件不存在或您无权访问');
  const application = await loadApplicationFor(ctx, actor, appeal.applicationId, ['handler']);
  if (!isAppealResult(input.result)) throw invalid('请选择案件结果');
  const pending = input.result === '尚未审结';
  const closedOn = pending ? null : input.closedOn;
  if (!pending) {
    if (!closedOn || !isCivilDate(closedOn)) throw invalid('请填写审结日期');
    if (closedOn < appeal.filedOn) throw invalid('审结日期早于立案日期');
    if (closedOn > shanghaiDate(ctx.now())) throw invalid('审结日期不能晚于今天');
  }
  const now = ctx.now().toISOString();
  const updated: Appeal = { ...appeal, result: input.result, closedOn };
  const calendar = await currentWorkingDayCalendar(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    // The application's row first, then the calendar, then the audit log: the order of every write
    // of an application (record-event.ts). With the audit log's lock taken before the row, a clerk's
    // event on this application and this 纠正 would each wait for the other (deadlock on PostgreSQL).
    const current = await findApplicationRowForUpdate(trx, application.id);
    if (!current) throw new DomainError('access.not_found', '申请不存在或您无权访问');
    // The appeal and the application as they are now: two decisions at once are taken in turn.
    const stored = (await findAppeal(trx, appeal.id)) ?? appeal;
    if (stored.result === '纠正' && input.result !== '纠正')
      throw new DomainError('conflict.state', 'corrected appeal is final here', {
        userMessage: '结果为纠正的案件已重新办理申请，不能再改为其他结果。',
      });
    const calendarInForce = await calendarForWrite(trx, calendar);
    await updateAppeal(trx, appeal.id, { result: input.result, closed_on: closedOn, updated_at: now });
    // 纠正 of a closed application: a new reply is due. Recorded as the application's own event,
    // in the same transaction, so that the clock, the queue and table 三 (本年新收) all follow.
    if (input.result === '纠正' && stored.result !== '纠正' && current.is_open === 0 && closedOn) {
      await appendEventIn(trx, {
        actor,
        applicationId: application.id,
        calendar: calendarInForce,
        now: ctx.now(),
        event: {
          type: 'reopened',
          // Not before the application's last event: the clock never runs backwards.
          at: [closedOn, current.last_event_on].sort()[1]!,
          reason: `${APPEAL_KIND_LABELS[appeal.kind]}结果为纠正${appeal.caseNumber ? `（${appeal.caseNumber}）` : ''}，重新答复`,
        },
      });
    }
    // Last, as everywhere: whatever the reopening locks (a letter's number one day) comes before.
    await appendAudit(
      trx,
      {
        userId: actorId(actor),
        agencyId: appeal.agencyId,
        action: 'appeal.decide',
        objectType: 'appeal',
        objectId: appeal.id,
        result: 'ok',
        details: { applicationId: appeal.applicationId, result: input.result, closedOn },
      },
      now,
    );
  });
  return updated;
}
