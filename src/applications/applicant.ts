// The applicant and the request as 条例第二十九条 lists them (name or organisation, proof of
// identity, contact, description of the information, form of provision), with validation in
// Chinese and the masking of personal data for every view that is not the organ's own staff.
import { hasValidResidentIdChecksum } from '../kernel/resident-id.ts';
import { type ApplicantType, isApplicantType } from './outcomes.ts';

export type IdKind = 'id_card' | 'passport' | 'other_person' | 'credit_code';

export const ID_KIND_LABELS: Record<IdKind, string> = {
  id_card: '居民身份证',
  passport: '护照或其他有效证件',
  other_person: '其他身份证明',
  credit_code: '统一社会信用代码证（营业执照等）',
};

/** 所需信息的指定提供方式 (条例第二十九条第（三）项, 第四十条). */
export type DeliveryForm = 'paper' | 'electronic' | 'disc' | 'inspection';

export const DELIVERY_FORM_LABELS: Record<DeliveryForm, string> = {
  paper: '纸质文本',
  electronic: '电子文本',
  disc: '光盘等存储介质',
  inspection: '当场查阅、抄录',
};

/** 获取信息的方式. */
export type DeliveryChannel = 'post' | 'email' | 'pickup' | 'online';

export const DELIVERY_CHANNEL_LABELS: Record<DeliveryChannel, string> = {
  post: '邮寄',
  email: '电子邮件',
  pickup: '当面领取',
  online: '网上获取（在申请查询页面查看）',
};

export interface ApplicantInput {
  applicantType: ApplicantType;
  /** 姓名 (自然人) or 名称 (法人或其他组织). */
  name: string;
  /** 统一社会信用代码, for 法人或其他组织. */
  organisationCode?: string | null;
  idKind: IdKind;
  idNumber: string;
  phone: string;
  email?: string | null;
  address?: string | null;
}

export interface RequestInput {
  description: string;
  documentNumber?: string | null;
  deliveryForm: DeliveryForm;
  deliveryChannel: DeliveryChannel;
}

export const LIMITS = {
  name: 100,
  idNumber: 40,
  phone: 30,
  email: 200,
  address: 300,
  description: 4000,
  documentNumber: 100,
} as const;

/** An 18-digit 居民身份证号码 whose check digit (GB 11643) is right. */
export function isResidentIdNumber(value: string): boolean {
  return hasValidResidentIdChecksum(value);
}

/** A 统一社会信用代码 (GB 32100): 18 characters of its alphabet with the right check character. */
export function isCreditCode(value: string): boolean {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  if (value.length !== 18) return false;
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = alphabet.indexOf(value[i]!);
    if (v < 0) return false;
    sum += v * weights[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return alphabet[check] === value[17];
}

function clean(value: string | null | undefined): string {
  return (value ?? '').normalize('NFKC').trim();
}

export function normalizeApplicant(input: ApplicantInput): ApplicantInput {
  return {
    applicantType: input.applicantType,
    name: clean(input.name),
    organisationCode: clean(input.organisationCode).toUpperCase() || null,
    idKind: input.idKind,
    idNumber: clean(input.idNumber).toUpperCase().replace(/\s+/g, ''),
    phone: clean(input.phone).replace(/[\s-]+/g, ''),
    email: clean(input.email) || null,
    address: clean(input.address) || null,
  };
}

export function normalizeRequest(input: RequestInput): RequestInput {
  return {
    description: clean(input.description),
    documentNumber: clean(input.documentNumber) || null,
    deliveryForm: input.deliveryForm,
    deliveryChannel: input.deliveryChannel,
  };
}

function tooLong(value: string | null | undefined, max: number): boolean {
  return [...(value ?? '')].length > max;
}

/** Problems of an applicant (already normalized), as Chinese sentences; empty when fine. */
export function applicantProblems(a: ApplicantInput): string[] {
  const problems: string[] = [];
  const person = a.applicantType === 'naturalPerson';
  if (!isApplicantType(a.applicantType)) problems.push('请选择申请人类型');
  if (a.name === '') problems.push(person ? '请填写申请人姓名' : '请填写法人或其他组织名称');
  else if (tooLong(a.name, LIMITS.name)) problems.push(`名称不能超过${LIMITS.name}个字`);
  if (!Object.hasOwn(ID_KIND_LABELS, a.idKind)) problems.push('请选择身份证明类型');
  if (a.idNumber === '') problems.push('请填写身份证明号码');
  else if (tooLong(a.idNumber, LIMITS.idNumber)) problems.push('身份证明号码过长');
  else if (a.idKind === 'id_card' && !isResidentIdNumber(a.idNumber))
    problems.push('居民身份证号码有误（应为18位，最后一位校验码须正确）');
  else if (a.idKind === 'credit_code' && !isCreditCode(a.idNumber))
    problems.push('统一社会信用代码有误（应为18位，校验码须正确）');
  if (!person && a.organisationCode && !isCreditCode(a.organisationCode))
    problems.push('统一社会信用代码有误（应为18位，校验码须正确）');
  if (a.phone === '') problems.push('请填写联系电话');
  else if (!/^\+?\d{5,20}$/.test(a.phone)) problems.push('联系电话只能包含数字');
  if (a.email && (tooLong(a.email, LIMITS.email) || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email)))
    problems.push('电子邮箱格式有误');
  if (tooLong(a.address, LIMITS.address)) problems.push(`通信地址不能超过${LIMITS.address}个字`);
  return problems;
}

/** Problems of the request (already normalized), as Chinese sentences. */
export function requestProblems(r: RequestInput, applicant?: ApplicantInput): string[] {
  const problems: string[] = [];
  if (r.description === '') problems.push('请填写所需政府信息的名称、文号或者便于查询的其他特征性描述');
  else if (tooLong(r.description, LIMITS.description))
    problems.push(`所需信息描述不能超过${LIMITS.description}个字`);
  if (tooLong(r.documentNumber, LIMITS.documentNumber)) problems.push('文号过长');
  if (!Object.hasOwn(DELIVERY_FORM_LABELS, r.deliveryForm)) problems.push('请选择信息的提供形式');
  if (!Object.hasOwn(DELIVERY_CHANNEL_LABELS, r.deliveryChannel)) problems.push('请选择获取信息的方式');
  if (r.deliveryChannel === 'email' && applicant && !applicant.email)
    problems.push('选择以电子邮件获取信息时，请填写电子邮箱');
  if (r.deliveryChannel === 'post' && applicant && !applicant.address)
    problems.push('选择邮寄时，请填写通信地址');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Masking (条例 and 个人信息保护法: personal data never leaves the organ's staff unmasked)

/** 4101********1234 style: the first 4 and last 4 characters stay, at most. */
export function maskIdNumber(value: string | null): string {
  if (!value) return '';
  if (value.length <= 4) return '*'.repeat(value.length);
  const keep = value.length >= 12 ? 4 : 2;
  return `${value.slice(0, keep)}${'*'.repeat(value.length - keep * 2)}${value.slice(-keep)}`;
}

/** 138****5678. */
export function maskPhone(value: string | null): string {
  if (!value) return '';
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** 张* / 欧阳** for persons; organisations are public and stay whole. */
export function maskName(value: string, applicantType: ApplicantType): string {
  if (applicantType !== 'naturalPerson') return value;
  const chars = [...value];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskEmail(value: string | null): string {
  if (!value) return '';
  const at = value.indexOf('@');
  if (at <= 0) return '***';
  return `${value[0]}***${value.slice(at)}`;
}
