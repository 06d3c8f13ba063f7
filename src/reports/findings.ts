// The consistency rules (勾稽关系) and the other checks, each with a stable id and a severity.
// The messages themselves are built by the rule functions; this is the catalogue.

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** In Chinese, naming the cells or sentence and the numbers concerned. */
  message: string;
  /** JSON paths of the cells concerned, as in `gongkai report check --json`. */
  cells?: string[];
}

export const RULES = {
  R1: { severity: 'error', title: '表三各列：第一项加第二项之和等于第三项加第四项之和' },
  R2: { severity: 'error', title: '表三各行：总计等于各申请人列之和' },
  R3: { severity: 'error', title: '表三（七）总计等于21个办理结果行之和（1+1+8+3+5+3）' },
  R4: { severity: 'error', title: '法人或其他组织小计等于五个子列之和' },
  R5: { severity: 'warning', title: '单元格应为非负整数，不应空白' },
  R6: { severity: 'error', title: '表四各组：维持、纠正、其他、尚未审结之和等于总计' },
  R7: { severity: 'error', title: '表二的数值、单位与规章制定权' },
  X1: { severity: 'error', title: '本年上年结转等于上年报告结转下年度' },
  X2: { severity: 'error', title: '正文数字与表格一致' },
  X3: { severity: 'error', title: '正文关于复议诉讼的表述与表四一致' },
  X4: { severity: 'warning', title: '信息处理费的说明' },
  X5: { severity: 'warning', title: '“其中”所列各部分之和不超过总数' },
  X6: { severity: 'error', title: '统计期限与发布日期' },
  X7: { severity: 'warning', title: '标题、章节与表格标签符合格式' },
  P1: { severity: 'error', title: '正文不含个人信息（身份证号、手机号码、银行卡号）' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function finding(rule: RuleId, message: string, cells?: string[], severity?: Severity): Finding {
  const result: Finding = { rule, severity: severity ?? RULES[rule].severity, message };
  if (cells && cells.length > 0) result.cells = cells;
  return result;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
