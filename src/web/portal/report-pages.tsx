// The portal's 年度报告 column: the published annual reports of an agency by year (built here or
// imported), the agency's other published items titled 年度报告, and the page of one report — its
// stored HTML inside the portal layout, with the DOCX, PDF and XLSX downloads.
import type { AnnualReportEntry } from '../../disclosures/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { PortalLayout } from '../layout/portal-layout.tsx';
import { itemHref } from './item-pages.tsx';
import { agencyHref } from './pages.tsx';

const enc = encodeURIComponent;
const COLUMN = '政府信息公开工作年度报告';

export const annualReportsHref = (agencyId: string) => `/agencies/${enc(agencyId)}/annual-reports`;
export const annualReportHref = (agencyId: string, year: number) => `${annualReportsHref(agencyId)}/${year}`;

export const DOWNLOADS = [
  { file: 'report.docx', label: 'Word 文档（DOCX）' },
  { file: 'report.pdf', label: 'PDF 文件' },
  { file: 'report.xlsx', label: 'Excel 表格（XLSX）' },
] as const;

interface ShownAgency {
  id: string;
  name: string;
}

export interface PublishedReportEntry {
  year: number;
  title: string;
  publishedOn: string | null;
}

function crumbs(agency: ShownAgency, here?: string) {
  return [
    { label: '首页', href: '/' },
    { label: agency.name, href: agencyHref(agency.id) },
    { label: COLUMN, ...(here ? { href: annualReportsHref(agency.id) } : {}) },
    ...(here ? [{ label: here }] : []),
  ];
}

export function AnnualReportsPage(props: {
  agency: ShownAgency;
  reports: readonly PublishedReportEntry[];
  items: readonly AnnualReportEntry[];
}): JSX.Element {
  const { agency } = props;
  return (
    <PortalLayout title={COLUMN} agency={agency}>
      <Breadcrumb items={crumbs(agency)} />
      <h1>{COLUMN}</h1>
      <p>根据条例第四十九条、第五十条，本机关每年公布上一年度政府信息公开工作年度报告。</p>
      {props.reports.length === 0 && props.items.length === 0 ? <p>暂无公开的年度报告。</p> : ''}
      {props.reports.length === 0 ? (
        ''
      ) : (
        <ul class="document-list">
          {props.reports.map((report) => (
            <li>
              <a href={annualReportHref(agency.id, report.year)} safe>
                {report.title}
              </a>{' '}
              <span class="hint" safe>
                {report.publishedOn ? `发布日期：${report.publishedOn}` : `${report.year}年度`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {props.items.length === 0 ? (
        ''
      ) : (
        <>
          {props.reports.length === 0 ? '' : <h2>在政府信息公开目录中发布的年度报告</h2>}
          <ul class="document-list">
            {props.items.map((report) => (
              <li>
                <a href={itemHref(agency.id, report.id)} safe>
                  {report.title}
                </a>{' '}
                <span class="hint" safe>
                  {`发布日期：${report.publishedOn}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </PortalLayout>
  );
}

export function AnnualReportPage(props: {
  agency: ShownAgency;
  year: number;
  title: string;
  /** The report's article as stored at publication: rendered (and escaped) by renderHtml. */
  safeArticle: string;
}): JSX.Element {
  const { agency } = props;
  const safeArticle = props.safeArticle;
  return (
    <PortalLayout title={props.title} agency={agency}>
      <Breadcrumb items={crumbs(agency, `${props.year}年度`)} />
      <nav class="downloads" aria-label="下载本报告">
        <p>下载本报告：</p>
        <ul class="actions">
          {DOWNLOADS.map((d) => (
            <li>
              <a href={`${annualReportHref(agency.id, props.year)}/${d.file}`}>{d.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="annual-report">{safeArticle}</div>
    </PortalLayout>
  );
}

export function DownloadFailedPage(props: {
  agency: ShownAgency;
  year: number;
  message: string;
}): JSX.Element {
  const { agency } = props;
  return (
    <PortalLayout title="暂时无法下载" agency={agency}>
      <Breadcrumb items={crumbs(agency, `${props.year}年度`)} />
      <h1>暂时无法下载</h1>
      <p safe>{props.message}</p>
      <p>
        <a href={annualReportHref(agency.id, props.year)}>返回报告全文</a>，也可以下载 Word 或 Excel 格式。
      </p>
    </PortalLayout>
  );
}
