// Example-based tests of every rule, with the Chinese messages people read, of the drafted
// 总体情况 paragraphs, and of the seed report (a real published report with two known defects).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { draftOverview } from '../draft-narrative.ts';
import type { Finding, RuleId } from '../findings.ts';
import { parseReport } from '../parse/parse-report.ts';
import { type AnnualReport, emptyReport } from '../report.ts';
import { SECTIONS, sectionHeading } from '../report-format.ts';
import { checkReport, combineFindings } from './check-report.ts';
import { ruleX1, ruleX4, ruleX6, ruleX7 } from './document-rules.ts';
import { ruleX2X3Claims, ruleX3Statements, ruleX5Parts } from './narrative-rules.ts';
import { ruleR1, ruleR2, ruleR3, ruleR4, ruleR5, ruleR6, ruleR7 } from './table-rules.ts';

function zeros(): number[] {
  return [0, 0, 0, 0, 0, 0, 0];
}

/**
 * A small consistent township report: 7 new applications (5 from 自然人, 2 from 商业企业) and 1 carried
 * in; 4 予以公开, 1 部分公开, 1 不掌握, 1 重复申请; 1 carried out; one 行政复议, upheld.
 */
function baseReport(): AnnualReport {
  const report = emptyReport('2021');
  report.body = '青山镇人民政府';
  report.year = 2023;
  report.title = '青山镇人民政府2023年政府信息公开工作年度报告';
  report.publishedOn = '2024-01-20';
  for (const key of Object.keys(report.table3)) report.table3[key] = zeros();
  report.table3.new = [5, 2, 0, 0, 0, 0, 7];
  report.table3.carriedIn = [1, 0, 0, 0, 0, 0, 1];
  report.table3.granted = [3, 1, 0, 0, 0, 0, 4];
  report.table3.partial = [1, 0, 0, 0, 0, 0, 1];
  report.table3.unable1 = [1, 0, 0, 0, 0, 0, 1];
  report.table3.notProcessed2 = [0, 1, 0, 0, 0, 0, 1];
  report.table3.total = [5, 2, 0, 0, 0, 0, 7];
  report.table3.carriedOut = [1, 0, 0, 0, 0, 0, 1];
  report.table4 = {
    reconsideration: [1, 0, 0, 0, 1],
    litigationDirect: [0, 0, 0, 0, 0],
    litigationAfterReconsideration: [0, 0, 0, 0, 0],
  };
  report.table2 = {
    regulations: [0, 0, 0],
    normativeDocs: [0, 0, 2],
    licensing: [0],
    penalty: [60],
    enforcement: [0],
    fees: [0],
  };
  report.preamble = ['本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。'];
  const paragraphs: Record<string, string[]> = {
    overview: ['2023年，青山镇认真贯彻落实《中华人民共和国政府信息公开条例》。', ...draftOverview(report)],
    problems: ['改进措施：及时更新公开目录。'],
    other: ['本年度未收取信息处理费。'],
  };
  report.sections = SECTIONS.map((s) => ({
    key: s.key,
    heading: sectionHeading(s),
    paragraphs: paragraphs[s.key] ?? [],
  }));
  return report;
}

function withParagraph(report: AnnualReport, text: string): AnnualReport {
  report.sections[0]!.paragraphs.push(text);
  return report;
}

function rules(findings: readonly Finding[]): RuleId[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

describe('the base report', () => {
  it('is consistent: no rule finds anything', () => {
    assert.deepEqual(checkReport(baseReport()), []);
  });
});

describe('draftOverview', () => {
  it('states every count of tables 三 and 四, with percentages of （七）总计', () => {
    assert.deepEqual(draftOverview(baseReport()), [
      '本年度新收政府信息公开申请7件，其中自然人提出5件、法人或其他组织提出2件；上年结转政府信息公开申请1件。' +
        '本年度办结政府信息公开申请7件，其中予以公开4件，占57.1%；部分公开1件，占14.3%；不予公开0件；' +
        '无法提供1件（属“本机关不掌握相关政府信息”情形），占14.3%；不予处理1件（属“重复申请”情形），占14.3%；其他处理0件。' +
        '截至年底，尚有1件申请结转下年度继续办理。',
      '本年度发生政府信息公开行政复议1件，结果维持；未发生行政诉讼。',
    ]);
  });

  it('says so when nothing was received and nothing appealed', () => {
    const report = emptyReport('2021');
    for (const key of Object.keys(report.table3)) report.table3[key] = zeros();
    report.table4 = {
      reconsideration: [0, 0, 0, 0, 0],
      litigationDirect: [0, 0, 0, 0, 0],
      litigationAfterReconsideration: [0, 0, 0, 0, 0],
    };
    assert.deepEqual(draftOverview(report), [
      '本年度未收到政府信息公开申请，也没有上年结转的申请。',
      '本年度未发生政府信息公开行政复议和行政诉讼。',
    ]);
  });

  it('lists the grounds of a group when several were used, and says “均获维持” only when all were upheld', () => {
    const report = baseReport();
    report.table3.unable1 = [0, 0, 0, 0, 0, 0, 0];
    report.table3.denied1 = [1, 0, 0, 0, 0, 0, 1];
    report.table3.denied4 = [0, 1, 0, 0, 0, 0, 1];
    report.table3.notProcessed2 = [0, 0, 0, 0, 0, 0, 0];
    report.table3.granted = [3, 0, 0, 0, 0, 0, 3];
    report.table4.reconsideration = [2, 0, 0, 0, 2];
    report.table4.litigationDirect = [1, 0, 0, 0, 1];
    const [applications, appeals] = draftOverview(report);
    assert.match(applications!, /不予公开2件（“国家秘密”1件、“保护第三方合法权益”1件），占28\.6%；/);
    assert.equal(appeals, '本年度发生政府信息公开行政复议2件、行政诉讼1件，均获维持。');
    report.table4.litigationDirect = [0, 1, 0, 1, 2];
    assert.equal(
      draftOverview(report)[1],
      '本年度发生政府信息公开行政复议2件，均获维持；行政诉讼2件，其中结果纠正1件、尚未审结1件。',
    );
  });

  it('refuses to draft from a blank cell', () => {
    const report = baseReport();
    report.table3.total![6] = null;
    assert.throws(() => draftOverview(report), /（七）总计.*“总计”列为空/);
  });
});

describe('R1 每列：新收 + 上年结转 = 办理结果总计 + 结转下年度', () => {
  it('names the column and shows both sums', () => {
    const report = baseReport();
    report.table3.new = [6, 2, 0, 0, 0, 0, 8];
    assert.deepEqual(
      ruleR1(report).map((f) => f.message),
      [
        '表三“自然人”列：一（本年新收 6）加二（上年结转 1）为 7，但三（七）总计 5 加四（结转下年度 1）为 6，两者应相等。',
        '表三“总计”列：一（本年新收 8）加二（上年结转 1）为 9，但三（七）总计 7 加四（结转下年度 1）为 8，两者应相等。',
      ],
    );
    assert.deepEqual(ruleR1(report)[0]!.cells, [
      'table3.rows.new[0]',
      'table3.rows.carriedIn[0]',
      'table3.rows.total[0]',
      'table3.rows.carriedOut[0]',
    ]);
  });
});

describe('R2 每行：总计 = 各申请人列之和', () => {
  it('shows the parts and the printed total', () => {
    const report = baseReport();
    report.table3.granted = [3, 2, 0, 0, 0, 0, 4];
    const [only, ...rest] = ruleR2(report);
    assert.equal(rest.length, 0);
    assert.equal(
      only!.message,
      '表三“（一）予以公开”行：各申请人列之和为 5（3+2+0+0+0+0），但“总计”列为 4。',
    );
    assert.equal(only!.severity, 'error');
  });
});

describe('R3 每列：（七）总计 = 各办理结果行之和（2021年格式共21行）', () => {
  it('names the column', () => {
    const report = baseReport();
    report.table3.unable2 = [1, 0, 0, 0, 0, 0, 1];
    assert.deepEqual(
      ruleR3(report).map((f) => f.message),
      [
        '表三“自然人”列：21个办理结果行之和为 6，但“（七）总计”为 5。',
        '表三“总计”列：21个办理结果行之和为 8，但“（七）总计”为 7。',
      ],
    );
  });
});

describe('R4 法人或其他组织小计', () => {
  it('is checked only when the report prints the subtotal', () => {
    const report = baseReport();
    assert.deepEqual(ruleR4(report), []);
    report.table3LegalSubtotal = { new: 3, total: 2 };
    const [only, ...rest] = ruleR4(report);
    assert.equal(rest.length, 0);
    assert.equal(
      only!.message,
      '表三“一、本年新收政府信息公开申请数量”行：“法人或其他组织”小计为 3，但五个子列之和为 2（2+0+0+0+0）。',
    );
    assert.equal(only!.cells![0], 'table3.legalSubtotal.new');
  });
});

describe('R5 单元格', () => {
  it('warns of a blank cell, naming row and column', () => {
    const report = baseReport();
    report.table3.new![3] = null;
    const [only, ...rest] = ruleR5(report);
    assert.equal(rest.length, 0);
    assert.equal(only!.severity, 'warning');
    assert.equal(
      only!.message,
      '表三“一、本年新收政府信息公开申请数量”行有 1 个空白单元格（社会公益组织）；没有数据应填 0。',
    );
    assert.deepEqual(only!.cells, ['table3.rows.new[3]']);
  });

  it('reports unreadable text as an error, quoting it', () => {
    const report = baseReport();
    report.table3.denied3![1] = null;
    report.unreadableCells['table3.rows.denied[2][1]'] = '若干';
    const [only, ...rest] = ruleR5(report);
    assert.equal(rest.length, 0);
    assert.equal(only!.severity, 'error');
    assert.equal(only!.message, '表三“（三）不予公开3.危及“三安全一稳定””行的“商业企业”（若干）不是数字。');
  });

  it('reports negative and fractional counts in tables 三 and 四', () => {
    const report = baseReport();
    report.table4.litigationDirect = [-1, 0, 0, 0.5, 0];
    assert.deepEqual(
      ruleR5(report).map((f) => f.message),
      ['表四“未经复议直接起诉”的“结果维持”为 -1、“尚未审结”为 0.5；件数应为非负整数。'],
    );
  });

  it('leaves blanks that the reader already reported alone', () => {
    const report = baseReport();
    report.table3.new![3] = null;
    report.unreadableCells['table3.rows.new[3]'] = '';
    assert.deepEqual(ruleR5(report), []);
  });
});

describe('R6 表四各组：维持 + 纠正 + 其他 + 尚未审结 = 总计', () => {
  it('names the group and shows the parts', () => {
    const report = baseReport();
    report.table4.reconsideration = [1, 1, 0, 0, 1];
    assert.deepEqual(
      ruleR6(report).map((f) => f.message),
      ['表四行政复议“总计”为 1，但维持、纠正、其他、尚未审结之和为 2（1+1+0+0）。'],
    );
  });
});

describe('R7 表二', () => {
  it('a township has no power to issue 规章', () => {
    const report = baseReport();
    report.table2.regulations = [1, 0, 1];
    assert.deepEqual(
      ruleR7(report).map((f) => f.message),
      [
        '青山镇人民政府没有规章制定权（只有省级和设区的市级人民政府可以制定规章），但表二“规章”一行不为 0（1、0、1）。',
      ],
    );
  });

  it('a city government may', () => {
    const report = baseReport();
    report.body = '青山市人民政府';
    report.table2.regulations = [1, 0, 1];
    assert.deepEqual(ruleR7(report), []);
  });

  it('counts are whole and not negative; fees are 万元 with at most 4 decimals', () => {
    const report = baseReport();
    report.table2.licensing = [2.5];
    report.table2.penalty = [-3];
    report.table2.fees = [1.23456];
    assert.deepEqual(
      ruleR7(report).map((f) => [f.severity, f.message]),
      [
        ['error', '表二“行政许可”行的“本年处理决定数量”为 2.5；件数应为整数。'],
        ['error', '表二“行政处罚”行的“本年处理决定数量”为负数 -3。'],
        ['warning', '表二“行政事业性收费”1.23456 万元的小数超过4位（精确到元即4位小数）。'],
      ],
    );
  });

  it('fees typed in 元 instead of 万元', () => {
    const report = baseReport();
    report.table2.fees = [35000];
    assert.deepEqual(
      ruleR7(report).map((f) => f.message),
      ['表二“行政事业性收费”为 35000 万元（即 3.5 亿元），单位应为万元，疑似按元填写。'],
    );
  });

  it('a township issuing 行政规范性文件 is worth a second look (info)', () => {
    const report = baseReport();
    report.table2.normativeDocs = [1, 0, 3];
    const [only] = ruleR7(report);
    assert.equal(only!.severity, 'info');
    assert.match(only!.message, /本年制发 1 件/);
  });
});

describe('X1 跨年度：上年结转 = 上年报告的结转下年度', () => {
  it('names the column and both numbers', () => {
    const report = baseReport();
    const previous = baseReport();
    previous.year = 2022;
    previous.table3.carriedOut = [2, 0, 0, 0, 0, 0, 2];
    previous.table2.normativeDocs = [0, 0, 2];
    assert.deepEqual(
      ruleX1(report, { previous }).map((f) => f.message),
      [
        '表三“自然人”列：本年“上年结转”为 1，但上年报告的“结转下年度继续办理”为 2。',
        '表三“总计”列：本年“上年结转”为 1，但上年报告的“结转下年度继续办理”为 2。',
      ],
    );
  });

  it('warns when the previous report is not of the year before', () => {
    const report = baseReport();
    const previous = baseReport();
    previous.year = 2021;
    previous.table3.carriedOut = [...report.table3.carriedIn!];
    const [only] = ruleX1(report, { previous });
    assert.equal(only!.severity, 'warning');
    assert.equal(
      only!.message,
      '作为上年报告提供的是 2021 年度报告，而本报告为 2023 年度；跨年度核对可能没有意义。',
    );
  });

  it('warns when 现行有效 does not follow from last year’s, this year’s 制发 and 废止', () => {
    const report = baseReport();
    report.table2.normativeDocs = [0, 1, 4];
    const previous = baseReport();
    previous.year = 2022;
    previous.table3.carriedOut = [...report.table3.carriedIn!];
    previous.table2.normativeDocs = [0, 0, 2];
    assert.deepEqual(
      ruleX1(report, { previous }).map((f) => f.message),
      [
        '表二“行政规范性文件”现行有效 4 件，而上年现行有效 2 件加本年制发 0 件减废止 1 件为 1 件（有修订时可能不等，请核实）。',
      ],
    );
  });
});

describe('X2 正文数字与表三一致', () => {
  it('the number of new applications', () => {
    const report = withParagraph(baseReport(), '本年度共新收政府信息公开申请9件。');
    assert.deepEqual(
      ruleX2X3Claims(report).map((f) => f.message),
      [
        '正文称本年新收申请 9 件（“本年度共新收政府信息公开申请9件”），但表三“一、本年新收政府信息公开申请数量”总计（另有上年结转 1 件）为 7。',
      ],
    );
  });

  it('“收到申请 n 件” may count the carried-over ones too', () => {
    assert.deepEqual(ruleX2X3Claims(withParagraph(baseReport(), '全年共收到政府信息公开申请8件。')), []);
  });

  it('a group count and a percentage of （七）总计', () => {
    const report = withParagraph(
      baseReport(),
      '其中予以公开5件，占80%；无法提供1件（本机关不掌握1件），占10.0%。',
    );
    assert.deepEqual(
      ruleX2X3Claims(report).map((f) => f.message),
      [
        '正文称予以公开 5 件（“其中予以公开5件”），但表三“予以公开”行的总计为 4。',
        '正文称予以公开占 80%（“其中予以公开5件，占80%”），但按表三计算为 4÷7（办理结果总计）= 57.1%。',
        '正文称无法提供占 10%（“无法提供1件（本机关不掌握1件），占10.0%”），但按表三计算为 1÷7（办理结果总计）= 14.3%。',
      ],
    );
  });

  it('does not check a claim against a blank cell, even when another reading of it is known', () => {
    const report = withParagraph(baseReport(), '法人或其他组织申请3件。');
    assert.equal(ruleX2X3Claims(report).length, 1, 'checked while the cells are known');
    report.table3.new![2] = null;
    assert.deepEqual(ruleX2X3Claims(report), []);
  });

  it('leaves comparisons with last year alone', () => {
    assert.deepEqual(ruleX2X3Claims(withParagraph(baseReport(), '新收申请较上年增加3件。')), []);
  });
});

describe('X3 正文关于复议诉讼的表述与表四一致', () => {
  it('“均获维持” with a 纠正 case', () => {
    const report = baseReport();
    report.table4.reconsideration = [1, 1, 0, 0, 2];
    report.sections[0]!.paragraphs[2] = '本年度发生政府信息公开行政复议2件，均获维持。';
    assert.deepEqual(
      ruleX3Statements(report).map((f) => f.message),
      ['正文称案件均获维持（“本年度发生政府信息公开行政复议2件，均获维持”），但表四有纠正 1 件。'],
    );
    assert.deepEqual(ruleX2X3Claims(report), []);
  });

  it('“未发生行政复议” while table 四 has one, and a wrong count', () => {
    const report = baseReport();
    report.sections[0]!.paragraphs[2] = '本年度未发生政府信息公开行政复议。本年度发生行政诉讼2件。';
    assert.deepEqual(
      [...ruleX3Statements(report), ...ruleX2X3Claims(report)].map((f) => f.message),
      [
        '正文称未发生行政复议或行政诉讼（“本年度未发生政府信息公开行政复议”），但表四相应总计为 1。',
        '正文称行政诉讼案件 2 件（“本年度发生行政诉讼2件”），但表四两类行政诉讼的总计之和为 0。',
      ],
    );
  });
});

describe('X3 reads what each “未发生” denies in its own clause', () => {
  it('“未发生行政复议，发生行政诉讼 n 件” does not deny the lawsuit', () => {
    const report = baseReport();
    report.table4.reconsideration = [0, 0, 0, 0, 0];
    report.table4.litigationDirect = [1, 0, 0, 0, 1];
    report.sections[0]!.paragraphs[2] = '本年度未发生政府信息公开行政复议，发生行政诉讼1件，结果维持。';
    assert.deepEqual(ruleX3Statements(report), []);
    report.sections[0]!.paragraphs[2] = '本年度被申请行政复议1件，无行政诉讼。';
    report.table4.reconsideration = [1, 0, 0, 0, 1];
    report.table4.litigationDirect = [0, 0, 0, 0, 0];
    assert.deepEqual(ruleX3Statements(report), []);
    report.table4.litigationAfterReconsideration = [0, 0, 0, 1, 1];
    assert.deepEqual(
      ruleX3Statements(report).map((f) => [f.message, f.cells]),
      [
        [
          '正文称未发生行政复议或行政诉讼（“本年度被申请行政复议1件，无行政诉讼”），但表四相应总计为 1。',
          ['table4.litigationDirect[4]', 'table4.litigationAfterReconsideration[4]'],
        ],
      ],
    );
  });
});

describe('X4 信息处理费', () => {
  it('a report that does not say whether fees were charged', () => {
    const report = baseReport();
    report.sections[5]!.paragraphs = [];
    assert.deepEqual(
      ruleX4(report).map((f) => f.message),
      ['第六部分“其他需要报告的事项”未说明信息处理费的收取情况（如“本年度未收取信息处理费”）。'],
    );
  });

  it('“未收取” while an applicant did not pay a fee notice (info), and an amount off the scale', () => {
    const report = baseReport();
    report.table3.other2 = [1, 0, 0, 0, 0, 0, 1];
    assert.deepEqual(
      ruleX4(report).map((f) => f.severity),
      ['info'],
    );
    report.sections[5]!.paragraphs = ['本年度收取信息处理费105元。'];
    assert.deepEqual(
      ruleX4(report).map((f) => f.message),
      ['信息处理费金额 105 元不符合收费标准：按件计收为100元的整数倍，按量计收为10元的整数倍。'],
    );
  });
});

describe('X5 “其中”所列各部分之和不超过总数', () => {
  it('shows the parts and the whole they belong to', () => {
    const report = withParagraph(baseReport(), '全年发布信息300条，其中网站200条，微信150条。');
    assert.deepEqual(
      ruleX5Parts(report).map((f) => f.message),
      ['“其中”所列各部分之和为 350（200+150），超过了它们所属的总数 300（“全年发布信息300条”）。'],
    );
  });

  it('parts that fit are fine', () => {
    assert.deepEqual(
      ruleX5Parts(withParagraph(baseReport(), '全年发布信息300条，其中网站200条，微信100条。')),
      [],
    );
  });
});

describe('X6 统计期限与发布日期', () => {
  it('a period naming another year', () => {
    const report = baseReport();
    report.preamble = ['本报告统计期限自2019年1月1日起至2019年12月31日止。'];
    assert.deepEqual(
      ruleX6(report).map((f) => f.message),
      ['统计期限写为 2019 年 1 月 1 日至 2019 年 12 月 31 日，与报告年度 2023 年不符。'],
    );
  });

  it('published before the year ended, or after the deadline', () => {
    const report = baseReport();
    report.publishedOn = '2023-12-30';
    assert.deepEqual(
      ruleX6(report).map((f) => f.message),
      ['发布日期 2023-12-30 早于统计年度 2023 年结束。'],
    );
    report.publishedOn = '2024-02-15';
    const [late] = ruleX6(report);
    assert.equal(late!.severity, 'warning', 'township deadlines vary by province');
    assert.equal(
      late!.message,
      '发布日期 2024-02-15 晚于部门、乡镇年度报告的发布期限 2024-01-31（条例第四十九条及各地规定）。',
    );
    report.body = '青山县民政局';
    assert.equal(ruleX6(report)[0]!.severity, 'error');
    report.body = '青山县人民政府';
    assert.deepEqual(ruleX6(report), [], 'a county government publishes by 31 March');
  });

  it('an overview that only speaks of earlier years', () => {
    const report = baseReport();
    report.sections[0]!.paragraphs[0] = '2022年，青山镇认真贯彻落实《中华人民共和国政府信息公开条例》。';
    assert.deepEqual(
      ruleX6(report).map((f) => f.message),
      ['“总体情况”只提到了 2022 年，没有提到报告年度 2023 年：可能沿用了往年的文字。'],
    );
  });
});

describe('X7 标题与章节', () => {
  it('a missing title and a missing section', () => {
    const report = baseReport();
    report.title = null;
    report.sections = report.sections.filter((s) => s.key !== 'problems');
    assert.deepEqual(
      ruleX7(report).map((f) => f.message),
      [
        '未找到报告标题（如“××人民政府2022年政府信息公开工作年度报告”）。',
        '缺少第五部分标题“五、存在的主要问题及改进情况”，或其顺序与格式不符。',
      ],
    );
  });

  it('a heading worded differently, and one numbered differently', () => {
    const report = baseReport();
    report.sections[1]!.heading = '二、主动公开情况';
    report.sections[3]!.heading = '（四）政府信息公开行政复议、行政诉讼情况';
    assert.deepEqual(
      ruleX7(report).map((f) => f.message),
      [
        '章节标题“二、主动公开情况”与格式规定的“二、主动公开政府信息情况”不一致。',
        '章节标题“（四）政府信息公开行政复议、行政诉讼情况”与格式规定的“四、政府信息公开行政复议、行政诉讼情况”不一致。',
      ],
    );
  });

  it('a 2021-year report in the 2019 format, and a 五 without improvement measures', () => {
    const report = baseReport();
    report.format = '2019';
    report.sections[4]!.paragraphs = ['公开工作还有不足。'];
    assert.deepEqual(
      ruleX7(report).map((f) => f.message),
      [
        '2023 年度报告使用了已停用的2019年表格格式；自2021年度报告起应使用国办公开办函〔2021〕30号规定的格式。',
        '第五部分没有写改进措施或上年改进措施的落实情况。',
      ],
    );
  });
});

describe('the seed report (承留镇人民政府 2022)', async () => {
  const seedDir = new URL('../../../../shared/seed/', import.meta.url);
  const names = (await readdir(seedDir)).filter((n) => n.endsWith('.txt')).sort();
  const parsed = await Promise.all(
    names.map(async (name) => ({
      name,
      ...(await parseReport(await readFile(new URL(name, seedDir)), name)),
    })),
  );
  const seed = parsed.find((p) => p.report.body === '承留镇人民政府' && p.report.year === 2022);

  it('is among the seed files', () => {
    assert.ok(seed, `承留镇 2022 not found among ${names.join(', ')}`);
  });

  it('has consistent tables: no R rule fires', () => {
    assert.ok(seed);
    const findings = combineFindings(seed.findings, checkReport(seed.report));
    assert.deepEqual(
      findings.filter((f) => f.rule.startsWith('R')),
      [],
    );
  });

  it('says 1 application newly received while table 三 has 0 new and 1 carried over (X2 error)', () => {
    assert.ok(seed);
    const x2 = checkReport(seed.report).filter((f) => f.rule === 'X2');
    assert.equal(x2.length, 1);
    assert.equal(x2[0]!.severity, 'error');
    assert.match(x2[0]!.message, /^正文称本年新收申请 1 件（“[^”]*新收政府信息公开申请数量1件”）/);
    assert.match(x2[0]!.message, /（另有上年结转 1 件）为 0。$/);
    assert.deepEqual(x2[0]!.cells, ['table3.rows.new[6]']);
  });

  it('lists website items 26+68+134+49 = 277 under a whole of 259 (X5 warning)', () => {
    assert.ok(seed);
    const x5 = checkReport(seed.report).filter((f) => f.rule === 'X5');
    assert.equal(x5.length, 1);
    assert.equal(x5[0]!.severity, 'warning');
    assert.equal(
      x5[0]!.message,
      '“其中”所列各部分之和为 277（26+68+134+49），超过了它们所属的总数 259（“通过政府网站发布信息259条”）。',
    );
  });

  it('finds nothing else', () => {
    assert.ok(seed);
    assert.deepEqual(rules(combineFindings(seed.findings, checkReport(seed.report))), ['X2', 'X5']);
  });
});
