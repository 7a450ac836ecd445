import { ErrorCode } from '@clan/contracts';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

/**
 * The safety net under DTO validation: PostgreSQL errors that mean "this
 * input cannot be taken" become a 4xx in a sentence instead of a 500.
 * Services still check what they can first (a clear message, the right
 * field); this catches what slipped through.
 */

interface PgErrorFields {
  code: string;
  detail?: string;
  column?: string;
  table?: string;
  constraint?: string;
}

/** The PostgreSQL error behind `err` (TypeORM's QueryFailedError or a bare driver error), if any. */
export function pgErrorOf(err: unknown): PgErrorFields | null {
  const candidate = err instanceof QueryFailedError ? (err.driverError as unknown) : err;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const code = (candidate as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  // A driver error from pg or PGlite carries a severity; Node's system errors (ECONNRESET…) never match the 5-character SQLSTATE.
  if (!(err instanceof QueryFailedError) && !('severity' in candidate)) return null;
  return candidate as PgErrorFields;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `(network_id)` of a constraint violation's detail → `networkId`; never the value, which may be a secret. */
function keyColumns(detail: string | undefined): string[] {
  const m = /^Key \(([^)]+)\)=/.exec(detail ?? '');
  return m ? m[1].split(',').map((c) => camel(c.trim().replace(/^"|"$/g, ''))) : [];
}

function singularTable(detail: string | undefined): string | null {
  const m = /table "([^"]+)"/.exec(detail ?? '');
  if (!m) return null;
  const t = m[1].replace(/_/g, ' ');
  return t.endsWith('ies') ? `${t.slice(0, -3)}y` : t.replace(/s$/, '');
}

/** Maps a PostgreSQL input error to a DomainError (400, 404 or 409); null for anything else (a real 500). */
export function databaseInputError(err: unknown): DomainError | null {
  const pg = pgErrorOf(err);
  if (!pg) return null;
  const fields = (message: string) => {
    const cols = pg.column ? [camel(pg.column)] : keyColumns(pg.detail);
    return cols.length ? cols.map((field) => ({ field, message })) : undefined;
  };
  switch (pg.code) {
    case '23503': {
      // "is still referenced": deleting something others depend on; else the row referred to is missing.
      if (/still referenced/.test(pg.detail ?? '')) {
        return new DomainError(ErrorCode.Conflict, 'This is still in use by something else; remove that first.');
      }
      const what = singularTable(pg.detail);
      return new DomainError(
        ErrorCode.NotFound,
        what ? `The ${what} this request refers to does not exist.` : 'Something this request refers to does not exist.',
        fields('does not exist'),
      );
    }
    case '23505': {
      const cols = keyColumns(pg.detail);
      return new DomainError(
        ErrorCode.Conflict,
        cols.length ? `Something with the same ${cols.join(' and ')} already exists.` : 'Something with the same name already exists.',
        fields('is already taken'),
      );
    }
    case '22P05':
    case '22021':
      return new DomainError(
        ErrorCode.ValidationFailed,
        'The request contains characters that cannot be stored (such as U+0000).',
        fields('contains characters that cannot be stored'),
      );
    case '22003':
      return new DomainError(ErrorCode.ValidationFailed, 'A number in the request is out of range.', fields('is out of range'));
    case '22P02':
      return new DomainError(
        ErrorCode.ValidationFailed,
        'A value in the request is not in the expected format.',
        fields('is not in the expected format'),
      );
    case '22001':
      return new DomainError(ErrorCode.ValidationFailed, 'A value in the request is longer than allowed.', fields('is too long'));
    case '22007':
    case '22008':
      return new DomainError(
        ErrorCode.ValidationFailed,
        'A date or time in the request is not valid.',
        fields('is not a valid date or time'),
      );
    case '23502':
      return new DomainError(
        ErrorCode.ValidationFailed,
        `A required value is missing${pg.column ? ` (${camel(pg.column)})` : ''}.`,
        fields('is required'),
      );
    case '23514':
      return new DomainError(ErrorCode.ValidationFailed, 'A value in the request is outside what is allowed.', fields('is not allowed'));
    default:
      return null;
  }
}
