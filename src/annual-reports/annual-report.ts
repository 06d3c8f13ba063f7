// The stored annual report of an agency-year as the rest of the platform sees it, the clerk's
// edits of sections 一, 五 and 六 (checked here, pure), and the finding locations in Chinese.
import {
  describeTable2Cell,
  describeTable3Cell,
  describeTable4Cell,
  table2Path,
  table3Path,
  table4Path,
} from '../reports/cell-paths.ts';
import type { EditableSection, ReportEdits } from '../reports/draft/index.ts';
import type { Finding } from '../reports/findings.ts';
import {
  COLUMN_COUNT,
  type ReportFormat,
  SECTIONS,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../reports/report-format.ts';

export type ReportState = 'draft' | 'approved' | 'published';
export type ReportSource = 'built' | 'imported';

export const REPORT_STATE_LABELS: Record<ReportState | 'none', string> = {
  none: '尚未起草',
  draft: '草稿',
  approved: '已审批待发布',
  published: '已发布',
};

export const REPORT_SOURCE_LABELS: Record<ReportSource, string> = {
  built: '由平台数据生成',
  imported: '导入的历史报告',
};

export type { EditableSection, ReportEdits };

/** The sections whose text the clerk writes (the draft's EditableSection); tables come from the data. */
export const EDITABLE_SECTIONS: readonly EditableSection[] = ['overview', 'problems', 'other'];

export const MAX_PARAGRAPHS = 60;
export const MAX_PARAGRAPH_CHARS = 3000;

function sectionTitle(key: EditableSection): string {
  const s = SECTIONS.find((x) => x.key === key)!;
  return `${s.numeral}、${s.title}`;
}

/**
 * The edits as stored: paragraphs trimmed, blank ones dropped, a section without any paragraph
 * removed (its drafted text comes back). Problems in Chinese; empty when the edits may be saved.
 */
export function normalizeEdits(input: unknown): { edits: ReportEdits; problems: string[] } {
  const problems: string[] = [];
  const edits: ReportEdits = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { edits, problems: ['报告正文的格式不正确'] };
  }
  for (const [key, value] of Object.entries(input)) {
    if (!(EDITABLE_SECTIONS as readonly string[]).includes(key)) {
      problems.push('只能修改第一、五、六部分的文字，表格由数据生成');
      continue;
    }
    const section = key as EditableSection;
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) {
      problems.push(`“${sectionTitle(section)}”的格式不正确`);
      continue;
    }
    const paragraphs = value.map((p) => p.replace(/\r\n?/g, '\n').trim()).filter((p) => p !== '');
    if (paragraphs.length > MAX_PARAGRAPHS)
      problems.push(`“${sectionTitle(section)}”不能超过${MAX_PARAGRAPHS}段`);
    if (paragraphs.some((p) => [...p].length > MAX_PARAGRAPH_CHARS))
      problems.push(`“${sectionTitle(section)}”每段不能超过${MAX_PARAGRAPH_CHARS}个字`);
    if (paragraphs.some((p) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(p)))
      problems.push(`“${sectionTitle(section)}”含有不可见的控制字符`);
    if (paragraphs.length > 0) edits[section] = paragraphs;
  }
  return { edits, problems: [...new Set(problems)] };
}

export function parseStoredEdits(json: string): ReportEdits {
  try {
    return normalizeEdits(JSON.parse(json)).edits;
  } catch {
    return {};
  }
}

/** The stored row of an agency-year, without the big columns. */
export interface StoredReport {
  id: string;
  agencyId: string;
  year: number;
  state: ReportState;
  source: ReportSource;
  edits: ReportEdits;
  authors: string[];
  /** The forms carry it: a stale or repeated form is refused. */
  eventCount: number;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  publishedOn: string | null;
  /** The deadline in force when it was published (for the flag), else null. */
  deadlineOn: string | null;
  late: boolean | null;
  importFileName: string | null;
  importSha256: string | null;
  updatedAt: string;
}

/** Where a finding points, for people: each cell's JSON path and its name in Chinese. */
export interface FindingLocation {
  path: string;
  label: string;
}

export interface LocatedFinding extends Finding {
  locations: FindingLocation[];
}

const LABELS = new Map<ReportFormat, Map<string, string>>();

function cellLabels(format: ReportFormat): Map<string, string> {
  let labels = LABELS.get(format);
  if (labels) return labels;
  labels = new Map();
  for (const block of table2Layout(format))
    for (const row of block.rows)
      for (let c = 0; c < block.columns.length; c++)
        labels.set(table2Path(format, row.key, c), describeTable2Cell(format, row.key, c));
  for (const row of table3Rows(format))
    for (let c = 0; c < COLUMN_COUNT; c++) labels.set(table3Path(row.key, c), describeTable3Cell(row.key, c));
  for (const group of TABLE4_GROUPS)
    for (let r = 0; r < TABLE4_RESULTS.length; r++)
      labels.set(table4Path(group.key, r), describeTable4Cell(group.key, r));
  LABELS.set(format, labels);
  return labels;
}

/** Each finding with the Chinese name of every cell it concerns (the sentence is in its message). */
export function locateFindings(findings: readonly Finding[], format: ReportFormat): LocatedFinding[] {
  const labels = cellLabels(format);
  return findings.map((f) => ({
    ...f,
    locations: (f.cells ?? []).map((path) => ({ path, label: labels.get(path) ?? path })),
  }));
}

export function countFindings(findings: readonly Finding[]): {
  errors: number;
  warnings: number;
  infos: number;
} {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
