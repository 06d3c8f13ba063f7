// Reads an HTML page (a clean report, a whole government portal page, or a Word "Save as Web Page"
// export) into a SourceDocument: every visible text line and every data-table row, in reading order.
// Finding the report inside the page is the extractor's job, so nothing visible is filtered here.

import { type AnyNode, type Element, isTag, isText } from 'domhandler';
import { findAll, findOne, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { DocumentBlock, SourceDocument } from './document.ts';

/** Elements whose content is never shown as text (head, scripts, Word's XML data islands, widgets). */
const HIDDEN = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'title',
  'meta',
  'link',
  'base',
  'xml',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'audio',
  'video',
  'select',
  'datalist',
  'textarea',
]);

/** Elements that start and end a line of text. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Meta names (lower-case) that carry the publication date, most specific first. */
const DATE_META = [
  'pubdate',
  'publishdate',
  'firstpublishedtime',
  'publishtime',
  'published_time',
  'article:published_time',
  'dc.date.issued',
  'dcterms.issued',
];

const CJK =
  '\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d';
const CJK_LINE_BREAK = new RegExp(`([${CJK}])[ \\t]*(?:\\r\\n|\\r|\\n)[ \\t\\r\\n]*(?=[${CJK}])`, 'g');
const NUMBER = /^[+\-−]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?%?$/;
const MAX_COLSPAN = 1000;

interface Context {
  heading?: number;
  pre: boolean;
}

interface State {
  blocks: DocumentBlock[];
  /** Raw text of the line being built. */
  pieces: string[];
  /** Index the next data table will get. */
  nextTable: number;
}

export function fromHtml(html: string): SourceDocument {
  const dom = parseDocument(html);
  const state: State = { blocks: [], pieces: [], nextTable: 0 };
  walkNodes(dom.children, state, { pre: false });
  flushLine(state, undefined);
  const document: SourceDocument = { blocks: state.blocks };
  const title = pageTitle(dom.children);
  if (title !== undefined) document.title = title;
  const publishedOn = publicationDate(dom.children);
  if (publishedOn !== undefined) document.publishedOn = publishedOn;
  return document;
}

function walkNodes(nodes: readonly AnyNode[], state: State, context: Context): void {
  for (const node of nodes) {
    if (isText(node)) addText(node.data, state, context);
    else if (isTag(node)) walkElement(node, state, context);
    // Comments (including Word's <!--[if …]>…<![endif]--> blocks) and directives are never shown.
  }
}

function addText(data: string, state: State, context: Context): void {
  if (!context.pre) {
    state.pieces.push(joinCjkLineBreaks(data));
    return;
  }
  const lines = data.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    if (index > 0) flushLine(state, context.heading);
    state.pieces.push(line);
  });
}

function walkElement(element: Element, state: State, context: Context): void {
  const name = element.name.toLowerCase();
  if (HIDDEN.has(name)) return;
  if (name === 'br') {
    flushLine(state, context.heading);
    return;
  }
  if (name === 'table') {
    flushLine(state, context.heading);
    if (isLayoutTable(element)) walkNodes(element.children, state, context);
    else readDataTable(element, state, context);
    flushLine(state, context.heading);
    return;
  }
  if (!BLOCK.has(name)) {
    walkNodes(element.children, state, context);
    return;
  }
  const inner: Context = { pre: context.pre || name === 'pre' };
  const heading = headingLevel(name) ?? context.heading;
  if (heading !== undefined) inner.heading = heading;
  flushLine(state, context.heading);
  walkNodes(element.children, state, inner);
  flushLine(state, inner.heading);
}

function headingLevel(name: string): number | undefined {
  const match = /^h([1-6])$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function flushLine(state: State, heading: number | undefined): void {
  const text = normaliseSpace(state.pieces.join(''));
  state.pieces = [];
  if (text === '') return;
  state.blocks.push(heading === undefined ? { kind: 'text', text } : { kind: 'text', text, heading });
}

// ---------------------------------------------------------------------------------------------
// Tables

/**
 * A table used for page layout rather than data: one that holds another table (only innermost
 * tables are data), or one with a single column (portals wrap the whole article in such a table,
 * and its paragraphs must stay separate lines).
 */
function isLayoutTable(table: Element): boolean {
  if (findOne((element) => element.name === 'table', table.children) !== null) return true;
  return tableRows(table).every((row) => rowCells(row).length <= 1);
}

function tableRows(table: Element): Element[] {
  return findAll((element) => element.name === 'tr', table.children);
}

function rowCells(row: Element): Element[] {
  return row.children.filter(
    (node): node is Element => isTag(node) && (node.name === 'td' || node.name === 'th'),
  );
}

function readDataTable(table: Element, state: State, context: Context): void {
  const index = state.nextTable;
  let emitted = false;
  const visit = (nodes: readonly AnyNode[]): void => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      if (node.name === 'tr') {
        const cells = rowCells(node).flatMap(expandCell);
        if (cells.every((cell) => cell === '')) continue;
        flushLine(state, context.heading);
        state.blocks.push({ kind: 'row', cells, table: index });
        emitted = true;
      } else if (node.name === 'thead' || node.name === 'tbody' || node.name === 'tfoot') {
        visit(node.children);
      } else if (node.name !== 'colgroup' && node.name !== 'col') {
        // <caption> and stray content: browsers show it as text next to the table.
        walkElement(node, state, context);
        flushLine(state, context.heading);
      }
    }
  };
  visit(table.children);
  if (emitted) state.nextTable = index + 1;
}

/** A cell's text; a value or blank spread over several columns counts once per column. */
function expandCell(cell: Element): string[] {
  const text = cellText(cell);
  const span = colspan(cell);
  if (span === 1 || !(text === '' || NUMBER.test(text.normalize('NFKC')))) return [text];
  return [text, ...Array.from({ length: span - 1 }, () => '')];
}

function colspan(cell: Element): number {
  const span = Number.parseInt(cell.attribs.colspan ?? '1', 10);
  return Number.isFinite(span) && span > 1 ? Math.min(span, MAX_COLSPAN) : 1;
}

/** All text of a cell; block-level children are separated by a space (the normaliser removes it). */
function cellText(cell: Element): string {
  const pieces: string[] = [];
  collectCellText(cell.children, pieces);
  return normaliseSpace(pieces.join(''));
}

function collectCellText(nodes: readonly AnyNode[], pieces: string[]): void {
  for (const node of nodes) {
    if (isText(node)) {
      pieces.push(joinCjkLineBreaks(node.data));
      continue;
    }
    if (!isTag(node)) continue;
    const name = node.name.toLowerCase();
    if (HIDDEN.has(name)) continue;
    if (name === 'br') {
      pieces.push(' ');
    } else if (BLOCK.has(name)) {
      pieces.push(' ');
      collectCellText(node.children, pieces);
      pieces.push(' ');
    } else {
      collectCellText(node.children, pieces);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Whitespace

/**
 * Word and many editors wrap long lines of source inside a run of Chinese text; as in CSS's
 * segment-break rules, such a line break between two CJK characters is no space at all.
 */
function joinCjkLineBreaks(text: string): string {
  return text.replace(CJK_LINE_BREAK, '$1');
}

/** Turn &nbsp;, full-width and other Unicode spaces into spaces, collapse runs, and trim. */
export function normaliseSpace(text: string): string {
  return text.replace(/[\s\u200b\ufeff]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Container metadata

function pageTitle(nodes: readonly AnyNode[]): string | undefined {
  const title = findOne((element) => element.name === 'title', [...nodes]);
  if (title === null) return undefined;
  const text = normaliseSpace(textContent(title));
  return text === '' ? undefined : text;
}

function publicationDate(nodes: readonly AnyNode[]): string | undefined {
  const dates = new Map<string, string>();
  for (const meta of findAll((element) => element.name === 'meta', [...nodes])) {
    const key = (meta.attribs.name ?? meta.attribs.property ?? '').trim().toLowerCase();
    const date = normaliseDate(meta.attribs.content ?? '');
    if (date !== undefined && DATE_META.includes(key) && !dates.has(key)) dates.set(key, date);
  }
  for (const key of DATE_META) {
    const date = dates.get(key);
    if (date !== undefined) return date;
  }
  return undefined;
}

/** `2023-01-20 10:00`, `2023/1/20`, `2023年1月20日`, `20230120` → `2023-01-20`; invalid dates → undefined. */
function normaliseDate(value: string): string | undefined {
  const match =
    /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)/.exec(value) ??
    /^\s*(\d{4})(\d{2})(\d{2})(?!\d)/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}
