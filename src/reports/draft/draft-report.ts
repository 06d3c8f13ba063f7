// The annual report drafted from the facts of the data: the tables as they are, section 一 with
// every number taken from the facts (so that the checker's X2, X3 and X5 hold by construction) and
// the 信息处理费 sentence of section 六 from the fee records. Pure: the same facts always give the
// same report; the clerk's paragraphs (edits) replace the drafted ones of their section.
import { FEE_MEASURES } from '../../fees/index.ts';
import { formatPercent } from '../../services/index.ts';
import { draftOverview } from '../draft-narrative.ts';
import { type AnnualReport, type Cell, emptyReport } from '../report.ts';
import { SECTIONS, type SectionKey, sectionHeading, TABLE4_GROUPS } from '../report-format.ts';
import type {
  FeeFacts,
  PublicationCount,
  PublicationFacts,
  ReportEdits,
  ReportFacts,
  ServiceFacts,
} from './report-facts.ts';

export function reportTitle(body: string, year: number): string {
  return `${body}${year}年政府信息公开工作年度报告`;
}

export function draftReport(facts: ReportFacts, edits: ReportEdits = {}): AnnualReport {
  const report = emptyReport(facts.format);
  report.body = facts.body;
  report.year = facts.year;
  report.title = reportTitle(facts.body, facts.year);
  // Copies: the report is the caller's to change, the facts are not.
  for (const [key, cells] of Object.entries(facts.table2)) report.table2[key] = [...cells];
  for (const [key, cells] of Object.entries(facts.table3)) report.table3[key] = [...cells];
  for (const group of TABLE4_GROUPS) report.table4[group.key] = [...facts.table4[group.key]];
  report.preamble = [
    `本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自${facts.year}年1月1日起至${facts.year}年12月31日止。`,
  ];
  const drafted: Record<SectionKey, string[]> = {
    overview: [
      proactiveParagraph(facts.year, facts.publications, report.table2),
      // draftOverview reads only tables 三 and 四, already in place.
      ...draftOverview(report),
      ...optional(serviceSentence(facts.services)),
    ],
    proactive: [],
    applications: [],
    appeals: [],
    problems: [],
    other: [],
  };
  const fee = feeSentence(facts.year, facts.fees);
  const paragraphs: Record<SectionKey, string[]> = {
    ...drafted,
    overview: clean(edits.overview) ?? drafted.overview,
    problems: clean(edits.problems) ?? drafted.problems,
    // The fee sentence is generated from the records and always opens 六; a clerk's copy of it is not repeated.
    other: [fee, ...(clean(edits.other) ?? []).filter((p) => p !== fee)],
  };
  report.sections = SECTIONS.map((s) => ({
    key: s.key,
    heading: sectionHeading(s),
    paragraphs: paragraphs[s.key],
  }));
  return report;
}

const optional = (paragraph: string | null): string[] => (paragraph === null ? [] : [paragraph]);

/**
 * The 便民服务大厅 in one sentence of section 一: windows, items per level, the ratings with the share
 * of 不满意 (不满意 and 非常不满意 over all ratings, one decimal), the 效能投诉 answered on time. The
 * ratings and complaints only when there were some; nothing at all without items.
 */
export function serviceSentence(services: ServiceFacts): string | null {
  const items = services.townItems + services.villageItems;
  if (items === 0) return null;
  const levels =
    services.townItems > 0 && services.villageItems > 0
      ? `（乡镇级${services.townItems}项、村级${services.villageItems}项）`
      : '';
  const parts = [
    `${services.windows > 0 ? `便民服务大厅设服务窗口${services.windows}个，` : ''}公开政务服务事项${items}项${levels}`,
  ];
  if (services.ratings > 0)
    parts.push(
      `全年收到服务评价${services.ratings}条，不满意率${formatPercent({ numerator: services.dissatisfied, denominator: services.ratings })}`,
    );
  if (services.complaints > 0)
    parts.push(`受理效能投诉${services.complaints}件，按时办结${services.complaintsOnTime}件`);
  return `${parts.join('；')}。`;
}

/** Trimmed paragraphs without empty ones; undefined when the section was not edited. */
function clean(paragraphs: readonly string[] | undefined): string[] | undefined {
  return paragraphs?.map((p) => p.trim()).filter((p) => p !== '');
}

function counted(parts: readonly PublicationCount[]): string {
  return parts.map((p) => `${p.label}${p.count}条`).join('、');
}

/**
 * 主动公开: the year's publications in total, per channel and, for the portal's items, per
 * catalogue category; then the register and the decisions of table 二 where they were entered.
 * Counts are in 条, so no rule on applications (件) reads them; each "其中" lists parts that add up
 * to the number just before it (X5).
 */
export function proactiveParagraph(
  year: number,
  publications: PublicationFacts,
  table2: Record<string, Cell[]>,
): string {
  const sentences: string[] = [];
  const channels = publications.channels.filter((c) => c.count > 0);
  if (publications.total === 0) {
    sentences.push(`主动公开方面，${year}年未通过政府网站等渠道主动公开政府信息`);
  } else if (channels.length === 1) {
    sentences.push(`主动公开方面，${year}年通过${channels[0]!.label}主动公开政府信息${publications.total}条`);
  } else {
    sentences.push(
      `主动公开方面，${year}年通过各渠道主动公开政府信息${publications.total}条，其中${counted(channels)}`,
    );
  }
  const portal = publications.channels.find((c) => c.key === 'portal');
  const categories = publications.categories.filter((c) => c.count > 0);
  if (portal && portal.count > 0 && categories.length > 0) {
    // Names are quoted (the statutory ones contain 、) and counted once when two categories share one.
    const named = new Map<string, number>();
    for (const c of categories) named.set(c.label, (named.get(c.label) ?? 0) + c.count);
    const list = [...named].map(([label, count]) => `“${label}”${count}条`).join('、');
    sentences.push(`在${portal.label}发布的${portal.count}条信息中，${list}`);
  }
  const register = registerClause(table2);
  if (register) sentences.push(register);
  const decisions = (
    [
      ['licensing', '行政许可'],
      ['penalty', '行政处罚'],
      ['enforcement', '行政强制'],
    ] as const
  ).flatMap(([key, name]) => {
    const value = table2[key]?.[0];
    return typeof value === 'number' ? [`${name}决定${value}件`] : [];
  });
  if (decisions.length > 0) sentences.push(`本年度作出${decisions.join('、')}`);
  return `${sentences.join('。')}。`;
}

/** 规章 (only when there are any) and 行政规范性文件 of the year, from table 二 第（一）项. */
function registerClause(table2: Record<string, Cell[]>): string | null {
  const parts: string[] = [];
  for (const [key, name] of [
    ['regulations', '规章'],
    ['normativeDocs', '行政规范性文件'],
  ] as const) {
    const [issued, repealed, valid] = table2[key] ?? [];
    if (typeof issued !== 'number' || typeof repealed !== 'number' || typeof valid !== 'number') continue;
    if (key === 'regulations' && issued + repealed + valid === 0) continue;
    parts.push(`制发${name}${issued}件、废止${repealed}件，年末现行有效${valid}件`);
  }
  return parts.length === 0 ? null : `本年度${parts.join('；')}`;
}

/** The 信息处理费 sentence that opens section 六 (条例第五十条, 国办函〔2020〕109号). */
export function feeSentence(year: number, fees: FeeFacts): string {
  const { noticesIssued: notices, amountCollectedYuan: amount } = fees;
  if (notices === 0 && amount === 0) return `${year}年未收取信息处理费。`;
  const basis = `${year}年依据${FEE_MEASURES}`;
  if (amount === 0) return `${basis}发出收费通知${notices}件，未收取信息处理费。`;
  if (notices === 0) return `${basis}收取信息处理费${amount}元（均为上年度发出收费通知的申请）。`;
  return `${basis}发出收费通知${notices}件，收取信息处理费${amount}元。`;
}
