// Table 二 of an agency's year from the stored data, in the report engine's shape (the row keys of
// table2Layout(format), one cell per column): 第二十条第（一）项 counted by the database over the
// register (equal to registerCounts, by test), the other items from the figures typed in for the
// year. Figures not yet entered are blank (null): the report checker calls a blank a defect (R5),
// which is what it is until the clerk enters them.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Cell } from '../reports/report.ts';
import type { ReportFormat } from '../reports/report-format.ts';
import { countRegister, findYearCounts } from './normative.repository.ts';
import { NORMATIVE_KINDS, type RegisterCounts, type YearCounts } from './normative.ts';
import { isReportYear, wanYuan } from './normative-rules.ts';

/** The register's counts of the year, from the database. */
export async function registerCountsOf(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<RegisterCounts> {
  const counts: RegisterCounts = {
    regulation: { issued: 0, repealed: 0, valid: 0 },
    normative: { issued: 0, repealed: 0, valid: 0 },
  };
  for (const row of await countRegister(db, agencyId, year)) {
    const target = counts[row.kind as keyof RegisterCounts];
    if (!target) throw new Error(`unknown kind in normative_documents: ${row.kind}`);
    target.issued = row.issued;
    target.repealed = row.repealed;
    target.valid = row.valid;
  }
  return counts;
}

/** The figures typed in for the year, or null when none were. */
export async function yearCountsOf(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
): Promise<YearCounts | null> {
  const row = await findYearCounts(db, agencyId, year);
  if (!row) return null;
  return {
    year,
    licensing: Number(row.licensing),
    penalty: Number(row.penalty),
    enforcement: Number(row.enforcement),
    feesYuan: Number(row.fees_yuan),
  };
}

/** Lays the counts out as table 二 of the format. */
export function table2FromCounts(
  register: RegisterCounts,
  figures: YearCounts | null,
  format: ReportFormat = '2021',
): Record<string, Cell[]> {
  const row = (kind: keyof RegisterCounts) => register[kind];
  const n = (key: 'licensing' | 'penalty' | 'enforcement'): Cell => (figures ? figures[key] : null);
  if (format === '2021') {
    return {
      [NORMATIVE_KINDS.regulation.row]: [
        row('regulation').issued,
        row('regulation').repealed,
        row('regulation').valid,
      ],
      [NORMATIVE_KINDS.normative.row]: [
        row('normative').issued,
        row('normative').repealed,
        row('normative').valid,
      ],
      licensing: [n('licensing')],
      penalty: [n('penalty')],
      enforcement: [n('enforcement')],
      fees: [figures ? wanYuan(figures.feesYuan) : null],
    };
  }
  // The 2019 format (2019 and 2020 reports): 本年新制作数量 and 对外公开总数量 from the register and
  // 处理决定数量 from the figures; the project counts, 本年新公开数量 and 政府集中采购 are not kept here.
  return {
    regulations: [row('regulation').issued, null, row('regulation').valid],
    normativeDocs: [row('normative').issued, null, row('normative').valid],
    licensing: [null, null, n('licensing')],
    otherServices: [null, null, null],
    penalty: [null, null, n('penalty')],
    enforcement: [null, null, n('enforcement')],
    fees: [null, null],
    procurement: [null, null],
  };
}

export async function table2Of(
  db: Kysely<DB>,
  agencyId: string,
  year: number,
  format: ReportFormat = '2021',
): Promise<Record<string, Cell[]>> {
  if (!isReportYear(year)) throw new RangeError(`not a report year: ${year}`);
  return table2FromCounts(
    await registerCountsOf(db, agencyId, year),
    await yearCountsOf(db, agencyId, year),
    format,
  );
}
