// Domain errors carry a code; only the edges (CLI, web) turn codes into Chinese messages and statuses.

export type ErrorCode =
  // reading files
  | 'input.unreadable'
  | 'input.unsupported'
  | 'input.not_a_report'
  | 'input.too_large'
  // any request
  | 'input.invalid'
  | 'input.csrf'
  | 'input.rate_limited'
  // identity and access
  | 'auth.required'
  | 'auth.invalid_credentials'
  | 'auth.locked'
  | 'auth.second_factor_required'
  | 'auth.second_factor_invalid'
  | 'auth.password_change_required'
  | 'auth.password_policy'
  | 'access.forbidden'
  | 'access.not_found'
  | 'access.separation_of_duties'
  | 'conflict.exists'
  | 'conflict.state'
  // audit
  | 'audit.retention';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
