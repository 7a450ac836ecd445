import type { MeshAgentConfigMessage, MeshAgentLayer } from '@clan/contracts';
import {
  addressesForIndex,
  DEFAULT_REACHABILITY_RULES,
  interfaceAddresses,
  type MeshLayer,
  meshLayer,
  type ReachabilityInput,
  type ReachabilityRule,
  renderReachability,
} from '@clan/vpn';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { MeshModel, type MeshModelView } from '../mesh-model.service';
import type { MeshPeerEntity } from '../mesh-peer.entity';
import { MeshRules } from '../mesh-rules.service';

/**
 * The config form an agent applies, per layer: WireGuard's `wg syncconf`
 * file (it keeps the sessions of peers that stay); a layer not named here
 * sends its default form.
 */
const AGENT_CONFIG_FORMAT: Readonly<Record<string, string>> = { wireguard: 'syncconf' };

/** The layers an agent runs (MeshAgentLayer). */
const AGENT_LAYERS: ReadonlySet<string> = new Set<MeshAgentLayer>(['wireguard', 'yggdrasil']);

export function isAgentLayer(kind: string): kind is MeshAgentLayer {
  return AGENT_LAYERS.has(kind);
}

/** One network's mesh, read once, rendering the `config` message of each of its agents (a push renders many). */
export interface AgentConfigView {
  networkId: string;
  revision: number;
  /** The peer's row when it is in the mesh now (active and not blocked), else null. */
  peer(peerId: string): MeshPeerEntity | null;
  /** The peer's `config` message for an agent running `interfaceName`; `panelUrls` as the connection knows them. */
  message(peer: MeshPeerEntity, interfaceName: string, panelUrls: string[]): MeshAgentConfigMessage;
}

/**
 * What the panel sends a device agent (libs/contracts mesh-agent.ts,
 * `config`): the layer's config for the device without its private key, its
 * interface addresses, DNS, and its firewall — the layer's own needs and the
 * device's inbound reachability table (an agent device is a target of the
 * rules). Holds no secret.
 */
@Injectable()
export class MeshAgentConfigs {
  private readonly log = new Logger('MeshAgents');

  constructor(
    private readonly model: MeshModel,
    private readonly rules: MeshRules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The panel inside the mesh, when the host runs its interfaces: on the host's first address of the network by its
   * layer (MeshDoor listens there) — `http://<host .1>:<port>` (WireGuard), `http://[<host's Yggdrasil address>]:<port>`.
   */
  doorUrl(view: Pick<MeshModelView, 'mesh' | 'peers' | 'layer'>): string | null {
    if (!this.model.hostEnabled) return null;
    const host = view.peers.find((p) => p.kind === 'host');
    const address = host ? view.layer.layer.addressesOf(view.mesh, host.name)[0] : undefined;
    if (address === undefined) return null;
    return `http://${address.includes(':') ? `[${address}]` : address}:${this.config.mesh.panelPort}`;
  }

  async view(networkId: string): Promise<AgentConfigView> {
    const view = await this.model.model(networkId);
    const { network, ranges, peers, mesh, layer } = view;
    const byId = new Map(peers.map((p) => [p.id, p]));
    const addressing = { ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix };
    const host = peers.find((p) => p.kind === 'host') ?? null;
    // The phonebook answers on the host's mesh addresses (by the layer: .1 and ::1, or the host's key-derived address).
    const dns =
      this.model.hostEnabled && host ? { servers: layer.layer.addressesOf(mesh, host.name), domain: `${network.name}.clan` } : null;
    const door = this.doorUrl(view);
    const reach = await this.reachability(networkId, ranges.rules as ReachabilityRule[] | null);
    // One device's own inbound table, for the interface its agent runs: planned for that target only (a push renders one
    // per agent; planning every target per agent grew with the square of the agents — bench/mesh-agents-bench.mjs).
    const tableFor = (peerName: string, interfaceName: string): string | null => {
      if (!reach) return null;
      try {
        return renderReachability({ ...reach, interfaceName }, { only: [peerName] }).get(peerName)?.nftables ?? null;
      } catch (error) {
        this.log.warn(`reachability of network ${networkId} for ${peerName} on ${interfaceName}: ${(error as Error).message}`);
        return null;
      }
    };
    return {
      networkId,
      revision: ranges.revision,
      peer: (peerId) => byId.get(peerId) ?? null,
      message: (peer, interfaceName, panelUrls) => {
        const l: MeshLayer = layer.layer;
        const self = mesh.peers.find((p) => p.name === peer.name);
        // The layer's own table names the interface: the agent's (--interface), not the layer's default clan-ygg.
        const own = (interfaceName === l.interfaceName ? l : meshLayer(l.kind, interfaceName)).renderFirewall(mesh, peer.name).nftables;
        const firewall = [own, tableFor(peer.name, interfaceName)].filter((s): s is string => s !== null).join('\n') || null;
        return {
          type: 'config',
          revision: ranges.revision,
          network: network.name,
          peer: peer.name,
          layer: l.kind,
          config: l.renderPeerConfig(mesh, peer.name, { format: AGENT_CONFIG_FORMAT[l.kind] }),
          addresses:
            l.addressing === 'index' && peer.index !== null
              ? interfaceAddresses(addressing, addressesForIndex(addressing, peer.index))
              : [],
          listenPort: self?.listenPort ?? null,
          hostPublicKey: host?.publicKey ?? null,
          dns,
          firewall,
          panelUrls: [...new Set([...panelUrls, ...(door ? [door] : [])])],
        };
      },
    };
  }

  /** The rules' input, or null (logged) when they cannot be planned now: the agent then keeps the layer's firewall only. */
  private async reachability(networkId: string, rules: ReachabilityRule[] | null): Promise<ReachabilityInput | null> {
    try {
      return await this.rules.reachabilityInput(networkId, rules ?? [...DEFAULT_REACHABILITY_RULES]);
    } catch (error) {
      this.log.warn(`reachability of network ${networkId}: ${(error as Error).message}`);
      return null;
    }
  }
}
