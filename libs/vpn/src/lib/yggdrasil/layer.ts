import { MESH_INTERFACES } from '@clan/nix-schema';
import type { JsonObject } from '../json';
import { findPeer, type LayerFirewall, type MeshLayer, type MeshNetwork, type NixosOptions, type PeerConfigOptions } from '../mesh';
import { yggdrasilAddress } from './address';
import { renderYggdrasilConfig, renderYggdrasilNixos, validateYggdrasilNetwork, yggdrasilFirewall } from './config';

/** Yggdrasil as a MeshLayer: the address comes from the key, peer.ipv4/ipv6 are not used. */
export class YggdrasilLayer implements MeshLayer {
  readonly kind = 'yggdrasil' as const;

  constructor(readonly interfaceName: string = MESH_INTERFACES.yggdrasil) {}

  validateNetwork(network: MeshNetwork): void {
    validateYggdrasilNetwork(network);
  }

  addressesOf(network: MeshNetwork, peerName: string): string[] {
    return [yggdrasilAddress(findPeer(network, peerName).publicKey)];
  }

  /** Yggdrasil has no DNS setting; `options.dns` is ignored (the phonebook is reached by the system resolver). */
  renderPeerConfig(network: MeshNetwork, peerName: string, options: PeerConfigOptions = {}): string {
    return renderYggdrasilConfig(network, peerName, { privateKey: options.privateKey, interfaceName: this.interfaceName });
  }

  renderNixos(network: MeshNetwork, peerName: string, options: NixosOptions): JsonObject {
    return renderYggdrasilNixos(network, peerName, { privateKeyFile: options.privateKeyFile, interfaceName: this.interfaceName });
  }

  renderFirewall(network: MeshNetwork, peerName: string): LayerFirewall {
    return yggdrasilFirewall(network, peerName, this.interfaceName);
  }
}
