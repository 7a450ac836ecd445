import { addressesForIndex, FIRST_PEER_INDEX, networkAddressing } from '../addressing';
import { generateWireGuardKeyPair } from '../keys';
import type { MeshNetwork, MeshPeer, PeerKind } from '../mesh';
import { generateYggdrasilKeyPair } from '../yggdrasil/keys';

/** Test and bench helpers: networks with real keys. Not exported from the library's index. */

export interface PeerSpec {
  name: string;
  kind?: PeerKind;
  endpoint?: string | null;
  behindNat?: boolean;
  isRelay?: boolean;
  relayOnly?: boolean;
  listenPort?: number | null;
  /** Address index; defaults to the peer's position + FIRST_PEER_INDEX. */
  index?: number;
}

export interface TestNetwork {
  network: MeshNetwork;
  /** Private keys by peer name. */
  privateKeys: Map<string, string>;
}

export function wireGuardTestNetwork(specs: PeerSpec[], options: { name?: string; id?: string; ipv4Range?: string } = {}): TestNetwork {
  const addressing = networkAddressing(options.id ?? '5b0c6c8e-6a37-4b8e-9d4b-2a1f00c0ffee', options.ipv4Range ?? '10.100.0.0/24');
  const privateKeys = new Map<string, string>();
  const peers: MeshPeer[] = specs.map((spec, i) => {
    const keys = generateWireGuardKeyPair();
    privateKeys.set(spec.name, keys.privateKey);
    const { ipv4, ipv6 } = addressesForIndex(addressing, spec.index ?? FIRST_PEER_INDEX + i);
    return {
      name: spec.name,
      kind: spec.kind ?? 'machine',
      publicKey: keys.publicKey,
      ipv4,
      ipv6,
      endpoint: spec.endpoint ?? null,
      behindNat: spec.behindNat ?? false,
      isRelay: spec.isRelay ?? false,
      ...(spec.relayOnly === undefined ? {} : { relayOnly: spec.relayOnly }),
      listenPort: spec.listenPort === undefined ? 51820 : spec.listenPort,
    };
  });
  return { network: { name: options.name ?? 'family', ...addressing, peers }, privateKeys };
}

export function yggdrasilTestNetwork(specs: PeerSpec[], options: { name?: string } = {}): TestNetwork {
  const privateKeys = new Map<string, string>();
  const peers: MeshPeer[] = specs.map((spec) => {
    const keys = generateYggdrasilKeyPair();
    privateKeys.set(spec.name, keys.privateKey);
    return {
      name: spec.name,
      kind: spec.kind ?? 'machine',
      publicKey: keys.publicKey,
      ipv4: null,
      ipv6: null,
      endpoint: spec.endpoint ?? null,
      behindNat: spec.behindNat ?? false,
      isRelay: spec.isRelay ?? false,
      listenPort: spec.listenPort === undefined ? 12345 : spec.listenPort,
    };
  });
  return { network: { name: options.name ?? 'family', ipv4Range: '10.100.0.0/24', ipv6Prefix: 'fd00::/64', peers }, privateKeys };
}
