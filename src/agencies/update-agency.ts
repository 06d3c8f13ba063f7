// An admin of an agency changes its name, 统一社会信用代码 or settings (contact, enforceTotp …).

import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { actorDetails, actorUserId, loadAgencyTree, notFound, requireRole } from './access.ts';
import { findAgency, findAgencyByCreditCode, findSibling, updateAgencyRow } from './agency.repository.ts';
import {
  type Agency,
  type AgencySettings,
  agencyNameProblems,
  isValidCreditCode,
  settingsProblems,
} from './agency.ts';
import { agenciesChanged } from './agency-events.ts';
import type { Actor, UseCaseContext } from './principal.ts';

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
  const problems = [...agencyNameProblems(name), ...settingsProblems(input.settings ?? {})];
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
