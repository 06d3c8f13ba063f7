// The back office's pages of 主动公开: the agency's items with their phase and the 条例第二十六条
// flag, the draft form (new, edit), an item with its timeline, findings, versions and the forms its
// state and the user's roles allow, the 保密审查 page, and the catalogue editor. No scripts: every
// choice is a plain form. Every dynamic text is escaped; the one HTML printed as it is is the
// item's body, sanitized to an allow-list by the disclosures core before it was stored.
import {
  ACCEPTED_KINDS_LABEL,
  type CatalogueCategory,
  CHANNEL_IDS,
  CHANNELS,
  type ChannelCounts,
  describeFinding,
  type ExternalPublication,
  type FieldFinding,
  type ItemListEntry,
  LINKED_CHANNELS,
  MAX_ATTACHMENTS,
  PUBLICATION_ARTICLE,
  REVIEW_CHECKLIST,
  type StaffItemView,
  THEMES,
  VALIDITIES,
} from '../../disclosures/index.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { itemHref as portalItemHref } from '../portal/item-pages.tsx';
import {
  Area,
  type FailedForm,
  FormErrors,
  Input,
  type Option,
  Select,
  valuesOf,
} from './application-fields.tsx';
import type { FormFields } from './application-forms.ts';
import type { Chrome } from './chrome.ts';
import { type ItemForm, type ListFilters, STATUS_FILTERS } from './item-forms.ts';

const enc = encodeURIComponent;

export interface Agency {
  id: string;
  name: string;
}

export function itemsHref(agencyId: string): string {
  return `/office/agencies/${enc(agencyId)}/items`;
}

export function newItemHref(agencyId: string): string {
  return `${itemsHref(agencyId)}/new`;
}

export function itemHref(agencyId: string, itemId: string): string {
  return `${itemsHref(agencyId)}/${enc(itemId)}`;
}

export function channelsHref(agencyId: string): string {
  return `${itemsHref(agencyId)}/channels`;
}

/** The registrations of a year (the page), or of the current year without one. */
export function channelListHref(agencyId: string, year?: number): string {
  return `${channelsHref(agencyId)}${year === undefined ? '' : `?year=${year}`}`;
}

export function channelRemoveHref(agencyId: string): string {
  return `${channelsHref(agencyId)}/remove`;
}

export function catalogueHref(agencyId: string): string {
  return `/office/agencies/${enc(agencyId)}/catalogue`;
}

export function itemAttachmentHref(agencyId: string, itemId: string, attachmentId: string): string {
  return `${itemHref(agencyId, itemId)}/attachments/${enc(attachmentId)}`;
}

/** An ISO instant in Beijing time, to the minute: 2026-03-02 10:00. */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function sizeText(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** The 条例第二十六条 flag in words, never by colour alone. */
export const LATE_WORDS = '已超过二十个工作日';

function lateText(entry: {
  late: boolean;
  dueOn: string;
  publishedOn: string | null;
  status: string;
}): string {
  if (entry.status === 'withdrawn') return '—';
  if (entry.late) return entry.publishedOn ? `${LATE_WORDS}（逾期公开）` : `${LATE_WORDS}仍未公开`;
  return entry.publishedOn ? '按期公开' : `应于${entry.dueOn}前公开`;
}

function categoryOptions(
  categories: readonly CatalogueCategory[],
  current: string,
): { label: string; options: Option[] }[] {
  const groups = new Map<string, Option[]>();
  for (const c of categories) {
    if (c.hidden && c.code !== current) continue;
    const list = groups.get(c.groupLabel) ?? [];
    list.push({ value: c.code, label: c.name });
    groups.set(c.groupLabel, list);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

// ---------------------------------------------------------------------------------------------
// The list

export interface ItemListProps {
  chrome: Chrome;
  agency: Agency;
  filters: ListFilters;
  categories: readonly CatalogueCategory[];
  total: number;
  page: number;
  pageSize: number;
  items: readonly ItemListEntry[];
  countsYear: number;
  counts: ChannelCounts;
  canEdit: boolean;
  canEditCatalogue: boolean;
  today: string;
  notice?: string;
  failed?: FailedForm;
}

export function ItemListPage(props: ItemListProps): JSX.Element {
  const title = `主动公开 — ${props.agency.name}`;
  const names = new Map(props.categories.map((c) => [c.code, c.name]));
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const f = props.filters;
  const query = (page: number) => {
    const q = new URLSearchParams();
    if (f.status) q.set('status', f.status);
    if (f.categoryCode) q.set('category', f.categoryCode);
    if (f.year !== null) q.set('year', String(f.year));
    if (f.late) q.set('late', '1');
    q.set('page', String(page));
    return `${itemsHref(props.agency.id)}?${q.toString()}`;
  };
  const years: Option[] = [];
  const thisYear = Number(props.today.slice(0, 4));
  for (let y = thisYear; y >= thisYear - 10; y--) years.push({ value: String(y), label: `${y}年` });
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <h1 safe>{title}</h1>
      <Notice message={props.notice} />
      <ul class="actions">
        {props.canEdit ? (
          <li>
            <a class="button" href={newItemHref(props.agency.id)}>
              起草新信息
            </a>
          </li>
        ) : (
          ''
        )}
        {props.canEditCatalogue ? (
          <li>
            <a href={catalogueHref(props.agency.id)}>编辑公开目录栏目</a>
          </li>
        ) : (
          ''
        )}
      </ul>
      <form method="get" action={itemsHref(props.agency.id)} class="actions">
        <Select
          form="filter"
          name="status"
          label="状态"
          value={f.status}
          options={STATUS_FILTERS.map((s) => ({ value: s.value, label: s.label }))}
        />
        <Select
          form="filter"
          name="category"
          label="公开目录栏目"
          value={f.categoryCode}
          blank="全部"
          groups={categoryOptions(props.categories, f.categoryCode)}
        />
        <Select
          form="filter"
          name="year"
          label="成文年份"
          value={f.year === null ? '' : String(f.year)}
          blank="全部"
          options={years}
        />
        <div class="choice">
          <input type="checkbox" id="filter-late" name="late" value="1" checked={f.late} />
          <label for="filter-late">{`仅看${LATE_WORDS}的（${PUBLICATION_ARTICLE}）`}</label>
        </div>
        <button type="submit" class="secondary">
          筛选
        </button>
      </form>
      <p safe>{`共 ${props.total} 条。`}</p>
      {props.items.length === 0 ? (
        <p>没有符合条件的信息。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption>主动公开信息（最近更新的在前）</caption>
            <thead>
              <tr>
                <th scope="col">索引号</th>
                <th scope="col">标题</th>
                <th scope="col">栏目</th>
                <th scope="col">状态</th>
                <th scope="col">成文日期</th>
                <th scope="col">{`公开时限（${PUBLICATION_ARTICLE}）`}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((item) => (
                <tr
                  id={`item-${item.id}`}
                  class={item.late && item.status !== 'withdrawn' ? 'overdue' : undefined}
                >
                  <td data-label="索引号" safe>
                    {item.indexNumber ?? '（发布时生成）'}
                  </td>
                  <th scope="row" data-label="标题">
                    <a href={itemHref(props.agency.id, item.id)} safe>
                      {item.title}
                    </a>
                  </th>
                  <td data-label="栏目" safe>
                    {names.get(item.categoryCode) ?? item.categoryCode}
                  </td>
                  <td data-label="状态" safe>
                    {`${item.statusLabel}${item.version > 1 ? `（第${item.version}版）` : ''}`}
                  </td>
                  <td data-label="成文日期" safe>
                    {item.formedOn}
                  </td>
                  <td data-label="公开时限">
                    {item.late && item.status !== 'withdrawn' ? (
                      <strong safe>{`【${lateText(item)}】`}</strong>
                    ) : (
                      <span safe>{lateText(item)}</span>
                    )}
                    {item.dueProvisional ? <span class="hint">（暂定）</span> : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label="分页">
          {props.page > 1 ? (
            <a href={query(props.page - 1)} rel="prev">
              上一页
            </a>
          ) : (
            ''
          )}{' '}
          <span safe>{`第${props.page}页，共${pages}页`}</span>{' '}
          {props.page < pages ? (
            <a href={query(props.page + 1)} rel="next">
              下一页
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
      <section class="panel" aria-labelledby="channels-title">
        <h2 id="channels-title" safe>{`${props.countsYear}年主动公开信息的发布渠道`}</h2>
        <p class="muted">
          政府网站的数量为当年首次发布且未撤回的信息；其他渠道为登记的发布记录。年度报告按此统计。
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">渠道</th>
              <th scope="col">条数</th>
            </tr>
          </thead>
          <tbody>
            {CHANNEL_IDS.map((c) => (
              <tr id={`channel-${c}`}>
                <th scope="row">{CHANNELS[c]}</th>
                <td safe>{String(props.counts[c])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href={channelListHref(props.agency.id, props.countsYear)} safe>
            {`查看${props.countsYear}年其他渠道的发布登记${props.canEdit ? '（可删除登记错误的记录）' : ''}`}
          </a>
        </p>
        {props.canEdit ? (
          <ChannelForm
            chrome={props.chrome}
            agency={props.agency}
            today={props.today}
            failed={props.failed}
          />
        ) : (
          ''
        )}
      </section>
    </OfficeLayout>
  );
}

function ChannelForm(props: {
  chrome: Chrome;
  agency: Agency;
  today: string;
  failed: FailedForm | undefined;
  item?: { id: string; title: string };
}): JSX.Element {
  const form = 'channel';
  const v = valuesOf(props.failed, form);
  return (
    <form method="post" action={channelsHref(props.agency.id)} class="stacked" id={form}>
      <h3>登记在其他渠道的发布</h3>
      <p class="hint" safe>
        {`在政务微信公众号、政务微博等渠道发布的信息，请逐条登记，以便年度报告的统计完整。${LINKED_CHANNELS.map((c) => CHANNELS[c]).join('、')}须填写链接。`}
      </p>
      <FormErrors failed={props.failed} form={form} />
      <CsrfField token={props.chrome.csrfToken} />
      {props.item ? <input type="hidden" name="itemId" value={props.item.id} /> : ''}
      <Select
        form={form}
        name="channel"
        label="发布渠道"
        value={v.get('channel', 'wechat')}
        options={CHANNEL_IDS.filter((c) => c !== 'portal').map((c) => ({ value: c, label: CHANNELS[c] }))}
      />
      <Input
        form={form}
        name="title"
        label="标题"
        value={v.get('title', props.item?.title ?? '')}
        maxlength={200}
      />
      <Input form={form} name="url" label="链接" value={v.get('url')} hint="以 https:// 或 http:// 开头" />
      <Input
        form={form}
        name="publishedOn"
        label="发布日期"
        type="date"
        value={v.get('publishedOn', props.today)}
      />
      <button type="submit">登记</button>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// The registrations of publications elsewhere

export interface ExternalPublicationsProps {
  chrome: Chrome;
  agency: Agency;
  year: number;
  today: string;
  publications: readonly ExternalPublication[];
  /** More registrations than shown. */
  more: boolean;
  counts: ChannelCounts;
  canEdit: boolean;
  notice?: string;
}

export function ExternalPublicationsPage(props: ExternalPublicationsProps): JSX.Element {
  const { agency } = props;
  const title = `${props.year}年其他渠道的发布登记 — ${agency.name}`;
  const years: Option[] = [];
  const thisYear = Number(props.today.slice(0, 4));
  for (let y = thisYear; y >= thisYear - 10; y--) years.push({ value: String(y), label: `${y}年` });
  if (!years.some((y) => y.value === String(props.year)))
    years.push({ value: String(props.year), label: `${props.year}年` });
  const registered = CHANNEL_IDS.filter((c) => c !== 'portal');
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <Breadcrumb
        items={[
          { label: `主动公开 — ${agency.name}`, href: itemsHref(agency.id) },
          { label: '其他渠道的发布登记' },
        ]}
      />
      <h1 safe>{title}</h1>
      <Notice message={props.notice} />
      <p>
        在政务微信公众号、政务微博等渠道发布的信息逐条登记后计入年度报告的发布渠道统计。登记错误的记录可以删除后重新登记；删除会记入审计日志。
      </p>
      <form method="get" action={channelsHref(agency.id)} class="actions">
        <Select form="channel-year" name="year" label="发布年份" value={String(props.year)} options={years} />
        <button type="submit" class="secondary">
          查看
        </button>
      </form>
      <p id="channel-totals" safe>
        {`${props.year}年登记：${registered.map((c) => `${CHANNELS[c]}${props.counts[c]}条`).join('，')}。`}
      </p>
      {props.publications.length === 0 ? (
        <p>这一年没有登记的发布记录。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption safe>{`${props.year}年登记的发布记录（发布日期新的在前）`}</caption>
            <thead>
              <tr>
                <th scope="col">发布日期</th>
                <th scope="col">渠道</th>
                <th scope="col">标题</th>
                <th scope="col">链接</th>
                <th scope="col">关联的信息</th>
                <th scope="col">登记人</th>
                {props.canEdit ? <th scope="col">操作</th> : ''}
              </tr>
            </thead>
            <tbody>
              {props.publications.map((p) => (
                <tr id={`publication-${p.id}`}>
                  <td data-label="发布日期" safe>
                    {p.publishedOn}
                  </td>
                  <td data-label="渠道">{CHANNELS[p.channel]}</td>
                  <th scope="row" data-label="标题" id={`publication-${p.id}-title`} safe>
                    {p.title}
                  </th>
                  <td data-label="链接">
                    {p.url === null ? (
                      '—'
                    ) : (
                      <a href={p.url} rel="noopener noreferrer" safe>
                        {p.url}
                      </a>
                    )}
                  </td>
                  <td data-label="关联的信息">
                    {p.item === null ? (
                      '—'
                    ) : (
                      <a href={itemHref(agency.id, p.item.id)} safe>
                        {p.item.title}
                      </a>
                    )}
                  </td>
                  <td data-label="登记人" safe>
                    {`${p.registeredBy ?? '（未知）'}，${beijingTime(p.registeredAt)}`}
                  </td>
                  {props.canEdit ? (
                    <td data-label="操作">
                      <form method="post" action={channelRemoveHref(agency.id)}>
                        <CsrfField token={props.chrome.csrfToken} />
                        <input type="hidden" name="publicationId" value={p.id} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-describedby={`publication-${p.id}-title`}
                        >
                          删除
                        </button>
                      </form>
                    </td>
                  ) : (
                    ''
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.more ? (
        <p
          class="hint"
          safe
        >{`登记较多，只列出最近的${props.publications.length}条；统计数包括全部登记。`}</p>
      ) : (
        ''
      )}
      {props.canEdit ? (
        <p>
          <a href={`${itemsHref(agency.id)}?year=${props.year}#channel`}>登记新的发布记录</a>
        </p>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// The draft form

export interface DraftFormProps {
  chrome: Chrome;
  agency: Agency;
  categories: readonly CatalogueCategory[];
  today: string;
  /** The item being edited; absent: a new draft. */
  item?: StaffItemView;
  /** What was typed, when the form came back with problems. */
  values?: FormFields;
  errors?: readonly string[];
}

function contentValues(item: StaffItemView | undefined, today: string): Record<string, string> {
  if (!item)
    return {
      title: '',
      documentNumber: '',
      formedOn: today,
      categoryCode: '',
      theme: '',
      validity: 'valid',
      summary: '',
      bodyHtml: '',
      keywords: '',
    };
  const c = item.content;
  return {
    title: c.title,
    documentNumber: c.documentNumber ?? '',
    formedOn: c.formedOn,
    categoryCode: c.categoryCode,
    theme: c.theme ?? '',
    validity: c.validity,
    summary: c.summary,
    bodyHtml: c.bodyHtml,
    keywords: c.keywords.join('，'),
  };
}

export function DraftFormPage(props: DraftFormProps): JSX.Element {
  const { item } = props;
  const f = 'draft';
  const defaults = contentValues(item, props.today);
  const v = (name: string) => {
    if (!props.values) return defaults[name] ?? '';
    const typed = props.values[name];
    return typeof typed === 'string' ? typed : (typed?.[0] ?? '');
  };
  const title = item ? `修改草稿：${item.content.title}` : '起草主动公开信息';
  const base = item ? `${itemHref(props.agency.id, item.id)}/edit` : itemsHref(props.agency.id);
  const action = `${base}?${CSRF_FIELD}=${enc(props.chrome.csrfToken)}`;
  return (
    <OfficeLayout {...props.chrome} title={item ? '修改草稿' : '起草主动公开信息'}>
      <Breadcrumb
        items={[
          { label: `主动公开 — ${props.agency.name}`, href: itemsHref(props.agency.id) },
          ...(item ? [{ label: item.content.title, href: itemHref(props.agency.id, item.id) }] : []),
          { label: item ? '修改草稿' : '起草' },
        ]}
      />
      <h1 safe>{title}</h1>
      <ErrorSummary messages={props.errors ?? []} />
      {item ? <Findings findings={item.findings} /> : ''}
      <form method="post" action={action} enctype="multipart/form-data" class="stacked">
        {item ? <input type="hidden" name="expectedEventCount" value={String(item.eventCount)} /> : ''}
        <Input form={f} name="title" label="标题" value={v('title')} required maxlength={200} />
        <Input
          form={f}
          name="documentNumber"
          label="文号"
          value={v('documentNumber')}
          hint="没有文号的可不填"
        />
        <Input form={f} name="formedOn" label="成文日期" type="date" value={v('formedOn')} required />
        <Select
          form={f}
          name="categoryCode"
          label="公开目录栏目"
          value={v('categoryCode')}
          blank="请选择"
          groups={categoryOptions(props.categories, v('categoryCode'))}
        />
        <Select
          form={f}
          name="theme"
          label="主题分类"
          value={v('theme')}
          blank="（不分类）"
          options={THEMES.map((t) => ({ value: t, label: t }))}
        />
        <Select
          form={f}
          name="validity"
          label="有效性"
          value={v('validity')}
          options={Object.entries(VALIDITIES).map(([value, label]) => ({ value, label }))}
        />
        <Area form={f} name="summary" label="内容概述" value={v('summary')} rows={3} />
        <Area
          form={f}
          name="bodyHtml"
          label="正文"
          hint="可使用段落、标题、列表、表格、加粗和链接等格式（HTML）；脚本、样式和其他标签会被自动去除。"
          value={v('bodyHtml')}
          rows={16}
        />
        <Input
          form={f}
          name="keywords"
          label="关键词"
          value={v('keywords')}
          hint="用逗号或顿号分隔，最多10个"
        />
        {item && item.attachments.length > 0 ? (
          <fieldset>
            <legend>已上传的附件（勾选要删除的）</legend>
            {item.attachments.map((a) => (
              <div class="choice">
                <input type="checkbox" id={`${f}-remove-${a.id}`} name="removeAttachment" value={a.id} />
                <label for={`${f}-remove-${a.id}`} safe>
                  {`删除“${a.filename}”（${sizeText(a.size)}）`}
                </label>
              </div>
            ))}
          </fieldset>
        ) : (
          ''
        )}
        <div class="field">
          <label for={`${f}-attachments`}>上传附件</label>
          <span class="hint" id={`${f}-attachments-hint`}>
            {`可选多个文件，支持${ACCEPTED_KINDS_LABEL}，最多${MAX_ATTACHMENTS}个。`}
          </span>
          <input
            type="file"
            id={`${f}-attachments`}
            name="attachments"
            multiple
            aria-describedby={`${f}-attachments-hint`}
          />
        </div>
        <button type="submit">{item ? '保存修改' : '保存草稿'}</button>
      </form>
    </OfficeLayout>
  );
}

/** The scan's personal numbers, in words, with where each one is. */
function Findings(props: { findings: readonly FieldFinding[]; title?: string }): JSX.Element {
  return (
    <section class="panel" aria-labelledby="findings-title" id="findings">
      <h2 id="findings-title" safe>
        {props.title ?? '自动检查：个人信息'}
      </h2>
      {props.findings.length === 0 ? (
        <p>未发现身份证号码、手机号码或银行卡号。</p>
      ) : (
        <>
          <p>
            <strong safe>{`发现${props.findings.length}处个人信息。`}</strong>
            须在保密审查中去除，或由审查人逐项说明确需公开的理由。
          </p>
          <ul>
            {props.findings.map((finding) => (
              <li safe>{describeFinding(finding)}</li>
            ))}
          </ul>
          {props.findings.some((f) => f.field === 'attachmentContent') ? (
            <p class="hint">
              附件内容中的个人信息无法自动去除：请删除该附件或上传去除个人信息后的文件，或由审查人说明确需公开的理由。
            </p>
          ) : (
            ''
          )}
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// One item

export interface ItemPageProps {
  chrome: Chrome;
  agency: Agency;
  item: StaffItemView;
  forms: readonly ItemForm[];
  today: string;
  notice?: string;
  failed?: FailedForm;
}

const FORM_LABELS: Record<ItemForm, string> = {
  edit: '修改草稿',
  redact: '去除个人信息',
  submit: '提交保密审查',
  review: '保密审查',
  return: '退回修改',
  approve: '负责人审批',
  publish: '发布',
  withdraw: '撤回',
  revise: '修订（新版本）',
  channel: '登记其他渠道的发布',
};

export function formLabel(form: ItemForm): string {
  return FORM_LABELS[form];
}

function FailedBanner(props: { failed: FailedForm | undefined }): JSX.Element {
  if (!props.failed) return '';
  return (
    <div class="error-summary" role="alert">
      <p>
        <span safe>{`“${props.failed.label}”未能完成：${props.failed.messages[0] ?? ''}`}</span>{' '}
        <a href={`#${props.failed.form}`}>查看表单</a>
      </p>
      {props.failed.messages.slice(1).map((m) => (
        <p safe>{m}</p>
      ))}
    </div>
  );
}

function Metadata(props: { item: StaffItemView }): JSX.Element {
  const { item } = props;
  const c = item.content;
  return (
    <section class="panel" aria-labelledby="meta-title">
      <h2 id="meta-title">基本信息</h2>
      <dl class="facts">
        <dt>标题</dt>
        <dd safe>{c.title}</dd>
        <dt>文号</dt>
        <dd safe>{c.documentNumber ?? '—'}</dd>
        <dt>成文日期</dt>
        <dd safe>{c.formedOn}</dd>
        <dt>公开目录栏目</dt>
        <dd safe>{item.category ? item.category.name : c.categoryCode}</dd>
        <dt>主题分类</dt>
        <dd safe>{c.theme ?? '—'}</dd>
        <dt>有效性</dt>
        <dd safe>{item.validityLabel}</dd>
        <dt>关键词</dt>
        <dd>{c.keywords.length > 0 ? c.keywords.join('，') : '—'}</dd>
        <dt>内容概述</dt>
        <dd safe>{c.summary || '—'}</dd>
      </dl>
    </section>
  );
}

function Body(props: { item: StaffItemView }): JSX.Element {
  // Sanitized to an allow-list by the disclosures core on every save (ItemContent.bodyHtml).
  const safeBodyHtml = props.item.content.bodyHtml;
  return (
    <section class="panel" aria-labelledby="body-title">
      <h2 id="body-title">正文</h2>
      {safeBodyHtml === '' ? <p class="muted">（无正文）</p> : <div class="item-body">{safeBodyHtml}</div>}
    </section>
  );
}

function Attachments(props: { agency: Agency; item: StaffItemView }): JSX.Element {
  const { item } = props;
  return (
    <section class="panel" aria-labelledby="attachments-title">
      <h2 id="attachments-title">附件</h2>
      {item.attachments.length === 0 ? (
        <p class="muted">无附件。</p>
      ) : (
        <ul class="attachments">
          {item.attachments.map((a) => (
            <li>
              <a href={itemAttachmentHref(props.agency.id, item.id, a.id)} safe>
                {a.filename}
              </a>{' '}
              <span class="hint" safe>
                {`（${sizeText(a.size)}）`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ItemPage(props: ItemPageProps): JSX.Element {
  const { item, agency } = props;
  const t = item.timeliness;
  return (
    <OfficeLayout {...props.chrome} title={item.content.title}>
      <Breadcrumb
        items={[
          { label: `主动公开 — ${agency.name}`, href: itemsHref(agency.id) },
          { label: item.content.title },
        ]}
      />
      <h1 safe>{item.content.title}</h1>
      <Notice message={props.notice} />
      <FailedBanner failed={props.failed} />
      <section class="panel" aria-labelledby="status-title">
        <h2 id="status-title">状态</h2>
        <dl class="facts">
          <dt>状态</dt>
          <dd safe>{item.statusLabel}</dd>
          <dt>版本</dt>
          <dd safe>{`第${item.version}版`}</dd>
          <dt>索引号</dt>
          <dd safe>{item.indexNumber ?? '（首次发布时生成）'}</dd>
          {item.publishAt ? (
            <>
              <dt>发布时间</dt>
              <dd safe>{beijingTime(item.publishAt)}</dd>
            </>
          ) : (
            ''
          )}
          {t ? (
            <>
              <dt>{`公开时限（${PUBLICATION_ARTICLE}）`}</dt>
              <dd>
                {t.late ? <strong>{`【${LATE_WORDS}】`}</strong> : ''}
                <span safe>{t.explanation}</span>
              </dd>
            </>
          ) : (
            ''
          )}
          {item.withdrawReason ? (
            <>
              <dt>撤回理由</dt>
              <dd safe>{item.withdrawReason}</dd>
            </>
          ) : (
            ''
          )}
          <dt>公开网站</dt>
          <dd>
            {item.publicVersion !== null ? (
              <a href={portalItemHref(agency.id, item.id)}>
                <span safe>{`查看公开页面（第${item.publicVersion}版）`}</span>
              </a>
            ) : (
              <span>尚未在公开网站上显示</span>
            )}
          </dd>
        </dl>
      </section>
      <Metadata item={item} />
      <Body item={item} />
      <Attachments agency={agency} item={item} />
      <Findings findings={item.findings} />
      {item.justifications.length > 0 ? (
        <section class="panel" aria-labelledby="justified-title">
          <h2 id="justified-title">保密审查：确需公开的个人信息及理由</h2>
          <ul>
            {item.justifications.map((j) => (
              <li safe>{`${j.preview}：${j.reason}`}</li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <Versions agency={agency} item={item} />
      <Timeline item={item} />
      {props.forms.length > 0 ? (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">办理</h2>
          <p class="muted">只列出该信息当前状态下、您的角色可以进行的操作。</p>
          {props.forms.map((form) => (
            <StepForm {...props} form={form} />
          ))}
        </section>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

function Versions(props: { agency: Agency; item: StaffItemView }): JSX.Element {
  return (
    <section class="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">版本</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">标题</th>
            <th scope="col">创建时间</th>
            <th scope="col">发布时间</th>
          </tr>
        </thead>
        <tbody>
          {props.item.versions.map((v) => (
            <tr id={`version-${v.version}`}>
              <th
                scope="row"
                safe
              >{`第${v.version}版${v.version === props.item.publicVersion ? '（公开中）' : ''}`}</th>
              <td safe>{v.title}</td>
              <td safe>{beijingTime(v.createdAt)}</td>
              <td>{v.publishedAt ? beijingTime(v.publishedAt) : '未发布'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Timeline(props: { item: StaffItemView }): JSX.Element {
  return (
    <section class="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">办理记录</h2>
      <ol class="timeline">
        {props.item.timeline.map((e) => (
          <li id={`event-${e.seq}`}>
            <time datetime={e.at} safe>
              {beijingTime(e.at)}
            </time>
            <span>
              <strong safe>{e.label}</strong>
              <span safe>{`　${e.by === null ? '系统' : (e.byName ?? '（已删除的用户）')}`}</span>
            </span>
            {e.publishAt ? <span safe>{`发布时间：${beijingTime(e.publishAt)}`}</span> : ''}
            {e.reason ? <span safe>{`理由：${e.reason}`}</span> : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function StepForm(props: ItemPageProps & { form: ItemForm }): JSX.Element {
  const { agency, item, form } = props;
  const id = `form-${form}`;
  const v = valuesOf(props.failed, id);
  const base = itemHref(agency.id, item.id);
  const hidden = (
    <>
      <CsrfField token={props.chrome.csrfToken} />
      <input type="hidden" name="expectedEventCount" value={String(item.eventCount)} />
    </>
  );
  const label = FORM_LABELS[form];
  switch (form) {
    case 'edit':
      return (
        <section class="panel" id={id}>
          <h3>修改草稿</h3>
          <p>
            <a class="button" href={`${base}/edit`}>
              修改内容和附件
            </a>
          </p>
        </section>
      );
    case 'review':
      return (
        <section class="panel" id={id}>
          <h3>保密审查</h3>
          <p>
            <a class="button" href={`${base}/review`}>
              进行保密审查
            </a>
          </p>
        </section>
      );
    case 'channel':
      return (
        <section class="panel" id={id}>
          <ChannelForm
            chrome={props.chrome}
            agency={agency}
            today={props.today}
            failed={props.failed?.form === 'channel' ? props.failed : undefined}
            item={{ id: item.id, title: item.content.title }}
          />
        </section>
      );
    case 'return':
    case 'withdraw':
      return (
        <section class="panel" id={id}>
          <form method="post" action={`${base}/${form}`} class="stacked">
            <h3 safe>{label}</h3>
            <FormErrors failed={props.failed} form={id} />
            {hidden}
            <Area
              form={id}
              name="reason"
              label={form === 'return' ? '退回理由' : '撤回理由'}
              value={v.get('reason')}
              rows={3}
              required
            />
            <button type="submit" class={form === 'withdraw' ? undefined : 'secondary'} safe>
              {label}
            </button>
          </form>
        </section>
      );
    case 'publish': {
      const when = v.get('when', 'now');
      return (
        <section class="panel" id={id}>
          <form method="post" action={`${base}/publish`} class="stacked">
            <h3>发布</h3>
            <FormErrors failed={props.failed} form={id} />
            {hidden}
            <fieldset>
              <legend>发布时间</legend>
              <div class="choice">
                <input type="radio" id={`${id}-now`} name="when" value="now" checked={when === 'now'} />
                <label for={`${id}-now`}>立即发布</label>
              </div>
              <div class="choice">
                <input
                  type="radio"
                  id={`${id}-scheduled`}
                  name="when"
                  value="scheduled"
                  checked={when === 'scheduled'}
                />
                <label for={`${id}-scheduled`}>定时发布</label>
              </div>
              <Input
                form={id}
                name="publishAt"
                label="定时发布的时间（北京时间）"
                value={v.get('publishAt')}
                hint="例如 2026-03-05T09:00"
              />
            </fieldset>
            <button type="submit">发布</button>
          </form>
        </section>
      );
    }
    default: {
      const texts: Record<'redact' | 'submit' | 'approve' | 'revise', string> = {
        redact: '将上列身份证号码、手机号码、银行卡号替换为部分隐去的形式（如 138****5678）。',
        submit: '提交后由保密审查人审查；审查期间不能修改。',
        approve: '审批同意后即可发布。撰稿人不能审批自己撰写的信息。',
        revise: '以当前发布的版本为底稿修订，新版本经保密审查和审批后发布；发布前公开网站仍显示当前版本。',
      };
      return (
        <section class="panel" id={id}>
          <form method="post" action={`${base}/${form}`} class="stacked">
            <h3 safe>{label}</h3>
            <FormErrors failed={props.failed} form={id} />
            {hidden}
            <p class="hint" safe>
              {texts[form]}
            </p>
            <button type="submit" safe>
              {label}
            </button>
          </form>
        </section>
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 保密审查

export interface ReviewPageProps {
  chrome: Chrome;
  agency: Agency;
  item: StaffItemView;
  values?: FormFields;
  errors?: readonly string[];
  notice?: string;
}

export function ReviewPage(props: ReviewPageProps): JSX.Element {
  const { item, agency } = props;
  const base = itemHref(agency.id, item.id);
  const checked = new Set(
    props.values
      ? [props.values.checklist ?? []].flat().filter((x): x is string => typeof x === 'string')
      : [],
  );
  const typedReasons = props.values ? [props.values.findingReason ?? []].flat() : [];
  const typedKeys = props.values ? [props.values.findingKey ?? []].flat() : [];
  const reasonOf = (key: string) => {
    const i = typedKeys.indexOf(key);
    return i >= 0 ? String(typedReasons[i] ?? '') : '';
  };
  const inReview = item.status === 'in_review';
  return (
    <OfficeLayout {...props.chrome} title={`保密审查：${item.content.title}`}>
      <Breadcrumb
        items={[
          { label: `主动公开 — ${agency.name}`, href: itemsHref(agency.id) },
          { label: item.content.title, href: base },
          { label: '保密审查' },
        ]}
      />
      <h1 safe>{`保密审查：${item.content.title}`}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.errors ?? []} />
      {!inReview ? (
        <p>
          <strong safe>{`该信息当前状态为“${item.statusLabel}”，不在保密审查中。`}</strong>{' '}
          <a href={base}>返回信息页面</a>
        </p>
      ) : (
        ''
      )}
      <Metadata item={item} />
      <Body item={item} />
      <Attachments agency={agency} item={item} />
      <Findings findings={item.findings} title="自动检查发现的个人信息" />
      {inReview && item.findings.length > 0 ? (
        <section class="panel" id="form-redact">
          <form method="post" action={`${base}/redact`} class="stacked">
            <h2>去除个人信息</h2>
            <CsrfField token={props.chrome.csrfToken} />
            <input type="hidden" name="expectedEventCount" value={String(item.eventCount)} />
            <input type="hidden" name="from" value="review" />
            <p class="hint">
              将上列全部号码替换为部分隐去的形式（如
              138****5678）。确需公开的，请不要去除，在下方逐项说明理由。
            </p>
            <button type="submit">去除全部个人信息</button>
          </form>
        </section>
      ) : (
        ''
      )}
      {inReview ? (
        <section class="panel" id="form-review">
          <form method="post" action={`${base}/review`} class="stacked">
            <h2>审查清单</h2>
            <CsrfField token={props.chrome.csrfToken} />
            <input type="hidden" name="expectedEventCount" value={String(item.eventCount)} />
            <fieldset>
              <legend>请逐项核对并确认</legend>
              {REVIEW_CHECKLIST.map((c) => (
                <div class="choice">
                  <input
                    type="checkbox"
                    id={`review-${c.id}`}
                    name="checklist"
                    value={c.id}
                    checked={checked.has(c.id)}
                  />
                  <label for={`review-${c.id}`}>{c.text}</label>
                </div>
              ))}
            </fieldset>
            {item.findings.length > 0 ? (
              <fieldset>
                <legend>确需公开的个人信息（逐项说明理由；未说明理由的须先去除）</legend>
                {item.findings.map((finding, i) => (
                  <div class="field">
                    <input type="hidden" name="findingKey" value={finding.key} />
                    <label for={`review-reason-${i}`} safe>
                      {describeFinding(finding)}
                    </label>
                    <textarea id={`review-reason-${i}`} name="findingReason" rows="2" cols="60" safe>
                      {`\n${reasonOf(finding.key)}`}
                    </textarea>
                  </div>
                ))}
              </fieldset>
            ) : (
              ''
            )}
            <button type="submit">签署保密审查意见</button>
          </form>
        </section>
      ) : (
        ''
      )}
      {inReview ? (
        <section class="panel" id="form-return">
          <form method="post" action={`${base}/return`} class="stacked">
            <h2>退回修改</h2>
            <CsrfField token={props.chrome.csrfToken} />
            <input type="hidden" name="expectedEventCount" value={String(item.eventCount)} />
            <input type="hidden" name="from" value="review" />
            <Area form="review-return" name="reason" label="退回理由" value="" rows={3} required />
            <button type="submit" class="secondary">
              退回撰稿人
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

// ---------------------------------------------------------------------------------------------
// The catalogue editor

export interface CatalogueEditorProps {
  chrome: Chrome;
  agency: Agency;
  categories: readonly CatalogueCategory[];
  notice?: string;
  failed?: FailedForm;
}

export function CatalogueEditorPage(props: CatalogueEditorProps): JSX.Element {
  const { agency } = props;
  const title = `政府信息公开目录栏目 — ${agency.name}`;
  const addValues = valuesOf(props.failed, 'category-new');
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <Breadcrumb
        items={[
          { label: `主动公开 — ${agency.name}`, href: itemsHref(agency.id) },
          { label: '公开目录栏目' },
        ]}
      />
      <h1 safe>{title}</h1>
      <Notice message={props.notice} />
      <FailedBanner failed={props.failed} />
      <p>
        法定栏目和基层政务公开标准目录的栏目可以改名或隐藏（隐藏后不再供选择，已归入的信息不受影响）；也可以增加本机关的栏目。
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">类别</th>
              <th scope="col">代码</th>
              <th scope="col">栏目名称</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {props.categories.map((c) => {
              const id = `category-${c.code}`;
              const v = valuesOf(props.failed, id);
              return (
                <tr id={id}>
                  <td safe>{c.groupLabel}</td>
                  <td safe>{c.code}</td>
                  <td>
                    <form method="post" action={catalogueHref(agency.id)} class="inline-form">
                      <CsrfField token={props.chrome.csrfToken} />
                      <input type="hidden" name="code" value={c.code} />
                      <FormErrors failed={props.failed} form={id} />
                      <input
                        type="text"
                        aria-label={`栏目“${c.name}”的名称`}
                        id={`${id}-name`}
                        name="name"
                        value={v.get('name', c.name)}
                        maxlength="60"
                      />
                      <input type="checkbox" id={`${id}-hidden`} name="hidden" value="1" checked={c.hidden} />
                      <label for={`${id}-hidden`}>隐藏</label>
                      <button type="submit" class="secondary">
                        保存
                      </button>
                    </form>
                    {c.basis ? (
                      <span class="hint" safe>
                        {c.basis}
                      </span>
                    ) : (
                      ''
                    )}
                  </td>
                  <td>{c.hidden ? '已隐藏' : '显示'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section class="panel" id="category-new">
        <form method="post" action={catalogueHref(agency.id)} class="stacked">
          <h2>增加本机关的栏目</h2>
          <FormErrors failed={props.failed} form="category-new" />
          <CsrfField token={props.chrome.csrfToken} />
          <Input
            form="category-new"
            name="name"
            label="栏目名称"
            value={addValues.get('name')}
            maxlength={60}
          />
          <button type="submit">增加栏目</button>
        </form>
      </section>
    </OfficeLayout>
  );
}
