// The portal's public address, the base of every absolute link gongkai writes (feeds, the sitemap,
// robots.txt, the 微信公众号 export, the 依申请公开 confirmation). With GONGKAI_PUBLIC_URL it is that
// address whatever the request says; without it, the request's scheme and Host, and a Host that is
// not a plain host name or IP (with a port) becomes localhost, so that a forged header cannot put
// markup or another path into a link.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The address as the request reached it: scheme and a host that is only a host. */
export function requestBaseUrl(request: FastifyRequest, secure: boolean): string {
  const scheme = secure || request.protocol === 'https' ? 'https' : 'http';
  const host = request.host;
  return `${scheme}://${typeof host === 'string' && host.length <= 260 && HOST.test(host) ? host.toLowerCase() : 'localhost'}`;
}

/** The base of absolute links for this request (no trailing slash): the configured one if any. */
export function publicBaseUrl(
  config: Pick<Config, 'publicUrl' | 'secureCookies'>,
  request: FastifyRequest,
): string {
  return config.publicUrl ?? requestBaseUrl(request, config.secureCookies);
}

/** `path` (starting with /) under the public base of this request. */
export function publicUrl(
  config: Pick<Config, 'publicUrl' | 'secureCookies'>,
  request: FastifyRequest,
  path: string,
): string {
  return `${publicBaseUrl(config, request)}${path}`;
}
