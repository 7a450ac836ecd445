import type { NetworkConfigs } from '@clan/nix-schema';
import { same } from './layers';

/**
 * Sections of a machine's configuration the panel writes itself from its own
 * state, never from a person's edit: `mesh` (MeshMachines renders it from the
 * mesh's peers and keys). An edit or revert keeps them as they are now.
 */
export const PANEL_SECTIONS = ['mesh'] as const;

/**
 * `target` (an earlier revision's machines) with the panel's sections as they
 * are in `now`: a machine configured now keeps its current sections (or none,
 * when it has none now); a machine only the target has keeps the target's
 * (the panel rewrites it after the commit). `changed`: whether any differed.
 */
export function keepPanelSections(target: NetworkConfigs, now: NetworkConfigs): { configs: NetworkConfigs; changed: boolean } {
  let changed = false;
  const configs: NetworkConfigs = {};
  for (const [name, config] of Object.entries(target)) {
    const current = now[name];
    if (!current) {
      configs[name] = config;
      continue;
    }
    const next: Record<string, unknown> = { ...config };
    for (const key of PANEL_SECTIONS) {
      const value = (current as Record<string, unknown>)[key];
      if (same(next[key], value)) continue;
      changed = true;
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    configs[name] = next as NetworkConfigs[string];
  }
  return { configs, changed };
}
