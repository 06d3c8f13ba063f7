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

/** An object of the document, or a refusal naming where: `{"table2":[]}` must not reach a TypeError. */
function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError('input.unreadable', `JSON中的${path}应为对象`, { path });
  }
  return value as Record<string, unknown>;
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

  if (format === '2019' && data.table2Legacy) {
    const legacy = record(data.table2Legacy, 'table2Legacy');
    for (const [key, row] of Object.entries(report.table2)) {
      report.table2[key] = cells(legacy[key], row.length, `table2Legacy.${key}`);
    }
  } else if (format === '2021') {
    const t2 = record(data.table2, 'table2');
    const regulations = record(t2.regulations, 'table2.regulations');
    const normativeDocs = record(t2.normativeDocs, 'table2.normativeDocs');
    report.table2.regulations = cells(
      [regulations.issued, regulations.repealed, regulations.valid],
      3,
      'table2.regulations',
    );
    report.table2.normativeDocs = cells(
      [normativeDocs.issued, normativeDocs.repealed, normativeDocs.valid],
      3,
      'table2.normativeDocs',
    );
    report.table2.licensing = cells([t2.licensing], 1, 'table2.licensing');
    report.table2.penalty = cells([t2.penalty], 1, 'table2.penalty');
    report.table2.enforcement = cells([t2.enforcement], 1, 'table2.enforcement');
    report.table2.fees = cells([t2.feesWanYuan], 1, 'table2.fees');
  }

  const rows = record(record(data.table3, 'table3').rows, 'table3.rows');
  for (const def of table3Rows(format)) {
    const value =
      def.index === undefined ? rows[def.json] : (rows[def.json] as unknown[] | undefined)?.[def.index];
    report.table3[def.key] = cells(
      value,
      7,
      `table3.rows.${def.json}${def.index === undefined ? '' : `[${def.index}]`}`,
    );
  }
  const table4 = record(data.table4, 'table4');
  for (const group of TABLE4_GROUPS) {
    report.table4[group.key] = cells(table4[group.key], 5, `table4.${group.key}`);
  }
  if (data.table3LegalSubtotal) report.table3LegalSubtotal = { ...data.table3LegalSubtotal };
  if (data.unreadableCells) report.unreadableCells = { ...data.unreadableCells };
  return { report, findings: [] };
}
