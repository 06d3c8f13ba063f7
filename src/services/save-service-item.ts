// The clerk adds a service item to the catalogue or corrects it. Every change of content is a new
// version (the number grows by one and the old content stays readable); an edit that changes nothing
// writes nothing. The item's 办理窗口 must name an open window of the same agency. Each write is
// audited in the same transaction. writeItem is shared with the XLSX import.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { DB } from '../db/schema.ts';
import {
  findItem,
  findItems,
  findWindows,
  type ItemRow,
  insertItem,
  insertVersion,
  maxItemPosition,
  updateItemAt,
} from './service-catalogue.repository.ts';
import {
  changedFields,
  contentJson,
  contentOf,
  invalid,
  itemOfRow,
  loadItemFor,
  refusingDuplicates,
  requireAgencyRole,
  SERVICE_EDITOR_ROLES,
  type StoredServiceItem,
  type StoredServiceWindow,
  staleItem,
  userIdOf,
  windowOfRow,
  windowsById,
} from './service-catalogue-shell.ts';
import type { ServiceItem } from './service-item.ts';
import { itemFieldProblems, itemKey, levelLabel, normalizeItem } from './service-item-rules.ts';
import { resolveWindow } from './service-window-rules.ts';

/** What the catalogue already holds that an item is checked against. */
export interface CatalogueState {
  windows: StoredServiceWindow[];
  items: ItemRow[];
}

export async function catalogueState(db: Kysely<DB>, agencyId: string): Promise<CatalogueState> {
  return {
    windows: (await findWindows(db, agencyId)).map(windowOfRow),
    items: await findItems(db, agencyId),
  };
}

const taken = (item: Pick<ServiceItem, 'name' | 'level'>, withdrawn: boolean) =>
  `${levelLabel(item.level)}事项中已有“${item.name.trim()}”${withdrawn ? '（已撤回，可在该事项的页面恢复）' : ''}`;

/**
 * The problems the stored catalogue adds to an item that passes the pure rules: its window (none of
 * the agency's, or closed) and its name taken at its level by another item. Empty when it may be saved.
 */
export function catalogueProblems(
  state: CatalogueState,
  item: ServiceItem,
  selfId: string | null,
): { problems: { field: 'window' | 'name'; message: string }[]; windowId: string | null } {
  const problems: { field: 'window' | 'name'; message: string }[] = [];
  const resolved = resolveWindow(state.windows, item.window);
  if ('problem' in resolved) problems.push({ field: 'window', message: resolved.problem });
  const key = itemKey(item);
  const clash = state.items.find(
    (row) =>
      row.id !== selfId && itemKey({ name: row.name, level: row.level as ServiceItem['level'] }) === key,
  );
  if (clash) problems.push({ field: 'name', message: taken(item, clash.withdrawn_at !== null) });
  return { problems, windowId: 'window' in resolved ? resolved.window.id : null };
}

/** The item normalised and checked against the rules and the catalogue, with its window; or refused. */
async function checkedItem(
  db: Kysely<DB>,
  agencyId: string,
  input: ServiceItem,
  selfId: string | null,
): Promise<{ item: ServiceItem; windowId: string }> {
  const fields = (problems: readonly { field: string; message: string }[]) =>
    Object.fromEntries([...problems].reverse().map((p) => [p.field, p.message]));
  const rules = itemFieldProblems(input);
  if (rules.length > 0)
    throw invalid(
      rules.map((p) => p.message),
      '事项未保存：',
      fields(rules),
    );
  const item = normalizeItem(input);
  const { problems, windowId } = catalogueProblems(await catalogueState(db, agencyId), item, selfId);
  if (problems.length > 0 || windowId === null)
    throw invalid(
      problems.map((p) => p.message),
      '事项未保存：',
      fields(problems),
    );
  return { item, windowId };
}

export type WriteOutcome = 'created' | 'changed' | 'unchanged';

/**
 * Writes a checked item: a new row at version 1, a new version when its content differs from the
 * stored one (read at `expectedVersion`), or nothing. The version row and the item row together.
 */
export async function writeItem(
  trx: Kysely<DB>,
  args: {
    actor: Actor;
    agencyId: string;
    item: ServiceItem;
    windowId: string;
    existing: ItemRow | null;
    expectedVersion?: number;
    source: 'manual' | 'import';
    now: string;
    position?: number;
  },
): Promise<{ outcome: WriteOutcome; id: string; version: number; changed: (keyof ServiceItem)[] }> {
  const user = userIdOf(args.actor);
  const { existing, now, windowId } = args;
  if (existing === null) {
    const id = randomUUID();
    const item = { ...args.item, version: 1 };
    await insertItem(trx, {
      id,
      agency_id: args.agencyId,
      level: item.level,
      name: item.name,
      type: item.type,
      window_id: windowId,
      version: 1,
      content: contentJson(item),
      position: args.position ?? (await maxItemPosition(trx, args.agencyId)) + 1,
      withdrawn_at: null,
      created_by: user,
      created_at: now,
      updated_by: user,
      updated_at: now,
    });
    await insertVersion(trx, {
      item_id: id,
      version: 1,
      content: contentJson(item),
      window_id: windowId,
      source: args.source,
      changed_by: user,
      changed_at: now,
    });
    return { outcome: 'created', id, version: 1, changed: [] };
  }
  const current = Number(existing.version);
  if (args.expectedVersion !== undefined && args.expectedVersion !== current) throw staleItem();
  const before = { ...contentOf(existing.content, current), windowId: existing.window_id };
  const changed = changedFields(before, { ...args.item, windowId });
  if (changed.length === 0) return { outcome: 'unchanged', id: existing.id, version: current, changed };
  const version = current + 1;
  const item = { ...args.item, version };
  const updated = await updateItemAt(trx, existing.id, current, {
    level: item.level,
    name: item.name,
    type: item.type,
    window_id: windowId,
    version,
    content: contentJson(item),
    updated_by: user,
    updated_at: now,
  });
  if (updated !== 1) throw staleItem();
  await insertVersion(trx, {
    item_id: existing.id,
    version,
    content: contentJson(item),
    window_id: windowId,
    source: args.source,
    changed_by: user,
    changed_at: now,
  });
  return { outcome: 'changed', id: existing.id, version, changed };
}

export interface CreateItemInput {
  agencyId: string;
  item: ServiceItem;
}

export async function createItem(
  ctx: UseCaseContext,
  actor: Actor,
  input: CreateItemInput,
): Promise<StoredServiceItem> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, SERVICE_EDITOR_ROLES);
  const now = ctx.now().toISOString();
  const id = await refusingDuplicates(
    () =>
      ctx.db.transaction().execute(async (trx) => {
        const { item, windowId } = await checkedItem(trx, input.agencyId, input.item, null);
        const written = await writeItem(trx, {
          actor,
          agencyId: input.agencyId,
          item,
          windowId,
          existing: null,
          source: 'manual',
          now,
        });
        await appendAudit(
          trx,
          {
            userId: userIdOf(actor),
            agencyId: input.agencyId,
            action: 'service.item.create',
            objectType: 'service_item',
            objectId: written.id,
            result: 'ok',
            details: { name: item.name, level: item.level, version: 1 },
          },
          now,
        );
        return written.id;
      }),
    taken(input.item, false),
  );
  return itemOfRow((await findItem(ctx.db, id))!, await windowsById(ctx.db, input.agencyId));
}

export interface UpdateItemInput {
  agencyId: string;
  itemId: string;
  /** The version the form was filled in on. */
  version: number;
  item: ServiceItem;
}

/** Saves the item's new content as its next version; returns it, and whether anything changed. */
export async function updateItem(
  ctx: UseCaseContext,
  actor: Actor,
  input: UpdateItemInput,
): Promise<{ item: StoredServiceItem; changed: boolean }> {
  const current = await loadItemFor(ctx, actor, input.agencyId, input.itemId, SERVICE_EDITOR_ROLES);
  if (input.version !== current.version) throw staleItem();
  const now = ctx.now().toISOString();
  const outcome = await refusingDuplicates(
    () =>
      ctx.db.transaction().execute(async (trx) => {
        const { item, windowId } = await checkedItem(trx, input.agencyId, input.item, current.id);
        const existing = (await findItem(trx, current.id))!;
        const written = await writeItem(trx, {
          actor,
          agencyId: input.agencyId,
          item,
          windowId,
          existing,
          expectedVersion: input.version,
          source: 'manual',
          now,
        });
        if (written.outcome === 'changed')
          await appendAudit(
            trx,
            {
              userId: userIdOf(actor),
              agencyId: input.agencyId,
              action: 'service.item.update',
              objectType: 'service_item',
              objectId: current.id,
              result: 'ok',
              details: { name: item.name, version: written.version, changed: written.changed },
            },
            now,
          );
        return written.outcome;
      }),
    taken(input.item, false),
  );
  return {
    item: itemOfRow((await findItem(ctx.db, current.id))!, await windowsById(ctx.db, input.agencyId)),
    changed: outcome === 'changed',
  };
}
