// Test support for 办件, 评价 and 效能投诉: a small catalogue written straight into the tables of
// migration 014 (an open window, a closed one, an offered item and a withdrawn one), so that these
// tests do not depend on the catalogue's own use cases.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { sampleItem } from './testing.ts';

export interface SeededCatalogue {
  windowId: string;
  closedWindowId: string;
  itemId: string;
  /** An item handled at no particular window. */
  looseItemId: string;
  withdrawnItemId: string;
}

export async function seedFeedbackCatalogue(
  db: Kysely<DB>,
  agencyId: string,
  names: { window?: string; item?: string } = {},
): Promise<SeededCatalogue> {
  const at = '2026-01-05T01:00:00.000Z';
  const window = async (name: string, closed: boolean, position: number) => {
    const id = randomUUID();
    await db
      .insertInto('service_windows')
      .values({
        id,
        agency_id: agencyId,
        name,
        hours: '周一至周五 8:30-12:00，14:30-17:30',
        phone: '0391-5012345',
        location: '便民服务大厅一楼',
        position,
        closed_at: closed ? at : null,
        created_by: null,
        created_at: at,
        updated_by: null,
        updated_at: at,
      })
      .execute();
    return id;
  };
  const item = async (
    name: string,
    windowId: string | null,
    windowName: string,
    withdrawn: boolean,
    position: number,
  ) => {
    const id = randomUUID();
    const content = sampleItem({ name, window: windowName });
    await db
      .insertInto('service_items')
      .values({
        id,
        agency_id: agencyId,
        level: 'town',
        name,
        type: content.type,
        window_id: windowId,
        version: 1,
        content: JSON.stringify(content),
        position,
        withdrawn_at: withdrawn ? at : null,
        created_by: null,
        created_at: at,
        updated_by: null,
        updated_at: at,
      })
      .execute();
    return id;
  };
  const windowName = names.window ?? '民政窗口';
  const windowId = await window(windowName, false, 1);
  const closedWindowId = await window(`${windowName}（原）`, true, 2);
  return {
    windowId,
    closedWindowId,
    itemId: await item(names.item ?? '农村五保供养审批', windowId, windowName, false, 1),
    looseItemId: await item('临时救助', null, windowName, false, 2),
    withdrawnItemId: await item('已取消的事项', windowId, windowName, true, 3),
  };
}
