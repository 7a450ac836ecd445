import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._-]{8,64}$/;

/** Accepts a caller's correlation id when well-formed, else makes one; echoes it in the response. */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header(HEADER);
  const id = given && VALID.test(given) ? given : randomUUID();
  (req as Request & { correlationId: string }).correlationId = id;
  res.setHeader(HEADER, id);
  next();
}

export function correlationIdOf(req: Request): string {
  return (req as Request & { correlationId?: string }).correlationId ?? 'none';
}
