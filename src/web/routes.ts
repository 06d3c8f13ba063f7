// Every route declares who may use it, in its `config.access`. The declaration is recorded when
// the route is added (a route without one is refused at start-up) and enforced by access.ts, so an
// authorization-matrix test can enumerate all routes with their rule through listRoutes(app).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../agencies/index.ts';

export type Access =
  /** Anyone, signed in or not. */
  | 'public'
  /** A session exists, possibly still in the middle of signing in (second factor, new password). */
  | 'session'
  /** Fully signed in staff. */
  | 'staff'
  /**
   * Fully signed in staff holding one of `roles` (any role when absent) on the agency named by the
   * route parameter `agencyParam`, directly or through a supervisor's subtree. Anyone else gets
   * the same 404 as for an agency that does not exist.
   */
  | { agencyParam: string; roles?: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    routeRegistry: RouteEntry[];
  }
}

const accessOfRequest = new WeakMap<FastifyRequest, Access | undefined>();

/**
 * The access rule of the request's route (undefined for the not-found handler). Looked up once per
 * request: fastify builds a new routeOptions object at every read, and several hooks ask.
 */
export function routeAccess(request: FastifyRequest): Access | undefined {
  if (accessOfRequest.has(request)) return accessOfRequest.get(request);
  const access = request.routeOptions.config?.access;
  accessOfRequest.set(request, access);
  return access;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
}

/** Must run before any route is added. */
export function recordRoutes(app: FastifyInstance): void {
  const registry: RouteEntry[] = [];
  app.decorate('routeRegistry', registry);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no access rule (config.access)`);
    }
    if (typeof access === 'object' && !route.url.includes(`:${access.agencyParam}`)) {
      throw new Error(
        `route ${route.url} names agency parameter :${access.agencyParam} that it does not have`,
      );
    }
    for (const method of methods) registry.push({ method, url: route.url, access });
  });
}

/** All routes of the app with their access rule, in the order they were added. */
export function listRoutes(app: FastifyInstance): readonly RouteEntry[] {
  return app.routeRegistry;
}

export function describeAccess(access: Access): string {
  if (typeof access === 'string') return access;
  return `agency(:${access.agencyParam}${access.roles ? `, ${access.roles.join('|')}` : ''})`;
}
