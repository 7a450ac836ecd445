import type { Request } from 'express';

export interface Principal {
  userId: string;
  username: string;
  /** The name people see (display name, else username); for audit entries and tasks. */
  displayName?: string;
  isHostAdmin: boolean;
  /** How the request authenticated. Session writes need a CSRF header; tokens do not. */
  via: 'session' | 'token';
  tokenId?: string;
}

export type RequestWithPrincipal = Request & { principal?: Principal; correlationId?: string };
