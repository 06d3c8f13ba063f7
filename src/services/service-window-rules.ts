// The pure rules of a window of the service hall as the back office keeps it: its name, 办公时间,
// 咨询电话, where it is in the hall and its place in the list. Problems come field by field in Chinese.
import {
  comparable,
  MAX_WINDOW_NAME_LENGTH,
  parseOpeningHours,
  phoneProblem,
  windowProblems,
} from './service-item-rules.ts';

export const MAX_LOCATION_LENGTH = 100;
/** Far more windows than any hall has: the list's order stays a small number. */
export const MAX_POSITION = 9999;

/** A window as the clerk types it. */
export interface WindowInput {
  name: string;
  /** 办公时间, e.g. “周一至周五 8:30-12:00，14:30-17:30”. */
  hours: string;
  phone: string;
  /** 窗口位置, e.g. “一楼 3 号窗口”. */
  location: string;
  /** 排列顺序: smaller first; null puts the window after the others. */
  position: number | null;
}

export type WindowField = keyof WindowInput;

export const WINDOW_FIELD_LABELS: Record<WindowField, string> = {
  name: '窗口名称',
  hours: '办公时间',
  phone: '咨询电话',
  location: '窗口位置',
  position: '排列顺序',
};

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/;

/** What is wrong with a window, field by field (empty when it is fine). */
export function windowFieldProblems(input: WindowInput): { field: WindowField; message: string }[] {
  const problems: { field: WindowField; message: string }[] = [];
  // The name through the catalogue's own rule (a window without items: only the name is checked here).
  const nameProblems = windowProblems({ name: input.name, items: [], hours: '周一 8:00-9:00' });
  for (const message of nameProblems) problems.push({ field: 'name', message });
  const hours =
    typeof input.hours === 'string' ? parseOpeningHours(input.hours) : { problem: '办公时间无效' };
  if ('problem' in hours) problems.push({ field: 'hours', message: hours.problem });
  const phone = phoneProblem(input.phone);
  if (phone !== null) problems.push({ field: 'phone', message: phone });
  const location = typeof input.location === 'string' ? input.location.trim() : null;
  if (location === null) problems.push({ field: 'location', message: '窗口位置无效' });
  else if (location === '')
    problems.push({ field: 'location', message: '请填写窗口位置（如“一楼 3 号窗口”）' });
  else if (location.length > MAX_LOCATION_LENGTH)
    problems.push({ field: 'location', message: `窗口位置不能超过 ${MAX_LOCATION_LENGTH} 个字` });
  else if (CONTROL.test(location) || /[\r\n]/.test(location))
    problems.push({ field: 'location', message: '窗口位置含有无效字符' });
  if (
    input.position !== null &&
    !(Number.isInteger(input.position) && input.position >= 0 && input.position <= MAX_POSITION)
  )
    problems.push({
      field: 'position',
      message: `排列顺序应为 0 至 ${MAX_POSITION} 之间的整数，不填时排在最后`,
    });
  return problems;
}

/** The window with its texts trimmed, as stored. */
export function normalizeWindow(input: WindowInput): WindowInput {
  return {
    name: input.name.trim(),
    hours: input.hours.trim(),
    phone: input.phone.trim(),
    location: input.location.trim(),
    position: input.position,
  };
}

/** The name's limit, for the forms. */
export { MAX_WINDOW_NAME_LENGTH };

/** A window as the item rules need it. */
export interface WindowRef {
  id: string;
  name: string;
  closedAt: string | null;
}

/**
 * The open window an item's 办理窗口 names (compared as people read names: full-width forms and
 * spaces ignored), or the problem in Chinese: a name that is no window of the agency, or a closed one.
 */
export function resolveWindow(
  windows: readonly WindowRef[],
  name: string,
): { window: WindowRef } | { problem: string } {
  const key = comparable(name);
  const found = windows.find((w) => comparable(w.name) === key);
  const open = windows.filter((w) => w.closedAt === null).map((w) => `“${w.name}”`);
  const choices = open.length === 0 ? '本机构还没有窗口，请先添加窗口' : `现有窗口：${open.join('、')}`;
  if (found === undefined) return { problem: `办理窗口“${name.trim()}”不是本机构的窗口（${choices}）` };
  if (found.closedAt !== null) return { problem: `办理窗口“${found.name}”已关闭（${choices}）` };
  return { window: found };
}
