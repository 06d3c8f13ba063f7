// X1 (cross-year), X4 (信息处理费 statement), X6 (period and publication date), X7 (headings and format).
import { classifyBody, isGovernmentSummaryReport } from '../body-kind.ts';
import { table2Path, table3Path } from '../cell-paths.ts';
import { type Finding, finding } from '../findings.ts';
import { labelKey } from '../parse/normalize.ts';
import type { AnnualReport } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  COLUMN_COUNT,
  REPORT_DEADLINE_DEPARTMENT,
  REPORT_DEADLINE_GOVERNMENT_SUMMARY,
  SECTIONS,
  sectionHeading,
} from '../report-format.ts';
import { compactParagraphsOf } from './narrative-rules.ts';

export interface CheckContext {
  /** Last year's report, when known: enables the cross-year rule X1. */
  previous?: AnnualReport;
}

export function ruleX1(report: AnnualReport, context: CheckContext): Finding[] {
  const previous = context.previous;
  if (!previous) return [];
  const findings: Finding[] = [];
  if (report.year !== null && previous.year !== null && previous.year !== report.year - 1) {
    findings.push(
      finding(
        'X1',
        `作为上年报告提供的是 ${previous.year} 年度报告，而本报告为 ${report.year} 年度；跨年度核对可能没有意义。`,
        [],
        'warning',
      ),
    );
  }
  for (let c = 0; c < COLUMN_COUNT; c++) {
    const carriedIn = report.table3.carriedIn?.[c] ?? null;
    const carriedOut = previous.table3.carriedOut?.[c] ?? null;
    if (carriedIn === null || carriedOut === null || carriedIn === carriedOut) continue;
    findings.push(
      finding(
        'X1',
        `表三“${APPLICANT_COLUMNS[c]}”列：本年“上年结转”为 ${carriedIn}，但上年报告的“结转下年度继续办理”为 ${carriedOut}。`,
        [table3Path('carriedIn', c)],
      ),
    );
  }
  if (report.format === '2021' && previous.format === '2021') {
    for (const key of ['regulations', 'normativeDocs']) {
      const [issued, repealed, valid] = report.table2[key] ?? [];
      const lastValid = previous.table2[key]?.[2];
      if ([issued, repealed, valid, lastValid].some((v) => typeof v !== 'number')) continue;
      const expected = (lastValid as number) + (issued as number) - (repealed as number);
      if (expected === valid) continue;
      findings.push(
        finding(
          'X1',
          `表二“${key === 'regulations' ? '规章' : '行政规范性文件'}”现行有效 ${valid} 件，而上年现行有效 ${lastValid} 件加本年制发 ${issued} 件减废止 ${repealed} 件为 ${expected} 件（有修订时可能不等，请核实）。`,
          [table2Path('2021', key, 2)],
          'warning',
        ),
      );
    }
  }
  return findings;
}

export function ruleX4(report: AnnualReport): Finding[] {
  // Section 六 is where the statement belongs; elsewhere the word may appear in passing.
  const mentions = compactParagraphsOf(report).filter((p) => p.text.includes('信息处理费'));
  const statement = (mentions.find((p) => p.section === 'other') ?? mentions[0])?.text;
  const findings: Finding[] = [];
  if (!statement) {
    findings.push(
      finding('X4', '第六部分“其他需要报告的事项”未说明信息处理费的收取情况（如“本年度未收取信息处理费”）。'),
    );
    return findings;
  }
  const unpaid = report.table3.other2?.[6] ?? null;
  if (/(未|没有|无)收取/.test(statement) && typeof unpaid === 'number' && unpaid > 0) {
    findings.push(
      finding(
        'X4',
        `报告称未收取信息处理费，而表三“申请人逾期未按收费通知要求缴纳费用”为 ${unpaid} 件：说明发出过收费通知但无人缴费，请确认表述准确。`,
        [table3Path('other2', 6)],
        'info',
      ),
    );
  }
  const amount = /信息处理费[^。；;\d]*?(\d+(?:\.\d+)?)元/.exec(statement);
  if (amount && Number(amount[1]) % 10 !== 0) {
    findings.push(
      finding(
        'X4',
        `信息处理费金额 ${amount[1]} 元不符合收费标准：按件计收为100元的整数倍，按量计收为10元的整数倍。`,
      ),
    );
  }
  return findings;
}

function deadline(report: AnnualReport): { date: string; basis: string } | null {
  if (report.year === null) return null;
  const kind = classifyBody(report.body);
  const d = isGovernmentSummaryReport(kind) ? REPORT_DEADLINE_GOVERNMENT_SUMMARY : REPORT_DEADLINE_DEPARTMENT;
  const date = `${report.year + 1}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  return { date, basis: isGovernmentSummaryReport(kind) ? '县级以上人民政府年度报告' : '部门、乡镇年度报告' };
}

export function ruleX6(report: AnnualReport): Finding[] {
  const findings: Finding[] = [];
  if (report.year === null) {
    findings.push(finding('X6', '未能从标题或统计期限中确定报告年度。', [], 'warning'));
    return findings;
  }
  const year = report.year;
  const paragraphs = compactParagraphsOf(report);
  for (const { text: t } of paragraphs) {
    if (!t.includes('统计期')) continue;
    const period = /统计期限?[^。；;]*?((?:19|20)\d{2})年1月1日[^。；;]*?((?:19|20)\d{2})年12月31日/.exec(t);
    if (period && (Number(period[1]) !== year || Number(period[2]) !== year)) {
      findings.push(
        finding(
          'X6',
          `统计期限写为 ${period[1]} 年 1 月 1 日至 ${period[2]} 年 12 月 31 日，与报告年度 ${year} 年不符。`,
        ),
      );
    }
  }
  if (report.sections.some((s) => s.key === 'overview')) {
    const years = paragraphs
      .filter((p) => p.section === 'overview')
      .flatMap((p) => [...p.text.matchAll(/((?:19|20)\d{2})年/g)].map((m) => Number(m[1])));
    if (years.length > 0 && !years.includes(year) && years.every((y) => y < year)) {
      findings.push(
        finding(
          'X6',
          `“总体情况”只提到了 ${[...new Set(years)].join('、')} 年，没有提到报告年度 ${year} 年：可能沿用了往年的文字。`,
          [],
          'warning',
        ),
      );
    }
  }
  if (report.publishedOn) {
    const due = deadline(report);
    if (report.publishedOn <= `${year}-12-31`) {
      findings.push(finding('X6', `发布日期 ${report.publishedOn} 早于统计年度 ${year} 年结束。`));
    } else if (due && report.publishedOn > due.date) {
      const kind = classifyBody(report.body);
      findings.push(
        finding(
          'X6',
          `发布日期 ${report.publishedOn} 晚于${due.basis}的发布期限 ${due.date}（条例第四十九条${kind === 'township' ? '及各地规定' : ''}）。`,
          [],
          kind === 'township' || kind === 'unknown' ? 'warning' : 'error',
        ),
      );
    }
  }
  return findings;
}

const TITLE_KEYS = new Map(SECTIONS.map((s) => [s.key, labelKey(s.title)]));

export function ruleX7(report: AnnualReport): Finding[] {
  const findings: Finding[] = [];
  if (!report.title) {
    findings.push(finding('X7', '未找到报告标题（如“××人民政府2022年政府信息公开工作年度报告”）。'));
  }
  for (const definition of SECTIONS) {
    const found = report.sections.find((s) => s.key === definition.key);
    const expected = sectionHeading(definition);
    const key = found ? labelKey(found.heading) : '';
    if (!found) {
      findings.push(finding('X7', `缺少第${definition.numeral}部分标题“${expected}”，或其顺序与格式不符。`));
    } else if (key.replace(/^[一二三四五六七八九十]+、/, '') !== TITLE_KEYS.get(definition.key)) {
      findings.push(finding('X7', `章节标题“${found.heading}”与格式规定的“${expected}”不一致。`, [], 'info'));
    } else if (!key.startsWith(`${definition.numeral}、`)) {
      findings.push(
        finding('X7', `章节标题“${found.heading}”的序号应为“${definition.numeral}、”。`, [], 'info'),
      );
    }
  }
  if (report.year !== null && report.year >= 2021 && report.format === '2019') {
    findings.push(
      finding(
        'X7',
        `${report.year} 年度报告使用了已停用的2019年表格格式；自2021年度报告起应使用国办公开办函〔2021〕30号规定的格式。`,
      ),
    );
  }
  const problems = report.sections.find((s) => s.key === 'problems');
  if (problems && !problems.paragraphs.some((p) => /(改进|整改|措施)/.test(p))) {
    findings.push(finding('X7', '第五部分没有写改进措施或上年改进措施的落实情况。', [], 'info'));
  }
  return findings;
}
