import { readdir, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import { VmMutex } from '../vms/vm-mutex';
import { describeHookOutcome, hookSucceeded, runHook, startHook } from './backup-hooks';
import { isWithin } from './backup-paths';
import { BackupPolicies, partTag, policyNotFound, policyTag } from './backup-policies.service';
import type { BackupPolicyEntity } from './backup-policy.entity';
import { BackupRepositories, repositoryNotFound } from './backup-repositories.service';
import type { BackupRepositoryEntity } from './backup-repository.entity';
import type { BackupRunEntity, BackupRunKind, BackupRunSummary } from './backup-run.entity';
import { BackupRuns } from './backup-runs.store';
import { BackupNotifier } from './backup-notifier';
import { BackupTasks } from './backup-tasks.service';
import { BackupUsage } from './backup-usage.service';
import type { ResticErrorClass } from './restic/restic-errors';
import { type BackupSummary, parseBackupLine, parseCheckProgress, parseLsLines, parseRestoreLine } from './restic/restic-output';
import { ResticError, type ResticRepo, ResticService } from './restic/restic.service';

/** A backup job's failure with its class (docs/backups.md, "Errors"). */
export class BackupJobError extends Error {
  constructor(
    readonly errorClass: ResticErrorClass,
    message: string,
    readonly summary: BackupRunSummary = {},
  ) {
    super(message);
    this.name = 'BackupJobError';
  }
}

const PROGRESS_EVERY_MS = 500;

function classOf(err: unknown, signal: AbortSignal): ResticErrorClass {
  if (signal.aborted) return 'cancelled';
  if (err instanceof ResticError || err instanceof BackupJobError) return err.errorClass;
  return 'other';
}

/** Calls `fn` at most every PROGRESS_EVERY_MS (and always for the final value). */
function throttle<T>(fn: (v: T) => void): (v: T, force?: boolean) => void {
  let last = 0;
  return (v, force = false) => {
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    fn(v);
  };
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The backup jobs (docs/backups.md): backup, prune, check, restore, init.
 * Everything that writes to a repository holds its lease (one writer per
 * repository across panel processes); listing and polling use --no-lock.
 */
@Injectable()
export class BackupJobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger('BackupJobs');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: BackupPolicies,
    private readonly repositories: BackupRepositories,
    private readonly runs: BackupRuns,
    private readonly restic: ResticService,
    private readonly mutex: VmMutex,
    private readonly tasks: BackupTasks,
    private readonly notifier: BackupNotifier,
    private readonly usage: BackupUsage,
  ) {}

  private readonly pending = new Set<Promise<unknown>>();

  /** Work that follows a task without delaying it; shutdown waits for it. */
  private afterTask(work: Promise<unknown>, what: string): void {
    const p = work.catch((err: unknown) => this.logger.warn(`${what}: ${(err as Error).message}`)).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async policyOf(ctx: JobContext, policyId: string): Promise<{ policy: BackupPolicyEntity; repo: BackupRepositoryEntity }> {
    if (!ctx.networkId) throw new BackupJobError('other', 'This task names no network.');
    const policy = await this.policies.require(ctx.networkId, policyId).catch(() => {
      throw new BackupJobError('other', policyNotFound().message);
    });
    const repo = await this.repositories.require(ctx.networkId, policy.repositoryId);
    return { policy, repo };
  }

  private async repositoryOf(ctx: JobContext, repositoryId: string): Promise<BackupRepositoryEntity> {
    if (!ctx.networkId) throw new BackupJobError('other', 'This task names no network.');
    return this.repositories.require(ctx.networkId, repositoryId).catch(() => {
      throw new BackupJobError('other', repositoryNotFound().message);
    });
  }

  /** Holds the repository's lease around `fn`, saying so when it has to wait. */
  private locked<T>(ctx: JobContext, repo: BackupRepositoryEntity, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run('backup-repository', repo.id, ctx.signal, fn, () =>
      ctx.log('info', `Waiting for another task on repository ${repo.name} to finish…`),
    );
  }

  /** Runs `fn` as a recorded run: the row, its outcome, and a classified failure. */
  private async recorded(
    ctx: JobContext,
    start: { repo: BackupRepositoryEntity; policy: BackupPolicyEntity | null; kind: BackupRunKind },
    fn: (run: BackupRunEntity) => Promise<{ snapshotId?: string | null; summary: BackupRunSummary }>,
  ): Promise<{ run: BackupRunEntity; snapshotId: string | null; summary: BackupRunSummary }> {
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

  // ── backup ───────────────────────────────────────────────────────────────

  @JobHandler(JobName.BackupRun)
  async backup(ctx: JobContext<JobName.BackupRun>): Promise<Record<string, unknown>> {
    const { policy, repo } = await this.policyOf(ctx, ctx.payload.policyId);
    if (policy.runner !== 'panel') {
      throw new BackupJobError('other', `${policy.subjectName} backs itself up (runner "device"); the panel runs nothing for it.`);
    }
    const { paths } = await this.policies.planOf(policy);
    if (!paths.length && !policy.dumpHooks.length) {
      throw new BackupJobError(
        'source-missing',
        `The policy for ${policy.subjectName} names no paths and no dump hooks: nothing to back up.`,
      );
    }
    const restic = this.repositories.open(repo);
    let outcome: Awaited<ReturnType<BackupJobs['recorded']>>;
    try {
      outcome = await this.locked(ctx, repo, () =>
        this.recorded(ctx, { repo, policy, kind: 'backup' }, () => this.backupLocked(ctx, policy, repo, restic, paths)),
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
    const hookEnv = this.config.hostCommandEnv;
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
      const o = await runHook(hook, hookEnv, ctx.signal, (line) => void ctx.log('info', `  ${line}`));
      if (!hookSucceeded(o)) throw new BackupJobError('hook-failed', `Pre ${describeHookOutcome(hook, o)}; nothing was backed up.`);
    }
    await ctx.progress(3, 'Pre hooks done');

    const common = ['--json', '--host', policy.subjectName, '--tag', policyTag(policy.id)];
    const dumpShare = paths.length ? 20 : 90;
    for (const [i, hook] of policy.dumpHooks.entries()) {
      ctx.throwIfCancelled();
      const base = 3 + (dumpShare * i) / policy.dumpHooks.length;
      await ctx.progress(base, `Dump ${hook.name}`);
      const dump = await this.dump(
        ctx,
        restic,
        hook,
        [...common, '--tag', partTag(`dump:${hook.name}`)],
        features.stdinFromCommand,
        hookEnv,
      );
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
      const o = await runHook(hook, hookEnv, ctx.signal, (line) => void ctx.log('info', `  ${line}`));
      if (!hookSucceeded(o)) {
        const w = `Post ${describeHookOutcome(hook, o)}`;
        warnings.push(w);
        await ctx.log('warn', w);
      }
    }
    // A run that wrote no new snapshot (restic ≥ 0.17 with nothing changed) still succeeded.
    return { snapshotId: snapshotId ?? summary.dumps?.[0]?.snapshotId ?? null, summary: { ...summary, snapshotId } };
  }

  /**
   * One dump hook into its own snapshot (file /<name>). restic ≥ 0.17 runs
   * the command itself (--stdin-from-command) and fails when it fails; older
   * restic reads our pipe, so a failed command's partial snapshot is forgotten.
   */
  private async dump(
    ctx: JobContext,
    restic: ResticRepo,
    hook: { name: string; command: string[] },
    tags: string[],
    fromCommand: boolean,
    hookEnv: Record<string, string>,
  ): Promise<{ name: string; snapshotId: string | null; bytes: number }> {
    let summary: BackupSummary | null = null;
    const onStdoutLine = (line: string) => {
      const parsed = parseBackupLine(line);
      if (parsed.kind === 'summary') summary = parsed.summary;
    };
    const stderrLines: string[] = [];
    const onStderrLine = (line: string) => {
      if (line.trim()) stderrLines.push(line);
    };
    if (fromCommand) {
      const r = await this.restic.run(
        restic,
        ['backup', ...tags, '--stdin-filename', hook.name, '--stdin-from-command', '--', ...hook.command],
        {
          signal: ctx.signal,
          onStdoutLine,
          onStderrLine,
        },
      );
      if (r.exitCode !== 0) {
        const err = await this.restic.failure(r, `dump hook "${hook.name}"`, ctx.signal);
        throw new BackupJobError(err.errorClass === 'other' ? 'hook-failed' : err.errorClass, err.message);
      }
    } else {
      const started = startHook({ name: hook.name, command: hook.command }, hookEnv, {
        signal: ctx.signal,
        pipeStdout: true,
        onLine: (l) => void ctx.log('info', `  ${l}`),
      });
      const [r, o] = await Promise.all([
        this.restic.run(restic, ['backup', ...tags, '--stdin', '--stdin-filename', hook.name], {
          signal: ctx.signal,
          stdin: started.stdout,
          onStdoutLine,
          onStderrLine,
        }),
        started.done,
      ]);
      const written = (summary as BackupSummary | null)?.snapshotId ?? null;
      if (!hookSucceeded(o)) {
        if (written) {
          // restic saved whatever the command printed before it failed: not a dump anyone should restore.
          const forgot = await this.restic.run(restic, ['forget', written], { signal: ctx.signal });
          await ctx.log(
            forgot.exitCode === 0 ? 'info' : 'warn',
            `Forgot the partial dump snapshot ${written}${forgot.exitCode === 0 ? '' : ' (failed; forget it by hand)'}.`,
          );
        }
        throw new BackupJobError('hook-failed', `Dump ${describeHookOutcome(hook, o)}; its snapshot was discarded.`);
      }
      if (r.exitCode !== 0) throw await this.restic.failure(r, `restic backup of dump "${hook.name}"`, ctx.signal);
    }
    const s = summary as BackupSummary | null;
    return { name: hook.name, snapshotId: s?.snapshotId ?? null, bytes: s?.totalBytesProcessed ?? 0 };
  }

  // ── prune ────────────────────────────────────────────────────────────────

  @JobHandler(JobName.BackupPrune)
  async prune(ctx: JobContext<JobName.BackupPrune>): Promise<Record<string, unknown>> {
    const { policy, repo } = await this.policyOf(ctx, ctx.payload.policyId);
    const keep: string[] = [];
    if (policy.keepLast) keep.push('--keep-last', String(policy.keepLast));
    if (policy.keepDaily) keep.push('--keep-daily', String(policy.keepDaily));
    if (policy.keepWeekly) keep.push('--keep-weekly', String(policy.keepWeekly));
    if (policy.keepMonthly) keep.push('--keep-monthly', String(policy.keepMonthly));
    if (!keep.length) {
      await ctx.log('info', `The policy for ${policy.subjectName} keeps every snapshot (no keep-* rule): nothing to forget.`);
      return { forgotten: 0 };
    }
    const restic = this.repositories.open(repo);
    const out = await this.locked(ctx, repo, () =>
      this.recorded(ctx, { repo, policy, kind: 'prune' }, async () => {
        // Only this policy's snapshots, grouped by part (files, each dump) so one never crowds out another.
        const args = ['forget', '--json', '--prune', '--tag', policyTag(policy.id), '--group-by', 'tags', ...keep];
        await ctx.log('info', `restic ${args.join(' ')}`);
        await ctx.progress(10, 'Forgetting old snapshots and pruning');
        const r = await this.restic.ok(restic, args, `restic forget --prune on ${repo.name}`, {
          signal: ctx.signal,
          onStderrLine: (l) => void (l.trim() && ctx.log('info', l)),
        });
        let forgotten = 0;
        let kept = 0;
        for (const line of r.stdout.split('\n')) {
          if (!line.startsWith('[')) continue;
          for (const g of JSON.parse(line) as { keep?: unknown[] | null; remove?: unknown[] | null }[]) {
            kept += g.keep?.length ?? 0;
            forgotten += g.remove?.length ?? 0;
          }
        }
        await ctx.log('info', `Kept ${kept} snapshot(s), forgot ${forgotten}.`);
        return { summary: { kept, forgotten } };
      }),
    );
    await this.usage.sample(repo).catch(() => undefined);
    await ctx.progress(100, `Forgot ${String(out.summary['forgotten'])} snapshot(s)`);
    return { runId: out.run.id, ...out.summary };
  }

  // ── check ────────────────────────────────────────────────────────────────

  @JobHandler(JobName.BackupCheck)
  async check(ctx: JobContext<JobName.BackupCheck>): Promise<Record<string, unknown>> {
    const repo = await this.repositoryOf(ctx, ctx.payload.repositoryId);
    const policy = ctx.payload.policyId ? await this.policies.rows.findOneBy({ id: ctx.payload.policyId }) : null;
    const subset = ctx.payload.readDataSubset;
    const restic = this.repositories.open(repo);
    let failure: string | null = null;
    try {
      await this.locked(ctx, repo, () =>
        this.recorded(ctx, { repo, policy, kind: 'check' }, async () => {
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
        }),
      );
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

  // ── restore ──────────────────────────────────────────────────────────────

  @JobHandler(JobName.BackupRestore)
  async restore(ctx: JobContext<JobName.BackupRestore>): Promise<Record<string, unknown>> {
    const repo = await this.repositoryOf(ctx, ctx.payload.repositoryId);
    const { snapshotId, path, target } = ctx.payload;
    const restic = this.repositories.open(repo);
    const features = await this.restic.features();
    const out = await this.locked(ctx, repo, () =>
      this.recorded(ctx, { repo, policy: null, kind: 'restore' }, async () => {
        await ctx.log(
          'info',
          `Restoring ${path} of snapshot ${snapshotId.slice(0, 8)} from ${repo.name} to ${target ? `${target}${path}` : 'its original location'}.`,
        );
        const listing = await this.restic.ok(
          restic,
          ['ls', '--json', '--no-lock', snapshotId],
          `restic ls of snapshot ${snapshotId.slice(0, 8)}`,
          {
            signal: ctx.signal,
          },
        );
        const entries = parseLsLines(listing.stdout).entries.filter((e) => isWithin(e.path, [path]));
        if (!entries.length) throw new BackupJobError('other', `Snapshot ${snapshotId.slice(0, 8)} has nothing at ${path}.`);
        const totalBytes = entries.reduce((n, e) => n + (e.type === 'file' ? (e.size ?? 0) : 0), 0);
        const files = entries.filter((e) => e.type === 'file').length;
        const root = target ?? '/';
        const args = ['restore', snapshotId, '--target', root, '--include', path, ...(features.restoreJson ? ['--json'] : [])];
        await ctx.log('info', `restic ${args.join(' ')} (${files} files, ${mib(totalBytes)})`);
        const report = throttle(
          (done: number) =>
            void ctx.progress(5 + Math.min(1, totalBytes ? done / totalBytes : 1) * 90, `${mib(done)} of ${mib(totalBytes)}`),
        );
        // restic < 0.16 reports no restore progress: measure what has landed on disk instead.
        const watched = join(root, path);
        const poll = features.restoreJson ? null : setInterval(() => void sizeUnder(watched).then((n) => report(n)), 1000);
        try {
          await this.restic.ok(restic, args, `restic restore of ${path}`, {
            signal: ctx.signal,
            onStdoutLine: (l) => {
              const p = parseRestoreLine(l);
              if (p) report(p.bytesDone);
            },
            onStderrLine: (l) => void (l.trim() && ctx.log('warn', l)),
          });
        } finally {
          if (poll) clearInterval(poll);
        }
        report(totalBytes, true);
        await ctx.log('info', `Restored ${files} files (${mib(totalBytes)}) to ${watched}.`);
        return { snapshotId, summary: { path, target: watched, files, bytes: totalBytes } };
      }),
    );
    await ctx.progress(100, `Restored to ${String(out.summary['target'])}`);
    return { runId: out.run.id, ...out.summary };
  }

  // ── init ─────────────────────────────────────────────────────────────────

  @JobHandler(JobName.BackupInit)
  async init(ctx: JobContext<JobName.BackupInit>): Promise<Record<string, unknown>> {
    const repo = await this.repositoryOf(ctx, ctx.payload.repositoryId);
    const restic = this.repositories.open(repo);
    const out = await this.locked(ctx, repo, () =>
      this.recorded(ctx, { repo, policy: null, kind: 'init' }, async () => {
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
      }),
    );
    await this.repositories.rows.update({ id: repo.id }, { initializedAt: new Date(), pollError: null, pollErrorClass: null });
    await this.usage.sample(repo).catch(() => undefined);
    await ctx.progress(100, out.summary['created'] ? `Repository ${repo.name} created` : `Repository ${repo.name} already existed`);
    return { runId: out.run.id, ...out.summary };
  }
}

/** Bytes of regular files at or under `path` (what a restore has written so far). */
async function sizeUnder(path: string): Promise<number> {
  let total = 0;
  const walk = async (p: string): Promise<void> => {
    const st = await lstat(p).catch(() => null);
    if (!st) return;
    if (st.isFile()) total += st.size;
    else if (st.isDirectory()) for (const name of await readdir(p).catch(() => [] as string[])) await walk(join(p, name));
  };
  await walk(path);
  return total;
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
