// An admin of a top-level agency enters (or corrects) a year's holiday arrangement from the State
// Council's notice; every deadline that depends on that year follows it from then on.
import {
  type Actor,
  hasRole,
  isSystemActor,
  loadAgencyTree,
  type UseCaseContext,
} from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { lockUntilCommit } from '../db/advisory-lock.ts';
import { DomainError } from '../kernel/errors.ts';
import { arrangementProblems } from './arrangement-rules.ts';
import { saveArrangement } from './calendar.repository.ts';
import { CALENDAR_LOCK, forgetCurrentCalendar } from './load-calendar.ts';
import type { HolidayArrangement } from './official-arrangements.ts';

export async function enterHolidayArrangement(
  ctx: UseCaseContext,
  actor: Actor,
  arrangement: HolidayArrangement,
): Promise<void> {
  if (!isSystemActor(actor)) {
    const tree = await loadAgencyTree(ctx.db);
    const roots = [...tree.nodes.values()].filter((node) => node.parentId === null).map((node) => node.id);
    if (!roots.some((id) => hasRole(actor, 'admin', id, tree))) {
      throw new DomainError('access.forbidden', '只有最上级机构的系统管理员可以录入节假日安排');
    }
  }
  const problems = arrangementProblems(arrangement);
  if (problems.length > 0) {
    throw new DomainError('input.invalid', '节假日安排有误', {
      problems,
      userMessage: '节假日安排有误，请核对后重新录入。',
    });
  }
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // Waits for the writes of due dates in flight (their calendar is the old one, and the
    // recompute after this commit sees them) and holds new ones until the year is in force.
    await lockUntilCommit(trx, CALENDAR_LOCK);
    await saveArrangement(trx, arrangement, isSystemActor(actor) ? null : actor.user.id, now);
    await appendAudit(
      trx,
      {
        userId: isSystemActor(actor) ? null : actor.user.id,
        agencyId: isSystemActor(actor) ? null : actor.user.agencyId,
        action: 'calendar.enter_year',
        objectType: 'holiday_year',
        objectId: String(arrangement.year),
        result: 'ok',
        details: {
          source: arrangement.source,
          holidayPeriods: arrangement.holidays.length,
          makeupWorkdays: arrangement.makeupWorkdays.length,
          ...(isSystemActor(actor) ? { system: actor.system } : {}),
        },
      },
      now,
    );
  });
  forgetCurrentCalendar(ctx.db);
}
