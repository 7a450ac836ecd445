import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { BackupNotifier } from './backup-notifier';
import { BackupPolicies, policyTag } from './backup-policies.service';
import type { BackupPolicyEntity } from './backup-policy.entity';
import { BackupRepositories } from './backup-repositories.service';
import type { BackupRepositoryEntity } from './backup-repository.entity';
import { BackupUsage } from './backup-usage.service';
import { parseSnapshots } from './restic/restic-output';
import { ResticError, ResticService } from './restic/restic.service';

/**
 * The dead-man switch. Every CLAN_BACKUP_POLL_SECONDS the panel lists the
 * snapshots of every repository itself (`restic snapshots --json`), so a
 * device whose timer died — or that backs up without checking in — is seen
 * either way; it samples repository usage, then re-evaluates every policy's
 * freshness and emits it (the notifications module delivers changes only).
 */
@Injectable()
export class BackupMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BackupMonitor');
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  /** Aborted at shutdown: a poll stops between repositories and its running restic is interrupted. */
  private readonly stopping = new AbortController();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repositories: BackupRepositories,
    private readonly policies: BackupPolicies,
    private readonly usage: BackupUsage,
    private readonly restic: ResticService,
    private readonly notifier: BackupNotifier,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.timer = setInterval(() => void this.pollAll(), this.config.backupPollSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.polling?.catch(() => undefined);
  }

  /** Polls every repository of every network (one poll at a time). */
  pollAll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        const networks = await this.repositories.rows
          .createQueryBuilder('r')
          .select('DISTINCT r.network_id', 'id')
          .getRawMany<{ id: string }>();
        const withPolicies = await this.policies.rows
          .createQueryBuilder('p')
          .select('DISTINCT p.network_id', 'id')
          .getRawMany<{ id: string }>();
        for (const id of new Set([...networks, ...withPolicies].map((n) => n.id))) {
          if (this.stopping.signal.aborted) return;
          await this.pollNetwork(id);
        }
      } catch (err) {
        this.logger.warn(`backup poll failed: ${(err as Error).message}`);
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  /** Polls one network's repositories, then evaluates (and notifies) its policies. */
  async pollNetwork(networkId: string): Promise<void> {
    const repos = await this.repositories.rows.find({ where: { networkId } });
    const policies = await this.policies.rows.find({ where: { networkId } });
    for (const repo of repos) {
      if (this.stopping.signal.aborted) return;
      await this.pollRepository(
        repo,
        policies.filter((p) => p.repositoryId === repo.id),
      );
    }
    await this.evaluate(networkId);
  }

  /** Emits the freshness of every enabled policy of the network (and the integrity of its repositories). */
  async evaluate(networkId: string): Promise<void> {
    const now = new Date();
    for (const p of await this.policies.rows.find({ where: { networkId, enabled: true } })) await this.notifier.freshness(p, now);
    for (const r of await this.repositories.rows.find({ where: { networkId } })) await this.notifier.integrity(r);
  }

  private async pollRepository(repo: BackupRepositoryEntity, policies: BackupPolicyEntity[]): Promise<void> {
    const now = new Date();
    try {
      const r = await this.restic.ok(
        this.repositories.open(repo),
        ['snapshots', '--json', '--no-lock'],
        `restic snapshots of ${repo.name}`,
        { signal: this.stopping.signal },
      );
      const snapshots = parseSnapshots(r.stdout);
      await this.repositories.rows.update(
        { id: repo.id },
        { polledAt: now, pollError: null, pollErrorClass: null, initializedAt: repo.initializedAt ?? now },
      );
      // Devices back up by themselves: a snapshot they made counts even when their check-in never arrived.
      for (const p of policies.filter((x) => x.runner === 'device')) {
        const newest = snapshots
          .filter((s) => s.tags.includes(policyTag(p.id)))
          .reduce<{ time: string; id: string } | null>((a, s) => (!a || s.time > a.time ? s : a), null);
        if (!newest) continue;
        const at = new Date(newest.time);
        if (!p.lastSuccessAt || at > p.lastSuccessAt) {
          await this.policies.rows.update({ id: p.id }, { lastSuccessAt: at, lastSnapshotId: newest.id.slice(0, 64) });
          this.logger.log(`found a newer snapshot of ${p.subjectName} (${newest.id.slice(0, 8)}) than its last check-in`);
        }
      }
      await this.usage.sample(repo, this.stopping.signal);
    } catch (err) {
      // Interrupted by shutdown: not the repository's fault, record nothing.
      if (this.stopping.signal.aborted) return;
      const cls = err instanceof ResticError ? err.errorClass : 'other';
      await this.repositories.rows.update(
        { id: repo.id },
        { polledAt: now, pollError: (err as Error).message.slice(0, 2000), pollErrorClass: cls },
      );
    }
  }
}
