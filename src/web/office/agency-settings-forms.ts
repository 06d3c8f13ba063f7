// The 机构设置 form as typed, and what it means: the agency's name, 统一社会信用代码 and settings
// (contact details of the 公开指南, 文号 prefix, reminder address, annual-report deadlines, 效能投诉
// period, 强制动态验证码). An empty field removes its setting, so that the default applies. Problems
// of content are the agencies' rules (settingsFieldProblems); here each one is put beside its field,
// and only the settings that differ from the stored ones are sent, so that the audit names them.
import {
  type Agency,
  type AgencyContact,
  type AgencyKind,
  type AgencySettings,
  agencyNameProblems,
  CONTACT_FIELD_KEYS,
  isValidCreditCode,
  REPORTING_KINDS,
  type SettingsField,
  settingsFieldProblems,
} from '../../agencies/index.ts';

export interface SettingsFormValues {
  name: string;
  creditCode: string;
  office: string;
  address: string;
  postcode: string;
  phone: string;
  fax: string;
  email: string;
  hours: string;
  letterPrefix: string;
  reminderEmail: string;
  reportDeadline: string;
  deadlineRegion: string;
  deadlineDepartment: string;
  deadlineTown: string;
  complaintDeadlineDays: string;
  /** '1' when the box is ticked. */
  enforceTotp: string;
}

export type SettingsFormField = keyof SettingsFormValues;

export const SETTINGS_FORM_FIELDS: readonly SettingsFormField[] = [
  'name',
  'creditCode',
  'office',
  'address',
  'postcode',
  'phone',
  'fax',
  'email',
  'hours',
  'letterPrefix',
  'reminderEmail',
  'reportDeadline',
  'deadlineRegion',
  'deadlineDepartment',
  'deadlineTown',
  'complaintDeadlineDays',
  'enforceTotp',
];

/** The form field of the per-kind deadline of each kind that publishes a report. */
export const PER_KIND_FIELDS: Readonly<Partial<Record<AgencyKind, SettingsFormField>>> = {
  region: 'deadlineRegion',
  department: 'deadlineDepartment',
  town: 'deadlineTown',
};

/** The settings the form edits: every other key of the stored settings is left as it is. */
const FORM_SETTING_KEYS = [
  'contact',
  'letterPrefix',
  'reminderEmail',
  'reportDeadline',
  'reportDeadlines',
  'complaintDeadlineDays',
  'enforceTotp',
] as const;

export function settingsFormValues(body: Partial<Record<string, string>>): SettingsFormValues {
  const values = {} as SettingsFormValues;
  for (const name of SETTINGS_FORM_FIELDS) values[name] = body[name] ?? '';
  return values;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The form filled in with what is stored. */
export function valuesOfAgency(agency: Agency): SettingsFormValues {
  const s = agency.settings;
  const contact = s.contact && typeof s.contact === 'object' ? (s.contact as Record<string, unknown>) : {};
  const perKind =
    s.reportDeadlines && typeof s.reportDeadlines === 'object'
      ? (s.reportDeadlines as Record<string, unknown>)
      : {};
  return {
    name: agency.name,
    creditCode: agency.creditCode ?? '',
    office: text(contact.office),
    address: text(contact.address),
    postcode: text(contact.postcode),
    phone: text(contact.phone),
    fax: text(contact.fax),
    email: text(contact.email),
    hours: text(contact.hours),
    letterPrefix: text(s.letterPrefix),
    reminderEmail: text(s.reminderEmail),
    reportDeadline: text(s.reportDeadline),
    deadlineRegion: text(perKind.region),
    deadlineDepartment: text(perKind.department),
    deadlineTown: text(perKind.town),
    complaintDeadlineDays: text(s.complaintDeadlineDays),
    enforceTotp: s.enforceTotp === true ? '1' : '',
  };
}

/**
 * The kinds whose deadline the agency may set for the agencies below it: the reporting kinds found
 * in its subtree, and any it has already set (so that a stored date can still be seen and cleared).
 */
export function perKindKinds(settings: AgencySettings, kindsBelow: ReadonlySet<AgencyKind>): AgencyKind[] {
  const set = settings.reportDeadlines;
  const stored = set && typeof set === 'object' && !Array.isArray(set) ? Object.keys(set) : [];
  return REPORTING_KINDS.filter((kind) => kindsBelow.has(kind) || stored.includes(kind));
}

/**
 * How the page shows the agency's own deadline: hidden for kinds that publish no report (村/社区),
 * read-only to an admin without a supervising agency's grant (the deadline is the supervisor's).
 */
export type OwnDeadlineField = 'editable' | 'readonly' | 'hidden';

export function ownDeadlineField(kind: AgencyKind, maySet: boolean): OwnDeadlineField {
  if (!REPORTING_KINDS.includes(kind)) return 'hidden';
  return maySet ? 'editable' : 'readonly';
}

/** A month and day as people type them (1-31, 1月31日, 01/31, full-width digits) as "MM-DD". */
export function normalizeMonthDay(typed: string): string {
  const t = typed.normalize('NFKC').trim();
  const match = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  return match ? `${match[1]!.padStart(2, '0')}-${match[2]!.padStart(2, '0')}` : t;
}

/** The days of 效能投诉 as typed: digits (with 个工作日 or 天 after them), else the text itself. */
function daysOf(typed: string): number | string {
  const t = typed
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(个)?(工作日|天)$/, '');
  return /^\d{1,4}$/.test(t) ? Number(t) : t;
}

/** Stable JSON (object keys sorted), absent and null alike: to tell which settings changed. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export interface ParsedSettingsForm {
  name: string;
  creditCode: string | null;
  /** The settings that differ from the stored ones; null removes a setting. */
  settings: AgencySettings;
  /** Nothing differs from what is stored. */
  unchanged: boolean;
  errors: Partial<Record<SettingsFormField, string>>;
  /** Problems that belong to no single field. */
  general: string[];
}

function formFieldOf(field: SettingsField, kinds: readonly AgencyKind[]): SettingsFormField | null {
  if (field.startsWith('contact.')) return field.slice('contact.'.length) as keyof AgencyContact;
  if (field.startsWith('reportDeadlines.')) {
    const kind = field.slice('reportDeadlines.'.length) as AgencyKind;
    return kinds.includes(kind) ? (PER_KIND_FIELDS[kind] ?? null) : null;
  }
  switch (field) {
    case 'enforceTotp':
    case 'complaintDeadlineDays':
    case 'letterPrefix':
    case 'reminderEmail':
    case 'reportDeadline':
      return field;
    default:
      return null;
  }
}

/**
 * What the form asks for. `kinds` are the per-kind deadline fields the page showed (perKindKinds);
 * without any, the stored per-kind deadlines are left alone. `ownDeadline` says whether the page let
 * the user edit the agency's own deadline (ownDeadlineField); when it did not, the stored one stays.
 */
export function parseSettingsForm(
  values: SettingsFormValues,
  current: Agency,
  kinds: readonly AgencyKind[],
  ownDeadline: OwnDeadlineField = 'editable',
): ParsedSettingsForm {
  const errors: Partial<Record<SettingsFormField, string>> = {};
  const general: string[] = [];
  const name = values.name.trim();
  const [nameProblem] = agencyNameProblems(name);
  if (nameProblem !== undefined) errors.name = nameProblem;
  const creditCode = values.creditCode.normalize('NFKC').trim().toUpperCase() || null;
  if (creditCode !== null && !isValidCreditCode(creditCode))
    errors.creditCode = '统一社会信用代码应为18位且校验位正确';

  const contact: Record<string, string> = {};
  for (const key of CONTACT_FIELD_KEYS) {
    // Digits and the @ of an address are often typed full-width; names and addresses stay as typed.
    const typed = ['postcode', 'phone', 'fax', 'email'].includes(key)
      ? values[key].normalize('NFKC').trim()
      : values[key].trim();
    if (typed !== '') contact[key] = typed;
  }
  const perKind: Record<string, string> = {};
  for (const kind of kinds) {
    const field = PER_KIND_FIELDS[kind];
    const typed = field === undefined ? '' : normalizeMonthDay(values[field]);
    if (typed !== '') perKind[kind] = typed;
  }
  const optional = (typed: string): string | null => (typed.trim() === '' ? null : typed.trim());
  const days = values.complaintDeadlineDays.trim() === '' ? null : daysOf(values.complaintDeadlineDays);
  const reportDeadline = optional(values.reportDeadline);
  const typedDeadline = reportDeadline === null ? null : normalizeMonthDay(reportDeadline);
  const stored = typeof current.settings.reportDeadline === 'string' ? current.settings.reportDeadline : null;
  const next: Record<(typeof FORM_SETTING_KEYS)[number], unknown> = {
    contact: Object.keys(contact).length === 0 ? null : contact,
    letterPrefix: optional(values.letterPrefix),
    reminderEmail: optional(values.reminderEmail.normalize('NFKC')),
    // A page without the field posts none: the stored deadline stays. A date posted anyway goes to
    // updateAgency, which refuses it with its reason (the deadline is the supervisor's).
    reportDeadline:
      ownDeadline === 'editable' || (typedDeadline !== null && typedDeadline !== stored)
        ? typedDeadline
        : (current.settings.reportDeadline ?? null),
    reportDeadlines:
      kinds.length === 0
        ? (current.settings.reportDeadlines ?? null)
        : Object.keys(perKind).length === 0
          ? null
          : perKind,
    complaintDeadlineDays: days,
    enforceTotp: values.enforceTotp === '1' ? true : null,
  };
  for (const problem of settingsFieldProblems(next)) {
    const field =
      problem.field === 'reportDeadline' && ownDeadline !== 'editable'
        ? null
        : formFieldOf(problem.field, kinds);
    if (field === null) general.push(problem.message);
    else if (errors[field] === undefined) errors[field] = problem.message;
  }

  const settings: AgencySettings = {};
  for (const key of FORM_SETTING_KEYS) {
    if (canonical(next[key]) !== canonical(current.settings[key]))
      (settings as Record<string, unknown>)[key] = next[key] ?? null;
  }
  const unchanged =
    Object.keys(settings).length === 0 && name === current.name && creditCode === current.creditCode;
  return { name, creditCode, settings, unchanged, errors, general };
}
