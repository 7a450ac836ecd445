import { ClanApiError, errorSentence } from '@clan/api-client';
import { ExitCode } from './exit-codes';

/** An error the CLI raises itself, with the exit code it maps to. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.ApiError,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Wrong use of the command line (exit 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.Usage);
    this.name = 'UsageError';
  }
}

/** The panel could not be reached: no HTTP answer at all (exit 3). */
export class UnreachableError extends CliError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Cannot reach the panel at ${url}: ${reason} — is it running? Start it with \`npm start\`.`, ExitCode.Unreachable);
    this.name = 'UnreachableError';
  }
}

/** What went wrong, ready to print: the text for people and the JSON for --json. */
export interface DescribedError {
  exitCode: ExitCode;
  message: string;
  json: {
    error: {
      code: string;
      message: string;
      status?: number;
      correlationId?: string;
      fields?: { field: string; message: string }[];
    };
  };
}

/** Digs the errno-style code (ECONNREFUSED, ENOTFOUND…) out of a failed fetch. */
export function networkReason(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e; depth++) {
    const x = e as {
      code?: unknown;
      errors?: unknown[];
      cause?: unknown;
      message?: unknown;
    };
    if (typeof x.code === 'string' && /^E[A-Z_]+$/.test(x.code)) return x.code;
    if (typeof x.code === 'string' && x.code.startsWith('UND_ERR_')) return x.code;
    // AggregateError (IPv4 + IPv6 both refused) carries the codes on its members
    if (Array.isArray(x.errors) && x.errors.length) e = x.errors[0];
    else e = x.cause;
  }
  const msg = (err as { cause?: { message?: string }; message?: string })?.cause?.message ?? (err as Error)?.message;
  return msg || 'network error';
}

/** Maps any thrown value to a helpful sentence and an exit code. */
export function describeError(err: unknown): DescribedError {
  if (err instanceof ClanApiError) {
    const { status, body } = err;
    const message = errorSentence(err, { signIn: 'run `clanctl login` or pass --token' });
    return {
      exitCode: ExitCode.ApiError,
      message,
      json: {
        error: {
          code: body.code,
          message: body.message,
          status,
          correlationId: body.correlationId,
          ...(body.fields ? { fields: body.fields } : {}),
        },
      },
    };
  }
  if (err instanceof CliError) {
    const code = err instanceof UnreachableError ? 'UNREACHABLE' : err instanceof UsageError ? 'USAGE' : 'CLI_ERROR';
    return {
      exitCode: err.exitCode,
      message: err.message,
      json: { error: { code, message: err.message } },
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    exitCode: ExitCode.ApiError,
    message,
    json: { error: { code: 'CLI_ERROR', message } },
  };
}
