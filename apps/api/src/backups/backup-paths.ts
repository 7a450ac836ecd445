import { type AppKey, appKeys, appState, isAppActive, type MachineConfig } from '@clan/nix-schema';

export interface MachineState {
  paths: string[];
  hooks: { app: string; id: string; description: string }[];
}

/** What a machine's configuration says to back up: the state of its active apps (catalog) and backup.extraPaths. */
export function machineStateOf(machine: MachineConfig): MachineState {
  const paths: string[] = [];
  const hooks: MachineState['hooks'] = [];
  const apps = machine.applications as Partial<Record<AppKey, unknown>>;
  for (const key of appKeys) {
    const options = apps[key];
    if (!options || !isAppActive(key, options as never)) continue;
    const state = appState(key, options as never);
    paths.push(...state.paths);
    hooks.push(...state.hooks.map((h) => ({ app: key, id: h.id, description: h.description })));
  }
  paths.push(...machine.backup.extraPaths);
  return { paths: [...new Set(paths)], hooks };
}

/** The policy's own paths plus the machine's state, without duplicates or paths inside another listed path. */
export function effectivePaths(own: readonly string[], machine: MachineState | null): string[] {
  const all = [...new Set([...own, ...(machine?.paths ?? [])])].map((p) => (p.length > 1 ? p.replace(/\/+$/, '') : p));
  return all.filter((p) => !all.some((q) => q !== p && (q === '/' || p.startsWith(`${q}/`)))).sort();
}

/** True when `path` is one of `roots` or inside one. */
export function isWithin(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => r === '/' || path === r || path.startsWith(`${r.replace(/\/+$/, '')}/`));
}
