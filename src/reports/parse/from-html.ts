// Reads an HTML page (a clean report, a whole government portal page, or a Word "Save as Web Page"
// export) into a SourceDocument: every visible text line and every data-table row, in reading order.
// Finding the report inside the page is the extractor's job, so nothing visible is filtered here.

import { type AnyNode, type Element, hasChildren, isTag, isText } from 'domhandler';
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

/**
 * Work left to do, kept on an explicit stack rather than the call stack: broken pages can nest
 * unclosed <font> or <div> tags tens of thousands deep.
 */
type Task =
  | { kind: 'node'; node: AnyNode; context: Context }
  | { kind: 'flush'; heading: number | undefined }
  | { kind: 'row'; cells: string[]; table: number; heading: number | undefined };

interface State {
  blocks: DocumentBlock[];
  /** Raw text of the line being built. */
  pieces: string[];
  /** Index the next data table will get. */
  nextTable: number;
  tasks: Task[];
  /** Tables that hold other tables (see isLayoutTable). */
  layoutHolders: ReadonlySet<Element>;
}

export function fromHtml(html: string): SourceDocument {
  const dom = parseDocument(html);
  const state: State = {
    blocks: [],
    pieces: [],
    nextTable: 0,
    tasks: [],
    layoutHolders: tablesHoldingTables(dom.children),
  };
  pushNodes(state, dom.children, { pre: false });
  for (let task = state.tasks.pop(); task !== undefined; task = state.tasks.pop()) runTask(task, state);
  flushLine(state, undefined);
  const document: SourceDocument = { blocks: state.blocks };
  const title = pageTitle(dom.children);
  if (title !== undefined) document.title = title;
  const publishedOn = publicationDate(dom.children);
  if (publishedOn !== undefined) document.publishedOn = publishedOn;
  return document;
}

/** Schedule nodes so that the first is handled first. */
function pushNodes(state: State, nodes: readonly AnyNode[], context: Context): void {
  for (let i = nodes.length - 1; i >= 0; i--) state.tasks.push({ kind: 'node', node: nodes[i]!, context });
}

function runTask(task: Task, state: State): void {
  if (task.kind === 'flush') {
    flushLine(state, task.heading);
  } else if (task.kind === 'row') {
    flushLine(state, task.heading);
    state.blocks.push({ kind: 'row', cells: task.cells, table: task.table });
  } else if (isText(task.node)) {
    addText(task.node.data, state, task.context);
  } else if (isTag(task.node)) {
    visitElement(task.node, state, task.context);
  }
  // Comments (including Word's <!--[if …]>…<![endif]--> blocks) and directives are never shown.
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

function visitElement(element: Element, state: State, context: Context): void {
  const name = element.name.toLowerCase();
  if (HIDDEN.has(name)) return;
  if (name === 'br') {
    flushLine(state, context.heading);
    return;
  }
  if (name === 'table') {
    flushLine(state, context.heading);
    state.tasks.push({ kind: 'flush', heading: context.heading });
    if (isLayoutTable(element, state.layoutHolders)) pushNodes(state, element.children, context);
    else pushDataTable(element, state, context);
    return;
  }
  if (!BLOCK.has(name)) {
    pushNodes(state, element.children, context);
    return;
  }
  const inner: Context = { pre: context.pre || name === 'pre' };
  const heading = headingLevel(name) ?? context.heading;
  if (heading !== undefined) inner.heading = heading;
  flushLine(state, context.heading);
  state.tasks.push({ kind: 'flush', heading: inner.heading });
  pushNodes(state, element.children, inner);
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

/** Every node below `nodes`, in document order. */
function* descendants(nodes: readonly AnyNode[]): Generator<AnyNode, void, undefined> {
  const pending = [...nodes].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    yield node;
    if (hasChildren(node))
      for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]!);
  }
}

function* elementsNamed(nodes: readonly AnyNode[], name: string): Generator<Element, void, undefined> {
  for (const node of descendants(nodes)) if (isTag(node) && node.name === name) yield node;
}

// ---------------------------------------------------------------------------------------------
// Tables

/** The tables that hold another table; found in one pass, as nested layouts can be very deep. */
function tablesHoldingTables(nodes: readonly AnyNode[]): Set<Element> {
  const holders = new Set<Element>();
  for (const table of elementsNamed(nodes, 'table')) {
    // Stop at the first holder already known: everything above it was marked with it.
    for (
      let parent = table.parent;
      parent !== null && !holders.has(parent as Element);
      parent = parent.parent
    ) {
      if (isTag(parent) && parent.name === 'table') holders.add(parent);
    }
  }
  return holders;
}

/**
 * A table used for page layout rather than data: one that holds another table (only innermost
 * tables are data), or one with a single column (portals wrap the whole article in such a table,
 * and its paragraphs must stay separate lines).
 */
function isLayoutTable(table: Element, holders: ReadonlySet<Element>): boolean {
  if (holders.has(table)) return true;
  return [...elementsNamed(table.children, 'tr')].every((row) => rowCells(row).length <= 1);
}

function rowCells(row: Element): Element[] {
  return row.children.filter(
    (node): node is Element => isTag(node) && (node.name === 'td' || node.name === 'th'),
  );
}

/** Elements between <table> and <tr> whose rows still belong to the table (old portals put <form> there). */
const TABLE_SECTIONS = new Set(['thead', 'tbody', 'tfoot', 'form']);

/** The rows of a data table and any stray content (<caption>, text), in document order. */
function tableItems(table: Element): AnyNode[] {
  const items: AnyNode[] = [];
  const pending = [...table.children].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isTag(node) && TABLE_SECTIONS.has(node.name)) pending.push(...[...node.children].reverse());
    else if (!isTag(node) || (node.name !== 'colgroup' && node.name !== 'col')) items.push(node);
  }
  return items;
}

function pushDataTable(table: Element, state: State, context: Context): void {
  const items = tableItems(table).map((node) =>
    isTag(node) && node.name === 'tr' ? rowCells(node).flatMap(expandCell) : node,
  );
  // Rows of blank cells (Word's spacer rows) are dropped; a table of only those gets no index.
  // A <caption> names the table; it is not narrative, and tables are recognised by their rows.
  const kept = items.filter((item) =>
    Array.isArray(item) ? item.some((cell) => cell !== '') : !(isTag(item) && item.name === 'caption'),
  );
  const index = state.nextTable;
  if (kept.some(Array.isArray)) state.nextTable++;
  const tasks: Task[] = kept.flatMap((item): Task[] =>
    Array.isArray(item)
      ? [{ kind: 'row', cells: item, table: index, heading: context.heading }]
      : // <caption> and stray content: browsers show it as a line next to the table.
        [
          { kind: 'node', node: item, context },
          { kind: 'flush', heading: context.heading },
        ],
  );
  state.tasks.push(...tasks.reverse());
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
  // Strings on the stack are separators to emit once the children before them are done.
  const pending: (AnyNode | string)[] = [...cell.children].reverse();
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item === 'string') pieces.push(item);
    else if (isText(item)) pieces.push(joinCjkLineBreaks(item.data));
    else if (isTag(item)) {
      const name = item.name.toLowerCase();
      if (HIDDEN.has(name)) continue;
      if (name === 'br') {
        pieces.push(' ');
        continue;
      }
      if (BLOCK.has(name)) {
        pieces.push(' ');
        pending.push(' ');
      }
      for (let i = item.children.length - 1; i >= 0; i--) pending.push(item.children[i]!);
    }
  }
  return normaliseSpace(pieces.join(''));
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
  for (const title of elementsNamed(nodes, 'title')) {
    const text = normaliseSpace(title.children.map((node) => (isText(node) ? node.data : '')).join(''));
    return text === '' ? undefined : text;
  }
  return undefined;
}

function publicationDate(nodes: readonly AnyNode[]): string | undefined {
  const dates = new Map<string, string>();
  for (const meta of elementsNamed(nodes, 'meta')) {
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
