// The back-office pages around the annual reports of an agency: the years with their state,
// deadline and findings, and the upload of an earlier year's published report; the paths.
import {
  DEADLINE_STATUS_LABELS,
  type DeadlineStatus,
  REPORT_SOURCE_LABELS,
  REPORT_STATE_LABELS,
  type ReportState,
} from '../../annual-reports/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { Input } from './application-fields.tsx';
import type { Chrome } from './chrome.ts';

const enc = encodeURIComponent;

export const reportsHref = (agencyId: string) => `/office/agencies/${enc(agencyId)}/reports`;
export const reportHref = (agencyId: string, year: number) => `${reportsHref(agencyId)}/${year}`;
export const reportImportHref = (agencyId: string) => `${reportsHref(agencyId)}/import`;
export const TITLE = '政府信息公开工作年度报告';

export interface AgencyRef {
  id: string;
  name: string;
}

export interface YearLine {
  year: number;
  state: ReportState | 'none';
  source: 'built' | 'imported' | null;
  errors: number;
  warnings: number;
  deadline: string;
  deadlineBasis: string;
  publishedOn: string | null;
  status: DeadlineStatus;
  late: boolean;
}

export function crumbs(agency: AgencyRef, here?: string) {
  return [
    { label: agency.name },
    { label: TITLE, href: reportsHref(agency.id) },
    ...(here ? [{ label: here }] : []),
  ];
}

export function ReportListPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  lines: readonly YearLine[];
  canImport: boolean;
  thisYear: number;
  notice?: string;
}): JSX.Element {
  const { agency } = props;
  return (
    <OfficeLayout {...props.chrome} title={TITLE}>
      <Breadcrumb items={crumbs(agency)} />
      <h1 safe>{`${TITLE} — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <p>
        年度报告的表二、表三、表四由平台数据生成，第一部分由数据起草；撰稿人修改第一、五、六部分的文字，负责人审批后发布。有错误的报告不能审批。
      </p>
      {props.canImport ? (
        <ul class="actions">
          <li>
            <a href={reportImportHref(agency.id)}>导入以前年度已发布的报告</a>
          </li>
        </ul>
      ) : (
        ''
      )}
      <div class="table-wrap">
        <table>
          <caption>各年度报告</caption>
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col">状态</th>
              <th scope="col">发布期限</th>
              <th scope="col">期限情况</th>
              <th scope="col">错误</th>
              <th scope="col">警告</th>
            </tr>
          </thead>
          <tbody>
            {props.lines.map((line) => (
              <tr>
                <th scope="row">
                  <a href={reportHref(agency.id, line.year)} safe>
                    {`${line.year}年度`}
                  </a>
                </th>
                <td safe>
                  {REPORT_STATE_LABELS[line.state] +
                    (line.source === 'imported' ? `（${REPORT_SOURCE_LABELS.imported}）` : '') +
                    (line.year >= props.thisYear ? '（年度未结束，仅可预览）' : '')}
                </td>
                <td>
                  <span safe>{line.deadline}</span>{' '}
                  <span class="hint" safe>
                    {line.deadlineBasis}
                  </span>
                </td>
                <td safe>
                  {DEADLINE_STATUS_LABELS[line.status] +
                    (line.publishedOn ? `（${line.publishedOn}发布）` : '') +
                    (line.late && line.status !== 'published_late' && line.status !== 'overdue'
                      ? '（逾期）'
                      : '')}
                </td>
                <td safe>{String(line.errors)}</td>
                <td safe>{String(line.warnings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="get" action={reportsHref(agency.id)} class="inline-form">
        <Input form="year" name="year" label="查看其他年度" value="" inputmode="numeric" maxlength={4} />
        <button type="submit">打开</button>
      </form>
    </OfficeLayout>
  );
}

export function ReportImportPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  uploadLimit: string;
  year: string;
  errors?: readonly string[];
}): JSX.Element {
  const { agency } = props;
  return (
    <OfficeLayout {...props.chrome} title="导入年度报告">
      <Breadcrumb items={crumbs(agency, '导入以前年度的报告')} />
      <h1 safe>{`导入以前年度已发布的年度报告 — ${agency.name}`}</h1>
      <ErrorSummary messages={props.errors ?? []} />
      <p>
        导入本机关在使用本平台以前已经发布的年度报告，用于跨年度核对（本年“上年结转”应等于上年报告的“结转下年度继续办理”）和年度比较。导入的报告按原样保存为已发布，检查发现的问题一并保存。
      </p>
      <form
        method="post"
        action={`${reportImportHref(agency.id)}?_csrf=${enc(props.chrome.csrfToken)}`}
        enctype="multipart/form-data"
      >
        <Input
          form="import"
          name="year"
          label="报告年度（可不填，以文件中的年度为准）"
          value={props.year}
          inputmode="numeric"
          maxlength={4}
        />
        <div class="field">
          <label for="import-file">报告文件</label>
          <span class="hint" id="import-file-hint" safe>
            {`支持纯文本（.txt）、网页（.html）和 Word（.docx）文件，不超过 ${props.uploadLimit}。`}
          </span>
          <input
            type="file"
            id="import-file"
            name="file"
            accept=".txt,.html,.htm,.docx,text/plain,text/html,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-describedby="import-file-hint"
            required
          />
        </div>
        <button type="submit">导入</button>
      </form>
    </OfficeLayout>
  );
}
