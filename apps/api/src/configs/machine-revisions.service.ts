import { stableJson } from '@clan/nix-schema';
import { Injectable } from '@nestjs/common';
import { isPlainObject } from './layers';
import { CONFIGS_FILE } from './repo-state';
import type { GitRepo } from '../services/git/git-repo';

export type Drift = 'in-sync' | 'not-deployed' | 'behind';
export const DRIFT_STATES: readonly Drift[] = ['in-sync', 'not-deployed', 'behind'];

/** Files whose changes change what a machine is built from. */
const MACHINE_INPUTS = [CONFIGS_FILE, 'overrides', 'flake.nix'];
const PAGE = 200;
const CACHE_SIZE = 128;

function slices(text: string | null): Record<string, string> {
  if (text === null) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!isPlainObject(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).map(([m, c]) => [m, stableJson(c)]));
  } catch {
    return {};
  }
}

/**
 * For each machine, the last commit that changed what it is built from: its
 * entry in configs.json, its overrides/<machine>.* files, or flake.nix. Drift
 * compares that with the revision the VM manager deployed.
 */
@Injectable()
export class MachineRevisions {
  private readonly cache = new Map<string, Map<string, string | null>>();

  async lastRevisions(tree: GitRepo, head: string, machines: string[]): Promise<Map<string, string | null>> {
    const key = `${tree.dir}@${head}`;
    const cached = this.cache.get(key);
    if (cached && machines.every((m) => cached.has(m))) return cached;
    const found = await this.walk(tree, machines);
    this.cache.set(key, found);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return found;
  }

  private async walk(tree: GitRepo, machines: string[]): Promise<Map<string, string | null>> {
    const found = new Map<string, string | null>();
    const pending = new Set(machines);
    for (let skip = 0; pending.size > 0; skip += PAGE) {
      const commits = await tree.pathHistory(MACHINE_INPUTS, { skip, limit: PAGE });
      const withConfigs = commits.filter((c) => c.files.includes(CONFIGS_FILE));
      const texts = await tree.readObjects(withConfigs.flatMap((c) => [`${c.sha}:${CONFIGS_FILE}`, `${c.sha}^:${CONFIGS_FILE}`]));
      const versions = new Map(withConfigs.map((c, i) => [c.sha, { after: slices(texts[2 * i]), before: slices(texts[2 * i + 1]) }]));
      for (const commit of commits) {
        const touched = new Set<string>();
        if (commit.files.includes('flake.nix')) for (const m of pending) touched.add(m);
        for (const f of commit.files) {
          const m = /^overrides\/([^/]+)\.(json|nix)$/.exec(f)?.[1];
          if (m) touched.add(m);
        }
        const v = versions.get(commit.sha);
        if (v) for (const m of pending) if (v.after[m] !== v.before[m]) touched.add(m);
        for (const m of touched) {
          if (!pending.has(m)) continue;
          found.set(m, commit.sha);
          pending.delete(m);
        }
        if (pending.size === 0) break;
      }
      if (commits.length < PAGE) break;
    }
    for (const m of pending) found.set(m, null);
    return found;
  }

  async drift(tree: GitRepo, revision: string | null, deployed: string | null): Promise<Drift> {
    if (!deployed) return 'not-deployed';
    if (!revision || revision === deployed) return 'in-sync';
    return (await tree.isAncestor(revision, deployed)) ? 'in-sync' : 'behind';
  }
}
