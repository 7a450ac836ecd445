import { MESH_INTERFACES } from '@clan/nix-schema';
import { VpnError } from '../errors';
import type { JsonObject } from '../json';
import {
  configFormatProblem,
  findPeer,
  type HostInterfaceRender,
  type LayerFirewall,
  type MeshKeyPair,
  type MeshLayer,
  type MeshNetwork,
  type NixosOptions,
  type PeerConfigOptions,
} from '../mesh';
import { yggdrasilAddress } from './address';
import {
  renderYggdrasilConfig,
  renderYggdrasilHostConfig,
  renderYggdrasilKeyFile,
  renderYggdrasilNixos,
  validateYggdrasilNetwork,
  yggdrasilFirewall,
} from './config';
import { generateYggdrasilKeyPair, isYggdrasilPublicKey } from './keys';
import { yggdrasilMachineSections } from './machine-section';

/**
 * Yggdrasil as a MeshLayer: the address comes from the key, peer.ipv4/ipv6
 * are not used. Every config it renders peers with members only (see
 * yggdrasilMembersOnlyProblem): never with the public Yggdrasil network.
 */
export class YggdrasilLayer implements MeshLayer {
  readonly kind = 'yggdrasil' as const;
  readonly title = 'Yggdrasil';
  readonly addressing = 'key' as const;
  readonly deviceKey = { algorithm: 'Ed25519', publicKeyEncoding: 'hex', publicKeyLength: 64 } as const;
  readonly configFormats = ['json'] as const;
  readonly machineKeyFileName = 'yggdrasil.key';

  constructor(readonly interfaceName: string = MESH_INTERFACES.yggdrasil) {}

  generateKeyPair(): MeshKeyPair {
    return generateYggdrasilKeyPair();
  }

  publicKeyProblem(publicKey: unknown): string | null {
    return typeof publicKey === 'string' && isYggdrasilPublicKey(publicKey)
      ? null
      : 'publicKey must be a Yggdrasil public key: 64 lower-case hex digits (ed25519).';
  }

  /** `{"PrivateKey": …}`: what `services.yggdrasil.configFile` reads. */
  renderMachineKeyFile(privateKey: string): string {
    return renderYggdrasilKeyFile(privateKey);
  }

  validateNetwork(network: MeshNetwork): void {
    validateYggdrasilNetwork(network);
  }

  addressesOf(network: MeshNetwork, peerName: string): string[] {
    return [yggdrasilAddress(findPeer(network, peerName).publicKey)];
  }

  /** Yggdrasil has no DNS setting; `options.dns` is ignored (the phonebook is reached by the system resolver). */
  renderPeerConfig(network: MeshNetwork, peerName: string, options: PeerConfigOptions = {}): string {
    const problem = configFormatProblem(this, options.format ?? 'json');
    if (problem !== null) throw new VpnError('INVALID_CONFIG', problem);
    return renderYggdrasilConfig(network, peerName, { privateKey: options.privateKey, interfaceName: this.interfaceName });
  }

  renderNixos(network: MeshNetwork, peerName: string, options: NixosOptions): JsonObject {
    return renderYggdrasilNixos(network, peerName, { privateKeyFile: options.privateKeyFile, interfaceName: this.interfaceName });
  }

  renderFirewall(network: MeshNetwork, peerName: string): LayerFirewall {
    return yggdrasilFirewall(network, peerName, this.interfaceName);
  }

  renderMachineSections(network: MeshNetwork, machines: readonly string[], options: NixosOptions): Record<string, JsonObject> {
    return yggdrasilMachineSections(network, machines, options);
  }

  /**
   * The host's node config: the device form with `IfName` = the host's
   * interface (options.interfaceName; default this layer's) and `AdminListen`
   * none (the host driver sets its socket). Yggdrasil routes for everyone it
   * peers with, so the host never needs IP forwarding.
   */
  renderHostInterface(
    network: MeshNetwork,
    peerName: string,
    options: { privateKey: string; interfaceName?: string },
  ): HostInterfaceRender {
    const rendered = renderYggdrasilHostConfig(network, peerName, {
      privateKey: options.privateKey,
      interfaceName: options.interfaceName ?? this.interfaceName,
    });
    return { ...rendered, forwards: false };
  }
}
