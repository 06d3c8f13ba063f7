// The clerk adds a window to the hall, corrects it, closes it or opens it again. Each write is checked
// by the pure rules and against the agency's other windows, and audited in the same transaction.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { DB } from '../db/schema.ts';
import {
  findOfferedItemsAt,
  findWindow,
  findWindows,
  insertWindow,
  maxWindowPosition,
  updateWindowRow,
} from './service-catalogue.repository.ts';
import {
  invalid,
  loadWindowFor,
  refusingDuplicates,
  requireAgencyRole,
  SERVICE_EDITOR_ROLES,
  type StoredServiceWindow,
  userIdOf,
  windowOfRow,
} from './service-catalogue-shell.ts';
import { comparable } from './service-item-rules.ts';
import { normalizeWindow, type WindowInput, windowFieldProblems } from './service-window-rules.ts';

const taken = (name: string) => `窗口名称“${name}”已被本机构的其他窗口使用`;

/** The window checked against the rules and the agency's other windows; or refused. */
async function checkedWindow(
  db: Kysely<DB>,
  agencyId: string,
  input: WindowInput,
  selfId: string | null,
): Promise<WindowInput> {
  const problems = windowFieldProblems(input);
  if (problems.length > 0)
    throw invalid(
      problems.map((p) => p.message),
      '窗口未保存：',
      Object.fromEntries([...problems].reverse().map((p) => [p.field, p.message])),
    );
  const window = normalizeWindow(input);
  const key = comparable(window.name);
  const clash = (await findWindows(db, agencyId)).find((w) => w.id !== selfId && comparable(w.name) === key);
  if (clash) throw invalid([taken(window.name)], '', { name: taken(window.name) });
  return window;
}

export interface CreateWindowInput {
  agencyId: string;
  window: WindowInput;
}

export async function createWindow(
  ctx: UseCaseContext,
  actor: Actor,
  input: CreateWindowInput,
): Promise<StoredServiceWindow> {
  await requireAgencyRole(ctx.db, actor, input.agencyId, SERVICE_EDITOR_ROLES);
  const now = ctx.now().toISOString();
  const id = randomUUID();
  await refusingDuplicates(
    () =>
      ctx.db.transaction().execute(async (trx) => {
        const window = await checkedWindow(trx, input.agencyId, input.window, null);
        await insertWindow(trx, {
          id,
          agency_id: input.agencyId,
          name: window.name,
          hours: window.hours,
          phone: window.phone,
          location: window.location,
          position: window.position ?? (await maxWindowPosition(trx, input.agencyId)) + 1,
          closed_at: null,
          created_by: userIdOf(actor),
          created_at: now,
          updated_by: userIdOf(actor),
          updated_at: now,
        });
        await appendAudit(
          trx,
          {
            userId: userIdOf(actor),
            agencyId: input.agencyId,
            action: 'service.window.create',
            objectType: 'service_window',
            objectId: id,
            result: 'ok',
            details: { name: window.name },
          },
          now,
        );
      }),
    taken(input.window.name.trim()),
  );
  return windowOfRow((await findWindow(ctx.db, id))!);
}

export interface UpdateWindowInput {
  agencyId: string;
  windowId: string;
  window: WindowInput;
}

export async function updateWindow(
  ctx: UseCaseContext,
  actor: Actor,
  input: UpdateWindowInput,
): Promise<StoredServiceWindow> {
  const current = await loadWindowFor(ctx, actor, input.agencyId, input.windowId, SERVICE_EDITOR_ROLES);
  const now = ctx.now().toISOString();
  await refusingDuplicates(
    () =>
      ctx.db.transaction().execute(async (trx) => {
        const window = await checkedWindow(trx, input.agencyId, input.window, current.id);
        const fields = (['name', 'hours', 'phone', 'location'] as const).filter(
          (f) => window[f] !== current[f],
        );
        const position = window.position ?? current.position;
        if (fields.length === 0 && position === current.position) return;
        await updateWindowRow(trx, current.id, {
          name: window.name,
          hours: window.hours,
          phone: window.phone,
          location: window.location,
          position,
          updated_by: userIdOf(actor),
          updated_at: now,
        });
        await appendAudit(
          trx,
          {
            userId: userIdOf(actor),
            agencyId: input.agencyId,
            action: 'service.window.update',
            objectType: 'service_window',
            objectId: current.id,
            result: 'ok',
            details: {
              changed: position === current.position ? fields : [...fields, 'position'],
              name: window.name,
            },
          },
          now,
        );
      }),
    taken(input.window.name.trim()),
  );
  return windowOfRow((await findWindow(ctx.db, current.id))!);
}

export interface CloseWindowInput {
  agencyId: string;
  windowId: string;
  /** true closes the window, false opens it again. */
  closed: boolean;
}

/**
 * Closes a window (it keeps its ratings and complaints) or opens it again. A window where items are
 * still offered is not closed: the clerk moves them to another window or withdraws them first.
 */
export async function setWindowClosed(
  ctx: UseCaseContext,
  actor: Actor,
  input: CloseWindowInput,
): Promise<StoredServiceWindow> {
  const current = await loadWindowFor(ctx, actor, input.agencyId, input.windowId, SERVICE_EDITOR_ROLES);
  const now = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = (await findWindow(trx, current.id))!;
    if ((row.closed_at !== null) === input.closed) return;
    if (input.closed) {
      const offered = await findOfferedItemsAt(trx, current.id);
      if (offered.length > 0)
        throw invalid([
          `窗口“${row.name}”还在办理 ${offered.length} 个事项（${offered
            .slice(0, 5)
            .map((i) => `“${i.name}”`)
            .join('、')}${offered.length > 5 ? '等' : ''}），请先将这些事项改到其他窗口或撤回，再关闭窗口`,
        ]);
    }
    await updateWindowRow(trx, current.id, {
      closed_at: input.closed ? now : null,
      updated_by: userIdOf(actor),
      updated_at: now,
    });
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: input.agencyId,
        action: input.closed ? 'service.window.close' : 'service.window.reopen',
        objectType: 'service_window',
        objectId: current.id,
        result: 'ok',
        details: { name: row.name },
      },
      now,
    );
  });
  return windowOfRow((await findWindow(ctx.db, current.id))!);
}
