// Sample letter data for the tests of this folder (no tests of its own).
import type { OutcomeCode } from '../outcomes.ts';
import type { LetterBase, LetterData, ReplyData } from './letter.ts';
import type { LetterKind } from './letter-templates.ts';

export const BASE: LetterBase = {
  agencyName: '承留镇人民政府',
  documentNumber: '承政公开〔2026〕3号',
  issuedOn: '2026-12-10',
  applicantName: '张三',
  trackingNumber: 'GK-2026-0042',
  receivedOn: '2026-11-26',
  description: '2025年度承留镇农村危房改造补助资金发放名单。',
  contact: '承留镇政务公开办公室，电话0391-6612345',
};

export function replyData(outcome: OutcomeCode, extra: Partial<ReplyData> = {}): ReplyData {
  return {
    ...BASE,
    kind: 'reply',
    outcome,
    deliveryForm: '纸质文本邮寄',
    ...(outcome === 'partial' ? { withheld: ['denied4', 'unable1'] as OutcomeCode[] } : {}),
    ...extra,
  };
}

export function sampleData(kind: LetterKind, base: LetterBase = BASE): LetterData {
  switch (kind) {
    case 'supplement_notice':
      return {
        ...base,
        kind,
        supplementItems: ['所需信息的具体年份', '所需信息涉及的村（社区）名称'],
        correctionDue: '2026-12-24',
      };
    case 'extension_notice':
      return {
        ...base,
        kind,
        extensionDays: 15,
        newDueDate: '2027-01-14',
        extensionReason: '申请所涉信息数量较多，需要逐件检索、核实',
      };
    case 'consultation_letter':
      return { ...base, kind, party: 'third_party', recipientName: '某某建筑有限公司' };
    case 'fee_notice':
      return {
        ...base,
        kind,
        feeMethod: 'per_page',
        feeUnits: 120,
        feeAmount: 1100,
        paymentMethod: '到承留镇便民服务中心窗口缴纳，或者通过非税收入缴款通知书载明的方式缴纳',
      };
    case 'reply':
      return { ...replyData('granted'), ...base };
  }
}
