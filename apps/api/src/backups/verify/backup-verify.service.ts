import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Principal } from '../../common/authz/principal';
import { conflict } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { InternalJobName, JobName } from '../../services/queue/queue.catalogue';
import { QueueService } from '../../services/queue/queue.service';
import type { TaskStartedDto } from '../../tasks/dto/task.dto';
import { BackupPolicies, policyTag } from '../backup-policies.service';
import { BackupRepositories } from '../backup-repositories.service';
import { parseSnapshots } from '../restic/restic-output';
import { ResticService } from '../restic/restic.service';
import type { BackupPolicyEntity } from '../backup-policy.entity';
import { BackupTasks } from '../backup-tasks.service';
import { BackupVerifications } from './backup-verifications.store';
import { verificationDue } from './verify-plan';

/** The job scheduler of the daily sweep (internal job `backup.verify-sweep`). */
export const VERIFY_SWEEP_ID = 'verify-sweep';
/** Every day at 04:30: late enough that the night's backups are done. */
const VERIFY_SWEEP_PATTERN = '30 4 * * *';

/**
 * Starts verified restores (docs/backups.md, "Verified restores"): on demand
 * for one machine policy, and from a daily sweep that starts the ones whose
 * last verification is older than CLAN_VERIFY_DAYS. One per policy may be
 * queued or running.
 */
@Injectable()
export class BackupVerifyService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackupVerify');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: BackupPolicies,
    private readonly tasks: BackupTasks,
    private readonly verifications: BackupVerifications,
    private readonly queue: QueueService,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    const sync =
      this.config.verifyDays > 0
        ? this.queue.schedule(InternalJobName.BackupVerifySweep, VERIFY_SWEEP_ID, VERIFY_SWEEP_PATTERN, {})
        : this.queue.unschedule(InternalJobName.BackupVerifySweep, VERIFY_SWEEP_ID);
    await sync.catch((err: unknown) => this.logger.warn(`syncing the verified-restore schedule: ${(err as Error).message}`));
  }

  async verifyNow(principal: Principal, networkId: string, policyId: string): Promise<TaskStartedDto> {
    const policy = await this.policies.require(networkId, policyId);
    if (policy.subjectKind !== 'machine') {
      throw conflict(
        `${policy.subjectName} is a device: only machine backups can be booted in a throw-away VM to verify them. Restore a file from it instead.`,
      );
    }
    if (!(await this.hasSnapshot(policy))) {
      throw conflict(`The policy for ${policy.subjectName} has no snapshot in its repository yet; run a backup first, then verify it.`);
    }
    return this.start(policy, 'manual', principal.userId);
  }

  /** Whether the policy's repository holds a snapshot of it (an unreadable repository is a 409 sentence). */
  private async hasSnapshot(policy: BackupPolicyEntity): Promise<boolean> {
    const repo = await this.repositories.require(policy.networkId, policy.repositoryId);
    const r = await this.restic.run(this.repositories.open(repo), ['snapshots', '--json', '--no-lock', '--tag', policyTag(policy.id)]);
    if (r.exitCode !== 0) {
      const err = await this.restic.failure(r, `Backup repository ${repo.name} could not be read`);
      throw conflict(`${err.message}; nothing can be verified until it can.`);
    }
    return parseSnapshots(r.stdout).length > 0;
  }

  private start(policy: BackupPolicyEntity, trigger: 'manual' | 'schedule', userId: string | null): Promise<TaskStartedDto> {
    return this.tasks.start(
      JobName.BackupVerify,
      { policyId: policy.id, trigger },
      { userId, networkId: policy.networkId, policy },
      { key: 'policyId', value: policy.id, what: `The policy for ${policy.subjectName}` },
    );
  }

  /** One beat of the daily sweep: a verified restore for every enabled machine policy that is due. */
  @JobHandler(InternalJobName.BackupVerifySweep)
  async sweep(): Promise<void> {
    const now = new Date();
    const policies = (await this.policies.rows.find({ where: { subjectKind: 'machine', enabled: true } })).filter((p) => p.lastSuccessAt);
    const latest = await this.verifications.latest(policies.map((p) => p.id));
    for (const p of policies) {
      if (!verificationDue(latest.get(p.id)?.verifiedAt ?? null, p.lastSuccessAt, this.config.verifyDays, now)) continue;
      await this.start(p, 'schedule', null).catch((err: unknown) =>
        this.logger.log(`scheduled verified restore of ${p.subjectName} skipped: ${(err as Error).message}`),
      );
    }
  }
}
