import type { AppConfig } from '../config/config.schema';
import { loadOrCreateKey } from './state-keys';

/** Name of the browser session cookie. */
export const SESSION_COOKIE = 'clan.sid';

/**
 * The secret that signs session cookies: CLAN_SESSION_SECRET, else a key kept
 * in the state directory. express-session (create-app) and the WebSocket
 * handshake must agree on it, so both read it here.
 */
export function sessionSecret(config: AppConfig): string {
  return config.sessionSecret ?? loadOrCreateKey(config.stateDir, 'session').toString('base64');
}
