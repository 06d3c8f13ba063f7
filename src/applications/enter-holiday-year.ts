// Entering a year's holiday notice moves the due date of every open application that counts a day
// of that year: the arrangement is saved (audited), then every open application is recomputed.
// Should the recompute fail, the daily job (deadline-jobs.ts) redoes it with the calendar in force.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { enterHolidayArrangement, type HolidayArrangement } from '../calendar/index.ts';
import { recomputeOpenApplications } from './deadline-jobs.ts';

export async function enterHolidayYear(
  ctx: UseCaseContext,
  actor: Actor,
  arrangement: HolidayArrangement,
): Promise<{ movedApplications: number }> {
  await enterHolidayArrangement(ctx, actor, arrangement);
  return { movedApplications: await recomputeOpenApplications(ctx.db, ctx.now()) };
}
