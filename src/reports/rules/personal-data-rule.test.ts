// P1: personal numbers in an annual report's text, found and placed on their sentence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateSentence } from '../../web/office/report-findings.ts';
import { emptyReport } from '../report.ts';
import { ruleP1 } from './personal-data-rule.ts';

// A valid 身份证号 (checksum), a mobile and a Luhn-valid bank card, all made up.
const ID = '11010519491231002X';
const MOBILE = '13912345678';
const CARD = '6222020200112233446';

function reportWith(overview: string[], other: string[] = []) {
  const report = emptyReport('2021');
  report.preamble = ['本报告依据《中华人民共和国政府信息公开条例》编制。'];
  report.sections = [
    { key: 'overview', heading: '一、总体情况', paragraphs: overview },
    { key: 'other', heading: '六、其他需要报告的事项', paragraphs: other },
  ];
  return report;
}

describe('P1: personal data in the report text', () => {
  it('finds an 身份证号 and a bank card as errors and a mobile as a warning, masked, in order', () => {
    const report = reportWith([
      `本年度共收到申请7件。申请人张某某（身份证号${ID}）要求公开征地补偿方案，补偿款已汇入其账户 ${CARD}。`,
      `咨询电话：${MOBILE}。`,
    ]);
    const findings = ruleP1(report);
    assert.deepEqual(
      findings.map((f) => [
        f.severity,
        f.message.includes(ID) || f.message.includes(CARD) || f.message.includes(MOBILE),
      ]),
      [
        ['error', false],
        ['error', false],
        ['warning', false],
      ],
      'each number once, its severity, never printed in full',
    );
    assert.match(
      findings[0]!.message,
      /^第一部分（总体情况）“申请人张某某（身份证号”之后有居民身份证号码（1101\*+002X）/,
    );
    assert.match(findings[1]!.message, /银行卡号/);
    assert.match(findings[2]!.message, /手机号码.*如是本机关公开的联系电话/);
  });

  it('places each finding on the sentence that holds the number', () => {
    const report = reportWith(['本年度共收到申请7件。', `申请人李某某的联系电话为${MOBILE}，已电话告知。`]);
    const [only] = ruleP1(report);
    assert.ok(only);
    assert.deepEqual(locateSentence(report, only), {
      paragraph: { section: 'overview', index: 1 },
      sentence: 0,
    });
  });

  it('finds nothing in a report without personal numbers: 文号, amounts, dates and office telephones', () => {
    const report = reportWith(
      ['2023年共制发规范性文件2件（青政〔2023〕15号），收取信息处理费0元，办公电话0391-6612345。'],
      ['本年度未收取信息处理费。'],
    );
    assert.deepEqual(ruleP1(report), []);
  });
});
