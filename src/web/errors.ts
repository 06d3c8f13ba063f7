// The one place where error codes become HTTP statuses and Chinese sentences. Domain code throws
// DomainError(code); the edge looks the code up here. Fastify's own errors (body too large, bad
// JSON, unsupported media type, schema violations) are turned into the same shape first.
import { lockedMessage } from '../agencies/index.ts';
import { type ErrorCode, isDomainError } from '../kernel/errors.ts';

export interface ErrorView {
  status: number;
  code: ErrorCode | 'internal';
  /** The Chinese sentence shown to the user. */
  message: string;
  /** The input field concerned, when known. */
  field?: string;
  /** Seconds, for 429. */
  retryAfter?: number;
  /** What exactly is wrong, as Chinese sentences from the domain (e.g. password rules). */
  problems?: string[];
}

export interface ErrorLimits {
  uploadLimitBytes: number;
}

/** Every code has a status and a Chinese sentence; the type makes a missing code a compile error. */
export const ERROR_TABLE: Readonly<Record<ErrorCode, { status: number; message: string }>> = {
  'input.unreadable': { status: 400, message: '无法读取提交的文件或内容。' },
  'input.unsupported': { status: 415, message: '不支持这种文件或内容类型。' },
  'input.not_a_report': { status: 422, message: '提交的文件不是政府信息公开工作年度报告。' },
  'input.too_large': { status: 413, message: '提交的内容或文件过大。' },
  'input.invalid': { status: 400, message: '提交的内容有误，请检查后重新提交。' },
  'input.csrf': { status: 403, message: '页面已过期或请求来源无法确认，请返回上一页刷新后重新提交。' },
  'input.rate_limited': { status: 429, message: '操作过于频繁，请稍后再试。' },
  'auth.required': { status: 401, message: '请先登录。' },
  'auth.invalid_credentials': { status: 401, message: '用户名或密码错误。' },
  'auth.locked': { status: 423, message: '登录失败次数过多，账户已被暂时锁定，请稍后再试。' },
  'auth.second_factor_required': { status: 401, message: '请输入动态验证码完成登录。' },
  'auth.second_factor_invalid': { status: 401, message: '动态验证码错误或已过期。' },
  'auth.password_change_required': { status: 403, message: '请先修改初始密码。' },
  'auth.password_policy': { status: 400, message: '新密码不符合密码规则。' },
  'access.forbidden': { status: 403, message: '您没有进行此项操作的权限。' },
  'access.not_found': { status: 404, message: '页面不存在或您无权访问。' },
  'access.separation_of_duties': { status: 403, message: '同一人不能既经办又审核同一事项。' },
  'conflict.exists': { status: 409, message: '该记录已经存在。' },
  'conflict.state': { status: 409, message: '该记录的状态已经改变，请刷新后重试。' },
  'audit.retention': { status: 409, message: '审计记录尚未超过保存期限，不能清除。' },
};

export const INTERNAL_ERROR_MESSAGE = '系统内部错误，请稍后再试。如问题持续，请将下方的请求编号告知管理员。';

/** Fastify and plugin error codes that are the client's fault, mapped to our codes. */
const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; message: string; status?: number }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'input.too_large', message: '提交的内容过大（上限 1 MB）。' },
  FST_REQ_FILE_TOO_LARGE: { code: 'input.too_large', message: '上传的文件过大。' },
  FST_FILES_LIMIT: { code: 'input.too_large', message: '一次上传的文件过多。' },
  FST_FIELDS_LIMIT: { code: 'input.too_large', message: '提交的字段过多。' },
  FST_PARTS_LIMIT: { code: 'input.too_large', message: '提交的内容分段过多。' },
  FST_PROTO_VIOLATION: { code: 'input.invalid', message: '提交的内容包含不允许的字段名。' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: 'input.invalid', message: '上传请求的格式不正确。' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'input.invalid',
    message: '不支持此内容类型，请以表单或 JSON（UTF-8 编码）提交。',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'input.invalid', message: '请求长度与内容不符。' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'input.invalid', message: 'JSON 内容为空。' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'input.invalid', message: 'JSON 格式错误，无法解析。' },
  FST_ERR_CTP_EMPTY_TYPE: { code: 'input.invalid', message: '缺少内容类型（Content-Type）。' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'input.invalid', message: '内容类型（Content-Type）无效。' },
  FST_ERR_BAD_URL: { code: 'input.invalid', message: '网址格式不正确，请检查后重试。' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'input.invalid', message: '网址过长。', status: 414 },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'input.invalid', message: '无法处理该请求。' },
};

/** ajv keyword → what is wrong with the field, in Chinese. */
const KEYWORD_MESSAGES: Readonly<Record<string, string>> = {
  required: '必须填写',
  minLength: '过短或为空',
  maxLength: '过长',
  minimum: '过小',
  maximum: '过大',
  pattern: '格式不正确',
  format: '格式不正确',
  type: '类型不正确',
  enum: '不在允许的取值范围内',
  const: '取值不正确',
  anyOf: '取值不正确',
  oneOf: '取值不正确',
  minItems: '选择的项目过少',
  maxItems: '选择的项目过多',
  additionalProperties: '不被接受',
};

const CONTEXT_NAMES: Readonly<Record<string, string>> = {
  body: '提交的内容',
  querystring: '查询参数',
  params: '地址参数',
  headers: '请求头',
};

interface AjvIssue {
  keyword?: string;
  instancePath?: string;
  params?: Record<string, unknown>;
  /** With ajv's `verbose`: the schema holding the failed keyword. */
  parentSchema?: { title?: unknown; properties?: Record<string, { title?: unknown }> };
}

/** The Chinese name of the field, from the schema's `title`, when it has one. */
function issueTitle(issue: AjvIssue): string | undefined {
  const property = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  const title =
    typeof property === 'string'
      ? issue.parentSchema?.properties?.[property]?.title
      : issue.parentSchema?.title;
  return typeof title === 'string' ? title : undefined;
}

/** The field an ajv issue is about: `a.b` from `/a/b`, or the missing or extra property. */
export function issueField(issue: AjvIssue): string {
  const path = (issue.instancePath ?? '')
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  return path.join('.') || '（整体）';
}

/** A Fastify schema-validation error as a Chinese sentence naming the field. */
function validationView(error: { validation: AjvIssue[]; validationContext?: string }): ErrorView {
  const issue = error.validation[0] ?? {};
  const field = issueField(issue);
  const where = CONTEXT_NAMES[error.validationContext ?? 'body'] ?? '提交的内容';
  const what = KEYWORD_MESSAGES[issue.keyword ?? ''] ?? '不符合要求';
  return {
    status: 400,
    code: 'input.invalid',
    field,
    message: `${where}有误：字段“${issueTitle(issue) ?? field}”${what}。`,
  };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')
    ? value
    : undefined;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Turns anything thrown during a request into what the user sees. Unknown errors are 500. */
export function toErrorView(error: unknown, limits?: ErrorLimits): ErrorView {
  if (isDomainError(error)) {
    const entry = ERROR_TABLE[error.code];
    const details = error.details;
    const field = typeof details.field === 'string' ? details.field : undefined;
    const retryAfter = typeof details.retryAfter === 'number' ? details.retryAfter : undefined;
    const problems = stringList(details.problems);
    // The domain's refusals of input and of a state are written in Chinese for the user who caused
    // them (the state machine's 不能登记“…”：…); other codes keep their one message per code.
    const refusal =
      (error.code === 'input.invalid' || error.code === 'conflict.state') &&
      /[\u4e00-\u9fff]/.test(error.message);
    let message =
      typeof details.userMessage === 'string' ? details.userMessage : refusal ? error.message : entry.message;
    if (error.code === 'auth.locked' && typeof details.lockedUntil === 'string') {
      message = lockedMessage(details.lockedUntil);
    }
    return {
      status: entry.status,
      code: error.code,
      message,
      ...(field === undefined ? {} : { field }),
      ...(retryAfter === undefined ? {} : { retryAfter }),
      ...(problems === undefined ? {} : { problems }),
    };
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as {
      code?: unknown;
      statusCode?: unknown;
      validation?: unknown;
      validationContext?: string;
    };
    if (Array.isArray(e.validation)) {
      return validationView({
        validation: e.validation as AjvIssue[],
        validationContext: e.validationContext,
      });
    }
    if (typeof e.code === 'string') {
      const known = FASTIFY_CODES[e.code];
      if (known) {
        const message =
          e.code === 'FST_REQ_FILE_TOO_LARGE' && limits
            ? `上传的文件过大，单个文件不能超过 ${megabytes(limits.uploadLimitBytes)}。`
            : known.message;
        return { status: known.status ?? ERROR_TABLE[known.code].status, code: known.code, message };
      }
    }
    if (error instanceof SyntaxError && e.statusCode === 400) {
      return {
        status: 400,
        code: 'input.invalid',
        message: FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY!.message,
      };
    }
    // Other client errors from Fastify or a plugin (e.g. a malformed URL): a generic 4xx.
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      if (e.statusCode === 404) {
        return { status: 404, code: 'access.not_found', message: ERROR_TABLE['access.not_found'].message };
      }
      if (e.statusCode === 413) {
        return { status: 413, code: 'input.too_large', message: ERROR_TABLE['input.too_large'].message };
      }
      return { status: 400, code: 'input.invalid', message: ERROR_TABLE['input.invalid'].message };
    }
  }
  return { status: 500, code: 'internal', message: INTERNAL_ERROR_MESSAGE };
}

/** The page title for an error page. */
export function errorTitle(status: number): string {
  if (status === 404) return '页面不存在';
  if (status === 403) return '无法完成操作';
  if (status === 401) return '需要登录';
  if (status === 413) return '内容过大';
  if (status === 429) return '操作过于频繁';
  if (status >= 500) return '系统错误';
  return '提交的内容有误';
}
