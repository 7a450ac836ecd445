import { ErrorCode } from '@clan/contracts';
import { parseIpv4Cidr, VpnError } from '@clan/vpn';
import { QueryFailedError } from 'typeorm';
import { conflict, DomainError, invalid } from '../common/errors/domain-error';

/** The host's peer in every network: `panel.<network>.clan`, index 1. */
export const HOST_PEER_NAME = 'panel';

/** Removals stay listed (with who still trusts the old key) this long after everyone picked them up. */
export const REMOVAL_HISTORY_MS = 7 * 24 * 3600_000;

/** How often allocation retries after losing a race for an index or a range (unique violation). */
export const ALLOCATION_ATTEMPTS = 20;

/** The interface the host uses for a network: "clan" + 8 hex digits of its id (12 characters, IFNAMSIZ is 16). */
export function hostInterfaceName(networkId: string): string {
  return `clan${networkId.replace(/-/g, '').slice(0, 8)}`;
}

/** Network 10.100.N.0/24 of the pool listens on portBase + N: deterministic, distinct per network. */
export function hostListenPort(portBase: number, ipv4Cidr: string): number {
  const cidr = parseIpv4Cidr(ipv4Cidr);
  return portBase + ((cidr.network >>> 8) & 0xff);
}

export function formatEndpointHost(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const UNIQUE_VIOLATION = '23505';

/** The constraint a unique violation hit, or null for any other error. */
export function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === UNIQUE_VIOLATION ? (driver.constraint ?? '') : null;
}

export const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * (5 + 5 * attempt)));

/** Library errors are bad input or a full range: a sentence for 400/409, never a 500. */
export function fromVpnError(error: unknown, field: string): never {
  if (error instanceof VpnError) {
    if (error.code === 'RANGE_FULL' || error.code === 'POOL_FULL') throw conflict(error.message);
    throw invalid(field, error.message);
  }
  throw error;
}

export function noDevice(device: string): DomainError {
  return new DomainError(ErrorCode.NotFound, `This network has no device named "${device}" (it may have been removed).`);
}
