// The portal's 政务服务 pages: the agency's open windows and offered items (by level and 事项类型),
// an item's 办事指南, a window's page (where its QR code leads: rate the service, complain), and the
// printable QR sheets of a window and an item. No script: everything works as plain HTML.
import type { PublicServiceItem, PublicServiceWindow } from '../../services/index.ts';
import {
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_ITEM_TYPES,
  SERVICE_LEVEL_IDS,
  SERVICE_LEVELS,
} from '../../services/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';

const enc = encodeURIComponent;

export const servicesHref = (agencyId: string) => `/agencies/${enc(agencyId)}/services`;
export const serviceItemHref = (agencyId: string, itemId: string) =>
  `${servicesHref(agencyId)}/items/${enc(itemId)}`;
export const serviceWindowHref = (agencyId: string, windowId: string, fromQr = false) =>
  `${servicesHref(agencyId)}/windows/${enc(windowId)}${fromQr ? '?from=qr' : ''}`;
/** Helper B's rating form; `from=qr` records the rating as given through the QR code. */
export const rateHref = (agencyId: string, windowId: string, fromQr: boolean) =>
  `${servicesHref(agencyId)}/rate?window=${enc(windowId)}${fromQr ? '&from=qr' : ''}`;
/** Helper B's complaint form. */
export const complainHref = (agencyId: string, windowId: string) =>
  `${servicesHref(agencyId)}/complaints/new?window=${enc(windowId)}`;

type Agency = { id: string; name: string };

/** A time limit in working days as the 办事指南 prints it. */
export function limitText(days: number | null, none: string): string {
  if (days === null) return none;
  return days === 0 ? '即办' : `${days}个工作日`;
}

/** Whether the window is open now, in words; nothing when its hours could not be read. */
function OpenNow(props: { open: boolean | null }): JSX.Element {
  if (props.open === null) return <></>;
  return props.open ? (
    <strong class="open-now">现在是办公时间</strong>
  ) : (
    <strong class="closed-now">现在不是办公时间</strong>
  );
}

/** A text of several lines as paragraphs. */
function Lines(props: { text: string }): JSX.Element {
  return (
    <>
      {props.text
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l) => (
          <p safe>{l}</p>
        ))}
    </>
  );
}

function crumbs(agency: Agency, ...rest: { label: string; href?: string }[]) {
  return [{ label: '首页', href: '/' }, { label: agency.name, href: `/agencies/${enc(agency.id)}` }, ...rest];
}

const HOLIDAY_NOTE = '法定节假日及调休安排以公告为准。';

export function ServicesPage(props: {
  agency: Agency;
  windows: readonly (PublicServiceWindow & { openNow: boolean | null })[];
  items: readonly PublicServiceItem[];
}): JSX.Element {
  const { agency, windows, items } = props;
  const openWindows = new Set(windows.map((w) => w.id));
  return (
    <PortalLayout title="政务服务" agency={agency}>
      <Breadcrumb items={crumbs(agency, { label: '政务服务' })} />
      <h1>政务服务</h1>
      <p>
        本机关便民服务大厅的服务窗口、办公时间和公开的政务服务事项。办事后可凭回执上的评价码或扫描窗口二维码评价服务，对工作效能不满意的可以投诉。
      </p>
      <section aria-labelledby="windows">
        <h2 id="windows">服务窗口</h2>
        {windows.length === 0 ? (
          <p>暂无公开的服务窗口。</p>
        ) : (
          <>
            <table class="catalogue services-windows">
              <thead>
                <tr>
                  <th scope="col">窗口</th>
                  <th scope="col">位置</th>
                  <th scope="col">办公时间</th>
                  <th scope="col">咨询电话</th>
                  <th scope="col">当前</th>
                </tr>
              </thead>
              <tbody>
                {windows.map((w) => (
                  <tr>
                    <td>
                      <a href={serviceWindowHref(agency.id, w.id)} safe>
                        {w.name}
                      </a>
                    </td>
                    <td safe>{w.location}</td>
                    <td safe>{w.hours}</td>
                    <td safe>{w.phone}</td>
                    <td>
                      <OpenNow open={w.openNow} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="hint">{HOLIDAY_NOTE}</p>
          </>
        )}
      </section>
      <section aria-labelledby="items">
        <h2 id="items">政务服务事项（{items.length}项）</h2>
        {items.length === 0 ? <p>暂未公开政务服务事项。</p> : ''}
        {SERVICE_LEVEL_IDS.map((level) => {
          const ofLevel = items.filter((i) => i.level === level);
          if (ofLevel.length === 0) return '';
          return (
            <section class="service-level" aria-labelledby={`level-${level}`}>
              <h3 id={`level-${level}`}>
                {SERVICE_LEVELS[level].label}事项（{ofLevel.length}项）
              </h3>
              {SERVICE_ITEM_TYPE_IDS.map((type) => {
                const ofType = ofLevel.filter((i) => i.type === type);
                if (ofType.length === 0) return '';
                return (
                  <table class="catalogue services-items">
                    <caption>
                      {SERVICE_ITEM_TYPES[type].label}（{ofType.length}项）
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">事项名称</th>
                        <th scope="col">承诺时限</th>
                        <th scope="col">法定时限</th>
                        <th scope="col">办理窗口</th>
                        <th scope="col">在线办理</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ofType.map((i) => (
                        <tr>
                          <td>
                            <a href={serviceItemHref(agency.id, i.id)} safe>
                              {i.name}
                            </a>
                          </td>
                          <td safe>{limitText(i.promisedLimitDays, '—')}</td>
                          <td safe>{limitText(i.legalLimitDays, '无法定时限')}</td>
                          <td>
                            {i.windowId !== null && openWindows.has(i.windowId) ? (
                              <a href={serviceWindowHref(agency.id, i.windowId)} safe>
                                {i.window}
                              </a>
                            ) : (
                              <span safe>{i.window}</span>
                            )}
                          </td>
                          <td>{i.onlineUrl !== '' ? '可在线办理' : '到窗口办理'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                );
              })}
            </section>
          );
        })}
      </section>
    </PortalLayout>
  );
}

export function ServiceItemPage(props: {
  agency: Agency;
  item: PublicServiceItem;
  window: PublicServiceWindow | null;
}): JSX.Element {
  const { agency, item, window } = props;
  return (
    <PortalLayout title={item.name} agency={agency}>
      <Breadcrumb
        items={crumbs(agency, { label: '政务服务', href: servicesHref(agency.id) }, { label: item.name })}
      />
      <h1 safe>{item.name}</h1>
      <dl class="service-guide">
        <dt>事项类型</dt>
        <dd>{SERVICE_ITEM_TYPES[item.type].label}</dd>
        <dt>层级</dt>
        <dd>{SERVICE_LEVELS[item.level].label}</dd>
        <dt>办理依据</dt>
        <dd>
          <Lines text={item.basis} />
        </dd>
        <dt>受理条件</dt>
        <dd>
          <Lines text={item.conditions} />
        </dd>
        <dt>申请材料</dt>
        <dd>
          <ol>
            {item.materials.map((m) => (
              <li safe>{m}</li>
            ))}
          </ol>
        </dd>
        <dt>办理流程</dt>
        <dd>
          <Lines text={item.procedure} />
        </dd>
        <dt>法定时限</dt>
        <dd safe>{limitText(item.legalLimitDays, '法律法规未规定')}</dd>
        <dt>承诺时限</dt>
        <dd safe>{limitText(item.promisedLimitDays, '—')}</dd>
        <dt>收费标准</dt>
        <dd>{item.fee === null ? '不收费' : <Lines text={item.fee} />}</dd>
        <dt>办理窗口</dt>
        <dd>
          {window ? (
            <>
              <a href={serviceWindowHref(agency.id, window.id)} safe>
                {window.name}
              </a>
              <span safe>
                （{window.location}，{window.hours}）
              </span>
            </>
          ) : (
            <span safe>{item.window}</span>
          )}
        </dd>
        <dt>咨询电话</dt>
        <dd safe>{item.phone}</dd>
        <dt>在线办理</dt>
        <dd>
          {item.onlineUrl !== '' ? (
            <a href={item.onlineUrl} rel="noopener noreferrer external" safe>
              {item.onlineUrl}
            </a>
          ) : (
            '请到窗口办理'
          )}
        </dd>
        <dt>版本</dt>
        <dd>第 {item.version} 版</dd>
      </dl>
      <p>
        <a href={`${serviceItemHref(agency.id, item.id)}/qr`}>打印本事项的二维码</a>
      </p>
    </PortalLayout>
  );
}

export function ServiceWindowPage(props: {
  agency: Agency;
  window: PublicServiceWindow;
  openNow: boolean | null;
  items: readonly PublicServiceItem[];
  fromQr: boolean;
}): JSX.Element {
  const { agency, window, items } = props;
  return (
    <PortalLayout title={window.name} agency={agency}>
      <Breadcrumb
        items={crumbs(agency, { label: '政务服务', href: servicesHref(agency.id) }, { label: window.name })}
      />
      <h1 safe>{window.name}</h1>
      <dl class="service-guide">
        <dt>位置</dt>
        <dd safe>{window.location}</dd>
        <dt>办公时间</dt>
        <dd>
          <span safe>{window.hours}</span> <OpenNow open={props.openNow} />
          <br />
          <small>{HOLIDAY_NOTE}</small>
        </dd>
        <dt>咨询电话</dt>
        <dd safe>{window.phone}</dd>
      </dl>
      <ul class="actions service-actions">
        <li>
          <a class="button" href={rateHref(agency.id, window.id, props.fromQr)}>
            评价本窗口的服务
          </a>
        </li>
        <li>
          <a href={complainHref(agency.id, window.id)}>效能投诉</a>
        </li>
      </ul>
      <h2>本窗口办理的事项（{items.length}项）</h2>
      {items.length === 0 ? (
        <p>本窗口暂无公开的办理事项。</p>
      ) : (
        <ul class="service-items">
          {items.map((i) => (
            <li>
              <a href={serviceItemHref(agency.id, i.id)} safe>
                {i.name}
              </a>
              <span
                safe
              >{`（${SERVICE_LEVELS[i.level].label}，承诺时限${limitText(i.promisedLimitDays, '—')}）`}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`${serviceWindowHref(agency.id, window.id)}/qr`}>打印本窗口的二维码</a>
      </p>
    </PortalLayout>
  );
}

/** A printable sheet: the QR code large, what it leads to, and the address for those who type it. */
export function QrSheetPage(props: {
  agency: Agency;
  /** The window's or the item's name. */
  title: string;
  kind: 'window' | 'item';
  /** Back to the page the code leads to. */
  backHref: string;
  /** The absolute address the code encodes. */
  url: string;
  /** The inline SVG from qrSvg (escaped there). */
  safeSvg: string;
  svgHref: string;
  details: readonly { label: string; value: string }[];
}): JSX.Element {
  const { agency, safeSvg } = props;
  const what = props.kind === 'window' ? '扫码查看本窗口办理的事项，评价服务' : '扫码查看本事项的办事指南';
  return (
    <PortalLayout title={`${props.title}二维码`} agency={agency}>
      <Breadcrumb
        items={crumbs(
          agency,
          { label: '政务服务', href: servicesHref(agency.id) },
          { label: props.title, href: props.backHref },
          { label: '二维码' },
        )}
      />
      <div class="qr-sheet">
        <p class="qr-agency" safe>
          {agency.name}
        </p>
        <h1 safe>{props.title}</h1>
        <figure class="qr-code">
          {safeSvg}
          <figcaption>{what}</figcaption>
        </figure>
        <dl class="qr-details">
          {props.details.map((d) => (
            <>
              <dt safe>{d.label}</dt>
              <dd safe>{d.value}</dd>
            </>
          ))}
        </dl>
        <p class="qr-url" safe>
          {props.url}
        </p>
      </div>
      <p class="no-print">
        使用浏览器的“打印”功能打印本页（打印时只保留二维码和说明）；也可
        <a href={props.svgHref} download="">
          下载二维码图片（SVG）
        </a>
        用于排版。
      </p>
    </PortalLayout>
  );
}
