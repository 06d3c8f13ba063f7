// Enforces each route's declared access rule (see routes.ts) before the body is even read.
// Failing a rule throws a domain error; the error handler turns it into a redirect to the right
// login step (pages) or a 401/403 (API), and an agency the user cannot see into the same 404 as an
// agency that does not exist. A user who sees the agency but lacks the route's role gets 403.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertReady, type Principal, type UseCaseContext, visibleAgencyIds } from '../agencies/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { type Access, routeAccess } from './routes.ts';

export function requireSession(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === null) throw new DomainError('auth.required', 'no session');
  return principal;
}

/**
 * The principal, completely signed in. Otherwise the error of the pending step (second factor,
 * initial password, TOTP enrolment), which the error handler turns into a redirect to that step.
 */
export function requireStaff(request: FastifyRequest): Principal {
  const principal = requireSession(request);
  assertReady(principal);
  return principal;
}

export function createAccessHook(ctx: UseCaseContext) {
  async function enforce(request: FastifyRequest, access: Exclude<Access, 'public'>): Promise<void> {
    if (access === 'session') {
      requireSession(request);
      return;
    }
    const principal = requireStaff(request);
    if (access === 'staff') return;
    const agencyId = (request.params as Record<string, string | undefined>)[access.agencyParam];
    if (agencyId === undefined || !new Set(await visibleAgencyIds(ctx, principal)).has(agencyId)) {
      throw new DomainError('access.not_found', 'agency not visible', { agencyId });
    }
    // Seeing the agency through one role does not allow what another role does.
    if (access.roles && !new Set(await visibleAgencyIds(ctx, principal, access.roles)).has(agencyId)) {
      throw new DomainError('access.forbidden', 'role missing', { agencyId, roles: access.roles });
    }
  }

  /** onRequest hook, after the session hook; a callback, so that public pages pay no promise. */
  return function enforceAccess(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: (error?: Error) => void,
  ): void {
    const access = routeAccess(request);
    // The not-found handler has no route and no rule; it only renders a 404.
    if (access === undefined || access === 'public') done();
    else enforce(request, access).then(() => done(), done);
  };
}
