import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { isWithin } from '../backup-paths';
import { BackupRepositories } from '../backup-repositories.service';
import { parseLsLines, parseRestoreLine } from '../restic/restic-output';
import { ResticService } from '../restic/restic.service';
import { BackupJobError } from './backup-job-error';
import { mib, throttle } from './progress';
import { RecordedRuns } from './recorded-runs';

/** Restores a path of a snapshot to where it was or under another directory, with progress. */
@Injectable()
export class BackupRestoreJob {
  constructor(
    private readonly recorded: RecordedRuns,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
  ) {}

  @JobHandler(JobName.BackupRestore)
  async restore(ctx: JobContext<JobName.BackupRestore>): Promise<Record<string, unknown>> {
    const repo = await this.recorded.repositoryOf(ctx, ctx.payload.repositoryId);
    const { snapshotId, path, target } = ctx.payload;
    const restic = this.repositories.open(repo);
    const features = await this.restic.features();
    const out = await this.recorded.lockedRun(ctx, { repo, policy: null, kind: 'restore' }, async () => {
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
        (done: number) => void ctx.progress(5 + Math.min(1, totalBytes ? done / totalBytes : 1) * 90, `${mib(done)} of ${mib(totalBytes)}`),
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
    });
    await ctx.progress(100, `Restored to ${String(out.summary['target'])}`);
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
