// 办件登记 in the back office: the form (事项, 办理方式, 窗口), the printable receipt with the 评价码
// shown this once, the rating link and its QR code, and the latest 办件 with whether they were rated.
import {
  isServiceLevel,
  type RecentServiceEvent,
  type RegisteredServiceEvent,
  SATISFACTION_LEVELS,
  SERVICE_EVENT_CHANNELS,
  SERVICE_LEVELS,
  type ServiceChoices,
} from '../../services/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { Select } from './application-fields.tsx';
import type { Chrome } from './chrome.ts';

const enc = encodeURIComponent;

export const serviceEventsHref = (agencyId: string) => `/office/agencies/${enc(agencyId)}/service-events`;
const catalogueHref = (agencyId: string) => `/office/agencies/${enc(agencyId)}/services`;

export interface AgencyRef {
  id: string;
  name: string;
}

export interface ServiceEventFormValues {
  item: string;
  channel: string;
  window: string;
}

const TITLE = '办件登记';

function crumbs(agency: AgencyRef, here?: string) {
  return [
    { label: '政务服务事项', href: catalogueHref(agency.id) },
    { label: TITLE, ...(here ? { href: serviceEventsHref(agency.id) } : {}) },
    ...(here ? [{ label: here }] : []),
  ];
}

/** Beijing time of an instant, to the minute. */
export function beijingMinute(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export function ServiceEventsPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  choices: ServiceChoices;
  values: ServiceEventFormValues;
  recent: readonly RecentServiceEvent[];
  errors?: readonly string[];
}): JSX.Element {
  const { agency, choices, values } = props;
  const groups = ['town', 'village'].map((level) => ({
    label: isServiceLevel(level) ? SERVICE_LEVELS[level].label : level,
    options: choices.items.filter((i) => i.level === level).map((i) => ({ value: i.id, label: i.name })),
  }));
  return (
    <OfficeLayout {...props.chrome} title={TITLE}>
      <Breadcrumb items={crumbs(agency)} />
      <h1 safe>{`${TITLE} — ${agency.name}`}</h1>
      <p>
        每办结一件事项登记一次：系统生成一个评价码，打印在回执上交给办事群众。群众凭评价码（或扫描回执上的二维码）对本次办理作出评价，每个办件只能评价一次。评价码只显示这一次，系统只保存其校验值。
      </p>
      <ErrorSummary messages={props.errors ?? []} />
      {choices.items.length === 0 ? (
        <p>本机构还没有公开的政务服务事项，请先在“政务服务事项”中录入事项。</p>
      ) : (
        <form method="post" action={serviceEventsHref(agency.id)} class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <Select
            form="event"
            name="item"
            label="办理的事项"
            value={values.item}
            blank="请选择"
            groups={groups.filter((g) => g.options.length > 0)}
          />
          <Select
            form="event"
            name="channel"
            label="办理方式"
            value={values.channel || 'window'}
            options={Object.entries(SERVICE_EVENT_CHANNELS).map(([value, c]) => ({ value, label: c.label }))}
          />
          <Select
            form="event"
            name="window"
            label="办理窗口"
            hint="窗口办理的，不选则为该事项的办理窗口；网上办理的不选。"
            value={values.window}
            blank="按事项的办理窗口"
            options={choices.windows.map((w) => ({ value: w.id, label: w.name }))}
          />
          <button type="submit">登记并打印回执</button>
        </form>
      )}
      <h2>最近的办件</h2>
      {props.recent.length === 0 ? (
        <p>还没有登记办件。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">登记时间</th>
                <th scope="col">事项</th>
                <th scope="col">办理方式</th>
                <th scope="col">窗口</th>
                <th scope="col">评价</th>
              </tr>
            </thead>
            <tbody>
              {props.recent.map((e) => (
                <tr>
                  <td data-label="登记时间" safe>
                    {beijingMinute(e.occurredAt)}
                  </td>
                  <td data-label="事项" safe>
                    {e.itemName ?? '—'}
                  </td>
                  <td data-label="办理方式">{SERVICE_EVENT_CHANNELS[e.channel].label}</td>
                  <td data-label="窗口" safe>
                    {e.windowName ?? '—'}
                  </td>
                  <td data-label="评价">
                    {e.rating === null ? '未评价' : SATISFACTION_LEVELS[e.rating].label}
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

export function ServiceReceiptPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  event: RegisteredServiceEvent;
  /** The code as printed (groups of five). */
  printedCode: string;
  /** The rating form's address with the code, as the citizen types it in. */
  rateUrl: string;
  /** The inline SVG of the QR code (qrSvg escapes what it holds). */
  safeQr: string;
}): JSX.Element {
  const { agency, event, safeQr } = props;
  return (
    <OfficeLayout {...props.chrome} title="办件回执">
      <div class="no-print">
        <Breadcrumb items={crumbs(agency, '回执')} />
        <Notice message="办件已登记。请打印本回执交给办事群众：评价码只显示这一次，离开本页后无法再查看。" />
      </div>
      <div class="qr-sheet receipt">
        <p class="qr-agency" safe>
          {agency.name}
        </p>
        <h1>办件回执</h1>
        <dl class="qr-details">
          <dt>办理事项</dt>
          <dd safe>{event.itemName}</dd>
          <dt>办理方式</dt>
          <dd>{SERVICE_EVENT_CHANNELS[event.channel].label}</dd>
          {event.windowName ? (
            <>
              <dt>办理窗口</dt>
              <dd safe>{event.windowName}</dd>
            </>
          ) : (
            ''
          )}
          <dt>办理时间</dt>
          <dd safe>{beijingMinute(event.occurredAt)}</dd>
          <dt>评价码</dt>
          <dd>
            <strong class="rating-code" safe>
              {props.printedCode}
            </strong>
          </dd>
        </dl>
        <figure class="qr-code">
          {safeQr}
          <figcaption>
            请扫描二维码，或在网上输入评价码，对本次办理作出评价（每个办件可评价一次）。
          </figcaption>
        </figure>
        <p class="qr-url" safe>
          {props.rateUrl}
        </p>
      </div>
      <p class="no-print">
        使用浏览器的“打印”功能打印本页。<a href={serviceEventsHref(agency.id)}>继续登记办件</a>
      </p>
    </OfficeLayout>
  );
}
