import { createHash, randomBytes } from 'node:crypto';

/** One-time link tokens (person invites, password resets): 24 random bytes, base64url, 32 characters. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: hashLinkToken(token) };
}

/** Only this hash is stored: the token itself is shown once. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The panel's public origin for links: the configured one, else the Host the request came to. */
export function linkOrigin(configured: string | undefined | null, hostHeader: string | undefined): string {
  return (configured ?? `http://${hostHeader ?? 'localhost'}`).replace(/\/+$/, '');
}
