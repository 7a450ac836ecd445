import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { BackupHooks, describeHookOutcome, hookSucceeded } from '../backup-hooks';
import { BackupNotifier } from '../backup-notifier';
import { BackupPolicies, partTag, policyTag } from '../backup-policies.service';
import type { BackupPolicyEntity } from '../backup-policy.entity';
import { BackupRepositories } from '../backup-repositories.service';
import type { BackupRepositoryEntity } from '../backup-repository.entity';
import type { BackupRunSummary } from '../backup-run.entity';
import { BackupTasks } from '../backup-tasks.service';
import { BackupUsage } from '../backup-usage.service';
import { MachineBackups } from '../machine/machine-backups.service';
import { type BackupSummary, parseBackupLine } from '../restic/restic-output';
import { type ResticRepo, ResticService } from '../restic/restic.service';
import { BackupJobError, classOf } from './backup-job-error';
import { BackupDumps } from './backup-dumps';
import { mib, throttle } from './progress';
import { type RecordedRun, RecordedRuns } from './recorded-runs';

/**
 * The backup job (docs/backups.md): pre hooks, dump hooks, files, post hooks
 * into the policy's repository under its lease; then the outcome notification,
 * a usage sample and, when the policy keeps anything, a retention task.
 */
@Injectable()
export class BackupRunJob implements BeforeApplicationShutdown {
  private readonly logger = new Logger('BackupJobs');
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly recorded: RecordedRuns,
    private readonly policies: BackupPolicies,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
    private readonly hooks: BackupHooks,
    private readonly dumps: BackupDumps,
    private readonly tasks: BackupTasks,
    private readonly notifier: BackupNotifier,
    private readonly usage: BackupUsage,
    private readonly machines: MachineBackups,
  ) {}

  /** Work that follows a task without delaying it; shutdown waits for it. */
  private afterTask(work: Promise<unknown>, what: string): void {
    const p = work.catch((err: unknown) => this.logger.warn(`${what}: ${(err as Error).message}`)).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  @JobHandler(JobName.BackupRun)
  async backup(ctx: JobContext<JobName.BackupRun>): Promise<Record<string, unknown>> {
    const { policy, repo } = await this.recorded.policyOf(ctx, ctx.payload.policyId);
    if (policy.runner !== 'panel') {
      throw new BackupJobError('other', `${policy.subjectName} backs itself up (runner "device"); the panel runs nothing for it.`);
    }
    // A machine's data is in its VM: the machine saves it itself, or the panel reads its stopped state disk (machine/).
    const ofMachine = policy.subjectKind === 'machine';
    const { paths } = ofMachine ? { paths: [] } : await this.policies.planOf(policy);
    if (!ofMachine && !paths.length && !policy.dumpHooks.length) {
      throw new BackupJobError(
        'source-missing',
        `The policy for ${policy.subjectName} names no paths and no dump hooks: nothing to back up.`,
      );
    }
    const restic = this.repositories.open(repo);
    let outcome: RecordedRun;
    try {
      outcome = await this.recorded.lockedRun(ctx, { repo, policy, kind: 'backup' }, () =>
        ofMachine ? this.machines.backup(ctx, policy, repo, restic) : this.backupLocked(ctx, policy, repo, restic, paths),
      );
    } catch (err) {
      const cls = classOf(err, ctx.signal);
      if (cls !== 'cancelled') await this.notifier.runOutcome(policy, cls, err instanceof Error ? err.message : String(err));
      throw err;
    }
    await this.notifier.runOutcome(policy, null, null);
    // Measuring the repository (another restic process) is bookkeeping: it need not hold up the task.
    this.afterTask(this.usage.sample(repo), `measuring ${repo.name}`);
    let pruneTaskId: string | null = null;
    if (policy.keepLast || policy.keepDaily || policy.keepWeekly || policy.keepMonthly) {
      const started = await this.tasks
        .start(
          JobName.BackupPrune,
          { policyId: policy.id },
          { userId: ctx.userId, networkId: policy.networkId, policy },
          {
            key: 'policyId',
            value: policy.id,
            what: `The policy for ${policy.subjectName}`,
          },
        )
        .catch((err: unknown) => {
          void ctx.log('info', `Retention not started: ${(err as Error).message}`);
          return null;
        });
      pruneTaskId = started?.taskId ?? null;
      if (pruneTaskId) await ctx.log('info', `Retention (forget --prune) queued as task ${pruneTaskId}.`);
    }
    await ctx.progress(100, outcome.snapshotId ? `Snapshot ${outcome.snapshotId}` : 'Backed up');
    return { runId: outcome.run.id, snapshotId: outcome.snapshotId, ...outcome.summary, pruneTaskId };
  }

  private async backupLocked(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    repo: BackupRepositoryEntity,
    restic: ResticRepo,
    paths: string[],
  ): Promise<{ snapshotId: string | null; summary: BackupRunSummary }> {
    const features = await this.restic.features();
    const dumps: NonNullable<BackupRunSummary['dumps']> = [];
    const warnings: string[] = [];
    const summary: BackupRunSummary = { dumps, warnings };
    await ctx.log(
      'info',
      `Backing up ${policy.subjectName} to ${repo.name} (${repo.displayLocation}) with ${(await this.restic.version()).text}.`,
    );

    for (const hook of policy.preHooks) {
      ctx.throwIfCancelled();
      await ctx.log('info', `Pre hook "${hook.name}": ${hook.command.join(' ')}`);
      const o = await this.hooks.run(hook, ctx.signal, (line) => void ctx.log('info', `  ${line}`));
      if (!hookSucceeded(o)) throw new BackupJobError('hook-failed', `Pre ${describeHookOutcome(hook, o)}; nothing was backed up.`);
    }
    await ctx.progress(3, 'Pre hooks done');

    const common = ['--json', '--host', policy.subjectName, '--tag', policyTag(policy.id)];
    const dumpShare = paths.length ? 20 : 90;
    for (const [i, hook] of policy.dumpHooks.entries()) {
      ctx.throwIfCancelled();
      const base = 3 + (dumpShare * i) / policy.dumpHooks.length;
      await ctx.progress(base, `Dump ${hook.name}`);
      const dump = await this.dumps.dump(ctx, restic, hook, [...common, '--tag', partTag(`dump:${hook.name}`)], features.stdinFromCommand);
      dumps.push(dump);
      await ctx.log('info', `Dump "${hook.name}": ${mib(dump.bytes)} in snapshot ${dump.snapshotId ?? '—'}.`);
    }

    let files: BackupSummary | null = null;
    let snapshotId: string | null = null;
    if (paths.length) {
      const from = 3 + (policy.dumpHooks.length ? dumpShare : 0);
      const args = ['backup', ...common, '--tag', partTag('files'), ...policy.excludes.map((e) => `--exclude=${e}`), '--', ...paths];
      await ctx.log('info', `restic backup ${paths.join(' ')}`);
      const report = throttle((p: { percent: number; bytesDone: number; totalBytes: number; filesDone: number; totalFiles: number }) => {
        void ctx.progress(
          from + (p.percent / 100) * (95 - from),
          `${mib(p.bytesDone)} of ${mib(p.totalBytes)}, ${p.filesDone} of ${p.totalFiles} files`,
        );
      });
      const unreadable: string[] = [];
      const r = await this.restic.run(restic, args, {
        signal: ctx.signal,
        onStdoutLine: (line) => {
          const parsed = parseBackupLine(line);
          if (parsed.kind === 'progress') report(parsed.progress);
          else if (parsed.kind === 'summary') files = parsed.summary;
        },
        onStderrLine: (line) => {
          const parsed = parseBackupLine(line);
          if (parsed.kind === 'error') {
            unreadable.push(parsed.error.path);
            void ctx.log('warn', `Could not read ${parsed.error.path}: ${parsed.error.message}`);
          } else if (line.trim() && !line.startsWith('{')) void ctx.log('info', line);
        },
      });
      const done = files as BackupSummary | null;
      snapshotId = done?.snapshotId ?? null;
      if (done) Object.assign(summary, filesSummary(done));
      if (r.exitCode !== 0) {
        const err = await this.restic.failure(r, `restic backup of ${policy.subjectName}`, ctx.signal);
        const detail =
          err.errorClass === 'source-unreadable'
            ? `${unreadable.length} file(s) could not be read (${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', …' : ''}); snapshot ${snapshotId ?? '—'} lacks them`
            : err.message;
        throw new BackupJobError(err.errorClass, detail, { ...summary, snapshotId });
      }
      await ctx.log(
        'info',
        done
          ? `Snapshot ${done.snapshotId ?? '(none: nothing changed)'}: ${done.filesNew} new, ${done.filesChanged} changed, ${done.filesUnmodified} unmodified files; ${mib(done.bytesAdded)} added.`
          : 'restic printed no summary.',
      );
    }

    await ctx.progress(96, 'Post hooks');
    for (const hook of policy.postHooks) {
      // Post hooks undo what pre hooks did (restart a service…); a failing one does not undo the snapshot.
      await ctx.log('info', `Post hook "${hook.name}": ${hook.command.join(' ')}`);
      const o = await this.hooks.run(hook, ctx.signal, (line) => void ctx.log('info', `  ${line}`));
      if (!hookSucceeded(o)) {
        const w = `Post ${describeHookOutcome(hook, o)}`;
        warnings.push(w);
        await ctx.log('warn', w);
      }
    }
    // A run that wrote no new snapshot (restic ≥ 0.17 with nothing changed) still succeeded.
    return { snapshotId: snapshotId ?? summary.dumps?.[0]?.snapshotId ?? null, summary: { ...summary, snapshotId } };
  }
}

function filesSummary(s: BackupSummary): BackupRunSummary {
  return {
    filesNew: s.filesNew,
    filesChanged: s.filesChanged,
    filesUnmodified: s.filesUnmodified,
    bytesAdded: s.bytesAdded,
    totalBytes: s.totalBytesProcessed,
    totalFiles: s.totalFilesProcessed,
  };
}
