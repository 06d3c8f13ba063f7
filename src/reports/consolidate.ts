// The consolidated (汇总) report of many reports: tables 二, 三 and 四 summed cell by cell, for the
// supervising agency of a subtree. Pure: the caller chooses the reports (published snapshots or
// live drafts) and names the supervising body.
//
// Blank and unreadable cells: a blank is a format defect, not a 0 (R5), but a supervisor still
// needs the total of what was reported. So a consolidated cell is the sum of the numbers given; it
// is blank only when no report gives a number for it; and every cell to which some report
// contributed a blank (or an unreadable value) is listed with the reports concerned, so the
// dashboard can say which agencies did not fill it. When every input satisfies R1–R7 (and so has
// no blanks), the sums satisfy them too: each identity is linear in the cells.
//
// Money (行政事业性收费, 万元 with decimals): summed as integers at the finest precision printed in
// the inputs (at most 6 decimals, as the table rules compare), so 0.1 + 0.2 gives 0.3, not 0.30000000000000004.
import {
  describeTable2Cell,
  describeTable3Cell,
  describeTable4Cell,
  table2Path,
  table3Path,
  table4Path,
} from './cell-paths.ts';
import { type AnnualReport, type Cell, emptyReport } from './report.ts';
import {
  COLUMN_COUNT,
  type ReportFormat,
  SECTIONS,
  sectionHeading,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from './report-format.ts';

export interface ConsolidationInput {
  /** How the report is named to people (the agency's name). */
  label: string;
  report: AnnualReport;
}

export interface ConsolidationOptions {
  /** The supervising body whose subtree is consolidated (e.g. 济源产城融合示范区). */
  body: string;
  year: number;
  /** The format of the consolidation; by default that of the first report (2021 without reports). */
  format?: ReportFormat;
}

export interface Consolidation {
  /** The consolidated tables in a report with the six headings and a preamble saying what was summed. */
  report: AnnualReport;
  /** Labels of the reports summed, in the order given. */
  included: string[];
  /** Reports not summed because their tables have another layout (2019 format among 2021 reports). */
  excluded: { label: string; reason: string }[];
  /** Cell path → labels of the included reports whose cell was blank or unreadable. */
  blanks: Record<string, string[]>;
  /** The same, in the tables' order, each cell described in Chinese. */
  blankCells: { path: string; cell: string; labels: string[] }[];
}

/** The most decimals a money cell is summed at (the table rules compare at 1e-6). */
const MAX_DECIMALS = 6;

/** Decimals needed to write the number exactly, up to MAX_DECIMALS. */
function decimalsOf(value: number): number {
  for (let d = 0; d < MAX_DECIMALS; d++) {
    const scaled = value * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled))) return d;
  }
  return MAX_DECIMALS;
}

/**
 * The exact sum of decimal amounts: each scaled to an integer at the finest precision among them,
 * added as integers, divided once (a correctly rounded division gives the double of the decimal).
 */
export function sumDecimals(values: readonly number[]): number {
  const decimals = values.reduce((d, v) => Math.max(d, decimalsOf(v)), 0);
  const scale = 10 ** decimals;
  let total = 0;
  for (const v of values) total += Math.round(v * scale);
  return total / scale;
}

/** The title of a consolidated report, e.g. 济源产城融合示范区2022年政府信息公开工作年度报告（汇总）. */
export function consolidatedTitle(body: string, year: number): string {
  return `${body}${year}年政府信息公开工作年度报告（汇总）`;
}

interface RowShape {
  table: 'table2' | 'table3' | 'table4';
  key: string;
  width: number;
  /** Cells of amounts with decimals. */
  decimal: readonly boolean[];
  path: (column: number) => string;
  describe: (column: number) => string;
}

function rowShapes(format: ReportFormat): RowShape[] {
  return [
    ...table2Layout(format).flatMap((block) =>
      block.rows.map((row) => ({
        table: 'table2' as const,
        key: row.key,
        width: block.columns.length,
        decimal: block.columns.map((c) => c.decimal === true),
        path: (column: number) => table2Path(format, row.key, column),
        describe: (column: number) => describeTable2Cell(format, row.key, column),
      })),
    ),
    ...table3Rows(format).map((row) => ({
      table: 'table3' as const,
      key: row.key,
      width: COLUMN_COUNT,
      decimal: Array<boolean>(COLUMN_COUNT).fill(false),
      path: (column: number) => table3Path(row.key, column),
      describe: (column: number) => describeTable3Cell(row.key, column),
    })),
    ...TABLE4_GROUPS.map((group) => ({
      table: 'table4' as const,
      key: group.key,
      width: TABLE4_RESULTS.length,
      decimal: Array<boolean>(TABLE4_RESULTS.length).fill(false),
      path: (column: number) => table4Path(group.key, column),
      describe: (column: number) => describeTable4Cell(group.key, column),
    })),
  ];
}

function rowOf(report: AnnualReport, shape: RowShape): readonly Cell[] {
  return (report[shape.table] as Record<string, Cell[] | undefined>)[shape.key] ?? [];
}

/** Sums tables 二, 三 and 四 of the reports per cell (see the rules at the top of this file). */
export function consolidateReports(
  inputs: readonly ConsolidationInput[],
  options: ConsolidationOptions,
): Consolidation {
  const format = options.format ?? inputs[0]?.report.format ?? '2021';
  const included = inputs.filter((i) => i.report.format === format);
  const excluded = inputs
    .filter((i) => i.report.format !== format)
    .map((i) => ({
      label: i.label,
      reason: `该报告为${i.report.format}年格式，表格与${format}年格式不同，未计入汇总`,
    }));
  const report = emptyReport(format);
  const blanks: Record<string, string[]> = {};
  const blankCells: Consolidation['blankCells'] = [];
  for (const shape of rowShapes(format)) {
    const rows = included.map((i) => rowOf(i.report, shape));
    const summed: Cell[] = [];
    for (let c = 0; c < shape.width; c++) {
      const numbers: number[] = [];
      const missing: string[] = [];
      rows.forEach((row, r) => {
        const value = row[c] ?? null;
        if (value === null || !Number.isFinite(value)) missing.push(included[r]!.label);
        else numbers.push(value);
      });
      if (missing.length > 0) {
        blanks[shape.path(c)] = missing;
        blankCells.push({ path: shape.path(c), cell: shape.describe(c), labels: missing });
      }
      if (numbers.length === 0) summed.push(null);
      else if (shape.decimal[c]) summed.push(sumDecimals(numbers));
      else summed.push(numbers.reduce((a, b) => a + b, 0));
    }
    (report[shape.table] as Record<string, Cell[]>)[shape.key] = summed;
  }
  report.body = options.body;
  report.year = options.year;
  report.title = consolidatedTitle(options.body, options.year);
  report.preamble = [
    `本报告汇总${options.body}范围内${included.length}个机构${options.year}年度政府信息公开工作年度报告的表二、表三、表四数据，各单元格为各机构数据之和。`,
  ];
  report.sections = SECTIONS.map((s) => ({ key: s.key, heading: sectionHeading(s), paragraphs: [] }));
  return { report, included: included.map((i) => i.label), excluded, blanks, blankCells };
}
