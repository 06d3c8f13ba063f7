// 条例第二十七条 and 第三十一条 as data: who receives applications, and the receipt date per channel.
import type { AgencyKind } from '../agencies/index.ts';
import type { Channel } from './application.ts';

/** 村民委员会 are not administrative organs: they receive no disclosure applications (第二十七条). */
export function receivesApplications(kind: AgencyKind): boolean {
  return kind !== 'village';
}

/** The receipt date of each channel, as the registration form explains it (第三十一条). */
export const RECEIPT_RULES: Record<Channel, string> = {
  in_person: '当面提交的，以提交之日为收到申请之日（第三十一条第（一）项）',
  letter:
    '以邮寄方式提交的，以行政机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交的，以当日与申请人确认之日为收到申请之日（第三十一条第（二）项）',
  fax: '通过传真提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）',
  email: '通过电子邮件提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）',
  online:
    '通过互联网渠道提交的，以双方确认之日为收到申请之日；网上申请平台在提交时即发出回执并确认，提交之日即为收到申请之日（第三十一条第（三）项）',
};

/** At most this many applications of one applicant a day online (then 429 with the reason). */
export const DAILY_ONLINE_LIMIT_PER_APPLICANT = 10;
