// The back-office pages of the register of 规章 and 行政规范性文件: the list with its filters, the
// form of a document and of its 有效性, the year's figures, the XLSX import with its report, and a
// preview of table 二 as the annual report will print it.
import {
  COUNTS_SHEET,
  formatWanYuan,
  NORMATIVE_KIND_IDS,
  NORMATIVE_KINDS,
  NORMATIVE_STATUS_IDS,
  NORMATIVE_STATUSES,
  REGISTER_SHEET,
  type RowProblem,
  STATUS_ON_LABELS,
  type StoredNormativeDocument,
  statusOn,
  type YearCounts,
} from '../../normative/index.ts';
import type { Cell } from '../../reports/report.ts';
import { TABLE2_HEADER_FIRST_CELL, table2Layout } from '../../reports/report-format.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { Input, type Option, Select } from './application-fields.tsx';
import type { Chrome } from './chrome.ts';
import type { DocumentFormValues } from './normative-forms.ts';

const enc = encodeURIComponent;

export const normativeHref = (agencyId: string) => `/office/agencies/${enc(agencyId)}/normative`;
export const documentHref = (agencyId: string, documentId: string) =>
  `${normativeHref(agencyId)}/${enc(documentId)}`;
export const countsHref = (agencyId: string, year?: number) =>
  `${normativeHref(agencyId)}/counts${year === undefined ? '' : `?year=${year}`}`;
export const importHref = (agencyId: string) => `${normativeHref(agencyId)}/import`;
export const templateHref = (agencyId: string) => `${normativeHref(agencyId)}/import/template.xlsx`;
export const tableHref = (agencyId: string, year?: number) =>
  `${normativeHref(agencyId)}/table${year === undefined ? '' : `?year=${year}`}`;

export interface AgencyRef {
  id: string;
  name: string;
}

const TITLE = '规章和行政规范性文件';

const kindOptions: Option[] = NORMATIVE_KIND_IDS.map((k) => ({ value: k, label: NORMATIVE_KINDS[k].label }));
const statusOptions: Option[] = NORMATIVE_STATUS_IDS.map((s) => ({
  value: s,
  label: NORMATIVE_STATUSES[s].label,
}));

function crumbs(agency: AgencyRef, here?: string) {
  return [{ label: TITLE, href: normativeHref(agency.id) }, ...(here ? [{ label: here }] : [])];
}

export function statusText(doc: StoredNormativeDocument, today: string): string {
  const recorded = NORMATIVE_STATUSES[doc.status];
  const base = recorded.dated && doc.statusOn ? `${recorded.label}（${doc.statusOn}）` : recorded.label;
  const now = STATUS_ON_LABELS[statusOn(doc, today)];
  return now === recorded.label || (doc.status === 'amended' && now === STATUS_ON_LABELS.amended)
    ? base
    : `${base}；今日：${now}`;
}

export interface RegisterFilter {
  kind: string;
  status: string;
  year: string;
}

export function RegisterPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  documents: readonly StoredNormativeDocument[];
  filter: RegisterFilter;
  canEdit: boolean;
  today: string;
  notice?: string;
}): JSX.Element {
  const { agency } = props;
  return (
    <OfficeLayout {...props.chrome} title={TITLE}>
      <Breadcrumb items={crumbs(agency)} />
      <h1 safe>{`${TITLE} — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <p>
        本机构制定的规章和行政规范性文件的登记簿（条例第二十条第（一）项）。年度报告表二“本年制发件数”“本年废止件数”“现行有效件数”由此统计。
      </p>
      <ul class="actions">
        {props.canEdit ? (
          <li>
            <a href={`${normativeHref(agency.id)}/new`}>登记文件</a>
          </li>
        ) : (
          ''
        )}
        <li>
          <a href={countsHref(agency.id)}>年度数量（行政许可、处罚、强制、收费）</a>
        </li>
        {props.canEdit ? (
          <li>
            <a href={importHref(agency.id)}>从 Excel 导入</a>
          </li>
        ) : (
          ''
        )}
        <li>
          <a href={tableHref(agency.id)}>年度报告表二预览</a>
        </li>
      </ul>
      <form method="get" action={normativeHref(agency.id)} class="inline-form">
        <Select
          form="filter"
          name="kind"
          label="类别"
          value={props.filter.kind}
          blank="全部"
          options={kindOptions}
        />
        <Select
          form="filter"
          name="status"
          label="有效性"
          value={props.filter.status}
          blank="全部"
          options={statusOptions}
        />
        <Input
          form="filter"
          name="year"
          label="发布年度"
          value={props.filter.year}
          inputmode="numeric"
          maxlength={4}
        />
        <button type="submit">筛选</button>
      </form>
      {props.documents.length === 0 ? (
        <p>没有符合条件的文件。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <caption safe>{`共 ${props.documents.length} 件`}</caption>
            <thead>
              <tr>
                <th scope="col">类别</th>
                <th scope="col">标题</th>
                <th scope="col">文号</th>
                <th scope="col">发布日期</th>
                <th scope="col">施行日期</th>
                <th scope="col">有效期至</th>
                <th scope="col">有效性</th>
              </tr>
            </thead>
            <tbody>
              {props.documents.map((d) => (
                <tr>
                  <td data-label="类别">{NORMATIVE_KINDS[d.kind].label}</td>
                  <th scope="row" data-label="标题">
                    <a href={documentHref(agency.id, d.id)} safe>
                      {d.title}
                    </a>
                  </th>
                  <td data-label="文号" safe>
                    {d.documentNumber}
                  </td>
                  <td data-label="发布日期" safe>
                    {d.issuedOn}
                  </td>
                  <td data-label="施行日期" safe>
                    {d.effectiveOn}
                  </td>
                  <td data-label="有效期至" safe>
                    {d.validUntil ?? '—'}
                  </td>
                  <td data-label="有效性" safe>
                    {statusText(d, props.today)}
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

function DocumentFields(props: { values: DocumentFormValues; withStatus: boolean }): JSX.Element {
  const v = props.values;
  const f = 'doc';
  return (
    <>
      <Select form={f} name="kind" label="类别" value={v.kind || 'normative'} options={kindOptions} />
      <Input form={f} name="title" label="标题" value={v.title} required maxlength={300} />
      <Input form={f} name="documentNumber" label="文号" value={v.documentNumber} required maxlength={100} />
      <Input form={f} name="issuedOn" type="date" label="发布（制发）日期" value={v.issuedOn} required />
      <Input form={f} name="effectiveOn" type="date" label="施行日期" value={v.effectiveOn} required />
      <Input
        form={f}
        name="validUntil"
        type="date"
        label="有效期至（可不填）"
        hint="文件规定了有效期的，填写有效期的最后一天。"
        value={v.validUntil}
      />
      {props.withStatus ? (
        <>
          <Select form={f} name="status" label="有效性" value={v.status || 'valid'} options={statusOptions} />
          <Input
            form={f}
            name="statusOn"
            type="date"
            label="废止、失效或修改日期"
            hint="有效性为废止、失效或修改时必填：自该日起生效。"
            value={v.statusOn}
          />
        </>
      ) : (
        <>
          <input type="hidden" name="status" value={v.status} />
          <input type="hidden" name="statusOn" value={v.statusOn} />
        </>
      )}
      <Input
        form={f}
        name="itemId"
        label="关联的主动公开信息编号（可不填）"
        hint="已在主动公开中发布该文件的，填写该信息的编号，门户网站将链接到全文。"
        value={v.itemId}
        maxlength={100}
      />
    </>
  );
}

export function DocumentFormPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  /** The stored document when editing; absent for a new one. */
  document?: StoredNormativeDocument;
  values: DocumentFormValues;
  statusValues?: { status: string; statusOn: string };
  canEdit: boolean;
  today: string;
  errors?: readonly string[];
  notice?: string;
}): JSX.Element {
  const { agency, document } = props;
  const title = document ? '文件详情' : '登记文件';
  const action = document ? documentHref(agency.id, document.id) : normativeHref(agency.id);
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <Breadcrumb items={crumbs(agency, title)} />
      <h1 safe>{document ? document.title : `${title} — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.errors ?? []} />
      {document ? (
        <dl class="facts">
          <dt>有效性</dt>
          <dd safe>{statusText(document, props.today)}</dd>
          <dt>最后修改</dt>
          <dd safe>{document.updatedAt.slice(0, 10)}</dd>
        </dl>
      ) : (
        ''
      )}
      {props.canEdit ? (
        <form method="post" action={action} class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <input type="hidden" name="revision" value={props.values.revision} />
          <DocumentFields values={props.values} withStatus={!document} />
          <button type="submit">{document ? '保存修改' : '登记'}</button>
        </form>
      ) : (
        <p>您可以查看登记簿；登记和修改由本机构的撰稿人员办理。</p>
      )}
      {document && props.canEdit ? (
        <form method="post" action={`${documentHref(agency.id, document.id)}/status`} class="stacked">
          <h2>变更有效性（废止、失效、修改）</h2>
          <CsrfField token={props.chrome.csrfToken} />
          <input type="hidden" name="revision" value={String(document.revision)} />
          <Select
            form="status"
            name="status"
            label="有效性"
            value={props.statusValues?.status ?? document.status}
            options={statusOptions}
          />
          <Input
            form="status"
            name="statusOn"
            type="date"
            label="生效日期"
            hint="废止、失效或修改自该日起生效；恢复为有效时不填。"
            value={props.statusValues?.statusOn ?? document.statusOn ?? ''}
          />
          <button type="submit">保存有效性</button>
        </form>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

export interface CountsFormValues {
  year: string;
  licensing: string;
  penalty: string;
  enforcement: string;
  fees: string;
}

export function countsFormValues(year: number, counts: YearCounts | null): CountsFormValues {
  return {
    year: String(year),
    licensing: counts ? String(counts.licensing) : '',
    penalty: counts ? String(counts.penalty) : '',
    enforcement: counts ? String(counts.enforcement) : '',
    fees: counts ? formatWanYuan(counts.feesYuan) : '',
  };
}

export function CountsPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  year: number;
  values: CountsFormValues;
  entered: readonly YearCounts[];
  canEdit: boolean;
  errors?: readonly string[];
  notice?: string;
}): JSX.Element {
  const { agency } = props;
  const v = props.values;
  const f = 'counts';
  return (
    <OfficeLayout {...props.chrome} title="年度数量">
      <Breadcrumb items={crumbs(agency, '年度数量')} />
      <h1 safe>{`年度数量 — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.errors ?? []} />
      <p>
        年度报告表二第二十条第（五）项、第（六）项、第（八）项：本年度作出的行政许可、行政处罚、行政强制处理决定数量，以及行政事业性收费金额（单位：万元，最多四位小数）。信息处理费不在此填写。
      </p>
      <form method="get" action={countsHref(agency.id)} class="inline-form">
        <Input
          form="year"
          name="year"
          label="年度"
          value={String(props.year)}
          inputmode="numeric"
          maxlength={4}
        />
        <button type="submit">选择年度</button>
      </form>
      {props.canEdit ? (
        <form method="post" action={`${normativeHref(agency.id)}/counts`} class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <input type="hidden" name="year" value={v.year} />
          <h2 safe>{`${v.year} 年`}</h2>
          <Input
            form={f}
            name="licensing"
            label="行政许可 本年处理决定数量"
            value={v.licensing}
            inputmode="numeric"
            maxlength={12}
          />
          <Input
            form={f}
            name="penalty"
            label="行政处罚 本年处理决定数量"
            value={v.penalty}
            inputmode="numeric"
            maxlength={12}
          />
          <Input
            form={f}
            name="enforcement"
            label="行政强制 本年处理决定数量"
            value={v.enforcement}
            inputmode="numeric"
            maxlength={12}
          />
          <Input
            form={f}
            name="fees"
            label="行政事业性收费 本年收费金额（单位：万元）"
            value={v.fees}
            maxlength={20}
          />
          <button type="submit">保存</button>
        </form>
      ) : (
        ''
      )}
      {props.entered.length === 0 ? (
        <p>尚未录入任何年度的数量。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>已录入的年度</caption>
            <thead>
              <tr>
                <th scope="col">年度</th>
                <th scope="col">行政许可</th>
                <th scope="col">行政处罚</th>
                <th scope="col">行政强制</th>
                <th scope="col">行政事业性收费（万元）</th>
              </tr>
            </thead>
            <tbody>
              {props.entered.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={countsHref(agency.id, c.year)} safe>
                      {`${c.year} 年`}
                    </a>
                  </th>
                  <td safe>{String(c.licensing)}</td>
                  <td safe>{String(c.penalty)}</td>
                  <td safe>{String(c.enforcement)}</td>
                  <td safe>{formatWanYuan(c.feesYuan)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </OfficeLayout>
  );
}

export interface ImportReport {
  problems: readonly RowProblem[];
  validDocuments: number;
  validCounts: number;
  totalDocuments: number;
  totalCounts: number;
  /** The uploaded file (base64) for the accept form to carry back; null when too large for a form. */
  file: string | null;
}

export function ImportPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  uploadLimit: string;
  report?: ImportReport;
  errors?: readonly string[];
  notice?: string;
}): JSX.Element {
  const { agency, report } = props;
  const action = `${importHref(agency.id)}?${CSRF_FIELD}=${enc(props.chrome.csrfToken)}`;
  const valid = report === undefined ? 0 : report.validDocuments + report.validCounts;
  return (
    <OfficeLayout {...props.chrome} title="从 Excel 导入">
      <Breadcrumb items={crumbs(agency, '从 Excel 导入')} />
      <h1 safe>{`从 Excel 导入 — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.errors ?? []} />
      {report ? (
        <section class="panel">
          <h2>检查结果：未导入任何内容</h2>
          <p safe>
            {`“${REGISTER_SHEET}”共 ${report.totalDocuments} 行，其中无误 ${report.validDocuments} 行；“${COUNTS_SHEET}”共 ${report.totalCounts} 行，其中无误 ${report.validCounts} 行。以下各行有误：`}
          </p>
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
          <p>可以改正后重新上传；也可以只导入无误的行，有误的行不导入。</p>
          {valid > 0 && report.file !== null ? (
            <form method="post" action={`${importHref(agency.id)}/accept`} class="stacked">
              <CsrfField token={props.chrome.csrfToken} />
              <input type="hidden" name="file" value={report.file} />
              <input type="hidden" name="count" value={String(valid)} />
              <button type="submit" safe>
                {`只导入无误的 ${valid} 行`}
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
          <a href={templateHref(agency.id)}>下载导入模板（Excel）</a>，按“填写说明”工作表填写。
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

function cellText(cell: Cell): string {
  return cell === null ? '未录入' : String(cell);
}

export function Table2Page(props: {
  chrome: Chrome;
  agency: AgencyRef;
  year: number;
  table: Record<string, Cell[]>;
  /** Warnings for the clerk (规章 of a township, figures not entered). */
  warnings: readonly string[];
}): JSX.Element {
  const { agency } = props;
  return (
    <OfficeLayout {...props.chrome} title="表二预览">
      <Breadcrumb items={crumbs(agency, '年度报告表二预览')} />
      <h1 safe>{`${props.year} 年度报告表二预览 — ${agency.name}`}</h1>
      <form method="get" action={tableHref(agency.id)} class="inline-form">
        <Input
          form="year"
          name="year"
          label="年度"
          value={String(props.year)}
          inputmode="numeric"
          maxlength={4}
        />
        <button type="submit">选择年度</button>
      </form>
      {props.warnings.map((w) => (
        <p class="notice" safe>
          {w}
        </p>
      ))}
      <h2>二、主动公开政府信息情况</h2>
      {table2Layout('2021').map((block) => (
        <div class="table-wrap">
          <table class="report-table">
            <caption safe>{block.item}</caption>
            <thead>
              <tr>
                <th scope="col">{TABLE2_HEADER_FIRST_CELL}</th>
                {block.columns.map((c) => (
                  <th scope="col" safe>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row) => (
                <tr>
                  <th scope="row" safe>
                    {row.label}
                  </th>
                  {block.columns.map((_, i) => (
                    <td safe>{cellText(props.table[row.key]?.[i] ?? null)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <p>
        <a href={normativeHref(agency.id)}>返回登记簿</a>　
        <a href={countsHref(agency.id, props.year)}>录入或修改该年度数量</a>
      </p>
    </OfficeLayout>
  );
}
