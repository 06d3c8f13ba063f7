// The agency's 公开目录: anyone reads it (the portal browses by it); the agency's editors and admins
// rename or hide a default category (the 26 areas are editable data) and add their own.
import type { Kysely } from 'kysely';
import { type Actor, loadAgencyTree, requireRole, type UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  type CatalogueCategory,
  categoryNameProblems,
  defaultCategory,
  nextOwnCategoryCode,
} from './catalogue.ts';
import { findStoredCategories, upsertCategory } from './disclosure.repository.ts';
import { catalogueOf, findAgency, userIdOf } from './item-shell.ts';

export const CATALOGUE_EDITOR_ROLES = ['editor', 'admin'] as const;

/** The agency's catalogue (hidden categories marked), or not found. */
export async function listCatalogue(db: Kysely<DB>, agencyId: string): Promise<CatalogueCategory[]> {
  const agency = await findAgency(db, agencyId);
  if (!agency) throw new DomainError('access.not_found', '机构不存在');
  return catalogueOf(db, agency);
}

export interface SaveCategoryInput {
  agencyId: string;
  /** A category of the catalogue to rename or hide; absent: a new category of the agency's own. */
  code?: string | null;
  name: string;
  hidden?: boolean;
}

export async function saveCategory(
  ctx: UseCaseContext,
  actor: Actor,
  input: SaveCategoryInput,
): Promise<CatalogueCategory> {
  requireRole(actor, CATALOGUE_EDITOR_ROLES, input.agencyId, await loadAgencyTree(ctx.db), '机构');
  const agency = (await findAgency(ctx.db, input.agencyId))!;
  const problems = categoryNameProblems(input.name ?? '');
  if (problems.length > 0)
    throw new DomainError('input.invalid', problems.join('；'), {
      problems,
      userMessage: problems.join('；'),
    });
  const name = input.name.trim();
  const now = ctx.now().toISOString();
  const code = await ctx.db.transaction().execute(async (trx) => {
    const stored = await findStoredCategories(trx, agency.id);
    const catalogue = await catalogueOf(trx, agency);
    let code = input.code ?? null;
    let group: string;
    let position: number;
    if (code !== null) {
      const existing = catalogue.find((c) => c.code === code);
      if (!existing) throw new DomainError('access.not_found', '栏目不存在');
      group = existing.group;
      position = stored.find((s) => s.code === code)?.position ?? 0;
    } else {
      code = nextOwnCategoryCode(stored.map((s) => s.code));
      group = 'own';
      position = stored.filter((s) => !defaultCategory(s.code)).length + 1;
    }
    if (catalogue.some((c) => c.code !== code && c.name === name && !c.hidden))
      throw new DomainError('conflict.exists', '已有同名栏目', { userMessage: '已有同名栏目' });
    await upsertCategory(trx, {
      agency_id: agency.id,
      code,
      category_group: group,
      name,
      position,
      hidden: input.hidden ? 1 : 0,
      updated_by: userIdOf(actor),
      updated_at: now,
    });
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: agency.id,
        action: 'disclosure.category_saved',
        objectType: 'disclosure_category',
        objectId: code,
        result: 'ok',
        details: { code, hidden: !!input.hidden, created: input.code == null },
      },
      now,
    );
    return code;
  });
  return (await listCatalogue(ctx.db, agency.id)).find((c) => c.code === code)!;
}
