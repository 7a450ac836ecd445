import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { networkRepoDir } from '../configs/repo-paths';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { ProcessRunner } from '../services/process/process-runner';
import { HostIdentity } from './host-identity.service';

/** The header a worker host sends its credential in (not Authorization, which is for people's tokens). */
export const HOST_CREDENTIAL_HEADER = 'X-Clan-Host-Credential';

/**
 * A worker host's copies of the networks' configuration repositories
 * (docs/fleet.md, "Work goes to the right host"): the panel's host keeps the
 * repositories; a worker that deploys a machine reads its configuration at a
 * revision from a local copy, fetched from the panel over the fleet mesh
 * (`/api/hosts/self/networks/<id>/config.git`, with the host's credential in
 * its own header, which never appears in an argument). On the panel's host it does
 * nothing.
 */
@Injectable()
export class FleetRepos {
  private readonly fetching = new Map<string, Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProcessRunner,
    private readonly identity: HostIdentity,
  ) {}

  /** Whether this host reads copies (a worker host). */
  get active(): boolean {
    return this.config.role === 'worker';
  }

  /** Brings the local copy of the network's repository up to the panel's (once at a time per network). */
  sync(networkId: string): Promise<void> {
    if (this.config.role !== 'worker') return Promise.resolve();
    let running = this.fetching.get(networkId);
    if (!running) {
      running = this.fetch(networkId).finally(() => this.fetching.delete(networkId));
      this.fetching.set(networkId, running);
    }
    return running;
  }

  private async fetch(networkId: string): Promise<void> {
    const host = await this.identity.enrolled();
    const dir = networkRepoDir(this.config.stateDir, networkId);
    if (!existsSync(join(dir, '.git'))) {
      await mkdir(dir, { recursive: true });
      await this.runner.run('git', ['init', '--quiet', '--initial-branch=main', dir]);
    }
    const url = `${host.panelUrl.replace(/\/+$/, '')}/api/hosts/self/networks/${networkId}/config.git`;
    await this.runner.run(
      'git',
      ['-C', dir, 'fetch', '--quiet', '--update-head-ok', '--prune', url, '+refs/heads/*:refs/heads/*', '+refs/clan/*:refs/clan/*'],
      {
        env: {
          GIT_CONFIG_COUNT: '1',
          GIT_CONFIG_KEY_0: 'http.extraHeader',
          GIT_CONFIG_VALUE_0: `${HOST_CREDENTIAL_HEADER}: ${host.secret}`,
          GIT_TERMINAL_PROMPT: '0',
        },
        timeoutMs: 60_000,
      },
    );
  }
}
