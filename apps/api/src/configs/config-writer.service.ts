import { ErrorCode } from '@clan/contracts';
import type { ConfigError } from '@clan/nix-schema';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import type { FileChanges, GitAuthor, GitFileChange, GitRepo } from '../services/git/git-repo';
import { chooseMessage } from './commit-messages';
import { ConfigCommits } from './config-commits';
import { ConfigLock } from './config-lock.service';
import { PANEL_AUTHOR } from './git-author';
import { type Layers, same, validateLayers, type ValidLayers } from './layers';
import { NetworkRepoService } from './network-repo.service';
import { readRepoState, renderRepoChanges, type RepoState } from './repo-state';
import { staleWrite, unchangedSince, unknownBase, type WriteBase } from './write-base';

export interface WriteOptions {
  dryRun?: boolean;
  message?: string;
  /**
   * The revision the change was based on and the part it replaces: when that
   * part changed since, the write answers 409 (StaleRevisionError). Omitted:
   * the plan is computed from the head under the lock (the panel's own
   * commits; scripted writes documented as "at the head").
   */
  base?: WriteBase;
  /**
   * false: the commit changes what machines build from (an update's pin), and
   * the automatic deployment leaves them be: they read "not in sync" until an
   * admin deploys them (docs/updates.md). Default true.
   */
  autoDeploy?: boolean;
}

export interface ConfigDiff {
  patch: string;
  files: GitFileChange[];
}

export interface WriteResult {
  /** The new commit; the unchanged head when nothing changed; null for a dry run. */
  revision: string | null;
  diff: ConfigDiff;
  committed: boolean;
  /** The head the change (or its preview) was computed against: the base to send when applying a previewed change. */
  basedOn: string;
}

/** What a write wants the repository to become. */
export type WritePlan =
  /** New layers: validated, rendered by nix-schema, committed. */
  | {
      kind: 'layers';
      layers: Layers;
      message: string;
      /** Files besides the rendered ones (path → content, null: delete), e.g. flake.lock when a third-party app is pinned. */
      extraFiles?: FileChanges;
    }
  /** An exact tree (revert), already validated by the caller. */
  | { kind: 'tree'; tree: string; layers: ValidLayers; message: string };

const MAX_ERRORS = 50;
/** Attempts when the branch moved between reading the head and moving it (another process outside the lock). */
const MAX_ATTEMPTS = 3;

/** 400 with every problem as `{ field: <JSON path>, message }`. */
export function invalidConfig(errors: ConfigError[], what = 'The configuration', code = ErrorCode.ValidationFailed): DomainError {
  const shown = errors.slice(0, MAX_ERRORS);
  const first = shown[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length === 2 ? '' : 's'})` : '';
  return new DomainError(
    code,
    `${what} is invalid: ${first ? `${first.path}: ${first.message}` : 'unknown problem'}${more}`,
    shown.map((e) => ({ field: e.path, message: e.message })),
  );
}

/**
 * The one way the configuration changes. Per network and one at a time
 * (ConfigLock): read the head → plan → validate → render → preview or commit
 * as the signed-in user. A preview is the diff of the very tree the commit
 * would record, so "preview before apply" shows exactly what is applied.
 *
 * Every write carries the revision it was based on (`options.base`): when the
 * part it replaces changed since, it is refused with 409 and the head to reload
 * from. The plan always starts from the head, so parts of the configuration the
 * write does not replace keep everyone else's changes. When the branch moves
 * between reading the head and the compare-and-swap, the write starts over
 * from the new head (base checked again, plan recomputed) — a panel-made commit
 * can never overwrite a concurrent human edit.
 */
@Injectable()
export class ConfigWriter {
  constructor(
    private readonly repos: NetworkRepoService,
    private readonly lock: ConfigLock,
    private readonly commits: ConfigCommits,
  ) {}

  /** `principal` null: the panel itself writes (author "cLAN panel", no user in the commit event), e.g. the mesh sections. */
  async write(
    networkId: string,
    principal: Principal | null,
    plan: (state: RepoState) => WritePlan | Promise<WritePlan>,
    options: WriteOptions,
  ): Promise<WriteResult & { layers: ValidLayers; head: string }> {
    const author = principal ? await this.repos.authorOf(principal.userId) : PANEL_AUTHOR;
    return this.lock.run(networkId, async () => {
      for (let attempt = 1; ; attempt++) {
        const result = await this.attempt(networkId, principal, author, plan, options);
        if (result) return result;
        if (attempt >= MAX_ATTEMPTS) {
          throw new DomainError(
            ErrorCode.Conflict,
            'The configuration kept changing while this change was being saved; nothing was committed. Try again.',
          );
        }
      }
    });
  }

  /** One read → check → plan → commit; null when the branch moved before the compare-and-swap. */
  private async attempt(
    networkId: string,
    principal: Principal | null,
    author: GitAuthor,
    plan: (state: RepoState) => WritePlan | Promise<WritePlan>,
    options: WriteOptions,
  ): Promise<(WriteResult & { layers: ValidLayers; head: string }) | null> {
    const head = await this.repos.ensureLocked(networkId);
    const tree = this.repos.repo(networkId);
    const state = await readRepoState(tree, head);
    if (options.base) await this.checkBase(tree, state, options.base);
    const p = await plan(state);

    let layers: ValidLayers;
    let treeSha: string;
    if (p.kind === 'layers') {
      // The head's pinned apps hold unless the plan changes them (an install or update of one).
      const valid = validateLayers({ marketplace: state.marketplace, ...p.layers });
      if (!valid.ok) throw invalidConfig(valid.errors);
      layers = valid.value;
      const { name, clanFlakeUrl } = await this.repos.renderInputs(networkId);
      const changes = { ...renderRepoChanges(layers, state.entries, name, clanFlakeUrl), ...p.extraFiles };
      treeSha = await tree.buildTree(head, state.entries, changes);
    } else {
      layers = p.layers;
      treeSha = p.tree;
    }

    if (treeSha === (await tree.treeOf(head)))
      return { revision: head, diff: { patch: '', files: [] }, committed: false, basedOn: head, layers, head };
    const diff = await tree.diff(head, treeSha);
    if (options.dryRun) return { revision: null, diff, committed: false, basedOn: head, layers, head };

    const message = chooseMessage(options.message, p.message);
    const sha = await tree.commitTree(treeSha, head, message, author);
    if (!sha) return null;
    const before = previousEffective(state);
    const after = layers.effective;
    await this.commits.emit({
      networkId,
      revision: sha,
      userId: principal?.userId ?? null,
      changed: Object.keys(after).filter((m) => !same(before[m], after[m]) || buildInputChanged(diff.files, m)),
      removed: Object.keys(before).filter((m) => !(m in after)),
      ...(options.autoDeploy === false ? { autoDeploy: false } : {}),
    });
    return { revision: sha, diff, committed: true, basedOn: head, layers, head: sha };
  }

  /** 409 when the part the write replaces changed between its base and the head. */
  private async checkBase(tree: GitRepo, head: RepoState, base: WriteBase): Promise<void> {
    if (head.head.startsWith(base.revision)) return;
    const sha = await tree.resolveCommit(base.revision);
    if (!sha || !(await tree.isAncestor(sha, head.head))) throw unknownBase(base.revision, head.head);
    if (base.scope.kind === 'network' || !unchangedSince(await readRepoState(tree, sha), head, base.scope)) {
      throw staleWrite(base.scope, sha, head.head);
    }
  }
}

/** Whether the commit touched what the machine is built from besides its config: flake.nix or its overrides. */
function buildInputChanged(files: { path: string }[], machine: string): boolean {
  return files.some((f) => f.path === 'flake.nix' || f.path.startsWith(`overrides/${machine}.`));
}

/** Effective configs of the head before a write (empty when it did not validate). */
function previousEffective(state: RepoState): Record<string, unknown> {
  if (!state.configs) return {};
  const valid = validateLayers({
    configs: state.configs,
    overrides: state.overrides,
    localAdmins: state.localAdmins,
    marketplace: state.marketplace,
  });
  return valid.ok ? valid.value.effective : {};
}
