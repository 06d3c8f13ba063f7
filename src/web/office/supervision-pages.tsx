// The supervisor's dashboard of a subtree for a year: every reporting agency's report status,
// findings, deadline and overdue applications; the consolidated tables 二, 三, 四 of the subtree;
// this year against last year in charts (inline SVG, see charts.ts) and the same figures in a table.
import { AGENCY_KINDS } from '../../agencies/index.ts';
import {
  CONSOLIDATION_BASIS_LABELS,
  DEADLINE_STATUS_LABELS,
  REPORT_STATE_LABELS,
  type ReportState,
  type SupervisionDashboard,
} from '../../annual-reports/index.ts';
import type { ComparisonRow } from '../../reports/consolidate-compare.ts';
import {
  type GridCell,
  type TableGrid,
  table2Grid,
  table3Grid,
  table4Grid,
} from '../../reports/render/layout.ts';
import {
  dissatisfiedShare,
  formatPercent,
  SATISFACTION_LEVEL_IDS,
  SATISFACTION_LEVELS,
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_ITEM_TYPES,
  type ServiceStatistics,
} from '../../services/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { barChartSvg } from './charts.ts';
import type { Chrome } from './chrome.ts';

export function supervisionHref(agencyId: string, year?: number): string {
  const base = `/office/agencies/${encodeURIComponent(agencyId)}/supervision`;
  return year === undefined ? base : `${base}?year=${year}`;
}

export function supervisionExportHref(agencyId: string, year: number): string {
  return `/office/agencies/${encodeURIComponent(agencyId)}/supervision/export.xlsx?year=${year}`;
}

/** The agency's report of the year in the back office (its findings, draft and workflow). */
function reportHref(agencyId: string, year: number): string {
  return `/office/agencies/${encodeURIComponent(agencyId)}/reports/${year}`;
}

/** Names listed in a sentence, the rest counted. */
function someNames(names: readonly string[], max = 8): string {
  if (names.length <= max) return names.join('、');
  return `${names.slice(0, max).join('、')}等${names.length}个机构`;
}

function StatusTable(props: { dashboard: SupervisionDashboard }): JSX.Element {
  const { lines } = props.dashboard;
  if (lines.length === 0) return <p>该机构范围内没有需要编制年度报告的机构。</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>各机构年度报告情况</caption>
        <thead>
          <tr>
            <th scope="col">机构</th>
            <th scope="col">类型</th>
            <th scope="col">报告状态</th>
            <th scope="col">错误</th>
            <th scope="col">警告</th>
            <th scope="col">发布期限</th>
            <th scope="col">发布日期</th>
            <th scope="col">期限状态</th>
            <th scope="col">超期未答复申请</th>
            <th scope="col">主动公开信息</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr class={line.late || line.overdueApplications > 0 ? 'overdue' : undefined}>
              <th scope="row">
                <a href={reportHref(line.agencyId, props.dashboard.year)} safe>
                  {line.name}
                </a>
              </th>
              <td>{AGENCY_KINDS[line.kind].label}</td>
              <td safe>{REPORT_STATE_LABELS[line.state]}</td>
              <td class="number">{line.errors > 0 ? <strong safe>{String(line.errors)}</strong> : '0'}</td>
              <td class="number" safe>
                {String(line.warnings)}
              </td>
              <td safe>{line.deadline}</td>
              <td safe>{line.publishedOn ?? '—'}</td>
              <td>
                {line.late ? (
                  <strong safe>{`【${DEADLINE_STATUS_LABELS[line.status]}】`}</strong>
                ) : (
                  <span safe>{DEADLINE_STATUS_LABELS[line.status]}</span>
                )}
              </td>
              <td class="number">
                {line.overdueApplications > 0 ? (
                  <strong safe>{String(line.overdueApplications)}</strong>
                ) : (
                  '0'
                )}
              </td>
              <td class="number" safe>
                {String(line.publishedItems)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GridValue(props: { cell: GridCell }): JSX.Element {
  const { cell } = props;
  const span = {
    ...(cell.rowSpan > 1 ? { rowspan: String(cell.rowSpan) } : {}),
    ...(cell.colSpan > 1 ? { colspan: String(cell.colSpan) } : {}),
  };
  if (cell.role === 'value')
    return (
      <td class="number" {...span} safe>
        {cell.text}
      </td>
    );
  if (cell.role === 'rowHeader')
    return (
      <th scope="row" {...span} safe>
        {cell.text}
      </th>
    );
  if (cell.role === 'blockHeader')
    return (
      <th scope="colgroup" class="block" {...span} safe>
        {cell.text}
      </th>
    );
  return (
    <th scope={cell.colSpan > 1 ? 'colgroup' : 'col'} {...span} safe>
      {cell.text}
    </th>
  );
}

/** A table of the national layout, with its row and column spans. */
function GridTable(props: { grid: TableGrid }): JSX.Element {
  const { grid } = props;
  return (
    <div class="table-wrap">
      <table class="report-table">
        <caption safe>{grid.caption}</caption>
        {grid.headerRowCount > 0 ? (
          <thead>
            {grid.rows.slice(0, grid.headerRowCount).map((cells) => (
              <tr>
                {cells.map((cell) => (
                  <GridValue cell={cell} />
                ))}
              </tr>
            ))}
          </thead>
        ) : (
          ''
        )}
        {grid.bodyGroups.map((group) => (
          <tbody>
            {grid.rows.slice(group.start, group.end).map((cells) => (
              <tr>
                {cells.map((cell) => (
                  <GridValue cell={cell} />
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function Consolidated(props: { dashboard: SupervisionDashboard }): JSX.Element {
  const { current } = props.dashboard;
  const { consolidation, members } = current;
  const published = members.filter((m) => m.basis === 'published');
  const drafts = members.filter((m) => m.basis === 'draft');
  return (
    <section class="panel" aria-labelledby="consolidated-title">
      <h2 id="consolidated-title" safe>
        {consolidation.report.title ?? ''}
      </h2>
      <p safe>
        {`汇总 ${consolidation.included.length} 个机构：${published.length} 个按${CONSOLIDATION_BASIS_LABELS.published}，${drafts.length} 个按${CONSOLIDATION_BASIS_LABELS.draft}（发布前数据仍可能变化）。`}
      </p>
      {drafts.length > 0 ? <p safe>{`按草稿计入的机构：${someNames(drafts.map((m) => m.name))}。`}</p> : ''}
      {consolidation.excluded.map((e) => (
        <p class="notice" safe>
          {`${e.label}：${e.reason}。`}
        </p>
      ))}
      <GridTable grid={table2Grid(consolidation.report)} />
      <GridTable grid={table3Grid(consolidation.report)} />
      <GridTable grid={table4Grid(consolidation.report)} />
      {consolidation.blankCells.length > 0 ? (
        <details>
          <summary
            safe
          >{`${consolidation.blankCells.length} 个单元格有机构未填报（空白不计为 0，汇总数为已填报数之和）`}</summary>
          <ul>
            {consolidation.blankCells.map((b) => (
              <li safe>{`${b.cell}：${someNames(b.labels)}`}</li>
            ))}
          </ul>
        </details>
      ) : (
        ''
      )}
    </section>
  );
}

function number(value: number | null): string {
  return value === null ? '—' : String(value);
}

function signed(value: number | null, suffix = ''): string {
  if (value === null) return '—';
  return `${value > 0 ? '+' : ''}${value}${suffix}`;
}

function ComparisonTable(props: { rows: readonly ComparisonRow[]; year: number }): JSX.Element {
  return (
    <div class="table-wrap">
      <table id="comparison-table">
        <caption safe>{`${props.year} 年与 ${props.year - 1} 年对比`}</caption>
        <thead>
          <tr>
            <th scope="col">项目</th>
            <th scope="col" safe>{`${props.year}年`}</th>
            <th scope="col" safe>{`${props.year - 1}年`}</th>
            <th scope="col">增减</th>
            <th scope="col">增减幅度</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <th scope="row" safe>{`${row.label}（${row.unit}）`}</th>
              <td class="number" safe>
                {number(row.current)}
              </td>
              <td class="number" safe>
                {number(row.previous)}
              </td>
              <td class="number" safe>
                {signed(row.change, row.unit === '%' ? ' 个百分点' : '')}
              </td>
              <td class="number" safe>
                {signed(row.changePercent, '%')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The charts of the comparison: what each one shows, by the keys of compareYears. */
const CHARTS = [
  // Items (hundreds) and applications (a few) on separate scales, or the latter would not show.
  { id: 'chart-published', title: '主动公开政府信息', keys: ['published'], unit: '条' },
  { id: 'chart-applications', title: '依申请公开', keys: ['new', 'total', 'granted'], unit: '件' },
  { id: 'chart-rate', title: '予以公开率', keys: ['grantedRate'], unit: '%', max: 100 },
  {
    id: 'chart-appeals',
    title: '行政复议和行政诉讼',
    keys: ['reconsideration', 'litigation', 'corrected'],
    unit: '件',
  },
] as const;

function Comparison(props: { dashboard: SupervisionDashboard }): JSX.Element {
  const { comparison, year } = props.dashboard;
  if (comparison.length === 0) return '';
  const byKey = new Map(comparison.map((r) => [r.key, r]));
  return (
    <section class="panel" aria-labelledby="comparison-title">
      <h2 id="comparison-title">本年与上年对比</h2>
      <p>图中数据与下表相同；上年数据同样按已发布的报告或当前数据生成的草稿汇总。</p>
      {CHARTS.map((chart) => {
        const rows = chart.keys.map((k) => byKey.get(k)!);
        const safeSvg = barChartSvg({
          id: chart.id,
          title: `${chart.title}：${year}年与${year - 1}年`,
          categories: rows.map((r) => r.label),
          series: [
            { label: `${year}年`, values: rows.map((r) => r.current) },
            { label: `${year - 1}年`, values: rows.map((r) => r.previous) },
          ],
          unit: chart.unit,
          units: rows.map((r) => r.unit),
          ...('max' in chart ? { max: chart.max } : {}),
        });
        return <figure class="chart">{safeSvg}</figure>;
      })}
      <ComparisonTable rows={comparison} year={year} />
    </section>
  );
}

const STATES: readonly (ReportState | 'none')[] = ['none', 'draft', 'approved', 'published'];

/** The service hall's figures of the agency itself and of its whole subtree, for the year. */
export interface ServiceFigures {
  agency: ServiceStatistics;
  subtree: ServiceStatistics;
}

function ServicePanel(props: { figures: ServiceFigures; year: number; today: string }): JSX.Element {
  const { agency, subtree } = props.figures;
  const share = (s: ServiceStatistics) => {
    const value = dissatisfiedShare(s.ratings);
    return value === null ? '—' : formatPercent(value);
  };
  const rows: { label: string; of: (s: ServiceStatistics) => string }[] = [
    { label: '服务窗口（个）', of: (s) => String(s.windows) },
    { label: '政务服务事项（项）', of: (s) => String(s.items.total) },
    { label: '其中：乡镇级', of: (s) => String(s.items.byLevel.town) },
    { label: '其中：村级', of: (s) => String(s.items.byLevel.village) },
    ...SERVICE_ITEM_TYPE_IDS.map((t) => ({
      label: `其中：${SERVICE_ITEM_TYPES[t].label}`,
      of: (s: ServiceStatistics) => String(s.items.byType[t]),
    })),
    { label: '服务评价（条）', of: (s) => String(s.ratings.total) },
    ...SATISFACTION_LEVEL_IDS.map((l) => ({
      label: `其中：${SATISFACTION_LEVELS[l].label}`,
      of: (s: ServiceStatistics) => String(s.ratings.byLevel[l]),
    })),
    { label: '不满意率（不满意与非常不满意之和占评价总数）', of: share },
    { label: '受理效能投诉（件）', of: (s) => String(s.complaints.received) },
    { label: '已办结', of: (s) => String(s.complaints.answered) },
    { label: '按时办结', of: (s) => String(s.complaints.answeredOnTime) },
    { label: `逾期未办结（截至 ${props.today}）`, of: (s) => String(s.complaints.overdueOpen) },
  ];
  return (
    <section class="panel" aria-labelledby="services-title">
      <h2 id="services-title">政务服务</h2>
      <p safe>
        {`窗口和事项为${props.year}年末（本年度为截至目前）的数量；评价和效能投诉为${props.year}年内收到的。`}
      </p>
      <div class="table-wrap">
        <table>
          <caption>政务服务事项、服务评价和效能投诉</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              <th scope="col">本机关</th>
              <th scope="col">含全部下级机构</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row" safe>
                  {r.label}
                </th>
                <td class="num" safe>
                  {r.of(agency)}
                </td>
                <td class="num" safe>
                  {r.of(subtree)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SupervisionPage(props: {
  chrome: Chrome;
  dashboard: SupervisionDashboard;
  services: ServiceFigures;
}): JSX.Element {
  const { dashboard } = props;
  const { agency, year, totals } = dashboard;
  const stateCounts = STATES.map((s) => ({
    state: s,
    count: dashboard.lines.filter((l) => l.state === s).length,
  }));
  return (
    <OfficeLayout {...props.chrome} title="年度报告监督">
      <Breadcrumb items={[{ label: '工作台', href: '/office' }, { label: '年度报告监督' }]} />
      <h1 safe>{`${year} 年度政府信息公开工作年度报告监督 — ${agency.name}`}</h1>
      <form method="get" action={supervisionHref(agency.id)} class="inline-form">
        <label for="year">年度</label>
        <input id="year" name="year" value={String(year)} inputmode="numeric" maxlength="4" />
        <button type="submit">选择年度</button>
      </form>
      <p>
        <a href={supervisionExportHref(agency.id, year)}>导出本页全部内容（Excel）</a>
      </p>
      <section class="panel" aria-labelledby="summary-title">
        <h2 id="summary-title">概况</h2>
        <dl class="facts">
          <dt>应编制年度报告的机构</dt>
          <dd safe>{`${totals.agencies} 个`}</dd>
          <dt>已发布</dt>
          <dd safe>{`${totals.published} 个`}</dd>
          <dt>逾期（未发布或逾期发布）</dt>
          <dd safe>{`${totals.late} 个`}</dd>
          <dt>有错误的报告</dt>
          <dd safe>{`${totals.withErrors} 个`}</dd>
          <dt>超期未答复的申请</dt>
          <dd safe>{`${totals.overdueApplications} 件（截至 ${dashboard.today}）`}</dd>
          <dt>报告状态</dt>
          <dd safe>{stateCounts.map((s) => `${REPORT_STATE_LABELS[s.state]} ${s.count} 个`).join('，')}</dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="status-title">
        <h2 id="status-title">各机构年度报告情况</h2>
        <StatusTable dashboard={dashboard} />
      </section>
      <Consolidated dashboard={dashboard} />
      <Comparison dashboard={dashboard} />
      <ServicePanel figures={props.services} year={year} today={dashboard.today} />
    </OfficeLayout>
  );
}
