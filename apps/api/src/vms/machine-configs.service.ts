import type { MachineConfig } from '@clan/nix-schema';
import { Injectable } from '@nestjs/common';
import { validateLayers } from '../configs/layers';
import { NetworkRepoService } from '../configs/network-repo.service';
import { readRepoState } from '../configs/repo-state';
import { FleetRepos } from '../fleet/fleet-repos';
import { VmDisks } from '../services/disk/vm-disks';
import { VmJobError } from './vm-job-error';

/** A machine's effective configuration at one revision, read and validated once and passed along. */
export interface MachineAtRevision {
  networkId: string;
  machine: string;
  revision: string;
  config: MachineConfig;
}

/** How many validated revisions are remembered (a commit never changes, so the cache is never stale). */
const REMEMBERED = 32;

/**
 * The VM manager's view of a network's configuration repository: the head,
 * a revision's effective machine configurations (read with `readRepoState`
 * and `validateLayers` once per revision — a build and the deployment it
 * queues share the result), and a revision's files for `nix build`.
 */
@Injectable()
export class MachineConfigs {
  private readonly validated = new Map<string, Promise<Record<string, MachineConfig>>>();

  constructor(
    private readonly repos: NetworkRepoService,
    private readonly disks: VmDisks,
    private readonly fleetRepos: FleetRepos,
  ) {}

  async head(networkId: string): Promise<string> {
    await this.fleetRepos.sync(networkId);
    const head = await this.repos.repo(networkId).head();
    if (!head) throw new VmJobError('The network has no configuration repository yet.');
    return head;
  }

  async resolveRevision(networkId: string, rev: string): Promise<string | null> {
    return this.repos.repo(networkId).resolveCommit(rev);
  }

  /** The machine's effective configuration at `revision`, or null when the machine is not in it. */
  async at(networkId: string, machine: string, revision: string): Promise<MachineAtRevision | null> {
    const config = (await this.effective(networkId, revision))[machine];
    return config ? { networkId, machine, revision, config } : null;
  }

  /** `at`, with the job's sentence when the machine is not there. */
  async require(networkId: string, machine: string, revision: string): Promise<MachineAtRevision> {
    const m = await this.at(networkId, machine, revision);
    if (!m) throw new VmJobError(`Machine ${machine} is not in the configuration at ${revision.slice(0, 12)}.`);
    return m;
  }

  /** Writes the files of `revision` into `dir` (git archive, unpacked). */
  async exportRevision(networkId: string, revision: string, dir: string, signal?: AbortSignal): Promise<void> {
    const tar = await this.repos.repo(networkId).archive(revision);
    await this.disks.extractTar(tar, dir, signal);
  }

  /** Every machine's effective configuration at `revision`: one read and one validation per revision. */
  private effective(networkId: string, revision: string): Promise<Record<string, MachineConfig>> {
    const key = `${networkId}@${revision}`;
    let hit = this.validated.get(key);
    if (hit) {
      this.validated.delete(key);
      this.validated.set(key, hit);
      return hit;
    }
    hit = this.readAndValidate(networkId, revision);
    this.validated.set(key, hit);
    void hit.catch(() => this.validated.delete(key));
    while (this.validated.size > REMEMBERED) this.validated.delete(this.validated.keys().next().value as string);
    return hit;
  }

  private async readAndValidate(networkId: string, revision: string): Promise<Record<string, MachineConfig>> {
    // A worker host reads a copy of the repository: fetch the revision when it is not there yet.
    if (
      this.fleetRepos.active &&
      !(await this.repos
        .repo(networkId)
        .resolveCommit(revision)
        .catch(() => null))
    ) {
      await this.fleetRepos.sync(networkId);
    }
    const state = await readRepoState(this.repos.repo(networkId), revision);
    if (!state.configs) throw new VmJobError(`configs.json at ${revision.slice(0, 12)} does not validate; fix the configuration first.`);
    const valid = validateLayers({
      configs: state.configs,
      overrides: state.overrides,
      localAdmins: state.localAdmins,
      marketplace: state.marketplace,
    });
    if (!valid.ok)
      throw new VmJobError(`The configuration at ${revision.slice(0, 12)} does not validate: ${valid.errors[0]?.message ?? ''}`);
    return valid.value.effective;
  }
}
