// Staff register an application that came by letter, e-mail, fax or in person, with the receipt
// date 条例第三十一条 sets for the channel (the form explains it; see intake-rules.ts).
import {
  type Actor,
  getPublicAgency,
  isSystemActor,
  loadAgencyTree,
  requireRole,
  type UseCaseContext,
} from '../agencies/index.ts';
import { isCivilDate } from '../calendar/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { CHANNEL_LABELS, type Channel } from './application.ts';
import { type IntakeInput, type IntakeResult, validateIntake, writeIntake } from './intake.ts';
import { receivesApplications } from './intake-rules.ts';

export interface RegisterApplicationInput extends IntakeInput {
  channel: Channel;
  receivedOn: string;
}

export async function registerApplication(
  ctx: UseCaseContext,
  actor: Actor,
  input: RegisterApplicationInput,
): Promise<IntakeResult> {
  requireRole(actor, ['handler'], input.agencyId, await loadAgencyTree(ctx.db), '机构');
  const agency = await getPublicAgency(ctx.db, input.agencyId);
  if (!agency || !receivesApplications(agency.kind))
    throw new DomainError('conflict.state', 'agency receives no applications', {
      userMessage: '村民委员会不是行政机关，不受理政府信息公开申请（条例第二十七条）。',
    });
  if (!Object.hasOwn(CHANNEL_LABELS, input.channel))
    throw new DomainError('input.invalid', '请选择申请的提交方式', { userMessage: '请选择申请的提交方式' });
  const { applicant, request } = validateIntake(input);
  const now = ctx.now();
  const today = shanghaiDate(now);
  if (!isCivilDate(input.receivedOn) || input.receivedOn > today)
    throw new DomainError('input.invalid', 'received date invalid or in the future', {
      userMessage: '收到申请的日期无效或晚于今天',
    });
  return writeIntake(ctx.db, {
    input,
    applicant,
    request,
    channel: input.channel,
    receivedOn: input.receivedOn,
    userId: isSystemActor(actor) ? null : actor.user.id,
    auditDetails: isSystemActor(actor) ? { system: actor.system } : {},
    now,
  });
}
