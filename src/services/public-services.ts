// What the portal shows of an agency's 便民服务大厅: its open windows and the items still offered,
// nothing withdrawn or closed, nothing of who changed what. Public reads, no actor: the agency is
// checked to be public by the route before anything is read.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findItem, findItems, findWindow, findWindows } from './service-catalogue.repository.ts';
import {
  itemOfRow,
  type StoredServiceItem,
  type StoredServiceWindow,
  windowOfRow,
} from './service-catalogue-shell.ts';
import type { OpeningHours } from './service-item.ts';
import { openAt, parseOpeningHours } from './service-item-rules.ts';

export type PublicServiceItem = Omit<StoredServiceItem, 'createdAt' | 'updatedAt' | 'withdrawnAt'>;

export interface PublicServiceWindow {
  id: string;
  name: string;
  hours: string;
  phone: string;
  location: string;
}

export interface PublicServiceCatalogue {
  /** Open windows, in the hall's order. */
  windows: PublicServiceWindow[];
  /** Offered items, in the catalogue's order. */
  items: PublicServiceItem[];
}

function publicWindowOf(w: StoredServiceWindow): PublicServiceWindow {
  return { id: w.id, name: w.name, hours: w.hours, phone: w.phone, location: w.location };
}

function publicItemOf(item: StoredServiceItem): PublicServiceItem {
  const { createdAt: _, updatedAt: __, withdrawnAt: ___, ...rest } = item;
  return rest;
}

/** The agency's open windows and offered items. */
export async function publicServiceCatalogue(
  db: Kysely<DB>,
  agencyId: string,
): Promise<PublicServiceCatalogue> {
  const windows = (await findWindows(db, agencyId)).map(windowOfRow);
  const byId = new Map(windows.map((w) => [w.id, w] as const));
  const items = (await findItems(db, agencyId))
    .filter((row) => row.withdrawn_at === null)
    .map((row) => publicItemOf(itemOfRow(row, byId)));
  return { windows: windows.filter((w) => w.closedAt === null).map(publicWindowOf), items };
}

/** An offered item of the agency, with its window when that is open; null otherwise. */
export async function publicServiceItem(
  db: Kysely<DB>,
  agencyId: string,
  itemId: string,
): Promise<{ item: PublicServiceItem; window: PublicServiceWindow | null } | null> {
  const row = await findItem(db, itemId);
  if (!row || row.agency_id !== agencyId || row.withdrawn_at !== null) return null;
  const windowRow = row.window_id === null ? undefined : await findWindow(db, row.window_id);
  const window = windowRow && windowRow.agency_id === agencyId ? windowOfRow(windowRow) : null;
  const item = publicItemOf(itemOfRow(row, new Map(window ? [[window.id, window]] : [])));
  return { item, window: window && window.closedAt === null ? publicWindowOf(window) : null };
}

/** An open window of the agency with the items offered there; null otherwise. */
export async function publicServiceWindow(
  db: Kysely<DB>,
  agencyId: string,
  windowId: string,
): Promise<{ window: PublicServiceWindow; items: PublicServiceItem[] } | null> {
  const row = await findWindow(db, windowId);
  if (!row || row.agency_id !== agencyId || row.closed_at !== null) return null;
  const window = windowOfRow(row);
  const items = (await findItems(db, agencyId))
    .filter((r) => r.window_id === window.id && r.withdrawn_at === null)
    .map((r) => publicItemOf(itemOfRow(r, new Map([[window.id, window]]))));
  return { window: publicWindowOf(window), items };
}

/** The weekday (1 = 周一 … 7 = 周日) and the minute of the day of an instant in Beijing time. */
export function beijingWeekMinute(now: Date): { weekday: number; minute: number } {
  const shifted = new Date(now.getTime() + 8 * 3600 * 1000);
  const day = shifted.getUTCDay();
  return { weekday: day === 0 ? 7 : day, minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
}

/**
 * Whether the window is open at `now` by its 办公时间 (Beijing time); null when the hours as stored
 * cannot be read (then the page shows the hours as written and says nothing of now). Public
 * holidays are not known to the hours: the page says so.
 */
export function openNow(hours: string, now: Date): boolean | null {
  const parsed = parseOpeningHours(hours);
  if ('problem' in parsed) return null;
  const { weekday, minute } = beijingWeekMinute(now);
  return openAt(parsed.value as readonly OpeningHours[], weekday, minute);
}
