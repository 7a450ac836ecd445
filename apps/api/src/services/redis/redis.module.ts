import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { RedisConnection } from '../config/config.schema';

export const REDIS = Symbol('REDIS');

/**
 * How long a command waits while Redis is away: `wait` queues it until Redis is
 * back (BullMQ's workers need this), `fail-fast` rejects it after a few
 * reconnection attempts (well under a second) so a request can answer 503
 * instead of hanging.
 */
export type RedisPatience = 'wait' | 'fail-fast';

export function createRedis(config: AppConfig, name: string, patience: RedisPatience = 'fail-fast'): Redis {
  const redis = new Redis({
    ...config.redis,
    connectionName: `clan-panel:${name}`,
    maxRetriesPerRequest: patience === 'wait' ? null : 2,
    lazyConnect: false,
  });
  // Reconnection is automatic; without a listener ioredis prints every failed attempt.
  redis.on('error', () => undefined);
  return redis;
}

/** Where Redis is, for messages: host:port or the socket path, never the password. */
export function redisAddress(c: RedisConnection): string {
  return c.path ? c.path : `${c.host ?? '127.0.0.1'}:${c.port ?? 6379}`;
}

/** One shared ioredis connection for commands (rate limits, pub/sub publishing, health); fails fast while Redis is away. */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c, 'main') }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    // quit() would wait for an absent Redis forever.
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
