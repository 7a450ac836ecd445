import { MESH_INTERFACES } from '@clan/nix-schema';
import type { JsonObject } from '../json';
import { checkPrivateKeyFile, type NixosOptions } from '../mesh';
import { RELAY_SYSCTLS, type WireGuardPeerPlan } from './plan';

export interface WireGuardNixosOptions extends NixosOptions {
  /** Defaults to the cLAN mesh interface, clan-wg. */
  interfaceName?: string;
  /** Let the machine create the key file on first boot (then it must report its public key). Default false: the panel provides the file. */
  generatePrivateKeyFile?: boolean;
}

/**
 * NixOS option values for a machine's WireGuard mesh:
 * `networking.wireguard.interfaces.<if>` (ips, listenPort, privateKeyFile,
 * peers [{ publicKey, allowedIPs, endpoint, persistentKeepalive }]) and, on a
 * relay, `boot.kernel.sysctl` for IP forwarding. The private key is only ever a
 * file path outside the Nix store: this function has no way to receive key
 * material.
 */
export function renderWireGuardNixos(plan: WireGuardPeerPlan, options: WireGuardNixosOptions): JsonObject {
  checkPrivateKeyFile(options.privateKeyFile);
  const iface: JsonObject = {
    ips: plan.addresses,
    privateKeyFile: options.privateKeyFile,
    generatePrivateKeyFile: options.generatePrivateKeyFile ?? false,
    peers: plan.peers.map((peer) => {
      const out: JsonObject = { publicKey: peer.publicKey, allowedIPs: peer.allowedIps };
      if (peer.endpoint !== null) out['endpoint'] = peer.endpoint;
      if (peer.persistentKeepalive !== null) out['persistentKeepalive'] = peer.persistentKeepalive;
      return out;
    }),
  };
  if (plan.listenPort !== null) iface['listenPort'] = plan.listenPort;
  const value: JsonObject = {
    networking: { wireguard: { interfaces: { [options.interfaceName ?? MESH_INTERFACES.wireguard]: iface } } },
  };
  if (plan.forwards) {
    value['boot'] = { kernel: { sysctl: Object.fromEntries(Object.entries(RELAY_SYSCTLS).map(([k, v]) => [k, Number(v)])) } };
  }
  return value;
}
