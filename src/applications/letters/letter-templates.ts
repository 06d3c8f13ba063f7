// The letters an organ sends in 依申请公开, and their default templates as data. An agency edits a
// template in the back office; templateProblems refuses a broken one when it is saved, so a letter
// never fails at send time. Statutory sentences (deadlines, consequences, remedies) are fields filled
// from data (statutory-text.ts), so an edit can reword the letter but cannot misstate the law.
import { fieldsOf, parseTemplate } from './template-syntax.ts';

export const LETTER_KINDS = [
  'supplement_notice',
  'extension_notice',
  'consultation_letter',
  'fee_notice',
  'reply',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** The title printed on each letter. */
export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  supplement_notice: '政府信息公开申请补正告知书',
  extension_notice: '政府信息公开申请延期答复告知书',
  consultation_letter: '政府信息公开征求意见函',
  fee_notice: '政府信息公开信息处理费收费通知',
  reply: '政府信息公开申请答复告知书',
};

export function isLetterKind(value: unknown): value is LetterKind {
  return typeof value === 'string' && (LETTER_KINDS as readonly string[]).includes(value);
}

export interface PlaceholderSpec {
  name: string;
  /** What the field holds, for the template editor. */
  label: string;
  /** A template of the kind without it is refused. */
  required: boolean;
  /** A numbered list: it must end its line, and the text before it introduces the list. */
  list?: true;
}

type Spec = [name: string, label: string, required: boolean, list?: true];

const APPLICANT: Spec[] = [
  ['applicantName', '申请人姓名或者名称', true],
  ['trackingNumber', '申请编号', true],
  ['receivedOn', '收到申请日期', false],
  ['description', '申请获取的政府信息', false],
  ['agencyName', '本机关名称', false],
  ['contact', '本机关联系方式', false],
];

const SPECS: Record<LetterKind, Spec[]> = {
  supplement_notice: [
    ...APPLICANT,
    ['supplementItems', '需要补正的事项', true, true],
    ['correctionDue', '补正期限的最后一日', true],
    ['correctionConsequence', '答复期限重新计算和逾期不补正的后果（第三十条）', true],
  ],
  extension_notice: [
    ...APPLICANT,
    ['extensionDays', '延长的工作日数', true],
    ['newDueDate', '延长后的答复期限', true],
    ['extensionReason', '延期理由', false],
  ],
  // The third party or other organ need not learn who applied: no applicantName here.
  consultation_letter: [
    ['recipientName', '被征求意见的第三方或者机关', true],
    ['trackingNumber', '申请编号', false],
    ['receivedOn', '收到申请日期', false],
    ['description', '申请获取的政府信息', true],
    ['agencyName', '本机关名称', false],
    ['contact', '本机关联系方式', false],
    ['consultationReason', '征求意见的原因', false],
    ['consultationBasis', '征求意见的法律依据（第三十二条或者第三十四条）', true],
    ['replyWorkingDays', '提出意见的期限（工作日数）', true],
    ['noReplyConsequence', '逾期不提出意见的后果', true],
  ],
  fee_notice: [
    ...APPLICANT,
    ['feeMeasures', '收费依据（国办函〔2020〕109号）', false],
    ['feeMethod', '计收方式（按件计收或者按量计收）', true],
    ['feeUnits', '计费数量', true],
    ['feeStandard', '收费标准', true],
    ['feeAmount', '收费金额', true],
    ['paymentMethod', '缴费方式', true],
    ['paymentRules', '缴费期限和逾期不缴费的后果', true],
  ],
  reply: [
    ...APPLICANT,
    ['decision', '处理结果', true],
    ['legalBasis', '答复的法律依据', true],
    ['withheldReasons', '部分公开时不予公开部分的理由', true, true],
    ['details', '补充说明', false],
    ['deliveryForm', '提供政府信息的方式', true],
    ['remedy', '救济途径', true],
  ],
};

function placeholders(kind: LetterKind): readonly PlaceholderSpec[] {
  return SPECS[kind].map(([name, label, required, list]) =>
    list ? { name, label, required, list } : { name, label, required },
  );
}

export const PLACEHOLDERS_BY_KIND: Record<LetterKind, readonly PlaceholderSpec[]> = {
  supplement_notice: placeholders('supplement_notice'),
  extension_notice: placeholders('extension_notice'),
  consultation_letter: placeholders('consultation_letter'),
  fee_notice: placeholders('fee_notice'),
  reply: placeholders('reply'),
};

const INTRO =
  '本机关于{{receivedOn}}收到您提交的政府信息公开申请（申请编号：{{trackingNumber}}），申请获取：{{description}}。';

/** One paragraph per line; a line whose fields are all empty is left out of the letter. */
export const DEFAULT_TEMPLATES: Record<LetterKind, string> = {
  supplement_notice: `{{applicantName}}：
${INTRO}
经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对下列事项作出补正：{{supplementItems}}
请您在{{correctionDue}}之前（含当日）向本机关提交补正后的申请。{{correctionConsequence}}
联系方式：{{contact}}`,

  extension_notice: `{{applicantName}}：
${INTRO}
延期理由：{{extensionReason}}。
根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，您的申请答复期限延长{{extensionDays}}个工作日，本机关将在{{newDueDate}}之前（含当日）作出答复。
联系方式：{{contact}}`,

  consultation_letter: `{{recipientName}}：
本机关于{{receivedOn}}收到一件政府信息公开申请（申请编号：{{trackingNumber}}），申请获取：{{description}}。
{{consultationReason}}
{{consultationBasis}}
请于收到本函之日起{{replyWorkingDays}}个工作日内以书面形式提出意见，说明是否同意公开；不同意公开的，请说明理由。
{{noReplyConsequence}}
联系方式：{{contact}}`,

  fee_notice: `{{applicantName}}：
${INTRO}
根据《中华人民共和国政府信息公开条例》第四十二条和{{feeMeasures}}的规定，本机关对您的申请收取信息处理费，现将有关事项通知如下：
计收方式：{{feeMethod}}。
计费数量：{{feeUnits}}。
收费标准：{{feeStandard}}。
收费金额：{{feeAmount}}。
缴费方式：{{paymentMethod}}。
{{paymentRules}}
联系方式：{{contact}}`,

  reply: `{{applicantName}}：
${INTRO}
经审查，现答复如下：
处理结果：{{decision}}。
{{legalBasis}}
不予公开部分及其理由：{{withheldReasons}}
{{details}}
提供方式：{{deliveryForm}}。
{{remedy}}
联系方式：{{contact}}`,
};

/**
 * Why a template of the kind cannot be saved, in Chinese; empty when it can. Checks the syntax,
 * that every field is known to the kind, that required fields are present and that a list field
 * ends its line.
 */
export function templateProblems(kind: LetterKind, text: string): string[] {
  const parsed = parseTemplate(text);
  const problems = [...parsed.problems];
  const specs = PLACEHOLDERS_BY_KIND[kind];
  const byName = new Map(specs.map((s) => [s.name, s]));
  const label = LETTER_KIND_LABELS[kind];
  for (const name of fieldsOf(parsed)) {
    if (!byName.has(name)) problems.push(`未知的占位符“{{${name}}}”：${label}不能使用该占位符。`);
  }
  for (const line of parsed.lines) {
    line.segments.forEach((segment, index) => {
      if (!('field' in segment) || !byName.get(segment.field)?.list) return;
      if (index !== line.segments.length - 1)
        problems.push(`第${line.number}行：列表占位符“{{${segment.field}}}”必须位于该行末尾。`);
    });
  }
  const used = new Set(fieldsOf(parsed));
  for (const spec of specs) {
    if (spec.required && !used.has(spec.name))
      problems.push(`缺少必需的占位符“{{${spec.name}}}”（${spec.label}）。`);
  }
  return problems;
}
