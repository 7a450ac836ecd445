import { userInfo } from 'node:os';

/** Ports the panel's host relays inside the fleet mesh (docs/fleet.md, "Enrolment"). */
export const FLEET_DB_PORT = 5432;
export const FLEET_REDIS_PORT = 6379;

/** Where a relayed connection goes: the panel's own database or Redis, over TCP or a unix socket. */
export type RelayTarget = { host: string; port: number } | { path: string };

/** A PostgreSQL URL whose `host` parameter is a directory: the server's unix socket (as the NixOS module configures it). */
function pgSocketDir(u: URL): string | null {
  const host = u.searchParams.get('host');
  return host?.startsWith('/') ? host : null;
}

/** Where the panel's database is, for the relay. */
export function databaseTarget(url: string): RelayTarget {
  const u = new URL(url);
  const port = Number(u.port || 5432);
  const dir = pgSocketDir(u);
  if (dir) return { path: `${dir}/.s.PGSQL.${port}` };
  return { host: u.hostname || '127.0.0.1', port };
}

/** Where the panel's Redis is (`redis://host:port` or `unix:///path/redis.sock`). */
export function redisTarget(url: string): RelayTarget {
  const u = new URL(url);
  if (u.protocol === 'unix:') return { path: u.pathname };
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) };
}

function bracket(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** `http://<address>:<port>` (an IPv6 address in brackets): the panel's and the hosts' services in the fleet mesh. */
export function fleetHttpUrl(address: string, port: number): string {
  return `http://${bracket(address)}:${port}`;
}

/**
 * The same database, reached at the panel's fleet address (its relay): what a
 * worker host connects to. A unix-socket database (peer authentication) is
 * reached as the panel's own user: the relay connects as that user, and only
 * the fleet's hosts reach the relay.
 */
export function workerDatabaseUrl(panelUrl: string, fleetAddress: string): string {
  const u = new URL(panelUrl);
  let user = u.username;
  if (pgSocketDir(u)) {
    u.searchParams.delete('host');
    user ||= encodeURIComponent(userInfo().username);
  }
  const auth = user ? `${user}${u.password ? `:${u.password}` : ''}@` : '';
  return `${u.protocol}//${auth}${bracket(fleetAddress)}:${FLEET_DB_PORT}${u.pathname}${u.search}`;
}

export function workerRedisUrl(panelUrl: string, fleetAddress: string): string {
  const u = new URL(panelUrl);
  const out = new URL(`redis://${bracket(fleetAddress)}:${FLEET_REDIS_PORT}`);
  if (u.protocol !== 'unix:') {
    out.username = u.username;
    out.password = u.password;
    out.pathname = u.pathname;
  } else {
    const db = u.searchParams.get('db');
    if (db) out.pathname = `/${db}`;
    out.password = u.searchParams.get('password') ?? '';
  }
  return out.toString();
}
