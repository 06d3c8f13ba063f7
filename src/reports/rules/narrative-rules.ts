// X2, X3, X5: what the prose says against what the tables say. Only numbers tied to a keyword in
// the same clause are read; comparisons with earlier years are left alone.
import { table2Path, table3Path, table4Path } from '../cell-paths.ts';
import { type Finding, finding } from '../findings.ts';
import { PROSE_NUMBER, parseChineseNumber } from '../parse/chinese-number.ts';
import { normalizeText } from '../parse/normalize.ts';
import { type AnnualReport, narrativeParagraphs } from '../report.ts';
import {
  LEGAL_PERSON_COLUMNS,
  type SectionKey,
  TABLE3_RESULT_GROUPS,
  TABLE4_TOTAL,
  type Table3Group,
  type Table4GroupKey,
  TOTAL_COLUMN,
  table3Rows,
} from '../report-format.ts';

const N = PROSE_NUMBER;
const GAP = '[^,，。；;:：\\d]*?';
const COMPARISON = /(同比|较上年|比上年|较去年|比去年|上一年度|去年|上年度|增长|减少|下降|持平)/;

interface Expected {
  value: number;
  explain: string;
  cells: string[];
}

interface Claim {
  rule: 'X2' | 'X3';
  name: string;
  /** Words one of which every match contains: clauses without them are not tried (speed). */
  keywords: string[];
  patterns: RegExp[];
  /** Clauses that match but speak of something else. */
  exclude?: RegExp;
  /**
   * Acceptable table values; the claim holds when it equals any of them. A null entry is a value
   * that cannot be computed (a blank cell): the claim might equal it, so it is not checked.
   */
  expected: (report: AnnualReport, clause: string) => (Expected | null)[] | null;
  severity?: 'warning';
}

function total(report: AnnualReport, rowKey: string, column = TOTAL_COLUMN): Expected | null {
  const value = report.table3[rowKey]?.[column];
  return typeof value === 'number' ? { value, explain: '', cells: [table3Path(rowKey, column)] } : null;
}

function sumOf(parts: (Expected | null)[], explain: string): Expected | null {
  if (parts.some((p) => p === null)) return null;
  const present = parts as Expected[];
  return { value: present.reduce((a, p) => a + p.value, 0), explain, cells: present.flatMap((p) => p.cells) };
}

function groupTotal(report: AnnualReport, group: Table3Group): Expected | null {
  const rows = table3Rows(report.format).filter((r) => r.group === group);
  return sumOf(
    rows.map((r) => total(report, r.key)),
    rows.length > 1 ? `表三“${rows[0]!.groupLabel ?? ''}”各项之和` : '',
  );
}

function legal(report: AnnualReport, rowKey: string): Expected | null {
  return sumOf(
    LEGAL_PERSON_COLUMNS.map((c) => total(report, rowKey, c)),
    '',
  );
}

function explained(value: Expected | null, explain: string): (Expected | null)[] {
  return [value ? { ...value, explain } : null];
}

function table4Total(report: AnnualReport, groups: Table4GroupKey[], explain: string): Expected | null {
  const values = groups.map((g) => report.table4[g][TABLE4_TOTAL] ?? null);
  if (values.some((v) => v === null)) return null;
  return {
    value: (values as number[]).reduce((a, b) => a + b, 0),
    explain,
    cells: groups.map((g) => table4Path(g, TABLE4_TOTAL)),
  };
}

function carriedInNote(report: AnnualReport): string {
  const carriedIn = report.table3.carriedIn?.[TOTAL_COLUMN];
  return typeof carriedIn === 'number' && carriedIn > 0 ? `（另有上年结转 ${carriedIn} 件）` : '';
}

const LITIGATION: Table4GroupKey[] = ['litigationDirect', 'litigationAfterReconsideration'];

const RESULT_CLAIMS = TABLE3_RESULT_GROUPS;

const CLAIMS: Claim[] = [
  {
    rule: 'X2',
    name: '本年新收申请',
    keywords: ['申请'],
    patterns: [new RegExp(`(?:新收|收到|受理|接收|新增|共收|新接收)${GAP}申请[^,，。；;:：\\d件]*?${N}件`)],
    exclude: /(结转下|结转至|结转到|复议|诉讼)/,
    expected: (r, clause) =>
      /(含|包括|包含)上年(度)?结转/.test(clause)
        ? explained(
            sumOf([total(r, 'new'), total(r, 'carriedIn')], ''),
            '表三“本年新收”与“上年结转”的总计之和',
          )
        : [
            ...explained(total(r, 'new'), `表三“一、本年新收政府信息公开申请数量”总计${carriedInNote(r)}`),
            // "收到申请 n 件" sometimes counts the carried-over ones as well.
            ...(/(新收|新增|新接收)/.test(clause)
              ? []
              : explained(
                  sumOf([total(r, 'new'), total(r, 'carriedIn')], ''),
                  '表三“本年新收”与“上年结转”的总计之和',
                )),
          ],
  },
  {
    rule: 'X2',
    name: '上年结转申请',
    keywords: ['结转'],
    patterns: [new RegExp(`上年(?:度)?结转${GAP}${N}件`)],
    expected: (r) => explained(total(r, 'carriedIn'), '表三“二、上年结转政府信息公开申请数量”总计'),
  },
  {
    rule: 'X2',
    name: '结转下年度申请',
    keywords: ['结转'],
    patterns: [
      new RegExp(`结转(?:至|到)?下(?:一)?年(?:度)?${GAP}${N}件`),
      new RegExp(`${N}件${GAP}结转(?:至|到)?下(?:一)?年`),
    ],
    expected: (r) => explained(total(r, 'carriedOut'), '表三“四、结转下年度继续办理”总计'),
  },
  {
    rule: 'X2',
    name: '办结申请',
    keywords: ['办结', '完毕', '答复'],
    patterns: [new RegExp(`(?:办结|办理完毕|处理完毕|已答复|作出答复|答复办结)${GAP}${N}件`)],
    exclude: /(结转|复议|诉讼|按时|率)/,
    expected: (r) => explained(total(r, 'total'), '表三“（七）总计”'),
  },
  ...RESULT_CLAIMS.map(
    ({ group, word }): Claim => ({
      rule: 'X2',
      name: word,
      keywords: [word],
      patterns: [new RegExp(`${word}${GAP}${N}件`), new RegExp(`${N}件(?:申请)?(?:予以|被)?${word}`)],
      exclude: /(复议|诉讼)/,
      expected: (r) =>
        explained(
          groupTotal(r, group),
          `表三“${word}”${group === 'granted' || group === 'partial' ? '行' : '各项之和'}的总计`,
        ),
    }),
  ),
  {
    rule: 'X2',
    name: '自然人申请',
    keywords: ['自然人'],
    patterns: [new RegExp(`自然人${GAP}${N}件`)],
    expected: (r) => [
      ...explained(total(r, 'new', 0), '表三“自然人”列的本年新收'),
      ...explained(
        sumOf([total(r, 'new', 0), total(r, 'carriedIn', 0)], ''),
        '表三“自然人”列的新收与结转之和',
      ),
      ...explained(total(r, 'total', 0), '表三“自然人”列的办理结果总计'),
    ],
  },
  {
    rule: 'X2',
    name: '法人或其他组织申请',
    keywords: ['其他组织'],
    patterns: [new RegExp(`法人(?:或|和|及)?其他组织${GAP}${N}件`)],
    expected: (r) => [
      ...explained(legal(r, 'new'), '表三法人或其他组织五列的本年新收之和'),
      ...explained(
        sumOf([legal(r, 'new'), legal(r, 'carriedIn')], ''),
        '表三法人或其他组织五列的新收与结转之和',
      ),
      ...explained(legal(r, 'total'), '表三法人或其他组织五列的办理结果总计'),
    ],
  },
  {
    rule: 'X3',
    name: '行政复议案件',
    keywords: ['行政复议'],
    patterns: [new RegExp(`行政复议${GAP}${N}(?:件|起|宗|次)`)],
    expected: (r) => explained(table4Total(r, ['reconsideration'], ''), '表四“行政复议”总计'),
  },
  {
    rule: 'X3',
    name: '行政诉讼案件',
    keywords: ['行政诉讼'],
    patterns: [new RegExp(`行政诉讼${GAP}${N}(?:件|起|宗|次)`)],
    expected: (r) => explained(table4Total(r, LITIGATION, ''), '表四两类行政诉讼的总计之和'),
  },
  {
    rule: 'X2',
    name: '行政处罚决定',
    keywords: ['行政处罚'],
    patterns: [new RegExp(`行政处罚(?:决定)?${GAP}${N}(?:件|起|宗)`)],
    exclude: /(公开|发布)/,
    expected: (r) =>
      typeof r.table2.penalty?.[0] === 'number' && r.format === '2021'
        ? [
            {
              value: r.table2.penalty[0],
              explain: '表二“行政处罚”',
              cells: [table2Path('2021', 'penalty', 0)],
            },
          ]
        : null,
    severity: 'warning',
  },
  {
    rule: 'X2',
    name: '行政许可决定',
    keywords: ['行政许可'],
    patterns: [new RegExp(`行政许可(?:决定)?${GAP}${N}(?:件|起|宗)`)],
    exclude: /(公开|发布|事项)/,
    expected: (r) =>
      typeof r.table2.licensing?.[0] === 'number' && r.format === '2021'
        ? [
            {
              value: r.table2.licensing[0],
              explain: '表二“行政许可”',
              cells: [table2Path('2021', 'licensing', 0)],
            },
          ]
        : null,
    severity: 'warning',
  },
];

function compact(text: string): string {
  return normalizeText(text).replace(/\s+/g, '');
}

function sentences(paragraph: string): string[] {
  return paragraph.split(/[。；;！？!?]/).filter((s) => s !== '');
}

function clauses(sentence: string): string[] {
  return sentence.split(/[,，]/).filter((s) => s !== '');
}

const FULL_WIDTH_PUNCTUATION: Record<string, string> = {
  ',': '，',
  ';': '；',
  ':': '：',
  '(': '（',
  ')': '）',
  '!': '！',
  '?': '？',
};

/** Text read in compatibility form, with the Chinese punctuation the report prints (for quotations). */
export function withChinesePunctuation(text: string): string {
  return text.replace(/[,;:()!?]/g, (c) => FULL_WIDTH_PUNCTUATION[c] ?? c);
}

/** Prose is read in compatibility form; a quotation shows Chinese punctuation as the report prints it. */
function quote(text: string): string {
  const shown = withChinesePunctuation(text);
  return shown.length > 60 ? `${shown.slice(0, 60)}…` : shown;
}

export interface CompactParagraph {
  section: SectionKey | null;
  /** The paragraph in compatibility form without whitespace, as the rules read prose. */
  text: string;
}

// Several rules read the same prose within one check; normalising it is most of their cost. The
// last result is kept, keyed by the paragraphs' own text (not by the report, which may be changed).
let last: {
  raw: { section: SectionKey | null; text: string }[];
  paragraphs: CompactParagraph[];
  texts: string[];
} | null = null;

function compactNarrative(report: AnnualReport): { paragraphs: CompactParagraph[]; texts: string[] } {
  const raw = narrativeParagraphs(report);
  const previous = last;
  if (
    previous &&
    previous.raw.length === raw.length &&
    raw.every((p, i) => p.text === previous.raw[i]!.text && p.section === previous.raw[i]!.section)
  ) {
    return previous;
  }
  const paragraphs = raw.map((p) => ({ section: p.section, text: compact(p.text) }));
  last = { raw, paragraphs, texts: paragraphs.map((p) => p.text) };
  return last;
}

/** The narrative paragraphs (preamble and sections) in compatibility form without whitespace. */
export function compactParagraphsOf(report: AnnualReport): readonly CompactParagraph[] {
  return compactNarrative(report).paragraphs;
}

function compactParagraphs(report: AnnualReport): readonly string[] {
  return compactNarrative(report).texts;
}

/** Every count a claim could be about is followed by one of these. */
const COUNT_UNIT = /[件起宗次]/;

export function ruleX2X3Claims(report: AnnualReport): Finding[] {
  return claimFindings(report, compactParagraphs(report));
}

function claimFindings(report: AnnualReport, paragraphs: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const paragraph of paragraphs) {
    for (const sentence of sentences(paragraph)) {
      for (const clause of clauses(sentence)) {
        if (!COUNT_UNIT.test(clause)) continue;
        if (COMPARISON.test(clause.replace(/上年(度)?结转/g, ''))) continue;
        for (const claim of CLAIMS) {
          if (!claim.keywords.some((k) => clause.includes(k))) continue;
          if (claim.exclude?.test(clause)) continue;
          let match: RegExpExecArray | null = null;
          for (const pattern of claim.patterns) {
            match = pattern.exec(clause);
            if (match) break;
          }
          if (!match) continue;
          const said = parseChineseNumber(match[1]!);
          const expected = claim.expected(report, clause);
          if (said === null || !expected || expected.length === 0) continue;
          if (expected.some((e) => e === null || e.value === said)) continue;
          const main = expected[0]!;
          findings.push(
            finding(
              claim.rule,
              `正文称${claim.name} ${said} 件（“${quote(clause)}”），但${main.explain}为 ${main.value}。`,
              main.cells,
              claim.severity,
            ),
          );
        }
      }
      if (sentence.includes('%')) findings.push(...percentFindings(report, sentence));
    }
  }
  return findings;
}

const PERCENT_CLAIMS = RESULT_CLAIMS.map(({ group, word }) => ({
  group,
  word,
  pattern: new RegExp(
    // The count may be followed by its breakdown in brackets: "不予公开3件（…2件、…1件），占30%".
    `${word}[^。；;\\d%]*?${N}件(?:\\([^()]*\\))?[^。；;\\d%]*?(?:占|比例为?|比率为?|比重为?)[^。；;\\d%]*?(\\d+(?:\\.\\d+)?)%`,
  ),
}));

function percentFindings(report: AnnualReport, sentence: string): Finding[] {
  const base = report.table3.total?.[TOTAL_COLUMN];
  if (typeof base !== 'number' || base === 0) return [];
  const findings: Finding[] = [];
  for (const { group, word, pattern } of PERCENT_CLAIMS) {
    if (!sentence.includes(word)) continue;
    const match = pattern.exec(sentence);
    if (!match) continue;
    const count = groupTotal(report, group);
    const percent = Number(match[2]);
    if (!count) continue;
    const decimals = (match[2]!.split('.')[1] ?? '').length;
    const exact = (count.value / base) * 100;
    if (Math.abs(exact - percent) <= 0.5 * 10 ** -decimals + 1e-9) continue;
    findings.push(
      finding(
        'X2',
        `正文称${word}占 ${percent}%（“${quote(sentence)}”），但按表三计算为 ${count.value}÷${base}（办理结果总计）= ${exact.toFixed(Math.max(decimals, 1))}%。`,
        [...count.cells, table3Path('total', TOTAL_COLUMN)],
      ),
    );
  }
  return findings;
}

const NONE = /(?:未发生|没有发生|没有|未收到|未有|无)([^,，。；;\d]*)/g;
const TABLE4_GROUP_KEYS: Table4GroupKey[] = ['reconsideration', ...LITIGATION];

/** The groups of table 四 a piece of text speaks of. */
function groupsNamed(text: string): Table4GroupKey[] {
  return [
    ...(/复议/.test(text) && !/复议后起诉/.test(text) ? (['reconsideration'] as const) : []),
    ...(/诉讼|起诉/.test(text) ? LITIGATION : []),
  ];
}

/** X3: "未发生行政复议" or "均获维持" against table 四. */
export function ruleX3Statements(report: AnnualReport): Finding[] {
  return statementFindings(report, compactParagraphs(report));
}

function statementFindings(report: AnnualReport, paragraphs: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const paragraph of paragraphs) {
    if (!paragraph.includes('复议') && !paragraph.includes('诉讼')) continue;
    for (const sentence of sentences(paragraph)) {
      if (!/(复议|诉讼)/.test(sentence) || COMPARISON.test(sentence)) continue;
      const groups = groupsNamed(sentence);
      // What a "未发生…" denies is what it names in its own clause: "未发生行政复议，发生行政诉讼1件".
      const denied = new Set<Table4GroupKey>();
      for (const match of sentence.matchAll(NONE)) {
        const next = sentence[match.index + match[0].length];
        if (next !== undefined && /\d/.test(next)) continue;
        for (const group of groupsNamed(match[1]!)) denied.add(group);
      }
      if (denied.size > 0) {
        const present = table4Total(
          report,
          TABLE4_GROUP_KEYS.filter((g) => denied.has(g)),
          '',
        );
        if (present && present.value > 0) {
          findings.push(
            finding(
              'X3',
              `正文称未发生行政复议或行政诉讼（“${quote(sentence)}”），但表四相应总计为 ${present.value}。`,
              present.cells,
            ),
          );
        }
      }
      if (/(均|全部|都)(获|被|予以|得到|已)?(维持|胜诉)/.test(sentence)) {
        const cells = groups.flatMap((g) => [1, 2, 3].map((r) => ({ g, r, v: report.table4[g][r] ?? null })));
        const contrary = cells.filter((c) => typeof c.v === 'number' && c.v > 0);
        if (contrary.length > 0) {
          const names = ['', '纠正', '其他结果', '尚未审结'];
          findings.push(
            finding(
              'X3',
              `正文称案件均获维持（“${quote(sentence)}”），但表四有${contrary.map((c) => `${names[c.r]} ${c.v} 件`).join('、')}。`,
              contrary.map((c) => table4Path(c.g, c.r)),
            ),
          );
        }
      }
    }
  }
  return findings;
}

const QUANTITY = new RegExp(`${N}(人次|条|件|篇|项|个|次|期|份|场)`, 'g');

interface Quantity {
  value: number;
  unit: string;
  index: number;
  text: string;
}

function quantities(text: string): Quantity[] {
  return [...text.matchAll(QUANTITY)].flatMap((m) => {
    const value = parseChineseNumber(m[1]!);
    return value === null ? [] : [{ value, unit: m[2]!, index: m.index, text: m[0] }];
  });
}

/** X5: the parts listed after 其中 must not add up to more than the whole they belong to. */
export function ruleX5Parts(report: AnnualReport): Finding[] {
  return partFindings(compactParagraphs(report));
}

function partFindings(paragraphs: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const paragraph of paragraphs) {
    if (!paragraph.includes('其中')) continue;
    const all = quantities(paragraph);
    for (const match of paragraph.matchAll(/其中/g)) {
      const start = match.index;
      const wholeCandidates = all.filter((q) => q.index < start);
      const whole = wholeCandidates.at(-1);
      if (!whole) continue;
      // The parts run to the end of the sentence or to the next 其中.
      const nextStop = paragraph.slice(start + 2).search(/[。；;]|其中/);
      const end = nextStop < 0 ? paragraph.length : start + 2 + nextStop;
      const partText = paragraph.slice(start, end);
      if (COMPARISON.test(partText) || /%|％/.test(partText)) continue;
      const parts = all.filter((q) => q.index > start && q.index < end && q.unit === whole.unit);
      if (parts.length === 0) continue;
      const partSum = parts.reduce((a, q) => a + q.value, 0);
      if (partSum <= whole.value) continue;
      const clauseStart = Math.max(
        ...[',', '，', '。', '；', ';'].map((d) => paragraph.lastIndexOf(d, whole.index)),
      );
      const context = paragraph.slice(clauseStart + 1, whole.index + whole.text.length);
      findings.push(
        finding(
          'X5',
          `“其中”所列各部分之和为 ${partSum}（${parts.map((p) => p.value).join('+')}），超过了它们所属的总数 ${whole.value}（“${quote(context)}”）。`,
        ),
      );
    }
  }
  return findings;
}

/** The three rules over one normalisation of the prose (the same findings as calling each in turn). */
function narrativeFindings(report: AnnualReport): Finding[] {
  const paragraphs = compactParagraphs(report);
  return [
    ...claimFindings(report, paragraphs),
    ...statementFindings(report, paragraphs),
    ...partFindings(paragraphs),
  ];
}

export const NARRATIVE_RULES = [narrativeFindings];
