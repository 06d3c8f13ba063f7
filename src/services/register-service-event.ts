// A 政务服务 clerk registers a 办件 (at a window, or online) of one of the agency's items: the
// receipt carries a 评价码, shown this once; only its SHA-256 is stored, so the database gives
// nobody a code to rate with. The latest 办件 are listed for the clerk without their codes.
import { randomInt, randomUUID } from 'node:crypto';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { generateRatingCode, isSatisfactionLevel, type SatisfactionLevel } from './satisfaction.ts';
import { findRecentEvents, insertEvent, namesOf } from './service-feedback.repository.ts';
import {
  FEEDBACK_CLERK_ROLES,
  hashSecret,
  invalid,
  isUniqueViolation,
  itemOfAgency,
  requireAgencyRole,
  userIdOf,
  windowOfAgency,
} from './service-feedback-shell.ts';

export const SERVICE_EVENT_CHANNELS = {
  window: { label: '窗口办理' },
  online: { label: '网上办理' },
} as const;
export type ServiceEventChannel = keyof typeof SERVICE_EVENT_CHANNELS;

export function isServiceEventChannel(value: unknown): value is ServiceEventChannel {
  return typeof value === 'string' && Object.hasOwn(SERVICE_EVENT_CHANNELS, value);
}

export interface RegisterServiceEventInput {
  agencyId: string;
  itemId: string;
  channel: ServiceEventChannel;
  /** The window it was handled at; for a window 办件 without one, the item's own window. */
  windowId: string | null;
}

export interface RegisteredServiceEvent {
  eventId: string;
  /** The 评价码 in canonical form: shown on the receipt once, never stored. */
  code: string;
  occurredAt: string;
  itemName: string;
  windowName: string | null;
  channel: ServiceEventChannel;
}

export async function registerServiceEvent(
  ctx: UseCaseContext,
  actor: Actor,
  input: RegisterServiceEventInput,
): Promise<RegisteredServiceEvent> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, FEEDBACK_CLERK_ROLES);
  if (!isServiceEventChannel(input.channel)) throw invalid(['请选择办理方式（窗口办理或网上办理）']);
  const item = await itemOfAgency(ctx.db, input.agencyId, input.itemId, { offered: true });
  let window: { id: string; name: string } | null = null;
  if (input.channel === 'window') {
    const windowId = input.windowId ?? item.windowId;
    if (windowId === null) throw invalid(['窗口办理的，请选择办理窗口'], { field: 'window' });
    window = await windowOfAgency(ctx.db, input.agencyId, windowId, { open: true });
  } else if (input.windowId !== null) {
    throw invalid(['网上办理的办件不选择窗口'], { field: 'window' });
  }
  const now = ctx.now().toISOString();
  const id = randomUUID();
  // 48 bits per code: a repeat is all but impossible, but a repeated hash must never merge two 办件.
  for (let attempt = 0; ; attempt++) {
    const code = generateRatingCode(randomInt);
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await insertEvent(trx, {
          id,
          agency_id: input.agencyId,
          window_id: window?.id ?? null,
          item_id: item.id,
          channel: input.channel,
          occurred_at: now,
          code_hash: hashSecret(code),
          created_by: userIdOf(actor),
          created_at: now,
        });
        await appendAudit(
          trx,
          {
            userId: userIdOf(actor),
            agencyId: input.agencyId,
            action: 'service.event.register',
            objectType: 'service_event',
            objectId: id,
            result: 'ok',
            details: { channel: input.channel, itemId: item.id, windowId: window?.id ?? null },
          },
          now,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
    return {
      eventId: id,
      code,
      occurredAt: now,
      itemName: item.name,
      windowName: window?.name ?? null,
      channel: input.channel,
    };
  }
}

export interface RecentServiceEvent {
  id: string;
  occurredAt: string;
  channel: ServiceEventChannel;
  itemName: string | null;
  windowName: string | null;
  /** The rating's level, or null while it is not rated. */
  rating: SatisfactionLevel | null;
}

/** The agency's latest 办件 (without codes), for the clerk's page. */
export async function listRecentServiceEvents(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  limit = 30,
): Promise<RecentServiceEvent[]> {
  await requireAgencyRole(ctx.db, actor, agencyId, FEEDBACK_CLERK_ROLES);
  const rows = await findRecentEvents(ctx.db, agencyId, limit);
  const names = await namesOf(
    ctx.db,
    rows.map((r) => r.window_id),
    rows.map((r) => r.item_id),
  );
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    channel: isServiceEventChannel(r.channel) ? r.channel : 'window',
    itemName: r.item_id === null ? null : (names.items.get(r.item_id) ?? null),
    windowName: r.window_id === null ? null : (names.windows.get(r.window_id) ?? null),
    rating: isSatisfactionLevel(r.level) ? r.level : null,
  }));
}
