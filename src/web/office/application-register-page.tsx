// Registering an application that came by letter, e-mail, fax or in person (条例第二十九条), and the
// page shown once after registering: the tracking number and the applicant's status link.

import {
  APPLICANT_TYPES,
  CHANNEL_LABELS,
  type Channel,
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_FORM_LABELS,
  ID_KIND_LABELS,
  type IntakeResult,
  RECEIPT_RULES,
} from '../../applications/index.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { ErrorSummary } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { Area, Input, options, Select } from './application-fields.tsx';
import { type FormFields, fieldValue } from './application-forms.ts';
import { applicationHref, applicationsHref, newApplicationHref } from './application-hrefs.ts';
import type { Agency } from './application-shared.ts';
import type { Chrome } from './chrome.ts';

const enc = encodeURIComponent;

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
