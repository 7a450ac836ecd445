import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { ProcessRunner } from '../services/process/process-runner';
import type { JobContext } from '../services/queue/job-context';
import { HostIdentity } from './host-identity.service';

/**
 * A system's closure in this host's Nix store before it boots (docs/fleet.md,
 * "Closures"): builds run on the panel's host; a worker host copies what it
 * lacks from the panel's store over the fleet mesh (`nix copy --from` its
 * binary cache), accepting only paths signed with the panel's key. On the
 * panel's host, and when the path is already here, it does nothing.
 */
@Injectable()
export class FleetClosures {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ProcessRunner,
    private readonly identity: HostIdentity,
  ) {}

  private nix(args: string[], signal?: AbortSignal) {
    return this.runner.run(this.config.nixBin, ['--extra-experimental-features', 'nix-command', ...args], { signal });
  }

  async ensure(storePath: string, ctx: Pick<JobContext, 'log' | 'signal'>): Promise<'here' | 'copied'> {
    if (this.config.role !== 'worker') return 'here';
    const valid = await this.nix(['path-info', storePath], ctx.signal).then(
      () => true,
      () => false,
    );
    if (valid) return 'here';
    const host = await this.identity.enrolled();
    await ctx.log('info', `Copying ${storePath} and what it needs from the panel's store (${host.cacheUrl}).`);
    await this.nix(
      ['copy', '--from', host.cacheUrl, '--option', 'trusted-public-keys', host.cachePublicKey, '--option', 'substituters', '', storePath],
      ctx.signal,
    );
    return 'copied';
  }
}
