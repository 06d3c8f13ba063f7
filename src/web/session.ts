// The session cookie carries an opaque random token; the database keeps only its hash (see
// src/agencies). Every request with the cookie is resolved to a Principal, or to nobody when the
// session has ended, in which case the stale cookie is removed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Principal, resolveSession, type UseCaseContext } from '../agencies/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. Set by the session hook before any route runs. */
    principal: Principal | null;
    /** The raw session token from the cookie, when it named a live session. */
    sessionToken: string | null;
  }
}

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-gk_session' : 'gk_session';
}

/** Tokens are base64url or hex; anything else is not worth a database query. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,200}$/;

export function createSessions(ctx: UseCaseContext) {
  const secure = ctx.config.secureCookies;
  const cookieName = sessionCookieName(secure);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };

  /** onRequest hook. */
  async function resolve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.principal = null;
    request.sessionToken = null;
    const token = request.cookies[cookieName];
    if (token === undefined) return;
    const principal = TOKEN_PATTERN.test(token) ? await resolveSession(ctx, token) : null;
    if (principal === null) {
      reply.clearCookie(cookieName, cookieOptions);
      return;
    }
    request.principal = principal;
    request.sessionToken = token;
  }

  /** A browser-session cookie: the server enforces idle and absolute expiry. */
  function start(reply: FastifyReply, token: string): void {
    reply.setCookie(cookieName, token, cookieOptions);
  }

  function end(reply: FastifyReply): void {
    reply.clearCookie(cookieName, cookieOptions);
  }

  return { cookieName, resolve, start, end };
}

export type Sessions = ReturnType<typeof createSessions>;
