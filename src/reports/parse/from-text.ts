// Plain text and Markdown: tables flattened to tab-separated, pipe-separated or space-separated
// lines, merged cells lost (as when a report is copied out of a web page or a PDF).
import type { DocumentBlock, SourceDocument } from './document.ts';
import { isValueCell } from './normalize.ts';

const MARKDOWN_HEADING = /^(#{1,6})\s+(.*?)\s*#*$/;
const MARKDOWN_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/;
const SENTENCE_PUNCTUATION = /[。；;！？]/;

export function fromText(text: string): SourceDocument {
  const blocks: DocumentBlock[] = [];
  let table = -1;
  let inPipeTable = false;
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const isPipeLine = rawLine.trim().startsWith('|');
    if (isPipeLine && !inPipeTable) table++;
    inPipeTable = isPipeLine;
    const block = readLine(rawLine);
    if (!block) continue;
    // Pipe tables keep every cell, so their positions can be trusted like HTML cells.
    blocks.push(isPipeLine && block.kind === 'row' ? { ...block, table } : block);
  }
  return { blocks };
}

const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])/g;

function unescapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_ESCAPE, '$1');
}

function readLine(rawLine: string): DocumentBlock | null {
  const line = rawLine.replace(/\u3000/g, ' ');
  const trimmed = line.trim();
  if (trimmed === '') return null;

  const heading = MARKDOWN_HEADING.exec(trimmed);
  if (heading) {
    const text = heading[2]!.trim();
    return text === '' ? null : { kind: 'text', text: unescapeMarkdown(text), heading: heading[1]!.length };
  }
  if (trimmed.startsWith('|')) {
    if (MARKDOWN_SEPARATOR.test(trimmed)) return null;
    return { kind: 'row', cells: splitPipeRow(trimmed) };
  }
  if (line.includes('\t')) {
    const cells = line.split('\t').map((c) => c.trim());
    if (cells.some((c) => c !== '')) return { kind: 'row', cells };
    return null;
  }
  const spaced = splitSpacedRow(trimmed);
  if (spaced) return { kind: 'row', cells: spaced };
  return { kind: 'text', text: unescapeMarkdown(trimmed.replace(/\s+/g, ' ')) };
}

function splitPipeRow(line: string): string[] {
  const inner = line.replace(/^\|/, '').replace(/(?<!\\)\|\s*$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => unescapeMarkdown(cell).trim());
}

/**
 * A line like `行政许可 0` or `一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0` is a table row whose
 * separators became spaces; a sentence that happens to end in a number is not.
 */
function splitSpacedRow(line: string): string[] | null {
  if (SENTENCE_PUNCTUATION.test(line)) return null;
  if (/\S {2,}\S/.test(line)) {
    const cells = line.split(/ {2,}/).flatMap((cell) => splitTrailingNumbers(cell));
    return cells.length > 1 ? cells : null;
  }
  const cells = splitTrailingNumbers(line);
  return cells.length > 1 ? cells : null;
}

function splitTrailingNumbers(text: string): string[] {
  const tokens = text.split(/\s+/);
  let labelEnd = tokens.length;
  while (labelEnd > 0 && isValueCell(tokens[labelEnd - 1]!) && tokens[labelEnd - 1]!.trim() !== '')
    labelEnd--;
  if (labelEnd === tokens.length) return [text.trim()];
  if (labelEnd === 0) return tokens.length > 1 ? tokens : [text.trim()];
  return [tokens.slice(0, labelEnd).join(' '), ...tokens.slice(labelEnd)];
}
