// Finds an annual report in a SourceDocument: title, body, year, the six sections and the three
// tables. Rows are recognised by their labels, not their positions, because merged cells are lost
// in most published copies. A cell that cannot be read stays null and is reported; nothing is guessed.
import { describeTable3Row, table2Path, table3Path, table4Path } from '../cell-paths.ts';
import { type Finding, finding } from '../findings.ts';
import { type AnnualReport, type Cell, emptyReport } from '../report.ts';
import {
  COLUMN_COUNT,
  type ReportFormat,
  SECTIONS,
  type SectionKey,
  TABLE3_ROWS,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  type Table2Block,
  type Table3RowDefinition,
  table2Layout,
} from '../report-format.ts';
import type { DocumentBlock, SourceDocument } from './document.ts';
import {
  cleanText,
  findDates,
  isValueCell,
  labelKey,
  normalizeText,
  parseNumberCell,
  parseYear,
} from './normalize.ts';

export interface ExtractedReport {
  report: AnnualReport;
  /** What the reader noticed while extracting: unknown or missing rows, misaligned cells, headings. */
  findings: Finding[];
  /** False when the document does not look like an annual report at all. */
  recognised: boolean;
}

interface RawRow {
  label: string;
  values: string[];
  /** The source had real table cells (HTML, DOCX, XLSX), so positions can be trusted. */
  positional: boolean;
}

const TABLE2_2019_HEADER_WORDS = [
  '本年新制作数量',
  '本年新公开数量',
  '对外公开总数量',
  '上一年项目数量',
  '本年增/减',
  '采购项目数量',
];
const TABLE2_2021_HEADER_WORDS = [
  '本年制发件数',
  '本年废止件数',
  '现行有效件数',
  '本年处理决定数量',
  '本年收费金额',
];
const TABLE2_2019_ONLY_ROWS = ['其他对外管理服务事项', '政府集中采购'];
const TABLE2_2019_HEADER_KEYS = TABLE2_2019_HEADER_WORDS.map(labelKey);
const TABLE2_2021_HEADER_KEYS = TABLE2_2021_HEADER_WORDS.map(labelKey);

const ROW_MATCH_ORDER: readonly Table3RowDefinition[] = [
  ...TABLE3_ROWS.filter((r) => r.key !== 'otherSingle' && r.key !== 'total'),
  ...TABLE3_ROWS.filter((r) => r.key === 'otherSingle' || r.key === 'total'),
];

export function extractReport(doc: SourceDocument): ExtractedReport {
  const findings: Finding[] = [];
  const sections: { key: SectionKey; heading: string; paragraphs: string[] }[] = [];
  const preamble: string[] = [];
  const table2Rows = new Map<string, RawRow>();
  const table3Found = new Map<string, RawRow>();
  const table4Rows: RawRow[] = [];
  const headerWords = { t2019: 0, t2021: 0 };
  let subtotalColumn: number | null = null;
  let title: string | null = null;
  let titleIndex = -1;
  let inTable3 = false;
  let awaitingTable4 = false;

  doc.blocks.forEach((block, index) => {
    if (block.kind === 'text') {
      if (title === null && index < 40 && isTitle(block.text)) {
        title = cleanText(block.text);
        titleIndex = index;
        return;
      }
      const heading = sectionHeading(block.text);
      if (heading && !sections.some((s) => s.key === heading.key)) {
        const current = sections.at(-1);
        const order = (key: SectionKey) => SECTIONS.findIndex((s) => s.key === key);
        if (!current || order(heading.key) > order(current.key)) {
          sections.push({ key: heading.key, heading: heading.text, paragraphs: [] });
          inTable3 = false;
          // Under heading 四 an unlabelled row of numbers is table 四 even when its header was flattened into prose.
          awaitingTable4 = heading.key === 'appeals';
          return;
        }
      }
      const text = normalizeParagraph(block.text);
      if (text === '') return;
      const current = sections.at(-1);
      if (current) current.paragraphs.push(text);
      else if (index !== titleIndex) preamble.push(text);
      return;
    }

    const row = splitRow(block);
    const key = labelKey(row.label);
    const cellKeys = block.cells.map(labelKey);
    // One string per row for the header-word tests; '|' cannot occur inside a key's words.
    const joined = cellKeys.join('|');
    if (TABLE2_2019_HEADER_KEYS.some((w) => joined.includes(w))) headerWords.t2019++;
    if (TABLE2_2021_HEADER_KEYS.some((w) => joined.includes(w))) headerWords.t2021++;
    if (joined.includes('复议后起诉') || joined.includes('行政复议')) {
      awaitingTable4 = true;
      inTable3 = false;
    }
    if (cellKeys.includes('小计')) {
      if (cellKeys.includes('商业企业')) subtotalColumn = subtotalPosition(block.cells);
      else if (subtotalColumn === null) subtotalColumn = 6;
    }
    const hasValues = row.values.length > 0;
    if (!hasValues) return;

    const table2Key = matchTable2Row(key);
    if (table2Key) {
      if (!table2Rows.has(table2Key)) table2Rows.set(table2Key, row);
      inTable3 = false;
      return;
    }
    const table3Row = key === '' || isHeaderLabel(key) ? undefined : matchTable3Row(key);
    if (table3Row) {
      inTable3 = true;
      if (table3Found.has(table3Row.key)) {
        findings.push(
          finding(
            'X7',
            `表三${describeTable3Row(table3Row.key)}行出现了不止一次，只读取了第一次出现的数字。`,
          ),
        );
      } else {
        table3Found.set(table3Row.key, row);
        if (!key.includes(labelKey(table3Row.label))) {
          findings.push(
            finding(
              'X7',
              `表三的行标签“${row.label}”与格式规定的${describeTable3Row(table3Row.key)}不一致。`,
            ),
          );
        }
      }
      return;
    }
    if (awaitingTable4 && (key === '' || /复议|诉讼|起诉/.test(key))) {
      if (row.values.some((v) => v.trim() !== '')) table4Rows.push(row);
      return;
    }
    if (inTable3 && row.values.some((v) => v.trim() !== '')) {
      findings.push(
        finding('X7', `表三中有一行无法识别：“${row.label || row.values.join(' ')}”，其数字未被计入。`),
      );
    }
  });

  if (title === null && doc.title) {
    // A portal page's <title> often appends the site name: 标题_某某县人民政府门户网站.
    const candidate = doc.title.split(/[_|｜]| - /)[0]!;
    if (isTitle(candidate)) title = cleanText(candidate);
  }
  const signature = takeSignature(sections.at(-1)?.paragraphs ?? preamble);
  const metadataDate = takeMetadataLines(preamble);

  const format = detectFormat(table3Found, table2Rows, headerWords, title);
  const report = emptyReport(format);
  report.sections = sections;
  report.preamble = preamble;
  report.title = title;
  if (title) Object.assign(report, bodyAndYear(title));
  if (report.year === null) report.year = yearFromText(sections.flatMap((s) => s.paragraphs));
  report.publishedOn = doc.publishedOn ?? metadataDate ?? signature ?? publicationDate(doc.blocks);

  fillTable2(report, table2Rows, findings);
  fillTable3(report, table3Found, subtotalColumn, findings);
  fillTable4(report, table4Rows, findings);

  const recognised = title !== null || sections.length >= 3 || table3Found.size >= 8;
  return { report, findings, recognised };
}

// ------------------------------------------------------------------------------------------------
// Rows

function splitRow(block: Extract<DocumentBlock, { kind: 'row' }>): RawRow {
  const cells = block.cells;
  let labelEnd = -1;
  cells.forEach((cell, i) => {
    if (cell.trim() !== '' && !isValueCell(cell)) labelEnd = i;
  });
  // A cell such as “约5件” after the label is a value that cannot be read, not part of the label;
  // list markers such as “1.属于国家秘密” are labels.
  while (
    labelEnd > 0 &&
    isGarbledValue(cells[labelEnd]!) &&
    cells.slice(0, labelEnd).some((c) => c.trim() !== '')
  ) {
    labelEnd--;
    while (labelEnd >= 0 && cells[labelEnd]!.trim() === '') labelEnd--;
  }
  const label = cells
    .slice(0, labelEnd + 1)
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .join(' ');
  const values = cells.slice(labelEnd + 1).map((c) => c.trim());
  return { label, values, positional: block.table !== undefined };
}

function isGarbledValue(cell: string): boolean {
  if (cell.length > 24 || !/[\d０-９]/.test(cell)) return false;
  const text = normalizeText(cell);
  return /\d/.test(text) && !/^\(?[\d一二三四五六七八九十]+[).、]/.test(text) && text.length <= 12;
}

type Fitted = { cells: string[] } | { problem: string };

/** Chooses the `n` value cells of a row; refuses rather than guesses when blanks make it ambiguous. */
function fitValues(row: RawRow, n: number): Fitted {
  const values = row.values;
  if (row.positional) {
    // Real cells keep blanks in place; surplus cells come from merged value cells (trailing) or
    // merged label cells (leading) and must be empty.
    const cells = [...values];
    while (cells.length > n && cells.at(-1) === '') cells.pop();
    while (cells.length > n && cells[0] === '') cells.shift();
    if (cells.length === n) return { cells };
    if (cells.length > n)
      return { problem: `有${cells.filter((v) => v !== '').length}个数字，多于应有的${n}列` };
    return { problem: `只有${values.length}个单元格，少于应有的${n}列` };
  }
  const first = values.findIndex((v) => v !== '');
  if (first < 0) return values.length === n ? { cells: values } : { problem: '没有数字' };
  let last = values.length - 1;
  while (values[last] === '') last--;
  const core = values.slice(first, last + 1);
  const leading = first;
  const trailing = values.length - 1 - last;
  if (core.length > n) return { problem: `有${core.length}个数字，多于应有的${n}列` };
  const missing = n - core.length;
  if (missing === 0) return { cells: core };
  if (leading > 0 && trailing > 0) {
    return { problem: '含空白单元格，且表格合并单元格已丢失，无法确定空白位于哪一列' };
  }
  if (trailing >= missing) return { cells: [...core, ...Array<string>(missing).fill('')] };
  if (leading >= missing) return { cells: [...Array<string>(missing).fill(''), ...core] };
  return { problem: `只有${core.length}个数字，少于应有的${n}列` };
}

function readCells(
  report: AnnualReport,
  row: RawRow,
  paths: string[],
  describe: string,
  findings: Finding[],
): Cell[] {
  const fitted = fitValues(row, paths.length);
  if ('problem' in fitted) {
    findings.push(
      finding(
        'R5',
        `${describe}无法可靠读取：${fitted.problem}（原文：“${row.values.join(' ').trim()}”）。`,
        paths,
        'error',
      ),
    );
    // Reported here already: mark them so the blank-cell check does not report them again.
    for (const path of paths) report.unreadableCells[path] = '';
    return paths.map(() => null);
  }
  return fitted.cells.map((text, i) => {
    const parsed = parseNumberCell(text);
    if (parsed.kind === 'number') return parsed.value;
    if (parsed.kind === 'unreadable') report.unreadableCells[paths[i]!] = parsed.text;
    return null;
  });
}

// ------------------------------------------------------------------------------------------------
// Table 二

const TABLE2_LABEL_KEYS: { key: string; labels: string[] }[] = [
  table2Layout('2021'),
  table2Layout('2019'),
].flatMap((layout) =>
  layout.flatMap((block) =>
    block.rows.map((row) => ({ key: row.key, labels: [row.label, ...(row.aliases ?? [])].map(labelKey) })),
  ),
);

function matchTable2Row(key: string): string | null {
  if (key === '') return null;
  const match = TABLE2_LABEL_KEYS.find((row) => row.labels.some((l) => key === l || key.endsWith(l)));
  return match ? match.key : null;
}

function fillTable2(report: AnnualReport, rows: Map<string, RawRow>, findings: Finding[]): void {
  const layout: readonly Table2Block[] = table2Layout(report.format);
  const anyRow = rows.size > 0;
  for (const block of layout) {
    for (const def of block.rows) {
      const paths = block.columns.map((_, i) => table2Path(report.format, def.key, i));
      const row = rows.get(def.key);
      if (!row) {
        if (anyRow) findings.push(finding('X7', `表二缺少${block.item}“${def.label}”行。`, paths));
        for (const path of paths) report.unreadableCells[path] = '';
        continue;
      }
      report.table2[def.key] = readCells(report, row, paths, `表二“${def.label}”行`, findings);
    }
  }
  if (!anyRow) findings.push(finding('X7', '未找到表二（主动公开政府信息情况）。', [], 'error'));
}

// ------------------------------------------------------------------------------------------------
// Table 三

const ROW_MATCH_KEYS = ROW_MATCH_ORDER.map((row) => ({ row, keywords: row.keywords.map(labelKey) }));

function matchTable3Row(key: string): Table3RowDefinition | undefined {
  return ROW_MATCH_KEYS.find((entry) => entry.keywords.some((word) => key.includes(word)))?.row;
}

const HEADER_WORDS = [
  '勾稽关系',
  '申请人情况',
  '自然人',
  '商业企业',
  '法人或其他组织',
  '复议',
  '诉讼',
  '维持',
].map(labelKey);

/** Header rows of tables 三 and 四 name columns; the data rows of table 三 never do. */
function isHeaderLabel(key: string): boolean {
  return HEADER_WORDS.some((word) => key.includes(word));
}

function subtotalPosition(cells: string[]): number {
  const names = cells.map(labelKey).filter((c) => c !== '');
  const subtotal = names.indexOf('小计');
  const before = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].filter(
    (n) => names.indexOf(n) >= 0 && names.indexOf(n) < subtotal,
  ).length;
  return 1 + before;
}

function fillTable3(
  report: AnnualReport,
  found: Map<string, RawRow>,
  subtotalColumn: number | null,
  findings: Finding[],
): void {
  if (found.size === 0) {
    findings.push(finding('X7', '未找到表三（收到和处理政府信息公开申请情况）。', [], 'error'));
  }
  const width = subtotalColumn === null ? COLUMN_COUNT : COLUMN_COUNT + 1;
  if (subtotalColumn !== null) report.table3LegalSubtotal = {};
  for (const def of TABLE3_ROWS) {
    if (!(def.key in report.table3)) continue;
    const paths = Array.from({ length: COLUMN_COUNT }, (_, c) => table3Path(def.key, c));
    const row = found.get(def.key);
    if (!row) {
      if (found.size > 0)
        findings.push(finding('X7', `表三缺少${describeTable3Row(def.key)}行。`, paths, 'error'));
      for (const path of paths) report.unreadableCells[path] = '';
      continue;
    }
    const rowPaths =
      subtotalColumn === null
        ? paths
        : [
            ...paths.slice(0, subtotalColumn),
            `table3.legalSubtotal.${def.key}`,
            ...paths.slice(subtotalColumn),
          ];
    const cells = readCells(
      report,
      row,
      rowPaths.slice(0, width),
      `表三${describeTable3Row(def.key)}行`,
      findings,
    );
    if (subtotalColumn !== null && report.table3LegalSubtotal) {
      report.table3LegalSubtotal[def.key] = cells[subtotalColumn] ?? null;
      cells.splice(subtotalColumn, 1);
    }
    report.table3[def.key] = cells;
  }
  if (subtotalColumn !== null) {
    findings.push(finding('X7', '表三多出“法人或其他组织”小计列；格式规定的表三没有这一列。', [], 'warning'));
  }
}

// ------------------------------------------------------------------------------------------------
// Table 四

function fillTable4(report: AnnualReport, rows: RawRow[], findings: Finding[]): void {
  const allPaths = TABLE4_GROUPS.flatMap((g) => TABLE4_RESULTS.map((_, r) => table4Path(g.key, r)));
  const width = TABLE4_RESULTS.length;
  let cells: Cell[] | null = null;
  const wide = rows.find((r) => r.values.filter((v) => v !== '').length > width);
  if (wide) {
    cells = readCells(report, wide, allPaths, '表四', findings);
  } else if (rows.length >= TABLE4_GROUPS.length) {
    // One row per group (行政复议 / 直接起诉 / 复议后起诉), five cells each.
    cells = rows
      .slice(0, TABLE4_GROUPS.length)
      .flatMap((row, g) =>
        readCells(
          report,
          row,
          allPaths.slice(g * width, (g + 1) * width),
          `表四${TABLE4_GROUPS[g]!.label}`,
          findings,
        ),
      );
  } else {
    findings.push(
      finding('X7', '未找到表四（政府信息公开行政复议、行政诉讼情况）的数字。', allPaths, 'error'),
    );
    for (const path of allPaths) report.unreadableCells[path] = '';
    return;
  }
  TABLE4_GROUPS.forEach((g, i) => {
    report.table4[g.key] = cells!.slice(i * width, (i + 1) * width);
  });
}

// ------------------------------------------------------------------------------------------------
// Format, title, headings, dates

function detectFormat(
  table3: Map<string, RawRow>,
  table2: Map<string, RawRow>,
  headerWords: { t2019: number; t2021: number },
  title: string | null,
): ReportFormat {
  const splitOther = ['other1', 'other2', 'other3'].some((k) => table3.has(k));
  if (table3.has('otherSingle') && !splitOther) return '2019';
  if (splitOther) return '2021';
  if (
    TABLE2_2019_ONLY_ROWS.some((label) =>
      [...table2.values()].some((r) => labelKey(r.label).endsWith(labelKey(label))),
    )
  ) {
    return '2019';
  }
  if (headerWords.t2019 > headerWords.t2021) return '2019';
  if (headerWords.t2021 > headerWords.t2019) return '2021';
  const year = title ? bodyAndYear(title).year : null;
  return year !== null && year <= 2020 ? '2019' : '2021';
}

function isTitle(text: string): boolean {
  if (text.length > 120 || !/报/.test(text)) return false;
  const t = normalizeText(text);
  return (
    t.length <= 80 && /(年度报告|年报)/.test(t) && /(信息公开|政务公开)/.test(t) && YEAR_IN_TITLE.test(t)
  );
}

const YEAR_IN_TITLE = /((?:19|20)\d{2}|[〇零ＯOo一二三四五六七八九]{4})\s*年度?/;

export function bodyAndYear(title: string): { body: string | null; year: number | null } {
  const compact = normalizeText(title).replace(/^#+/, '').replace(/\s+/g, '');
  const match = YEAR_IN_TITLE.exec(compact);
  const year = match ? parseYear(match[1]!) : null;
  const body = (match ? compact.replace(match[0], '') : compact)
    .replace(/(政府)?(信息|政务)公开(工作)?(年度)?(报告|年报)$/, '')
    .replace(/^关于/, '')
    .replace(/[的_\-—:：]+$/, '')
    .trim();
  return { body: body === '' ? null : body, year };
}

const HEADING_START = /^[#\s]*[一二三四五六七八九十]/;

function sectionHeading(text: string): { key: SectionKey; text: string } | null {
  if (text.length > 60 || !HEADING_START.test(text)) return null;
  const t = normalizeText(text).replace(/^#+\s*/, '');
  if (t.length > 40 || /[。；]/.test(t)) return null;
  const match = /^([一二三四五六七八九十]+)\s*[、.]\s*(.+)$/.exec(t);
  if (!match) return null;
  const title = labelKey(match[2]!);
  const section = SECTIONS.find((s) => s.keywords.some((k) => title.includes(labelKey(k))));
  return section ? { key: section.key, text: cleanText(text.replace(/^[#\s]+/, '')) } : null;
}

/** The narrative is kept as printed (full-width punctuation and all); rules compare a compatibility form. */
function normalizeParagraph(text: string): string {
  return cleanText(text.replace(/^#+\s*/, ''));
}

function yearFromText(paragraphs: string[]): number | null {
  const period = paragraphs
    .join('')
    .match(/统计期限?(?:为|自|是)?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/);
  if (period) return Number(period[1]);
  return null;
}

const METADATA_LINE =
  /^(发布日期|发布时间|公开日期|成文日期|来源|信息来源|发布机构|索引号|浏览次数|报告单位|报告年度)([:：]|$)/;

/**
 * Lines such as “发布时间：2024-02-20 来源：某某局” are page metadata, not narrative: removes them from
 * the preamble and returns the publication date they give.
 */
function takeMetadataLines(preamble: string[]): string | null {
  let date: string | null = null;
  for (let i = preamble.length - 1; i >= 0; i--) {
    const line = preamble[i]!;
    if (line.length > 80 || !METADATA_LINE.test(line)) continue;
    const published = /(发布|公开)(日期|时间)[:：]\s*([^\s]+(?:\s*[^\s来浏]+)?)/.exec(line);
    const found = published ? findDates(published[3]!)[0] : undefined;
    if (found) date = found.date;
    preamble.splice(i, 1);
  }
  return date;
}

/**
 * The 落款 after section 六: the body's name and the date, on lines of their own. Removes them from
 * the narrative and returns the date.
 */
function takeSignature(paragraphs: string[]): string | null {
  const last = paragraphs.at(-1);
  if (!last || last.length > 20) return null;
  const dates = findDates(last);
  if (dates.length !== 1 || last.replace(/\s+/g, '').length > 12) return null;
  paragraphs.pop();
  const name = paragraphs.at(-1);
  if (
    name &&
    name.length <= 30 &&
    !/[。，,；;：:]/.test(name) &&
    /(政府|办事处|街道|局|委员会|办公室|中心|厅|委|署|院)$/.test(name)
  ) {
    paragraphs.pop();
  }
  return dates[0]!.date;
}

function publicationDate(blocks: DocumentBlock[]): string | null {
  const raw = blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
  for (const text of raw.slice(0, 20).map(normalizeText)) {
    const labelled = /(发布|公开|成文)(日期|时间)[:：]?\s*(.*)$/.exec(text);
    const date = labelled ? findDates(labelled[3]!)[0] : undefined;
    if (date) return date.date;
  }
  for (const text of raw.slice(-6).map(normalizeText).reverse()) {
    const dates = findDates(text);
    if (dates.length === 1 && text.length <= 40 && !/[。，,]/.test(text)) return dates[0]!.date;
  }
  return null;
}
