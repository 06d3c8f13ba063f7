// Security headers. The pages need no JavaScript, so scripts are refused outright; the one page
// that is better with a script (search-as-you-type on the application form) allows our own file
// only, never inline code. Styles come only from our own stylesheet; nothing may frame the pages;
// forms post only to us.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

export function contentSecurityPolicy(
  config: Pick<Config, 'secureCookies'>,
  options: { ownScripts?: boolean } = {},
): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': [options.ownScripts ? "'self'" : "'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
    'object-src': ["'none'"],
    // Behind TLS, any stray http:// reference is upgraded; over plain HTTP (development) it would
    // break the stylesheet, so it is left out.
    ...(config.secureCookies ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** The CSP header value; `ownScripts` for the pages that load our own script files. */
export function contentSecurityPolicyHeader(
  config: Pick<Config, 'secureCookies'>,
  options: { ownScripts?: boolean } = {},
): string {
  return Object.entries(contentSecurityPolicy(config, options))
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';');
}

/**
 * The essential headers, for the few responses Fastify produces before any hook runs (a URL it
 * cannot decode).
 */
export function baseSecurityHeaders(config: Pick<Config, 'secureCookies'>): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicyHeader(config),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

/**
 * Every header of every response, worked out once: the set helmet sends with our CSP (helmet's
 * per-request middleware cost more than the rest of a cached page, measured with npm run bench).
 */
export function securityHeaders(config: Pick<Config, 'secureCookies'>): Record<string, string> {
  return {
    ...baseSecurityHeaders(config),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    // HSTS only makes sense when gongkai is served over TLS.
    ...(config.secureCookies ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

export function registerSecurity(app: FastifyInstance, config: Pick<Config, 'secureCookies'>): void {
  const headers = securityHeaders(config);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    // Back-office pages and personal API answers are never cached by browsers or proxies.
    const path = request.url;
    if (path.startsWith('/office') || path.startsWith('/api/v1/me'))
      reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/**
 * An onRequest hook for pages that hold secrets or personal data (a status link, a complainant's
 * name, an application form): never stored by a cache, never sent on as a referrer.
 */
export async function privatePage(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('cache-control', 'no-store');
  reply.header('referrer-policy', 'no-referrer');
}
