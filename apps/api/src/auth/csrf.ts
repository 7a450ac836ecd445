import { randomBytes } from 'node:crypto';
import type { Request } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** Sent back by the browser as X-CSRF-Token on writes; checked by AccessGuard. */
    csrfToken?: string;
  }
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session's CSRF token, created when the session has none yet. */
export function ensureCsrfToken(req: Request): string {
  req.session.csrfToken ??= newCsrfToken();
  return req.session.csrfToken;
}
