// Drafts the 依申请公开 and 行政复议、行政诉讼 paragraphs of 一、总体情况 from tables 三 and 四, so that
// the prose states exactly what the tables say (X2, X3) and every "其中" adds up (X5).
// Pure: the same report always gives the same paragraphs.
import { describeTable3Cell, describeTable4Cell } from './cell-paths.ts';
import type { AnnualReport } from './report.ts';
import {
  LEGAL_PERSON_COLUMNS,
  TABLE3_RESULT_GROUPS,
  TABLE4_TOTAL,
  type Table4GroupKey,
  TOTAL_COLUMN,
  table3Rows,
} from './report-format.ts';

const RESULT_GROUPS = TABLE3_RESULT_GROUPS;

/** How the prose names the reasons of the grouped rows (shorter than the printed labels where those are long). */
const REASONS: Record<string, string> = {
  denied1: '国家秘密',
  denied2: '其他法律行政法规禁止公开',
  denied3: '危及‘三安全一稳定’',
  denied4: '保护第三方合法权益',
  denied5: '三类内部事务信息',
  denied6: '四类过程性信息',
  denied7: '行政执法案卷',
  denied8: '行政查询事项',
  unable1: '本机关不掌握相关政府信息',
  unable2: '没有现成信息需要另行制作',
  unable3: '补正后申请内容仍不明确',
  notProcessed1: '信访举报投诉类申请',
  notProcessed2: '重复申请',
  notProcessed3: '要求提供公开出版物',
  notProcessed4: '无正当理由大量反复申请',
  notProcessed5: '要求行政机关确认或重新出具已获取信息',
  other1: '申请人逾期不补正',
  other2: '申请人逾期未按收费通知缴纳费用',
  other3: '其他情形',
};

/** Table 四 result columns as the prose names them, with the wording for "all n cases had this result". */
const APPEAL_RESULTS: readonly { name: string; one: string; all: string }[] = [
  { name: '结果维持', one: '结果维持', all: '均获维持' },
  { name: '结果纠正', one: '结果被纠正', all: '均被纠正' },
  { name: '其他结果', one: '以其他方式结案', all: '均以其他方式结案' },
  { name: '尚未审结', one: '尚未审结', all: '均尚未审结' },
];

const LITIGATION: readonly Table4GroupKey[] = ['litigationDirect', 'litigationAfterReconsideration'];

/**
 * The paragraphs on 依申请公开 and on 行政复议、行政诉讼 for section 一、总体情况, every number taken from
 * tables 三 and 四 (percentages of （七）总计, one decimal). Throws when a cell they need is blank:
 * a draft must not state numbers the tables do not have.
 */
export function draftOverview(report: AnnualReport): string[] {
  return [applicationsParagraph(report), appealsParagraph(report)];
}

function table3Cell(report: AnnualReport, rowKey: string, column = TOTAL_COLUMN): number {
  const value = report.table3[rowKey]?.[column];
  if (typeof value !== 'number') {
    throw new Error(`${describeTable3Cell(rowKey, column)}为空，无法起草总体情况。`);
  }
  return value;
}

function table4Cell(report: AnnualReport, group: Table4GroupKey, result: number): number {
  const value = report.table4[group][result];
  if (typeof value !== 'number') {
    throw new Error(`${describeTable4Cell(group, result)}为空，无法起草总体情况。`);
  }
  return value;
}

function percent(part: number, whole: number): string {
  // Half up on the exact ratio, not on a binary approximation of it.
  return (Math.round((part * 1000) / whole) / 10).toFixed(1);
}

function applicationsParagraph(report: AnnualReport): string {
  const received = table3Cell(report, 'new');
  const carriedIn = table3Cell(report, 'carriedIn');
  const concluded = table3Cell(report, 'total');
  const carriedOut = table3Cell(report, 'carriedOut');
  if (received === 0 && carriedIn === 0 && concluded === 0 && carriedOut === 0) {
    return '本年度未收到政府信息公开申请，也没有上年结转的申请。';
  }
  const sentences: string[] = [];

  let intake =
    received > 0
      ? `本年度新收政府信息公开申请${received}件${applicants(report, received)}`
      : '本年度未新收政府信息公开申请';
  intake += carriedIn > 0 ? `；上年结转政府信息公开申请${carriedIn}件` : '，无上年结转申请';
  sentences.push(intake);

  if (concluded > 0) {
    const groups = RESULT_GROUPS.map(({ group, word }) => {
      const rows = table3Rows(report.format).filter((r) => r.group === group);
      const counts = rows.map((r) => ({ key: r.key, count: table3Cell(report, r.key) }));
      const count = counts.reduce((a, r) => a + r.count, 0);
      if (count === 0) return `${word}0件`;
      const reasons = counts.filter((r) => r.count > 0 && REASONS[r.key]);
      let detail = '';
      if (rows.length > 1 && reasons.length === 1) {
        detail = `（${count === 1 ? '' : '均'}属“${REASONS[reasons[0]!.key]}”情形）`;
      } else if (rows.length > 1 && reasons.length > 1) {
        detail = `（${reasons.map((r) => `“${REASONS[r.key]}”${r.count}件`).join('、')}）`;
      }
      return `${word}${count}件${detail}，占${percent(count, concluded)}%`;
    });
    sentences.push(`本年度办结政府信息公开申请${concluded}件，其中${groups.join('；')}`);
  }

  if (carriedOut > 0) {
    sentences.push(
      concluded === 0
        ? `截至年底，上述申请均在办理中，${carriedOut}件结转下年度继续办理`
        : `截至年底，尚有${carriedOut}件申请结转下年度继续办理`,
    );
  } else {
    sentences.push('无结转下年度继续办理的申请');
  }
  return `${sentences.join('。')}。`;
}

/** "，其中自然人提出 p 件、法人或其他组织提出 q 件" for the new applications. */
function applicants(report: AnnualReport, received: number): string {
  const natural = table3Cell(report, 'new', 0);
  const legal = LEGAL_PERSON_COLUMNS.reduce((a, c) => a + table3Cell(report, 'new', c), 0);
  if (natural + legal !== received) return '';
  if (legal === 0) return received === 1 ? '，由自然人提出' : '，均由自然人提出';
  if (natural === 0) return received === 1 ? '，由法人或其他组织提出' : '，均由法人或其他组织提出';
  return `，其中自然人提出${natural}件、法人或其他组织提出${legal}件`;
}

function appealsParagraph(report: AnnualReport): string {
  const reconsideration = appealKind(report, ['reconsideration']);
  const litigation = appealKind(report, LITIGATION);
  if (reconsideration.total === 0 && litigation.total === 0) {
    return '本年度未发生政府信息公开行政复议和行政诉讼。';
  }
  const allUpheld = (kind: AppealKind) => kind.total === 0 || kind.results[0] === kind.total;
  if (
    reconsideration.total > 0 &&
    litigation.total > 0 &&
    allUpheld(reconsideration) &&
    allUpheld(litigation)
  ) {
    return `本年度发生政府信息公开行政复议${reconsideration.total}件、行政诉讼${litigation.total}件，均获维持。`;
  }
  // Two clauses joined by "；", so that what is said of one kind is not read as said of the other.
  const first =
    reconsideration.total === 0
      ? '本年度未发生政府信息公开行政复议'
      : `本年度发生政府信息公开行政复议${reconsideration.total}件，${outcome(reconsideration)}`;
  const second =
    litigation.total === 0
      ? '未发生行政诉讼'
      : `${reconsideration.total === 0 ? '发生' : ''}行政诉讼${litigation.total}件，${outcome(litigation)}`;
  return `${first}；${second}。`;
}

interface AppealKind {
  total: number;
  /** 结果维持, 结果纠正, 其他结果, 尚未审结 summed over the groups of this kind. */
  results: number[];
}

function appealKind(report: AnnualReport, groups: readonly Table4GroupKey[]): AppealKind {
  const sumOver = (result: number) => groups.reduce((a, g) => a + table4Cell(report, g, result), 0);
  return { total: sumOver(TABLE4_TOTAL), results: APPEAL_RESULTS.map((_, r) => sumOver(r)) };
}

function outcome(kind: AppealKind): string {
  const present = APPEAL_RESULTS.map((r, i) => ({ ...r, count: kind.results[i]! })).filter(
    (r) => r.count > 0,
  );
  const only = present[0];
  if (present.length === 1 && only && only.count === kind.total)
    return kind.total === 1 ? only.one : only.all;
  return `其中${present.map((r) => `${r.name}${r.count}件`).join('、')}`;
}
