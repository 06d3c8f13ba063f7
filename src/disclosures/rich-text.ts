// The body of an item is rich text typed or pasted (from Word or WPS) in the back office: cleaned
// to an allow-list with sanitize-html before it is stored, and turned into plain text for search
// and for the personal-data scan. Redaction masks the numbers inside the HTML's text, so the
// published body and its plain text are redacted alike.
//
// Decisions: no images inside the body (they go as attachments, which keeps the CSP strict and
// the scan complete); no style except text-align; links only to http, https and mailto, always
// rel="noopener noreferrer nofollow"; h1 becomes h2 (the page's h1 is the title).

import type { ChildNode, Element, Text } from 'domhandler';
import { getOuterHTML } from 'domutils';
import { parseDocument } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import { type Finding, redactPersonalData, scanPersonalData } from './personal-data.ts';

const ALIGN = { 'text-align': [/^(left|right|center|justify)$/] };

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'blockquote',
    'ul',
    'ol',
    'li',
    'hr',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'a',
  ],
  allowedAttributes: {
    a: ['href', 'rel'],
    td: ['colspan', 'rowspan', 'style'],
    th: ['colspan', 'rowspan', 'style'],
    ol: ['start'],
    p: ['style'],
    div: ['style'],
    h2: ['style'],
    h3: ['style'],
    h4: ['style'],
  },
  allowedStyles: { '*': ALIGN },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
  },
};

export const MAX_BODY_HTML = 500_000;

/** The body as it may be stored and shown: only the allow-listed tags, attributes and schemes. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'hr',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'pre',
]);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'title']);

interface TextMap {
  text: string;
  /** For each character of `text`, the text node and index it came from (null for inserted breaks). */
  origin: ({ node: Text; index: number } | null)[];
}

/** Plain text of HTML: whitespace collapsed, a line per block, a tab between table cells. */
function mapText(nodes: readonly ChildNode[]): TextMap {
  const chars: string[] = [];
  const origin: TextMap['origin'] = [];
  const trimEnd = () => {
    while (chars.length > 0 && chars.at(-1) === ' ') {
      chars.pop();
      origin.pop();
    }
  };
  const push = (c: string, o: TextMap['origin'][number]) => {
    chars.push(c);
    origin.push(o);
  };
  const lineBreak = () => {
    trimEnd();
    if (chars.length > 0 && chars.at(-1) !== '\n') push('\n', null);
  };
  const visit = (node: ChildNode) => {
    if (node.type === 'text') {
      const t = node as Text;
      for (let i = 0; i < t.data.length; i++) {
        const c = t.data[i]!;
        if (/\s/.test(c)) {
          const last = chars.at(-1);
          if (last === undefined || last === ' ' || last === '\n' || last === '\t') continue;
          push(' ', { node: t, index: i });
        } else push(c, { node: t, index: i });
      }
      return;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (SKIPPED.has(name)) return;
    if (name === 'br') {
      trimEnd();
      push('\n', null);
      return;
    }
    const block = BLOCKS.has(name);
    if (block) lineBreak();
    for (const child of el.children) visit(child);
    if (name === 'td' || name === 'th') {
      trimEnd();
      push('\t', null);
    }
    if (block) lineBreak();
  };
  for (const n of nodes) visit(n);
  while (chars.length > 0 && /\s/.test(chars.at(-1)!)) {
    chars.pop();
    origin.pop();
  }
  return { text: chars.join(''), origin };
}

/** The plain text of (sanitized) HTML: for search, the scan, feeds and summaries. */
export function htmlToText(html: string): string {
  return mapText(parseDocument(html).children).text;
}

const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
/** A well-formed tag: a `<` that is not followed by a tag name and a closing `>` is text. */
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

/**
 * Pasted markup out, every other character kept: `a<b`, `1<2>0` or `&c` in a title are text, not
 * the start of a tag that would swallow the rest (an HTML parser reads `<b&c…` as a tag).
 */
function markupToText(value: string): string {
  const stripped = value.replace(COMMENT, '').replace(SCRIPT_OR_STYLE, '').replace(TAG, '');
  // What is left of `<` is text; the parser only decodes the entities.
  return htmlToText(stripped.replace(/</g, '&lt;'));
}

/**
 * A plain-text field (title, summary, keywords, 文号): markup removed, entities decoded, control
 * characters dropped, whitespace collapsed. What is left is text; pages escape it when they print it.
 */
export function plainText(value: string): string {
  const text = /[<&]/.test(value) ? markupToText(value) : value;
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function anchors(nodes: readonly ChildNode[], into: Element[] = []): Element[] {
  for (const node of nodes) {
    if (node.type !== 'tag') continue;
    const el = node as Element;
    if (el.name.toLowerCase() === 'a' && typeof el.attribs.href === 'string') into.push(el);
    anchors(el.children, into);
  }
  return into;
}

/**
 * The addresses of the (sanitized) body's links, decoded as a browser reads them: they are
 * published too (https://…?sfz=…, mailto:138…@…), so the scan reads them, one a line.
 */
export function bodyLinks(html: string): string[] {
  if (!/<a\b/i.test(html)) return [];
  return anchors(parseDocument(html, { decodeEntities: true }).children).map((a) => a.attribs.href!);
}

/**
 * The HTML with every personal number of its plain text masked (as redactPersonalData masks
 * text), even when the number spans inline tags, and in the links' addresses; then sanitized
 * again. `findings` are those of the text.
 */
export function redactHtml(html: string): { html: string; findings: Finding[] } {
  const doc = parseDocument(html);
  const map = mapText(doc.children);
  const findings = scanPersonalData(map.text);
  let linksChanged = false;
  for (const a of anchors(doc.children)) {
    const href = a.attribs.href!;
    const masked = redactPersonalData(href);
    if (masked !== href) {
      a.attribs.href = masked;
      linksChanged = true;
    }
  }
  if (findings.length === 0 && !linksChanged) return { html, findings };
  const edits = new Map<Text, string[]>();
  for (const f of findings) {
    let k = 0;
    for (let p = f.start; p < f.end; p++) {
      const c = map.text[p]!;
      if (/[ \-\u00a0\u2010-\u2012]/.test(c)) continue;
      const o = map.origin[p];
      const replacement = f.preview[k] ?? '*';
      k++;
      if (!o) continue;
      let chars = edits.get(o.node);
      if (!chars) {
        chars = o.node.data.split('');
        edits.set(o.node, chars);
      }
      chars[o.index] = replacement;
    }
  }
  for (const [node, chars] of edits) node.data = chars.join('');
  return { html: sanitizeBody(getOuterHTML(doc.children, { encodeEntities: 'utf8' })), findings };
}
