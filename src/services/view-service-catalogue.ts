// Reading the catalogue in the back office: the windows, the items (filtered by level and window,
// withdrawn ones apart), one item with all its versions, the counts per level and type, and the
// current catalogue as the XLSX template (reading it back changes nothing).
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { findItems, findVersions, findWindows } from './service-catalogue.repository.ts';
import {
  itemOfRow,
  loadItemFor,
  loadWindowFor,
  requireAgencyRole,
  SERVICE_READER_ROLES,
  type ServiceItemVersion,
  type StoredServiceItem,
  type StoredServiceWindow,
  versionOfRow,
  windowOfRow,
} from './service-catalogue-shell.ts';
import {
  isServiceLevel,
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_LEVEL_IDS,
  type ServiceItemType,
  type ServiceLevel,
} from './service-item.ts';
import { exportServiceItems } from './service-item-xlsx.ts';

export async function listWindows(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<StoredServiceWindow[]> {
  await requireAgencyRole(ctx.db, actor, agencyId, SERVICE_READER_ROLES);
  return (await findWindows(ctx.db, agencyId)).map(windowOfRow);
}

export async function getWindow(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  windowId: string,
): Promise<StoredServiceWindow> {
  return loadWindowFor(ctx, actor, agencyId, windowId, SERVICE_READER_ROLES);
}

export interface ItemFilter {
  level?: string;
  windowId?: string;
}

/** The agency's items, offered first in the catalogue's order, each with its window's current name. */
export async function listItems(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  filter: ItemFilter = {},
): Promise<StoredServiceItem[]> {
  await requireAgencyRole(ctx.db, actor, agencyId, SERVICE_READER_ROLES);
  const windows = new Map((await findWindows(ctx.db, agencyId)).map((r) => [r.id, windowOfRow(r)] as const));
  return (await findItems(ctx.db, agencyId))
    .map((row) => itemOfRow(row, windows))
    .filter(
      (item) =>
        (!isServiceLevel(filter.level) || item.level === filter.level) &&
        (filter.windowId === undefined || filter.windowId === '' || item.windowId === filter.windowId),
    );
}

export async function getItem(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  itemId: string,
): Promise<{ item: StoredServiceItem; versions: ServiceItemVersion[] }> {
  const item = await loadItemFor(ctx, actor, agencyId, itemId, SERVICE_READER_ROLES);
  return { item, versions: (await findVersions(ctx.db, item.id)).map(versionOfRow) };
}

export interface CatalogueCounts {
  /** Items offered (not withdrawn). */
  offered: number;
  withdrawn: number;
  byLevel: Record<ServiceLevel, number>;
  byType: Record<ServiceItemType, number>;
  /** Per level and type, offered items only. */
  byLevelAndType: Record<ServiceLevel, Record<ServiceItemType, number>>;
}

/** The counts of the catalogue page: offered items per level and per type; withdrawn ones apart. */
export function catalogueCounts(
  items: readonly Pick<StoredServiceItem, 'level' | 'type' | 'withdrawnAt'>[],
): CatalogueCounts {
  const zeroTypes = () =>
    Object.fromEntries(SERVICE_ITEM_TYPE_IDS.map((t) => [t, 0])) as Record<ServiceItemType, number>;
  const counts: CatalogueCounts = {
    offered: 0,
    withdrawn: 0,
    byLevel: Object.fromEntries(SERVICE_LEVEL_IDS.map((l) => [l, 0])) as Record<ServiceLevel, number>,
    byType: zeroTypes(),
    byLevelAndType: Object.fromEntries(SERVICE_LEVEL_IDS.map((l) => [l, zeroTypes()])) as Record<
      ServiceLevel,
      Record<ServiceItemType, number>
    >,
  };
  for (const item of items) {
    if (item.withdrawnAt !== null) {
      counts.withdrawn += 1;
      continue;
    }
    counts.offered += 1;
    counts.byLevel[item.level] += 1;
    counts.byType[item.type] += 1;
    counts.byLevelAndType[item.level][item.type] += 1;
  }
  return counts;
}

/** The offered items and the open windows as the import template: importing the file again changes nothing. */
export async function exportCatalogue(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<Uint8Array> {
  const items = (await listItems(ctx, actor, agencyId)).filter((i) => i.withdrawnAt === null);
  const windows = (await listWindows(ctx, actor, agencyId)).filter((w) => w.closedAt === null);
  return exportServiceItems(
    items.map(
      ({
        id: _,
        agencyId: __,
        windowId: ___,
        position: ____,
        withdrawnAt: _____,
        createdAt: ______,
        updatedAt: _______,
        ...item
      }) => item,
    ),
    windows,
  );
}
