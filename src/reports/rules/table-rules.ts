// R1–R7: the arithmetic of tables 二, 三 and 四. A rule whose cells are blank or unreadable is not
// evaluated (R5 reports those cells), so one defect is reported once, by the rule it breaks.
import { classifyBody, mayIssueRegulations } from '../body-kind.ts';
import {
  describeTable2Cell,
  describeTable3Row,
  describeTable4Cell,
  table2Path,
  table3Path,
  table3SubtotalPath,
  table4Path,
} from '../cell-paths.ts';
import { type Finding, finding } from '../findings.ts';
import type { AnnualReport, Cell } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  COLUMN_COUNT,
  LEGAL_PERSON_COLUMNS,
  type ReportFormat,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  TABLE4_TOTAL,
  TOTAL_COLUMN,
  table2Layout,
  table3Rows,
} from '../report-format.ts';

const COLUMNS = Array.from({ length: COLUMN_COUNT }, (_, c) => c);

function allNumbers(values: Cell[]): values is number[] {
  return values.every((v) => typeof v === 'number');
}

function sum(values: number[]): number {
  // Table 二 fees are decimals in 万元; round away binary noise.
  return Math.round(values.reduce((a, b) => a + b, 0) * 1e6) / 1e6;
}

function cell(report: AnnualReport, rowKey: string, column: number): Cell {
  return report.table3[rowKey]?.[column] ?? null;
}

export function ruleR1(report: AnnualReport): Finding[] {
  return COLUMNS.flatMap((c) => {
    const values = ['new', 'carriedIn', 'total', 'carriedOut'].map((k) => cell(report, k, c));
    if (!allNumbers(values)) return [];
    const [a = 0, b = 0, t = 0, o = 0] = values;
    if (a + b === t + o) return [];
    return [
      finding(
        'R1',
        `表三“${APPLICANT_COLUMNS[c]}”列：一（本年新收 ${a}）加二（上年结转 ${b}）为 ${a + b}，` +
          `但三（七）总计 ${t} 加四（结转下年度 ${o}）为 ${t + o}，两者应相等。`,
        ['new', 'carriedIn', 'total', 'carriedOut'].map((k) => table3Path(k, c)),
      ),
    ];
  });
}

export function ruleR2(report: AnnualReport): Finding[] {
  return table3Rows(report.format).flatMap((def) => {
    const row = report.table3[def.key] ?? [];
    if (!allNumbers(row)) return [];
    const parts = row.slice(0, TOTAL_COLUMN);
    const expected = sum(parts);
    const total = row[TOTAL_COLUMN]!;
    if (expected === total) return [];
    return [
      finding(
        'R2',
        `表三${describeTable3Row(def.key)}行：各申请人列之和为 ${expected}（${parts.join('+')}），但“总计”列为 ${total}。`,
        COLUMNS.map((c) => table3Path(def.key, c)),
      ),
    ];
  });
}

export function ruleR3(report: AnnualReport): Finding[] {
  const results = table3Rows(report.format).filter((r) => r.result);
  return COLUMNS.flatMap((c) => {
    const values = results.map((r) => cell(report, r.key, c));
    const total = cell(report, 'total', c);
    if (!allNumbers(values) || total === null) return [];
    const expected = sum(values);
    if (expected === total) return [];
    return [
      finding(
        'R3',
        `表三“${APPLICANT_COLUMNS[c]}”列：${results.length}个办理结果行之和为 ${expected}，但“（七）总计”为 ${total}。`,
        [...results.map((r) => table3Path(r.key, c)), table3Path('total', c)],
      ),
    ];
  });
}

export function ruleR4(report: AnnualReport): Finding[] {
  const subtotals = report.table3LegalSubtotal;
  if (!subtotals) return [];
  return Object.entries(subtotals).flatMap(([rowKey, subtotal]) => {
    const parts = LEGAL_PERSON_COLUMNS.map((c) => cell(report, rowKey, c));
    if (subtotal === null || !allNumbers(parts)) return [];
    const expected = sum(parts);
    if (expected === subtotal) return [];
    return [
      finding(
        'R4',
        `表三${describeTable3Row(rowKey)}行：“法人或其他组织”小计为 ${subtotal}，但五个子列之和为 ${expected}（${parts.join('+')}）。`,
        [table3SubtotalPath(rowKey), ...LEGAL_PERSON_COLUMNS.map((c) => table3Path(rowKey, c))],
      ),
    ];
  });
}

interface CellLayout {
  path: string;
  name: string;
  integer: boolean;
  signed: boolean;
}

interface RowLayout {
  /** How a message names the row. */
  row: string;
  table: 'table2' | 'table3' | 'table4';
  key: string;
  cells: CellLayout[];
}

interface TableLayouts {
  table2: RowLayout[];
  table3: RowLayout[];
  table4: RowLayout[];
}

// The cells' paths and names depend only on the format: worked out once, not for every report.
const LAYOUTS = new Map<ReportFormat, TableLayouts>();

function layouts(format: ReportFormat): TableLayouts {
  let found = LAYOUTS.get(format);
  if (found) return found;
  found = {
    table2: table2Layout(format).flatMap((block) =>
      block.rows.map((row) => ({
        row: `表二“${row.label}”行`,
        table: 'table2' as const,
        key: row.key,
        cells: block.columns.map((column, i) => ({
          path: table2Path(format, row.key, i),
          name: column.label,
          integer: !column.decimal,
          signed: column.signed === true,
        })),
      })),
    ),
    table3: table3Rows(format).map((def) => ({
      row: `表三${describeTable3Row(def.key)}行`,
      table: 'table3' as const,
      key: def.key,
      cells: COLUMNS.map((c) => ({
        path: table3Path(def.key, c),
        name: APPLICANT_COLUMNS[c]!,
        integer: true,
        signed: false,
      })),
    })),
    table4: TABLE4_GROUPS.map((g) => ({
      row: `表四“${g.label}”`,
      table: 'table4' as const,
      key: g.key,
      cells: TABLE4_RESULTS.map((name, r) => ({
        path: table4Path(g.key, r),
        name,
        integer: true,
        signed: false,
      })),
    })),
  };
  LAYOUTS.set(format, found);
  return found;
}

function rowValues(report: AnnualReport, layout: RowLayout): readonly Cell[] {
  return (report[layout.table] as Record<string, Cell[] | undefined>)[layout.key] ?? [];
}

/** R5: blank, unreadable, negative or fractional cells of tables 三 and 四, and blanks in table 二. */
export function ruleR5(report: AnnualReport): Finding[] {
  const findings: Finding[] = [];
  const { table2, table3, table4 } = layouts(report.format);
  for (const layout of [...table2, ...table3, ...table4]) {
    const values = rowValues(report, layout);
    const blank: CellLayout[] = [];
    const unreadable: CellLayout[] = [];
    const bad: { cell: CellLayout; value: number }[] = [];
    layout.cells.forEach((cell, i) => {
      const value = values[i] ?? null;
      if (value === null) {
        if (!(cell.path in report.unreadableCells)) blank.push(cell);
        else if (report.unreadableCells[cell.path]) unreadable.push(cell);
      } else if (layout.table !== 'table2' && (!Number.isInteger(value) || value < 0)) {
        // Table 二's own values (decimals, signs) are R7's business.
        bad.push({ cell, value });
      }
    });
    if (blank.length > 0) {
      findings.push(
        finding(
          'R5',
          `${layout.row}有 ${blank.length} 个空白单元格（${blank.map((c) => c.name).join('、')}）；没有数据应填 0。`,
          blank.map((c) => c.path),
        ),
      );
    }
    if (unreadable.length > 0) {
      findings.push(
        finding(
          'R5',
          `${layout.row}的${unreadable.map((c) => `“${c.name}”（${report.unreadableCells[c.path]}）`).join('、')}不是数字。`,
          unreadable.map((c) => c.path),
          'error',
        ),
      );
    }
    if (bad.length > 0) {
      findings.push(
        finding(
          'R5',
          `${layout.row}的${bad.map((b) => `“${b.cell.name}”为 ${b.value}`).join('、')}；件数应为非负整数。`,
          bad.map((b) => b.cell.path),
          'error',
        ),
      );
    }
  }
  return findings;
}

export function ruleR6(report: AnnualReport): Finding[] {
  return TABLE4_GROUPS.flatMap((g) => {
    const row = report.table4[g.key];
    if (!allNumbers(row)) return [];
    const parts = row.slice(0, TABLE4_TOTAL);
    const expected = sum(parts);
    if (expected === row[TABLE4_TOTAL]) return [];
    return [
      finding(
        'R6',
        `${describeTable4Cell(g.key, TABLE4_TOTAL)}为 ${row[TABLE4_TOTAL]}，但维持、纠正、其他、尚未审结之和为 ${expected}（${parts.join('+')}）。`,
        TABLE4_RESULTS.map((_, r) => table4Path(g.key, r)),
      ),
    ];
  });
}

/** Fees above this many 万元 (1 亿元) from a single body almost always mean the amount was typed in 元. */
const IMPLAUSIBLE_FEES_WAN_YUAN = 10_000;

export function ruleR7(report: AnnualReport): Finding[] {
  const findings: Finding[] = [];
  for (const layout of layouts(report.format).table2) {
    const values = rowValues(report, layout);
    layout.cells.forEach((c, i) => {
      const value = values[i] ?? null;
      if (value === null) return;
      if (value < 0 && !c.signed) {
        findings.push(finding('R7', `${layout.row}的“${c.name}”为负数 ${value}。`, [c.path]));
      } else if (c.integer && !Number.isInteger(value)) {
        findings.push(finding('R7', `${layout.row}的“${c.name}”为 ${value}；件数应为整数。`, [c.path]));
      }
    });
  }
  if (report.format === '2021') {
    const fees = report.table2.fees?.[0] ?? null;
    if (fees !== null && fees > IMPLAUSIBLE_FEES_WAN_YUAN) {
      findings.push(
        finding(
          'R7',
          `表二“行政事业性收费”为 ${fees} 万元（即 ${fees / 10_000} 亿元），单位应为万元，疑似按元填写。`,
          [table2Path('2021', 'fees', 0)],
          'warning',
        ),
      );
    }
    const decimals = fees === null ? 0 : (String(fees).split('.')[1] ?? '').length;
    if (decimals > 4) {
      findings.push(
        finding(
          'R7',
          `表二“行政事业性收费”${fees} 万元的小数超过4位（精确到元即4位小数）。`,
          [table2Path('2021', 'fees', 0)],
          'warning',
        ),
      );
    }
  }
  const kind = classifyBody(report.body);
  const regulations = report.table2.regulations ?? [];
  if (mayIssueRegulations(kind) === false && regulations.some((v) => v !== null && v > 0)) {
    findings.push(
      finding(
        'R7',
        `${report.body}没有规章制定权（只有省级和设区的市级人民政府可以制定规章），但表二“规章”一行不为 0（${regulations.join('、')}）。`,
        regulations.map((_, i) => table2Path(report.format, 'regulations', i)),
      ),
    );
  }
  if (kind === 'township') {
    const issued = report.table2.normativeDocs?.[0] ?? null;
    if (issued !== null && issued > 0) {
      findings.push(
        finding(
          'R7',
          `乡镇、街道较少制发行政规范性文件，本年制发 ${issued} 件，请确认${describeTable2Cell(report.format, 'normativeDocs', 0)}无误。`,
          [table2Path(report.format, 'normativeDocs', 0)],
          'info',
        ),
      );
    }
  }
  return findings;
}

export const TABLE_RULES = [ruleR1, ruleR2, ruleR3, ruleR4, ruleR5, ruleR6, ruleR7];
