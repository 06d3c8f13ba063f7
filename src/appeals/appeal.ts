// 行政复议 and 行政诉讼 cases that arise from an application (条例第五十一条), as table 四 counts them.

import type { AppealResult } from '../applications/index.ts';
import { TABLE4_GROUPS, type Table4GroupKey } from '../reports/report-format.ts';

export type AppealKind = Table4GroupKey;

export const APPEAL_KIND_LABELS: Record<AppealKind, string> = Object.fromEntries(
  TABLE4_GROUPS.map((g) => [g.key, g.parent ? `${g.parent}（${g.label}）` : g.label]),
) as Record<AppealKind, string>;

export const APPEAL_RESULTS: readonly AppealResult[] = ['维持', '纠正', '其他', '尚未审结'];

export function isAppealKind(value: unknown): value is AppealKind {
  return typeof value === 'string' && Object.hasOwn(APPEAL_KIND_LABELS, value);
}

export function isAppealResult(value: unknown): value is AppealResult {
  return typeof value === 'string' && (APPEAL_RESULTS as readonly string[]).includes(value);
}

export interface Appeal {
  id: string;
  applicationId: string;
  agencyId: string;
  kind: AppealKind;
  caseNumber: string | null;
  filedOn: string;
  result: AppealResult;
  closedOn: string | null;
  notes: string | null;
}
