// This year against last year, from two consolidated (or single) reports: the figures a supervisor
// compares — applications received and handled, 予以公开 and its rate, 复议 and 诉讼, decisions of
// table 二 — and the items published, which the tables do not hold (given by the caller). Pure.
import type { AnnualReport, Cell } from './report.ts';
import { TABLE4_TOTAL, TOTAL_COLUMN, table3Rows } from './report-format.ts';

export type ComparisonUnit = '件' | '条' | '%' | '万元';

export interface ComparisonRow {
  key: string;
  label: string;
  unit: ComparisonUnit;
  current: number | null;
  previous: number | null;
  /** current − previous (percentage points for a rate); null when either is unknown. */
  change: number | null;
  /** The change relative to last year, in per cent; null when unknown or last year was 0. */
  changePercent: number | null;
}

export interface YearFigures {
  report: AnnualReport;
  /** Items published in the year on every channel; null when unknown. */
  published: number | null;
}

const round = (value: number, decimals: number) => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};

function total3(report: AnnualReport, key: string): Cell {
  return report.table3[key]?.[TOTAL_COLUMN] ?? null;
}

/** The sum of the cells, null when one of them is blank. */
function sumOf(cells: readonly Cell[]): Cell {
  let total = 0;
  for (const c of cells) {
    if (c === null) return null;
    total += c;
  }
  return total;
}

const DENIED_KEYS = table3Rows('2021')
  .filter((r) => r.group === 'denied')
  .map((r) => r.key);

/** The 予以公开 share of the handled applications, in per cent with one decimal. */
export function grantedRate(report: AnnualReport): number | null {
  const granted = total3(report, 'granted');
  const total = total3(report, 'total');
  if (granted === null || total === null || total === 0) return null;
  return round((granted / total) * 100, 1);
}

function figures(year: YearFigures): { key: string; label: string; unit: ComparisonUnit; value: Cell }[] {
  const r = year.report;
  const t4 = (key: 'reconsideration' | 'litigationDirect' | 'litigationAfterReconsideration') =>
    r.table4[key]?.[TABLE4_TOTAL] ?? null;
  const corrected = sumOf(
    (['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'] as const).map(
      (k) => r.table4[k]?.[1] ?? null,
    ),
  );
  return [
    { key: 'published', label: '主动公开政府信息', unit: '条', value: year.published },
    { key: 'new', label: '本年新收政府信息公开申请', unit: '件', value: total3(r, 'new') },
    { key: 'total', label: '本年度办理结果总计', unit: '件', value: total3(r, 'total') },
    { key: 'granted', label: '予以公开', unit: '件', value: total3(r, 'granted') },
    { key: 'grantedRate', label: '予以公开率', unit: '%', value: grantedRate(r) },
    { key: 'partial', label: '部分公开', unit: '件', value: total3(r, 'partial') },
    {
      key: 'denied',
      label: '不予公开',
      unit: '件',
      value: sumOf(DENIED_KEYS.map((k) => total3(r, k))),
    },
    { key: 'carriedOut', label: '结转下年度继续办理', unit: '件', value: total3(r, 'carriedOut') },
    { key: 'reconsideration', label: '行政复议', unit: '件', value: t4('reconsideration') },
    {
      key: 'litigation',
      label: '行政诉讼',
      unit: '件',
      value: sumOf([t4('litigationDirect'), t4('litigationAfterReconsideration')]),
    },
    { key: 'corrected', label: '复议、诉讼结果纠正', unit: '件', value: corrected },
    { key: 'licensing', label: '行政许可处理决定', unit: '件', value: r.table2.licensing?.[0] ?? null },
    { key: 'penalty', label: '行政处罚处理决定', unit: '件', value: r.table2.penalty?.[0] ?? null },
    { key: 'fees', label: '行政事业性收费', unit: '万元', value: r.table2.fees?.[0] ?? null },
  ];
}

/** Each figure this year and last year, with the change. */
export function compareYears(current: YearFigures, previous: YearFigures): ComparisonRow[] {
  const before = new Map(figures(previous).map((f) => [f.key, f.value]));
  return figures(current).map((f) => {
    const last = before.get(f.key) ?? null;
    const known = f.value !== null && last !== null;
    // Money keeps its 4 decimals (元), a rate its one decimal; counts are integers anyway.
    const change = known ? round(f.value! - last!, f.unit === '万元' ? 4 : 1) : null;
    return {
      key: f.key,
      label: f.label,
      unit: f.unit,
      current: f.value,
      previous: last,
      change,
      changePercent:
        known && last !== 0 && f.unit !== '%' ? round(((f.value! - last!) / last!) * 100, 1) : null,
    };
  });
}
