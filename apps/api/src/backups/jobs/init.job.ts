import { Injectable } from '@nestjs/common';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { BackupRepositories } from '../backup-repositories.service';
import { BackupUsage } from '../backup-usage.service';
import { ResticService } from '../restic/restic.service';
import { RecordedRuns } from './recorded-runs';

/** `restic init` of a repository; idempotent (an existing repository that opens with its password is success). */
@Injectable()
export class BackupInitJob {
  constructor(
    private readonly recorded: RecordedRuns,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
    private readonly usage: BackupUsage,
  ) {}

  @JobHandler(JobName.BackupInit)
  async init(ctx: JobContext<JobName.BackupInit>): Promise<Record<string, unknown>> {
    const repo = await this.recorded.repositoryOf(ctx, ctx.payload.repositoryId);
    const restic = this.repositories.open(repo);
    const out = await this.recorded.lockedRun(ctx, { repo, policy: null, kind: 'init' }, async () => {
      await ctx.log('info', `restic init of ${repo.name} (${repo.displayLocation})`);
      const r = await this.restic.run(restic, ['init'], { signal: ctx.signal });
      if (r.exitCode !== 0) {
        // Idempotent: an existing repository that opens with our password is what init wants.
        if (/config file already exists|already initialized/i.test(r.stderr)) {
          await this.restic.ok(restic, ['cat', 'config', '--no-lock'], `Repository ${repo.name} exists but does not open`, {
            signal: ctx.signal,
          });
          await ctx.log('info', 'The repository already exists and opens with the stored password.');
          return { summary: { created: false } };
        }
        throw await this.restic.failure(r, `restic init of ${repo.name}`, ctx.signal);
      }
      return { summary: { created: true } };
    });
    await this.repositories.rows.update({ id: repo.id }, { initializedAt: new Date(), pollError: null, pollErrorClass: null });
    await this.usage.sample(repo).catch(() => undefined);
    await ctx.progress(100, out.summary['created'] ? `Repository ${repo.name} created` : `Repository ${repo.name} already existed`);
    return { runId: out.run.id, ...out.summary };
  }
}
