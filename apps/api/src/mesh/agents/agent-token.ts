import { createHash, randomBytes } from 'node:crypto';

/** Agent tokens say what they are (a leaked one in a log or a paste is recognisable): `clanag_` + 32 random bytes. */
export const AGENT_TOKEN_PREFIX = 'clanag_';
const AGENT_TOKEN = /^clanag_[A-Za-z0-9_-]{43}$/;

/** A new agent token; the database keeps only agentTokenHash of it. */
export function newAgentToken(): string {
  return AGENT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function agentTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of an `Authorization: Bearer clanag_…` header, or null when the header holds none. */
export function agentTokenOf(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match && AGENT_TOKEN.test(match[1]) ? match[1] : null;
}
