// Structured logs without personal data: no bodies, no cookies, no credentials, no client IPs,
// and URLs without their query string values for secret-looking parameters.
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

/** Paths pino removes from any logged object, however it got there. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  'password',
  'token',
  'secret',
  '_csrf',
  'body',
  // Database errors can quote the offending row (PostgreSQL's DETAIL: Key (x)=(…)).
  'err.detail',
  '*.password',
  '*.current',
  '*.next',
  '*.token',
  '*.secret',
  '*._csrf',
  '*.body',
];

const SECRET_QUERY = /([?&](?:_csrf|token|code|password|secret)=)[^&]*/gi;
/** Secrets carried in the path itself: the complainant's link /complaints/:token. */
const SECRET_PATH = /^(\/complaints\/)[^/?#]+/;

/** The path of a request URL, with the values of secret-looking query parameters hidden. */
export function loggableUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1[已隐藏]').replace(SECRET_QUERY, '$1[已隐藏]');
}

export function loggerOptions(level: Config['logLevel']): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[已隐藏]' },
    serializers: {
      req(request: { method: string; url: string }) {
        return { method: request.method, url: loggableUrl(request.url) };
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode };
      },
    },
  };
}
