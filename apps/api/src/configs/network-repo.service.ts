import { existsSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { type GitAuthor, GitRepo } from '../services/git/git-repo';
import { ProcessRunner } from '../services/process/process-runner';
import { UserEntity } from '../users/user.entity';
import { ConfigLock } from './config-lock.service';
import { authorFor, PANEL_AUTHOR } from './git-author';
import { validateLayers } from './layers';
import { renderRepoChanges } from './repo-state';
import { networkRepoDir } from './repo-paths';
import { SystemFlakes } from './system-flakes.service';

/** Opens (and on first use creates) a network's configuration repository. */
@Injectable()
export class NetworkRepoService implements OnModuleInit {
  private readonly logger = new Logger('ConfigRepos');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly lock: ConfigLock,
    private readonly runner: ProcessRunner,
    private readonly flakes: SystemFlakes,
  ) {}

  /**
   * At start-up, before any writer runs: a panel killed in the middle of a commit may have left a
   * repository's checkout behind its HEAD (or git's index.lock). Every answered write is in HEAD;
   * the checkout is made equal to it again, so readers and `git clone` see a clean tree.
   */
  async onModuleInit(): Promise<void> {
    const root = join(this.config.stateDir, 'networks');
    if (!existsSync(root)) return;
    for (const id of await readdir(root)) {
      if (id.startsWith('.') || !existsSync(networkRepoDir(this.config.stateDir, id))) continue;
      try {
        const repaired = await this.lock.run(id, () => this.repo(id).repairCheckout());
        if (repaired.length)
          this.logger.warn(`Repaired the configuration repository of network ${id} after an interrupted write: ${repaired.join('; ')}`);
      } catch (err) {
        this.logger.error(`Could not check the configuration repository of network ${id}: ${(err as Error).message}`);
      }
    }
  }

  /** The network's repository (the git adapter; it may not exist yet — see `ensure`). */
  repo(networkId: string): GitRepo {
    return new GitRepo(networkRepoDir(this.config.stateDir, networkId), this.runner);
  }

  /** The repository, created with its first commit when missing. 404 when the network does not exist. */
  async ensure(networkId: string): Promise<GitRepo> {
    if (!(await this.repo(networkId).head())) await this.lock.run(networkId, () => this.ensureLocked(networkId));
    return this.repo(networkId);
  }

  /** Called by network creation: the first commit is authored by the network's creator. */
  async createForNetwork(networkId: string, creatorUserId: string): Promise<void> {
    const author = await this.authorOf(creatorUserId);
    await this.lock.run(networkId, () => this.ensureLocked(networkId, author));
  }

  /** Inside ConfigLock.run only: returns the head, creating the repository first if needed. */
  async ensureLocked(networkId: string, author: GitAuthor = PANEL_AUTHOR): Promise<string> {
    const tree = this.repo(networkId);
    const existing = await tree.head();
    if (existing) return existing;
    const { name, clanFlakeUrl } = await this.renderInputs(networkId);
    await tree.init();
    const empty = validateLayers({ configs: {}, overrides: {}, localAdmins: {} });
    if (!empty.ok) throw new Error('an empty configuration must validate');
    const files = renderRepoChanges(empty.value, new Map(), name, clanFlakeUrl);
    const treeSha = await tree.buildTree(null, new Map(), files);
    const sha = await tree.commitTree(treeSha, null, `Create network ${name}`, author);
    return sha ?? ((await tree.head()) as string);
  }

  /**
   * Moves a deleted network's repository aside (`networks/.deleted/<id>-<time>`)
   * instead of destroying its history; an operator can restore or prune it.
   */
  async archive(networkId: string): Promise<string | null> {
    const dir = dirname(networkRepoDir(this.config.stateDir, networkId));
    if (!existsSync(dir)) return null;
    const target = join(this.config.stateDir, 'networks', '.deleted', `${networkId}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await rename(dir, target);
    return target;
  }

  async networkName(networkId: string): Promise<string> {
    return (await this.renderInputs(networkId)).name;
  }

  /**
   * What the rendered files name: the network and the flake its `clan` input is: the upstream it
   * follows (pinned by its flake.lock, docs/updates.md), else the one its system builds with (SystemFlakes).
   */
  async renderInputs(networkId: string): Promise<{ name: string; clanFlakeUrl: string }> {
    const network = await this.networks.findOne({
      where: { id: networkId },
      select: { id: true, name: true, system: true, upstream: true },
    });
    // Same sentence as the networks feature (not imported: that module imports this one).
    if (!network) throw new DomainError(ErrorCode.NotFound, `No network has the id "${networkId}".`);
    return { name: network.name, clanFlakeUrl: network.upstream ?? this.flakes.urlFor(network.system) };
  }

  async authorOf(userId: string): Promise<GitAuthor> {
    const user = await this.users.findOne({ where: { id: userId }, select: { id: true, username: true, displayName: true } });
    return user ? authorFor(user) : PANEL_AUTHOR;
  }
}
