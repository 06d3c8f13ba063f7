// GET /healthz for load balancers and monitoring: 200 when the database answers, else 503.
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { App, Web } from './context.ts';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
});

export function registerHealth(app: App, web: Web): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      // Polled every few seconds: only problems are worth a log line.
      logLevel: 'warn',
      schema: { hide: true, response: { 200: Health, 503: Health } },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(web.database.db);
        return reply.header('cache-control', 'no-store').send({ status: 'ok', database: 'ok' } as const);
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unavailable');
        return reply
          .code(503)
          .header('cache-control', 'no-store')
          .send({ status: 'error', database: 'error' } as const);
      }
    },
  );
}
