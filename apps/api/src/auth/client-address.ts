import type { Request } from 'express';

/**
 * The caller's address for rate limiting. Express resolves X-Forwarded-For
 * only when CLAN_TRUST_PROXY is on, so clients cannot spoof it otherwise.
 */
export function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
