// P1: an annual report is published to everyone, so a personal number in its text (身份证号, 手机号码,
// 银行卡号: the numbers the 保密审查 looks for, found by the same finder) is a leak. A mobile may be
// an office's published contact, so it is a warning; an 身份证号 or a bank card is an error.
import { FINDING_LABELS, scanPersonalData } from '../../disclosures/personal-data.ts';
import { type Finding, finding } from '../findings.ts';
import { normalizeText } from '../parse/normalize.ts';
import { type AnnualReport, narrativeParagraphs } from '../report.ts';
import { SECTIONS } from '../report-format.ts';
import { withChinesePunctuation } from './narrative-rules.ts';

/** How much of the sentence before a number is quoted, so the finding sits on its sentence. */
const QUOTE_CHARS = 24;

export function ruleP1(report: AnnualReport): Finding[] {
  const findings: Finding[] = [];
  for (const { section, text } of narrativeParagraphs(report)) {
    const numbers = scanPersonalData(text);
    const definition = SECTIONS.find((s) => s.key === section);
    const where = definition ? `第${definition.numeral}部分（${definition.title}）` : '报告开头';
    let quotedFrom = 0;
    for (const number of numbers) {
      // The quote: the same sentence before the number, never across an earlier number.
      const sentenceStart = Math.max(
        quotedFrom,
        ...['。', '；', ';', '！', '？', '!', '?'].map(
          (mark) => text.lastIndexOf(mark, number.start - 1) + 1,
        ),
      );
      const before = withChinesePunctuation(
        normalizeText(text.slice(sentenceStart, number.start)).replace(/\s+/g, ''),
      );

      const quote = before.length >= 4 ? `“${before.slice(-QUOTE_CHARS)}”之后` : '';
      quotedFrom = number.end;
      findings.push(
        finding(
          'P1',
          `${where}${quote}有${FINDING_LABELS[number.kind]}（${number.preview}）：年度报告向社会公开，不应含有个人信息，请删除${number.kind === 'mobile' ? '；如是本机关公开的联系电话，可不予理会' : ''}。`,
          [],
          number.kind === 'mobile' ? 'warning' : 'error',
        ),
      );
    }
  }
  return findings;
}
