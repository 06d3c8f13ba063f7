// Small helpers shared by the routes: sending a rendered page, telling pages from API calls,
// and safe local redirects.
import type { FastifyReply, FastifyRequest } from 'fastify';

export async function sendPage(reply: FastifyReply, page: JSX.Element, status = 200): Promise<FastifyReply> {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(await page);
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url === '/api' || request.url.startsWith('/api/');
}

export function areaOf(request: FastifyRequest): 'portal' | 'office' {
  return request.url === '/office' || request.url.startsWith('/office/') || request.url.startsWith('/office?')
    ? 'office'
    : 'portal';
}

/** A local path to return to after login; anything else (other hosts, `//x`, `/\x`) is refused. */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  if (!/^\/office(?:[/?]|$)/.test(value)) return null;
  if (/[\\\s]|\/\//.test(value)) return null;
  // A Location header carries visible ASCII only (Node refuses anything else with a 500).
  if (!/^[\x21-\x7e]*$/.test(value)) return null;
  return value;
}

/** 303 See Other: after a POST, the browser follows with a GET. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}
