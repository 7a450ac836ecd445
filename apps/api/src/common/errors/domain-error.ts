import { ErrorCode } from '@clan/contracts';

/**
 * Domain code throws these, never HTTP exceptions. The global filter maps the
 * code to an HTTP status. `fields` names offending inputs for validation errors.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: { field: string; message: string }[],
    /** Extra HTTP headers, e.g. Retry-After for rate limiting. */
    readonly headers?: Record<string, string>,
    /** Extra members of the error body, e.g. `currentRevision` of a stale configuration write. */
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NotFound, `${what} was not found.`);
export const forbidden = (message = 'You do not have permission to do this.') => new DomainError(ErrorCode.Forbidden, message);
export const conflict = (message: string) => new DomainError(ErrorCode.Conflict, message);
export const invalid = (field: string, message: string) =>
  new DomainError(ErrorCode.ValidationFailed, `${field}: ${message}`, [{ field, message }]);

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.TotpRequired]: 401,
  [ErrorCode.TotpInvalid]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.CsrfFailed]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.SetupAlreadyDone]: 409,
  [ErrorCode.TaskNotCancellable]: 409,
  [ErrorCode.Gone]: 410,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.LibvirtUnavailable]: 503,
  [ErrorCode.DatabaseUnavailable]: 503,
  [ErrorCode.RedisUnavailable]: 503,
  [ErrorCode.GuestUnavailable]: 503,
};
