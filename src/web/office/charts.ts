// Charts as inline SVG written on the server: no script, no external service, nothing the CSP
// refuses (presentation attributes only, no style attribute or element). Each chart is an image
// with a <title> and a <desc> that says every value in words; the page puts the same figures in a
// table beside it. Every text is escaped here, so the result is safe to embed as it is.
import Html from '@kitajs/html';

export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
  /** Bar colour; both defaults contrast with white by more than 3:1. */
  color?: string;
}

export interface BarChart {
  /** Unique on the page: the ids of <title> and <desc> derive from it. */
  id: string;
  title: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** Unit after each value (件, 条, %). */
  unit: string;
  /** A unit per category where they differ (条 of items beside 件 of applications). */
  units?: readonly string[];
  /** The axis maximum; the largest value when absent (100 for a rate). */
  max?: number;
}

const COLORS = ['#1a5fb4', '#8f5902', '#2e7d32', '#a51d2d'] as const;
const WIDTH = 640;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 90;
const BAR_HEIGHT = 16;
const BAR_GAP = 2;
const GROUP_GAP = 12;
const LEGEND_HEIGHT = 28;

const esc = (text: string) => Html.escapeHtml(text);

function formatValue(value: number | null, unit: string): string {
  return value === null ? '无数据' : `${value}${unit}`;
}

/** What the chart shows, in words: the <desc> for screen readers. */
export function chartDescription(chart: BarChart): string {
  return chart.categories
    .map((category, c) => {
      const unit = chart.units?.[c] ?? chart.unit;
      const parts = chart.series.map((s) => `${s.label}${formatValue(s.values[c] ?? null, unit)}`);
      return `${category}：${parts.join('，')}`;
    })
    .join('；');
}

/** A horizontal grouped bar chart: one group per category, one bar per series. */
export function barChartSvg(chart: BarChart): string {
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = chart.max ?? Math.max(1, ...values);
  const barArea = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const groupHeight = chart.series.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
  const height = LEGEND_HEIGHT + chart.categories.length * (groupHeight + GROUP_GAP) + GROUP_GAP;
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="${esc(titleId)} ${esc(descId)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" font-family="sans-serif" font-size="13">`,
    `<title id="${esc(titleId)}">${esc(chart.title)}</title>`,
    `<desc id="${esc(descId)}">${esc(chartDescription(chart))}</desc>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
  );
  // Legend: a swatch and the series label each.
  let x = LABEL_WIDTH;
  chart.series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length]!;
    parts.push(
      `<rect x="${x}" y="8" width="12" height="12" fill="${esc(color)}"/>`,
      `<text x="${x + 16}" y="18" fill="#111111">${esc(s.label)}</text>`,
    );
    x += 24 + s.label.length * 14;
  });
  // The axis line at zero.
  parts.push(
    `<line x1="${LABEL_WIDTH}" y1="${LEGEND_HEIGHT}" x2="${LABEL_WIDTH}" y2="${height - GROUP_GAP / 2}" stroke="#444444" stroke-width="1"/>`,
  );
  chart.categories.forEach((category, c) => {
    const top = LEGEND_HEIGHT + GROUP_GAP + c * (groupHeight + GROUP_GAP);
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${top + groupHeight / 2 + 4}" text-anchor="end" fill="#111111">${esc(category)}</text>`,
    );
    chart.series.forEach((s, i) => {
      const value = s.values[c] ?? null;
      const y = top + i * (BAR_HEIGHT + BAR_GAP);
      const length = value === null || value <= 0 ? 0 : Math.max(1, Math.round((value / max) * barArea));
      const color = s.color ?? COLORS[i % COLORS.length]!;
      if (length > 0)
        parts.push(
          `<rect x="${LABEL_WIDTH + 1}" y="${y}" width="${Math.min(length, barArea)}" height="${BAR_HEIGHT}" fill="${esc(color)}"/>`,
        );
      parts.push(
        `<text x="${LABEL_WIDTH + 6 + Math.min(length, barArea)}" y="${y + BAR_HEIGHT - 3}" fill="#111111" font-size="12">${esc(formatValue(value, chart.units?.[c] ?? chart.unit))}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
