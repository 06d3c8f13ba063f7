// Agencies: the hierarchy region → town/department → village, as plain data and pure rules.
import { isPlausibleEmail, isPostcode, phoneKind, phoneNumbers } from '../kernel/contact-formats.ts';

export const AGENCY_KINDS = {
  region: { label: '区域', description: '市、县（区）或示范区' },
  department: { label: '部门', description: '政府工作部门' },
  town: { label: '乡镇（街道）', description: '乡、镇人民政府或街道办事处' },
  village: { label: '村（社区）', description: '村民委员会或居民委员会' },
} as const satisfies Record<string, { label: string; description: string }>;

export type AgencyKind = keyof typeof AGENCY_KINDS;

export const AGENCY_KIND_IDS: readonly AgencyKind[] = Object.keys(AGENCY_KINDS) as AgencyKind[];

export function isAgencyKind(value: unknown): value is AgencyKind {
  return typeof value === 'string' && Object.hasOwn(AGENCY_KINDS, value);
}

/** Which kinds may sit directly below which; a root is always a region. */
export const ALLOWED_CHILDREN: Readonly<Record<AgencyKind, readonly AgencyKind[]>> = {
  region: ['region', 'department', 'town'],
  department: [],
  town: ['department', 'village'],
  village: [],
};

/** Contact details printed in the 公开指南 and on the public portal. */
export interface AgencyContact {
  office?: string;
  address?: string;
  postcode?: string;
  phone?: string;
  fax?: string;
  email?: string;
  hours?: string;
}

export interface AgencySettings {
  /** Users of this agency must enrol a TOTP second factor before doing anything else. */
  enforceTotp?: boolean;
  contact?: AgencyContact;
  /** Working days to answer a 效能投诉 (services/complaint.ts; 10 when absent). */
  complaintDeadlineDays?: number | null;
  /** The 机关代字 of reply letters' 文号 (applications/issue-letters.ts; “机构名称依申请公开” when absent). */
  letterPrefix?: string | null;
  /** Where deadline reminders are mailed (contact.email when absent). */
  reminderEmail?: string | null;
  /** "MM-DD": this agency's annual-report deadline (annual-reports/report-deadlines.ts). */
  reportDeadline?: string | null;
  /** "MM-DD" per kind of agency below this one. */
  reportDeadlines?: Partial<Record<AgencyKind, string>> | null;
  [key: string]: unknown;
}

export interface Agency {
  id: string;
  parentId: string | null;
  kind: AgencyKind;
  name: string;
  /** 统一社会信用代码 */
  creditCode: string | null;
  settings: AgencySettings;
  createdAt: string;
}

/** What the public portal may show of an agency. */
export interface PublicAgency {
  id: string;
  parentId: string | null;
  kind: AgencyKind;
  name: string;
  creditCode: string | null;
  contact: AgencyContact;
}

export function parseSettings(json: string): AgencySettings {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as AgencySettings)
      : {};
  } catch {
    return {};
  }
}

const CONTACT_KEYS = ['office', 'address', 'postcode', 'phone', 'fax', 'email', 'hours'] as const;

export function publicContact(settings: AgencySettings): AgencyContact {
  const contact: AgencyContact = {};
  const source = settings.contact;
  if (!source || typeof source !== 'object') return contact;
  for (const key of CONTACT_KEYS) {
    const value = source[key];
    if (typeof value === 'string' && value.trim() !== '') contact[key] = value;
  }
  return contact;
}

export function toPublicAgency(agency: Agency): PublicAgency {
  return {
    id: agency.id,
    parentId: agency.parentId,
    kind: agency.kind,
    name: agency.name,
    creditCode: agency.creditCode,
    contact: publicContact(agency.settings),
  };
}

// 统一社会信用代码 (GB 32100-2015): 18 characters from 31 symbols, the last a check character.
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a 统一社会信用代码. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(first17[i] ?? '');
    if (value < 0) throw new Error(`not a credit code character: ${first17[i]}`);
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

export interface NewAgencyInput {
  parentKind: AgencyKind | null;
  kind: string;
  name: string;
  creditCode: string | null;
}

/** Problems with a new agency, in Chinese; empty when it may be created. */
export function agencyProblems(input: NewAgencyInput): string[] {
  const problems: string[] = [];
  if (!isAgencyKind(input.kind)) {
    problems.push('机构类型无效');
  } else if (input.parentKind === null) {
    if (input.kind !== 'region') problems.push('最上级机构必须是区域');
  } else if (!ALLOWED_CHILDREN[input.parentKind].includes(input.kind)) {
    problems.push(`${AGENCY_KINDS[input.parentKind].label}之下不能设${AGENCY_KINDS[input.kind].label}`);
  }
  problems.push(...agencyNameProblems(input.name));
  if (input.creditCode !== null && !isValidCreditCode(input.creditCode)) {
    problems.push('统一社会信用代码应为18位且校验位正确');
  }
  return problems;
}

/** The range of settings.complaintDeadlineDays, in working days. */
export const COMPLAINT_DEADLINE_DAYS_RANGE = { min: 1, max: 60 } as const;

/** What is wrong with settings.complaintDeadlineDays, in Chinese; null when absent or valid. */
export function complaintDeadlineDaysProblem(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const { min, max } = COMPLAINT_DEADLINE_DAYS_RANGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    return `效能投诉的答复期限应为 ${min} 至 ${max} 个工作日`;
  return null;
}

/** The labels of the contact details, as the 公开指南 prints them (disclosures/guide.ts). */
export const CONTACT_LABELS: Readonly<Record<keyof AgencyContact, string>> = {
  office: '政府信息公开工作机构',
  address: '办公地址',
  postcode: '邮政编码',
  hours: '办公时间',
  phone: '联系电话',
  fax: '传真号码',
  email: '电子邮箱',
};

export const CONTACT_FIELD_KEYS: readonly (keyof AgencyContact)[] = CONTACT_KEYS;

/** The longest 文号 prefix (机关代字) of reply letters. */
export const MAX_LETTER_PREFIX_LENGTH = 30;
/** Numbers a contact phone or fax field may list. */
export const MAX_CONTACT_NUMBERS = 3;

/** A setting the admin's form shows as one field: dotted for the parts of contact and reportDeadlines. */
export type SettingsField =
  | 'enforceTotp'
  | 'complaintDeadlineDays'
  | 'letterPrefix'
  | 'reminderEmail'
  | 'contact'
  | `contact.${keyof AgencyContact}`
  | 'reportDeadline'
  | 'reportDeadlines'
  | `reportDeadlines.${AgencyKind}`;

export interface SettingsProblem {
  field: SettingsField;
  message: string;
}

const PHONE_FORMAT = '固定电话请带区号（如 0391-6612345），也可填写 12345 等服务热线或 11 位手机号码';

/** The format of a contact detail already known to be a string of at most 200 characters. */
function contactFormatProblem(key: keyof AgencyContact, value: string): string | null {
  if (value.trim() === '') return null;
  const label = CONTACT_LABELS[key];
  if (key === 'postcode') return isPostcode(value.trim()) ? null : `${label}应为6位数字`;
  if (key === 'email')
    return isPlausibleEmail(value.trim()) ? null : `${label}格式不正确，如 gongkai@example.gov.cn`;
  if (key === 'phone' || key === 'fax') {
    const numbers = phoneNumbers(value);
    if (numbers.length > MAX_CONTACT_NUMBERS) return `${label}最多填写三个号码`;
    for (const number of numbers) {
      const kind = phoneKind(number);
      if (key === 'fax' && kind !== 'landline')
        return `${label}“${number}”格式不正确：请填写带区号的固定电话号码，如 0391-6612345`;
      if (kind === null) return `${label}“${number}”格式不正确：${PHONE_FORMAT}`;
    }
  }
  return null;
}

/** What is wrong with settings.letterPrefix (the 机关代字 before 〔年份〕序号号); null when absent or valid. */
export function letterPrefixProblem(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') return '文号前缀应为文字，如“承政公开”';
  if (value !== value.trim() || /\s/.test(value)) return '文号前缀不能含有空格';
  if ([...value].length > MAX_LETTER_PREFIX_LENGTH) return `文号前缀不能超过${MAX_LETTER_PREFIX_LENGTH}个字`;
  if (/[〔〕［］[\]()（）]/.test(value)) return '文号前缀不含年份和括号，系统按“前缀〔年份〕序号号”编号';
  if (/[\u0000-\u001f\u007f]/.test(value)) return '文号前缀不能含有控制字符';
  return null;
}

/** What is wrong with settings.reminderEmail (where deadline reminders go); null when absent or valid. */
export function reminderEmailProblem(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isPlausibleEmail(value))
    return '提醒邮箱格式不正确，如 gongkai@example.gov.cn';
  return null;
}

// The annual-report deadline settings: reportDeadline "MM-DD" for the agency itself, reportDeadlines
// {kind: "MM-DD"} for the kinds of agency below it. The rule lives here, not in annual-reports/, so
// that settingsProblems refuses a bad date (annual-reports/ imports agencies/, never the reverse).

/** Kinds of agency that publish an annual report (a 村/社区 is not an administrative organ). */
export const REPORTING_KINDS: readonly AgencyKind[] = ['region', 'department', 'town'];

const MONTH_DAY = /^(\d{2})-(\d{2})$/;
// Days of each month in a common year: 02-29 exists only in some years and is refused.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "MM-DD" as a date of year Y+1 (when the report of year Y is due), or null. */
export function monthDayOf(value: unknown, year: number): string | null {
  if (typeof value !== 'string') return null;
  const match = MONTH_DAY.exec(value.trim());
  if (!match) return null;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return null;
  return `${year + 1}-${match[1]}-${match[2]}`;
}

/** Problems with the deadline settings of an agency, field by field, in Chinese. */
export function deadlineSettingsFieldProblems(settings: Record<string, unknown>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (settings.reportDeadline !== undefined && settings.reportDeadline !== null) {
    if (monthDayOf(settings.reportDeadline, 2001) === null)
      problems.push({ field: 'reportDeadline', message: '年度报告发布期限应写为“月-日”，如“01-31”' });
  }
  const perKind = settings.reportDeadlines;
  if (perKind !== undefined && perKind !== null) {
    if (typeof perKind !== 'object' || Array.isArray(perKind))
      problems.push({ field: 'reportDeadlines', message: '下级机构的年度报告发布期限格式不正确' });
    else
      for (const [kind, value] of Object.entries(perKind)) {
        if (!isAgencyKind(kind))
          problems.push({ field: 'reportDeadlines', message: `没有“${kind}”这类机构` });
        else if (!REPORTING_KINDS.includes(kind))
          problems.push({
            field: `reportDeadlines.${kind}`,
            message: `${AGENCY_KINDS[kind].label}不发布政府信息公开工作年度报告`,
          });
        else if (monthDayOf(value, 2001) === null)
          problems.push({
            field: `reportDeadlines.${kind}`,
            message: `${AGENCY_KINDS[kind].label}的年度报告发布期限应写为“月-日”，如“02-20”`,
          });
      }
  }
  return problems;
}

/** The deadline problems as sentences (the annual reports' own check). */
export function deadlineSettingsProblems(settings: Record<string, unknown>): string[] {
  return deadlineSettingsFieldProblems(settings).map((p) => p.message);
}

/** Problems with settings given by an admin, each with the field it belongs to. */
export function settingsFieldProblems(settings: Record<string, unknown>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (
    'enforceTotp' in settings &&
    settings.enforceTotp !== null &&
    typeof settings.enforceTotp !== 'boolean'
  ) {
    problems.push({ field: 'enforceTotp', message: '“强制动态验证码”设置应为是或否' });
  }
  const complaintDays = complaintDeadlineDaysProblem(settings.complaintDeadlineDays);
  if (complaintDays !== null) problems.push({ field: 'complaintDeadlineDays', message: complaintDays });
  const prefix = letterPrefixProblem(settings.letterPrefix);
  if (prefix !== null) problems.push({ field: 'letterPrefix', message: prefix });
  const reminder = reminderEmailProblem(settings.reminderEmail);
  if (reminder !== null) problems.push({ field: 'reminderEmail', message: reminder });
  const contact = settings.contact;
  if (contact !== undefined && contact !== null) {
    if (typeof contact !== 'object' || Array.isArray(contact))
      problems.push({ field: 'contact', message: '联系方式设置格式不正确' });
    else {
      for (const [key, value] of Object.entries(contact)) {
        if (!(CONTACT_KEYS as readonly string[]).includes(key))
          problems.push({ field: 'contact', message: `联系方式中没有“${key}”一项` });
        else {
          const field = key as keyof AgencyContact;
          if (typeof value !== 'string' || [...value].length > 200)
            problems.push({ field: `contact.${field}`, message: `联系方式“${key}”应为200字以内的文字` });
          else {
            const format = contactFormatProblem(field, value);
            if (format !== null) problems.push({ field: `contact.${field}`, message: format });
          }
        }
      }
    }
  }
  problems.push(...deadlineSettingsFieldProblems(settings));
  return problems;
}

/** Problems with settings given by an admin: known keys must have their types and formats. */
export function settingsProblems(settings: Record<string, unknown>): string[] {
  return settingsFieldProblems(settings).map((p) => p.message);
}

export function agencyNameProblems(name: string): string[] {
  const trimmed = name.trim();
  if (trimmed === '') return ['机构名称不能为空'];
  if ([...trimmed].length > 100) return ['机构名称不能超过100个字'];
  return [];
}
