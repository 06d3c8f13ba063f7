// 依申请公开 on the portal: the application form (条例第二十九条) and the pieces the applicant's
// other pages share (dates, the error summary). The confirmation and the lookup form are in
// apply-receipt-pages.tsx, the status page in apply-status-page.tsx. Mobile first: one column,
// labels above fields, big touch targets; no script.
import {
  APPLICANT_TYPES,
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_FORM_LABELS,
  ID_KIND_LABELS,
  LIMITS,
  PERIODS,
  RECEIPT_RULES,
} from '../../applications/index.ts';
import { chineseDate } from '../../applications/letters/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import {
  type ApplyField,
  type ApplyFormValues,
  type ErrorField,
  type FieldError,
  sizeLabel,
} from './apply-form.ts';
import { ErrorSummary } from './error-summary.tsx';
import { agencyHref } from './pages.tsx';

export const LOOKUP_HREF = '/apply/lookup';
export const STATUS_HREF = '/apply/status';

export function applyHref(agencyId: string): string {
  return `${agencyHref(agencyId)}/apply`;
}

export function statusHref(token: string): string {
  return `${STATUS_HREF}?token=${encodeURIComponent(token)}`;
}

/** The id of the input an error links to (the first choice of a group of radio buttons). */
export function fieldId(field: Exclude<ErrorField, null>): string {
  if (field === 'applicantType') return `f-applicantType-${APPLICANT_TYPES[0]!.key}`;
  if (field === 'deliveryForm') return `f-deliveryForm-${Object.keys(DELIVERY_FORM_LABELS)[0]}`;
  if (field === 'deliveryChannel') return `f-deliveryChannel-${Object.keys(DELIVERY_CHANNEL_LABELS)[0]}`;
  return `f-${field}`;
}

/** Date in the Chinese form, machine-readable in `datetime`. */
export function CivilDate(props: { date: string }): JSX.Element {
  return (
    <time datetime={props.date} safe>
      {chineseDate(props.date)}
    </time>
  );
}

/** The problems at the top of a form, each linking to its field. */
export function ErrorList(props: { errors: readonly FieldError[]; title?: string }): JSX.Element {
  return ErrorSummary({ ...props, fieldId: fieldId });
}

function errorOf(errors: readonly FieldError[], field: ErrorField): string | undefined {
  const messages = errors.filter((e) => e.field === field).map((e) => e.message);
  return messages.length === 0 ? undefined : messages.join('；');
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter((s) => s !== '');
  return ids.length === 0 ? undefined : ids.join(' ');
}

function HintAndError(props: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`} safe>
          {props.hint}
        </span>
      ) : (
        ''
      )}
      {props.error ? (
        <span class="field-error" id={`${props.id}-error`} safe>
          {props.error}
        </span>
      ) : (
        ''
      )}
    </>
  );
}

interface InputProps {
  name: ApplyField;
  label: string;
  values: ApplyFormValues;
  errors: readonly FieldError[];
  type?: 'text' | 'email' | 'tel';
  hint?: string;
  required?: boolean;
  maxlength: number;
  autocomplete: string;
  inputmode?: 'text' | 'tel' | 'email' | 'numeric';
}

function Input(props: InputProps): JSX.Element {
  const id = `f-${props.name}`;
  const error = errorOf(props.errors, props.name);
  return (
    <div class="field">
      <label for={id}>
        <span safe>{props.label}</span>
        {props.required ? <span class="required">（必填）</span> : <span class="optional">（选填）</span>}
      </label>
      <HintAndError id={id} hint={props.hint} error={error} />
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.values[props.name]}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={String(props.maxlength)}
        required={props.required}
        aria-describedby={describedBy(id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

function Choices(props: {
  name: ApplyField;
  legend: string;
  options: readonly { value: string; label: string }[];
  values: ApplyFormValues;
  errors: readonly FieldError[];
  hint?: string;
}): JSX.Element {
  const id = `f-${props.name}`;
  const error = errorOf(props.errors, props.name);
  return (
    <fieldset id={id} aria-describedby={describedBy(id, props.hint, error)}>
      <legend>
        <span safe>{props.legend}</span>
        <span class="required">（必选）</span>
      </legend>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.options.map((option) => (
        <div class="choice">
          <input
            type="radio"
            id={`${id}-${option.value}`}
            name={props.name}
            value={option.value}
            checked={props.values[props.name] === option.value}
            required
          />
          <label for={`${id}-${option.value}`} safe>
            {option.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

const APPLICANT_OPTIONS = APPLICANT_TYPES.map((t) => ({
  value: t.key,
  label: t.legalPerson ? `法人或其他组织：${t.label}` : `${t.label}（公民个人）`,
}));

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export interface ApplyFormProps {
  agency: { id: string; name: string };
  csrfToken: string;
  values: ApplyFormValues;
  errors: readonly FieldError[];
  /** The upload limit in bytes (5 MB unless the installation sets less). */
  uploadLimit: number;
  /** Published items matching the description, when the applicant asked to look first (null: not asked). */
  published?: readonly PublishedMatch[] | null;
  /** Search-as-you-type: the suggestions endpoint and our script (the form works without it). */
  suggest?: { url: string; scriptSrc: string };
}

/** A published item found for the description: its title and snippet are escaped HTML with <mark>. */
export interface PublishedMatch {
  url: string;
  titleHtml: string;
  snippetHtml: string;
  publishedOn: string;
}

/** What is already published about the description: the applicant may not need to apply. */
function PublishedMatches(props: { matches: readonly PublishedMatch[] }): JSX.Element {
  return (
    <section class="panel" id="published" aria-labelledby="published-title">
      <h2 id="published-title">已公开的相关信息</h2>
      {props.matches.length === 0 ? (
        <p>没有找到与您的描述相符的已公开信息。您可以继续填写并提交申请。</p>
      ) : (
        <>
          <p>
            以下信息已经主动公开，可直接查看。如果已满足您的需要，就不必再提交申请；否则请继续填写并提交。
          </p>
          <ul class="matches">
            {props.matches.map(({ url, titleHtml: safeTitle, snippetHtml: safeSnippet, publishedOn }) => (
              <li>
                {/* The search module escapes titles and snippets and adds only <mark>. */}
                <a href={url}>{safeTitle}</a>
                <span class="hint" safe>
                  {`发布日期：${publishedOn}`}
                </span>
                <p>{safeSnippet}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ApplyFormPage(props: ApplyFormProps): JSX.Element {
  const { values, errors, agency } = props;
  const action = `${applyHref(agency.id)}?_csrf=${encodeURIComponent(props.csrfToken)}`;
  const fileError = errorOf(errors, 'idProof');
  const descriptionError = errorOf(errors, 'description');
  const descriptionHint = `请写明所需政府信息的名称、文号，或者便于查询的其他特征（如形成时间、涉及的项目或地点），不超过${LIMITS.description}字。`;
  const fileHint = `选填。可上传居民身份证、营业执照等身份证明的照片或扫描件，PDF、JPG 或 PNG 格式，不超过${sizeLabel(props.uploadLimit)}。`;
  return (
    <PortalLayout title={errors.length > 0 ? '提交的内容有误 - 依申请公开' : '依申请公开'} agency={agency}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          { label: agency.name, href: agencyHref(agency.id) },
          { label: '依申请公开' },
        ]}
      />
      <h1>政府信息公开申请</h1>
      <ErrorList errors={errors} />
      <section class="panel" aria-labelledby="apply-about">
        <h2 id="apply-about">申请须知</h2>
        <ul class="apply-notes">
          <li>
            向<strong safe>{agency.name}</strong>
            申请获取政府信息，请如实填写以下内容（《中华人民共和国政府信息公开条例》第二十九条）。
          </li>
          <li safe>{`${RECEIPT_RULES.online}。`}</li>
          <li safe>
            {`本机关自收到申请之日起${PERIODS.reply.workingDays}个工作日内答复；需要延长答复期限的，经批准并告知您后可延长，延长期限最长不超过${PERIODS.extension.workingDays}个工作日（条例${PERIODS.reply.article}）。`}
          </li>
          <li safe>
            {`申请内容不明确的，本机关在收到申请之日起${PERIODS.supplementNotice.workingDays}个工作日内一次性告知您补正；答复期限自收到补正之日起计算（条例${PERIODS.supplementNotice.article}）。`}
          </li>
          <li>您的身份证明号码、联系电话等个人信息仅用于办理本申请，不会公开。</li>
        </ul>
      </section>
      <form
        method="post"
        action={action}
        enctype="multipart/form-data"
        class="stacked apply-form"
        novalidate
        data-suggest-url={props.suggest?.url}
      >
        <section class="panel" aria-labelledby="apply-applicant">
          <h2 id="apply-applicant">申请人信息</h2>
          <Choices
            name="applicantType"
            legend="申请人类型"
            options={APPLICANT_OPTIONS}
            values={values}
            errors={errors}
          />
          <Input
            name="name"
            label="姓名或名称"
            hint="公民个人填写姓名；法人或其他组织填写单位全称。"
            values={values}
            errors={errors}
            required
            maxlength={LIMITS.name}
            autocomplete="name"
          />
          <Input
            name="organisationCode"
            label="统一社会信用代码"
            hint="法人或其他组织填写，18位。"
            values={values}
            errors={errors}
            maxlength={30}
            autocomplete="off"
          />
          <div class="field">
            <label for="f-idKind">
              证件类型<span class="required">（必填）</span>
            </label>
            <HintAndError id="f-idKind" error={errorOf(errors, 'idKind')} />
            <select
              id="f-idKind"
              name="idKind"
              autocomplete="off"
              aria-invalid={errorOf(errors, 'idKind') ? 'true' : undefined}
            >
              {Object.entries(ID_KIND_LABELS).map(([value, label]) => (
                <option value={value} selected={values.idKind === value} safe>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <Input
            name="idNumber"
            label="证件号码"
            hint="居民身份证号码为18位，最后一位可能是字母 X。"
            values={values}
            errors={errors}
            required
            maxlength={LIMITS.idNumber}
            autocomplete="off"
          />
          <Input
            name="phone"
            label="联系电话"
            hint="手机或固定电话，只填数字。"
            type="tel"
            inputmode="tel"
            values={values}
            errors={errors}
            required
            maxlength={LIMITS.phone}
            autocomplete="tel"
          />
          <Input
            name="email"
            label="电子邮箱"
            hint="选择以电子邮件获取信息时必填。"
            type="email"
            inputmode="email"
            values={values}
            errors={errors}
            maxlength={LIMITS.email}
            autocomplete="email"
          />
          <Input
            name="address"
            label="通信地址"
            hint="选择邮寄时必填，请写明省、市、县（区）、街道和门牌号。"
            values={values}
            errors={errors}
            maxlength={LIMITS.address}
            autocomplete="street-address"
          />
          <div class="field">
            <label for="f-idProof">
              身份证明<span class="optional">（选填）</span>
            </label>
            <HintAndError id="f-idProof" hint={fileHint} error={fileError} />
            <input
              type="file"
              id="f-idProof"
              name="idProof"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              aria-describedby={describedBy('f-idProof', fileHint, fileError)}
              aria-invalid={fileError ? 'true' : undefined}
            />
          </div>
        </section>
        <section class="panel" aria-labelledby="apply-request">
          <h2 id="apply-request">所需信息</h2>
          <div class="field">
            <label for="f-description">
              所需信息的名称、文号或者特征性描述<span class="required">（必填）</span>
            </label>
            <HintAndError id="f-description" hint={descriptionHint} error={descriptionError} />
            {/* A browser drops one newline right after <textarea>: the first line stays, even a blank one. */}
            <textarea
              id="f-description"
              name="description"
              rows="6"
              maxlength={String(LIMITS.description)}
              required
              aria-describedby={describedBy('f-description', descriptionHint, descriptionError)}
              aria-invalid={descriptionError ? 'true' : undefined}
              safe
            >
              {`\n${values.description}`}
            </textarea>
          </div>
          <Input
            name="documentNumber"
            label="文号"
            hint="知道文件文号的可以填写，如：济示管〔2025〕12号。"
            values={values}
            errors={errors}
            maxlength={LIMITS.documentNumber}
            autocomplete="off"
          />
          <button type="submit" name="action" value="find" class="secondary" formnovalidate>
            先查找已公开的相关信息
          </button>
          {/* Filled while typing by the script (announced politely to screen readers). */}
          <div id="suggestions" aria-live="polite"></div>
          {props.published ? <PublishedMatches matches={props.published} /> : ''}
          <Choices
            name="deliveryForm"
            legend="信息的提供形式"
            options={options(DELIVERY_FORM_LABELS)}
            values={values}
            errors={errors}
          />
          <Choices
            name="deliveryChannel"
            legend="获取信息的方式"
            options={options(DELIVERY_CHANNEL_LABELS)}
            values={values}
            errors={errors}
          />
        </section>
        <button type="submit" class="wide">
          提交申请
        </button>
      </form>
      <p>
        已经提交过申请？<a href={LOOKUP_HREF}>查询办理情况</a>
      </p>
      {props.suggest ? <script src={props.suggest.scriptSrc} defer></script> : ''}
    </PortalLayout>
  );
}
