import type { MeshAgentLayer } from '@clan/contracts';
import { MESH_INTERFACES } from '@clan/nix-schema';
import type { AgentLog, DriverOptions, MeshDriver } from './driver';
import type { CommandRunner } from './runner';
import { WireGuardDriver } from './wireguard-driver';
import { YggdrasilDriver } from './yggdrasil-driver';

/** The interface a layer's agent runs by default: clan-wg, clan-ygg (the names the NixOS machines use). */
export function defaultInterface(layer: MeshAgentLayer): string {
  return MESH_INTERFACES[layer];
}

export function createDriver(layer: MeshAgentLayer, runner: CommandRunner, options: DriverOptions, log: AgentLog): MeshDriver {
  switch (layer) {
    case 'wireguard':
      return new WireGuardDriver(runner, options, log);
    case 'yggdrasil':
      return new YggdrasilDriver(runner, options, log);
    default: {
      const unknown: never = layer;
      throw new Error(`${JSON.stringify(unknown)} is not a mesh layer this clanctl can run.`);
    }
  }
}
