// Test support: random registers that pass validation, and a naive count of table 二 第（一）项
// written independently of registerCounts (each document's period in force as an interval of days).
import fc from 'fast-check';
import type { NormativeDocument, RegisterCounts } from './normative.ts';

const DAY = 86_400_000;
const EPOCH = Date.UTC(2015, 0, 1);

export function dayOf(n: number): string {
  return new Date(EPOCH + n * DAY).toISOString().slice(0, 10);
}

function dayNumber(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - EPOCH) / DAY);
}

/** A valid document with dates between 2015 and about 2027 (before the tests' today, 2028). */
export const arbitraryDocument: fc.Arbitrary<NormativeDocument> = fc
  .record({
    kind: fc.constantFrom('regulation' as const, 'normative' as const),
    issued: fc.nat(4400),
    effectiveGap: fc.oneof(fc.constant(0), fc.nat(60)),
    validFor: fc.option(fc.nat(2000), { nil: null }),
    status: fc.constantFrom('valid' as const, 'repealed' as const, 'expired' as const, 'amended' as const),
    statusGap: fc.nat(1500),
    title: fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s)),
    n: fc.nat(999),
  })
  .map((r) => {
    const effective = r.issued + r.effectiveGap;
    return {
      kind: r.kind,
      title: r.title.trim(),
      documentNumber: `测〔${2015 + Math.floor(r.issued / 365)}〕${r.n}号`,
      issuedOn: dayOf(r.issued),
      effectiveOn: dayOf(effective),
      validUntil: r.validFor === null ? null : dayOf(effective + r.validFor),
      status: r.status,
      statusOn: r.status === 'valid' ? null : dayOf(r.issued + r.statusGap),
      itemId: null,
    };
  });

/** The count a person would make with the register and a calendar. */
export function naiveCounts(docs: readonly NormativeDocument[], year: number): RegisterCounts {
  const result: RegisterCounts = {
    regulation: { issued: 0, repealed: 0, valid: 0 },
    normative: { issued: 0, repealed: 0, valid: 0 },
  };
  const yearEnd = dayNumber(`${year}-12-31`);
  for (const doc of docs) {
    const row = result[doc.kind];
    if (Number(doc.issuedOn.slice(0, 4)) === year) row.issued += 1;
    if (doc.status === 'repealed' && Number(doc.statusOn!.slice(0, 4)) === year) row.repealed += 1;
    // In force from 施行日期 through the last day before 废止/失效, and through 有效期至.
    const from = dayNumber(doc.effectiveOn);
    let to = Number.POSITIVE_INFINITY;
    if (doc.validUntil !== null) to = dayNumber(doc.validUntil);
    if (doc.status === 'repealed' || doc.status === 'expired')
      to = Math.min(to, dayNumber(doc.statusOn!) - 1);
    if (from <= yearEnd && yearEnd <= to) row.valid += 1;
  }
  return result;
}
