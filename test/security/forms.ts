// Forms as a browser sees them: found in a page's HTML (inputs, textareas, selects with what a
// browser would send untouched), matched to the app's routes (listRoutes), submitted through
// app.inject (urlencoded, or multipart with the CSRF token in the action's query as the app's
// upload forms carry it), and the checks that a page shows a submitted payload as text: no element
// or attribute created by it, no header injected. Used by form-payloads.test.ts (and read-only by
// the fuzz tests); the export names are stable.
import type { Element } from 'domhandler';
import { findAll, getAttributeValue, textContent } from 'domutils';
import type { LightMyRequestResponse } from 'fastify';
import { parseDocument } from 'htmlparser2';
import type { RouteEntry } from '../../src/web/routes.ts';

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'select'
  | 'hidden'
  | 'checkbox'
  | 'radio'
  | 'file'
  | 'password'
  | 'email'
  | 'tel'
  | 'url'
  | 'search'
  | 'number'
  | 'date'
  | 'other';

export interface FormField {
  name: string;
  kind: FieldKind;
  /** The value a browser sends untouched (for a select: the selected option, else the first). */
  value: string;
  /** Checkboxes and radios: whether checked. */
  checked: boolean;
  /** Selects: every option's value. */
  options: string[];
  disabled: boolean;
}

export interface FoundForm {
  /** The page the form was found on. */
  page: string;
  method: 'GET' | 'POST';
  /** The action as the browser resolves it: a path with its query (the page itself when absent). */
  action: string;
  multipart: boolean;
  fields: FormField[];
}

/** Kinds whose value a person types: the fields that get payloads. */
export const TEXT_KINDS: ReadonlySet<FieldKind> = new Set([
  'text',
  'textarea',
  'password',
  'email',
  'tel',
  'url',
  'search',
  'number',
  'date',
  'other',
]);

function fieldKind(element: Element): FieldKind {
  if (element.name === 'textarea') return 'textarea';
  if (element.name === 'select') return 'select';
  const type = (getAttributeValue(element, 'type') ?? 'text').toLowerCase();
  const known: readonly FieldKind[] = [
    'text',
    'hidden',
    'checkbox',
    'radio',
    'file',
    'password',
    'email',
    'tel',
    'url',
    'search',
    'number',
    'date',
  ];
  return (known as readonly string[]).includes(type) ? (type as FieldKind) : 'other';
}

/** Resolves an href or action against the page's path; undefined for another origin or scheme. */
export function resolvePath(reference: string, page: string): string | undefined {
  const url = new URL(reference, new URL(page, 'http://gongkai.test'));
  if (url.origin !== 'http://gongkai.test') return undefined;
  return url.pathname + url.search;
}

/** Every form of the page with its fields (buttons and fields without a name are left out). */
export function formsOf(html: string, page: string): FoundForm[] {
  const document = parseDocument(html);
  const forms = findAll((e) => e.name === 'form', document.children);
  return forms.flatMap((form): FoundForm[] => {
    const action = resolvePath(getAttributeValue(form, 'action') ?? page, page);
    if (action === undefined) return [];
    const method = (getAttributeValue(form, 'method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const multipart = (getAttributeValue(form, 'enctype') ?? '').toLowerCase() === 'multipart/form-data';
    const elements = findAll(
      (e) => ['input', 'textarea', 'select'].includes(e.name) && getAttributeValue(e, 'name') !== undefined,
      form.children,
    );
    const fields = elements.flatMap((element): FormField[] => {
      const kind = fieldKind(element);
      if (
        kind === 'other' &&
        ['submit', 'button', 'reset', 'image'].includes(getAttributeValue(element, 'type') ?? '')
      ) {
        return [];
      }
      const options = kind === 'select' ? findAll((e) => e.name === 'option', element.children) : [];
      const optionValue = (o: Element) => getAttributeValue(o, 'value') ?? textContent(o);
      const selected = options.find((o) => getAttributeValue(o, 'selected') !== undefined) ?? options[0];
      const value =
        kind === 'textarea'
          ? textContent(element).replace(/^\n/, '')
          : kind === 'select'
            ? selected === undefined
              ? ''
              : optionValue(selected)
            : (getAttributeValue(element, 'value') ?? (kind === 'checkbox' || kind === 'radio' ? 'on' : ''));
      return [
        {
          name: getAttributeValue(element, 'name') as string,
          kind,
          value,
          checked: getAttributeValue(element, 'checked') !== undefined,
          options: options.map(optionValue),
          disabled: getAttributeValue(element, 'disabled') !== undefined,
        },
      ];
    });
    return [{ page, method, action, multipart, fields }];
  });
}

/** The site's own links of a page (paths with their query), without fragments. */
export function linksOf(html: string, page: string): string[] {
  const document = parseDocument(html);
  const links = findAll(
    (e) => e.name === 'a' && getAttributeValue(e, 'href') !== undefined,
    document.children,
  );
  const paths = new Set<string>();
  for (const link of links) {
    const path = resolvePath(getAttributeValue(link, 'href') as string, page);
    if (path !== undefined) paths.add(path);
  }
  return [...paths];
}

/** The values a browser sends when the form is submitted as it is (no file chosen). */
export function defaultValues(form: FoundForm): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const field of form.fields) {
    if (field.disabled || field.kind === 'file') continue;
    if ((field.kind === 'checkbox' || field.kind === 'radio') && !field.checked) continue;
    values.set(field.name, [...(values.get(field.name) ?? []), field.value]);
  }
  return values;
}

/** The route a request goes to: among the routes matching the path, the one with most fixed text. */
export function routeOf(
  routes: readonly RouteEntry[],
  method: string,
  pathWithQuery: string,
): RouteEntry | undefined {
  const path = pathWithQuery.split('?')[0] as string;
  let best: { route: RouteEntry; fixed: number } | undefined;
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.url
      .split(/(:[A-Za-z0-9_]+)/)
      .map((part) => (part.startsWith(':') ? '[^/]+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    if (!new RegExp(`^${pattern}$`).test(path)) continue;
    const fixed = route.url.replace(/:[A-Za-z0-9_]+/g, '').length;
    if (best === undefined || fixed > best.fixed) best = { route, fixed };
  }
  return best?.route;
}

export const routeKey = (route: RouteEntry) => `${route.method} ${route.url}`;

export interface UploadedFile {
  filename: string;
  mediaType: string;
  content: Buffer;
}

/** A multipart/form-data body as a browser builds it (an empty file part for a file not chosen). */
export function multipartBody(
  values: ReadonlyMap<string, readonly string[]>,
  files: ReadonlyMap<string, UploadedFile | null>,
): { boundary: string; body: Buffer } {
  const boundary = `----gongkaiFormBoundary${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  const quote = (s: string) => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  for (const [name, list] of values) {
    for (const value of list) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
        ),
      );
    }
  }
  for (const [name, file] of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(file?.filename ?? '')}"\r\n` +
          `Content-Type: ${file?.mediaType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file?.content ?? Buffer.alloc(0),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(parts) };
}

/** What markup a payload could have created: a finding per element or attribute. */
export function injectedMarkup(html: string): string[] {
  const document = parseDocument(html);
  const findings: string[] = [];
  for (const element of findAll(() => true, document.children)) {
    if (element.name === 'script' && /alert|prompt|confirm/.test(textContent(element))) {
      findings.push(`<script> running ${textContent(element).slice(0, 60)}`);
    }
    if (element.name === 'img' && getAttributeValue(element, 'src') === 'x') findings.push('<img src=x>');
    for (const [name, value] of Object.entries(element.attribs)) {
      if (/^on/i.test(name)) findings.push(`<${element.name} ${name}="${value.slice(0, 60)}">`);
      if (
        ['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(name.toLowerCase()) &&
        // Browsers ignore control characters and spaces before the scheme.
        /^javascript:/i.test(value.replace(/[\u0000-\u0020]/g, ''))
      ) {
        findings.push(`<${element.name} ${name}="${value.slice(0, 60)}">`);
      }
    }
  }
  return findings;
}

/** Headers a payload could have injected: a line break in any value, the planted cookie. */
export function injectedHeaders(response: LightMyRequestResponse): string[] {
  const findings: string[] = [];
  for (const [name, raw] of Object.entries(response.headers)) {
    for (const value of Array.isArray(raw) ? raw : [String(raw)]) {
      if (/[\r\n]/.test(value)) findings.push(`${name}: a line break`);
      if (name === 'set-cookie' && /(^|[;\s])x=1/.test(value)) findings.push(`set-cookie: ${value}`);
    }
  }
  if (response.headers.x !== undefined) findings.push('header x');
  return findings;
}

/** Whether a text says something in Chinese (an error the user can read). */
export const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);
