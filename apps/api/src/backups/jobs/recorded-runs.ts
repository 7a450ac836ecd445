import { Injectable, Logger } from '@nestjs/common';
import type { JobContext } from '../../services/queue/job-context';
import { VmMutex } from '../../vms/vm-mutex';
import { BackupPolicies, policyNotFound } from '../backup-policies.service';
import type { BackupPolicyEntity } from '../backup-policy.entity';
import { BackupRepositories, repositoryNotFound } from '../backup-repositories.service';
import type { BackupRepositoryEntity } from '../backup-repository.entity';
import type { BackupRunEntity, BackupRunKind, BackupRunSummary } from '../backup-run.entity';
import { BackupRuns } from '../backup-runs.store';
import { ResticError } from '../restic/restic.service';
import { BackupJobError, classOf } from './backup-job-error';

/**
 * What every backup job shares: finding its policy or repository, holding the
 * repository's lease (one writer per repository across panel processes), and
 * recording its work as a run (the row, its outcome, a classified failure).
 */
@Injectable()
export class RecordedRuns {
  private readonly logger = new Logger('BackupJobs');

  constructor(
    private readonly policies: BackupPolicies,
    private readonly repositories: BackupRepositories,
    private readonly runs: BackupRuns,
    private readonly mutex: VmMutex,
  ) {}

  async policyOf(ctx: JobContext, policyId: string): Promise<{ policy: BackupPolicyEntity; repo: BackupRepositoryEntity }> {
    if (!ctx.networkId) throw new BackupJobError('other', 'This task names no network.');
    const policy = await this.policies.require(ctx.networkId, policyId).catch(() => {
      throw new BackupJobError('other', policyNotFound().message);
    });
    const repo = await this.repositories.require(ctx.networkId, policy.repositoryId);
    return { policy, repo };
  }

  async repositoryOf(ctx: JobContext, repositoryId: string): Promise<BackupRepositoryEntity> {
    if (!ctx.networkId) throw new BackupJobError('other', 'This task names no network.');
    return this.repositories.require(ctx.networkId, repositoryId).catch(() => {
      throw new BackupJobError('other', repositoryNotFound().message);
    });
  }

  /** Holds the repository's lease around `fn`, saying so when it has to wait. */
  locked<T>(ctx: JobContext, repo: BackupRepositoryEntity, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run('backup-repository', repo.id, ctx.signal, fn, () =>
      ctx.log('info', `Waiting for another task on repository ${repo.name} to finish…`),
    );
  }

  /** Runs `fn` as a recorded run: the row, its outcome, and a classified failure. */
  async recorded(
    ctx: JobContext,
    start: { repo: BackupRepositoryEntity; policy: BackupPolicyEntity | null; kind: BackupRunKind },
    fn: (run: BackupRunEntity) => Promise<{ snapshotId?: string | null; summary: BackupRunSummary }>,
  ): Promise<RecordedRun> {
    const run = await this.runs.start({
      networkId: start.repo.networkId,
      repositoryId: start.repo.id,
      policyId: start.policy?.id ?? null,
      kind: start.kind,
      source: 'panel',
      taskId: ctx.taskId,
    });
    try {
      const out = await fn(run);
      await this.runs.finish(run, { status: 'succeeded', snapshotId: out.snapshotId ?? null, summary: out.summary });
      return { run, snapshotId: out.snapshotId ?? null, summary: out.summary };
    } catch (err) {
      const cls = classOf(err, ctx.signal);
      const message = err instanceof Error ? err.message : String(err);
      const summary = err instanceof BackupJobError ? err.summary : {};
      await this.runs.finish(run, { status: 'failed', errorClass: cls, error: message, snapshotId: summary.snapshotId ?? null, summary });
      if (cls !== 'cancelled' && !(err instanceof BackupJobError) && !(err instanceof ResticError)) {
        this.logger.error(`backup task ${ctx.taskId} failed unexpectedly`, err instanceof Error ? err.stack : String(err));
      }
      throw cls === 'cancelled' ? err : new BackupJobError(cls, `${message}${message.endsWith('.') ? '' : '.'} [${cls}]`, summary);
    }
  }

  /** `recorded` under the repository's lease: what every job that writes to a repository does. */
  lockedRun(
    ctx: JobContext,
    start: { repo: BackupRepositoryEntity; policy: BackupPolicyEntity | null; kind: BackupRunKind },
    fn: (run: BackupRunEntity) => Promise<{ snapshotId?: string | null; summary: BackupRunSummary }>,
  ): Promise<RecordedRun> {
    return this.locked(ctx, start.repo, () => this.recorded(ctx, start, fn));
  }
}

export interface RecordedRun {
  run: BackupRunEntity;
  snapshotId: string | null;
  summary: BackupRunSummary;
}
