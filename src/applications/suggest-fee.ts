// The tariff of an application under 国办函〔2020〕109号, for the clerk's fee notice: 按件 counts the
// same applicant's applications received in the calendar month up to this one (the applicant key
// identifies the applicant across channels); 按量 prices the pages. The clerk may charge less.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { applicationFee, caseNumberInMonth, type FeeMethod } from '../fees/index.ts';
import { loadApplicationFor } from './record-event.ts';

export interface FeeSuggestion {
  method: FeeMethod;
  /** 按件: the application's place in the applicant's month; 按量: pages. */
  units: number;
  amount: number;
}

export async function suggestFee(
  ctx: UseCaseContext,
  actor: Actor,
  applicationId: string,
  method: FeeMethod,
  pages = 0,
): Promise<FeeSuggestion> {
  const row = await loadApplicationFor(ctx, actor, applicationId, ['handler']);
  if (method === 'per_page') {
    const units = Math.max(0, Math.floor(pages));
    return { method, units, amount: applicationFee({ method, pages: units }) };
  }
  const month = row.received_on.slice(0, 7);
  const others = await ctx.db
    .selectFrom('applications')
    .select(['id', 'received_on', 'created_at'])
    .where('applicant_key', '=', row.applicant_key)
    .where('received_on', '>=', `${month}-01`)
    .where('received_on', '<=', row.received_on)
    .where('id', '!=', row.id)
    .execute();
  // Same day: the one registered earlier comes first.
  const earlier = others
    .filter((o) => o.received_on < row.received_on || o.created_at < row.created_at)
    .map((o) => o.received_on);
  const units = caseNumberInMonth(earlier, row.received_on);
  return { method, units, amount: applicationFee({ method, nthInMonth: units }) };
}
