// Enforces each route's declared access rule (see routes.ts) before the body is even read.
// Failing a rule throws a domain error; the error handler turns it into a redirect to the right
// login step (pages) or a 401/403 (API), and an agency the user cannot see into the same 404 as an
// agency that does not exist. A user who sees the agency but lacks the route's role gets 403.
import type { FastifyRequest } from 'fastify';
import { type Principal, type UseCaseContext, visibleAgencyIds } from '../agencies/index.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Access } from './routes.ts';

/** The reason a signed-in principal may not use staff pages yet, as the error to throw. */
export function pendingStep(principal: Principal): DomainError | null {
  if (principal.user.disabled) return new DomainError('auth.required', 'account disabled');
  if (!principal.secondFactorOk) return new DomainError('auth.second_factor_required', 'second factor');
  if (principal.user.mustChangePassword) {
    return new DomainError('auth.password_change_required', 'initial password');
  }
  if (principal.needsTotpEnrolment) {
    return new DomainError('auth.second_factor_required', 'TOTP enrolment', { enrolment: true });
  }
  return null;
}

export function requireSession(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === null) throw new DomainError('auth.required', 'no session');
  return principal;
}

export function requireStaff(request: FastifyRequest): Principal {
  const principal = requireSession(request);
  const pending = pendingStep(principal);
  if (pending) throw pending;
  return principal;
}

export function createAccessHook(ctx: UseCaseContext) {
  /** onRequest hook, after the session hook. */
  return async function enforceAccess(request: FastifyRequest): Promise<void> {
    const access: Access | undefined = request.routeOptions.config?.access;
    // The not-found handler has no route and no rule; it only renders a 404.
    if (access === undefined || access === 'public') return;
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
  };
}
