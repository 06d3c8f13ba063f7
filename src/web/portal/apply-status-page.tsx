// The applicant's own page, reached through the secret link (or the lookup form): where the
// application stands, its due date, what happened, the letters issued, and — while the organ
// waits for a 补正 — the form to send it. Personal data appears only masked.
import { type ApplicationDetail, PERIODS } from '../../applications/index.ts';
import { maskPersonalNumbers } from '../../applications/letters/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import { type FieldError, sizeLabel } from './apply-form.ts';
import { CivilDate, ErrorList } from './apply-pages.tsx';
import { agencyHref } from './pages.tsx';

export const SUPPLEMENT_HREF = '/apply/status/supplement';

export interface StatusLetter {
  id: string;
  title: string;
  documentNumber: string;
  /** The letter as an HTML fragment, already escaped by renderLetterHtml. */
  safeHtml: string;
  docxHref: string;
}

export interface StatusPageProps {
  agency: { id: string; name: string };
  detail: ApplicationDetail;
  letters: readonly StatusLetter[];
  /** The access token, for the hidden field of the supplement form (never in its URL). */
  token: string;
  csrfToken: string;
  uploadLimit: number;
  notice?: string;
  /** Why the last request was refused, as a whole (e.g. no 补正 is awaited any more). */
  problem?: string;
  /** Errors of the supplement form and the text typed, kept. */
  supplement?: { text: string; errors: readonly FieldError[] };
}

function Timeline(props: { detail: ApplicationDetail }): JSX.Element {
  return (
    <ol class="timeline">
      {props.detail.timeline.map((entry) => (
        <li>
          <CivilDate date={entry.at} />
          <strong safe>{entry.label}</strong>
          {entry.summary === '' ? '' : <span safe>{maskPersonalNumbers(entry.summary)}</span>}
        </li>
      ))}
    </ol>
  );
}

function SupplementForm(props: StatusPageProps): JSX.Element {
  const errors = props.supplement?.errors ?? [];
  const textError = errors
    .filter((e) => e.field === 'text')
    .map((e) => e.message)
    .join('；');
  const fileError = errors
    .filter((e) => e.field === 'file')
    .map((e) => e.message)
    .join('；');
  const fileHint = `选填。PDF、JPG 或 PNG 格式，不超过${sizeLabel(props.uploadLimit)}。`;
  const describe = (id: string, error: string) => (error === '' ? `${id}-hint` : `${id}-hint ${id}-error`);
  return (
    <section class="panel" aria-labelledby="supplement-title" id="supplement">
      <h2 id="supplement-title">提交补正</h2>
      <p safe>
        {`本机关已通知您补正申请。请在补正期限内提交；逾期未补正又无正当理由的，视为放弃申请。答复期限自本机关收到补正之日起重新计算（条例${PERIODS.supplementNotice.article}）。`}
      </p>
      <ErrorList errors={errors} />
      <form
        method="post"
        action={`${SUPPLEMENT_HREF}?_csrf=${encodeURIComponent(props.csrfToken)}`}
        enctype="multipart/form-data"
        class="stacked"
        novalidate
      >
        <input type="hidden" name="token" value={props.token} />
        <div class="field">
          <label for="f-text">补正内容</label>
          <span class="hint" id="f-text-hint">
            按照《补正告知书》的要求，写明需要补充或更正的内容。
          </span>
          {textError === '' ? (
            ''
          ) : (
            <span class="field-error" id="f-text-error" safe>
              {textError}
            </span>
          )}
          {/* A browser drops one newline right after <textarea>: the first line stays, even a blank one. */}
          <textarea
            id="f-text"
            name="text"
            rows="6"
            maxlength="4000"
            aria-describedby={describe('f-text', textError)}
            aria-invalid={textError === '' ? undefined : 'true'}
            safe
          >
            {`\n${props.supplement?.text ?? ''}`}
          </textarea>
        </div>
        <div class="field">
          <label for="f-file">补正材料</label>
          <span class="hint" id="f-file-hint" safe>
            {fileHint}
          </span>
          {fileError === '' ? (
            ''
          ) : (
            <span class="field-error" id="f-file-error" safe>
              {fileError}
            </span>
          )}
          <input
            type="file"
            id="f-file"
            name="file"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-describedby={describe('f-file', fileError)}
            aria-invalid={fileError === '' ? undefined : 'true'}
          />
        </div>
        <button type="submit" class="wide">
          提交补正
        </button>
      </form>
    </section>
  );
}

export function StatusPage(props: StatusPageProps): JSX.Element {
  const { detail, agency } = props;
  const { status } = detail;
  const decided = detail.timeline.some((t) => t.type === 'decided');
  const awaitingSupplement = status.phase === 'awaiting_supplement';
  return (
    <PortalLayout title="申请办理情况" agency={agency}>
      <Breadcrumb
        items={[
          { label: '首页', href: '/' },
          { label: agency.name, href: agencyHref(agency.id) },
          { label: '申请办理情况' },
        ]}
      />
      <h1>申请办理情况</h1>
      {props.notice ? (
        <div class="notice" role="status">
          <p safe>{props.notice}</p>
        </div>
      ) : (
        ''
      )}
      {props.problem ? (
        <div class="error-summary" role="alert">
          <p safe>{props.problem}</p>
        </div>
      ) : (
        ''
      )}
      {status.overdue && status.replyDue ? (
        <div class="error-summary" role="status">
          <p>
            本申请已超过答复期限（
            <CivilDate date={status.replyDue} />
            ）仍未答复。您可以向受理机关询问，也可以依法向上一级行政机关或者政府信息公开工作主管部门投诉、举报，或者依法申请行政复议、提起行政诉讼（条例第五十一条）。
          </p>
        </div>
      ) : (
        ''
      )}
      {awaitingSupplement ? (
        <div class="notice" role="status">
          <p>
            本机关通知您补正申请，请阅读下方的《补正告知书》，并<a href="#supplement">提交补正</a>。
          </p>
        </div>
      ) : (
        ''
      )}
      <section class="panel" aria-labelledby="status-title">
        <h2 id="status-title">办理状态</h2>
        <p class="tracking-number">
          <span class="tracking-label">申请编号</span>
          <strong safe>{detail.trackingNumber}</strong>
        </p>
        <dl class="facts">
          <dt>受理机关</dt>
          <dd safe>{agency.name}</dd>
          <dt>收到申请日期</dt>
          <dd>
            <CivilDate date={detail.receivedOn} />
          </dd>
          <dt>当前状态</dt>
          <dd>
            <strong class="phase" safe>
              {status.phaseLabel}
            </strong>
          </dd>
          {status.open ? (
            <>
              <dt>答复期限</dt>
              <dd>
                {status.replyDue ? (
                  <>
                    <CivilDate date={status.replyDue} />
                    {status.daysLeft !== null && status.daysLeft >= 0 ? (
                      <span safe>{`（还有 ${status.daysLeft} 个工作日）`}</span>
                    ) : (
                      ''
                    )}
                  </>
                ) : (
                  '自本机关收到补正之日起重新计算'
                )}
              </dd>
            </>
          ) : status.closedOn ? (
            <>
              <dt>{decided ? '答复日期' : '办结日期'}</dt>
              <dd>
                <CivilDate date={status.closedOn} />
              </dd>
            </>
          ) : (
            ''
          )}
        </dl>
        {status.open && detail.due.explanation.length > 0 ? (
          <details>
            <summary>答复期限是怎样计算的</summary>
            <ul>
              {detail.due.explanation.map((line) => (
                <li safe>{line}</li>
              ))}
            </ul>
          </details>
        ) : (
          ''
        )}
      </section>
      {awaitingSupplement ? <SupplementForm {...props} /> : ''}
      <section class="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">办理过程</h2>
        <Timeline detail={detail} />
      </section>
      <section class="panel" aria-labelledby="letters-title">
        <h2 id="letters-title">告知书和答复</h2>
        {props.letters.length === 0 ? (
          <p>本机关尚未向您发出告知书或答复。</p>
        ) : (
          props.letters.map(({ safeHtml, docxHref, title, documentNumber }) => (
            <div class="issued-letter">
              {safeHtml}
              <p>
                <a href={docxHref}>
                  下载 Word 文档：<span safe>{`${title}（${documentNumber}）`}</span>
                </a>
              </p>
            </div>
          ))
        )}
      </section>
      <section class="panel" aria-labelledby="request-title">
        <h2 id="request-title">申请内容</h2>
        <dl class="facts">
          <dt>申请人类型</dt>
          <dd safe>{detail.applicant.typeLabel}</dd>
          <dt>申请人</dt>
          <dd safe>{detail.applicant.name}</dd>
          <dt>证件号码</dt>
          <dd safe>{`${detail.applicant.idKindLabel} ${detail.applicant.idNumber}`}</dd>
          <dt>联系电话</dt>
          <dd safe>{detail.applicant.phone}</dd>
          <dt>所需信息</dt>
          <dd class="pre" safe>
            {maskPersonalNumbers(detail.description)}
          </dd>
          {detail.documentNumber ? (
            <>
              <dt>文号</dt>
              <dd safe>{detail.documentNumber}</dd>
            </>
          ) : (
            ''
          )}
          <dt>提供形式</dt>
          <dd safe>{detail.deliveryFormLabel}</dd>
          <dt>获取方式</dt>
          <dd safe>{detail.deliveryChannelLabel}</dd>
        </dl>
        <p class="muted">为保护个人信息，证件号码、联系电话等只显示部分内容。</p>
      </section>
    </PortalLayout>
  );
}
