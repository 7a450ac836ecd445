import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { conflict } from '../../common/errors/domain-error';
import { ConfigWriter } from '../../configs/config-writer.service';
import { validateLayers } from '../../configs/layers';
import { NetworkRepoService } from '../../configs/network-repo.service';
import { fromEpochSeconds, lockedInput } from '../flake-lock';
import { NetworkUpdateEntity } from '../network-update.entity';

const LOCK_FILE = 'flake.lock';

/** flake.lock texts compared as JSON (formatting aside); null: no lock. */
export function sameLock(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a.trim() === b.trim();
  }
}

/**
 * The lock commits of a rollout: the previewed flake.lock (start) and the old
 * one back (abort), each committed as the panel with the trailer
 * `Clan-Rollout: <id>` and `autoDeploy: false`, so the commit alone deploys
 * nothing: the rollout deploys it machine by machine.
 */
@Injectable()
export class RolloutLock {
  constructor(
    private readonly repos: NetworkRepoService,
    private readonly writer: ConfigWriter,
    @InjectRepository(NetworkUpdateEntity) private readonly checks: Repository<NetworkUpdateEntity>,
  ) {}

  /** flake.lock at the repository's head, and the head (null: no repository yet). */
  async atHead(networkId: string): Promise<{ head: string | null; lock: string | null }> {
    const repo = this.repos.repo(networkId);
    const head = await repo.head();
    return { head, lock: head ? await repo.readFile(LOCK_FILE, head) : null };
  }

  /**
   * What a machine of the rollout is built from: the head when it still pins the
   * rollout's lock (so a configuration change made during the rollout is
   * deployed with the update, under the same gate), else the lock commit itself.
   */
  async buildRevision(networkId: string, lockCommit: string): Promise<string> {
    const repo = this.repos.repo(networkId);
    const [{ head, lock }, rolloutLock] = await Promise.all([this.atHead(networkId), repo.readFile(LOCK_FILE, lockCommit)]);
    return head && sameLock(lock, rolloutLock) ? head : lockCommit;
  }

  /** Commits `lockText` as flake.lock; `committed` false when the head already had it. */
  async commit(networkId: string, lockText: string, message: string): Promise<{ revision: string; committed: boolean }> {
    const result = await this.writer.write(
      networkId,
      null,
      async (state) => {
        if (!state.configs) throw conflict('configs.json at the head does not validate; fix the configuration first.');
        const valid = validateLayers({
          configs: state.configs,
          overrides: state.overrides,
          localAdmins: state.localAdmins,
          marketplace: state.marketplace,
        });
        if (!valid.ok) throw conflict('The configuration at the head does not validate; fix it first.');
        const tree = await this.repos.repo(networkId).buildTree(state.head, state.entries, { [LOCK_FILE]: lockText });
        return { kind: 'tree', tree, layers: valid.value, message };
      },
      // The new pin changes what every machine builds from: the rollout deploys it, not the automatic deployment.
      { autoDeploy: false },
    );
    // The last check's "what runs now" follows the commit, so "update available" (the tree's badge) ends with it.
    const pinned = lockedInput(lockText, 'clan');
    if (pinned)
      await this.checks.update(
        { networkId, input: 'clan' },
        { currentRev: pinned.rev, currentModifiedAt: fromEpochSeconds(pinned.lastModified) },
      );
    return { revision: result.revision as string, committed: result.committed };
  }
}
