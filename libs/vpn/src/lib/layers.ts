import type { MeshLayer, MeshLayerKind } from './mesh';
import { WireGuardLayer } from './wireguard/layer';
import { YggdrasilLayer } from './yggdrasil/layer';

export const MESH_LAYER_KINDS: readonly MeshLayerKind[] = ['wireguard', 'yggdrasil'];

/** True for the name of a layer this library implements. */
export function isMeshLayerKind(value: unknown): value is MeshLayerKind {
  return typeof value === 'string' && (MESH_LAYER_KINDS as readonly string[]).includes(value);
}

/**
 * The layer for a network's layer name. Adding tinc or ZeroTier means one
 * more MeshLayer implementation and one more case here (docs/recipes.md,
 * "Add a mesh layer"); what the panel runs of a layer is registered in the
 * API (apps/api/src/mesh/layers).
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
