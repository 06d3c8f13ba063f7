// The confirmation of an online application (tracking number, dates, the secret status link shown
// once) and the lookup form for those who wrote down the tracking number and the 查询码.
import { maskPersonalNumbers } from '../../applications/letters/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField } from '../layout/forms.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import type { FieldError } from './apply-form.ts';
import { CivilDate, ErrorList, LOOKUP_HREF, statusHref } from './apply-pages.tsx';
import { agencyHref } from './pages.tsx';

export interface ConfirmationProps {
  agency: { id: string; name: string };
  trackingNumber: string;
  accessToken: string;
  /** The status link as the applicant should keep it (with scheme and host). */
  statusUrl: string;
  receivedOn: string;
  replyDue: string | null;
  dueExplanation: readonly string[];
  description: string;
  deliveryFormLabel: string;
  deliveryChannelLabel: string;
}

export function ConfirmationPage(props: ConfirmationProps): JSX.Element {
  const { agency } = props;
  return (
    <PortalLayout title="申请已提交" agency={agency}>
      <h1>申请已提交</h1>
      <div class="notice" role="status">
        <p>
          <span safe>{agency.name}</span>已收到您的政府信息公开申请。
        </p>
      </div>
      <section class="panel" aria-labelledby="receipt-title">
        <h2 id="receipt-title">申请回执</h2>
        <p class="tracking-number">
          <span class="tracking-label">申请编号</span>
          <strong safe>{props.trackingNumber}</strong>
        </p>
        <dl class="facts">
          <dt>受理机关</dt>
          <dd safe>{agency.name}</dd>
          <dt>收到申请日期</dt>
          <dd>
            <CivilDate date={props.receivedOn} />
            （网上提交的，提交之日即为收到申请之日）
          </dd>
          <dt>答复期限</dt>
          <dd>{props.replyDue ? <CivilDate date={props.replyDue} /> : '待定'}</dd>
          <dt>所需信息</dt>
          <dd class="pre" safe>
            {maskPersonalNumbers(props.description)}
          </dd>
          <dt>提供形式</dt>
          <dd safe>{props.deliveryFormLabel}</dd>
          <dt>获取方式</dt>
          <dd safe>{props.deliveryChannelLabel}</dd>
        </dl>
        {props.dueExplanation.length > 0 ? (
          <>
            <h3>答复期限是怎样计算的</h3>
            <ul>
              {props.dueExplanation.map((line) => (
                <li safe>{line}</li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
      </section>
      <section class="panel warning" aria-labelledby="keep-title">
        <h2 id="keep-title">请务必保存查询链接</h2>
        <p>
          <strong>
            下面的链接是查看本申请办理情况和答复文书的凭证，只在本页显示这一次。任何人得到这个链接，都能看到您的申请内容和答复，请不要转发或公开。
          </strong>
        </p>
        <p>
          <a href={statusHref(props.accessToken)}>查看办理情况</a>
        </p>
        <p>查询链接（可以复制保存、截图或收藏本链接）：</p>
        <code class="secret status-url" safe>
          {props.statusUrl}
        </code>
        <p>
          也可以记下申请编号和下面的查询码，在“<a href={LOOKUP_HREF}>申请查询</a>”页面输入后查看：
        </p>
        <p>查询码：</p>
        <code class="secret" safe>
          {props.accessToken}
        </code>
      </section>
      <p>
        <a href={agencyHref(agency.id)}>
          返回<span safe>{agency.name}</span>政府信息公开
        </a>
      </p>
    </PortalLayout>
  );
}

export interface LookupValues {
  trackingNumber: string;
  token: string;
}

export function LookupPage(props: {
  csrfToken: string;
  values: LookupValues;
  errors: readonly FieldError[];
}): JSX.Element {
  const error = props.errors.length > 0;
  return (
    <PortalLayout title={error ? '查询失败 - 申请查询' : '申请查询'}>
      <Breadcrumb items={[{ label: '首页', href: '/' }, { label: '申请查询' }]} />
      <h1>查询政府信息公开申请</h1>
      <ErrorList errors={props.errors} title="无法查询：" />
      <section class="panel" aria-labelledby="lookup-title">
        <h2 id="lookup-title">输入申请编号和查询码</h2>
        <p>申请编号和查询码在提交申请后的回执页面上。保存了查询链接的，直接打开链接即可。</p>
        <form method="post" action={LOOKUP_HREF} class="stacked">
          <CsrfField token={props.csrfToken} />
          <div class="field">
            <label for="f-trackingNumber">申请编号</label>
            <span class="hint" id="f-trackingNumber-hint">
              如 YSQ2026-ABCD-EFGH，不区分大小写。
            </span>
            <input
              type="text"
              id="f-trackingNumber"
              name="trackingNumber"
              value={props.values.trackingNumber}
              autocomplete="off"
              autocapitalize="characters"
              spellcheck="false"
              maxlength="40"
              required
              aria-describedby="f-trackingNumber-hint"
            />
          </div>
          <div class="field">
            <label for="f-token">查询码</label>
            <span class="hint" id="f-token-hint">
              回执上的一串字母、数字和符号，请完整输入，区分大小写。
            </span>
            <input
              type="text"
              id="f-token"
              name="token"
              value={props.values.token}
              autocomplete="off"
              autocapitalize="none"
              spellcheck="false"
              maxlength="120"
              required
              aria-describedby="f-token-hint"
            />
          </div>
          <button type="submit" class="wide">
            查询
          </button>
        </form>
      </section>
    </PortalLayout>
  );
}
