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

/** A refused form's problems: each beside one of the form's fields when the domain names it, else general. */
export interface FormProblems<F extends string> {
  errors: Partial<Record<F, string>>;
  general: string[];
}

/**
 * The problems of a refused form from the use case's error (details.fields beside details.problems,
 * or details.field): those of the form's `fields` beside them (several joined), the others general.
 */
export function formProblems<F extends string>(error: unknown, fields: readonly F[]): FormProblems<F> {
  const result: FormProblems<F> = { errors: {}, general: [] };
  const view = toErrorView(error);
  const named = isDomainError(error) && Array.isArray(error.details.fields) ? error.details.fields : null;
  const problems = view.problems ?? [];
  const pairs: { field: unknown; message: string }[] =
    named !== null && named.length === problems.length && problems.length > 0
      ? problems.map((message, i) => ({ field: named[i], message }))
      : view.field !== undefined
        ? [{ field: view.field, message: problems.length > 0 ? problems.join('；') : view.message }]
        : errorLines(view).map((message) => ({ field: null, message }));
  for (const { field, message } of pairs) {
    const known = fields.find((f) => f === field);
    if (known === undefined) result.general.push(message);
    else {
      const before = result.errors[known];
      result.errors[known] = before === undefined ? message : `${before}；${message}`;
    }
  }
  return result;
}
