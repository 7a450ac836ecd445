import { MESH_INTERFACES } from '@clan/nix-schema';
import { canonicalIp } from '../ip';
import type { JsonObject } from '../json';
import { findPeer, type LayerFirewall, type MeshLayer, type MeshNetwork, type NixosOptions, type PeerConfigOptions } from '../mesh';
import { renderWireGuardNixos } from './nixos';
import { planWireGuardMesh, validateWireGuardNetwork, wireGuardPeerPlan } from './plan';
import { renderWgQuick } from './wg-quick';

/**
 * WireGuard as a MeshLayer. Each call plans the whole mesh; callers rendering
 * every peer should plan once with planWireGuardMesh() and use the renderers
 * directly (the bench does).
 */
export class WireGuardLayer implements MeshLayer {
  readonly kind = 'wireguard' as const;

  constructor(readonly interfaceName: string = MESH_INTERFACES.wireguard) {}

  validateNetwork(network: MeshNetwork): void {
    validateWireGuardNetwork(network);
  }

  addressesOf(network: MeshNetwork, peerName: string): string[] {
    const peer = findPeer(network, peerName);
    return [peer.ipv4, peer.ipv6].map((a) => (a === null ? null : canonicalIp(a))).filter((a): a is string => a !== null);
  }

  renderPeerConfig(network: MeshNetwork, peerName: string, options: PeerConfigOptions = {}): string {
    findPeer(network, peerName);
    return renderWgQuick(wireGuardPeerPlan(planWireGuardMesh(network), peerName), { ...options, network: network.name });
  }

  renderNixos(network: MeshNetwork, peerName: string, options: NixosOptions): JsonObject {
    findPeer(network, peerName);
    return renderWireGuardNixos(wireGuardPeerPlan(planWireGuardMesh(network), peerName), {
      privateKeyFile: options.privateKeyFile,
      interfaceName: this.interfaceName,
    });
  }

  /** Only the UDP listen port: the interface carries nothing but configured peers' traffic (cryptokey routing), so no filter is needed. */
  renderFirewall(network: MeshNetwork, peerName: string): LayerFirewall {
    const peer = findPeer(network, peerName);
    this.validateNetwork(network);
    if (peer.listenPort === null) return { openPorts: [], nftables: null, nixos: {} };
    return {
      openPorts: [{ protocol: 'udp', port: peer.listenPort }],
      nftables: null,
      nixos: { networking: { firewall: { allowedUDPPorts: [peer.listenPort] } } },
    };
  }
}
