// Where each finding of an annual report goes on the back-office draft page (pure): the sentence
// it quotes (the narrative rules quote the clause in “…”, as the rules read prose: compatibility
// form, no whitespace, Chinese punctuation, cut at 60 characters) and the table cells it names
// (JSON paths); and the clerk's textarea text as paragraphs and back.
import type { LocatedFinding } from '../../annual-reports/index.ts';
import { table2Path, table3Path, table4Path } from '../../reports/cell-paths.ts';
import type { TableGrid } from '../../reports/render/layout.ts';
import type { AnnualReport } from '../../reports/report.ts';
import {
  type SectionKey,
  TABLE4_GROUPS,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../../reports/report-format.ts';
import { withChinesePunctuation } from '../../reports/rules/narrative-rules.ts';

/** Text as the rules quote it: NFKC, no whitespace, Chinese punctuation. */
export function quotedForm(text: string): string {
  return withChinesePunctuation(
    text
      .normalize('NFKC')
      .replace(/[\u200b-\u200d\ufeff]/g, '')
      .replace(/\s+/g, ''),
  );
}

/** The quotations of a finding's message, without the ellipsis of a cut quotation. */
export function quotations(message: string): string[] {
  return [...message.matchAll(/“([^”]+)”/g)]
    .map((m) => quotedForm(m[1]!.replace(/…$/, '')))
    .filter((q) => q.length >= 4);
}

/** Where a paragraph is: the preamble (section null) or a section, and its index there. */
export interface ParagraphRef {
  section: SectionKey | null;
  index: number;
}

export const paragraphKey = (ref: ParagraphRef) => `${ref.section ?? 'preamble'}:${ref.index}`;

/** A paragraph split into its sentences, each keeping its closing punctuation. */
export function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[。；;！？!?])/).filter((s) => s !== '');
}

export interface SentenceMark {
  paragraph: ParagraphRef;
  /** The index of the sentence in sentencesOf(paragraph). */
  sentence: number;
}

/**
 * The finding's sentence in the report: the first quotation that one sentence of a paragraph
 * contains (a quotation of a clause lies within one sentence). Null when it quotes none.
 */
export function locateSentence(report: AnnualReport, finding: { message: string }): SentenceMark | null {
  const quotes = quotations(finding.message);
  if (quotes.length === 0) return null;
  const paragraphs: { ref: ParagraphRef; text: string }[] = [
    ...report.preamble.map((text, index) => ({ ref: { section: null, index }, text })),
    ...report.sections.flatMap((s) =>
      s.paragraphs.map((text, index) => ({ ref: { section: s.key, index }, text })),
    ),
  ];
  for (const quote of quotes) {
    for (const p of paragraphs) {
      if (!quotedForm(p.text).includes(quote)) continue;
      const sentences = sentencesOf(p.text);
      const at = sentences.findIndex((s) => quotedForm(s).includes(quote));
      // A quotation over two sentences (never made by the rules) marks the paragraph's first.
      return { paragraph: p.ref, sentence: at === -1 ? 0 : at };
    }
  }
  return null;
}

/** The JSON path of every value cell of a grid, by "row:col" of the grid. */
export function cellPaths(grid: TableGrid, report: AnnualReport): Map<string, string> {
  const paths = new Map<string, string>();
  const values = (r: number) => grid.rows[r]!.filter((c) => c.role === 'value');
  if (grid.table === 'table2') {
    let r = 0;
    for (const block of table2Layout(report.format)) {
      r += 2; // the item line and the column headings
      for (const row of block.rows) {
        values(r).forEach((cell, i) => {
          paths.set(`${cell.row}:${cell.col}`, table2Path(report.format, row.key, i));
        });
        r++;
      }
    }
  } else if (grid.table === 'table3') {
    table3Rows(report.format).forEach((def, index) => {
      values(grid.headerRowCount + index).forEach((cell, i) => {
        paths.set(`${cell.row}:${cell.col}`, table3Path(def.key, i));
      });
    });
  } else {
    values(grid.headerRowCount).forEach((cell, k) => {
      const group = TABLE4_GROUPS[Math.floor(k / TABLE4_RESULTS.length)]!;
      paths.set(`${cell.row}:${cell.col}`, table4Path(group.key, k % TABLE4_RESULTS.length));
    });
  }
  return paths;
}

/** A finding numbered for the page (1-based, the order of the summary) with its places. */
export interface PlacedFinding extends LocatedFinding {
  number: number;
  sentence: SentenceMark | null;
}

export function placeFindings(report: AnnualReport, findings: readonly LocatedFinding[]): PlacedFinding[] {
  const order = { error: 0, warning: 1, info: 2 } as const;
  return [...findings]
    .sort((a, b) => order[a.severity] - order[b.severity])
    .map((f, i) => ({ ...f, number: i + 1, sentence: locateSentence(report, f) }));
}

/** The textarea's text as paragraphs: one a line, blank lines ignored. */
export function paragraphsOfText(text: string | undefined): string[] {
  return (text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function textOfParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join('\n');
}
