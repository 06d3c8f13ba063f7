// The back-office pages of the 政务服务事项 catalogue and the windows of the service hall: the
// catalogue with its counts and filters (withdrawn items apart), the item form and page with its
// versions, the windows and their form, the XLSX import with its row report and the confirm step.
import {
  catalogueCounts,
  type ImportOutcome,
  ITEM_FIELD_LABELS,
  ITEMS_SHEET,
  levelLabel,
  type RowProblem,
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_ITEM_TYPES,
  SERVICE_LEVEL_IDS,
  SERVICE_LEVELS,
  type ServiceItem,
  type ServiceItemField,
  type ServiceItemVersion,
  type StoredServiceItem,
  type StoredServiceWindow,
  WINDOWS_SHEET,
  type WindowField,
} from '../../services/index.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { Option } from './application-fields.tsx';
import type { Chrome } from './chrome.ts';
import { Choice, TextArea, TextInput } from './service-fields.tsx';
import type { FieldErrors, ItemFormValues, WindowFormValues } from './service-forms.ts';

const enc = encodeURIComponent;

export const servicesHref = (agencyId: string) => `/office/agencies/${enc(agencyId)}/services`;
export const serviceItemHref = (agencyId: string, itemId: string) =>
  `${servicesHref(agencyId)}/items/${enc(itemId)}`;
export const windowsHref = (agencyId: string) => `${servicesHref(agencyId)}/windows`;
export const windowHref = (agencyId: string, windowId: string) => `${windowsHref(agencyId)}/${enc(windowId)}`;
export const serviceImportHref = (agencyId: string) => `${servicesHref(agencyId)}/import`;

export interface AgencyRef {
  id: string;
  name: string;
}

const TITLE = '政务服务事项';

function crumbs(agency: AgencyRef, ...here: { label: string; href?: string }[]) {
  return [{ label: `${TITLE}（${agency.name}）`, href: servicesHref(agency.id) }, ...here];
}

const typeOptions: Option[] = SERVICE_ITEM_TYPE_IDS.map((t) => ({
  value: t,
  label: SERVICE_ITEM_TYPES[t].label,
}));
const levelOptions: Option[] = SERVICE_LEVEL_IDS.map((l) => ({ value: l, label: SERVICE_LEVELS[l].label }));

/** 承诺 / 法定 time limits as the hall prints them. */
export function limitsText(item: Pick<ServiceItem, 'promisedLimitDays' | 'legalLimitDays'>): string {
  const days = (n: number) => (n === 0 ? '即办' : `${n} 个工作日`);
  return `承诺 ${days(item.promisedLimitDays)}；法定 ${item.legalLimitDays === null ? '无' : days(item.legalLimitDays)}`;
}

function ItemsTable(props: {
  agency: AgencyRef;
  items: readonly StoredServiceItem[];
  caption: string;
}): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="cards">
        <caption safe>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">事项名称</th>
            <th scope="col">层级</th>
            <th scope="col">事项类型</th>
            <th scope="col">办理时限</th>
            <th scope="col">办理窗口</th>
            <th scope="col">版本</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr>
              <th scope="row" data-label="事项名称">
                <a href={serviceItemHref(props.agency.id, item.id)} safe>
                  {item.name}
                </a>
              </th>
              <td data-label="层级" safe>
                {levelLabel(item.level)}
              </td>
              <td data-label="事项类型">{SERVICE_ITEM_TYPES[item.type].label}</td>
              <td data-label="办理时限" safe>
                {limitsText(item)}
              </td>
              <td data-label="办理窗口" safe>
                {item.window}
              </td>
              <td data-label="版本" safe>
                {`第 ${item.version} 版`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CataloguePage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  /** Every item of the agency, for the counts. */
  all: readonly StoredServiceItem[];
  /** The items the filter selects. */
  items: readonly StoredServiceItem[];
  windows: readonly StoredServiceWindow[];
  filter: { level: string; window: string };
  canEdit: boolean;
  notice?: string;
}): JSX.Element {
  const { agency } = props;
  const counts = catalogueCounts(props.all);
  const offered = props.items.filter((i) => i.withdrawnAt === null);
  const withdrawn = props.items.filter((i) => i.withdrawnAt !== null);
  const windowOptions = props.windows.map((w) => ({
    value: w.id,
    label: w.closedAt === null ? w.name : `${w.name}（已关闭）`,
  }));
  return (
    <OfficeLayout {...props.chrome} title={TITLE}>
      <Breadcrumb items={[{ label: `${TITLE}（${agency.name}）` }]} />
      <h1 safe>{`${TITLE} — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <p>
        本机构公开的政务服务事项目录和便民服务大厅的窗口。事项内容的每次修改都保存为新的版本；撤回的事项不再对外公开，其历史版本、评价和投诉仍然保留。
      </p>
      <ul class="actions">
        {props.canEdit ? (
          <li>
            <a href={`${servicesHref(agency.id)}/items/new`}>新增事项</a>
          </li>
        ) : (
          ''
        )}
        <li>
          <a href={windowsHref(agency.id)}>服务窗口</a>
        </li>
        {props.canEdit ? (
          <>
            <li>
              <a href={serviceImportHref(agency.id)}>从 Excel 导入</a>
            </li>
            <li>
              <a href={`${servicesHref(agency.id)}/template.xlsx`}>下载导入模板</a>
            </li>
          </>
        ) : (
          ''
        )}
        <li>
          <a href={`${servicesHref(agency.id)}/export.xlsx`}>导出目录（Excel）</a>
        </li>
        {props.canEdit ? (
          <li>
            <a href={`/office/agencies/${enc(agency.id)}/service-events`}>办件登记</a>
          </li>
        ) : (
          ''
        )}
        <li>
          <a href={`/office/agencies/${enc(agency.id)}/complaints`}>效能投诉</a>
        </li>
      </ul>
      <div class="table-wrap">
        <table>
          <caption
            safe
          >{`公开的事项共 ${counts.offered} 项${counts.withdrawn > 0 ? `，另有已撤回 ${counts.withdrawn} 项` : ''}`}</caption>
          <thead>
            <tr>
              <th scope="col">事项类型</th>
              {SERVICE_LEVEL_IDS.map((l) => (
                <th scope="col">{SERVICE_LEVELS[l].label}</th>
              ))}
              <th scope="col">合计</th>
            </tr>
          </thead>
          <tbody>
            {SERVICE_ITEM_TYPE_IDS.map((t) => (
              <tr>
                <th scope="row">{SERVICE_ITEM_TYPES[t].label}</th>
                {SERVICE_LEVEL_IDS.map((l) => (
                  <td safe>{String(counts.byLevelAndType[l][t])}</td>
                ))}
                <td safe>{String(counts.byType[t])}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">合计</th>
              {SERVICE_LEVEL_IDS.map((l) => (
                <td safe>{String(counts.byLevel[l])}</td>
              ))}
              <td safe>{String(counts.offered)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <form method="get" action={servicesHref(agency.id)} class="inline-form">
        <Choice
          form="filter"
          name="level"
          label="层级"
          value={props.filter.level}
          blank="全部"
          options={levelOptions}
        />
        <Choice
          form="filter"
          name="window"
          label="办理窗口"
          value={props.filter.window}
          blank="全部"
          options={windowOptions}
        />
        <button type="submit">筛选</button>
      </form>
      {offered.length === 0 ? (
        <p>没有符合条件的公开事项。</p>
      ) : (
        <ItemsTable agency={agency} items={offered} caption={`公开的事项 ${offered.length} 项`} />
      )}
      {withdrawn.length === 0 ? (
        ''
      ) : (
        <section aria-labelledby="withdrawn-title">
          <h2 id="withdrawn-title">已撤回的事项</h2>
          <ItemsTable
            agency={agency}
            items={withdrawn}
            caption={`已撤回 ${withdrawn.length} 项（不对外公开）`}
          />
        </section>
      )}
    </OfficeLayout>
  );
}

function ItemFields(props: {
  values: ItemFormValues;
  errors: FieldErrors<ServiceItemField>;
  windows: readonly StoredServiceWindow[];
}): JSX.Element {
  const v = props.values;
  const e = props.errors;
  const f = 'item';
  const open = props.windows
    .filter((w) => w.closedAt === null)
    .map((w) => ({ value: w.name, label: w.name }));
  // A window the form came back with that is no longer open stays selectable, with its problem beside it.
  const windowOptions =
    v.window !== '' && !open.some((o) => o.value === v.window)
      ? [...open, { value: v.window, label: v.window }]
      : open;
  const L = ITEM_FIELD_LABELS;
  return (
    <>
      <TextInput form={f} name="name" label={L.name} value={v.name} error={e.name} required maxlength={100} />
      <Choice
        form={f}
        name="type"
        label={L.type}
        value={v.type}
        blank="请选择"
        options={typeOptions}
        error={e.type}
      />
      <Choice
        form={f}
        name="level"
        label={L.level}
        value={v.level}
        blank="请选择"
        options={levelOptions}
        error={e.level}
      />
      <TextArea form={f} name="basis" label={L.basis} value={v.basis} error={e.basis} rows={3} required />
      <TextArea
        form={f}
        name="conditions"
        label={L.conditions}
        value={v.conditions}
        error={e.conditions}
        rows={4}
        required
      />
      <TextArea
        form={f}
        name="materials"
        label={L.materials}
        hint="每行填写一项材料。"
        value={v.materials}
        error={e.materials}
        rows={6}
        required
      />
      <TextArea
        form={f}
        name="procedure"
        label={L.procedure}
        value={v.procedure}
        error={e.procedure}
        rows={3}
        required
      />
      <TextInput
        form={f}
        name="legalLimitDays"
        label="法定时限（工作日）"
        hint="法律法规规定的办理时限；没有法定时限的不填。"
        value={v.legalLimitDays}
        error={e.legalLimitDays}
        inputmode="numeric"
        maxlength={10}
      />
      <TextInput
        form={f}
        name="promisedLimitDays"
        label="承诺时限（工作日）"
        hint="即办填 0；不能长于法定时限。"
        value={v.promisedLimitDays}
        error={e.promisedLimitDays}
        inputmode="numeric"
        maxlength={10}
        required
      />
      <TextArea
        form={f}
        name="fee"
        label={L.fee}
        hint="不收费的不填或填“不收费”；收费的填写收费标准及依据。"
        value={v.fee}
        error={e.fee}
        rows={2}
      />
      <Choice
        form={f}
        name="window"
        label={L.window}
        hint={open.length === 0 ? '本机构还没有开放的窗口，请先添加窗口。' : undefined}
        value={v.window}
        blank="请选择"
        options={windowOptions}
        error={e.window}
      />
      <TextInput
        form={f}
        name="phone"
        label={L.phone}
        hint="带区号的固定电话（如 0391-6612345）、12345 等服务热线或手机号码，多个号码用“、”分隔。"
        value={v.phone}
        error={e.phone}
        maxlength={60}
        required
      />
      <TextInput
        form={f}
        name="onlineUrl"
        label="在线办理地址（可不填）"
        hint="以 https:// 开头；只能到窗口办理的不填。"
        value={v.onlineUrl}
        error={e.onlineUrl}
        maxlength={500}
      />
    </>
  );
}

export function ItemFormPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  /** The stored item when showing one; absent for a new one. */
  item?: StoredServiceItem;
  versions?: readonly ServiceItemVersion[];
  windows: readonly StoredServiceWindow[];
  values: ItemFormValues;
  errors?: FieldErrors<ServiceItemField>;
  summary?: readonly string[];
  canEdit: boolean;
  notice?: string;
}): JSX.Element {
  const { agency, item } = props;
  const title = item ? '事项详情' : '新增事项';
  const action = item ? serviceItemHref(agency.id, item.id) : `${servicesHref(agency.id)}/items`;
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <Breadcrumb items={crumbs(agency, { label: title })} />
      <h1 safe>{item ? item.name : `${title} — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.summary ?? []} />
      {item ? (
        <dl class="facts">
          <dt>状态</dt>
          <dd safe>{item.withdrawnAt === null ? '公开' : `已撤回（${item.withdrawnAt.slice(0, 10)}）`}</dd>
          <dt>当前版本</dt>
          <dd safe>{`第 ${item.version} 版（${item.updatedAt.slice(0, 10)}）`}</dd>
          <dt>办理窗口</dt>
          <dd safe>{item.window}</dd>
          <dt>办理时限</dt>
          <dd safe>{limitsText(item)}</dd>
        </dl>
      ) : (
        ''
      )}
      {props.canEdit ? (
        <form method="post" action={action} class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <input type="hidden" name="version" value={props.values.version} />
          <ItemFields values={props.values} errors={props.errors ?? {}} windows={props.windows} />
          <button type="submit">{item ? '保存修改（内容有变化时保存为新版本）' : '添加事项'}</button>
        </form>
      ) : (
        ''
      )}
      {item && props.canEdit ? (
        <form method="post" action={`${serviceItemHref(agency.id, item.id)}/withdrawal`} class="stacked">
          <h2>{item.withdrawnAt === null ? '撤回事项' : '恢复事项'}</h2>
          <p>
            {item.withdrawnAt === null
              ? '撤回后该事项不再对外公开，历史版本、评价和投诉仍然保留，可随时恢复。'
              : '恢复后该事项重新对外公开，其办理窗口须为开放的窗口。'}
          </p>
          <CsrfField token={props.chrome.csrfToken} />
          <input type="hidden" name="withdrawn" value={item.withdrawnAt === null ? '1' : '0'} />
          <button type="submit">{item.withdrawnAt === null ? '撤回该事项' : '恢复该事项'}</button>
        </form>
      ) : (
        ''
      )}
      {item && !props.canEdit ? <ItemContent item={item} /> : ''}
      {props.versions && props.versions.length > 0 ? <Versions versions={props.versions} /> : ''}
    </OfficeLayout>
  );
}

function ItemContent(props: { item: ServiceItem }): JSX.Element {
  const i = props.item;
  const L = ITEM_FIELD_LABELS;
  return (
    <dl class="facts">
      <dt safe>{L.name}</dt>
      <dd safe>{i.name}</dd>
      <dt safe>{L.type}</dt>
      <dd>{SERVICE_ITEM_TYPES[i.type].label}</dd>
      <dt safe>{L.level}</dt>
      <dd safe>{levelLabel(i.level)}</dd>
      <dt safe>{L.basis}</dt>
      <dd class="pre" safe>
        {i.basis}
      </dd>
      <dt safe>{L.conditions}</dt>
      <dd class="pre" safe>
        {i.conditions}
      </dd>
      <dt safe>{L.materials}</dt>
      <dd>
        <ol>
          {i.materials.map((m) => (
            <li safe>{m}</li>
          ))}
        </ol>
      </dd>
      <dt safe>{L.procedure}</dt>
      <dd class="pre" safe>
        {i.procedure}
      </dd>
      <dt>办理时限</dt>
      <dd safe>{limitsText(i)}</dd>
      <dt safe>{L.fee}</dt>
      <dd class="pre" safe>
        {i.fee ?? '不收费'}
      </dd>
      <dt safe>{L.window}</dt>
      <dd safe>{i.window}</dd>
      <dt safe>{L.phone}</dt>
      <dd safe>{i.phone}</dd>
      <dt safe>{L.onlineUrl}</dt>
      <dd safe>{i.onlineUrl === '' ? '仅窗口办理' : i.onlineUrl}</dd>
    </dl>
  );
}

function Versions(props: { versions: readonly ServiceItemVersion[] }): JSX.Element {
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">历史版本</h2>
      {props.versions.map((v) => (
        <details>
          <summary
            safe
          >{`第 ${v.version} 版 · ${v.changedAt.slice(0, 10)} · ${v.source === 'import' ? 'Excel 导入' : '页面填写'}`}</summary>
          <ItemContent item={v.item} />
        </details>
      ))}
    </section>
  );
}

export function WindowsPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  windows: readonly StoredServiceWindow[];
  /** Offered items per window id. */
  itemCounts: ReadonlyMap<string, number>;
  canEdit: boolean;
  notice?: string;
}): JSX.Element {
  const { agency } = props;
  const row = (w: StoredServiceWindow) => (
    <tr>
      <th scope="row" data-label="窗口名称">
        <a href={windowHref(agency.id, w.id)} safe>
          {w.name}
        </a>
      </th>
      <td data-label="办公时间" safe>
        {w.hours}
      </td>
      <td data-label="咨询电话" safe>
        {w.phone}
      </td>
      <td data-label="窗口位置" safe>
        {w.location}
      </td>
      <td data-label="办理事项" safe>
        {`${props.itemCounts.get(w.id) ?? 0} 项`}
      </td>
      <td data-label="状态" safe>
        {w.closedAt === null ? '开放' : `已关闭（${w.closedAt.slice(0, 10)}）`}
      </td>
    </tr>
  );
  return (
    <OfficeLayout {...props.chrome} title="服务窗口">
      <Breadcrumb items={crumbs(agency, { label: '服务窗口' })} />
      <h1 safe>{`服务窗口 — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      {props.canEdit ? (
        <ul class="actions">
          <li>
            <a href={`${windowsHref(agency.id)}/new`}>添加窗口</a>
          </li>
        </ul>
      ) : (
        ''
      )}
      {props.windows.length === 0 ? (
        <p>还没有窗口。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption safe>{`共 ${props.windows.length} 个窗口，按排列顺序`}</caption>
            <thead>
              <tr>
                <th scope="col">窗口名称</th>
                <th scope="col">办公时间</th>
                <th scope="col">咨询电话</th>
                <th scope="col">窗口位置</th>
                <th scope="col">办理事项</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>{props.windows.map(row)}</tbody>
          </table>
        </div>
      )}
    </OfficeLayout>
  );
}

export function WindowFormPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  window?: StoredServiceWindow;
  /** The window's offered items. */
  items?: readonly StoredServiceItem[];
  values: WindowFormValues;
  errors?: FieldErrors<WindowField>;
  summary?: readonly string[];
  canEdit: boolean;
  notice?: string;
}): JSX.Element {
  const { agency, window } = props;
  const title = window ? '窗口详情' : '添加窗口';
  const v = props.values;
  const e = props.errors ?? {};
  const f = 'window';
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <Breadcrumb
        items={crumbs(agency, { label: '服务窗口', href: windowsHref(agency.id) }, { label: title })}
      />
      <h1 safe>{window ? window.name : `${title} — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.summary ?? []} />
      {window ? (
        <dl class="facts">
          <dt>状态</dt>
          <dd safe>{window.closedAt === null ? '开放' : `已关闭（${window.closedAt.slice(0, 10)}）`}</dd>
          <dt>办公时间</dt>
          <dd safe>{window.hours}</dd>
          <dt>咨询电话</dt>
          <dd safe>{window.phone}</dd>
          <dt>窗口位置</dt>
          <dd safe>{window.location}</dd>
        </dl>
      ) : (
        ''
      )}
      {props.canEdit ? (
        <form
          method="post"
          action={window ? windowHref(agency.id, window.id) : windowsHref(agency.id)}
          class="stacked"
        >
          <CsrfField token={props.chrome.csrfToken} />
          <TextInput
            form={f}
            name="name"
            label="窗口名称"
            value={v.name}
            error={e.name}
            required
            maxlength={50}
          />
          <TextInput
            form={f}
            name="hours"
            label="办公时间"
            hint="如“周一至周五 8:30-12:00，14:30-17:30；周六 9:00-12:00”。"
            value={v.hours}
            error={e.hours}
            required
            maxlength={200}
          />
          <TextInput
            form={f}
            name="phone"
            label="咨询电话"
            hint="带区号的固定电话（如 0391-6612345）、12345 等服务热线或手机号码。"
            value={v.phone}
            error={e.phone}
            required
            maxlength={60}
          />
          <TextInput
            form={f}
            name="location"
            label="窗口位置"
            hint="如“便民服务大厅一楼 3 号窗口”。"
            value={v.location}
            error={e.location}
            required
            maxlength={100}
          />
          <TextInput
            form={f}
            name="position"
            label="排列顺序（可不填）"
            hint="数字小的排在前面；不填时排在最后。"
            value={v.position}
            error={e.position}
            inputmode="numeric"
            maxlength={4}
          />
          <button type="submit">{window ? '保存修改' : '添加窗口'}</button>
        </form>
      ) : (
        ''
      )}
      {window && props.canEdit ? (
        <form method="post" action={`${windowHref(agency.id, window.id)}/closed`} class="stacked">
          <h2>{window.closedAt === null ? '关闭窗口' : '重新开放窗口'}</h2>
          <p>
            {window.closedAt === null
              ? '关闭后该窗口不再对外列出，已有的评价和投诉仍然保留。还在办理事项的窗口不能关闭，请先将事项改到其他窗口或撤回。'
              : '重新开放后该窗口对外列出，可以再选作事项的办理窗口。'}
          </p>
          <CsrfField token={props.chrome.csrfToken} />
          <input type="hidden" name="closed" value={window.closedAt === null ? '1' : '0'} />
          <button type="submit">{window.closedAt === null ? '关闭该窗口' : '重新开放该窗口'}</button>
        </form>
      ) : (
        ''
      )}
      {window ? (
        <section aria-labelledby="window-items">
          <h2 id="window-items">在该窗口办理的事项</h2>
          {(props.items ?? []).length === 0 ? (
            <p>没有在该窗口办理的公开事项。</p>
          ) : (
            <ul>
              {(props.items ?? []).map((i) => (
                <li>
                  <a href={serviceItemHref(agency.id, i.id)} safe>
                    {`${i.name}（${levelLabel(i.level)}）`}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

export interface ServiceImportReport {
  problems: readonly RowProblem[];
  /** Filled rows of the items sheet and of the windows sheet. */
  total: number;
  totalWindows: number;
  outcomes: readonly { row: number; name: string; outcome: ImportOutcome }[];
  windowOutcomes: readonly { row: number; name: string; outcome: ImportOutcome }[];
  /** The uploaded file (base64) for the accept form to carry back; null when too large for a form. */
  file: string | null;
}

const OUTCOME_LABELS: Record<ImportOutcome, string> = {
  created: '新增',
  changed: '修改（保存为新版本）',
  unchanged: '无变化',
};

export function ServiceImportPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  uploadLimit: string;
  report?: ServiceImportReport;
  errors?: readonly string[];
  notice?: string;
}): JSX.Element {
  const { agency, report } = props;
  const action = `${serviceImportHref(agency.id)}?${CSRF_FIELD}=${enc(props.chrome.csrfToken)}`;
  const validItems = report?.outcomes.length ?? 0;
  const validWindows = report?.windowOutcomes.length ?? 0;
  const valid = validItems + validWindows;
  const tally = (o: ImportOutcome) => report?.outcomes.filter((x) => x.outcome === o).length ?? 0;
  const outcomes = report
    ? [
        ...report.windowOutcomes.map((o) => ({ ...o, sheet: WINDOWS_SHEET })),
        ...report.outcomes.map((o) => ({ ...o, sheet: ITEMS_SHEET })),
      ]
    : [];
  return (
    <OfficeLayout {...props.chrome} title="从 Excel 导入事项">
      <Breadcrumb items={crumbs(agency, { label: '从 Excel 导入' })} />
      <h1 safe>{`从 Excel 导入事项 — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.errors ?? []} />
      {report ? (
        <section class="panel" aria-labelledby="report-title">
          <h2 id="report-title">检查结果：未导入任何内容</h2>
          <p safe>
            {`“${ITEMS_SHEET}”共 ${report.total} 行，其中无误 ${validItems} 行（新增 ${tally('created')} 项、修改 ${tally('changed')} 项、无变化 ${tally('unchanged')} 项），有误 ${report.total - validItems} 行。`}
          </p>
          {report.totalWindows > 0 ? (
            <p
              safe
            >{`“${WINDOWS_SHEET}”共 ${report.totalWindows} 行，其中无误 ${validWindows} 行，有误 ${report.totalWindows - validWindows} 行。`}</p>
          ) : (
            ''
          )}
          <p>以下各处有误：</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">工作表</th>
                  <th scope="col">行</th>
                  <th scope="col">列</th>
                  <th scope="col">问题</th>
                </tr>
              </thead>
              <tbody>
                {report.problems.map((p) => (
                  <tr>
                    <td safe>{p.sheet}</td>
                    <td safe>{`第 ${p.row} 行`}</td>
                    <td safe>{p.column}</td>
                    <td safe>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {valid > 0 ? (
            <details>
              <summary safe>{`无误的 ${valid} 行导入后的结果`}</summary>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">工作表</th>
                      <th scope="col">行</th>
                      <th scope="col">名称</th>
                      <th scope="col">结果</th>
                    </tr>
                  </thead>
                  <tbody>
                    {outcomes.map((o) => (
                      <tr>
                        <td safe>{o.sheet}</td>
                        <td safe>{`第 ${o.row} 行`}</td>
                        <td safe>{o.name}</td>
                        <td safe>{OUTCOME_LABELS[o.outcome]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : (
            ''
          )}
          <p>可以改正后重新上传；也可以只导入无误的行，有误的行不导入。</p>
          {valid > 0 && report.file !== null ? (
            <form method="post" action={`${serviceImportHref(agency.id)}/accept`} class="stacked">
              <CsrfField token={props.chrome.csrfToken} />
              <input type="hidden" name="file" value={report.file} />
              <input type="hidden" name="count" value={String(valid)} />
              <button type="submit" safe>
                {`只导入有效的 ${valid} 行`}
              </button>
            </form>
          ) : valid > 0 ? (
            <p>文件过大，无法在此确认导入，请改正有误的行后重新上传。</p>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      <ol>
        <li>
          <a href={`${servicesHref(agency.id)}/template.xlsx`}>下载导入模板（Excel）</a>
          ，按“说明”工作表填写；也可以<a href={`${servicesHref(agency.id)}/export.xlsx`}>导出现有目录</a>
          修改后导入。
        </li>
        <li>
          办理窗口须填写本机构已有的开放窗口名称，或在“服务窗口”工作表中一并填写的窗口（窗口先于事项导入；已有的同名窗口按表中内容更新）。
        </li>
        <li>
          已有的事项（层级和事项名称相同）内容有变化的保存为新版本，没有变化的不作改动；版本号一列仅供参考，由系统自动递增。
        </li>
        <li
          safe
        >{`上传填写好的 .xlsx 文件（不超过 ${props.uploadLimit}）。任何一行有误时不导入任何内容，并列出每个有误之处。`}</li>
      </ol>
      <form method="post" action={action} enctype="multipart/form-data" class="stacked">
        <div class="field">
          <label for="import-file">导入文件（.xlsx）</label>
          <input
            type="file"
            id="import-file"
            name="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
          />
        </div>
        <button type="submit">上传并检查</button>
      </form>
    </OfficeLayout>
  );
}
