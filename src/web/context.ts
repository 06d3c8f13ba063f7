// What every group of routes receives from buildApp.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { UseCaseContext } from '../agencies/index.ts';
import type { Database } from '../db/database.ts';
import type { Csrf } from './csrf.ts';
import type { FrontPages } from './portal/page-cache.ts';
import type { Sessions } from './session.ts';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface Web {
  ctx: UseCaseContext;
  database: Database;
  sessions: Sessions;
  csrf: Csrf;
  /** The portal's page caches, for the hook that answers anonymous visitors before the routes. */
  frontPages: FrontPages;
}
