// Builds the Fastify instance from its dependencies, without listening (main.ts listens; tests
// use app.inject). Order matters: route recording and parsers first, then the plugins, then the
// hooks that resolve the session, enforce each route's access rule and check CSRF tokens, then
// the error pages, then the routes.
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { UseCaseContext } from './agencies/index.ts';
import type { Deps } from './deps.ts';
import { DomainError, isDomainError } from './kernel/errors.ts';
import { createAccessHook } from './web/access.ts';
import { registerApi } from './web/api/routes.ts';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './web/body.ts';
import type { App, Web } from './web/context.ts';
import { createCsrf } from './web/csrf.ts';
import { type ErrorView, toErrorView } from './web/errors.ts';
import { registerHealth } from './web/health.ts';
import { ErrorPage } from './web/layout/error-page.tsx';
import { registerItemExportRoutes } from './web/office/item-export-routes.ts';
import { registerLetterTemplateRoutes } from './web/office/letter-template-routes.ts';
import { registerOffice } from './web/office/routes.ts';
import { registerOverload } from './web/overload.ts';
import { createFrontPages } from './web/portal/page-cache.ts';
import { TEXT_SIZE_COOKIE } from './web/portal/preferences-routes.ts';
import { registerPortal } from './web/portal/routes.ts';
import { areaOf, isApiRequest, safeNext, seeOther, sendPage } from './web/render.ts';
import { recordRoutes, routeAccess } from './web/routes.ts';
import { baseSecurityHeaders, registerSecurity } from './web/security.ts';
import { createSessions, sessionCookieName } from './web/session.ts';
import { registerStatic } from './web/static.ts';

export { listRoutes } from './web/routes.ts';

/** Whether a parsed parameter, query or body holds a NUL character anywhere. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Buffer.isBuffer(value)) return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || containsNul(item, depth + 1)) return true;
  }
  return false;
}

/**
 * Request ids: a random prefix per process and a counter, 16 hex digits. The prefix always has a
 * letter: an id of decimal digits only (about 2 % of prefixes, with a small counter) reads as a
 * bank card number to a personal-data scan of pages and logs (seen in the leak scan).
 */
export function requestIds(randomHex: () => string = () => randomBytes(4).toString('hex')): () => string {
  let prefix = randomHex();
  while (!/[a-f]/.test(prefix)) prefix = randomHex();
  let counter = 0;
  return () => `${prefix}${(++counter).toString(16).padStart(8, '0')}`;
}

export async function buildApp(deps: Deps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger,
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    // Our own ids, unique across processes (a random prefix per process) and not chosen by clients.
    genReqId: requestIds(),
    requestIdHeader: false,
    return503OnClosing: true,
    // A client sending its request slowly (slowloris) holds a connection at most this long; an
    // upload at the size limit still fits on a slow mobile link (node's own default is the same).
    requestTimeout: 300_000,
    routerOptions: { maxParamLength: 200 },
    // A URL the router cannot even decode still gets a Chinese answer (no hook has run yet).
    frameworkErrors: (error, request, reply) => {
      request.log.info({ code: error.code }, 'request refused');
      reply.headers(baseSecurityHeaders(config));
      void sendError(request, reply, toErrorView(error), {});
    },
    // verbose: errors carry the schema, whose `title` names the field in Chinese.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, allErrors: false, verbose: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  recordRoutes(app);
  registerBodyParsers(app);
  await app.register(cookie, { hook: 'onRequest' });
  await app.register(multipart, {
    limits: {
      fileSize: config.uploadLimitBytes,
      files: 10,
      fields: 50,
      fieldSize: BODY_LIMIT_BYTES,
      parts: 60,
      headerPairs: 100,
    },
  });
  await app.register(rateLimit, {
    // Only routes that ask for a limit (login, public forms) get one.
    global: false,
    errorResponseBuilder: (_request, context) =>
      new DomainError('input.rate_limited', 'rate limited', {
        retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
  registerSecurity(app, config);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'gongkai 政府信息公开 API',
        version: '1',
        description: '政府信息公开平台的 JSON 接口。需要登录的接口使用后台登录后的会话 Cookie。',
      },
      servers: [],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(config.secureCookies) },
        },
      },
    },
    // Only the JSON API is documented; pages are for browsers.
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/v1/') ? schema : { ...schema, hide: true },
      url,
    }),
  });

  const ctx: UseCaseContext = {
    db: deps.database.db,
    config,
    now: deps.now,
    ...(deps.passwordHashing ? { passwordHashing: deps.passwordHashing } : {}),
    ...(deps.files ? { files: deps.files } : {}),
  };
  const sessions = createSessions(ctx);
  const csrf = createCsrf({
    secureCookies: config.secureCookies,
    binding: (request) => request.principal?.sessionId ?? '',
  });
  const frontPages = createFrontPages();
  const web: Web = { ctx, database: deps.database, sessions, csrf, frontPages };
  const sessionCookie = sessionCookieName(config.secureCookies);

  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfSecret', null);
  // The hooks that run on every request are written with callbacks: on a cached portal page a
  // promise per hook was a measurable part of the request (bench/portal-item.bench.ts).
  // An anonymous visitor's GET of a portal page that is in a page cache and known fresh is answered
  // here, with the same headers (security headers are set by the hook before this one, the rest by
  // the onSend hooks): the hooks that follow would pass such a request unchanged (no session, a
  // public route, no body, a path that was validated when the page was stored), and skipping them
  // halves the cost of the most requested pages (bench/portal-item.bench.ts).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' || request.cookies[sessionCookie] !== undefined) return done();
    const page = frontPages.peek(request.url, request.cookies[TEXT_SIZE_COOKIE] === 'large');
    if (page === undefined) return done();
    reply.header('vary', 'Cookie').type('text/html; charset=utf-8').send(page);
  });
  // Load shedding after the page cache: a stored page costs no more than a refusal.
  registerOverload(app, config);
  app.addHook('onRequest', (request, reply, done) => {
    // The stylesheet and the health check need no session.
    const access = routeAccess(request);
    if (access === undefined || request.url === '/healthz' || request.url.startsWith('/static/'))
      return done();
    sessions.resolve(request, reply).then(() => done(), done);
  });
  app.addHook('onRequest', createAccessHook(ctx));
  app.addHook('preValidation', (request, _reply, done) => {
    // Unknown routes answer 404 whatever their method; only real routes check the token.
    if (routeAccess(request) === undefined) return done();
    csrf.check(request);
    // PostgreSQL refuses NUL in text; no legitimate input contains it.
    if (containsNul(request.params) || containsNul(request.query) || containsNul(request.body)) {
      throw new DomainError('input.invalid', 'NUL character in input', {
        userMessage: '提交的内容含有无效字符（NUL），请检查后重新提交。',
      });
    }
    // A throw above reaches fastify's error handling like a rejected promise would.
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  app.setErrorHandler(async (error: FastifyError | DomainError, request, reply) => {
    const view = toErrorView(error, { uploadLimitBytes: config.uploadLimitBytes });
    if (view.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: view.code, statusCode: view.status, field: view.field }, 'request refused');
    }
    return sendError(request, reply, view, isDomainError(error) ? error.details : {});
  });
  app.setNotFoundHandler(async (request, reply) => {
    return sendError(request, reply, toErrorView(new DomainError('access.not_found', 'no route')), {});
  });

  registerHealth(app, web);
  registerStatic(app);
  registerPortal(app, web);
  registerOffice(app, web);
  registerLetterTemplateRoutes(app, web);
  registerItemExportRoutes(app, web);
  registerApi(app, web);
  return app;
}

/** Where a page request goes instead of an error page, for the steps of signing in. */
function loginStep(
  view: ErrorView,
  details: Record<string, unknown>,
  request: FastifyRequest,
): string | null {
  if (view.code === 'auth.required') {
    const next = request.method === 'GET' ? safeNext(request.url) : null;
    return next === null || next === '/office'
      ? '/office/login'
      : `/office/login?next=${encodeURIComponent(next)}`;
  }
  if (view.code === 'auth.second_factor_required') {
    return details.enrolment === true ? '/office/account/totp' : '/office/login/totp';
  }
  if (view.code === 'auth.password_change_required') return '/office/login/password';
  return null;
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  view: ErrorView,
  details: Record<string, unknown>,
): Promise<FastifyReply> {
  if (view.retryAfter !== undefined) reply.header('retry-after', String(view.retryAfter));
  if (isApiRequest(request)) {
    return reply.code(view.status).send({
      error: {
        code: view.code,
        message: view.message,
        ...(view.field === undefined ? {} : { field: view.field }),
        requestId: request.id,
      },
    });
  }
  const step = loginStep(view, details, request);
  if (step !== null) return seeOther(reply, step);
  return sendPage(reply, ErrorPage({ view, requestId: request.id, area: areaOf(request) }), view.status);
}
