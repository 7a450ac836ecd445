/** Ports the panel's host relays inside the fleet mesh (docs/fleet.md, "Enrolment"). */
export const FLEET_DB_PORT = 5432;
export const FLEET_REDIS_PORT = 6379;

/** Where a relayed connection goes: the panel's own database or Redis. */
export interface RelayTarget {
  host: string;
  port: number;
}

/** The database the panel uses, as `host:port` (TCP) for the relay. */
export function databaseTarget(url: string): RelayTarget {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}

export function redisTarget(url: string): RelayTarget {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) };
}

function bracket(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** The same database, reached at the panel's fleet address (its relay): what a worker host connects to. */
export function workerDatabaseUrl(panelUrl: string, fleetAddress: string): string {
  const u = new URL(panelUrl);
  u.hostname = bracket(fleetAddress);
  u.port = String(FLEET_DB_PORT);
  return u.toString();
}

export function workerRedisUrl(panelUrl: string, fleetAddress: string): string {
  const u = new URL(panelUrl);
  u.hostname = bracket(fleetAddress);
  u.port = String(FLEET_REDIS_PORT);
  return u.toString();
}
