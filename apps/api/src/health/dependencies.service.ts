import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { REDIS, redisAddress } from '../services/redis/redis.module';
import type { ComponentHealthDto } from './health.dto';

const PROBE_TIMEOUT_MS = 3000;
/** An outage verdict is reused this long, so a burst of failing requests probes once. */
const OUTAGE_CACHE_MS = 1000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * The two dependencies the panel cannot work without, PostgreSQL and Redis:
 * their health (for GET /api/health) and, for a request that failed
 * unexpectedly, whether one of them is away — then the answer is 503 with a
 * sentence naming it rather than a 500 (AllExceptionsFilter). Both reconnect
 * by themselves (TypeORM's pool, ioredis), so nothing here restarts anything.
 */
@Injectable()
export class Dependencies {
  private outageAt = 0;
  private outageValue: Promise<DomainError | null> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  databaseMessage(reason: string): string {
    return (
      `The panel's database (PostgreSQL) is not reachable (${reason}). Requests that need it answer 503 until it is back; ` +
      'the panel reconnects by itself. Check that PostgreSQL runs (`sudo systemctl status postgresql`).'
    );
  }

  redisMessage(reason: string): string {
    return (
      `Redis at ${redisAddress(this.config.redis)} is not reachable (${reason}). Tasks cannot be started and wait until it is back; ` +
      'the panel reconnects by itself. Check that Redis runs (`sudo systemctl status redis-server`, or the redis unit of the panel).'
    );
  }

  async database(): Promise<ComponentHealthDto> {
    const t0 = Date.now();
    try {
      const rows = await withTimeout(this.db.query('SELECT version() AS v'), PROBE_TIMEOUT_MS, 'database');
      const v = String((rows as { v: string }[])[0]?.v ?? '')
        .split(' ')
        .slice(0, 2)
        .join(' ');
      const kind = this.config.databaseUrl ? '' : ' (embedded PGlite)';
      return { status: 'ok', detail: `${v}${kind}, ${Date.now() - t0} ms` };
    } catch (err) {
      const reason = (err as Error).message;
      return { status: 'down', detail: `database unreachable: ${reason}`, message: this.databaseMessage(reason) };
    }
  }

  async redisHealth(): Promise<ComponentHealthDto> {
    const t0 = Date.now();
    try {
      await withTimeout(this.redis.ping(), PROBE_TIMEOUT_MS, 'redis');
      return { status: 'ok', detail: `PONG in ${Date.now() - t0} ms` };
    } catch (err) {
      const reason = (err as Error).message;
      return { status: 'down', detail: `redis unreachable: ${reason}`, message: this.redisMessage(reason) };
    }
  }

  /**
   * After an unexpected error: the 503 to answer when a dependency is away,
   * else null (a real bug: 500). Redis is asked first: when it is away the
   * connection says so at once, without a round trip.
   */
  outage(): Promise<DomainError | null> {
    if (this.outageValue && Date.now() - this.outageAt < OUTAGE_CACHE_MS) return this.outageValue;
    this.outageAt = Date.now();
    this.outageValue = this.findOutage().catch(() => null);
    return this.outageValue;
  }

  private async findOutage(): Promise<DomainError | null> {
    const [database, redis] = await Promise.all([this.database(), this.redisHealth()]);
    const retry = { 'Retry-After': '5' };
    if (database.status !== 'ok')
      return new DomainError(ErrorCode.DatabaseUnavailable, database.message ?? database.detail, undefined, retry);
    if (redis.status !== 'ok') return new DomainError(ErrorCode.RedisUnavailable, redis.message ?? redis.detail, undefined, retry);
    return null;
  }
}
