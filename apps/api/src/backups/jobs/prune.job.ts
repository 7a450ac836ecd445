import { Injectable } from '@nestjs/common';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { policyTag } from '../backup-policies.service';
import { BackupRepositories } from '../backup-repositories.service';
import { BackupUsage } from '../backup-usage.service';
import { ResticService } from '../restic/restic.service';
import { RecordedRuns } from './recorded-runs';

/** Retention: `restic forget --prune` with the policy's keep-* rules, on its own snapshots only. */
@Injectable()
export class BackupPruneJob {
  constructor(
    private readonly recorded: RecordedRuns,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
    private readonly usage: BackupUsage,
  ) {}

  @JobHandler(JobName.BackupPrune)
  async prune(ctx: JobContext<JobName.BackupPrune>): Promise<Record<string, unknown>> {
    const { policy, repo } = await this.recorded.policyOf(ctx, ctx.payload.policyId);
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
    const out = await this.recorded.lockedRun(ctx, { repo, policy, kind: 'prune' }, async () => {
      // Only this policy's snapshots, grouped by part (files, each dump) so one never crowds out another.
      // A machine's snapshots also carry the revision and generation it ran: grouped by paths instead
      // (its files, its state disk image), so a new generation does not start a new group.
      const groupBy = policy.subjectKind === 'machine' ? 'host,paths' : 'tags';
      const args = ['forget', '--json', '--prune', '--tag', policyTag(policy.id), '--group-by', groupBy, ...keep];
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
    });
    await this.usage.sample(repo).catch(() => undefined);
    await ctx.progress(100, `Forgot ${String(out.summary['forgotten'])} snapshot(s)`);
    return { runId: out.run.id, ...out.summary };
  }
}
