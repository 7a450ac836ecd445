import { Injectable } from '@nestjs/common';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { BackupNotifier } from '../backup-notifier';
import { BackupPolicies } from '../backup-policies.service';
import { BackupRepositories } from '../backup-repositories.service';
import type { BackupRepositoryEntity } from '../backup-repository.entity';
import { parseCheckProgress } from '../restic/restic-output';
import { ResticService } from '../restic/restic.service';
import { BackupJobError } from './backup-job-error';
import { throttle } from './progress';
import { RecordedRuns } from './recorded-runs';

/** `restic check` of a repository (optionally reading a subset of the data); the outcome is stored on it and notified. */
@Injectable()
export class BackupCheckJob {
  constructor(
    private readonly recorded: RecordedRuns,
    private readonly policies: BackupPolicies,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
    private readonly notifier: BackupNotifier,
  ) {}

  @JobHandler(JobName.BackupCheck)
  async check(ctx: JobContext<JobName.BackupCheck>): Promise<Record<string, unknown>> {
    const repo = await this.recorded.repositoryOf(ctx, ctx.payload.repositoryId);
    const policy = ctx.payload.policyId ? await this.policies.rows.findOneBy({ id: ctx.payload.policyId }) : null;
    const subset = ctx.payload.readDataSubset;
    const restic = this.repositories.open(repo);
    let failure: string | null = null;
    try {
      await this.recorded.lockedRun(ctx, { repo, policy, kind: 'check' }, async () => {
        const args = ['check', ...(subset ? ['--read-data-subset', subset] : [])];
        await ctx.log('info', `restic ${args.join(' ')} on ${repo.name} (${repo.displayLocation})`);
        const report = throttle((p: { phase: string; fraction: number; done: number; total: number }) => {
          // Snapshots/trees first, then (with a subset) the packs it reads.
          const pct = p.phase === 'snapshots' ? 5 + p.fraction * (subset ? 35 : 90) : 40 + p.fraction * 55;
          void ctx.progress(pct, `${p.done} / ${p.total} ${p.phase}`);
        });
        const errors: string[] = [];
        const r = await this.restic.run(restic, args, {
          signal: ctx.signal,
          onStdoutLine: (l) => {
            const p = parseCheckProgress(l);
            if (p) report(p);
          },
          onStderrLine: (l) => {
            if (!l.trim()) return;
            errors.push(l.trim());
            void ctx.log('error', l);
          },
        });
        if (r.exitCode !== 0) {
          const err = await this.restic.failure(
            r,
            `Backup repository ${repo.name} (${repo.displayLocation}) failed its integrity check`,
            ctx.signal,
          );
          const found = errors
            .filter((e) => !e.startsWith('Fatal:'))
            .slice(0, 3)
            .join('; ');
          const message =
            err.errorClass === 'repository-damaged' || /contains errors/.test(r.stderr)
              ? `Backup repository ${repo.name} (${repo.displayLocation}) failed its integrity check: ${found || err.detail}`
              : err.message;
          throw new BackupJobError(err.errorClass === 'other' ? 'repository-damaged' : err.errorClass, message);
        }
        return { summary: { readDataSubset: subset } };
      });
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      failure = err instanceof Error ? err.message : String(err);
      await this.recordCheck(repo, failure);
      throw err;
    }
    await this.recordCheck(repo, null);
    await ctx.progress(100, `Repository ${repo.name} has no errors`);
    return { repository: repo.name, ok: true, readDataSubset: subset };
  }

  private async recordCheck(repo: BackupRepositoryEntity, error: string | null): Promise<void> {
    repo.lastCheckAt = new Date();
    repo.lastCheckOk = error === null;
    repo.lastCheckError = error;
    await this.repositories.rows.update(
      { id: repo.id },
      { lastCheckAt: repo.lastCheckAt, lastCheckOk: repo.lastCheckOk, lastCheckError: error },
    );
    await this.notifier.integrity(repo);
  }
}
