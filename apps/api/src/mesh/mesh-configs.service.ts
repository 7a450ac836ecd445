import { addressesForIndex, configFormatProblem, HOST_INDEX, interfaceAddresses } from '@clan/vpn';
import { Inject, Injectable } from '@nestjs/common';
import { invalid } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { SecretBox } from '../services/secrets/secret-box';
import type { HostInterfaceConfig } from './layers/mesh-layers';
import { MeshModel } from './mesh-model.service';
import { fromVpnError, hostInterfaceName, hostListenPort, noDevice } from './mesh-support';

/**
 * What the network's layer renders for one peer: a device's config (how a
 * device picks up a change), the host interface's config, and the phonebook's
 * entries. Configs hold private keys: callers never log them.
 */
@Injectable()
export class MeshConfigs {
  constructor(
    private readonly model: MeshModel,
    private readonly secrets: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The device's config in one of its layer's forms (default: the first). Holds its private key when the panel has it. */
  async deviceConfig(networkId: string, device: string, format?: string): Promise<string> {
    const { network, ranges, peers, mesh, layer } = await this.model.model(networkId);
    const peer = peers.find((p) => p.name === device && p.kind === 'device');
    if (!peer) throw noDevice(device);
    const problem = format === undefined ? null : configFormatProblem(layer.layer, format);
    if (problem !== null) throw invalid('format', problem);
    const privateKey = peer.privateKeyEncrypted ? this.secrets.open(peer.privateKeyEncrypted) : undefined;
    // With a host interface the phonebook answers on the host's mesh addresses (by the layer: .1 and ::1 of the
    // network, or the host's Yggdrasil address): the device resolves <name>.<network>.clan there.
    const host = peers.find((p) => p.kind === 'host');
    const dns = this.model.hostEnabled && host ? [...layer.layer.addressesOf(mesh, host.name), `${network.name}.clan`] : undefined;
    let text: string;
    try {
      text = layer.layer.renderPeerConfig(mesh, peer.name, { privateKey, dns, format });
    } catch (error) {
      fromVpnError(error, 'device');
    }
    // Handing the config out is how a device picks up a change (it has no other channel to the panel).
    await this.model.markSynced(peer.id, ranges.revision);
    return text;
  }

  /** What the host interface of a network must look like now (null when the host is not a peer). */
  async hostInterfaceConfig(networkId: string): Promise<HostInterfaceConfig | null> {
    if (!this.model.hostEnabled) return null;
    // As the machines see it: when only they can dial the host (the managed VM network's gateway), the host must
    // still list them as peers, or it would drop their handshakes. Its own endpoint is not part of its own config.
    const { network, ranges, peers, mesh, layer } = await this.model.model(networkId, 'machines');
    const host = peers.find((p) => p.kind === 'host');
    if (!host?.privateKeyEncrypted) return null;
    let rendered;
    try {
      rendered = layer.layer.renderHostInterface(mesh, host.name, {
        privateKey: this.secrets.open(host.privateKeyEncrypted),
        interfaceName: hostInterfaceName(networkId),
      });
    } catch (error) {
      fromVpnError(error, 'mesh');
    }
    const addressing = { ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix };
    return {
      networkId,
      networkName: network.name,
      layer: layer.layer.kind,
      revision: ranges.revision,
      hostPeerId: host.id,
      interfaceName: hostInterfaceName(networkId),
      listenPort: hostListenPort(this.config.mesh.portBase, ranges.ipv4Cidr),
      addresses: layer.layer.addressing === 'index' ? interfaceAddresses(addressing, addressesForIndex(addressing, HOST_INDEX)) : [],
      ...rendered,
    };
  }

  /** Phonebook entries of a network: every active peer's name and its addresses by the layer (Yggdrasil: IPv6 from the key only). */
  async phonebook(networkId: string): Promise<{ network: string; devices: Record<string, { ipv4: string | null; ipv6: string | null }> }> {
    const { network, mesh, layer } = await this.model.model(networkId);
    return {
      network: network.name,
      devices: Object.fromEntries(mesh.peers.map((p) => [p.name, phonebookEntry(layer.layer.addressesOf(mesh, p.name))])),
    };
  }
}

/** A peer's phonebook entry from its mesh addresses: the first IPv4 (A) and the first IPv6 (AAAA) address, if any. */
export function phonebookEntry(addresses: readonly string[]): { ipv4: string | null; ipv6: string | null } {
  return { ipv4: addresses.find((a) => !a.includes(':')) ?? null, ipv6: addresses.find((a) => a.includes(':')) ?? null };
}
