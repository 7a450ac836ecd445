import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { currentWorkerIdentity, localLiveness, pidExists, type WorkerIdentity } from './worker-identity';

/** Workers running in this process (several apps can share one in tests). */
const LIVE_IN_PROCESS = new Set<string>();

/**
 * Announces that this process's workers are alive (a Redis key with a TTL of
 * three heartbeats, refreshed every heartbeat) and answers whether another
 * worker still is.
 */
@Injectable()
export class WorkerLiveness {
  readonly self: WorkerIdentity = currentWorkerIdentity();
  private readonly logger = new Logger('WorkerLiveness');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  private key(workerId: string): string {
    return `${this.config.queuePrefix}:worker:${workerId}`;
  }

  private get ttlMs(): number {
    return this.config.taskHeartbeatSeconds * 3000;
  }

  async start(): Promise<void> {
    LIVE_IN_PROCESS.add(this.self.id);
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch((err: unknown) => this.logger.warn(`liveness heartbeat failed: ${(err as Error).message}`));
    }, this.config.taskHeartbeatSeconds * 1000);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.key(this.self.id), String(Date.now()), 'PX', this.ttlMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    LIVE_IN_PROCESS.delete(this.self.id);
    await this.redis.del(this.key(this.self.id)).catch(() => undefined);
  }

  async isAlive(workerId: string | null): Promise<boolean> {
    if (!workerId) return false;
    const local = localLiveness(workerId, this.self, pidExists, LIVE_IN_PROCESS);
    if (local !== 'ask-redis') return local === 'alive';
    return (await this.redis.exists(this.key(workerId))) === 1;
  }
}
