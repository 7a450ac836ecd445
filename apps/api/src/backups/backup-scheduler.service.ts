import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { JobName, QUEUE_CONCURRENCY, QueueName } from '../services/queue/queue.catalogue';
import { createRedis } from '../services/redis/redis.module';
import type { BackupPolicyEntity } from './backup-policy.entity';
import { BackupPolicies } from './backup-policies.service';
import { BackupTasks } from './backup-tasks.service';

type What = 'backup' | 'check';
interface TriggerData {
  policyId: string;
  what: What;
}

const TRIGGER_JOB = 'backup.trigger';
const schedulerId = (what: What, policyId: string) => `${what}:${policyId}`;

/**
 * Policy schedules as BullMQ job schedulers (cron) on the `backup-trigger`
 * queue: one for backups, one for checks, per policy. A trigger only starts
 * a task (the task system runs it); a policy whose previous run is still
 * queued or running skips that beat. Schedulers live in Redis, so they are
 * re-synced from the database at start-up and on every policy change.
 */
@Injectable()
export class BackupScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BackupScheduler');
  private connection: Redis | null = null;
  private queue: Queue<TriggerData> | null = null;
  private worker: Worker<TriggerData> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: BackupPolicies,
    private readonly tasks: BackupTasks,
  ) {}

  private redis(): Redis {
    this.connection ??= createRedis(this.config, 'backup-schedules');
    return this.connection;
  }

  private q(): Queue<TriggerData> {
    this.queue ??= new Queue<TriggerData>(QueueName.BackupTrigger, { connection: this.redis(), prefix: this.config.queuePrefix });
    return this.queue;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    this.worker = new Worker<TriggerData>(QueueName.BackupTrigger, (job) => this.process(job), {
      connection: this.redis(),
      prefix: this.config.queuePrefix,
      concurrency: QUEUE_CONCURRENCY[QueueName.BackupTrigger],
    });
    this.worker.on('error', (err: Error) => this.logger.warn(`worker: ${err.message}`));
    await this.syncAll().catch((err: unknown) => this.logger.warn(`syncing backup schedules: ${(err as Error).message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.close().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
    this.queue = null;
    const c = this.connection;
    this.connection = null;
    if (c) await c.quit().catch(() => c.disconnect());
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
    const q = this.q();
    const wanted = policy ? this.wanted(policy) : [];
    for (const what of ['backup', 'check'] as const) {
      const w = wanted.find((x) => x.what === what);
      if (w) {
        await q.upsertJobScheduler(schedulerId(what, policyId), { pattern: w.pattern }, { name: TRIGGER_JOB, data: { policyId, what } });
      } else {
        await q.removeJobScheduler(schedulerId(what, policyId));
      }
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
    for (const s of await this.q().getJobSchedulers(0, -1)) {
      const id = s.key;
      if (id && !known.has(id)) await this.q().removeJobScheduler(id);
    }
  }

  /** The schedulers in Redis (for status and tests): id → next run. */
  async list(): Promise<{ id: string; pattern: string | null; next: number | null }[]> {
    return (await this.q().getJobSchedulers(0, -1)).map((s) => ({ id: s.key, pattern: s.pattern ?? null, next: s.next ?? null }));
  }

  async process(job: Job<TriggerData>): Promise<void> {
    const { policyId, what } = job.data ?? ({} as TriggerData);
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
