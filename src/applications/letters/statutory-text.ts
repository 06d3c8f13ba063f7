// The sentences of the letters that state the law, as data: templates hold them as fields, so an
// agency's edit cannot drop a half or misquote a period. Each names its source.

import {
  CASE_FEE_TIERS,
  FEE_MEASURES,
  FEE_PAYMENT_WORKING_DAYS,
  type FeeMethod,
  PAGE_FEE_TIERS,
} from '../../fees/index.ts';
import type { ConsultationParty } from '../application.ts';
import { type OutcomeCode, outcome } from '../outcomes.ts';

const REGULATION = '《中华人民共和国政府信息公开条例》';

/** 条例第三十条: the period restarts from the corrected application; no correction = abandoned. */
export const CORRECTION_CONSEQUENCE =
  '答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。';

/** 条例第三十二条 (third party) and 第三十四条 (organs that made the information together): 15 工作日. */
export const CONSULTATION_REPLY_WORKING_DAYS = 15;

export interface ConsultationText {
  reason: string;
  basis: string;
  noReply: string;
}

export const CONSULTATION_TEXT: Record<ConsultationParty, ConsultationText> = {
  third_party: {
    reason: '经审查，该政府信息公开后可能损害你方合法权益。',
    basis: `根据${REGULATION}第三十二条的规定，现书面征求你方意见。`,
    noReply:
      `你方逾期未提出意见的，由本机关依照${REGULATION}的规定决定是否公开。` +
      '你方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，' +
      '可以决定予以公开，并将决定公开的政府信息内容和理由书面告知你方。',
  },
  other_organ: {
    reason: '该政府信息由本机关与贵机关共同制作。',
    basis: `根据${REGULATION}第三十四条的规定，现征求贵机关意见。`,
    noReply: '贵机关逾期未提出意见的，视为同意公开。',
  },
};

/** 国办函〔2020〕109号: pay within 20 工作日 from the day after receipt; unpaid = abandoned. */
export const PAYMENT_RULES =
  `请您自收到本通知之日的次日起${FEE_PAYMENT_WORKING_DAYS}个工作日内缴纳信息处理费。` +
  '逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。';

export { FEE_MEASURES };

/** The tariff of the method in words, from the tiers of fees.ts (第四条, 第五条). */
export function feeStandard(method: FeeMethod): string {
  if (method === 'per_case') {
    const t = CASE_FEE_TIERS;
    return (
      `同一申请人一个自然月内累计申请${t.freeUpTo}件以下（含${t.freeUpTo}件）的，不收费；` +
      `${t.freeUpTo + 1}—${t.firstBandUpTo}件（含${t.firstBandUpTo}件）的部分，收费标准为${t.firstBandPrice}元/件；` +
      `${t.firstBandUpTo + 1}件以上的部分，以${t.bandSize}件为一档，每增加一档，收费标准提高${t.bandIncrement}元/件`
    );
  }
  return PAGE_FEE_TIERS.map((tier, i) => {
    const range =
      tier.to === null
        ? `${tier.from}页以上的部分`
        : i === 0
          ? `${tier.to}页以下（含${tier.to}页）的`
          : `${tier.from}—${tier.to}页（含${tier.to}页）的部分`;
    return tier.price === 0 ? `${range}，不收费` : `${range}，收费标准为${tier.price}元/页`;
  }).join('；');
}

export function feeUnitsText(method: FeeMethod, units: number): string {
  return method === 'per_case' ? `本申请为您本自然月内提出的第${units}件申请` : `${units}页`;
}

/**
 * 行政复议法 (2023年修订) 第二十条 (60 days) and 行政诉讼法 第四十六条 (6 months). Since 2024-01-01
 * 行政复议法 第二十三条第一款第（四）项 requires 复议 first when an organ 不予公开; the court may
 * then be seized within 15 days of the 复议决定 (行政诉讼法 第四十五条).
 */
export const REMEDY_SENTENCES = {
  either:
    '如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内依法提起行政诉讼。',
  reviewFirst:
    '如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法提起行政诉讼。',
} as const;

/** The remedy of a reply: 复议 first when the organ decided not to disclose (all or part). */
export function remedySentence(code: OutcomeCode, withheld: readonly OutcomeCode[] = []): string {
  const refuses = (c: OutcomeCode) => outcome(c).group === 'denied';
  const reviewFirst = refuses(code) || (code === 'partial' && withheld.some(refuses));
  return reviewFirst ? REMEDY_SENTENCES.reviewFirst : REMEDY_SENTENCES.either;
}
