import { HOST_INDEX } from '@clan/vpn';
import { peerAddresses } from '../../mesh/mesh-peer-dto';
import { HOST_PEER_NAME } from '../../mesh/mesh-support';

/** A network's mesh and its host peer, as the backup repository host reads them. */
export interface MeshHostRow {
  layer: string;
  ipv4Cidr: string;
  ipv6Prefix: string;
  /** The host's peer row; null when there is none (the WireGuard host keeps .1 and …::1 by its index). */
  host: { name: string; publicKey: string; index: number | null } | null;
}

/**
 * The host's addresses in a network's mesh by the network's layer (where the repositories are served and where
 * machines dial them): .1 and …::1 on WireGuard, the host's key-derived address on Yggdrasil. Empty when the layer
 * cannot tell (a key-addressed network without its host peer).
 */
export function hostMeshAddresses(row: MeshHostRow): string[] {
  const host = row.host ?? { name: HOST_PEER_NAME, publicKey: '', index: HOST_INDEX };
  const addresses = peerAddresses(row, { ...host, revokedAt: null });
  return [addresses?.ipv4, addresses?.ipv6].filter((a): a is string => typeof a === 'string');
}

/** RESTIC_REPOSITORY of a machine: the REST server on the host's first mesh address (an IPv6 one in brackets). */
export function machineRepositoryUrl(hostAddress: string, port: number, networkId: string, machine: string, password: string): string {
  const host = hostAddress.includes(':') ? `[${hostAddress}]` : hostAddress;
  return `rest:http://${machine}:${password}@${host}:${port}/${networkId}/${machine}/`;
}
