// Everything on the supervisor's dashboard as one Excel workbook, a sheet per block: the agencies'
// report status, the consolidated tables 二, 三 and 四 in the national layout (numbers as numeric
// cells), what was summed (published or draft, blank cells, reports left out), the comparison
// with last year, and the 政务服务 figures of the agency and of its subtree (the dashboard's panel).
import ExcelJS from 'exceljs';
import { AGENCY_KINDS } from '../../agencies/index.ts';
import {
  CONSOLIDATION_BASIS_LABELS,
  DEADLINE_STATUS_LABELS,
  REPORT_STATE_LABELS,
  type SupervisionDashboard,
} from '../../annual-reports/index.ts';
import { type TableGrid, table2Grid, table3Grid, table4Grid } from '../../reports/render/layout.ts';
import {
  dissatisfiedShare,
  formatPercent,
  SATISFACTION_LEVEL_IDS,
  SATISFACTION_LEVELS,
  SERVICE_ITEM_TYPE_IDS,
  SERVICE_ITEM_TYPES,
  type ServiceStatistics,
} from '../../services/index.ts';
import type { ServiceFigures } from './supervision-pages.tsx';

export const SUPERVISION_SHEETS = {
  summary: '概况',
  status: '各机构年报情况',
  table2: '汇总表二 主动公开',
  table3: '汇总表三 依申请公开',
  table4: '汇总表四 复议诉讼',
  members: '汇总范围',
  comparison: '年度对比',
  services: '政务服务',
} as const;

/** A figure of the 政务服务 sheet: a count, a share (shown as a percentage) or none (—). */
type ServiceFigure = number | { percent: number } | null;

/**
 * The rows of the dashboard's 政务服务 panel (supervision-pages.tsx), labels as there, values as
 * numbers: the 不满意率 is the page's rounded percentage, so the cell shows what the page shows.
 */
export function serviceFigureRows(
  today: string,
): { label: string; of: (s: ServiceStatistics) => ServiceFigure }[] {
  return [
    { label: '服务窗口（个）', of: (s) => s.windows },
    { label: '政务服务事项（项）', of: (s) => s.items.total },
    { label: '其中：乡镇级', of: (s) => s.items.byLevel.town },
    { label: '其中：村级', of: (s) => s.items.byLevel.village },
    ...SERVICE_ITEM_TYPE_IDS.map((t) => ({
      label: `其中：${SERVICE_ITEM_TYPES[t].label}`,
      of: (s: ServiceStatistics) => s.items.byType[t],
    })),
    { label: '服务评价（条）', of: (s) => s.ratings.total },
    ...SATISFACTION_LEVEL_IDS.map((l) => ({
      label: `其中：${SATISFACTION_LEVELS[l].label}`,
      of: (s: ServiceStatistics) => s.ratings.byLevel[l],
    })),
    {
      label: '不满意率（不满意与非常不满意之和占评价总数）',
      of: (s) => {
        const share = dissatisfiedShare(s.ratings);
        if (share === null) return null;
        // “33.3%” → 333 tenths → 0.333 (not 33.3 / 100, a binary fraction), shown with one decimal
        // like the page (formatPercent rounds half up).
        return { percent: Number(formatPercent(share).slice(0, -1).replace('.', '')) / 1000 };
      },
    },
    { label: '受理效能投诉（件）', of: (s) => s.complaints.received },
    { label: '已办结', of: (s) => s.complaints.answered },
    { label: '按时办结', of: (s) => s.complaints.answeredOnTime },
    { label: `逾期未办结（截至 ${today}）`, of: (s) => s.complaints.overdueOpen },
  ];
}

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

function headerRow(sheet: ExcelJS.Worksheet, labels: readonly string[]): void {
  const row = sheet.addRow([...labels]);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
}

function titleRow(sheet: ExcelJS.Worksheet, title: string): void {
  sheet.addRow([title]).font = { bold: true, size: 14 };
}

function writeGrid(workbook: ExcelJS.Workbook, name: string, title: string, grid: TableGrid): void {
  const sheet = workbook.addWorksheet(name);
  titleRow(sheet, title);
  const offset = 1; // the title row
  sheet.columns = Array.from({ length: grid.columnCount }, (_, c) => ({
    width: c < grid.labelColumnCount ? 24 : 12,
  }));
  for (let r = 1; r <= grid.rowCount; r++)
    for (let c = 1; c <= grid.columnCount; c++) sheet.getCell(r + offset, c).border = BORDER;
  for (const cells of grid.rows)
    for (const cell of cells) {
      const top = cell.row + 1 + offset;
      const left = cell.col + 1;
      const bottom = top + cell.rowSpan - 1;
      const right = left + cell.colSpan - 1;
      if (bottom > top || right > left) sheet.mergeCells(top, left, bottom, right);
      const target = sheet.getCell(top, left);
      if (cell.role === 'value') {
        if (cell.value !== null && Number.isFinite(cell.value)) target.value = cell.value;
        target.alignment = { horizontal: 'right' };
      } else {
        target.value = cell.text;
        target.alignment = { wrapText: true, vertical: 'middle' };
        if (cell.role !== 'rowHeader') target.fill = HEADER_FILL;
      }
    }
}

export async function supervisionWorkbook(
  dashboard: SupervisionDashboard,
  services: ServiceFigures,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const { agency, year, current } = dashboard;
  workbook.title = `${agency.name}${year}年度政府信息公开工作年度报告监督`;
  workbook.creator = 'gongkai';

  const { totals } = dashboard;
  const summary = workbook.addWorksheet(SUPERVISION_SHEETS.summary);
  titleRow(summary, `${agency.name} ${year} 年度政府信息公开工作年度报告监督（截至 ${dashboard.today}）`);
  summary.columns = [{ width: 30 }, { width: 14 }];
  for (const [label, value] of [
    ['应编制年度报告的机构（个）', totals.agencies],
    ['已发布（个）', totals.published],
    ['逾期未发布或逾期发布（个）', totals.late],
    ['有错误的报告（个）', totals.withErrors],
    ['超期未答复的申请（件）', totals.overdueApplications],
  ] as const)
    summary.addRow([label, value]);
  for (const state of ['none', 'draft', 'approved', 'published'] as const)
    summary.addRow([
      `报告状态：${REPORT_STATE_LABELS[state]}（个）`,
      dashboard.lines.filter((l) => l.state === state).length,
    ]);

  const status = workbook.addWorksheet(SUPERVISION_SHEETS.status);
  titleRow(status, `${agency.name} ${year} 年度各机构年度报告情况（截至 ${dashboard.today}）`);
  headerRow(status, [
    '机构',
    '类型',
    '报告状态',
    '错误',
    '警告',
    '发布期限',
    '发布日期',
    '期限状态',
    '超期未答复申请',
    '主动公开信息',
  ]);
  status.columns = [30, 10, 14, 8, 8, 12, 12, 14, 16, 14].map((width) => ({ width }));
  for (const line of dashboard.lines) {
    status.addRow([
      line.name,
      AGENCY_KINDS[line.kind].label,
      REPORT_STATE_LABELS[line.state],
      line.errors,
      line.warnings,
      line.deadline,
      line.publishedOn ?? '',
      DEADLINE_STATUS_LABELS[line.status],
      line.overdueApplications,
      line.publishedItems,
    ]);
  }

  const title = current.consolidation.report.title ?? '';
  const report = current.consolidation.report;
  writeGrid(workbook, SUPERVISION_SHEETS.table2, title, table2Grid(report));
  writeGrid(workbook, SUPERVISION_SHEETS.table3, title, table3Grid(report));
  writeGrid(workbook, SUPERVISION_SHEETS.table4, title, table4Grid(report));

  const members = workbook.addWorksheet(SUPERVISION_SHEETS.members);
  titleRow(members, `${title}：汇总的报告`);
  headerRow(members, ['机构', '计入汇总的报告', '报告状态']);
  members.columns = [30, 24, 14].map((width) => ({ width }));
  for (const m of current.members)
    members.addRow([
      m.name,
      m.source === 'imported'
        ? `${CONSOLIDATION_BASIS_LABELS[m.basis]}（导入）`
        : CONSOLIDATION_BASIS_LABELS[m.basis],
      REPORT_STATE_LABELS[m.state],
    ]);
  if (current.consolidation.blankCells.length > 0) {
    members.addRow([]);
    headerRow(members, ['空白单元格', '未填报的机构']);
    for (const b of current.consolidation.blankCells) members.addRow([b.cell, b.labels.join('、')]);
  }
  if (current.consolidation.excluded.length > 0) {
    members.addRow([]);
    headerRow(members, ['未计入汇总的报告', '原因']);
    for (const e of current.consolidation.excluded) members.addRow([e.label, e.reason]);
  }

  const comparison = workbook.addWorksheet(SUPERVISION_SHEETS.comparison);
  titleRow(comparison, `${agency.name} ${year} 年与 ${year - 1} 年对比`);
  headerRow(comparison, ['项目', '单位', `${year}年`, `${year - 1}年`, '增减', '增减幅度（%）']);
  comparison.columns = [26, 8, 12, 12, 12, 14].map((width) => ({ width }));
  for (const row of dashboard.comparison)
    comparison.addRow([row.label, row.unit, row.current, row.previous, row.change, row.changePercent]);

  const hall = workbook.addWorksheet(SUPERVISION_SHEETS.services);
  titleRow(hall, `${agency.name} ${year} 年度政务服务事项、服务评价和效能投诉`);
  hall.addRow([`窗口和事项为${year}年末（本年度为当前）的数量；评价和效能投诉为${year}年内收到的。`]);
  headerRow(hall, ['项目', '本机关', '含全部下级机构']);
  hall.columns = [44, 14, 16].map((width) => ({ width }));
  for (const figure of serviceFigureRows(dashboard.today)) {
    const row = hall.addRow([figure.label]);
    [services.agency, services.subtree].forEach((statistics, i) => {
      const cell = row.getCell(i + 2);
      const value = figure.of(statistics);
      if (value === null) cell.value = '—';
      else if (typeof value === 'number') cell.value = value;
      else {
        cell.value = value.percent;
        cell.numFmt = '0.0%';
      }
      cell.alignment = { horizontal: 'right' };
    });
  }

  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
