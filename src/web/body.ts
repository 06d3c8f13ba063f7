// Request bodies: HTML forms (application/x-www-form-urlencoded) and JSON, both UTF-8 only and
// strictly decoded. A body with invalid UTF-8 bytes or a broken %-escape is refused with 400
// instead of being silently turned into U+FFFD characters.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/errors.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function invalid(userMessage: string): DomainError {
  return new DomainError('input.invalid', userMessage, { userMessage });
}

function requireUtf8Charset(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw invalid('提交的内容必须使用 UTF-8 编码。');
  }
}

export function decodeUtf8(bytes: Buffer): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw invalid('提交的内容不是有效的 UTF-8 编码文本。');
  }
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw invalid('提交的表单内容编码有误（不是有效的 UTF-8）。');
  }
}

export type FormBody = Record<string, string | string[]>;

/** Parses a urlencoded form. Repeated names (checkboxes) become arrays. */
export function parseForm(text: string): FormBody {
  const form: FormBody = Object.create(null);
  if (text === '') return form;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') {
      throw invalid(`表单包含不允许的字段名“${name}”。`);
    }
    const previous = form[name];
    if (previous === undefined) form[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else form[name] = [previous, value];
  }
  return form;
}

export function registerBodyParsers(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (request, body: Buffer, done) => {
      try {
        requireUtf8Charset(request);
        json(request, decodeUtf8(body), done);
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (request, body: Buffer, done) => {
      try {
        requireUtf8Charset(request);
        done(null, parseForm(decodeUtf8(body)));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
