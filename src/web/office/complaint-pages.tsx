// 效能投诉 in the back office: the queue (overdue first, flagged), the form of a complaint received
// by telephone and its confirmation with the complainant's link, and a complaint's page with the
// assignment and answer forms. The agency's staff see the complainant's name and telephone in full.
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_STATES,
  type ComplaintDetail,
  type ComplaintSummary,
  MAX_ANSWER_LENGTH,
  MAX_CONTENT_LENGTH,
  type ServiceChoices,
} from '../../services/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { Chrome, FormProblems } from './chrome.ts';
import { beijingMinute } from './service-event-pages.tsx';
import { Choice, ProblemSummary, TextArea, TextInput } from './service-fields.tsx';

const enc = encodeURIComponent;

export const complaintsHref = (agencyId: string) => `/office/agencies/${enc(agencyId)}/complaints`;
export const complaintHref = (agencyId: string, complaintId: string) =>
  `${complaintsHref(agencyId)}/${enc(complaintId)}`;

export interface AgencyRef {
  id: string;
  name: string;
}

const TITLE = '效能投诉';

function crumbs(agency: AgencyRef, here?: string) {
  return [{ label: TITLE, href: complaintsHref(agency.id) }, ...(here ? [{ label: here }] : [])];
}

function stateText(c: ComplaintSummary): string {
  const state = COMPLAINT_STATES[c.state].label;
  if (c.overdue) return `${state}（已逾期）`;
  if (c.onTime === false) return `${state}（逾期答复）`;
  return state;
}

export function ComplaintQueuePage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  complaints: readonly ComplaintSummary[];
  canEdit: boolean;
}): JSX.Element {
  const { agency } = props;
  const overdue = props.complaints.filter((c) => c.overdue).length;
  return (
    <OfficeLayout {...props.chrome} title={TITLE}>
      <Breadcrumb items={crumbs(agency)} />
      <h1 safe>{`${TITLE} — ${agency.name}`}</h1>
      <p>群众通过门户网站或电话提出的效能投诉。逾期未答复的排在最前。</p>
      {overdue > 0 ? (
        <div class="error-summary" role="alert">
          <p safe>{`有 ${overdue} 件投诉已超过答复期限，请尽快答复。`}</p>
        </div>
      ) : (
        ''
      )}
      {props.canEdit ? (
        <ul class="actions">
          <li>
            <a href={`${complaintsHref(agency.id)}/new`}>登记电话投诉</a>
          </li>
        </ul>
      ) : (
        ''
      )}
      {props.complaints.length === 0 ? (
        <p>还没有效能投诉。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption safe>{`共 ${props.complaints.length} 件`}</caption>
            <thead>
              <tr>
                <th scope="col">投诉编号</th>
                <th scope="col">方式</th>
                <th scope="col">状态</th>
                <th scope="col">收到时间</th>
                <th scope="col">答复期限</th>
                <th scope="col">窗口</th>
                <th scope="col">承办人</th>
              </tr>
            </thead>
            <tbody>
              {props.complaints.map((c) => (
                <tr class={c.overdue ? 'overdue' : undefined}>
                  <th scope="row" data-label="投诉编号">
                    <a href={complaintHref(agency.id, c.id)} safe>
                      {c.reference}
                    </a>
                  </th>
                  <td data-label="方式">{COMPLAINT_CHANNELS[c.channel].label}</td>
                  <td data-label="状态">
                    {c.overdue ? <strong safe>{stateText(c)}</strong> : <span safe>{stateText(c)}</span>}
                  </td>
                  <td data-label="收到时间" safe>
                    {beijingMinute(c.receivedAt)}
                  </td>
                  <td data-label="答复期限" safe>
                    {c.dueOn}
                  </td>
                  <td data-label="窗口" safe>
                    {c.windowName ?? '—'}
                  </td>
                  <td data-label="承办人" safe>
                    {c.assigneeName ?? '未分配'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </OfficeLayout>
  );
}

export interface HotlineFormValues {
  /** The day the call came in (civil date). */
  receivedOn: string;
  window: string;
  item: string;
  content: string;
  complainantName: string;
  complainantPhone: string;
}

export type HotlineField = keyof HotlineFormValues;

/** The hotline form's fields in the order of the page (the error summary follows it). */
export const HOTLINE_FIELDS: readonly HotlineField[] = [
  'receivedOn',
  'window',
  'item',
  'content',
  'complainantName',
  'complainantPhone',
];

/** A form of the complaint page that came back refused, with its problems. */
export interface ComplaintForm {
  form: 'assign' | 'answer';
  errors: Partial<Record<string, string>>;
  general: string[];
}

export function HotlineFormPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  choices: ServiceChoices;
  values: HotlineFormValues;
  problems?: FormProblems<HotlineField>;
}): JSX.Element {
  const { agency, values } = props;
  const f = 'hotline';
  const errors = props.problems?.errors ?? {};
  return (
    <OfficeLayout {...props.chrome} title="登记电话投诉">
      <Breadcrumb items={crumbs(agency, '登记电话投诉')} />
      <h1>登记电话投诉</h1>
      <p>接到电话投诉后在此登记，答复期限自来电之日起按工作日计算。</p>
      <ProblemSummary
        form={f}
        title="投诉未登记，请修改以下问题后重新提交："
        fields={HOTLINE_FIELDS}
        errors={errors}
        general={props.problems?.general ?? []}
      />
      <form method="post" action={complaintsHref(agency.id)} class="stacked">
        <CsrfField token={props.chrome.csrfToken} />
        <TextInput
          form={f}
          name="receivedOn"
          type="date"
          label="来电日期"
          hint="今天以前接到、今天才登记的，填写来电的日期：答复期限从来电之日起算。"
          error={errors.receivedOn}
          value={values.receivedOn}
          required
        />
        <Choice
          form={f}
          name="window"
          label="投诉的窗口"
          error={errors.window}
          value={values.window}
          blank="不涉及具体窗口"
          options={props.choices.windows.map((w) => ({ value: w.id, label: w.name }))}
        />
        <Choice
          form={f}
          name="item"
          label="办理的事项"
          error={errors.item}
          value={values.item}
          blank="不涉及具体事项"
          options={props.choices.items.map((i) => ({ value: i.id, label: i.name }))}
        />
        <TextArea
          form={f}
          name="content"
          label="投诉内容"
          hint={`记录来电反映的情况（最多 ${MAX_CONTENT_LENGTH} 字）。`}
          error={errors.content}
          value={values.content}
          rows={6}
          required
        />
        <TextInput
          form={f}
          name="complainantName"
          label="投诉人姓名"
          error={errors.complainantName}
          value={values.complainantName}
          maxlength={50}
          required
        />
        <TextInput
          form={f}
          name="complainantPhone"
          type="tel"
          label="联系电话"
          error={errors.complainantPhone}
          value={values.complainantPhone}
          maxlength={30}
          required
        />
        <button type="submit">登记投诉</button>
      </form>
    </OfficeLayout>
  );
}

export function HotlineRegisteredPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  complaintId: string;
  reference: string;
  dueOn: string;
  /** The complainant's link: shown here once, to be sent by text message if wished. */
  url: string;
}): JSX.Element {
  const { agency } = props;
  return (
    <OfficeLayout {...props.chrome} title="电话投诉已登记">
      <Breadcrumb items={crumbs(agency, '电话投诉已登记')} />
      <h1 safe>{`电话投诉已登记：${props.reference}`}</h1>
      <dl class="facts">
        <dt>投诉编号</dt>
        <dd safe>{props.reference}</dd>
        <dt>答复期限</dt>
        <dd safe>{props.dueOn}</dd>
      </dl>
      <p>
        可将投诉编号告知投诉人。下面的查询链接只显示这一次，如投诉人需要，可通过短信发给本人（不要发给他人）：
      </p>
      <code class="secret status-url" safe>
        {props.url}
      </code>
      <p>
        <a href={complaintHref(agency.id, props.complaintId)}>查看并办理该投诉</a>
      </p>
    </OfficeLayout>
  );
}

export function ComplaintPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  complaint: ComplaintDetail;
  assignees: readonly { id: string; displayName: string }[];
  canEdit: boolean;
  notice?: string;
  /** The form that came back refused, with its problems. */
  failed?: ComplaintForm;
  answer?: string;
}): JSX.Element {
  const { agency, complaint: c, failed } = props;
  const open = c.state !== 'answered';
  const errorOf = (form: ComplaintForm['form'], name: string) =>
    failed?.form === form ? failed.errors[name] : undefined;
  return (
    <OfficeLayout {...props.chrome} title={`投诉 ${c.reference}`}>
      <Breadcrumb items={crumbs(agency, c.reference)} />
      <h1 safe>{`效能投诉 ${c.reference}`}</h1>
      <Notice message={props.notice} />
      {failed ? (
        <ProblemSummary
          form={failed.form}
          title={failed.form === 'assign' ? '未能分配承办人：' : '答复未提交：'}
          fields={[failed.form === 'assign' ? 'assignee' : 'answer']}
          errors={failed.errors}
          general={failed.general}
        />
      ) : (
        ''
      )}
      <dl class="facts">
        <dt>状态</dt>
        <dd>{c.overdue ? <strong safe>{stateText(c)}</strong> : <span safe>{stateText(c)}</span>}</dd>
        <dt>投诉方式</dt>
        <dd>{COMPLAINT_CHANNELS[c.channel].label}</dd>
        <dt>收到时间</dt>
        <dd safe>{beijingMinute(c.receivedAt)}</dd>
        <dt>答复期限</dt>
        <dd safe>{c.dueOn}</dd>
        <dt>投诉的窗口</dt>
        <dd safe>{c.windowName ?? '—'}</dd>
        <dt>办理的事项</dt>
        <dd safe>{c.itemName ?? '—'}</dd>
        <dt>投诉人</dt>
        <dd safe>{c.complainantName}</dd>
        <dt>联系电话</dt>
        <dd safe>{c.complainantPhone}</dd>
        <dt>承办人</dt>
        <dd safe>{c.assigneeName ?? '未分配'}</dd>
        <dt>投诉内容</dt>
        <dd class="pre" safe>
          {c.content}
        </dd>
      </dl>
      {c.answer !== null ? (
        <section aria-labelledby="answer-title">
          <h2 id="answer-title">答复</h2>
          <p safe>{`${c.answeredByName ?? ''} ${c.answeredAt ? beijingMinute(c.answeredAt) : ''}`}</p>
          <p class="pre" safe>
            {c.answer}
          </p>
        </section>
      ) : (
        ''
      )}
      {props.canEdit && open ? (
        <>
          <form method="post" action={`${complaintHref(agency.id, c.id)}/assignment`} class="stacked">
            <h2>分配承办人</h2>
            <CsrfField token={props.chrome.csrfToken} />
            <input type="hidden" name="shown" value={c.assignedTo ?? ''} />
            {props.assignees.length === 0 ? (
              <p>本机构没有负责政务服务的工作人员可以分配。</p>
            ) : (
              <>
                <Choice
                  form="assign"
                  name="assignee"
                  error={errorOf('assign', 'assignee')}
                  label="承办人"
                  value={c.assignedTo ?? ''}
                  blank="请选择"
                  options={props.assignees.map((a) => ({ value: a.id, label: a.displayName }))}
                />
                <button type="submit">分配</button>
              </>
            )}
          </form>
          <form method="post" action={`${complaintHref(agency.id, c.id)}/answer`} class="stacked">
            <h2>答复</h2>
            <CsrfField token={props.chrome.csrfToken} />
            <TextArea
              form="answer"
              name="answer"
              error={errorOf('answer', 'answer')}
              label="答复内容"
              hint={`答复后投诉人可通过查询链接看到（最多 ${MAX_ANSWER_LENGTH} 字）。答复后不能修改。`}
              value={props.answer ?? ''}
              rows={6}
              required
            />
            <button type="submit">提交答复</button>
          </form>
        </>
      ) : (
        ''
      )}
      <p>
        <a href={complaintsHref(agency.id)}>返回投诉列表</a>
      </p>
    </OfficeLayout>
  );
}
