import { WireGuardLayer, YggdrasilLayer } from '@clan/vpn';
import type { Provider } from '@nestjs/common';
import { MeshHostCommands } from '../host/host-commands';
import { WireGuardHost } from '../host/wireguard-host';
import { YggdrasilHost } from '../host/yggdrasil-host';
import { MESH_LAYER_REGISTRATIONS, type MeshLayerRegistration, MeshLayers } from './mesh-layers';

export {
  type HostInterfaceConfig,
  type LivePeer,
  type LiveView,
  type MeshHostDriver,
  type MeshLayerRegistration,
  MeshLayers,
  layerNotAvailable,
} from './mesh-layers';

/**
 * The mesh layers this panel runs: each is the layer's renderers (libs/vpn)
 * and its host driver. A new layer adds its driver as a provider and one entry
 * here (docs/recipes.md, "Add a mesh layer"); no service names a layer.
 */
export const MESH_LAYER_PROVIDERS: Provider[] = [
  MeshHostCommands,
  WireGuardHost,
  YggdrasilHost,
  {
    provide: MESH_LAYER_REGISTRATIONS,
    inject: [WireGuardHost, YggdrasilHost],
    useFactory: (wireguard: WireGuardHost, yggdrasil: YggdrasilHost): MeshLayerRegistration[] => [
      { layer: new WireGuardLayer(), host: wireguard },
      { layer: new YggdrasilLayer(), host: yggdrasil },
    ],
  },
  MeshLayers,
];
