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
import { renderYggdrasilConfig, renderYggdrasilKeyFile, renderYggdrasilNixos, validateYggdrasilNetwork, yggdrasilFirewall } from './config';
import { generateYggdrasilKeyPair, isYggdrasilPublicKey } from './keys';

/**
 * Yggdrasil as a MeshLayer: the address comes from the key, peer.ipv4/ipv6
 * are not used. The panel's side of it (configs.json sections for machines,
 * a host-managed interface) comes with the panel's Yggdrasil support; until
 * then those two refuse in a sentence.
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

  renderMachineSections(): Record<string, JsonObject> {
    throw new VpnError(
      'INVALID_CONFIG',
      'configs.json has no Yggdrasil mesh section yet; Yggdrasil machines are configured by hand for now.',
    );
  }

  renderHostInterface(): HostInterfaceRender {
    throw new VpnError('INVALID_CONFIG', 'The panel host cannot run a Yggdrasil interface yet.');
  }
}
