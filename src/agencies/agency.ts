// Agencies: the hierarchy region → town/department → village, as plain data and pure rules.

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

/** Problems with settings given by an admin: known keys must have their types. */
export function settingsProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (
    'enforceTotp' in settings &&
    settings.enforceTotp !== null &&
    typeof settings.enforceTotp !== 'boolean'
  ) {
    problems.push('“强制动态验证码”设置应为是或否');
  }
  const complaintDays = complaintDeadlineDaysProblem(settings.complaintDeadlineDays);
  if (complaintDays !== null) problems.push(complaintDays);
  const contact = settings.contact;
  if (contact !== undefined && contact !== null) {
    if (typeof contact !== 'object' || Array.isArray(contact)) problems.push('联系方式设置格式不正确');
    else {
      for (const [key, value] of Object.entries(contact)) {
        if (!(CONTACT_KEYS as readonly string[]).includes(key)) problems.push(`联系方式中没有“${key}”一项`);
        else if (typeof value !== 'string' || [...value].length > 200)
          problems.push(`联系方式“${key}”应为200字以内的文字`);
      }
    }
  }
  return problems;
}

export function agencyNameProblems(name: string): string[] {
  const trimmed = name.trim();
  if (trimmed === '') return ['机构名称不能为空'];
  if ([...trimmed].length > 100) return ['机构名称不能超过100个字'];
  return [];
}
