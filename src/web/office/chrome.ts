// What every back-office page needs around its content: the signed-in user, a CSRF token, the
// navigation; and a helper to show an expected domain error inside the form that caused it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getPublicAgency, isReady } from '../../agencies/index.ts';
import { type ErrorCode, isDomainError } from '../../kernel/errors.ts';
import type { Web } from '../context.ts';
import { type ErrorView, toErrorView } from '../errors.ts';
import type { OfficeLayoutProps } from '../layout/office-layout.tsx';

export interface Chrome extends Omit<OfficeLayoutProps, 'title'> {
  csrfToken: string;
}

export async function chrome(web: Web, request: FastifyRequest, reply: FastifyReply): Promise<Chrome> {
  const csrfToken = web.csrf.token(request, reply);
  const principal = request.principal;
  if (principal === null) return { csrfToken };
  const agency = await getPublicAgency(web.database.db, principal.user.agencyId);
  return {
    csrfToken,
    user: { displayName: principal.user.displayName, agencyName: agency?.name ?? null },
    nav: isReady(principal),
  };
}

/** The error to show in the form when it is one of the expected codes; anything else rethrown. */
export function expected(error: unknown, codes: readonly ErrorCode[]): ErrorView {
  if (isDomainError(error) && codes.includes(error.code)) return toErrorView(error);
  throw error;
}

/**
 * The messages of an error view as lines for an error summary, each once: a message that only
 * restates the problems (one problem, or them all joined as the domain's invalid() writes them) is
 * left out.
 */
export function errorLines(view: ErrorView | undefined): string[] {
  if (!view) return [];
  const problems = view.problems ?? [];
  if (problems.length === 0) return [view.message];
  const joined = problems.join('；');
  const restated = [joined, `提交的内容有误：${joined}`].includes(view.message);
  return restated ? [...problems] : [view.message, ...problems];
}
