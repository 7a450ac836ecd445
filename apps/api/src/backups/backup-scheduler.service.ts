import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { InternalJobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { InternalJobName, JobName } from '../services/queue/queue.catalogue';
import { type ScheduledJob, QueueService } from '../services/queue/queue.service';
import type { BackupPolicyEntity } from './backup-policy.entity';
import { BackupPolicies } from './backup-policies.service';
import { BackupTasks } from './backup-tasks.service';

type What = 'backup' | 'check';

const schedulerId = (what: What, policyId: string) => `${what}:${policyId}`;

/**
 * Policy schedules as BullMQ job schedulers (cron) of the internal job
 * `backup.trigger` (queue.catalogue.ts): one for backups, one for checks, per
 * policy. A trigger only starts a task (the task system runs it); a policy
 * whose previous run is still queued or running skips that beat. Schedulers
 * live in Redis, so they are re-synced from the database at start-up and on
 * every policy change.
 */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('BackupScheduler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: BackupPolicies,
    private readonly tasks: BackupTasks,
    private readonly queue: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.syncAll().catch((err: unknown) => this.logger.warn(`syncing backup schedules: ${(err as Error).message}`));
  }

  /** The schedulers a policy should have. */
  private wanted(p: BackupPolicyEntity): { what: What; pattern: string }[] {
    if (!p.enabled) return [];
    const out: { what: What; pattern: string }[] = [];
    if (p.runner === 'panel' && p.schedule) out.push({ what: 'backup', pattern: p.schedule });
    if (p.checkSchedule) out.push({ what: 'check', pattern: p.checkSchedule });
    return out;
  }

  /** Makes Redis match one policy (null: it was deleted). */
  async sync(policyId: string, policy: BackupPolicyEntity | null): Promise<void> {
    const wanted = policy ? this.wanted(policy) : [];
    for (const what of ['backup', 'check'] as const) {
      const w = wanted.find((x) => x.what === what);
      const id = schedulerId(what, policyId);
      if (w) await this.queue.schedule(InternalJobName.BackupTrigger, id, w.pattern, { policyId, what });
      else await this.queue.unschedule(InternalJobName.BackupTrigger, id);
    }
  }

  /** Every policy's schedulers, and none for policies that are gone. */
  async syncAll(): Promise<void> {
    const policies = await this.policies.rows.find();
    const known = new Set<string>();
    for (const p of policies) {
      await this.sync(p.id, p);
      for (const w of this.wanted(p)) known.add(schedulerId(w.what, p.id));
    }
    for (const s of await this.queue.schedules(InternalJobName.BackupTrigger)) {
      if (s.id && !known.has(s.id)) await this.queue.unschedule(InternalJobName.BackupTrigger, s.id);
    }
  }

  /** The schedulers in Redis (for status and tests): id → next run. */
  list(): Promise<ScheduledJob[]> {
    return this.queue.schedules(InternalJobName.BackupTrigger);
  }

  /** One beat of a policy's schedule: starts its backup or check task, or skips the beat when one is still queued or running. */
  @JobHandler(InternalJobName.BackupTrigger)
  async trigger(ctx: InternalJobContext<InternalJobName.BackupTrigger>): Promise<void> {
    const { policyId, what } = ctx.payload;
    if (typeof policyId !== 'string') return;
    const policy = await this.policies.rows.findOneBy({ id: policyId });
    if (!policy) {
      await this.sync(policyId, null);
      return;
    }
    try {
      if (what === 'backup') {
        await this.tasks.start(
          JobName.BackupRun,
          { policyId, trigger: 'schedule' },
          { userId: null, networkId: policy.networkId, policy },
          { key: 'policyId', value: policyId, what: `The policy for ${policy.subjectName}` },
        );
      } else {
        await this.tasks.start(
          JobName.BackupCheck,
          { repositoryId: policy.repositoryId, readDataSubset: policy.checkReadDataSubset, policyId },
          { userId: null, networkId: policy.networkId, policy },
          { key: 'repositoryId', value: policy.repositoryId, what: 'The repository' },
        );
      }
    } catch (err) {
      this.logger.log(`scheduled ${what} of ${policy.subjectName} skipped: ${(err as Error).message}`);
    }
  }
}
