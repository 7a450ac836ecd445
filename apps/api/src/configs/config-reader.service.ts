import { ErrorCode } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { invalidConfig } from './config-writer.service';
import { type Drift, MachineRevisions } from './machine-revisions.service';
import { DeployedRevisions } from './deployed-revisions';
import { validateLayers, type ValidLayers } from './layers';
import { NetworkRepoService } from './network-repo.service';
import { readRepoState, type RepoState } from './repo-state';
import type { GitRepo } from '../services/git/git-repo';

/** The configuration at the head commit, validated. */
export interface HeadView {
  head: string;
  tree: GitRepo;
  state: RepoState;
  layers: ValidLayers;
}

export interface MachineStatus {
  revision: string | null;
  deployedRevision: string | null;
  drift: Drift;
}

/** Parsed head views kept for reads (one per network that is being looked at, roughly). */
const VIEW_CACHE_SIZE = 32;

export const revisionNotFound = (rev: string) =>
  new DomainError(ErrorCode.NotFound, `This network's configuration has no revision ${rev}.`);

/** Reads a network's configuration (no lock: commits are atomic ref moves, so a reader sees one whole commit). */
@Injectable()
export class ConfigReader {
  constructor(
    private readonly repos: NetworkRepoService,
    private readonly revisions: MachineRevisions,
    private readonly machines: DeployedRevisions,
  ) {}

  private readonly views = new Map<string, HeadView>();

  /** The head commit of an existing (or just created) repository. */
  async headOf(networkId: string): Promise<{ tree: GitRepo; head: string }> {
    const tree = this.repos.repo(networkId);
    // One read of the ref in the usual case; ensure() (create, or 404) only when there is no commit.
    const head = (await tree.head()) ?? (await this.repos.ensure(networkId), await tree.head());
    if (!head) throw new Error(`the configuration repository of ${networkId} has no commit`);
    return { tree, head };
  }

  async head(networkId: string): Promise<HeadView> {
    const { tree, head } = await this.headOf(networkId);
    return this.viewAt(tree, head);
  }

  /**
   * The head view for read-only lists (status, machine list): a commit's configuration never
   * changes, so the parsed and validated view of the current head is kept until the head moves.
   * Callers must not modify it (head() gives each caller its own).
   */
  async headForReading(networkId: string): Promise<Readonly<HeadView>> {
    const { tree, head } = await this.headOf(networkId);
    const key = `${tree.dir}@${head}`;
    const hit = this.views.get(key);
    if (hit) return hit;
    const view = await this.viewAt(tree, head);
    this.views.set(key, view);
    if (this.views.size > VIEW_CACHE_SIZE) this.views.delete(this.views.keys().next().value as string);
    return view;
  }

  private async viewAt(tree: GitRepo, head: string): Promise<HeadView> {
    const state = await readRepoState(tree, head);
    // Only a repository changed outside the panel gets here; the raw editor and revert can repair it.
    const broken = `The configuration at ${head.slice(0, 8)} (repair it with the raw editor or a revert)`;
    if (!state.configs) throw invalidConfig(state.configsErrors, broken, ErrorCode.Conflict);
    const valid = validateLayers({
      configs: state.configs,
      overrides: state.overrides,
      localAdmins: state.localAdmins,
      marketplace: state.marketplace,
    });
    if (!valid.ok) throw invalidConfig(valid.errors, broken, ErrorCode.Conflict);
    return { head, tree, state, layers: valid.value };
  }

  /** A (possibly abbreviated) revision as a full commit sha; 404 when the repository has no such commit. */
  async resolve(tree: GitRepo, rev: string): Promise<string> {
    const sha = await tree.resolveCommit(rev);
    if (!sha) throw revisionNotFound(rev);
    return sha;
  }

  async machineStatus(networkId: string, view: HeadView, names: string[]): Promise<Map<string, MachineStatus>> {
    const all = Object.keys(view.layers.configs);
    const [revisions, deployed] = await Promise.all([
      this.revisions.lastRevisions(view.tree, view.head, all),
      this.machines.deployedRevisions(networkId, names),
    ]);
    const pairs = new Map(names.map((name) => [name, { revision: revisions.get(name) ?? null, deployed: deployed.get(name) ?? null }]));
    const drifts = await this.revisions.drifts(view.tree, pairs);
    const out = new Map<string, MachineStatus>();
    for (const [name, { revision, deployed: deployedRevision }] of pairs) {
      out.set(name, { revision, deployedRevision, drift: drifts.get(name) ?? 'not-deployed' });
    }
    return out;
  }
}
