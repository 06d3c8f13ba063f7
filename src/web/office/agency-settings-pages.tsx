// The 机构设置 page of an agency's admin: one form in sections, each field with the default that
// applies when it is left empty, and its problem beside it. No scripts.
import { AGENCY_KINDS, type AgencyKind } from '../../agencies/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { OwnDeadlineField, SettingsFormField, SettingsFormValues } from './agency-settings-forms.ts';
import { PER_KIND_FIELDS, SETTINGS_FORM_FIELDS } from './agency-settings-forms.ts';
import type { Chrome } from './chrome.ts';
import { ProblemSummary, TextInput } from './service-fields.tsx';

export function agencySettingsHref(agencyId: string): string {
  return `/office/agencies/${encodeURIComponent(agencyId)}/settings`;
}

/** What applies when a field is left empty, as the page explains it. */
export interface SettingsDefaults {
  /** The 文号 prefix used without a setting (“机构名称依申请公开”). */
  letterPrefix: string;
  /** The contact e-mail the reminders go to without a setting, or null (none: back office only). */
  reminderEmail: string | null;
  /** The deadline that applies without the agency's own (statutory or set by a supervising agency). */
  reportDeadline: string;
  complaintDeadlineDays: number;
  /** How the 公开指南 prints a detail that is not set. */
  notSet: string;
}

export interface AgencySettingsPageProps {
  chrome: Chrome;
  agency: { id: string; name: string; kind: AgencyKind };
  values: SettingsFormValues;
  /** Kinds of agency below this one whose deadline it may set. */
  kinds: readonly AgencyKind[];
  /** The agency's own deadline: editable (by a supervising agency's admin), read-only, or none (村/社区). */
  ownDeadline: OwnDeadlineField;
  /** With a read-only deadline: the one in force for last year's report, and why. */
  deadlineInForce?: { date: string; basis: string };
  /** Why the agency's own admin cannot change it (agencies' OWN_DEADLINE_REFUSAL). */
  ownDeadlineReason?: string;
  defaults: SettingsDefaults;
  guideHref: string;
  errors?: Partial<Record<SettingsFormField, string>>;
  general?: readonly string[];
  notice?: string;
}

const FORM = 'settings';

export function AgencySettingsPage(props: AgencySettingsPageProps): JSX.Element {
  const { values, defaults } = props;
  const errors = props.errors ?? {};
  const count = Object.values(errors).filter((e) => e !== undefined).length + (props.general ?? []).length;
  const field = (
    name: SettingsFormField,
    label: string,
    hint?: string,
    extra: { maxlength?: number; inputmode?: 'numeric' | 'text'; required?: boolean } = {},
  ) => (
    <TextInput
      form={FORM}
      name={name}
      label={label}
      {...(hint === undefined ? {} : { hint })}
      error={errors[name]}
      value={values[name]}
      {...extra}
    />
  );
  const totpId = `${FORM}-enforceTotp`;
  const d = props.deadlineInForce;
  const inForce = d ? `${d.date.slice(0, 4)}年发布上一年度报告的期限：${d.date}，依据：${d.basis}。` : '';
  return (
    <OfficeLayout {...props.chrome} title={`机构设置 - ${props.agency.name}`}>
      <Breadcrumb items={[{ label: '机构与用户', href: '/office/agencies' }, { label: props.agency.name }]} />
      <h1>
        机构设置：<span safe>{props.agency.name}</span>
      </h1>
      <Notice message={props.notice} />
      <ProblemSummary
        form={FORM}
        title={`有 ${count} 处问题，设置均未保存，请修改后重新提交：`}
        fields={SETTINGS_FORM_FIELDS}
        errors={errors}
        general={props.general ?? []}
      />
      <p>不填的项目按括号中的默认做法办理；清空一项即取消该项设置。</p>
      <form method="post" action={agencySettingsHref(props.agency.id)} class="stacked" novalidate>
        <CsrfField token={props.chrome.csrfToken} />
        <fieldset>
          <legend>基本信息</legend>
          <p class="hint">
            机构类型：<span>{AGENCY_KINDS[props.agency.kind].label}</span>
          </p>
          {field('name', '机构名称', '同一上级机构下不能重名。', { maxlength: 100, required: true })}
          {field('creditCode', '统一社会信用代码', '18 位，用于信息索引号；不填则不设。', { maxlength: 18 })}
        </fieldset>
        <fieldset>
          <legend>政府信息公开工作机构联系方式</legend>
          <p class="hint">
            以下各项印在本机构的
            <a href={props.guideHref}>政府信息公开指南</a>
            （条例第十二条）中，保存后门户网站即显示新的内容；不填的项目在指南中显示为“
            <span safe>{defaults.notSet}</span>”。联系电话还印在答复文书上。
          </p>
          {field('office', '政府信息公开工作机构', '如：承留镇党政综合办公室（政务公开办）', {
            maxlength: 200,
          })}
          {field('address', '办公地址', '申请人邮寄和当面提交申请的地址。', { maxlength: 200 })}
          {field('postcode', '邮政编码', '6 位数字。', { maxlength: 6, inputmode: 'numeric' })}
          {field('hours', '办公时间', '如：法定工作日 上午8:30—12:00，下午14:30—17:30', { maxlength: 200 })}
          {field(
            'phone',
            '联系电话',
            '固定电话请带区号（如 0391-6611234），可填 12345 等热线或手机号码，多个号码用“、”分隔，最多三个。',
            {
              maxlength: 200,
            },
          )}
          {field('fax', '传真号码', '带区号的固定电话号码。', { maxlength: 200 })}
          {field('email', '电子邮箱', '接收电子邮件申请的地址。', { maxlength: 200 })}
        </fieldset>
        <fieldset>
          <legend>依申请公开</legend>
          {field(
            'letterPrefix',
            '答复文书文号前缀（机关代字）',
            `文号按“前缀〔年份〕序号号”编排，不含年份和括号。不填时为“${defaults.letterPrefix}”。`,
            { maxlength: 30 },
          )}
          {field(
            'reminderEmail',
            '到期提醒邮箱',
            defaults.reminderEmail === null
              ? '申请和年度报告的到期提醒发送到此邮箱。不填时使用上面的电子邮箱；两者都不填，提醒只在工作台显示。'
              : `申请和年度报告的到期提醒发送到此邮箱。不填时发送到联系方式中的电子邮箱（${defaults.reminderEmail}）。`,
            { maxlength: 200 },
          )}
        </fieldset>
        {props.ownDeadline === 'hidden' && props.kinds.length === 0 ? (
          ''
        ) : (
          <fieldset>
            <legend>政府信息公开工作年度报告</legend>
            {props.ownDeadline === 'editable'
              ? field(
                  'reportDeadline',
                  '本机构年度报告发布期限（次年“月-日”）',
                  `如“01-31”。由上级机构设定。不填时按${defaults.reportDeadline}。`,
                  { maxlength: 10 },
                )
              : ''}
            {props.ownDeadline === 'readonly' ? (
              <div class="field" id={`${FORM}-reportDeadline`}>
                <p>本机构年度报告发布期限</p>
                <p safe>{inForce}</p>
                <p class="hint" safe>
                  {props.ownDeadlineReason ?? ''}
                </p>
              </div>
            ) : (
              ''
            )}
            {props.kinds.length === 0 ? (
              ''
            ) : (
              <>
                <p class="hint">
                  下级机构的年度报告发布期限（次年“月-日”）：下级机构未单独设定期限的，按这里的期限；不填时按更上级机构的规定或条例第四十九条（政府部门和乡镇（街道）次年1月31日前，县级以上人民政府次年3月31日前）。
                </p>
                {props.kinds.map((kind) => {
                  const name = PER_KIND_FIELDS[kind];
                  return name === undefined
                    ? ''
                    : field(name, `下级${AGENCY_KINDS[kind].label}的发布期限`, undefined, { maxlength: 10 });
                })}
              </>
            )}
          </fieldset>
        )}
        <fieldset>
          <legend>效能投诉</legend>
          {field(
            'complaintDeadlineDays',
            '效能投诉答复期限（工作日）',
            `1 至 60 个工作日。不填时为 ${defaults.complaintDeadlineDays} 个工作日。`,
            { maxlength: 10, inputmode: 'numeric' },
          )}
        </fieldset>
        <fieldset>
          <legend>安全</legend>
          {errors.enforceTotp ? (
            <span class="field-error" id={`${totpId}-error`} safe>
              {errors.enforceTotp}
            </span>
          ) : (
            ''
          )}
          <div class="choice">
            <input
              type="checkbox"
              id={totpId}
              name="enforceTotp"
              value="1"
              checked={values.enforceTotp === '1'}
              aria-describedby={`${totpId}-hint`}
            />
            <label for={totpId}>强制本机构用户使用动态验证码</label>
          </div>
          <p class="hint" id={`${totpId}-hint`}>
            勾选后，本机构尚未绑定动态验证码的用户（包括您自己）须先绑定才能继续工作。不勾选时不强制。
          </p>
        </fieldset>
        <button type="submit">保存设置</button>
      </form>
    </OfficeLayout>
  );
}
