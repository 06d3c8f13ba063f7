// An admin of an agency creates an agency below it; only the operator creates a top-level region.

import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { actorDetails, actorUserId, forbidden, loadAgencyTree, requireRole } from './access.ts';
import { findAgencyByCreditCode, findSibling, insertAgency } from './agency.repository.ts';
import {
  type Agency,
  type AgencyKind,
  type AgencySettings,
  agencyProblems,
  settingsProblems,
} from './agency.ts';
import { agenciesChanged } from './agency-events.ts';
import { type Actor, isSystemActor, type UseCaseContext } from './principal.ts';

export interface CreateAgencyInput {
  parentId: string | null;
  kind: AgencyKind;
  name: string;
  creditCode?: string | null;
  settings?: AgencySettings;
}

export async function createAgency(
  ctx: UseCaseContext,
  actor: Actor,
  input: CreateAgencyInput,
): Promise<Agency> {
  const tree = await loadAgencyTree(ctx.db);
  if (input.parentId === null) {
    if (!isSystemActor(actor)) throw forbidden('最上级机构只能由系统运维人员创建');
  } else {
    requireRole(actor, ['admin'], input.parentId, tree, '上级机构');
  }
  const name = input.name.trim();
  const creditCode = input.creditCode?.trim().toUpperCase() || null;
  const parentKind = input.parentId === null ? null : tree.nodes.get(input.parentId)!.kind;
  const problems = [
    ...agencyProblems({ parentKind, kind: input.kind, name, creditCode }),
    ...settingsProblems(input.settings ?? {}),
  ];
  if (problems.length > 0) throw new DomainError('input.invalid', problems.join('；'), { problems });

  const now = ctx.now().toISOString();
  const agency: Agency = {
    id: randomUUID(),
    parentId: input.parentId,
    kind: input.kind,
    name,
    creditCode,
    settings: input.settings ?? {},
    createdAt: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    if (await findSibling(trx, agency.parentId, name)) {
      throw new DomainError('conflict.exists', `同一上级机构下已有名为“${name}”的机构`, { name });
    }
    if (creditCode !== null && (await findAgencyByCreditCode(trx, creditCode))) {
      throw new DomainError('conflict.exists', '该统一社会信用代码已被其他机构使用', { creditCode });
    }
    await insertAgency(trx, {
      id: agency.id,
      parent_id: agency.parentId,
      kind: agency.kind,
      name,
      credit_code: creditCode,
      settings: JSON.stringify(agency.settings),
      created_at: now,
    });
    await appendAudit(
      trx,
      {
        userId: actorUserId(actor),
        agencyId: agency.parentId ?? agency.id,
        action: 'agency.create',
        objectType: 'agency',
        objectId: agency.id,
        result: 'ok',
        details: actorDetails(actor, { kind: agency.kind, name, parentId: agency.parentId }),
      },
      now,
    );
  });
  agenciesChanged();
  return agency;
}
