import type { MeshLayer, MeshLayerKind } from './mesh';
import { WireGuardLayer } from './wireguard/layer';
import { YggdrasilLayer } from './yggdrasil/layer';

export const MESH_LAYER_KINDS: readonly MeshLayerKind[] = ['wireguard', 'yggdrasil'];

/**
 * The layer for a network's `networkLayer`. Adding tinc or ZeroTier means one
 * more MeshLayer implementation and one more case here.
 */
export function meshLayer(kind: MeshLayerKind, interfaceName?: string): MeshLayer {
  switch (kind) {
    case 'wireguard':
      return new WireGuardLayer(interfaceName);
    case 'yggdrasil':
      return new YggdrasilLayer(interfaceName);
    default: {
      const unknown: never = kind;
      throw new Error(`${JSON.stringify(unknown)} is not a mesh layer; use wireguard or yggdrasil.`);
    }
  }
}
