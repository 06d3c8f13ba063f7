// The public surface of 信息处理费: other folders import only this.
export {
  applicationFee,
  CASE_FEE_TIERS,
  caseNumberInMonth,
  cumulativeCaseFee,
  FEE_MEASURES,
  FEE_METHOD_LABELS,
  FEE_PAYMENT_WORKING_DAYS,
  FEE_UNIT,
  type FeeBasis,
  type FeeMethod,
  type FeePaymentDue,
  feeForCase,
  feeForPages,
  feePaymentDue,
  PAGE_FEE_TIERS,
  type PageFeeTier,
} from './fees.ts';
