// The forms of the events allowed now on an application (补正, 征求意见, 收费, 延期, 答复…): one form
// each, with the date, the event's own fields and, for the reply, the outcome that prefills its basis.

import { CONSULTATION_LABELS, EVENT_LABELS, outcome } from '../../applications/index.ts';
import { FEE_METHOD_LABELS, PAGE_FEE_TIERS } from '../../fees/index.ts';
import { CsrfField } from '../layout/forms.tsx';
import { Area, FormErrors, Input, type Option, options, Select, valuesOf } from './application-fields.tsx';
import { type FormEventType, REPLY_OUTCOMES, WITHHELD_REASONS } from './application-forms.ts';
import { applicationHref } from './application-hrefs.ts';
import type { DetailProps } from './application-shared.ts';

/** One event's form: hidden type and event count, the date, and the event's own fields. */
export function EventForm(props: DetailProps & { type: FormEventType }): JSX.Element {
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
