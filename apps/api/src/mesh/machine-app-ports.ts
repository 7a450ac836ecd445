import { type AppKey, appPorts, type MachineConfig } from '@clan/nix-schema';
import type { ServicePort } from '@clan/vpn';
import { activeApps } from '../configs/layers';

/**
 * The ports each machine's running apps listen on (its effective
 * configuration): what the reachability rules' `apps` stands for. Without
 * them a machine with apps read as reachable by nobody.
 */
export function machineAppPorts(effective: Record<string, MachineConfig>): Map<string, ServicePort[]> {
  const result = new Map<string, ServicePort[]>();
  for (const [machine, config] of Object.entries(effective)) {
    const seen = new Map<string, ServicePort>();
    for (const key of activeApps(config) as AppKey[]) {
      const options = (config.applications as Record<string, unknown>)[key];
      for (const p of appPorts(key, options as never)) seen.set(`${p.protocol}/${p.port}`, { port: p.port, protocol: p.protocol });
    }
    result.set(machine, [...seen.values()]);
  }
  return result;
}
