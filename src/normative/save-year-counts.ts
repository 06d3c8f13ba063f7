// The clerk types in the year's figures of table 二 第（五）、（六）、（八）项: decisions on 行政许可,
// 行政处罚 and 行政强制, and 行政事业性收费 in 万元. A year is entered again to correct it; audited.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { findYearCounts, upsertYearCounts } from './normative.repository.ts';
import type { YearCounts } from './normative.ts';
import { yearCountsProblems } from './normative-rules.ts';
import { invalid, NORMATIVE_EDITOR_ROLES, requireAgencyRole, userIdOf } from './normative-shell.ts';

export async function saveYearCounts(
  ctx: UseCaseContext,
  actor: Actor,
  input: { agencyId: string; counts: YearCounts },
): Promise<YearCounts> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, NORMATIVE_EDITOR_ROLES);
  const thisYear = Number(shanghaiDate(ctx.now()).slice(0, 4));
  const problems = yearCountsProblems(input.counts, thisYear);
  if (problems.length > 0) throw invalid(problems, '数量未保存：');
  const { year, licensing, penalty, enforcement, feesYuan } = input.counts;
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findYearCounts(trx, input.agencyId, year);
    await upsertYearCounts(trx, {
      agency_id: input.agencyId,
      year,
      licensing,
      penalty,
      enforcement,
      fees_yuan: feesYuan,
      updated_by: userIdOf(actor),
      updated_at: now,
    });
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: input.agencyId,
        action: 'normative.year_counts',
        objectType: 'normative_year_counts',
        objectId: `${input.agencyId}/${year}`,
        result: 'ok',
        details: {
          year,
          licensing,
          penalty,
          enforcement,
          feesYuan,
          ...(before
            ? {
                before: {
                  licensing: before.licensing,
                  penalty: before.penalty,
                  enforcement: before.enforcement,
                  feesYuan: Number(before.fees_yuan),
                },
              }
            : {}),
        },
      },
      now,
    );
  });
  return { year, licensing, penalty, enforcement, feesYuan };
}
