// Names of cells: JSON paths (as in `report check --json`) for tools, Chinese descriptions for people.
import {
  APPLICANT_COLUMNS,
  type ReportFormat,
  TABLE3_ROWS,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  type Table4GroupKey,
  table2Layout,
  table3Row,
} from './report-format.ts';

const TABLE2_2021_SCALAR_PATHS: Record<string, string> = {
  licensing: 'table2.licensing',
  penalty: 'table2.penalty',
  enforcement: 'table2.enforcement',
  fees: 'table2.feesWanYuan',
};

// Paths and descriptions are asked for thousands of times per report; they depend only on their arguments.
function memoize<A extends unknown[]>(compute: (...args: A) => string): (...args: A) => string {
  const cache = new Map<string, string>();
  return (...args: A) => {
    const key = args.join('\u0000');
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(...args);
      cache.set(key, value);
    }
    return value;
  };
}

export const table2Path = memoize((format: ReportFormat, rowKey: string, column: number): string => {
  if (format === '2021') {
    const scalar = TABLE2_2021_SCALAR_PATHS[rowKey];
    if (scalar) return scalar;
    const block = table2Layout(format).find((b) => b.rows.some((r) => r.key === rowKey));
    const columnKey = block?.columns[column]?.key;
    if (columnKey) return `table2.${rowKey}.${columnKey}`;
  }
  return `table2.legacy.${rowKey}[${column}]`;
});

const TABLE3_PATHS = new Map(
  TABLE3_ROWS.map((row) => [
    row.key,
    APPLICANT_COLUMNS.map((_, column) =>
      row.index === undefined
        ? `table3.rows.${row.json}[${column}]`
        : `table3.rows.${row.json}[${row.index}][${column}]`,
    ),
  ]),
);

export function table3Path(rowKey: string, column: number): string {
  const path = TABLE3_PATHS.get(rowKey)?.[column];
  if (path === undefined) throw new Error(`unknown table 三 cell: ${rowKey}[${column}]`);
  return path;
}

export function table3SubtotalPath(rowKey: string): string {
  return `table3.legalSubtotal.${rowKey}`;
}

export function table4Path(group: Table4GroupKey, result: number): string {
  return `table4.${group}[${result}]`;
}

export function describeTable2Cell(format: ReportFormat, rowKey: string, column: number): string {
  for (const block of table2Layout(format)) {
    const row = block.rows.find((r) => r.key === rowKey);
    if (row) return `表二${block.item}“${row.label}”的“${block.columns[column]?.label ?? ''}”`;
  }
  return `表二“${rowKey}”`;
}

export const describeTable3Row = memoize((rowKey: string): string => {
  const row = table3Row(rowKey);
  return row.groupLabel ? `“${row.groupLabel}${row.label}”` : `“${row.label}”`;
});

export function describeTable3Cell(rowKey: string, column: number): string {
  return `表三${describeTable3Row(rowKey)}行“${APPLICANT_COLUMNS[column]}”列`;
}

export function describeTable4Cell(group: Table4GroupKey, result: number): string {
  const g = TABLE4_GROUPS.find((x) => x.key === group)!;
  const prefix = g.parent ? `${g.parent}（${g.label}）` : g.label;
  return `表四${prefix}“${TABLE4_RESULTS[result]}”`;
}
