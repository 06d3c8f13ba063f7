// An item as HTML that pastes cleanly into the 微信公众号 editor (pure): the editor keeps inline
// styles and drops classes, stylesheets and scripts, so every element carries its own style and
// nothing else — no class, id, event handler, <style> or <script>. Headings, paragraphs, lists,
// tables, links and images are kept; every other tag is unwrapped (its text kept) or, for scripts,
// styles, forms and embedded objects, dropped with its content. Links and images are absolute
// (http, https, mailto only). A metadata table heads the fragment: 索引号, 发布机构, 成文日期, 文号.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';

export interface WechatExportInput {
  title: string;
  /** Null until the first publication gives one. */
  indexNumber: string | null;
  agencyName: string;
  formedOn: string;
  documentNumber: string | null;
  publishedOn: string | null;
  /** The item's sanitized body. */
  bodyHtml: string;
  /** `url` is absolute, or null when the file is not public yet. */
  attachments: readonly { filename: string; url: string | null }[];
  /** The item's page on the portal, when it is public. */
  sourceUrl: string | null;
  /** The portal's address, for relative links: `https://host`. */
  baseUrl: string;
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'PingFang SC','Microsoft YaHei',sans-serif;";
const STYLES: Readonly<Record<string, string>> = {
  section: 'margin:0 0 1em 0;',
  p: 'margin:0 0 1em 0;line-height:1.75;font-size:16px;color:#333333;',
  h2: 'margin:1.2em 0 0.6em 0;font-size:18px;font-weight:bold;line-height:1.5;color:#222222;',
  h3: 'margin:1em 0 0.5em 0;font-size:17px;font-weight:bold;line-height:1.5;color:#222222;',
  h4: 'margin:1em 0 0.5em 0;font-size:16px;font-weight:bold;line-height:1.5;color:#222222;',
  strong: 'font-weight:bold;',
  em: 'font-style:italic;',
  u: 'text-decoration:underline;',
  s: 'text-decoration:line-through;',
  sub: 'vertical-align:sub;font-size:smaller;',
  sup: 'vertical-align:super;font-size:smaller;',
  blockquote: 'margin:1em 0;padding:0.5em 1em;border-left:4px solid #dddddd;color:#555555;',
  ul: 'margin:0 0 1em 0;padding-left:2em;list-style-type:disc;',
  ol: 'margin:0 0 1em 0;padding-left:2em;list-style-type:decimal;',
  li: 'margin:0 0 0.4em 0;line-height:1.75;font-size:16px;color:#333333;',
  hr: 'margin:1.5em 0;border:0;border-top:1px solid #dddddd;',
  br: '',
  table: 'width:100%;margin:0 0 1em 0;border-collapse:collapse;font-size:14px;',
  caption: 'padding:0.4em 0;font-weight:bold;text-align:center;',
  thead: '',
  tbody: '',
  tfoot: '',
  tr: '',
  th: 'padding:6px 8px;border:1px solid #cccccc;background-color:#f5f5f5;font-weight:bold;text-align:center;',
  td: 'padding:6px 8px;border:1px solid #cccccc;vertical-align:top;',
  a: 'color:#576b95;text-decoration:none;word-break:break-all;',
  img: 'display:block;max-width:100%;height:auto;margin:0.5em auto;',
};

/** Tags renamed on the way. */
const RENAMED: Readonly<Record<string, string>> = {
  h1: 'h2',
  h5: 'h4',
  h6: 'h4',
  b: 'strong',
  i: 'em',
  div: 'section',
  strike: 's',
  del: 's',
};
/** Tags dropped with everything inside. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'svg',
  'math',
  'link',
  'meta',
  'title',
  'head',
  'base',
]);
const VOID = new Set(['br', 'hr', 'img']);

/** Text for HTML text or a double-quoted attribute: control characters dropped, markup escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
    );
}

/** An absolute http(s) or mailto URL, or null. */
export function absoluteUrl(
  value: string,
  base: string,
  schemes = ['http:', 'https:', 'mailto:'],
): string | null {
  const trimmed = value.replace(/[\u0000-\u0020\u007f]/g, '');
  if (trimmed === '') return null;
  try {
    const url = new URL(trimmed, base);
    return schemes.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function alignOf(el: Element): string {
  const m = /(?:^|;)\s*text-align\s*:\s*(left|right|center|justify)\s*(?:;|$)/i.exec(el.attribs.style ?? '');
  return m ? `text-align:${m[1]!.toLowerCase()};` : '';
}

function span(value: string | undefined): string | null {
  return value !== undefined && /^\d{1,3}$/.test(value) && Number(value) >= 1 ? String(Number(value)) : null;
}

function renderNodes(nodes: readonly ChildNode[], base: string): string {
  let html = '';
  for (const node of nodes) {
    if (node.type === 'text') html += escapeText(node.data);
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style')
      html += renderElement(node as Element, base);
    // Comments, CDATA and directives are dropped.
  }
  return html;
}

function renderElement(el: Element, base: string): string {
  const original = el.name.toLowerCase();
  if (DROPPED.has(original)) return '';
  const name = RENAMED[original] ?? original;
  const style = STYLES[name];
  if (style === undefined) return renderNodes(el.children, base); // unknown: its text only
  const attributes: string[] = [];
  if (name === 'a') {
    const href = absoluteUrl(el.attribs.href ?? '', base);
    if (href === null) return renderNodes(el.children, base);
    attributes.push(`href="${escapeText(href)}"`);
  } else if (name === 'img') {
    const src = absoluteUrl(el.attribs.src ?? '', base, ['http:', 'https:']);
    if (src === null) return '';
    attributes.push(`src="${escapeText(src)}"`, `alt="${escapeText(el.attribs.alt ?? '')}"`);
  } else if (name === 'td' || name === 'th') {
    for (const attr of ['colspan', 'rowspan']) {
      const value = span(el.attribs[attr]);
      if (value !== null && value !== '1') attributes.push(`${attr}="${value}"`);
    }
  } else if (name === 'ol') {
    const start = span(el.attribs.start);
    if (start !== null && start !== '1') attributes.push(`start="${start}"`);
  }
  const fullStyle = style + alignOf(el);
  if (fullStyle !== '') attributes.push(`style="${escapeText(fullStyle)}"`);
  const open = `<${name}${attributes.length > 0 ? ` ${attributes.join(' ')}` : ''}>`;
  if (VOID.has(name)) return open;
  return `${open}${renderNodes(el.children, base)}</${name}>`;
}

/** The body only, styled inline (for tests and for pasting without the header). */
export function wechatBody(bodyHtml: string, baseUrl: string): string {
  return renderNodes(parseDocument(bodyHtml).children, baseUrl);
}

function metaRow(label: string, value: string): string {
  return (
    `<tr><td style="${STYLES.td}width:6em;color:#888888;white-space:nowrap;">${escapeText(label)}</td>` +
    `<td style="${STYLES.td}color:#333333;">${escapeText(value)}</td></tr>`
  );
}

/** The fragment to paste: title, metadata table, body, attachments and the source link. */
export function wechatFragment(input: WechatExportInput): string {
  const rows = [
    metaRow('索引号', input.indexNumber ?? '（发布后生成）'),
    metaRow('发布机构', input.agencyName),
    metaRow('成文日期', input.formedOn),
    metaRow('文号', input.documentNumber ?? '无'),
    ...(input.publishedOn ? [metaRow('发布日期', input.publishedOn)] : []),
  ];
  const attachments =
    input.attachments.length === 0
      ? ''
      : `<p style="${STYLES.p}font-weight:bold;">附件：</p><ol style="${STYLES.ol}">` +
        input.attachments
          .map((a) => {
            const url = a.url === null ? null : absoluteUrl(a.url, input.baseUrl, ['http:', 'https:']);
            const name = escapeText(a.filename);
            return `<li style="${STYLES.li}">${url ? `<a href="${escapeText(url)}" style="${STYLES.a}">${name}</a>` : name}</li>`;
          })
          .join('') +
        '</ol>';
  const sourceUrl =
    input.sourceUrl === null ? null : absoluteUrl(input.sourceUrl, input.baseUrl, ['http:', 'https:']);
  const source = sourceUrl
    ? `<p style="${STYLES.p}font-size:14px;color:#888888;">原文链接：<a href="${escapeText(sourceUrl)}" style="${STYLES.a}">${escapeText(sourceUrl)}</a></p>`
    : '';
  return (
    `<section style="${FONT}margin:0;padding:0;color:#333333;">` +
    `<h1 style="margin:0 0 0.8em 0;font-size:22px;font-weight:bold;line-height:1.4;text-align:center;color:#222222;">${escapeText(input.title)}</h1>` +
    `<table style="${STYLES.table}"><tbody>${rows.join('')}</tbody></table>` +
    `<section style="${STYLES.section}">${wechatBody(input.bodyHtml, input.baseUrl)}</section>` +
    attachments +
    source +
    '</section>'
  );
}

/** The fragment as a file to download: a bare HTML document around it, nothing else. */
export function wechatDocument(input: WechatExportInput): string {
  return (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    `<title>${escapeText(input.title)}</title></head><body>\n${wechatFragment(input)}\n</body></html>\n`
  );
}
