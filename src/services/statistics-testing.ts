// Test support for the service-hall statistics: rows written straight into the tables, dated at
// will (the use cases date everything "now"), so that a test can place windows, items, ratings and
// complaints on either side of a year's end.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export async function insertWindowRow(
  db: Kysely<DB>,
  agencyId: string,
  at: { created: string; closed?: string | null },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('service_windows')
    .values({
      id,
      agency_id: agencyId,
      name: `窗口${id.slice(0, 8)}`,
      hours: '周一至周五 8:30-12:00，14:30-17:30',
      phone: '0391-5012345',
      location: '一楼',
      position: 0,
      closed_at: at.closed ?? null,
      created_by: null,
      created_at: at.created,
      updated_by: null,
      updated_at: at.created,
    })
    .execute();
  return id;
}

export async function insertItemRow(
  db: Kysely<DB>,
  agencyId: string,
  item: { level: string; type: string; created: string; withdrawn?: string | null; windowId?: string | null },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('service_items')
    .values({
      id,
      agency_id: agencyId,
      level: item.level,
      name: `事项${id}`,
      type: item.type,
      window_id: item.windowId ?? null,
      version: 1,
      content: '{}',
      position: 0,
      withdrawn_at: item.withdrawn ?? null,
      created_by: null,
      created_at: item.created,
      updated_by: null,
      updated_at: item.created,
    })
    .execute();
  return id;
}

/** A 办件 and its rating at `at`. */
export async function insertRatingRow(
  db: Kysely<DB>,
  agencyId: string,
  rating: { level: string; at: string; windowId?: string | null; itemId?: string | null },
): Promise<void> {
  const event = randomUUID();
  await db
    .insertInto('service_events')
    .values({
      id: event,
      agency_id: agencyId,
      window_id: rating.windowId ?? null,
      item_id: rating.itemId ?? null,
      channel: 'window',
      occurred_at: rating.at,
      code_hash: randomUUID(),
      created_by: null,
      created_at: rating.at,
    })
    .execute();
  await db
    .insertInto('service_ratings')
    .values({
      id: randomUUID(),
      event_id: event,
      agency_id: agencyId,
      window_id: rating.windowId ?? null,
      item_id: rating.itemId ?? null,
      level: rating.level,
      reason: rating.level.endsWith('dissatisfied') ? '等候时间长' : null,
      source: 'portal',
      rated_at: rating.at,
    })
    .execute();
}

export async function insertComplaintRow(
  db: Kysely<DB>,
  agencyId: string,
  complaint: { received: string; state: string; dueOn: string; onTime: number | null },
): Promise<void> {
  const answered = complaint.state === 'answered';
  await db
    .insertInto('service_complaints')
    .values({
      id: randomUUID(),
      agency_id: agencyId,
      reference: `TS-${randomUUID()}`,
      channel: 'hotline',
      window_id: null,
      item_id: null,
      content: '窗口人员态度差',
      complainant_name: '张三',
      complainant_phone: '13800000000',
      received_at: complaint.received,
      due_on: complaint.dueOn,
      state: complaint.state,
      assigned_to: null,
      assigned_at: null,
      answer: answered ? '已核实整改' : null,
      answered_by: null,
      answered_at: answered ? complaint.received : null,
      on_time: complaint.onTime,
      token_hash: randomUUID(),
      created_by: null,
      created_at: complaint.received,
      updated_at: complaint.received,
    })
    .execute();
}
