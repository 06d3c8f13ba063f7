// The JSON document of a report: exactly the shape `gongkai report check --json` prints, so that
// built and published reports can be compared by other tools.
import { type Finding, sortFindings } from './findings.ts';
import type { AnnualReport, Cell, ReportSection } from './report.ts';
import { TABLE4_GROUPS, type Table4GroupKey, table3Rows } from './report-format.ts';

export interface Table2Json {
  regulations: { issued: Cell; repealed: Cell; valid: Cell };
  normativeDocs: { issued: Cell; repealed: Cell; valid: Cell };
  licensing: Cell;
  penalty: Cell;
  enforcement: Cell;
  feesWanYuan: Cell;
}

export interface Table3Json {
  rows: {
    new: Cell[];
    carriedIn: Cell[];
    granted: Cell[];
    partial: Cell[];
    denied: Cell[][];
    unable: Cell[][];
    notProcessed: Cell[][];
    other: Cell[][];
    total: Cell[];
    carriedOut: Cell[];
  };
}

export interface ReportCheckJson {
  file: string;
  year: number | null;
  body: string | null;
  format: '2021' | '2019';
  table2: Table2Json;
  table3: Table3Json;
  table4: Record<Table4GroupKey, Cell[]>;
  findings: Finding[];
}

/** The whole model as JSON: the check shape's tables plus the narrative (for `render --format json`). */
export interface ReportDocumentJson extends Omit<ReportCheckJson, 'file' | 'findings'> {
  title: string | null;
  publishedOn: string | null;
  preamble: string[];
  sections: ReportSection[];
  /** The 2019 format's table 二 as printed (its columns differ from 2021's). */
  table2Legacy?: Record<string, Cell[]>;
  table3LegalSubtotal?: Record<string, Cell>;
  unreadableCells?: Record<string, string>;
}

function table2Json(report: AnnualReport): Table2Json {
  const t = report.table2;
  const cell = (key: string, i: number): Cell => t[key]?.[i] ?? null;
  if (report.format === '2021') {
    return {
      regulations: {
        issued: cell('regulations', 0),
        repealed: cell('regulations', 1),
        valid: cell('regulations', 2),
      },
      normativeDocs: {
        issued: cell('normativeDocs', 0),
        repealed: cell('normativeDocs', 1),
        valid: cell('normativeDocs', 2),
      },
      licensing: cell('licensing', 0),
      penalty: cell('penalty', 0),
      enforcement: cell('enforcement', 0),
      feesWanYuan: cell('fees', 0),
    };
  }
  // 2019: 本年新制作数量 → issued, 对外公开总数量 → valid, 处理决定数量 → the decision counts.
  return {
    regulations: { issued: cell('regulations', 0), repealed: null, valid: cell('regulations', 2) },
    normativeDocs: { issued: cell('normativeDocs', 0), repealed: null, valid: cell('normativeDocs', 2) },
    licensing: cell('licensing', 2),
    penalty: cell('penalty', 2),
    enforcement: cell('enforcement', 2),
    feesWanYuan: null,
  };
}

function table3Json(report: AnnualReport): Table3Json {
  const blank = (): Cell[] => Array.from({ length: 7 }, () => null);
  const rows: Table3Json['rows'] = {
    new: blank(),
    carriedIn: blank(),
    granted: blank(),
    partial: blank(),
    denied: Array.from({ length: 8 }, blank),
    unable: Array.from({ length: 3 }, blank),
    notProcessed: Array.from({ length: 5 }, blank),
    other: Array.from({ length: 3 }, blank),
    total: blank(),
    carriedOut: blank(),
  };
  for (const def of table3Rows(report.format)) {
    const cells = [...(report.table3[def.key] ?? blank())];
    const target = rows[def.json as keyof Table3Json['rows']];
    if (def.index === undefined) (rows as Record<string, Cell[] | Cell[][]>)[def.json] = cells;
    else (target as Cell[][])[def.index] = cells;
  }
  return { rows };
}

export function reportCheckJson(
  file: string,
  report: AnnualReport,
  findings: readonly Finding[],
): ReportCheckJson {
  return {
    file,
    year: report.year,
    body: report.body,
    format: report.format,
    table2: table2Json(report),
    table3: table3Json(report),
    table4: Object.fromEntries(TABLE4_GROUPS.map((g) => [g.key, [...report.table4[g.key]]])) as Record<
      Table4GroupKey,
      Cell[]
    >,
    findings: sortFindings(findings),
  };
}

export function reportDocumentJson(report: AnnualReport): ReportDocumentJson {
  const { file: _file, findings: _findings, ...tables } = reportCheckJson('', report, []);
  const document: ReportDocumentJson = {
    ...tables,
    title: report.title,
    publishedOn: report.publishedOn,
    preamble: [...report.preamble],
    sections: report.sections.map((s) => ({ ...s, paragraphs: [...s.paragraphs] })),
  };
  if (report.format === '2019') document.table2Legacy = structuredClone(report.table2);
  if (report.table3LegalSubtotal) document.table3LegalSubtotal = { ...report.table3LegalSubtotal };
  if (Object.keys(report.unreadableCells).length > 0)
    document.unreadableCells = { ...report.unreadableCells };
  return document;
}
