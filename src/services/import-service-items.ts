// The import of the catalogue from the XLSX template. checkServiceImport adds to what the reader
// found the problems only the database knows (a 办理窗口 that is neither one of the agency's open
// windows nor one of the file's windows sheet, a closed window, an item withdrawn earlier) and tells,
// row by row, whether the import would add the window or item, change it or leave it as it is.
// importServiceItems writes all or nothing in one transaction with one audit record, after checking
// everything again: the windows first, then the items; an item already stored (same level and name)
// gets a new version only when its content differs, so importing an export changes nothing.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { lockUntilCommit } from '../db/advisory-lock.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import { type CatalogueState, catalogueProblems, catalogueState, writeItem } from './save-service-item.ts';
import {
  type ItemRow,
  insertWindow,
  maxWindowPosition,
  updateWindowRow,
} from './service-catalogue.repository.ts';
import {
  changedFields,
  contentOf,
  refusingDuplicates,
  requireAgencyRole,
  SERVICE_EDITOR_ROLES,
  userIdOf,
} from './service-catalogue-shell.ts';
import type { ServiceItem } from './service-item.ts';
import { comparable, duplicateItems, itemKey, itemProblems, normalizeItem } from './service-item-rules.ts';
import {
  ITEM_COLUMNS,
  ITEMS_SHEET,
  type ParsedServiceItems,
  type RowProblem,
  WINDOWS_SHEET,
} from './service-item-xlsx.ts';
import { normalizeWindow, type WindowInput, windowFieldProblems } from './service-window-rules.ts';

export type ImportOutcome = 'created' | 'changed' | 'unchanged';

export interface CheckedServiceImport extends ParsedServiceItems {
  /** For each item row without problems: what importing it would do. */
  outcomes: { row: number; name: string; outcome: ImportOutcome }[];
  /** For each window row without problems: what importing it would do. */
  windowOutcomes: { row: number; name: string; outcome: ImportOutcome }[];
}

/** What importing a window would do to the stored ones: a problem, or its outcome and the row it changes. */
function planWindow(
  state: CatalogueState,
  window: WindowInput,
): { problem: string } | { outcome: ImportOutcome; existing: CatalogueState['windows'][number] | null } {
  const key = comparable(window.name);
  const existing = state.windows.find((w) => comparable(w.name) === key) ?? null;
  if (existing === null) return { outcome: 'created', existing };
  if (existing.closedAt !== null)
    return {
      problem: `窗口“${existing.name}”已关闭，导入不会重新开放它：请先在“服务窗口”中重新开放，或删去这一行`,
    };
  const same =
    existing.name === window.name &&
    existing.hours === window.hours &&
    existing.phone === window.phone &&
    existing.location === window.location;
  return { outcome: same ? 'unchanged' : 'changed', existing };
}

/** The state as it will be once the file's new windows are added (open, with stand-in ids). */
function withNewWindows(state: CatalogueState, windows: readonly WindowInput[]): CatalogueState {
  const added = windows
    .filter((w) => !state.windows.some((s) => comparable(s.name) === comparable(w.name)))
    .map((w) => ({
      ...w,
      id: `new:${comparable(w.name)}`,
      agencyId: '',
      position: 0,
      closedAt: null,
      createdAt: '',
      updatedAt: '',
    }));
  return { ...state, windows: [...state.windows, ...added] };
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
  if (parsed.fileProblem !== null) return { ...parsed, outcomes: [], windowOutcomes: [] };
  const stored = await catalogueState(ctx.db, agencyId);
  const windowOutcomes: CheckedServiceImport['windowOutcomes'] = [];
  const windows = parsed.windows.map((r) => {
    if (r.value === null) return r;
    const plan = planWindow(stored, r.value);
    if ('outcome' in plan) {
      windowOutcomes.push({ row: r.row, name: r.value.name, outcome: plan.outcome });
      return r;
    }
    const problem = { sheet: WINDOWS_SHEET, row: r.row, column: '窗口名称', reason: plan.problem };
    return { row: r.row, value: null, problems: [...r.problems, problem] };
  });
  const state = withNewWindows(
    stored,
    windows.flatMap((r) => (r.value === null ? [] : [r.value])),
  );
  const byKey = storedByKey(state.items);
  const outcomes: CheckedServiceImport['outcomes'] = [];
  const rows = parsed.rows.map((r) => {
    if (r.value === null) return r;
    const plan = planItem(state, byKey, r.value);
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
  return { rows, windows, fileProblem: null, outcomes, windowOutcomes };
}

export interface ImportServiceItemsInput {
  agencyId: string;
  /** The windows to add or update first (none when the file had no windows sheet). */
  windows?: readonly WindowInput[];
  items: readonly ServiceItem[];
}

export interface ImportServiceItemsResult {
  created: number;
  changed: number;
  unchanged: number;
  windows: { created: number; changed: number; unchanged: number };
}

/** Adds or updates the windows (already checked), keeping a stored window's place in the list. */
async function writeWindows(
  trx: Kysely<DB>,
  agencyId: string,
  windows: readonly WindowInput[],
  user: string | null,
  now: string,
): Promise<{ counts: ImportServiceItemsResult['windows']; names: Record<'created' | 'changed', string[]> }> {
  const counts = { created: 0, changed: 0, unchanged: 0 };
  const names: Record<'created' | 'changed', string[]> = { created: [], changed: [] };
  const state = await catalogueState(trx, agencyId);
  const problems: string[] = [];
  for (const window of windows) {
    const plan = planWindow(state, window);
    if ('problem' in plan) {
      problems.push(plan.problem);
      continue;
    }
    counts[plan.outcome] += 1;
    if (plan.outcome === 'unchanged') continue;
    names[plan.outcome].push(window.name);
    if (plan.existing === null)
      await insertWindow(trx, {
        id: randomUUID(),
        agency_id: agencyId,
        name: window.name,
        hours: window.hours,
        phone: window.phone,
        location: window.location,
        position: (await maxWindowPosition(trx, agencyId)) + 1,
        closed_at: null,
        created_by: user,
        created_at: now,
        updated_by: user,
        updated_at: now,
      });
    else
      await updateWindowRow(trx, plan.existing.id, {
        name: window.name,
        hours: window.hours,
        phone: window.phone,
        location: window.location,
        updated_by: user,
        updated_at: now,
      });
  }
  if (problems.length > 0)
    throw new DomainError('input.invalid', '导入的内容有误', {
      userMessage: '导入的内容有误，未导入任何内容：',
      problems,
    });
  return { counts, names };
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
  const windows = (input.windows ?? []).map((w, i) => {
    for (const p of windowFieldProblems(w)) problems.push(`第 ${i + 1} 个窗口：${p.message}`);
    return w;
  });
  input.items.forEach((item, i) => {
    for (const p of itemProblems(item)) problems.push(`第 ${i + 1} 个事项：${p}`);
  });
  if (problems.length > 0) throw fail(problems);
  const cleanWindows = windows.map(normalizeWindow);
  const windowKeys = cleanWindows.map((w) => comparable(w.name));
  windowKeys.forEach((key, i) => {
    if (windowKeys.indexOf(key) !== i)
      problems.push(`第 ${i + 1} 个窗口与第 ${windowKeys.indexOf(key) + 1} 个窗口的名称相同`);
  });
  const items = input.items.map(normalizeItem);
  for (const [i, others] of duplicateItems(items))
    if (others[0]! > i)
      problems.push(`第 ${i + 1} 个事项与第 ${others.map((j) => j + 1).join('、')} 个事项的名称和层级相同`);
  if (items.length === 0 && cleanWindows.length === 0) problems.push('没有可以导入的事项');
  if (problems.length > 0) throw fail(problems);
  const now = ctx.now().toISOString();
  const user = userIdOf(actor);
  const result: ImportServiceItemsResult = {
    created: 0,
    changed: 0,
    unchanged: 0,
    windows: { created: 0, changed: 0, unchanged: 0 },
  };
  await refusingDuplicates(
    () =>
      ctx.db.transaction().execute(async (trx) => {
        // Two imports of one agency's catalogue in turn: each writes many rows in its file's
        // order, and two orders of the same rows would make them wait for each other.
        await lockUntilCommit(trx, `service-import:${input.agencyId}`);
        // The windows first: the items may name the ones the file adds.
        const windowsWritten = await writeWindows(trx, input.agencyId, cleanWindows, user, now);
        result.windows = windowsWritten.counts;
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
        if (result.created + result.changed + result.windows.created + result.windows.changed === 0) return;
        await appendAudit(
          trx,
          {
            userId: user,
            agencyId: input.agencyId,
            action: 'service.item.import',
            objectType: 'service_items',
            objectId: input.agencyId,
            result: 'ok',
            details: {
              created: names.created,
              changed: names.changed,
              unchanged: result.unchanged,
              windows: windowsWritten.names,
            },
          },
          now,
        );
      }),
    '导入时另有人同时添加了同名事项或窗口，请刷新后重新导入',
  );
  return result;
}

/** The items of a checked file's rows without problems, as the import takes them. */
export function importableItems(checked: ParsedServiceItems): ServiceItem[] {
  return checked.rows.flatMap((r) => (r.value === null ? [] : [r.value]));
}

/** The windows of a checked file's rows without problems, as the import takes them. */
export function importableWindows(checked: ParsedServiceItems): WindowInput[] {
  return checked.windows.flatMap((r) => (r.value === null ? [] : [r.value]));
}
