// Security headers. The pages need no JavaScript at all, so scripts are refused outright; styles
// come only from our own stylesheet; nothing may frame the pages; forms post only to us.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

export function contentSecurityPolicy(config: Pick<Config, 'secureCookies'>): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'none'"],
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

/**
 * The essential headers, for the few responses Fastify produces before any hook runs (a URL it
 * cannot decode).
 */
export function baseSecurityHeaders(config: Pick<Config, 'secureCookies'>): Record<string, string> {
  const csp = Object.entries(contentSecurityPolicy(config))
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

export async function registerSecurity(app: FastifyInstance, config: Pick<Config, 'secureCookies'>) {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    // HSTS only makes sense when gongkai is served over TLS.
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    // Back-office pages and personal API answers are never cached by browsers or proxies.
    const path = request.url;
    if (path.startsWith('/office') || path.startsWith('/api/v1/me')) {
      reply.header('cache-control', 'no-store');
    }
  });
}
