// An admin of an agency changes its name, 统一社会信用代码 or settings (contact, enforceTotp …).
// The agency's own annual-report deadline (settings.reportDeadline) is its supervisor's to set: the
// dates of 条例第四十九条 are statutory and the province sets townships' dates, so an agency that could
// move its own deadline could make itself never overdue. Only an admin whose grant reaches the agency
// from above (or the operator) sets, changes or removes it; and only for kinds that publish a report.

import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { actorDetails, actorUserId, loadAgencyTree, notFound, requireRole } from './access.ts';
import { findAgency, findAgencyByCreditCode, findSibling, updateAgencyRow } from './agency.repository.ts';
import {
  AGENCY_KINDS,
  type Agency,
  type AgencyKind,
  type AgencySettings,
  agencyNameProblems,
  isValidCreditCode,
  REPORTING_KINDS,
  settingsProblems,
} from './agency.ts';
import { agenciesChanged } from './agency-events.ts';
import { type AgencyTree, ancestorIds } from './permissions.ts';
import { type Actor, isSystemActor, type UseCaseContext } from './principal.ts';

/** Why an agency's own admin cannot touch its deadline: shown on the refusal and on the settings page. */
export const OWN_DEADLINE_REFUSAL =
  '本机构的政府信息公开工作年度报告发布期限由上级机构设定（条例第四十九条），本机构的管理员不能设定、修改或取消。';

/**
 * The actor may set the agency's own annual-report deadline: an admin grant on a supervising agency
 * covering its subtree (not a grant on the agency itself), or the operator.
 */
export function maySetOwnReportDeadline(actor: Actor, agencyId: string, tree: AgencyTree): boolean {
  if (isSystemActor(actor)) return true;
  const above = new Set(ancestorIds(tree, agencyId));
  return actor.grants.some((g) => g.role === 'admin' && g.includeSubtree && above.has(g.agencyId));
}

/** Villages (村/社区) publish no annual report: no deadline of their own may be set. */
export function ownDeadlineKindProblem(kind: AgencyKind): string | null {
  return REPORTING_KINDS.includes(kind)
    ? null
    : `${AGENCY_KINDS[kind].label}不发布政府信息公开工作年度报告，不设年度报告发布期限`;
}

export interface UpdateAgencyInput {
  agencyId: string;
  name?: string;
  creditCode?: string | null;
  /** Merged into the current settings, key by key; a key set to null is removed. */
  settings?: AgencySettings;
}

export async function updateAgency(
  ctx: UseCaseContext,
  actor: Actor,
  input: UpdateAgencyInput,
): Promise<Agency> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, ['admin'], input.agencyId, tree, '机构');
  const current = await findAgency(ctx.db, input.agencyId);
  if (!current) throw notFound('机构');

  const name = input.name === undefined ? current.name : input.name.trim();
  const creditCode =
    input.creditCode === undefined ? current.creditCode : input.creditCode?.trim().toUpperCase() || null;
  const given = input.settings ?? {};
  // Sent unchanged (a form that shows it read-only) is not a change, and needs no authority.
  const deadlineChanged =
    'reportDeadline' in given && (given.reportDeadline ?? null) !== (current.settings.reportDeadline ?? null);
  if (deadlineChanged && !maySetOwnReportDeadline(actor, current.id, tree))
    throw new DomainError('access.forbidden', OWN_DEADLINE_REFUSAL, { userMessage: OWN_DEADLINE_REFUSAL });
  const problems = [...agencyNameProblems(name), ...settingsProblems(given)];
  const kindProblem = ownDeadlineKindProblem(current.kind);
  if (deadlineChanged && given.reportDeadline != null && kindProblem !== null) problems.push(kindProblem);
  if (creditCode !== null && !isValidCreditCode(creditCode)) {
    problems.push('统一社会信用代码应为18位且校验位正确');
  }
  if (problems.length > 0) throw new DomainError('input.invalid', problems.join('；'), { problems });
  const settings: AgencySettings = { ...current.settings };
  for (const [key, value] of Object.entries(input.settings ?? {})) {
    if (value === null) delete settings[key];
    else settings[key] = value;
  }
  const changed = [
    ...(name !== current.name ? ['name'] : []),
    ...(creditCode !== current.creditCode ? ['creditCode'] : []),
    ...Object.keys(input.settings ?? {}).map((key) => `settings.${key}`),
  ];
  const updated: Agency = { ...current, name, creditCode, settings };
  if (changed.length === 0) return updated;

  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (name !== current.name) {
      const sibling = await findSibling(trx, current.parentId, name);
      if (sibling && sibling.id !== current.id) {
        throw new DomainError('conflict.exists', `同一上级机构下已有名为“${name}”的机构`, { name });
      }
    }
    if (creditCode !== null && creditCode !== current.creditCode) {
      const other = await findAgencyByCreditCode(trx, creditCode);
      if (other && other.id !== current.id) {
        throw new DomainError('conflict.exists', '该统一社会信用代码已被其他机构使用', { creditCode });
      }
    }
    await updateAgencyRow(trx, current.id, {
      name,
      credit_code: creditCode,
      settings: JSON.stringify(settings),
    });
    await appendAudit(
      trx,
      {
        userId: actorUserId(actor),
        agencyId: current.id,
        action: 'agency.update',
        objectType: 'agency',
        objectId: current.id,
        result: 'ok',
        details: actorDetails(actor, { changed }),
      },
      now,
    );
  });
  agenciesChanged();
  return updated;
}
