// 效能投诉 on the portal: the form (window and item to choose, what happened, name and telephone
// for the answer), the confirmation with the 投诉编号 and the secret link shown once, and the
// complainant's page through that link (state, deadline, answer; name and telephone masked).
import { chineseDate } from '../../applications/letters/index.ts';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_STATES,
  MAX_CONTENT_LENGTH,
  type PublicComplaintView,
  type ServiceChoices,
} from '../../services/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField } from '../layout/forms.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import { agencyHref } from './pages.tsx';
import {
  FormErrors,
  type PortalFieldError,
  SelectField,
  TextArea,
  TextInput,
} from './service-rating-fields.tsx';

const enc = encodeURIComponent;

export const complaintFormHref = (agencyId: string) => `/agencies/${enc(agencyId)}/services/complaints/new`;
export const complaintPageHref = (token: string) => `/complaints/${enc(token)}`;
const servicesHref = (agencyId: string) => `/agencies/${enc(agencyId)}/services`;

function CivilDate(props: { date: string }): JSX.Element {
  return (
    <time datetime={props.date} safe>
      {chineseDate(props.date)}
    </time>
  );
}

export interface ComplaintFormValues {
  window: string;
  item: string;
  content: string;
  complainantName: string;
  complainantPhone: string;
}

function crumbs(agency: { id: string; name: string }, here: string) {
  return [
    { label: '首页', href: '/' },
    { label: agency.name, href: agencyHref(agency.id) },
    { label: '政务服务', href: servicesHref(agency.id) },
    { label: here },
  ];
}

export function ComplaintFormPage(props: {
  agency: { id: string; name: string };
  csrfToken: string;
  choices: ServiceChoices;
  values: ComplaintFormValues;
  errors: readonly PortalFieldError[];
}): JSX.Element {
  const { agency, values } = props;
  return (
    <PortalLayout title={props.errors.length > 0 ? '投诉未提交 - 效能投诉' : '效能投诉'} agency={agency}>
      <Breadcrumb items={crumbs(agency, '效能投诉')} />
      <h1>效能投诉</h1>
      <p>
        对<span safe>{agency.name}</span>
        便民服务窗口工作人员的服务态度、办事效率、工作纪律等问题，可以在这里投诉。我们会在规定的工作日内答复，并通过您留下的电话与您联系。
      </p>
      <FormErrors errors={props.errors} />
      <form method="post" action={complaintFormHref(agency.id)} class="stacked" novalidate>
        <CsrfField token={props.csrfToken} />
        <SelectField
          name="window"
          label="投诉的窗口"
          value={values.window}
          blank="不确定或不涉及具体窗口"
          options={props.choices.windows.map((w) => ({ value: w.id, label: w.name }))}
          errors={props.errors}
        />
        <SelectField
          name="item"
          label="办理的事项"
          value={values.item}
          blank="不涉及具体事项"
          options={props.choices.items.map((i) => ({ value: i.id, label: i.name }))}
          errors={props.errors}
        />
        <TextArea
          name="content"
          label="投诉内容"
          required
          value={values.content}
          hint={`请写明时间、窗口或工作人员、发生了什么（最多 ${MAX_CONTENT_LENGTH} 字）。`}
          errors={props.errors}
          rows={6}
        />
        <TextInput
          name="complainantName"
          label="投诉人姓名"
          required
          value={values.complainantName}
          errors={props.errors}
          maxlength={50}
          autocomplete="name"
        />
        <TextInput
          name="complainantPhone"
          label="联系电话"
          required
          type="tel"
          inputmode="tel"
          value={values.complainantPhone}
          hint="手机号码或带区号的固定电话，仅用于答复您，不会公开。"
          errors={props.errors}
          maxlength={30}
          autocomplete="tel"
        />
        <button type="submit">提交投诉</button>
      </form>
    </PortalLayout>
  );
}

export function ComplaintFiledPage(props: {
  agency: { id: string; name: string };
  reference: string;
  token: string;
  /** The link as the complainant should keep it (with scheme and host). */
  url: string;
  receivedOn: string;
  dueOn: string;
}): JSX.Element {
  const { agency } = props;
  return (
    <PortalLayout title="投诉已提交" agency={agency}>
      <h1>投诉已提交</h1>
      <div class="notice" role="status">
        <p>
          <span safe>{agency.name}</span>已收到您的效能投诉。
        </p>
      </div>
      <section class="panel" aria-labelledby="receipt-title">
        <h2 id="receipt-title">投诉回执</h2>
        <p class="tracking-number">
          <span class="tracking-label">投诉编号</span>
          <strong safe>{props.reference}</strong>
        </p>
        <dl class="facts">
          <dt>收到投诉日期</dt>
          <dd>
            <CivilDate date={props.receivedOn} />
          </dd>
          <dt>答复期限</dt>
          <dd>
            <CivilDate date={props.dueOn} />
            前（按工作日计算，节假日顺延）
          </dd>
        </dl>
      </section>
      <section class="panel warning" aria-labelledby="keep-title">
        <h2 id="keep-title">请务必保存查询链接</h2>
        <p>
          <strong>
            下面的链接是查看本投诉办理情况和答复的凭证，只在本页显示这一次。请复制保存、截图或收藏，不要转发或公开。
          </strong>
        </p>
        <p>
          <a href={complaintPageHref(props.token)}>查看办理情况</a>
        </p>
        <p>查询链接：</p>
        <code class="secret status-url" safe>
          {props.url}
        </code>
      </section>
      <p>
        <a href={servicesHref(agency.id)}>
          返回<span safe>{agency.name}</span>政务服务
        </a>
      </p>
    </PortalLayout>
  );
}

export function ComplaintStatusPage(props: { complaint: PublicComplaintView }): JSX.Element {
  const c = props.complaint;
  return (
    <PortalLayout title={`投诉 ${c.reference}`} agency={c.agency}>
      <h1 safe>{`效能投诉 ${c.reference}`}</h1>
      <dl class="facts">
        <dt>受理机关</dt>
        <dd safe>{c.agency.name}</dd>
        <dt>办理情况</dt>
        <dd>
          <strong>{COMPLAINT_STATES[c.state].label}</strong>
          {c.overdue ? '（已超过答复期限）' : ''}
        </dd>
        <dt>投诉方式</dt>
        <dd>{COMPLAINT_CHANNELS[c.channel].label}</dd>
        <dt>收到投诉日期</dt>
        <dd>
          <CivilDate date={c.receivedOn} />
        </dd>
        <dt>答复期限</dt>
        <dd>
          <CivilDate date={c.dueOn} />
        </dd>
        {c.windowName ? (
          <>
            <dt>投诉的窗口</dt>
            <dd safe>{c.windowName}</dd>
          </>
        ) : (
          ''
        )}
        {c.itemName ? (
          <>
            <dt>办理的事项</dt>
            <dd safe>{c.itemName}</dd>
          </>
        ) : (
          ''
        )}
        <dt>投诉人</dt>
        <dd safe>{c.complainantName}</dd>
        <dt>联系电话</dt>
        <dd safe>{c.complainantPhone}</dd>
        <dt>投诉内容</dt>
        <dd class="pre" safe>
          {c.content}
        </dd>
      </dl>
      <section class="panel" aria-labelledby="answer-title">
        <h2 id="answer-title">答复</h2>
        {c.answer !== null && c.answeredOn !== null ? (
          <>
            <p>
              答复日期：
              <CivilDate date={c.answeredOn} />
            </p>
            <p class="pre" safe>
              {c.answer}
            </p>
          </>
        ) : (
          <p>尚未答复。我们会在答复期限内答复，并通过您留下的电话与您联系。</p>
        )}
      </section>
    </PortalLayout>
  );
}
