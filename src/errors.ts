/** An error caused by the user's input or environment: printed as one line, never a stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** What went wrong, in the feature's terms; the API maps each kind to its HTTP status. */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unprocessable' | 'unavailable';

/**
 * A refusal by a feature (outreach, campaigns…). Features throw these and never know HTTP;
 * src/api/errors.ts answers them with the status of their kind and `code` as the error code.
 */
export class DomainError extends Error {
  constructor(readonly kind: DomainErrorKind, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'DomainError';
  }
}
