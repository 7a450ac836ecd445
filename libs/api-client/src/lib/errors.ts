import { type ApiErrorBody, ErrorCode } from '@clan/contracts';

/** An error answered by the API, with its `{ code, message, correlationId }` body. */
export class ClanApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ClanApiError';
  }

  get code(): string {
    return this.body.code;
  }
}

/** The API's `{ code, message, correlationId }` body as a ClanApiError, or a stand-in for bodies that are not. */
export function apiError(response: Response, body: unknown): ClanApiError {
  const b = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
  return new ClanApiError(response.status, {
    code: typeof b.code === 'string' ? b.code : `HTTP_${response.status}`,
    message: typeof b.message === 'string' ? b.message : `The panel answered ${response.status} ${response.statusText}`.trim(),
    correlationId: typeof b.correlationId === 'string' ? b.correlationId : (response.headers.get('x-correlation-id') ?? 'none'),
    ...(Array.isArray(b.fields) ? { fields: b.fields } : {}),
  });
}

/** What an openapi-fetch call resolves to. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Unwraps an openapi-fetch result: returns `data`, or throws ClanApiError with
 * the API's message (or a stand-in naming the status when the body is not the API's).
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw apiError(response, error);
}

/** 401s that answer a credential check (wrong password, code needed or wrong) rather than say the session is gone. */
const CREDENTIAL_ANSWERS: ReadonlySet<string> = new Set([ErrorCode.InvalidCredentials, ErrorCode.TotpRequired, ErrorCode.TotpInvalid]);

/** A 401 that means "not signed in (any more)", not "wrong password". */
export function isSessionLost(error: unknown): error is ClanApiError {
  return error instanceof ClanApiError && error.status === 401 && !CREDENTIAL_ANSWERS.has(error.code);
}

/** True for a ClanApiError with this code. */
export function isApiError(error: unknown, code: string): error is ClanApiError {
  return error instanceof ClanApiError && error.code === code;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * What went wrong, in the shape both front ends show:
 * - `not-signed-in`: a 401 that is not a credential answer;
 * - `forbidden`: 403;
 * - `invalid-config`: field problems that are all JSON paths inside configs.json (`$…`);
 * - `invalid`: other field problems;
 * - `conflict`: 409 (a stale base revision, a task already under way…);
 * - `failed`: the panel itself failed (5xx), with a correlation id to quote;
 * - `unreachable`: no HTTP answer at all (fetch rejected with a TypeError);
 * - `error`: any other API answer or thrown value.
 */
export interface ExplainedError {
  kind: 'not-signed-in' | 'forbidden' | 'invalid-config' | 'invalid' | 'conflict' | 'failed' | 'unreachable' | 'error';
  /** The API's own message (it wins), or ours when there was no API answer. */
  message: string;
  fields: FieldProblem[];
  /** Only when the panel itself failed; "wrong password" needs no reference. */
  correlationId?: string;
  code?: string;
  status?: number;
}

export const UNREACHABLE_MESSAGE = 'Cannot reach the panel. Check that it is running and try again.';

/** Turns anything thrown by an API call into an ExplainedError; the API's message wins. */
export function explainError(error: unknown): ExplainedError {
  if (error instanceof ClanApiError) {
    const { status, body } = error;
    const fields = body.fields ?? [];
    const kind: ExplainedError['kind'] = isSessionLost(error)
      ? 'not-signed-in'
      : status === 403
        ? 'forbidden'
        : fields.length && fields.every((f) => f.field.startsWith('$'))
          ? 'invalid-config'
          : fields.length
            ? 'invalid'
            : status >= 500
              ? 'failed'
              : status === 409
                ? 'conflict'
                : 'error';
    return {
      kind,
      message: body.message,
      fields,
      correlationId: status >= 500 && body.correlationId !== 'none' ? body.correlationId : undefined,
      code: body.code,
      status,
    };
  }
  // fetch rejects with a TypeError when the panel cannot be reached at all.
  if (error instanceof TypeError) return { kind: 'unreachable', message: UNREACHABLE_MESSAGE, fields: [] };
  return { kind: 'error', message: error instanceof Error ? error.message : 'Something went wrong.', fields: [] };
}

export interface SentenceOptions {
  /** How to sign in, finishing "Not signed in: …" (e.g. "run `clanctl login` or pass --token"). */
  signIn?: string;
}

/**
 * One error as text for a person, field problems and correlation id included,
 * for front ends that print rather than lay out (the CLI, toasts, logs).
 */
export function errorSentence(error: unknown, options: SentenceOptions = {}): string {
  const e = explainError(error);
  const plural = (n: number) => `${n} problem${n === 1 ? '' : 's'}`;
  switch (e.kind) {
    case 'not-signed-in':
      return `Not signed in: ${options.signIn ?? 'sign in again'}.\n  (the panel said: ${e.message})`;
    case 'forbidden':
      return `Forbidden: ${e.message}`;
    case 'invalid-config':
      // Configuration errors name JSON paths inside configs.json; the API's message repeats them, so list only the paths.
      return `Invalid configuration (${plural(e.fields.length)}); nothing was committed:\n${e.fields.map((f) => `  ${f.field}: ${f.message}`).join('\n')}`;
    case 'invalid':
      return `Invalid request: ${e.message}\n${e.fields.map((f) => `  - ${f.field}: ${f.message}`).join('\n')}`;
    case 'failed':
      return `The panel failed (${e.status} ${e.code}): ${e.message}\n  (correlation id ${e.correlationId ?? 'none'} — quote it when reporting)`;
    default:
      return e.message;
  }
}
