// The back office's page of one application: its status and due dates with their explanation, the
// applicant, the request, the handler, the timeline, then the letters, files, appeals and the forms
// of the events allowed now. No scripts: every choice is a plain form.

import { type ApplicationDetail, outcomeTitle } from '../../applications/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { EventForm } from './application-event-forms.tsx';
import { FormErrors, Select, valuesOf } from './application-fields.tsx';
import { applicationHref, applicationsHref } from './application-hrefs.ts';
import { Appeals, Files, Letters } from './application-records.tsx';
import { type DetailProps, dueWords, userName } from './application-shared.ts';

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
            <span safe>{`“${props.failed.label}”未能登记：${props.failed.messages[0] ?? ''}`}</span>
            {props.failed.form === 'assign' && !props.canAssign ? (
              ''
            ) : (
              <>
                {' '}
                <a href={`#${props.failed.form}`}>查看表单</a>
              </>
            )}
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
      <input type="hidden" name="shown" value={props.detail.assignedTo ?? ''} />
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
