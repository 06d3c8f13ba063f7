// The forms of the service catalogue pages as typed, and what they mean: an item (materials one a
// line, time limits as working days) and a window. Problems of content are the pure rules'; here only
// the shape, field by field, so that each message can stand beside its field.
import {
  isServiceItemType,
  isServiceLevel,
  itemFieldProblems,
  type ServiceItem,
  type ServiceItemField,
  type StoredServiceItem,
  type StoredServiceWindow,
  type WindowField,
  type WindowInput,
  windowFieldProblems,
} from '../../services/index.ts';

export interface ItemFormValues {
  name: string;
  type: string;
  level: string;
  basis: string;
  conditions: string;
  materials: string;
  procedure: string;
  legalLimitDays: string;
  promisedLimitDays: string;
  fee: string;
  window: string;
  phone: string;
  onlineUrl: string;
  /** The version the form was filled in on (hidden). */
  version: string;
}

export const ITEM_FORM_FIELDS: readonly (keyof ItemFormValues)[] = [
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
  'window',
  'phone',
  'onlineUrl',
  'version',
];

export function itemFormValues(body: Partial<Record<string, string>>): ItemFormValues {
  const values = {} as ItemFormValues;
  for (const name of ITEM_FORM_FIELDS) values[name] = body[name] ?? '';
  return values;
}

export function valuesOfItem(item: StoredServiceItem): ItemFormValues {
  return {
    name: item.name,
    type: item.type,
    level: item.level,
    basis: item.basis,
    conditions: item.conditions,
    materials: item.materials.join('\n'),
    procedure: item.procedure,
    legalLimitDays: item.legalLimitDays === null ? '' : String(item.legalLimitDays),
    promisedLimitDays: String(item.promisedLimitDays),
    fee: item.fee ?? '',
    window: item.window,
    phone: item.phone,
    onlineUrl: item.onlineUrl,
    version: String(item.version),
  };
}

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** A working-day count as typed: digits, or 即办 for 0; blank is null; anything else undefined. */
function daysOf(text: string): number | null | undefined {
  const t = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(个)?工作日$/, '');
  if (t === '') return null;
  if (t === '即办') return 0;
  return /^\d{1,4}$/.test(t) ? Number(t) : undefined;
}

/** The item a form describes, and every problem beside its field (the first of each field). */
export function parseItemForm(values: ItemFormValues): {
  item: ServiceItem;
  errors: FieldErrors<ServiceItemField>;
} {
  const errors: FieldErrors<ServiceItemField> = {};
  const legal = daysOf(values.legalLimitDays);
  const promised = daysOf(values.promisedLimitDays);
  if (legal === undefined) errors.legalLimitDays = '法定时限请填写工作日数，没有法定时限的不填';
  if (promised === undefined) errors.promisedLimitDays = '承诺时限请填写工作日数，即办填 0';
  else if (promised === null) errors.promisedLimitDays = '请填写承诺时限（工作日数，即办填 0）';
  const fee = values.fee.trim();
  const item: ServiceItem = {
    name: values.name,
    type: isServiceItemType(values.type) ? values.type : ('' as ServiceItem['type']),
    level: isServiceLevel(values.level) ? values.level : ('' as ServiceItem['level']),
    basis: values.basis,
    conditions: values.conditions.replace(/\r\n?/g, '\n'),
    materials: values.materials
      .split(/\r\n?|\n/)
      .map((m) => m.trim())
      .filter((m) => m !== ''),
    procedure: values.procedure.replace(/\r\n?/g, '\n'),
    legalLimitDays: legal ?? null,
    promisedLimitDays: typeof promised === 'number' ? promised : 0,
    fee: fee === '' || fee === '不收费' ? null : values.fee.replace(/\r\n?/g, '\n'),
    window: values.window,
    phone: values.phone,
    onlineUrl: values.onlineUrl,
    version: 1,
  };
  for (const p of itemFieldProblems(item)) if (errors[p.field] === undefined) errors[p.field] = p.message;
  return { item, errors };
}

/** The version a form was filled in on, or null when it is not one. */
export function parseVersion(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,7}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 ? n : null;
}

export interface WindowFormValues {
  name: string;
  hours: string;
  phone: string;
  location: string;
  position: string;
}

export function windowFormValues(body: Partial<Record<string, string>>): WindowFormValues {
  return {
    name: body.name ?? '',
    hours: body.hours ?? '',
    phone: body.phone ?? '',
    location: body.location ?? '',
    position: body.position ?? '',
  };
}

export function valuesOfWindow(window: StoredServiceWindow): WindowFormValues {
  return {
    name: window.name,
    hours: window.hours,
    phone: window.phone,
    location: window.location,
    position: String(window.position),
  };
}

export function parseWindowForm(values: WindowFormValues): {
  window: WindowInput;
  errors: FieldErrors<WindowField>;
} {
  const errors: FieldErrors<WindowField> = {};
  const positionText = values.position.normalize('NFKC').trim();
  let position: number | null = null;
  if (positionText !== '') {
    if (/^\d{1,4}$/.test(positionText)) position = Number(positionText);
    else errors.position = '排列顺序应为 0 至 9999 之间的整数，不填时排在最后';
  }
  const window: WindowInput = {
    name: values.name,
    hours: values.hours,
    phone: values.phone,
    location: values.location,
    position,
  };
  for (const p of windowFieldProblems(window)) if (errors[p.field] === undefined) errors[p.field] = p.message;
  return { window, errors };
}
