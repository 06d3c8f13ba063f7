// The portal's 大字版 (large text for older readers, 适老化), without JavaScript:
//   GET /preferences/text-size?size=large|standard&return=/path   sets or clears the cookie, 303 back
// A plain link rather than a form: the portal's pages are cached and the same for every visitor,
// so they cannot carry a per-browser CSRF token; a forged request could at worst change the
// visitor's own text size. The return path must be a local path (`/…`, never `//host`, `/\host` or
// an absolute URL): anything else goes to the portal's home page, so the switch is no open redirect.
//
// Every portal request runs with its PortalView (the mode from the cookie, its own path), which the
// layout reads to put the class on <html> and the switch in the header, and the page cache keys on.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, Web } from '../context.ts';
import {
  type PortalView,
  portalView,
  returnHomeFromThisPage,
  TEXT_SIZE_HREF,
  withPortalView,
} from '../layout/portal-layout.tsx';
import { seeOther } from '../render.ts';
import { routeAccess } from '../routes.ts';

export const TEXT_SIZE_COOKIE = 'gk_text';
/** A year: the choice is the reader's, kept until changed. */
const COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const MAX_RETURN_LENGTH = 500;

/** A local path on this site to send the visitor back to, or null. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_LENGTH) return null;
  // One leading slash: `//host` and `/\host` are other sites to a browser.
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  // A Location header carries visible ASCII only; whitespace and controls could smuggle a host.
  if (!/^[\x21-\x7e]+$/.test(value)) return null;
  const base = 'http://portal.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  // Not back to the switch itself (a loop).
  if (url.pathname === TEXT_SIZE_HREF) return null;
  return value;
}

/** Query parameters that are secrets (as the logs see them): never carried into the switch's link. */
const SECRET_PARAMS = new Set(['_csrf', 'token', 'code', 'password', 'secret']);

/**
 * Where the switch on a page returns to: the page's own path and query, without secret parameters
 * (an applicant's status link carries its token in the query; a token in the switch's URL would
 * reach the access log unredacted). Such a page returns to its path alone.
 */
export function returnPathOf(url: string): string {
  const safe = safeReturnPath(url);
  if (safe === null) return '/';
  const parsed = new URL(safe, 'http://portal.invalid');
  const names = [...new Set(parsed.searchParams.keys())];
  if (!names.some((name) => SECRET_PARAMS.has(name.toLowerCase()))) return safe;
  for (const name of names) if (SECRET_PARAMS.has(name.toLowerCase())) parsed.searchParams.delete(name);
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * The view of one request. The return path is worked out only when a page is rendered: most
 * requests are answered from the page cache and never need it.
 */
class RequestView implements PortalView {
  #path: string | undefined;
  constructor(
    readonly largeText: boolean,
    private readonly url: string | null,
  ) {}
  get path(): string {
    this.#path ??= this.url === null ? '/' : returnPathOf(this.url);
    return this.#path;
  }
  set path(value: string) {
    this.#path = value;
  }
}

function isLargeText(request: FastifyRequest): boolean {
  return request.cookies[TEXT_SIZE_COOKIE] === 'large';
}

function isPortal(url: string): boolean {
  return !(
    url === '/office' ||
    url.startsWith('/office/') ||
    url.startsWith('/office?') ||
    url === '/api' ||
    url.startsWith('/api/') ||
    url.startsWith('/static/') ||
    url === '/healthz'
  );
}

const TextSizeQuery = Type.Object({
  size: Type.Optional(Type.String({ maxLength: 20, title: '字号' })),
  return: Type.Optional(Type.String({ maxLength: 2000, title: '返回页面' })),
});

export function registerPreferenceRoutes(app: App, web: Web): void {
  const secure = web.ctx.config.secureCookies;
  // The view of every portal request; entered again before the handler when parsing a body left
  // the request's async context.
  const views = new WeakMap<FastifyRequest, RequestView>();
  app.addHook('onRequest', (request, reply, done) => {
    if (!isPortal(request.url)) return done();
    // Pages differ by the cookie: no shared cache may give one reader's page to another.
    reply.header('vary', 'Cookie');
    // An unknown address (the 404 handler) returns home, like every error page below.
    const known = routeAccess(request) !== undefined;
    const view = new RequestView(isLargeText(request), known ? request.url : null);
    views.set(request, view);
    withPortalView(view, done);
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const view = views.get(request);
    // Still in the view unless reading a body left it: entering again costs at every request.
    if (view === undefined || portalView() === view) return done();
    withPortalView(view, done);
  });
  // Runs before the error handler renders the error page.
  app.addHook('onError', (_request, _reply, _error, done) => {
    returnHomeFromThisPage();
    done();
  });

  app.get(
    TEXT_SIZE_HREF,
    { config: { access: 'public' }, schema: { querystring: TextSizeQuery } },
    async (request, reply) => {
      if (request.query.size === 'large') {
        reply.setCookie(TEXT_SIZE_COOKIE, 'large', {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: COOKIE_MAX_AGE_SECONDS,
        });
      } else {
        reply.clearCookie(TEXT_SIZE_COOKIE, { path: '/' });
      }
      reply.header('cache-control', 'no-store');
      return seeOther(reply, safeReturnPath(request.query.return) ?? '/');
    },
  );
}
