// The stylesheet and the one script (search-as-you-type on the application form), read once at
// start-up and served under content-hashed names so that browsers may cache them for a year and
// still see every change.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

function hashed(file: string, extension: string): { href: string; bytes: Buffer } {
  const bytes = readFileSync(new URL(`./static/${file}.${extension}`, import.meta.url));
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return { href: `/static/${file}-${hash}.${extension}`, bytes };
}

const STYLESHEET = hashed('site', 'css');
const APPLY_SCRIPT = hashed('apply-suggest', 'js');

export const STYLESHEET_HREF = STYLESHEET.href;
export const APPLY_SCRIPT_SRC = APPLY_SCRIPT.href;

export function registerStatic(app: FastifyInstance): void {
  for (const [file, type] of [
    [STYLESHEET, 'text/css; charset=utf-8'],
    [APPLY_SCRIPT, 'text/javascript; charset=utf-8'],
  ] as const) {
    app.get(file.href, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
      return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(file.bytes);
    });
  }
}
