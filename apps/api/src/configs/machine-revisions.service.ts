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
const ANCESTRY_CACHE_SIZE = 64;
const SHA40 = /^[0-9a-f]{40}$/;

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
  /** `<repo>@<commit>` → every commit it descends from. */
  private readonly ancestry = new Map<string, Set<string>>();

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

  /**
   * Drift of many machines with one `git rev-list` per distinct deployed revision (not one
   * `merge-base` per machine); what a commit descends from never changes, so those sets are kept.
   */
  async drifts(tree: GitRepo, pairs: Map<string, { revision: string | null; deployed: string | null }>): Promise<Map<string, Drift>> {
    const out = new Map<string, Drift>();
    const needed = new Set<string>();
    for (const [name, { revision, deployed }] of pairs) {
      if (!deployed) out.set(name, 'not-deployed');
      else if (!revision || revision === deployed) out.set(name, 'in-sync');
      else if (SHA40.test(revision) && SHA40.test(deployed)) needed.add(deployed);
      else out.set(name, 'behind');
    }
    const sets = new Map<string, Set<string>>();
    for (const d of needed) sets.set(d, await this.ancestorsOf(tree, d));
    for (const [name, { revision, deployed }] of pairs) {
      if (out.has(name)) continue;
      out.set(name, sets.get(deployed as string)?.has(revision as string) ? 'in-sync' : 'behind');
    }
    return out;
  }

  private async ancestorsOf(tree: GitRepo, rev: string): Promise<Set<string>> {
    const key = `${tree.dir}@${rev}`;
    const cached = this.ancestry.get(key);
    if (cached) return cached;
    let set: Set<string>;
    try {
      set = await tree.ancestors(rev);
    } catch {
      set = new Set(); // not in this repository (any more): nothing descends from it here
    }
    this.ancestry.set(key, set);
    if (this.ancestry.size > ANCESTRY_CACHE_SIZE) this.ancestry.delete(this.ancestry.keys().next().value as string);
    return set;
  }

  async drift(tree: GitRepo, revision: string | null, deployed: string | null): Promise<Drift> {
    if (!deployed) return 'not-deployed';
    if (!revision || revision === deployed) return 'in-sync';
    return (await tree.isAncestor(revision, deployed)) ? 'in-sync' : 'behind';
  }
}
