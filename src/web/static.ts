// The stylesheet, read once at start-up and served under a content-hashed name so that browsers
// may cache it for a year and still see every change.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const CSS = readFileSync(new URL('./static/site.css', import.meta.url));
const HASH = createHash('sha256').update(CSS).digest('hex').slice(0, 12);

export const STYLESHEET_HREF = `/static/site-${HASH}.css`;

export function registerStatic(app: FastifyInstance): void {
  app.get(
    STYLESHEET_HREF,
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(CSS);
    },
  );
}
