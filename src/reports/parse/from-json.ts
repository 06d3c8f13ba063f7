// Reads the JSON of `report check --json` or `report render --format json` back into the model.
import { DomainError } from '../../kernel/errors.ts';
import type { Finding } from '../findings.ts';
import { type AnnualReport, type Cell, emptyReport } from '../report.ts';
import { SECTIONS, type SectionKey, TABLE4_GROUPS, table3Rows } from '../report-format.ts';
import type { ReportDocumentJson } from '../report-json.ts';

function isCell(value: unknown): value is Cell {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

function cells(value: unknown, length: number, path: string): Cell[] {
  if (!Array.isArray(value) || value.length !== length || !value.every(isCell)) {
    throw new DomainError('input.unreadable', `JSON中的${path}应为${length}个数字或null组成的数组`, { path });
  }
  return [...value];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function fromJson(text: string): { report: AnnualReport; findings: Finding[] } {
  let data: Partial<ReportDocumentJson> & { findings?: Finding[] };
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DomainError('input.unreadable', `JSON格式错误：${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || !data.table3 || !data.table4 || !data.table2) {
    throw new DomainError('input.not_a_report', 'JSON中没有年度报告的表格（table2、table3、table4）');
  }
  const format = data.format === '2019' ? '2019' : '2021';
  const report = emptyReport(format);
  report.year = typeof data.year === 'number' ? data.year : null;
  report.body = stringOrNull(data.body);
  report.title = stringOrNull(data.title);
  report.publishedOn = stringOrNull(data.publishedOn);
  report.preamble = Array.isArray(data.preamble) ? data.preamble.filter((p) => typeof p === 'string') : [];
  const keys = new Set<SectionKey>(SECTIONS.map((s) => s.key));
  report.sections = (Array.isArray(data.sections) ? data.sections : [])
    .filter((s) => s && keys.has(s.key) && typeof s.heading === 'string' && Array.isArray(s.paragraphs))
    .map((s) => ({
      key: s.key,
      heading: s.heading,
      paragraphs: s.paragraphs.filter((p) => typeof p === 'string'),
    }));

  const t2 = data.table2;
  if (format === '2019' && data.table2Legacy) {
    for (const [key, row] of Object.entries(report.table2)) {
      report.table2[key] = cells(data.table2Legacy[key], row.length, `table2Legacy.${key}`);
    }
  } else if (format === '2021') {
    report.table2.regulations = [t2.regulations.issued, t2.regulations.repealed, t2.regulations.valid];
    report.table2.normativeDocs = [
      t2.normativeDocs.issued,
      t2.normativeDocs.repealed,
      t2.normativeDocs.valid,
    ];
    report.table2.licensing = [t2.licensing];
    report.table2.penalty = [t2.penalty];
    report.table2.enforcement = [t2.enforcement];
    report.table2.fees = [t2.feesWanYuan];
    for (const [key, row] of Object.entries(report.table2)) cells(row, row.length, `table2.${key}`);
  }

  const rows = data.table3.rows as unknown as Record<string, unknown>;
  for (const def of table3Rows(format)) {
    const value =
      def.index === undefined ? rows[def.json] : (rows[def.json] as unknown[] | undefined)?.[def.index];
    report.table3[def.key] = cells(
      value,
      7,
      `table3.rows.${def.json}${def.index === undefined ? '' : `[${def.index}]`}`,
    );
  }
  for (const group of TABLE4_GROUPS) {
    report.table4[group.key] = cells(data.table4[group.key], 5, `table4.${group.key}`);
  }
  if (data.table3LegalSubtotal) report.table3LegalSubtotal = { ...data.table3LegalSubtotal };
  if (data.unreadableCells) report.unreadableCells = { ...data.unreadableCells };
  return { report, findings: [] };
}
