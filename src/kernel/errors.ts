// Domain errors carry a code; only the edges (CLI, web) turn codes into Chinese messages and statuses.

export type ErrorCode =
  | 'input.unreadable'
  | 'input.unsupported'
  | 'input.not_a_report'
  | 'input.too_large'
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
