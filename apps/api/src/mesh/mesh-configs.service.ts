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
    // With a host interface the phonebook answers on the host's addresses: the device resolves <name>.<network>.clan there.
    const host = addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, HOST_INDEX);
    const dns = this.model.hostEnabled ? [host.ipv4, host.ipv6, `${network.name}.clan`] : undefined;
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
      rendered = layer.layer.renderHostInterface(mesh, host.name, { privateKey: this.secrets.open(host.privateKeyEncrypted) });
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

  /** Phonebook entries of a network: every active peer's name and addresses. */
  async phonebook(networkId: string): Promise<{ network: string; devices: Record<string, { ipv4: string | null; ipv6: string | null }> }> {
    const { network, mesh } = await this.model.model(networkId);
    return { network: network.name, devices: Object.fromEntries(mesh.peers.map((p) => [p.name, { ipv4: p.ipv4, ipv6: p.ipv6 }])) };
  }
}
