import {
  COLUMN_COUNT,
  type ReportFormat,
  type SectionKey,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  type Table4GroupKey,
  table2Layout,
  table3Rows,
} from './report-format.ts';

/** A number as printed, or null when the cell is blank or could not be read. */
export type Cell = number | null;

export interface ReportSection {
  key: SectionKey;
  /** The heading exactly as the report prints it. */
  heading: string;
  paragraphs: string[];
}

export interface AnnualReport {
  format: ReportFormat;
  /** The reporting body (e.g. 承留镇人民政府), when the title names it. */
  body: string | null;
  year: number | null;
  title: string | null;
  /** Publication date (YYYY-MM-DD) when the document states it. */
  publishedOn: string | null;
  /** Paragraphs before the first of the six headings. */
  preamble: string[];
  sections: ReportSection[];
  /** Table 二, keyed by the row keys of `table2Layout(format)`, one cell per column. */
  table2: Record<string, Cell[]>;
  /** Table 三, keyed by the row keys of `table3Rows(format)`, 7 cells each (总计 last). */
  table3: Record<string, Cell[]>;
  /** Only when the report prints a 法人或其他组织 subtotal column (the format has none). */
  table3LegalSubtotal?: Record<string, Cell>;
  table4: Record<Table4GroupKey, Cell[]>;
  /** Cells whose text could not be read as a number: cell path → the text found. */
  unreadableCells: Record<string, string>;
}

// The shape of each format, worked out once: reports are created by the thousand in a batch check.
const SHAPES = Object.fromEntries(
  (['2021', '2019'] as const).map((format) => [
    format,
    {
      table2: table2Layout(format).flatMap((block) =>
        block.rows.map((row) => [row.key, block.columns.length] as const),
      ),
      table3: table3Rows(format).map((row) => row.key),
    },
  ]),
) as Record<ReportFormat, { table2: (readonly [string, number])[]; table3: string[] }>;

function blankCells(length: number): Cell[] {
  return new Array<Cell>(length).fill(null);
}

export function emptyReport(format: ReportFormat = '2021'): AnnualReport {
  const shape = SHAPES[format];
  const table2: Record<string, Cell[]> = {};
  for (const [key, width] of shape.table2) table2[key] = blankCells(width);
  const table3: Record<string, Cell[]> = {};
  for (const key of shape.table3) table3[key] = blankCells(COLUMN_COUNT);
  const table4 = {} as Record<Table4GroupKey, Cell[]>;
  for (const group of TABLE4_GROUPS) table4[group.key] = blankCells(TABLE4_RESULTS.length);
  return {
    format,
    body: null,
    year: null,
    title: null,
    publishedOn: null,
    preamble: [],
    sections: [],
    table2,
    table3,
    table4,
    unreadableCells: {},
  };
}

export function section(report: AnnualReport, key: SectionKey): ReportSection | undefined {
  return report.sections.find((s) => s.key === key);
}

/** All narrative text of the report, paragraph by paragraph, with the section each belongs to. */
export function narrativeParagraphs(report: AnnualReport): { section: SectionKey | null; text: string }[] {
  return [
    ...report.preamble.map((text) => ({ section: null, text })),
    ...report.sections.flatMap((s) => s.paragraphs.map((text) => ({ section: s.key, text }))),
  ];
}
