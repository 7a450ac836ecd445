import { ErrorCode } from '@clan/contracts';
import type { MeshLayer } from '@clan/vpn';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';

/** What a host-managed interface of a network must look like now (MeshConfigs.hostInterfaceConfig). Holds a private key: never log it. */
export interface HostInterfaceConfig {
  networkId: string;
  networkName: string;
  /** The network's mesh layer (its MeshLayer kind). */
  layer: string;
  revision: number;
  hostPeerId: string;
  interfaceName: string;
  listenPort: number;
  /** ["10.100.3.1/24", "fd…::1/64"]; empty when the layer's daemon sets its own address (addressing "key"). */
  addresses: string[];
  /** The layer's config text for the interface (WireGuard: the `wg syncconf` file), private key included. */
  config: string;
  /** The host relays between peers without a direct path: IP forwarding on. */
  forwards: boolean;
  /** How many peers it has a section for. */
  peers: number;
}

/** What a host interface reports, keyed by public key. */
export interface LiveView {
  peers: Map<string, LivePeer>;
  /** Why the host interface is not there (null when it answered). */
  error: string | null;
}

export interface LivePeer {
  /** Heard from recently (WireGuard: a handshake within 3 minutes). */
  online: boolean;
  /** Unix seconds, or null when never. */
  latestHandshake: number | null;
  endpoint: string | null;
  rxBytes: number;
  txBytes: number;
}

/**
 * The panel host's side of a layer: brings a host-managed interface to a
 * config, and reads what it sees. Implementations run their commands through
 * MeshHostCommands (the ProcessRunner in the mesh namespace).
 */
export interface MeshHostDriver {
  /**
   * A change on an interface this process has fully set up (WireGuard: one
   * `wg syncconf`). Rejects when the interface is not there; MeshHost then
   * runs `setUp`.
   */
  update(config: HostInterfaceConfig): Promise<void>;
  /** Creates or repairs the interface and applies the config (idempotent). */
  setUp(config: HostInterfaceConfig): Promise<void>;
  /** Peers the interface sees; rejects when the interface is not running. */
  live(interfaceName: string): Promise<Map<string, LivePeer>>;
}

/** A layer as this panel runs it: the pure renderers (libs/vpn) and the host driver. */
export interface MeshLayerRegistration {
  layer: MeshLayer;
  host: MeshHostDriver;
}

/** The registrations (mesh/layers/index.ts lists them; docs/recipes.md, "Add a mesh layer"). */
export const MESH_LAYER_REGISTRATIONS = Symbol('MESH_LAYER_REGISTRATIONS');

/**
 * The registry of mesh layers keyed by a network's layer name. Services ask it
 * for the layer of a network and never name one: WireGuard is one
 * registration, a second layer is another.
 */
@Injectable()
export class MeshLayers {
  private readonly byKind: ReadonlyMap<string, MeshLayerRegistration>;

  constructor(@Inject(MESH_LAYER_REGISTRATIONS) registrations: readonly MeshLayerRegistration[]) {
    const byKind = new Map<string, MeshLayerRegistration>();
    for (const r of registrations) {
      if (byKind.has(r.layer.kind)) throw new Error(`The mesh layer ${r.layer.kind} is registered twice.`);
      byKind.set(r.layer.kind, r);
    }
    this.byKind = byKind;
  }

  /** The layer names this panel runs. */
  get kinds(): string[] {
    return [...this.byKind.keys()];
  }

  has(kind: string): boolean {
    return this.byKind.has(kind);
  }

  /** The registration for a network's layer name; 409 in a sentence for a layer this panel does not run. */
  of(kind: string): MeshLayerRegistration {
    const found = this.byKind.get(kind);
    if (!found) throw layerNotAvailable(kind);
    return found;
  }
}

export function layerNotAvailable(kind: string): DomainError {
  return new DomainError(ErrorCode.Conflict, `This network's mesh layer (${kind}) is not available on this panel yet.`);
}
