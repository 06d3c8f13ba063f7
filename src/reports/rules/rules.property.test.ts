// Properties of the checker: a consistent report yields no finding, and breaking one relation
// fires exactly the rule for that relation and no other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { draftOverview } from '../draft-narrative.ts';
import type { Finding, RuleId } from '../findings.ts';
import type { AnnualReport, ReportSection } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  LEGAL_PERSON_COLUMNS,
  SECTIONS,
  TABLE4_GROUPS,
  TABLE4_TOTAL,
  TOTAL_COLUMN,
  table2Layout,
  table3Rows,
} from '../report-format.ts';
import {
  arbitraryConsistentReport,
  arbitraryTownship,
  previousYearReport,
} from '../testing/arbitrary-report.ts';
import { type CheckContext, checkReport } from './check-report.ts';

const RUNS = { numRuns: 400 };

const RESULT_KEYS = table3Rows('2021')
  .filter((r) => r.result)
  .map((r) => r.key);
const APPLICANT_INDEXES = fc.integer({ min: 0, max: TOTAL_COLUMN - 1 });
const AMOUNT = fc.integer({ min: 1, max: 5 });

function ruleIds(findings: readonly Finding[]): RuleId[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `[${f.rule}] ${f.message}`).join('\n');
}

/** The report must be clean before it is broken, or the property proves nothing. */
function assertClean(report: AnnualReport, context: CheckContext = {}): void {
  const findings = checkReport(report, context);
  assert.deepEqual(findings, [], describeFindings(findings));
}

function assertOnly(rule: RuleId, report: AnnualReport, context: CheckContext = {}): Finding[] {
  const findings = checkReport(report, context);
  assert.deepEqual(ruleIds(findings), [rule], describeFindings(findings));
  return findings;
}

function overview(report: AnnualReport): ReportSection {
  const found = report.sections.find((s) => s.key === 'overview');
  assert.ok(found, 'the generated report has 一、总体情况');
  return found;
}

/** Changes the tables through `change`, then redrafts the paragraphs drafted from them, as a real draft would. */
function changeTablesAndRedraft(report: AnnualReport, change: (r: AnnualReport) => void): void {
  const before = draftOverview(report);
  change(report);
  const section = overview(report);
  const start = section.paragraphs.indexOf(before[0]!);
  assert.ok(start >= 0, 'the drafted paragraphs are in 一、总体情况');
  section.paragraphs.splice(start, before.length, ...draftOverview(report));
}

function cellOf(report: AnnualReport, key: string, column: number): number {
  const value = report.table3[key]?.[column];
  assert.equal(typeof value, 'number');
  return value as number;
}

describe('checkReport on generated consistent reports', () => {
  it('finds nothing', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), (report) => assertClean(report)),
      { numRuns: 2000 },
    );
  });

  it('finds nothing across years when last year’s 结转下年度 equals this year’s 上年结转', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), (report) =>
        assertClean(report, { previous: previousYearReport(report) }),
      ),
      RUNS,
    );
  });

  it('finds nothing when a printed 法人或其他组织 subtotal is right', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), (report) => {
        report.table3LegalSubtotal = Object.fromEntries(
          table3Rows('2021').map((r) => [
            r.key,
            LEGAL_PERSON_COLUMNS.reduce((a, c) => a + cellOf(report, r.key, c), 0),
          ]),
        );
        assertClean(report);
      }),
      RUNS,
    );
  });
});

describe('each broken relation fires exactly its rule', () => {
  it('R1: more new applications in one column than results and carry-over account for', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), APPLICANT_INDEXES, AMOUNT, (report, c, k) => {
        assertClean(report);
        changeTablesAndRedraft(report, (r) => {
          r.table3.new![c] = cellOf(r, 'new', c) + k;
          r.table3.new![TOTAL_COLUMN] = cellOf(r, 'new', TOTAL_COLUMN) + k;
        });
        const findings = assertOnly('R1', report);
        // The column changed and the 总计 column, each named with its numbers.
        assert.deepEqual(
          findings.map((f) => f.message.slice(0, f.message.indexOf('列'))),
          [`表三“${APPLICANT_COLUMNS[c]}”`, '表三“总计”'],
        );
      }),
      RUNS,
    );
  });

  it('R2: a count moved from one result row to another within one applicant column', () => {
    fc.assert(
      fc.property(
        arbitraryConsistentReport(),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (report, pick, other, amount) => {
          const cells = RESULT_KEYS.flatMap((key) =>
            [0, 1, 2, 3, 4, 5].filter((c) => cellOf(report, key, c) > 0).map((c) => ({ key, c })),
          );
          fc.pre(cells.length > 0);
          assertClean(report);
          const from = cells[pick % cells.length]!;
          const targets = RESULT_KEYS.filter((k) => k !== from.key);
          const to = targets[other % targets.length]!;
          const k = 1 + (amount % cellOf(report, from.key, from.c));
          report.table3[from.key]![from.c] = cellOf(report, from.key, from.c) - k;
          report.table3[to]![from.c] = cellOf(report, to, from.c) + k;
          const findings = assertOnly('R2', report);
          assert.equal(findings.length, 2, 'one finding for each of the two rows');
        },
      ),
      RUNS,
    );
  });

  it('R3: （七）总计 (and 新收 with it, keeping R1) larger than the sum of the result rows', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), APPLICANT_INDEXES, AMOUNT, (report, c, k) => {
        assertClean(report);
        changeTablesAndRedraft(report, (r) => {
          for (const key of ['total', 'new']) {
            r.table3[key]![c] = cellOf(r, key, c) + k;
            r.table3[key]![TOTAL_COLUMN] = cellOf(r, key, TOTAL_COLUMN) + k;
          }
        });
        const findings = assertOnly('R3', report);
        assert.equal(findings.length, 2, 'the column changed and the 总计 column');
      }),
      RUNS,
    );
  });

  it('R4: a printed 法人或其他组织 subtotal that is not the sum of its five columns', () => {
    const rows = table3Rows('2021').map((r) => r.key);
    fc.assert(
      fc.property(arbitraryConsistentReport(), fc.constantFrom(...rows), AMOUNT, (report, key, k) => {
        assertClean(report);
        const legal = LEGAL_PERSON_COLUMNS.reduce((a, c) => a + cellOf(report, key, c), 0);
        report.table3LegalSubtotal = { [key]: legal + k };
        const [only] = assertOnly('R4', report);
        assert.ok(only?.message.includes(`小计为 ${legal + k}，但五个子列之和为 ${legal}`), only?.message);
      }),
      RUNS,
    );
  });

  it('R5: a blank cell anywhere in tables 二, 三 and 四', () => {
    const cells: { table: 'table2' | 'table3' | 'table4'; key: string; index: number }[] = [
      ...table2Layout('2021').flatMap((b) =>
        b.rows.flatMap((r) => b.columns.map((_, i) => ({ table: 'table2' as const, key: r.key, index: i }))),
      ),
      ...table3Rows('2021').flatMap((r) =>
        APPLICANT_COLUMNS.map((_, i) => ({ table: 'table3' as const, key: r.key, index: i })),
      ),
      ...TABLE4_GROUPS.flatMap((g) =>
        [0, 1, 2, 3, 4].map((i) => ({ table: 'table4' as const, key: g.key, index: i })),
      ),
    ];
    fc.assert(
      fc.property(arbitraryConsistentReport(), fc.constantFrom(...cells), (report, cell) => {
        assertClean(report);
        const rows = report[cell.table] as Record<string, (number | null)[]>;
        rows[cell.key]![cell.index] = null;
        const findings = assertOnly('R5', report);
        assert.equal(findings.length, 1);
        assert.match(findings[0]!.message, /有 1 个空白单元格/);
      }),
      { numRuns: 800 },
    );
  });

  it('R6: a 结果维持 cell of table 四 changed without its 总计', () => {
    fc.assert(
      fc.property(
        arbitraryConsistentReport(),
        fc.constantFrom(...TABLE4_GROUPS.map((g) => g.key)),
        AMOUNT,
        (report, g, k) => {
          assertClean(report);
          const row = report.table4[g];
          row[0] = (row[0] as number) + k;
          const [only] = assertOnly('R6', report);
          assert.ok(
            only?.message.includes(
              `为 ${row[TABLE4_TOTAL]}，但维持、纠正、其他、尚未审结之和为 ${(row[TABLE4_TOTAL] as number) + k}`,
            ),
            only?.message,
          );
        },
      ),
      RUNS,
    );
  });

  it('R7: a township that issued a 规章', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport({ body: arbitraryTownship() }), (report) => {
        assertClean(report);
        report.table2.regulations = [1, 0, 1];
        const [only] = assertOnly('R7', report);
        assert.ok(only?.message.startsWith(`${report.body}没有规章制定权`), only?.message);
      }),
      RUNS,
    );
  });

  it('R7: a fractional number of 行政许可 decisions', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), fc.integer({ min: 1, max: 9 }), (report, tenths) => {
        assertClean(report);
        const value = (report.table2.licensing![0] as number) + tenths / 10;
        report.table2.licensing = [value];
        const [only] = assertOnly('R7', report);
        assert.equal(only?.message, `表二“行政许可”行的“本年处理决定数量”为 ${value}；件数应为整数。`);
      }),
      RUNS,
    );
  });

  it('X1: last year’s 结转下年度 differs from this year’s 上年结转', () => {
    fc.assert(
      fc.property(
        arbitraryConsistentReport(),
        fc.integer({ min: 0, max: TOTAL_COLUMN }),
        AMOUNT,
        (report, c, k) => {
          const previous = previousYearReport(report);
          assertClean(report, { previous });
          previous.table3.carriedOut![c] = (previous.table3.carriedOut![c] as number) + k;
          const [only, ...rest] = assertOnly('X1', report, { previous });
          assert.equal(rest.length, 0);
          assert.ok(only?.message.startsWith(`表三“${APPLICANT_COLUMNS[c]}”列`), only?.message);
        },
      ),
      RUNS,
    );
  });

  it('X2: the drafted number of new applications changed in the prose', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), AMOUNT, (report, k) => {
        assertClean(report);
        const section = overview(report);
        const [drafted] = draftOverview(report);
        const index = section.paragraphs.indexOf(drafted!);
        const received = cellOf(report, 'new', TOTAL_COLUMN);
        const said = received + k;
        const changed = /新收政府信息公开申请\d+件/.test(drafted!)
          ? drafted!.replace(`新收政府信息公开申请${received}件`, `新收政府信息公开申请${said}件`)
          : drafted!.replace(/^本年度未(新收|收到)政府信息公开申请/, `本年度新收政府信息公开申请${said}件`);
        assert.notEqual(changed, drafted);
        section.paragraphs[index] = changed;
        const [only, ...rest] = assertOnly('X2', report);
        assert.equal(rest.length, 0);
        assert.ok(only?.message.startsWith(`正文称本年新收申请 ${said} 件`), only?.message);
      }),
      RUNS,
    );
  });

  it('X3: “均获维持” while table 四 has a 纠正 result', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), (report) => {
        assertClean(report);
        const row = report.table4.reconsideration;
        row[1] = (row[1] as number) + 1;
        row[TABLE4_TOTAL] = (row[TABLE4_TOTAL] as number) + 1;
        const section = overview(report);
        const appeals = section.paragraphs.findIndex((p) => p.includes('行政复议'));
        section.paragraphs[appeals] = `本年度发生政府信息公开行政复议${row[TABLE4_TOTAL]}件，均获维持。`;
        const [only, ...rest] = assertOnly('X3', report);
        assert.equal(rest.length, 0);
        assert.ok(only?.message.includes(`纠正 ${row[1]} 件`), only?.message);
      }),
      RUNS,
    );
  });

  it('X5: parts after “其中” that add up to more than the whole', () => {
    fc.assert(
      fc.property(
        arbitraryConsistentReport(),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        AMOUNT,
        (report, whole, a, k) => {
          assertClean(report);
          const b = Math.max(0, whole - a) + k;
          overview(report).paragraphs.push(`全年发布信息${whole}条，其中网站${a}条，微信${b}条。`);
          const [only, ...rest] = assertOnly('X5', report);
          assert.equal(rest.length, 0);
          assert.ok(
            only?.message.startsWith(
              `“其中”所列各部分之和为 ${a + b}（${a}+${b}），超过了它们所属的总数 ${whole}`,
            ),
            only?.message,
          );
        },
      ),
      RUNS,
    );
  });

  it('X6: a statistical period naming another year', () => {
    fc.assert(
      fc.property(arbitraryConsistentReport(), (report) => {
        assertClean(report);
        const year = String(report.year);
        const before = report.preamble[0]!;
        report.preamble[0] = before
          .replaceAll(`${year}年1月1日`, '2019年1月1日')
          .replaceAll(`${year}年12月31日`, '2019年12月31日');
        assert.notEqual(report.preamble[0], before);
        const [only, ...rest] = assertOnly('X6', report);
        assert.equal(rest.length, 0);
        assert.ok(only?.message.includes(`与报告年度 ${year} 年不符`), only?.message);
      }),
      RUNS,
    );
  });

  it('X6: published before the year it reports on has ended', () => {
    fc.assert(
      fc.property(
        arbitraryConsistentReport(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (report, month, day) => {
          assertClean(report);
          report.publishedOn = `${report.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const [only, ...rest] = assertOnly('X6', report);
          assert.equal(rest.length, 0);
          assert.ok(only?.message.startsWith(`发布日期 ${report.publishedOn} 早于统计年度`), only?.message);
        },
      ),
      RUNS,
    );
  });

  const RENAMED: Record<string, string> = {
    overview: '一、总体情况概述',
    proactive: '二、主动公开政府信息',
    applications: '三、依申请公开情况',
    appeals: '四、行政复议、行政诉讼情况',
    problems: '五、存在的问题及改进措施',
    other: '六、其他事项',
  };

  it('X7: a section heading worded differently from the format', () => {
    fc.assert(
      fc.property(
        arbitraryConsistentReport(),
        fc.integer({ min: 0, max: SECTIONS.length - 1 }),
        (report, i) => {
          assertClean(report);
          const section = report.sections[i]!;
          section.heading = RENAMED[section.key]!;
          const [only, ...rest] = assertOnly('X7', report);
          assert.equal(rest.length, 0);
          assert.ok(only?.message.startsWith(`章节标题“${section.heading}”与格式规定的`), only?.message);
        },
      ),
      RUNS,
    );
  });

  it('X7: a section heading missing (its paragraphs run on into the part before it)', () => {
    fc.assert(
      fc.property(
        arbitraryConsistentReport(),
        fc.integer({ min: 0, max: SECTIONS.length - 1 }),
        (report, i) => {
          assertClean(report);
          const [removed] = report.sections.splice(i, 1);
          const before = report.sections[i - 1];
          if (before) before.paragraphs.push(...removed!.paragraphs);
          else report.preamble.push(...removed!.paragraphs);
          const [only, ...rest] = assertOnly('X7', report);
          assert.equal(rest.length, 0);
          assert.ok(only?.message.startsWith(`缺少第${SECTIONS[i]!.numeral}部分标题`), only?.message);
        },
      ),
      RUNS,
    );
  });
});
