import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { sleepUnlessCancelled } from '../services/queue/job-context';
import { REDIS } from '../services/redis/redis.module';

const TTL_MS = 30_000;
const RENEW_MS = 10_000;
const POLL_MS = 500;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * One VM action at a time, across every panel process: a Redis lease per
 * machine, renewed while the job runs and expiring 30 s after a worker dies.
 * The API already refuses a second action with 409 (VmTasks); this also
 * orders the tasks the panel starts by itself (a deploy after a build).
 */
@Injectable()
export class VmMutex {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(networkId: string, machine: string): string {
    return `${this.config.queuePrefix}:vm-lock:${networkId}:${machine}`;
  }

  /** Runs `fn` holding the machine's lease; waits for it (honouring `signal`), calling `onWait` once. */
  async run<T>(networkId: string, machine: string, signal: AbortSignal, fn: () => Promise<T>, onWait?: () => Promise<void>): Promise<T> {
    const key = this.key(networkId, machine);
    const token = randomUUID();
    let waited = false;
    // While Redis is away the lease cannot be taken: wait for it like for another holder (the connection fails fast).
    const take = () => this.redis.set(key, token, 'PX', TTL_MS, 'NX').catch(() => null);
    while ((await take()) !== 'OK') {
      if (!waited && onWait) await onWait();
      waited = true;
      await sleepUnlessCancelled(POLL_MS, signal);
    }
    const timer = setInterval(() => void this.redis.eval(RENEW, 1, key, token, String(TTL_MS)).catch(() => undefined), RENEW_MS);
    try {
      return await fn();
    } finally {
      clearInterval(timer);
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
