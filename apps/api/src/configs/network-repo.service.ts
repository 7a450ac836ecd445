import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { GitRepo } from '../services/git/git-repo';
import { networkRepoDir } from './repo-paths';

const PANEL_AUTHOR = { name: 'cLAN panel', email: 'panel@clan.invalid' };

/** Opens (and on first use creates) a network's configuration repository. */
@Injectable()
export class NetworkRepoService {
  private readonly creating = new Map<string, Promise<GitRepo>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  repo(networkId: string): GitRepo {
    return new GitRepo(networkRepoDir(this.config.stateDir, networkId));
  }

  /** The repository, created with an initial commit when missing (single-flight per network). */
  ensure(networkId: string): Promise<GitRepo> {
    let p = this.creating.get(networkId);
    if (!p) {
      p = this.create(networkId).finally(() => this.creating.delete(networkId));
      this.creating.set(networkId, p);
    }
    return p;
  }

  private async create(networkId: string): Promise<GitRepo> {
    const repo = this.repo(networkId);
    if (await repo.head()) return repo;
    await repo.init();
    await repo.commit(
      {
        'README.md':
          '# Network configuration\n\nManaged by the cLAN panel. `configs.json` declares the machines; change it through the panel.\n',
        'configs.json': '{}\n',
      },
      'Create the network configuration repository',
      PANEL_AUTHOR,
    );
    return repo;
  }
}
