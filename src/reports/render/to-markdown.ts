// An annual report as Markdown: `# title`, `## 一、总体情况` … headings, paragraphs separated by blank
// lines, and the tables as GitHub pipe tables. Pipe tables cannot merge cells, so every grid row is
// one pipe row: a row label that spans rows (三、本年度办理结果, （三）不予公开 …) is repeated in each row
// it covers, and the other spanned positions are empty cells. The numbers of a table 三 row are
// always its last 7 cells; table 四's 15 numbers are its last row.
//
// Report text is escaped the CommonMark way (a backslash before ASCII punctuation that would
// otherwise be markup), so any CommonMark reader gets the text back unchanged; a reader of plain
// text gets it back by removing a backslash before ASCII punctuation.

import type { AnnualReport } from '../report.ts';
import { expandGrid, renderedSections, reportTitle, signatureLines, type TableGrid } from './layout.ts';

/**
 * Escapes what would otherwise be markup: backslash, code spans, emphasis, links and images, raw
 * HTML, (GFM) strikethrough, table pipes, and `&` only where it would start an entity reference.
 * Everything else — including all CJK punctuation — is left as typed, so the file stays readable.
 */
function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]<|~]/g, (c) => `\\${c}`)
    .replace(/&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)/g, '\\&');
}

/** One line of text: line breaks and tabs become spaces, inline markup is escaped. */
function escapeLine(text: string): string {
  return escapeInline(
    text
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .replace(/\t/g, ' ')
      .trim(),
  );
}

/**
 * A paragraph: besides inline markup, a leading character that would start a block (heading,
 * quote, list, thematic break, setext underline) is escaped, and so is a `1.`/`1)` list start.
 */
export function escapeParagraph(text: string): string {
  const line = escapeLine(text);
  const list = /^(\d{1,9})([.)])(\s|$)/.exec(line);
  if (list) return `${list[1]}\\${list[2]}${line.slice(list[1]!.length + 1)}`;
  return /^[#>+\-=]/.test(line) ? `\\${line}` : line;
}

function escapeCell(text: string): string {
  return escapeLine(text);
}

function pipeRow(cells: string[]): string {
  return `|${cells.map((c) => (c === '' ? ' ' : ` ${c} `)).join('|')}|`;
}

export function markdownTable(grid: TableGrid): string {
  const rows = expandGrid(grid).map((cells) => cells.map(escapeCell));
  const align = Array.from({ length: grid.columnCount }, (_, c) =>
    c < grid.labelColumnCount ? '---' : '---:',
  );
  const [head, ...rest] = rows;
  return [pipeRow(head!), pipeRow(align), ...rest.map(pipeRow)].join('\n');
}

export function renderMarkdown(report: AnnualReport): string {
  const blocks: string[] = [`# ${escapeLine(reportTitle(report))}`];
  for (const text of report.preamble) blocks.push(escapeParagraph(text));
  for (const section of renderedSections(report)) {
    blocks.push(`## ${section.heading}`);
    for (const text of section.paragraphs) blocks.push(escapeParagraph(text));
    if (section.table) blocks.push(markdownTable(section.table));
  }
  for (const line of signatureLines(report)) blocks.push(escapeParagraph(line));
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}
