// What the use cases of the catalogue share: who may keep and read it, rows as windows and items,
// the item of an agency for an actor, the comparison that decides whether an edit is a new version,
// and refusals in Chinese.
import type { Kysely } from 'kysely';
import {
  type Actor,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
  type UseCaseContext,
} from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  findItem,
  findWindow,
  findWindows,
  type ItemRow,
  type VersionRow,
  type WindowRow,
} from './service-catalogue.repository.ts';
import {
  isServiceItemType,
  isServiceLevel,
  type ServiceItem,
  type ServiceItemType,
  type ServiceLevel,
} from './service-item.ts';

/** Who keeps the catalogue and the windows: the agency's 政务服务 clerk, or its administrator. */
export const SERVICE_EDITOR_ROLES: readonly Role[] = ['service', 'admin'];
/** Who reads them in the back office: the keepers and the supervisors above. */
export const SERVICE_READER_ROLES: readonly Role[] = ['service', 'admin', 'supervisor'];

export interface StoredServiceWindow {
  id: string;
  agencyId: string;
  name: string;
  hours: string;
  phone: string;
  location: string;
  position: number;
  /** Set when the window is closed: it is no longer listed, its ratings and complaints stay. */
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An item with its current content; `window` is the window's current name. */
export interface StoredServiceItem extends ServiceItem {
  id: string;
  agencyId: string;
  windowId: string | null;
  position: number;
  /** Set when the item is withdrawn (no longer offered); its versions stay. */
  withdrawnAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ServiceItemVersion {
  version: number;
  /** The content as it was, the window named as it was named then. */
  item: ServiceItem;
  windowId: string | null;
  source: 'manual' | 'import';
  changedBy: string | null;
  changedAt: string;
}

export function userIdOf(actor: Actor): string | null {
  return isSystemActor(actor) ? null : actor.user.id;
}

/**
 * Refused input. `fields` names the field of each problem where it has one, so that a form can show
 * the message beside the field.
 */
export function invalid(
  problems: readonly string[],
  lead = '提交的内容有误：',
  fields: Readonly<Record<string, string>> = {},
): DomainError {
  const message = problems.length === 1 ? problems[0]! : `${lead}${problems.join('；')}`;
  return new DomainError('input.invalid', message, { problems: [...problems], userMessage: message, fields });
}

export function notFoundItem(): DomainError {
  return new DomainError('access.not_found', '事项不存在或您无权访问');
}

export function notFoundWindow(): DomainError {
  return new DomainError('access.not_found', '窗口不存在或您无权访问');
}

export function staleItem(): DomainError {
  const message = '该事项已被修改（可能是他人同时在编辑或导入），请刷新页面后重新填写。';
  return new DomainError('input.invalid', message, { userMessage: message });
}

export async function requireAgencyRole(
  db: Kysely<DB>,
  actor: Actor,
  agencyId: string,
  roles: readonly Role[],
): Promise<void> {
  requireRole(actor, roles, agencyId, await loadAgencyTree(db), '机构');
}

export function windowOfRow(row: WindowRow): StoredServiceWindow {
  return {
    id: row.id,
    agencyId: row.agency_id,
    name: row.name,
    hours: row.hours,
    phone: row.phone,
    location: row.location,
    position: Number(row.position),
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The stored JSON as an item; a field the JSON lacks is blank rather than a crash. */
export function contentOf(json: string, version: number): ServiceItem {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed === 'object' && parsed !== null) data = parsed as Record<string, unknown>;
  } catch {
    // A broken row shows blank fields; the next save writes a whole content again.
  }
  const days = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  return {
    name: str(data.name),
    type: (isServiceItemType(data.type) ? data.type : 'publicService') as ServiceItemType,
    level: (isServiceLevel(data.level) ? data.level : 'town') as ServiceLevel,
    basis: str(data.basis),
    conditions: str(data.conditions),
    materials: Array.isArray(data.materials) ? data.materials.filter((m) => typeof m === 'string') : [],
    procedure: str(data.procedure),
    legalLimitDays: days(data.legalLimitDays),
    promisedLimitDays: days(data.promisedLimitDays) ?? 0,
    fee: typeof data.fee === 'string' ? data.fee : null,
    window: str(data.window),
    phone: str(data.phone),
    onlineUrl: str(data.onlineUrl),
    version,
  };
}

/** The content as stored: every field of the item in a fixed order. */
export function contentJson(item: ServiceItem): string {
  return JSON.stringify({
    name: item.name,
    type: item.type,
    level: item.level,
    basis: item.basis,
    conditions: item.conditions,
    materials: item.materials,
    procedure: item.procedure,
    legalLimitDays: item.legalLimitDays,
    promisedLimitDays: item.promisedLimitDays,
    fee: item.fee,
    window: item.window,
    phone: item.phone,
    onlineUrl: item.onlineUrl,
    version: item.version,
  });
}

/** The item of a row; its window named by the window's current name when it still has one. */
export function itemOfRow(row: ItemRow, windows: ReadonlyMap<string, { name: string }>): StoredServiceItem {
  const version = Number(row.version);
  const content = contentOf(row.content, version);
  const window = row.window_id === null ? undefined : windows.get(row.window_id);
  return {
    ...content,
    window: window?.name ?? content.window,
    id: row.id,
    agencyId: row.agency_id,
    windowId: row.window_id,
    position: Number(row.position),
    withdrawnAt: row.withdrawn_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function versionOfRow(row: VersionRow): ServiceItemVersion {
  const version = Number(row.version);
  return {
    version,
    item: contentOf(row.content, version),
    windowId: row.window_id,
    source: row.source === 'import' ? 'import' : 'manual',
    changedBy: row.changed_by,
    changedAt: row.changed_at,
  };
}

/** The fields in which two contents differ: the version number is not content, the window is compared by id. */
export function changedFields(
  before: ServiceItem & { windowId: string | null },
  after: ServiceItem & { windowId: string | null },
): (keyof ServiceItem)[] {
  const fields: (keyof ServiceItem)[] = [];
  for (const field of [
    'name',
    'type',
    'level',
    'basis',
    'conditions',
    'materials',
    'procedure',
    'legalLimitDays',
    'promisedLimitDays',
    'fee',
    'phone',
    'onlineUrl',
  ] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) fields.push(field);
  }
  if (before.windowId !== after.windowId) fields.push('window');
  return fields;
}

/** The agency's windows by id, for naming the items' windows. */
export async function windowsById(
  db: Kysely<DB>,
  agencyId: string,
): Promise<Map<string, StoredServiceWindow>> {
  return new Map((await findWindows(db, agencyId)).map((r) => [r.id, windowOfRow(r)] as const));
}

/** The item, when it is of the agency and the actor holds one of the roles there; else 404/403. */
export async function loadItemFor(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  itemId: string,
  roles: readonly Role[],
): Promise<StoredServiceItem> {
  await requireAgencyRole(ctx.db, actor, agencyId, roles);
  const row = await findItem(ctx.db, itemId);
  if (!row || row.agency_id !== agencyId) throw notFoundItem();
  return itemOfRow(row, await windowsById(ctx.db, agencyId));
}

/** The window, when it is of the agency and the actor holds one of the roles there; else 404/403. */
export async function loadWindowFor(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  windowId: string,
  roles: readonly Role[],
): Promise<StoredServiceWindow> {
  await requireAgencyRole(ctx.db, actor, agencyId, roles);
  const row = await findWindow(ctx.db, windowId);
  if (!row || row.agency_id !== agencyId) throw notFoundWindow();
  return windowOfRow(row);
}

/** A unique index refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs the write; a name taken at the same moment by another request is refused like any other. */
export async function refusingDuplicates<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid([message], '', { name: message });
    throw error;
  }
}
