// The application and supplement forms as the web edge reads them: the fields and the one file of
// a multipart upload (or an ordinary urlencoded form), the values kept for the form shown again,
// the mapping to the use case's input, and which field each Chinese problem sentence is about.
import type { FastifyRequest } from 'fastify';
import {
  type ApplicantInput,
  type ApplicantType,
  applicantProblems,
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_FORM_LABELS,
  type DeliveryChannel,
  type DeliveryForm,
  ID_KIND_LABELS,
  type IdKind,
  isApplicantType,
  isCreditCode,
  MAX_UPLOAD_BYTES,
  normalizeApplicant,
  normalizeRequest,
  type RequestInput,
  requestProblems,
  type UploadedFile,
} from '../../applications/index.ts';
import { LETTER_KIND_LABELS, type LetterKind } from '../../applications/letters/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { toErrorView } from '../errors.ts';

/** The fields of the form, named as the use case names them. */
export const APPLY_FIELDS = [
  'applicantType',
  'name',
  'organisationCode',
  'idKind',
  'idNumber',
  'phone',
  'email',
  'address',
  'description',
  'documentNumber',
  'deliveryForm',
  'deliveryChannel',
] as const;

export type ApplyField = (typeof APPLY_FIELDS)[number];
export type ApplyFormValues = Record<ApplyField, string>;
/**
 * The field an error is about (a form field's name: `idProof` is the file of the application form,
 * `text` and `file` those of the supplement form), null when no single field is concerned.
 */
export type ErrorField = ApplyField | 'idProof' | 'text' | 'file' | 'trackingNumber' | 'token' | null;

export interface FieldError {
  field: ErrorField;
  message: string;
}

export const DEFAULT_APPLY_VALUES: ApplyFormValues = {
  applicantType: 'naturalPerson',
  name: '',
  organisationCode: '',
  idKind: 'id_card',
  idNumber: '',
  phone: '',
  email: '',
  address: '',
  description: '',
  documentNumber: '',
  deliveryForm: 'electronic',
  deliveryChannel: 'online',
};

/** 5 MB, or whatever smaller limit the installation sets, in words. */
export function sizeLabel(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`;
}

/** The upload limit applied to the applicant's files: 5 MB, or less when the installation says so. */
export function uploadLimit(configured: number): number {
  return Math.min(MAX_UPLOAD_BYTES, configured);
}

// ---------------------------------------------------------------------------------------------
// Reading the submitted form

export interface SubmittedForm {
  fields: Record<string, string>;
  file: UploadedFile | null;
  /** What makes the submission unusable before validation (a file over the limit), per field. */
  refusals: FieldError[];
  status: 400 | 413;
}

/**
 * The fields and the one file of a form. Multipart is streamed here (the CSRF token came in the
 * query); an ordinary urlencoded form (no file) is accepted too. The file is cut at the upload
 * limit and refused, and the rest of the form is still read so that the values can be kept.
 */
export async function readForm(
  request: FastifyRequest,
  names: readonly string[],
  fileField: string,
  limit: number,
): Promise<SubmittedForm> {
  const form: SubmittedForm = { fields: {}, file: null, refusals: [], status: 400 };
  const wanted = new Set(names);
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const name of names) {
      const value = body[name];
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') form.fields[name] = first;
    }
    return form;
  }
  try {
    // throwFileSizeLimit: false (read by the plugin, missing from its types) cuts the file instead of
    // failing the request, so that the fields after it are still read.
    const options = {
      limits: {
        fileSize: limit,
        files: 1,
        fields: names.length + 5,
        fieldSize: 64 * 1024,
        parts: names.length + 6,
      },
      throwFileSizeLimit: false,
    };
    const parts = request.parts(options as Parameters<FastifyRequest['parts']>[0]);
    for await (const part of parts) {
      if (part.type === 'file') {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        if (part.fieldname !== fileField) continue;
        const content = Buffer.concat(chunks);
        if (part.file.truncated) {
          form.refusals.push({
            field: fileField as FieldError['field'],
            message: `上传的文件过大，不能超过${sizeLabel(limit)}，请压缩或重新拍摄后再上传。`,
          });
          form.status = 413;
        } else if (part.filename !== '' || content.byteLength > 0) {
          // A file input left empty still sends a part, without a name and without content.
          form.file = { filename: part.filename, mediaType: part.mimetype, content: new Uint8Array(content) };
        }
        continue;
      }
      if (!wanted.has(part.fieldname) || form.fields[part.fieldname] !== undefined) continue;
      const value = String(part.value ?? '');
      if (part.valueTruncated) {
        form.refusals.push({ field: part.fieldname as FieldError['field'], message: '填写的内容过长。' });
      } else if (value.includes('\u0000')) {
        form.refusals.push({ field: null, message: '提交的内容含有无效字符（NUL），请检查后重新提交。' });
      } else {
        form.fields[part.fieldname] = value;
      }
    }
  } catch (error) {
    // Limits of the plugin (too many files or fields) keep their own code and page.
    if (
      typeof (error as { code?: unknown }).code === 'string' &&
      (error as { code: string }).code.startsWith('FST_')
    )
      throw error;
    throw new DomainError('input.unreadable', 'broken multipart body', {
      userMessage: '提交的内容不完整或格式有误，请返回后重新提交。',
    });
  }
  return form;
}

// ---------------------------------------------------------------------------------------------
// The application form

function keyOf<T extends string>(labels: Record<T, string>, value: string): T | '' {
  return Object.hasOwn(labels, value) ? (value as T) : '';
}

export function applyValues(fields: Record<string, string>): ApplyFormValues {
  const values = { ...DEFAULT_APPLY_VALUES };
  for (const name of APPLY_FIELDS) {
    const value = fields[name];
    if (value !== undefined) values[name] = value;
  }
  // A radio group left unanswered is absent from the form: then it is unanswered, not the default.
  for (const name of ['applicantType', 'deliveryForm', 'deliveryChannel'] as const)
    if (fields[name] === undefined) values[name] = '';
  return values;
}

export function toApplicant(values: ApplyFormValues): ApplicantInput {
  const type = isApplicantType(values.applicantType) ? values.applicantType : ('' as ApplicantType);
  return {
    applicantType: type,
    name: values.name,
    // A person has no 统一社会信用代码; whatever was typed there is not kept.
    organisationCode: type === 'naturalPerson' ? null : values.organisationCode,
    idKind: keyOf(ID_KIND_LABELS, values.idKind) as IdKind,
    idNumber: values.idNumber,
    phone: values.phone,
    email: values.email,
    address: values.address,
  };
}

export function toRequest(values: ApplyFormValues): RequestInput {
  return {
    description: values.description,
    documentNumber: values.documentNumber,
    deliveryForm: keyOf(DELIVERY_FORM_LABELS, values.deliveryForm) as DeliveryForm,
    deliveryChannel: keyOf(DELIVERY_CHANNEL_LABELS, values.deliveryChannel) as DeliveryChannel,
  };
}

/** The field a problem sentence of the use case is about, so that the summary can link to it. */
export function problemField(problem: string, values: ApplyFormValues): FieldError['field'] {
  if (problem.includes('申请人类型')) return 'applicantType';
  if (problem.includes('身份证明类型')) return 'idKind';
  if (problem.includes('统一社会信用代码有误')) {
    const organisationCode = values.organisationCode.normalize('NFKC').trim().toUpperCase();
    return values.applicantType !== 'naturalPerson' &&
      organisationCode !== '' &&
      !isCreditCode(organisationCode)
      ? 'organisationCode'
      : 'idNumber';
  }
  if (/身份证明号码|居民身份证号码/.test(problem)) return 'idNumber';
  if (/姓名|名称不能|组织名称/.test(problem)) return 'name';
  if (problem.includes('联系电话')) return 'phone';
  if (problem.includes('电子邮箱')) return 'email';
  if (problem.includes('通信地址')) return 'address';
  if (/所需政府信息|所需信息描述/.test(problem)) return 'description';
  if (problem.includes('文号')) return 'documentNumber';
  if (problem.includes('提供形式')) return 'deliveryForm';
  if (problem.includes('获取信息的方式')) return 'deliveryChannel';
  if (/上传|文件/.test(problem)) return 'idProof';
  return null;
}

/** Every problem of the form, as the use case would find them (used when a file stops it earlier). */
export function formProblems(values: ApplyFormValues): string[] {
  const applicant = normalizeApplicant(toApplicant(values));
  return [
    ...applicantProblems(applicant),
    ...requestProblems(normalizeRequest(toRequest(values)), applicant),
  ];
}

export function problemsOf(error: DomainError): string[] {
  const problems = error.details.problems;
  if (Array.isArray(problems) && problems.every((p) => typeof p === 'string') && problems.length > 0)
    return problems as string[];
  return [toErrorView(error).message];
}

/** 答复告知书-<文号>.docx: the letter's kind without the common prefix, and its 文号. */
export function docxFilename(kind: string, documentNumber: string): string {
  const label = LETTER_KIND_LABELS[kind as LetterKind] ?? '文书';
  const short = label.replace(/^政府信息公开(申请)?/, '');
  return `${short}-${documentNumber}.docx`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '');
}

/** attachment; filename="…" (ASCII) and filename*=UTF-8''… (RFC 5987) for the Chinese name. */
export function contentDisposition(filename: string, fallback: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
