/** Stable machine-readable error codes returned in `{ code, message, correlationId }`. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  CsrfFailed = 'CSRF_FAILED',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  SetupAlreadyDone = 'SETUP_ALREADY_DONE',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TotpRequired = 'TOTP_REQUIRED',
  TotpInvalid = 'TOTP_INVALID',
  RateLimited = 'RATE_LIMITED',
  TaskNotCancellable = 'TASK_NOT_CANCELLABLE',
  /** Existed, but is used up, expired or cancelled (invites). */
  Gone = 'GONE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** A host component the request needs (libvirt) is not reachable; the message says what to do (503). */
  LibvirtUnavailable = 'LIBVIRT_UNAVAILABLE',
  /** The panel's database (PostgreSQL) is not reachable right now; the message says so and what to do (503). */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  /** The panel's Redis (queues, rate limits, events) is not reachable right now; the message says what to do (503). */
  RedisUnavailable = 'REDIS_UNAVAILABLE',
  /** A machine's VM controller did not answer (still booting, or broken); the message says what to do (503). */
  GuestUnavailable = 'GUEST_UNAVAILABLE',
  Internal = 'INTERNAL',
}

export interface ApiErrorBody {
  code: ErrorCode | string;
  message: string;
  correlationId: string;
  /** For validation errors: the offending fields and what is wrong with each. */
  fields?: { field: string; message: string }[];
  /** For a stale configuration write (409): the revision it was based on and the head now, to reload from. */
  baseRevision?: string;
  currentRevision?: string;
}
