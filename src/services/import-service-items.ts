// The import of the catalogue from the XLSX template. checkServiceImport adds to what the reader
// found the problems only the database knows (a 办理窗口 that is none of the agency's open windows,
// an item withdrawn earlier) and tells, row by row, whether the import would add the item, make a new
// version of it or leave it as it is. importServiceItems writes all or nothing in one transaction with
// one audit record, after checking every item again; an item already stored (same level and name)
// gets a new version only when its content differs, so importing an export changes nothing.
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { type CatalogueState, catalogueProblems, catalogueState, writeItem } from './save-service-item.ts';
import type { ItemRow } from './service-catalogue.repository.ts';
import {
  changedFields,
  contentOf,
  refusingDuplicates,
  requireAgencyRole,
  SERVICE_EDITOR_ROLES,
  userIdOf,
} from './service-catalogue-shell.ts';
import type { ServiceItem } from './service-item.ts';
import { duplicateItems, itemKey, itemProblems, normalizeItem } from './service-item-rules.ts';
import { ITEM_COLUMNS, ITEMS_SHEET, type ParsedServiceItems, type RowProblem } from './service-item-xlsx.ts';

export type ImportOutcome = 'created' | 'changed' | 'unchanged';

export interface CheckedServiceImport extends ParsedServiceItems {
  /** For each row without problems: what importing it would do. */
  outcomes: { row: number; name: string; outcome: ImportOutcome }[];
}

const header = (field: keyof ServiceItem) => ITEM_COLUMNS.find((c) => c.field === field)!.header;

function storedByKey(items: readonly ItemRow[]): Map<string, ItemRow> {
  return new Map(
    items.map((row) => [itemKey({ name: row.name, level: row.level as ServiceItem['level'] }), row]),
  );
}

/** The problems of one item against the stored catalogue, and what writing it would do. */
function planItem(
  state: CatalogueState,
  stored: ReadonlyMap<string, ItemRow>,
  item: ServiceItem,
): {
  problems: { field: 'window' | 'name'; message: string }[];
  outcome: ImportOutcome;
  existing: ItemRow | null;
  windowId: string | null;
} {
  const existing = stored.get(itemKey(item)) ?? null;
  const { problems, windowId } = catalogueProblems(state, item, existing?.id ?? null);
  if (existing !== null && existing.withdrawn_at !== null)
    problems.push({
      field: 'name',
      message: `事项“${item.name}”已撤回，导入不会恢复它：请先在该事项的页面恢复，或删去这一行`,
    });
  let outcome: ImportOutcome = 'created';
  if (existing !== null)
    outcome =
      changedFields(
        { ...contentOf(existing.content, Number(existing.version)), windowId: existing.window_id },
        { ...item, windowId },
      ).length === 0
        ? 'unchanged'
        : 'changed';
  return { problems, outcome, existing, windowId };
}

/** The parsed file with the database's problems added; rows with any problem lose their value. */
export async function checkServiceImport(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  parsed: ParsedServiceItems,
): Promise<CheckedServiceImport> {
  await requireAgencyRole(ctx.db, actor, agencyId, SERVICE_EDITOR_ROLES);
  if (parsed.fileProblem !== null) return { ...parsed, outcomes: [] };
  const state = await catalogueState(ctx.db, agencyId);
  const stored = storedByKey(state.items);
  const outcomes: CheckedServiceImport['outcomes'] = [];
  const rows = parsed.rows.map((r) => {
    if (r.value === null) return r;
    const plan = planItem(state, stored, r.value);
    if (plan.problems.length === 0) {
      outcomes.push({ row: r.row, name: r.value.name, outcome: plan.outcome });
      return r;
    }
    const problems: RowProblem[] = plan.problems.map((p) => ({
      sheet: ITEMS_SHEET,
      row: r.row,
      column: header(p.field),
      reason: p.message,
    }));
    return { row: r.row, value: null, problems: [...r.problems, ...problems] };
  });
  return { rows, fileProblem: null, outcomes };
}

export interface ImportServiceItemsInput {
  agencyId: string;
  items: readonly ServiceItem[];
}

export interface ImportServiceItemsResult {
  created: number;
  changed: number;
  unchanged: number;
}

export async function importServiceItems(
  ctx: UseCaseContext,
  actor: Actor,
  input: ImportServiceItemsInput,
): Promise<ImportServiceItemsResult> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, SERVICE_EDITOR_ROLES);
  const fail = (lines: string[]) =>
    new DomainError('input.invalid', '导入的内容有误', {
      userMessage: '导入的内容有误，未导入任何内容：',
      problems: lines,
    });
  const problems: string[] = [];
  input.items.forEach((item, i) => {
    for (const p of itemProblems(item)) problems.push(`第 ${i + 1} 个事项：${p}`);
  });
  if (problems.length > 0) throw fail(problems);
  const items = input.items.map(normalizeItem);
  for (const [i, others] of duplicateItems(items))
    if (others[0]! > i)
      problems.push(`第 ${i + 1} 个事项与第 ${others.map((j) => j + 1).join('、')} 个事项的名称和层级相同`);
  if (items.length === 0) problems.push('没有可以导入的事项');
  if (problems.length > 0) throw fail(problems);
  const now = ctx.now().toISOString();
  const result: ImportServiceItemsResult = { created: 0, changed: 0, unchanged: 0 };
  await refusingDuplicates(
    () =>
      ctx.db.transaction().execute(async (trx) => {
        const state = await catalogueState(trx, input.agencyId);
        const stored = storedByKey(state.items);
        const plans = items.map((item) => planItem(state, stored, item));
        const refused = plans.flatMap((plan, i) =>
          plan.problems.map((p) => `第 ${i + 1} 个事项：${p.message}`),
        );
        if (refused.length > 0) throw fail(refused);
        const names: Record<'created' | 'changed', string[]> = { created: [], changed: [] };
        for (const [i, plan] of plans.entries()) {
          const written = await writeItem(trx, {
            actor,
            agencyId: input.agencyId,
            item: items[i]!,
            windowId: plan.windowId!,
            existing: plan.existing,
            ...(plan.existing ? { expectedVersion: Number(plan.existing.version) } : {}),
            source: 'import',
            now,
          });
          result[written.outcome] += 1;
          if (written.outcome !== 'unchanged') names[written.outcome].push(items[i]!.name);
        }
        // An import that changes nothing writes nothing, not even its audit record.
        if (result.created + result.changed === 0) return;
        await appendAudit(
          trx,
          {
            userId: userIdOf(actor),
            agencyId: input.agencyId,
            action: 'service.item.import',
            objectType: 'service_items',
            objectId: input.agencyId,
            result: 'ok',
            details: { created: names.created, changed: names.changed, unchanged: result.unchanged },
          },
          now,
        );
      }),
    '导入时另有人同时添加了同名事项，请刷新后重新导入',
  );
  return result;
}

/** The items of a checked file's rows without problems, as the import takes them. */
export function importableItems(checked: ParsedServiceItems): ServiceItem[] {
  return checked.rows.flatMap((r) => (r.value === null ? [] : [r.value]));
}
