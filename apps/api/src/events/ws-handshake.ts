import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { signedCookie } from 'cookie-parser';
import type { SessionData } from 'express-session';
import { TypeOrmSessionStore } from '../auth/session.store';
import { AccessService } from '../common/authz/access.service';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { SESSION_COOKIE, sessionSecret } from '../services/secrets/session-secret';

/** How a socket proved who it is; kept to re-check on every subscribe (logout, revoked token). */
export type WsCredential = { kind: 'session'; sid: string } | { kind: 'token'; token: string };

export type HandshakeResult =
  { ok: true; principal: Principal; credential: WsCredential } | { ok: false; status: 401 | 403; message: string };

/**
 * Browsers always send Origin on a WebSocket handshake; it must be this
 * panel (the Host it was reached at, or CLAN_ORIGIN), which stops other sites
 * from riding the session cookie. Clients without Origin are not browsers
 * (the CLI) and are judged by their credentials alone.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, configured: string | undefined): boolean {
  if (origin === undefined) return true;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (configured && o.origin === new URL(configured).origin) return true;
  return host !== undefined && o.host === host.toLowerCase();
}

/** The session id in a `clan.sid` cookie, if its signature is valid. */
export function sessionIdFromCookieHeader(header: string | undefined, secret: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0 || part.slice(0, i).trim() !== SESSION_COOKIE) continue;
    let value = part.slice(i + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
    const sid = signedCookie(value, secret);
    return typeof sid === 'string' && sid !== value ? sid : null;
  }
  return null;
}

@Injectable()
export class WsHandshake {
  private secret: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly sessions: TypeOrmSessionStore,
  ) {}

  async check(req: IncomingMessage): Promise<HandshakeResult> {
    if (!originAllowed(req.headers.origin, req.headers.host, this.config.origin)) {
      return { ok: false, status: 403, message: 'Origin not allowed' };
    }
    const auth = req.headers.authorization;
    let credential: WsCredential | null = null;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m) return { ok: false, status: 401, message: 'Authorization must be "Bearer <token>"' };
      credential = { kind: 'token', token: m[1] };
    } else {
      const sid = sessionIdFromCookieHeader(req.headers.cookie, this.sessionSecret());
      if (sid) credential = { kind: 'session', sid };
    }
    if (!credential) return { ok: false, status: 401, message: 'Sign in first, or send an API token' };
    const principal = await this.principalFor(credential);
    if (!principal) return { ok: false, status: 401, message: 'The session or token is not valid' };
    return { ok: true, principal, credential };
  }

  /** Who the credential belongs to now; null once the session ended or the token stopped working. */
  async principalFor(credential: WsCredential): Promise<Principal | null> {
    if (credential.kind === 'token') {
      try {
        return await this.access.principalForToken(credential.token);
      } catch (err) {
        if (err instanceof DomainError) return null;
        throw err;
      }
    }
    const data = await new Promise<SessionData | null>((resolve, reject) =>
      this.sessions.get(credential.sid, (err, s) => (err ? reject(err) : resolve(s ?? null))),
    );
    const userId = (data as unknown as { passport?: { user?: unknown } } | null)?.passport?.user;
    return typeof userId === 'string' ? this.access.principalForUserId(userId, 'session') : null;
  }

  private sessionSecret(): string {
    this.secret ??= sessionSecret(this.config);
    return this.secret;
  }
}
