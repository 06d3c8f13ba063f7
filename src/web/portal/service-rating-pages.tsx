// The citizen's 办事评价 (好差评) on the portal: the 评价码 of the receipt, the five levels as radio
// buttons with their labels, the reason (required for the last two); then a thank-you. No script:
// a phone opening the receipt's QR code gets the form with the code already filled in.
import {
  MAX_REASON_LENGTH,
  RATING_CODE_LENGTH,
  SATISFACTION_LEVEL_IDS,
  SATISFACTION_LEVELS,
  type SatisfactionLevel,
} from '../../services/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField } from '../layout/forms.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import { agencyHref } from './pages.tsx';
import { FormErrors, type PortalFieldError, TextArea, TextInput } from './service-rating-fields.tsx';

const enc = encodeURIComponent;

export const rateFormHref = (agencyId: string) => `/agencies/${enc(agencyId)}/services/rate`;
const servicesHref = (agencyId: string) => `/agencies/${enc(agencyId)}/services`;

export interface RateFormValues {
  code: string;
  level: string;
  reason: string;
  /** 'qr' when the form was opened from a QR code. */
  from: string;
  /** The window the form was opened from (its page or its QR code), or ''. */
  window: string;
}

export function RateFormPage(props: {
  agency: { id: string; name: string };
  csrfToken: string;
  values: RateFormValues;
  /** The window's name when the form was opened from a window of this agency. */
  windowName: string | null;
  errors: readonly PortalFieldError[];
}): JSX.Element {
  const { agency, values } = props;
  const levelError = props.errors
    .filter((e) => e.field === 'level')
    .map((e) => e.message)
    .join('；');
  return (
    <PortalLayout title={props.errors.length > 0 ? '评价未提交 - 办事评价' : '办事评价'} agency={agency}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          { label: agency.name, href: agencyHref(agency.id) },
          { label: '政务服务', href: servicesHref(agency.id) },
          { label: '办事评价' },
        ]}
      />
      <h1>办事评价</h1>
      <p>
        请对您在<span safe>{agency.name}</span>
        {props.windowName ? (
          <>
            “<span safe>{props.windowName}</span>”
          </>
        ) : (
          ''
        )}
        办理的事项作出评价。每个办件凭回执上的评价码评价一次；您的评价将用于改进服务。
      </p>
      <FormErrors errors={props.errors} />
      <form method="post" action={rateFormHref(agency.id)} class="stacked" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="from" value={values.from === 'qr' ? 'qr' : ''} />
        <input type="hidden" name="window" value={values.window} />
        <TextInput
          name="code"
          label="评价码"
          required
          value={values.code}
          hint={`办件回执上的 ${RATING_CODE_LENGTH} 位评价码，如 7KQ2M-XH4PD；不区分大小写，空格和短横线可写可不写。`}
          errors={props.errors}
          maxlength={40}
          autocomplete="off"
          autocapitalize="characters"
        />
        <fieldset id="f-level" aria-describedby={levelError ? 'f-level-error' : undefined}>
          <legend>
            满意程度<span class="required">（必选）</span>
          </legend>
          {levelError ? (
            <span class="field-error" id="f-level-error" safe>
              {levelError}
            </span>
          ) : (
            ''
          )}
          {SATISFACTION_LEVEL_IDS.map((level) => (
            <div class="choice">
              <input
                type="radio"
                id={`f-level-${level}`}
                name="level"
                value={level}
                checked={values.level === level}
                required
              />
              <label for={`f-level-${level}`}>{SATISFACTION_LEVELS[level].label}</label>
            </div>
          ))}
        </fieldset>
        <TextArea
          name="reason"
          label="评价理由"
          value={values.reason}
          hint={`选择“不满意”或“非常不满意”时必填，请写明哪里需要改进（最多 ${MAX_REASON_LENGTH} 字）。`}
          errors={props.errors}
          rows={4}
        />
        <button type="submit">提交评价</button>
      </form>
      <p>
        如需反映工作人员的服务态度、办事效率等问题，也可以
        <a
          href={`/agencies/${enc(agency.id)}/services/complaints/new${values.window ? `?window=${enc(values.window)}` : ''}`}
        >
          提交效能投诉
        </a>
        。
      </p>
    </PortalLayout>
  );
}

export function RatedPage(props: {
  agency: { id: string; name: string };
  level: SatisfactionLevel;
  itemName: string | null;
  windowName: string | null;
}): JSX.Element {
  const { agency } = props;
  return (
    <PortalLayout title="评价已提交" agency={agency}>
      <h1>感谢您的评价</h1>
      <div class="notice" role="status">
        <p>
          您的评价“<span>{SATISFACTION_LEVELS[props.level].label}</span>”已提交。
        </p>
      </div>
      <dl class="facts">
        {props.itemName ? (
          <>
            <dt>办理事项</dt>
            <dd safe>{props.itemName}</dd>
          </>
        ) : (
          ''
        )}
        {props.windowName ? (
          <>
            <dt>办理窗口</dt>
            <dd safe>{props.windowName}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {SATISFACTION_LEVELS[props.level].reasonRequired ? (
        <p>我们会认真核实您反映的问题并加以改进。需要答复的，请提交效能投诉并留下联系电话。</p>
      ) : (
        ''
      )}
      <p>
        <a href={servicesHref(agency.id)}>
          返回<span safe>{agency.name}</span>政务服务
        </a>
      </p>
    </PortalLayout>
  );
}
