import { type ApiErrorBody, ErrorCode } from '@clan/contracts';
import { LibvirtConnectionError } from '@clan/libvirt-client';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MAX_BODY_LABEL } from '../http/body-guard';
import { correlationIdOf } from '../http/correlation-id';
import { databaseInputError, pgErrorOf } from './database-errors';
import { DomainError, HTTP_STATUS_BY_CODE } from './domain-error';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.RateLimited,
};

/** Maps a thrown value to `{ status, body }`. Exported for the WebSocket gateway and tests. */
export function toErrorResponse(
  err: unknown,
  correlationId: string,
): { status: number; body: ApiErrorBody; headers?: Record<string, string> } {
  // libvirt down or not installed: the request cannot be served now, and the person can fix that (never a 500).
  if (err instanceof LibvirtConnectionError) err = new DomainError(ErrorCode.LibvirtUnavailable, err.advice);
  // Input PostgreSQL refused (a missing row, a duplicate, an unstorable character, a number out of range): a 4xx, never a 500.
  err = databaseInputError(err) ?? err;
  if (err instanceof DomainError) {
    return {
      status: HTTP_STATUS_BY_CODE[err.code] ?? 400,
      body: { ...err.details, code: err.code, message: err.message, correlationId, ...(err.fields ? { fields: err.fields } : {}) },
      headers: err.headers,
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    let message = err.message;
    if (typeof res === 'object' && res !== null && 'message' in res) {
      const m = res.message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    // body-parser errors arrive as HttpException-like objects with a type
    if (status === 404 && message.startsWith('Cannot ')) message = `No such endpoint: ${message.slice(7)}`;
    return {
      status,
      body: { code: CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : `HTTP_${status}`), message, correlationId },
    };
  }
  // Errors raised by express middleware (body-parser: malformed JSON, too large)
  if (typeof err === 'object' && err !== null && 'status' in err && 'type' in err) {
    const e = err as { status: number; type: string; message: string };
    if (e.type === 'entity.parse.failed') {
      return {
        status: 400,
        body: {
          code: ErrorCode.ValidationFailed,
          message: 'The request body is not valid JSON.',
          correlationId,
          fields: [{ field: 'body', message: 'is not valid JSON' }],
        },
      };
    }
    if (e.type === 'entity.too.large') {
      return {
        status: 413,
        body: {
          code: ErrorCode.PayloadTooLarge,
          message: `The request body is larger than ${MAX_BODY_LABEL}, the limit for any request.`,
          correlationId,
          fields: [{ field: 'body', message: `is larger than ${MAX_BODY_LABEL}` }],
        },
      };
    }
    if (e.status >= 400 && e.status < 500) {
      return { status: e.status, body: { code: CODE_BY_STATUS[e.status] ?? `HTTP_${e.status}`, message: e.message, correlationId } };
    }
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: {
      code: ErrorCode.Internal,
      message: 'Something went wrong on the server. The correlation id identifies it in the logs.',
      correlationId,
    },
  };
}

/** Says whether a dependency (database, Redis) is away: the 503 to answer instead of a 500, else null. */
export type OutageCheck = () => Promise<unknown>;

/**
 * Like toErrorResponse; an unexpected error while the database or Redis is away
 * becomes that outage's 503 (DATABASE_UNAVAILABLE / REDIS_UNAVAILABLE) instead of a 500.
 */
export async function toErrorResponseChecked(
  err: unknown,
  correlationId: string,
  outage?: OutageCheck,
): Promise<ReturnType<typeof toErrorResponse>> {
  const answer = toErrorResponse(err, correlationId);
  if (answer.status !== 500 || !outage) return answer;
  const away = await outage();
  return away ? toErrorResponse(away, correlationId) : answer;
}

/** The one exception filter: every error leaves as `{ code, message, correlationId }`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly outage?: OutageCheck) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const correlationId = correlationIdOf(req);
    const answer = toErrorResponse(exception, correlationId);
    if (answer.status !== 500 || !this.outage) return this.respond(req, res, exception, answer, correlationId);
    void toErrorResponseChecked(exception, correlationId, this.outage).then((checked) =>
      this.respond(req, res, exception, checked, correlationId),
    );
  }

  private respond(
    req: Request,
    res: Response,
    exception: unknown,
    answer: ReturnType<typeof toErrorResponse>,
    correlationId: string,
  ): void {
    const { status, body, headers } = answer;
    const pg = pgErrorOf(exception);
    if (pg && status < 500) {
      // A database refusal mapped to a 4xx: worth a look (a service should have checked first), never the value.
      this.logger.warn(
        `${req.method} ${req.path} [${correlationId}]: database refused the input (${pg.code}${pg.constraint ? ` ${pg.constraint}` : ''}) → ${status}`,
      );
    } else if (status === 503) {
      // Expected while a component is away (libvirt, the database, Redis): one line, no stack.
      this.logger.warn(`${req.method} ${req.path} [${correlationId}]: ${body.message}`);
    } else if (status >= 500) {
      this.logger.error(`${req.method} ${req.path} [${correlationId}]`, exception instanceof Error ? exception.stack : String(exception));
    }
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
    res.status(status).json(body);
  }
}
