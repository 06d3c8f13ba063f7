// CSRF protection: a signed double-submit token bound to the session.
//
// Each browser gets a random secret in an HttpOnly cookie. A form carries
//   token = HMAC-SHA256(secret, "gongkai-csrf" ‖ session id)
// (the session id is empty before login). A state-changing request is accepted only when the
// token it carries (form field `_csrf`, header `x-csrf-token`, or for multipart uploads the query
// parameter `_csrf`) equals the token recomputed from the cookie and the current session. Another
// site can neither read the cookie nor compute the token; a token taken from one session is
// worthless in another. Nothing is stored on the server, so it works across processes.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/errors.ts';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function csrfCookieName(secure: boolean): string {
  // The __Host- prefix stops a sibling subdomain from planting its own secret (needs Secure).
  return secure ? '__Host-gk_csrf' : 'gk_csrf';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF secret of this browser, once read or created. */
    csrfSecret: string | null;
  }
}

export interface CsrfOptions {
  secureCookies: boolean;
  /** The session the token is bound to (empty before login). */
  binding: (request: FastifyRequest) => string;
}

export function tokenFor(secret: string, binding: string): string {
  return createHmac('sha256', secret).update(`gongkai-csrf\0${binding}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const body = request.body;
  if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
    const field = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof field === 'string') return field;
  }
  // A multipart upload is streamed to the handler after this check, so its token travels in the
  // form's action URL instead of a field.
  if (request.isMultipart?.()) {
    const query = request.query as Record<string, unknown> | undefined;
    const field = query?.[CSRF_FIELD];
    if (typeof field === 'string') return field;
  }
  return undefined;
}

export function createCsrf(options: CsrfOptions) {
  const cookieName = csrfCookieName(options.secureCookies);

  function readSecret(request: FastifyRequest): string | null {
    if (request.csrfSecret) return request.csrfSecret;
    const value = request.cookies[cookieName];
    return value !== undefined && SECRET_PATTERN.test(value) ? value : null;
  }

  /** The token for a form on this page; creates the browser's secret cookie when missing. */
  function token(request: FastifyRequest, reply: FastifyReply): string {
    let secret = readSecret(request);
    if (secret === null) {
      secret = randomBytes(32).toString('base64url');
      reply.setCookie(cookieName, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
      });
    }
    request.csrfSecret = secret;
    return tokenFor(secret, options.binding(request));
  }

  /** True when the request carries the right token for this browser and session. */
  function valid(request: FastifyRequest): boolean {
    const secret = readSecret(request);
    const presented = presentedToken(request);
    if (secret === null || presented === undefined) return false;
    return sameToken(presented, tokenFor(secret, options.binding(request)));
  }

  /** For the preValidation hook: refuses a state-changing request without a valid token. */
  function check(request: FastifyRequest): void {
    if (SAFE_METHODS.has(request.method)) return;
    if (!valid(request)) {
      throw new DomainError('input.csrf', 'missing or wrong CSRF token');
    }
  }

  return { cookieName, token, valid, check };
}

export type Csrf = ReturnType<typeof createCsrf>;
