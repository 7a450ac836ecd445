import { MESH_INTERFACES } from '@clan/nix-schema';
import { canonicalIp } from '../ip';
import type { JsonObject } from '../json';
import { generateWireGuardKeyPair, isWireGuardKey } from '../keys';
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
import { VpnError } from '../errors';
import { wireGuardMachineSections } from './machine-section';
import { renderWireGuardNixos } from './nixos';
import { planWireGuardMesh, validateWireGuardNetwork, wireGuardPeerPlan } from './plan';
import { renderWgQuick, renderWgSetconf } from './wg-quick';

/** The forms a device's config comes in: the wg-quick file, or what `wg setconf`/`wg syncconf` read. */
export const WIREGUARD_CONFIG_FORMATS = ['wg-quick', 'syncconf'] as const;

/**
 * WireGuard as a MeshLayer. Rendering a peer needs the plan of the whole mesh;
 * it is made once per network object and reused for every peer rendered from
 * that object (the panel pushes one config per device agent from one read of
 * the mesh: fifty renders must not plan fifty times). A MeshNetwork is a value:
 * build a new one for a changed mesh, never edit one that was rendered.
 */
export class WireGuardLayer implements MeshLayer {
  private readonly plans = new WeakMap<MeshNetwork, ReturnType<typeof planWireGuardMesh>>();

  readonly kind = 'wireguard' as const;
  readonly title = 'WireGuard';
  readonly addressing = 'index' as const;
  readonly deviceKey = { algorithm: 'X25519', publicKeyEncoding: 'base64', publicKeyLength: 44 } as const;
  readonly configFormats = WIREGUARD_CONFIG_FORMATS;
  readonly machineKeyFileName = 'wireguard.key';

  constructor(readonly interfaceName: string = MESH_INTERFACES.wireguard) {}

  generateKeyPair(): MeshKeyPair {
    return generateWireGuardKeyPair();
  }

  publicKeyProblem(publicKey: unknown): string | null {
    return typeof publicKey === 'string' && isWireGuardKey(publicKey)
      ? null
      : 'publicKey must be a WireGuard public key: 32 bytes in base64, as `wg pubkey` prints it.';
  }

  /** As `wg genkey` writes it: base64 and a newline. */
  renderMachineKeyFile(privateKey: string): string {
    if (!isWireGuardKey(privateKey)) throw new VpnError('INVALID_KEY', 'The private key is not a WireGuard key (44 characters of base64).');
    return `${privateKey}\n`;
  }

  validateNetwork(network: MeshNetwork): void {
    validateWireGuardNetwork(network);
  }

  addressesOf(network: MeshNetwork, peerName: string): string[] {
    const peer = findPeer(network, peerName);
    return [peer.ipv4, peer.ipv6].map((a) => (a === null ? null : canonicalIp(a))).filter((a): a is string => a !== null);
  }

  /** The plan of `network`, made once per network object (see the class comment). */
  private plan(network: MeshNetwork): ReturnType<typeof planWireGuardMesh> {
    let plan = this.plans.get(network);
    if (!plan) {
      plan = planWireGuardMesh(network);
      this.plans.set(network, plan);
    }
    return plan;
  }

  /** `format`: wg-quick (default; with Address, DNS, PostUp) or syncconf (what `wg syncconf` reads; no DNS). */
  renderPeerConfig(network: MeshNetwork, peerName: string, options: PeerConfigOptions = {}): string {
    findPeer(network, peerName);
    const { format = 'wg-quick', ...rest } = options;
    const problem = configFormatProblem(this, format);
    if (problem !== null) throw new VpnError('INVALID_CONFIG', problem);
    const plan = wireGuardPeerPlan(this.plan(network), peerName);
    if (format === 'syncconf') return renderWgSetconf(plan, { privateKey: rest.privateKey });
    return renderWgQuick(plan, { ...rest, network: network.name });
  }

  renderNixos(network: MeshNetwork, peerName: string, options: NixosOptions): JsonObject {
    findPeer(network, peerName);
    return renderWireGuardNixos(wireGuardPeerPlan(this.plan(network), peerName), {
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

  renderMachineSections(network: MeshNetwork, machines: readonly string[], options: NixosOptions): Record<string, JsonObject> {
    return wireGuardMachineSections(network, machines, options);
  }

  /** The `wg syncconf` file of the host's interface: `wg syncconf` keeps the sessions of peers that stay. */
  renderHostInterface(network: MeshNetwork, peerName: string, options: { privateKey: string }): HostInterfaceRender {
    const plan = wireGuardPeerPlan(this.plan(network), peerName);
    return { config: renderWgSetconf(plan, { privateKey: options.privateKey }), forwards: plan.forwards, peers: plan.peers.length };
  }
}
