// The checker: every rule over one report model, findings sorted by severity.
import { type Finding, sortFindings } from '../findings.ts';
import type { AnnualReport } from '../report.ts';
import { type CheckContext, ruleX1, ruleX4, ruleX6, ruleX7 } from './document-rules.ts';
import { NARRATIVE_RULES } from './narrative-rules.ts';
import { ruleP1 } from './personal-data-rule.ts';
import { TABLE_RULES } from './table-rules.ts';

export type { CheckContext };

export function checkReport(report: AnnualReport, context: CheckContext = {}): Finding[] {
  return sortFindings([
    ...TABLE_RULES.flatMap((rule) => rule(report)),
    ...NARRATIVE_RULES.flatMap((rule) => rule(report)),
    ...ruleX1(report, context),
    ...ruleX4(report),
    ...ruleX6(report),
    ...ruleX7(report),
    ...ruleP1(report),
  ]);
}

/** Findings of the reader (unknown rows, misaligned cells) and of the rules together, without repeats. */
export function combineFindings(
  readerFindings: readonly Finding[],
  ruleFindings: readonly Finding[],
): Finding[] {
  const seen = new Set<string>();
  return sortFindings([...readerFindings, ...ruleFindings]).filter((f) => {
    const key = `${f.rule}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
