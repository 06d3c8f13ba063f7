// The back office of 依申请公开: the queue by due date, the registration form for applications that
// came by letter, e-mail, fax or in person, the page shown once after registering (tracking number
// and the applicant's status link), and the application page with its status, timeline, letters,
// files, appeals and the forms of the events allowed now. No scripts: every choice is a plain form.

import { APPEAL_KIND_LABELS, APPEAL_RESULTS, type Appeal } from '../../appeals/index.ts';
import {
  APPLICANT_TYPES,
  type ApplicationDetail,
  CHANNEL_LABELS,
  type Channel,
  CONSULTATION_LABELS,
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_FORM_LABELS,
  EVENT_LABELS,
  ID_KIND_LABELS,
  type IntakeResult,
  type OutcomeCode,
  outcome,
  outcomeTitle,
  type QueueItem,
  RECEIPT_RULES,
} from '../../applications/index.ts';
import { FEE_METHOD_LABELS, PAGE_FEE_TIERS } from '../../fees/index.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { statusHref } from '../portal/apply-pages.tsx';
import {
  type FormEventType,
  type FormFields,
  fieldValue,
  fieldValues,
  REPLY_OUTCOMES,
  WITHHELD_REASONS,
} from './application-forms.ts';
import type { Chrome } from './chrome.ts';

// ---------------------------------------------------------------------------------------------
// Addresses

const enc = encodeURIComponent;

/** The nav link: the queue of the user's own agency (or a choice of agencies). */
export const MY_APPLICATIONS_HREF = '/office/applications';

export function applicationsHref(agencyId: string): string {
  return `/office/agencies/${enc(agencyId)}/applications`;
}

export function newApplicationHref(agencyId: string): string {
  return `${applicationsHref(agencyId)}/new`;
}

export function applicationHref(agencyId: string, applicationId: string): string {
  return `${applicationsHref(agencyId)}/${enc(applicationId)}`;
}

export function letterDocxHref(agencyId: string, applicationId: string, letterId: string): string {
  return `${applicationHref(agencyId, applicationId)}/letters/${enc(letterId)}.docx`;
}

export function fileHref(agencyId: string, applicationId: string, fileId: string): string {
  return `${applicationHref(agencyId, applicationId)}/files/${enc(fileId)}`;
}

/** The applicant's status page on the portal, with the secret in its `token` parameter (never logged). */
export function applicantStatusUrl(origin: string, token: string): string {
  return `${origin}${statusHref(token)}`;
}

// ---------------------------------------------------------------------------------------------
// Small pieces

interface Agency {
  id: string;
  name: string;
}

/** 剩余N个工作日 / 今日到期 / 已超期N个工作日 / 暂定: in words, never by colour alone. */
export function dueWords(item: {
  replyDue: string | null;
  overdue: boolean;
  daysLeft: number | null;
  provisional: boolean;
}): string[] {
  const words: string[] = [];
  if (item.overdue && item.daysLeft !== null) words.push(`已超期${-item.daysLeft}个工作日`);
  else if (item.daysLeft === 0) words.push('今日到期');
  else if (item.daysLeft !== null) words.push(`剩余${item.daysLeft}个工作日`);
  if (item.provisional) words.push('暂定');
  return words;
}

/** A user's name by id: `missing` when the id is unknown, `none` when there is no user. */
function userName(
  names: ReadonlyMap<string, string>,
  id: string | null,
  missing: string,
  none: string,
): string {
  return id === null ? none : (names.get(id) ?? missing);
}

function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : value;
}

function bytes(size: number): string {
  return size >= 1024 * 1024
    ? `${(size / (1024 * 1024)).toFixed(1)} MB`
    : `${Math.max(1, Math.ceil(size / 1024))} KB`;
}

const FILE_KINDS: Readonly<Record<string, string>> = {
  id_proof: '身份证明',
  supplement: '补正材料',
  supplement_text: '补正说明',
};

interface Option {
  value: string;
  label: string;
}

interface FieldProps {
  /** The form the field belongs to: ids stay unique on a page with many forms. */
  form: string;
  name: string;
  label: string;
  hint?: string;
}

function Label(props: FieldProps): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <>
      <label for={id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </span>
      ) : (
        ''
      )}
    </>
  );
}

function Input(
  props: FieldProps & {
    value: string;
    type?: 'text' | 'date' | 'email' | 'tel';
    required?: boolean;
    maxlength?: number;
    inputmode?: 'numeric' | 'text';
    autocomplete?: string;
  },
): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <Label {...props} />
      <input
        type={props.type ?? 'text'}
        id={id}
        name={props.name}
        value={props.value}
        required={props.required}
        maxlength={props.maxlength === undefined ? undefined : String(props.maxlength)}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete ?? 'off'}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
    </div>
  );
}

function Area(props: FieldProps & { value: string; rows?: number; required?: boolean }): JSX.Element {
  const id = `${props.form}-${props.name}`;
  return (
    <div class="field">
      <Label {...props} />
      {/* A browser drops one newline right after <textarea>: the first line stays, even a blank one. */}
      <textarea
        id={id}
        name={props.name}
        rows={String(props.rows ?? 4)}
        cols="60"
        required={props.required}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        safe
      >
        {`\n${props.value}`}
      </textarea>
    </div>
  );
}

function Select(
  props: FieldProps & {
    value: string;
    options?: readonly Option[];
    groups?: readonly { label: string; options: readonly Option[] }[];
    blank?: string;
  },
): JSX.Element {
  const id = `${props.form}-${props.name}`;
  const option = (o: Option) => (
    <option value={o.value} selected={o.value === props.value} safe>
      {o.label}
    </option>
  );
  return (
    <div class="field">
      <Label {...props} />
      <select id={id} name={props.name} aria-describedby={props.hint ? `${id}-hint` : undefined}>
        {props.blank === undefined ? (
          ''
        ) : (
          <option value="" selected={props.value === ''} safe>
            {props.blank}
          </option>
        )}
        {(props.options ?? []).map(option)}
        {(props.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(option)}</optgroup>
        ))}
      </select>
    </div>
  );
}

const options = (labels: Readonly<Record<string, string>>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The values a form shows: what was typed when it came back with problems, else the defaults. */
function valuesOf(failed: FailedForm | undefined, form: string) {
  const typed: FormFields | undefined = failed?.form === form ? failed.values : undefined;
  return {
    get: (name: string, fallback = '') => (typed ? fieldValue(typed, name) : fallback),
    all: (name: string, fallback: readonly string[] = []) =>
      typed ? fieldValues(typed, name) : [...fallback],
  };
}

/** A form that came back with problems: shown again with what was typed and the reasons beside it. */
export interface FailedForm {
  form: string;
  label: string;
  values: FormFields;
  messages: readonly string[];
}

function FormErrors(props: { failed: FailedForm | undefined; form: string }): JSX.Element {
  return props.failed?.form === props.form ? <ErrorSummary messages={props.failed.messages} /> : '';
}

// ---------------------------------------------------------------------------------------------
// The queue

export function QueuePage(props: {
  chrome: Chrome;
  agency: Agency;
  items: readonly QueueItem[];
  /** Display names of the handlers, by user id. */
  names: ReadonlyMap<string, string>;
  mine: boolean;
  includeClosed: boolean;
  canRegister: boolean;
  /** Other agencies whose queue the user may read. */
  others: readonly Agency[];
}): JSX.Element {
  const title = `依申请公开 — ${props.agency.name}`;
  const overdue = props.items.filter((i) => i.overdue).length;
  const dueSoon = props.items.filter((i) => i.dueSoon).length;
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <h1 safe>{title}</h1>
      <p safe>
        {`共 ${props.items.length} 件${props.includeClosed ? '' : '正在办理'}；已超期 ${overdue} 件，即将到期 ${dueSoon} 件（3个工作日内）。按答复期限排序，待补正的申请排在最后。`}
      </p>
      {props.canRegister ? (
        <p>
          <a class="button" href={newApplicationHref(props.agency.id)}>
            登记收到的申请（信函、电子邮件、传真、当面提交）
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={applicationsHref(props.agency.id)} class="actions">
        <div class="choice">
          <input type="checkbox" id="q-mine" name="mine" value="1" checked={props.mine} />
          <label for="q-mine">仅看我的</label>
        </div>
        <div class="choice">
          <input type="checkbox" id="q-closed" name="closed" value="1" checked={props.includeClosed} />
          <label for="q-closed">含已办结</label>
        </div>
        <button type="submit" class="secondary">
          筛选
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>没有符合条件的申请。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption>申请列表（按答复期限排序）</caption>
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">收到日期</th>
                <th scope="col">渠道</th>
                <th scope="col">申请人类型</th>
                <th scope="col">所需信息</th>
                <th scope="col">状态</th>
                <th scope="col">答复期限</th>
                <th scope="col">承办人</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((item) => (
                <tr
                  id={`application-${item.id}`}
                  class={item.overdue ? 'overdue' : item.dueSoon ? 'due-soon' : undefined}
                >
                  <th scope="row" data-label="申请编号">
                    <a href={applicationHref(props.agency.id, item.id)} safe>
                      {item.trackingNumber}
                    </a>
                    {item.overdue ? (
                      <strong> 【已超期】</strong>
                    ) : item.dueSoon ? (
                      <strong> 【即将到期】</strong>
                    ) : (
                      ''
                    )}
                  </th>
                  <td data-label="收到日期" safe>
                    {item.receivedOn}
                  </td>
                  <td data-label="渠道" safe>
                    {item.channelLabel}
                  </td>
                  <td data-label="申请人类型" safe>
                    {item.applicantLabel}
                  </td>
                  <td data-label="所需信息" safe>
                    {truncate(item.description, 40)}
                  </td>
                  <td data-label="状态" safe>
                    {item.phaseLabel}
                  </td>
                  <td data-label="答复期限">
                    <span safe>
                      {item.replyDue ?? (item.phase === 'awaiting_supplement' ? '待补正后重新计算' : '—')}
                    </span>
                    {dueWords(item).map((w) => (
                      <strong safe>{` 【${w}】`}</strong>
                    ))}
                  </td>
                  <td data-label="承办人" safe>
                    {userName(props.names, item.assignedTo, '（非本机构办理人员）', '未分配')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.others.length > 0 ? (
        <section class="panel" aria-labelledby="others-title">
          <h2 id="others-title">其他机构的申请</h2>
          <ul class="column-list">
            {props.others.map((a) => (
              <li>
                <a href={applicationsHref(a.id)} safe>
                  {a.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

/** The agencies whose applications the user reads, when the nav link cannot choose one. */
export function AgencyChoicePage(props: { chrome: Chrome; agencies: readonly Agency[] }): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="依申请公开">
      <h1>依申请公开</h1>
      {props.agencies.length === 0 ? (
        <p>
          您在任何机构都没有办理、审批或监督依申请公开的角色。如需办理，请联系系统管理员分配“依申请办理”角色。
        </p>
      ) : (
        <ul class="column-list">
          {props.agencies.map((a) => (
            <li>
              <a href={applicationsHref(a.id)} safe>
                {a.name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </OfficeLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// Registration

export function RegistrationPage(props: {
  chrome: Chrome;
  agency: Agency;
  today: string;
  values?: FormFields;
  errors?: readonly string[];
}): JSX.Element {
  const f = 'reg';
  const v = (name: string, fallback = '') => (props.values ? fieldValue(props.values, name) : fallback);
  const channel = v('channel', 'letter');
  const action = `${applicationsHref(props.agency.id)}?${CSRF_FIELD}=${enc(props.chrome.csrfToken)}`;
  return (
    <OfficeLayout {...props.chrome} title="登记申请">
      <Breadcrumb
        items={[{ label: '依申请公开', href: applicationsHref(props.agency.id) }, { label: '登记申请' }]}
      />
      <h1 safe>{`登记申请 — ${props.agency.name}`}</h1>
      <p>
        登记以信函、电子邮件、传真或当面提交的政府信息公开申请（条例第二十九条）。答复期限自收到申请之日的次日起计算。
      </p>
      <ErrorSummary messages={props.errors ?? []} />
      <form method="post" action={action} enctype="multipart/form-data" class="stacked">
        <fieldset>
          <legend>提交方式和收到日期（条例第三十一条）</legend>
          {(Object.keys(CHANNEL_LABELS) as Channel[]).map((c) => (
            <div class="choice">
              <input type="radio" id={`${f}-channel-${c}`} name="channel" value={c} checked={c === channel} />
              <label for={`${f}-channel-${c}`}>
                <b safe>{CHANNEL_LABELS[c]}</b>
                <span class="hint" safe>{`：${RECEIPT_RULES[c]}`}</span>
              </label>
            </div>
          ))}
          <Input
            form={f}
            name="receivedOn"
            type="date"
            label="收到申请的日期"
            hint="按上述规则确定的收到申请之日，不能晚于今天。"
            value={v('receivedOn', props.today)}
            required
          />
        </fieldset>
        <fieldset>
          <legend>申请人</legend>
          <Select
            form={f}
            name="applicantType"
            label="申请人类型"
            value={v('applicantType', 'naturalPerson')}
            options={APPLICANT_TYPES.map((t) => ({ value: t.key, label: t.label }))}
          />
          <Input form={f} name="name" label="姓名或名称" value={v('name')} maxlength={100} required />
          <Input
            form={f}
            name="organisationCode"
            label="统一社会信用代码（法人或其他组织）"
            value={v('organisationCode')}
            maxlength={18}
          />
          <Select
            form={f}
            name="idKind"
            label="身份证明类型"
            value={v('idKind', 'id_card')}
            options={options(ID_KIND_LABELS)}
          />
          <Input
            form={f}
            name="idNumber"
            label="身份证明号码"
            value={v('idNumber')}
            maxlength={40}
            required
          />
          <Input
            form={f}
            name="phone"
            type="tel"
            label="联系电话"
            value={v('phone')}
            maxlength={30}
            required
          />
          <Input form={f} name="email" type="email" label="电子邮箱" value={v('email')} maxlength={200} />
          <Input form={f} name="address" label="通信地址" value={v('address')} maxlength={300} />
        </fieldset>
        <fieldset>
          <legend>所需信息</legend>
          <Area
            form={f}
            name="description"
            label="所需政府信息的名称、文号或者便于查询的其他特征性描述"
            value={v('description')}
            rows={5}
            required
          />
          <Input
            form={f}
            name="documentNumber"
            label="文号（如知道）"
            value={v('documentNumber')}
            maxlength={100}
          />
          <Select
            form={f}
            name="deliveryForm"
            label="信息的提供形式"
            value={v('deliveryForm', 'paper')}
            options={options(DELIVERY_FORM_LABELS)}
          />
          <Select
            form={f}
            name="deliveryChannel"
            label="获取信息的方式"
            value={v('deliveryChannel', 'post')}
            options={options(DELIVERY_CHANNEL_LABELS)}
          />
        </fieldset>
        <div class="field">
          <label for={`${f}-idProof`}>身份证明（可选）</label>
          <span class="hint" id={`${f}-idProof-hint`}>
            申请书所附身份证明的扫描件：PDF、JPG 或 PNG，不超过5MB。
          </span>
          <input
            type="file"
            id={`${f}-idProof`}
            name="idProof"
            accept="application/pdf,image/jpeg,image/png"
            aria-describedby={`${f}-idProof-hint`}
          />
        </div>
        <button type="submit">登记申请</button>
      </form>
    </OfficeLayout>
  );
}

/** Shown once after registering: the status link's secret is not stored and cannot be shown again. */
export function RegisteredPage(props: {
  chrome: Chrome;
  agency: Agency;
  result: IntakeResult;
  statusUrl: string;
}): JSX.Element {
  const { result } = props;
  return (
    <OfficeLayout {...props.chrome} title="申请已登记">
      <Breadcrumb
        items={[{ label: '依申请公开', href: applicationsHref(props.agency.id) }, { label: '申请已登记' }]}
      />
      <h1>申请已登记</h1>
      <section class="panel" aria-labelledby="tracking-title">
        <h2 id="tracking-title">申请编号</h2>
        <p>
          <strong safe>{result.trackingNumber}</strong>
        </p>
        <dl class="facts">
          <dt>收到申请日期</dt>
          <dd safe>{result.receivedOn}</dd>
          <dt>答复期限</dt>
          <dd safe>{result.replyDue ?? '—'}</dd>
        </dl>
        <ol>
          {result.dueExplanation.map((line) => (
            <li safe>{line}</li>
          ))}
        </ol>
      </section>
      <section class="panel" aria-labelledby="link-title">
        <h2 id="link-title">申请人的查询链接</h2>
        <p>
          申请人凭此链接查看办理进度和答复文书。<strong>链接只在本页显示这一次</strong>
          ，系统只保存其校验值，无法再次显示。请立即打印本页，或将链接抄送、邮寄给申请人；不要转给其他人。
        </p>
        <code class="secret" safe>
          {props.statusUrl}
        </code>
      </section>
      <p class="actions">
        <a href={applicationHref(props.agency.id, result.applicationId)}>查看该申请</a>
        <a href={newApplicationHref(props.agency.id)}>继续登记</a>
        <a href={applicationsHref(props.agency.id)}>返回申请列表</a>
      </p>
    </OfficeLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// The application

export interface LetterView {
  id: string;
  title: string;
  documentNumber: string;
  issuedOn: string;
  /** The letter as an HTML fragment, every piece of its text already escaped (renderLetterHtml). */
  safeHtml: string;
}

export interface DetailProps {
  chrome: Chrome;
  agency: Agency;
  detail: ApplicationDetail;
  forms: readonly FormEventType[];
  letters: readonly LetterView[];
  appeals: readonly Appeal[];
  handlers: readonly { id: string; displayName: string }[];
  /** Names of users (recorders, the assignee), by id. */
  names: ReadonlyMap<string, string>;
  today: string;
  /** 按件计收: this application's place among the applicant's applications of its month. */
  caseInMonth: number | null;
  /** The outcome the reply form is prefilled for (its standard legal basis). */
  replyOutcome: OutcomeCode;
  canAssign: boolean;
  notice?: string;
  failed?: FailedForm;
}

export function ApplicationPage(props: DetailProps): JSX.Element {
  const { detail } = props;
  const title = `申请 ${detail.trackingNumber}`;
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <Breadcrumb
        items={[
          { label: `依申请公开 — ${props.agency.name}`, href: applicationsHref(props.agency.id) },
          { label: detail.trackingNumber },
        ]}
      />
      <h1 safe>{title}</h1>
      <Notice message={props.notice} />
      {props.failed ? (
        <div class="error-summary" role="alert">
          <p>
            <span safe>{`“${props.failed.label}”未能登记：${props.failed.messages[0] ?? ''}`}</span>{' '}
            <a href={`#${props.failed.form}`}>查看表单</a>
          </p>
        </div>
      ) : (
        ''
      )}
      <StatusBox detail={detail} />
      <section class="panel" aria-labelledby="applicant-title">
        <h2 id="applicant-title">申请人</h2>
        {detail.applicant.masked ? (
          <p class="muted">申请人的个人信息已隐藏：仅本机构的办理人员和负责人可见。</p>
        ) : (
          ''
        )}
        <dl class="facts">
          <dt>申请人类型</dt>
          <dd safe>{detail.applicant.typeLabel}</dd>
          <dt>姓名或名称</dt>
          <dd safe>{detail.applicant.name}</dd>
          {detail.applicant.organisationCode ? (
            <>
              <dt>统一社会信用代码</dt>
              <dd safe>{detail.applicant.organisationCode}</dd>
            </>
          ) : (
            ''
          )}
          <dt>身份证明</dt>
          <dd safe>{`${detail.applicant.idKindLabel} ${detail.applicant.idNumber}`}</dd>
          <dt>联系电话</dt>
          <dd safe>{detail.applicant.phone || '—'}</dd>
          <dt>电子邮箱</dt>
          <dd safe>{detail.applicant.email || '—'}</dd>
          <dt>通信地址</dt>
          <dd safe>{detail.applicant.address || '—'}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="request-title">
        <h2 id="request-title">申请内容</h2>
        <dl class="facts">
          <dt>所需信息</dt>
          <dd safe>{detail.description}</dd>
          <dt>文号</dt>
          <dd safe>{detail.documentNumber ?? '—'}</dd>
          <dt>提供形式</dt>
          <dd safe>{detail.deliveryFormLabel}</dd>
          <dt>获取方式</dt>
          <dd safe>{detail.deliveryChannelLabel}</dd>
          <dt>提交方式</dt>
          <dd safe>{detail.channelLabel}</dd>
          <dt>收到日期</dt>
          <dd safe>{detail.receivedOn}</dd>
          <dt>承办人</dt>
          <dd safe>{userName(props.names, detail.assignedTo, '—', '未分配')}</dd>
        </dl>
        {props.canAssign ? <AssignForm {...props} /> : ''}
      </section>
      <Timeline {...props} />
      <Letters {...props} />
      <Files {...props} />
      <Appeals {...props} />
      {props.forms.length > 0 ? (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">登记办理事项</h2>
          <p class="muted">
            只列出申请当前状态下可以登记的事项。日期默认为今天，可改为事项实际发生之日（不能晚于今天）。
          </p>
          {props.forms.map((type) => (
            <EventForm {...props} type={type} />
          ))}
        </section>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

function StatusBox({ detail }: { detail: ApplicationDetail }): JSX.Element {
  const s = detail.status;
  const words = dueWords({ ...s, provisional: detail.due.provisional });
  return (
    <section class="panel" aria-labelledby="status-title">
      <h2 id="status-title">办理状态</h2>
      <dl class="facts">
        <dt>状态</dt>
        <dd>
          <span safe>{s.phaseLabel}</span>
          {s.overdue ? <strong> 【已超期】</strong> : s.dueSoon ? <strong> 【即将到期】</strong> : ''}
        </dd>
        <dt>答复期限</dt>
        <dd>
          <span safe>
            {s.replyDue ??
              (s.phase === 'awaiting_supplement' ? '待补正：收到补正后的申请之日起重新计算' : '—')}
          </span>
          {(s.open ? words : detail.due.provisional ? ['暂定'] : []).map((w) => (
            <strong safe>{` 【${w}】`}</strong>
          ))}
        </dd>
        {detail.due.supplementNoticeDue && s.phase === 'processing' ? (
          <>
            <dt>补正告知期限</dt>
            <dd safe>{`${detail.due.supplementNoticeDue}（收到申请后7个工作日内一次性告知，第三十条）`}</dd>
          </>
        ) : (
          ''
        )}
        {detail.due.consultationDue ? (
          <>
            <dt>征求意见期限</dt>
            <dd safe>{detail.due.consultationDue}</dd>
          </>
        ) : (
          ''
        )}
        {detail.due.feePaymentDue ? (
          <>
            <dt>缴费期限</dt>
            <dd safe>{detail.due.feePaymentDue}</dd>
          </>
        ) : (
          ''
        )}
        {s.outcome ? (
          <>
            <dt>办理结果</dt>
            <dd safe>
              {`${outcomeTitle(s.outcome)}（${s.closedOn ?? ''}${s.answeredLate ? '，超过答复期限' : ''}）`}
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <h3>期限的计算</h3>
      <ol>
        {detail.due.explanation.map((line) => (
          <li safe>{line}</li>
        ))}
      </ol>
      {s.flags.length > 0 ? (
        <>
          <h3>提示</h3>
          <ul>
            {s.flags.map((flag) => (
              <li safe>{flag.message}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

function AssignForm(props: DetailProps): JSX.Element {
  const form = 'assign';
  const values = valuesOf(props.failed, form);
  return (
    <form
      method="post"
      action={`${applicationHref(props.agency.id, props.detail.id)}/assignment`}
      id={form}
      class="stacked"
    >
      <FormErrors failed={props.failed} form={form} />
      <CsrfField token={props.chrome.csrfToken} />
      <Select
        form={form}
        name="assignee"
        label="分配承办人"
        value={values.get('assignee', props.detail.assignedTo ?? '')}
        blank="（不指定）"
        options={props.handlers.map((h) => ({ value: h.id, label: h.displayName }))}
      />
      <button type="submit" class="secondary">
        保存承办人
      </button>
    </form>
  );
}

function Timeline(props: DetailProps): JSX.Element {
  return (
    <section class="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">办理记录</h2>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">事项</th>
              <th scope="col">内容</th>
              <th scope="col">登记人</th>
              <th scope="col">登记时间（北京时间）</th>
            </tr>
          </thead>
          <tbody>
            {props.detail.timeline.map((t) => (
              <tr>
                <td data-label="日期" safe>
                  {t.at}
                </td>
                <td data-label="事项" safe>
                  {t.label}
                </td>
                <td data-label="内容" safe>
                  {t.summary || '—'}
                </td>
                <td data-label="登记人" safe>
                  {userName(props.names, t.recordedBy, '—', '申请人（网上提交）')}
                </td>
                <td data-label="登记时间" safe>
                  {beijing(t.recordedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function beijing(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function Letters(props: DetailProps): JSX.Element {
  return (
    <section class="panel" aria-labelledby="letters-title">
      <h2 id="letters-title">文书</h2>
      {props.letters.length === 0 ? (
        <p>尚未生成文书。通知补正、延期、征求意见、收费和答复时，系统按模板生成文书并编排文号。</p>
      ) : (
        props.letters.map((letter) => (
          <details id={`letter-${letter.id}`}>
            <summary>
              <span safe>{`${letter.title}　${letter.documentNumber}　${letter.issuedOn}`}</span>
            </summary>
            <p>
              <a href={letterDocxHref(props.agency.id, props.detail.id, letter.id)} safe>
                {`下载 Word 文档（${letter.documentNumber}）`}
              </a>
            </p>
            {letter.safeHtml as 'safe'}
          </details>
        ))
      )}
    </section>
  );
}

function Files(props: DetailProps): JSX.Element {
  const { files } = props.detail;
  return (
    <section class="panel" aria-labelledby="files-title">
      <h2 id="files-title">材料</h2>
      {files.length === 0 ? (
        <p>没有上传的材料。</p>
      ) : (
        <ul>
          {files.map((file) => (
            <li>
              <span safe>{`${FILE_KINDS[file.kind] ?? file.kind}：`}</span>
              {props.detail.canHandle ? (
                <a href={fileHref(props.agency.id, props.detail.id, file.id)} safe>
                  {file.filename}
                </a>
              ) : (
                <span safe>{file.filename}</span>
              )}
              <span class="muted" safe>{`（${bytes(file.size)}）`}</span>
            </li>
          ))}
        </ul>
      )}
      {props.detail.canHandle || files.length === 0 ? '' : <p class="muted">材料仅供本机构办理人员下载。</p>}
    </section>
  );
}

function Appeals(props: DetailProps): JSX.Element {
  const base = applicationHref(props.agency.id, props.detail.id);
  const record = 'appeal-new';
  const result = 'appeal-result';
  const r = valuesOf(props.failed, record);
  const d = valuesOf(props.failed, result);
  const open = props.appeals.filter((a) => a.result !== '纠正');
  return (
    <section class="panel" aria-labelledby="appeals-title">
      <h2 id="appeals-title">行政复议和行政诉讼</h2>
      {props.appeals.length === 0 ? (
        <p>没有与本申请有关的行政复议或行政诉讼。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">类型</th>
                <th scope="col">案号</th>
                <th scope="col">立案日期</th>
                <th scope="col">结果</th>
                <th scope="col">审结日期</th>
              </tr>
            </thead>
            <tbody>
              {props.appeals.map((a) => (
                <tr>
                  <td data-label="类型" safe>
                    {APPEAL_KIND_LABELS[a.kind]}
                  </td>
                  <td data-label="案号" safe>
                    {a.caseNumber ?? '—'}
                  </td>
                  <td data-label="立案日期" safe>
                    {a.filedOn}
                  </td>
                  <td data-label="结果">{a.result}</td>
                  <td data-label="审结日期" safe>
                    {a.closedOn ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.detail.canHandle ? (
        <>
          <form method="post" action={`${base}/appeals`} id={record} class="stacked">
            <h3>登记复议或诉讼</h3>
            <FormErrors failed={props.failed} form={record} />
            <CsrfField token={props.chrome.csrfToken} />
            <Select
              form={record}
              name="kind"
              label="案件类型"
              value={r.get('kind', 'reconsideration')}
              options={options(APPEAL_KIND_LABELS)}
            />
            <Input form={record} name="caseNumber" label="案号" value={r.get('caseNumber')} maxlength={100} />
            <Input
              form={record}
              name="filedOn"
              type="date"
              label="立案（收到）日期"
              value={r.get('filedOn', props.today)}
              required
            />
            <Area form={record} name="notes" label="备注" value={r.get('notes')} rows={2} />
            <button type="submit">登记案件</button>
          </form>
          {open.length > 0 ? (
            <form method="post" action={`${base}/appeals/result`} id={result} class="stacked">
              <h3>登记案件结果</h3>
              <p class="muted">结果为“纠正”的，系统即重新开始答复期限，需重新答复。</p>
              <FormErrors failed={props.failed} form={result} />
              <CsrfField token={props.chrome.csrfToken} />
              <Select
                form={result}
                name="appealId"
                label="案件"
                value={d.get('appealId', open[0]!.id)}
                options={open.map((a) => ({
                  value: a.id,
                  label: `${APPEAL_KIND_LABELS[a.kind]} ${a.caseNumber ?? ''}（${a.filedOn}，${a.result}）`,
                }))}
              />
              <Select
                form={result}
                name="result"
                label="结果"
                value={d.get('result', '维持')}
                options={APPEAL_RESULTS.map((x) => ({ value: x, label: x }))}
              />
              <Input
                form={result}
                name="closedOn"
                type="date"
                label="审结日期"
                hint="尚未审结的不填。"
                value={d.get('closedOn', props.today)}
              />
              <button type="submit">保存结果</button>
            </form>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
    </section>
  );
}

/** One event's form: hidden type and event count, the date, and the event's own fields. */
function EventForm(props: DetailProps & { type: FormEventType }): JSX.Element {
  const { type } = props;
  const form = `event-${type}`;
  const v = valuesOf(props.failed, form);
  const label = EVENT_LABELS[type];
  return (
    <section class="panel" id={form} aria-labelledby={`${form}-title`}>
      <h3 id={`${form}-title`} safe>
        {label}
      </h3>
      <FormErrors failed={props.failed} form={form} />
      {type === 'decided' ? <OutcomeChoice {...props} /> : ''}
      <form
        method="post"
        action={`${applicationHref(props.agency.id, props.detail.id)}/events`}
        class="stacked"
      >
        <CsrfField token={props.chrome.csrfToken} />
        <input type="hidden" name="type" value={type} />
        <input type="hidden" name="expectedEventCount" value={String(props.detail.eventCount)} />
        <Input
          form={form}
          name="at"
          type="date"
          label={DATE_LABELS[type] ?? '日期'}
          value={v.get('at', props.today)}
          required
        />
        <EventFields {...props} form={form} get={v.get} all={v.all} />
        <button type="submit" safe>
          {BUTTONS[type] ?? `登记“${label}”`}
        </button>
      </form>
    </section>
  );
}

/** Reloads the page with the reply form prefilled for an outcome: its standard legal basis to edit. */
function OutcomeChoice(props: DetailProps): JSX.Element {
  return (
    <form
      method="get"
      action={`${applicationHref(props.agency.id, props.detail.id)}#event-decided`}
      class="actions"
    >
      <Select
        form="prefill"
        name="outcome"
        label="先选择办理结果，预填其答复依据"
        value={props.replyOutcome}
        groups={outcomeGroups()}
      />
      <button type="submit" class="secondary">
        预填依据
      </button>
    </form>
  );
}

/** The outcomes of the reply form, grouped as table 三 groups them. */
function outcomeGroups(): { label: string; options: Option[] }[] {
  const groups = new Map<string, Option[]>();
  for (const o of REPLY_OUTCOMES) {
    const list = groups.get(o.groupLabel) ?? [];
    list.push({
      value: o.code,
      label: o.group === 'granted' || o.group === 'partial' ? o.label : `${o.groupLabel}：${o.label}`,
    });
    groups.set(o.groupLabel, list);
  }
  return [...groups].map(([label, opts]) => ({ label, options: opts }));
}

const DATE_LABELS: Partial<Record<FormEventType, string>> = {
  supplement_requested: '补正通知日期',
  supplement_received: '收到补正后申请的日期',
  supplement_expired: '确认逾期未补正的日期（补正期限届满后）',
  consultation_started: '发出征求意见函的日期',
  consultation_ended: '收到意见或征求意见期满的日期',
  fee_notice_sent: '发出收费通知的日期',
  fee_paid: '缴费日期',
  fee_expired: '确认逾期未缴费的日期（缴费期限届满后）',
  reasons_requested: '要求说明理由的日期',
  reasons_received: '收到理由的日期',
  extension_approved: '批准延期的日期',
  delayed_deadline_set: '确定延迟答复期限的日期',
  decided: '答复日期',
  reply_delivered: '送达日期',
  withdrawn: '申请人撤回的日期',
  archived: '归档日期',
};

const BUTTONS: Partial<Record<FormEventType, string>> = {
  supplement_requested: '通知补正并生成补正告知书',
  consultation_started: '开始征求意见并生成征求意见函',
  fee_notice_sent: '发出收费通知',
  extension_approved: '批准延期并生成延期答复告知书',
  decided: '作出答复并生成答复告知书',
};

function EventFields(
  props: DetailProps & {
    type: FormEventType;
    form: string;
    get: (name: string, fallback?: string) => string;
    all: (name: string, fallback?: readonly string[]) => string[];
  },
): JSX.Element {
  const { form, get } = props;
  switch (props.type) {
    case 'supplement_requested':
      return (
        <>
          <Area
            form={form}
            name="items"
            label="需要补正的事项"
            hint="每行一项，一次性列明全部需要补正的事项（条例第三十条）。"
            value={get('items')}
            rows={4}
            required
          />
          <Input
            form={form}
            name="correctionDue"
            type="date"
            label="补正期限"
            hint="申请人补正的最后一日。"
            value={get('correctionDue')}
            required
          />
        </>
      );
    case 'consultation_started':
      return (
        <>
          <Select
            form={form}
            name="party"
            label="征求意见的对象"
            value={get('party', 'third_party')}
            options={options(CONSULTATION_LABELS)}
          />
          <Input
            form={form}
            name="recipientName"
            label="征求意见对象名称"
            hint="写入征求意见函，如“某某有限公司”或“某某局”。对方应在15个工作日内答复，期间不计入答复期限。"
            value={get('recipientName')}
            maxlength={200}
            required
          />
        </>
      );
    case 'fee_notice_sent':
      return (
        <>
          <Select
            form={form}
            name="method"
            label="收费方式"
            value={get('method', 'per_case')}
            options={options(FEE_METHOD_LABELS)}
          />
          <Input
            form={form}
            name="units"
            label="件数或页数"
            inputmode="numeric"
            hint={`按件计收：本申请是该申请人本月的第几件（每月10件以内免费）${props.caseInMonth === null ? '' : `，按登记记录为第 ${props.caseInMonth} 件`}；按量计收：页数（${PAGE_FEE_TIERS.map((t) => `${t.from}${t.to === null ? '页以上' : `–${t.to}页`}${t.price === 0 ? '免费' : `${t.price}元/页`}`).join('，')}）。`}
            value={get('units', props.caseInMonth === null ? '' : String(props.caseInMonth))}
            maxlength={7}
          />
          <Input
            form={form}
            name="amount"
            label="收费金额（元）"
            inputmode="numeric"
            hint="留空则按《政府信息公开信息处理费管理办法》的标准计收；减免的，填写实收金额。"
            value={get('amount')}
            maxlength={8}
          />
          <Input
            form={form}
            name="receivedOn"
            type="date"
            label="申请人收到通知的日期（晚于发出日期时填写）"
            value={get('receivedOn')}
          />
          <Area
            form={form}
            name="paymentMethod"
            label="缴费方式"
            hint="写入收费通知，如缴费账户、地点或二维码获取方式。"
            value={get('paymentMethod')}
            rows={2}
            required
          />
        </>
      );
    case 'reasons_requested':
      return (
        <Input
          form={form}
          name="reasonDue"
          type="date"
          label="说明理由的期限（可选）"
          value={get('reasonDue')}
        />
      );
    case 'extension_approved':
      return (
        <>
          <Input
            form={form}
            name="days"
            label="延长的工作日数（1–20）"
            inputmode="numeric"
            value={get('days', '20')}
            maxlength={2}
            required
          />
          <Input
            form={form}
            name="noticeOn"
            type="date"
            label="告知申请人的日期"
            value={get('noticeOn', props.today)}
            required
          />
          <Area
            form={form}
            name="reason"
            label="延期理由"
            hint="写入延期答复告知书。批准人记为您本人。"
            value={get('reason')}
            rows={2}
            required
          />
        </>
      );
    case 'delayed_deadline_set':
      return (
        <>
          <Input
            form={form}
            name="dueOn"
            type="date"
            label="延迟答复期限"
            hint="应晚于当前的答复期限（条例第三十五条）。"
            value={get('dueOn')}
            required
          />
          <Area form={form} name="reason" label="理由" value={get('reason')} rows={2} required />
          <Input
            form={form}
            name="noticeOn"
            type="date"
            label="告知申请人的日期"
            value={get('noticeOn', props.today)}
            required
          />
        </>
      );
    case 'decided': {
      const chosen = get('outcome', props.replyOutcome);
      const withheld = props.all('withheld');
      return (
        <>
          <Select
            form={form}
            name="outcome"
            label="办理结果（年度报告表三）"
            value={chosen}
            groups={outcomeGroups()}
          />
          <Area
            form={form}
            name="legalBasis"
            label="答复依据"
            hint="已按所选结果预填标准表述，可修改。改选其他结果而未修改表述的，按新结果的标准表述；留空亦同。"
            value={get('legalBasis', outcome(props.replyOutcome).basis)}
            rows={4}
          />
          <fieldset>
            <legend>不予公开部分的理由（仅部分公开时选择，条例第三十七条）</legend>
            {WITHHELD_REASONS.map((o) => (
              <div class="choice">
                <input
                  type="checkbox"
                  id={`${form}-withheld-${o.code}`}
                  name="withheld"
                  value={o.code}
                  checked={withheld.includes(o.code)}
                />
                <label for={`${form}-withheld-${o.code}`} safe>
                  {`${o.groupLabel}：${o.label}`}
                </label>
              </div>
            ))}
          </fieldset>
          <Area
            form={form}
            name="details"
            label="答复的具体内容（可选）"
            hint="写入答复告知书：获取信息的方式和时间、负责公开的机关及联系方式、应通过的渠道等。"
            value={get('details')}
            rows={3}
          />
        </>
      );
    }
    default:
      return '';
  }
}
