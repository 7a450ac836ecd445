import { ErrorCode } from '@clan/contracts';
import type { Request, Response } from 'express';
import passport from 'passport';
import { DomainError } from '../common/errors/domain-error';
import type { UserEntity } from '../users/user.entity';
import { newCsrfToken } from './csrf';
import { LOCAL_STRATEGY } from './local.strategy';
import type { SessionUser } from './session-user';

/** Runs the passport-local strategy for this request; resolves with the user or rejects with its DomainError. */
export function authenticateLocal(req: Request, res: Response): Promise<UserEntity> {
  return new Promise((resolve, reject) => {
    const handler = passport.authenticate(LOCAL_STRATEGY, { session: false }, (err: unknown, user: UserEntity | false) => {
      if (err) return reject(err);
      if (!user) return reject(new DomainError(ErrorCode.InvalidCredentials, 'Wrong username or password.'));
      resolve(user);
    }) as (req: Request, res: Response, next: (err?: unknown) => void) => void;
    handler(req, res, (err) => reject(err ?? new Error('passport.authenticate ended without a result')));
  });
}

/**
 * Signs `user` in on this request's session. passport's req.login issues a
 * new session id (no fixation); the new session gets a fresh CSRF token.
 */
export async function establishSession(req: Request, user: UserEntity): Promise<string> {
  const sessionUser: SessionUser = { id: user.id };
  await new Promise<void>((resolve, reject) => req.login(sessionUser, (err?: unknown) => (err ? reject(err) : resolve())));
  const csrfToken = newCsrfToken();
  req.session.csrfToken = csrfToken;
  return csrfToken;
}

/** Ends the session in the store and tells the browser to drop the cookie. */
export async function endSession(req: Request, res: Response, cookieName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.destroy((err?: unknown) => (err ? reject(err) : resolve())));
  res.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'strict' });
}
