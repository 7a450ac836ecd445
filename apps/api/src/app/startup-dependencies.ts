import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../services/config/config.schema';
import { redisAddress } from '../services/redis/redis.module';

const PROBE_TIMEOUT_MS = 3000;
const RETRY_MS = 2000;
/** How long start-up waits for PostgreSQL and Redis before it gives up (exit 1; systemd's Restart=on-failure tries again). */
export const STARTUP_WAIT_MS = 60_000;

async function redisProblem(config: AppConfig): Promise<string | null> {
  const probe = new Redis({
    ...config.redis,
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The 'error' event has the cause (ECONNREFUSED …); connect() only rejects with "Connection is closed."
  let cause: string | null = null;
  probe.on('error', (e: Error) => (cause ??= e.message));
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (err) {
    return cause ?? ((err as Error).message || String(err));
  } finally {
    probe.disconnect();
  }
}

async function databaseProblem(databaseUrl: string): Promise<string | null> {
  const ds = new DataSource({ type: 'postgres', url: databaseUrl, connectTimeoutMS: PROBE_TIMEOUT_MS, extra: { max: 1 } });
  try {
    await ds.initialize();
    await ds.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    if (ds.isInitialized) await ds.destroy().catch(() => undefined);
  }
}

/** Where the database is, for messages: host and database name, never the password. */
function databaseAddress(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    const host = u.searchParams.get('host') ?? (u.host || 'localhost');
    return `${host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Start-up waits for PostgreSQL and Redis instead of exiting at the first
 * refusal (at boot they may start after the panel), saying once a component
 * what it waits for; after `waitMs` it gives up with a sentence saying what to
 * do, and the process exits 1 (systemd restarts it: Restart=on-failure).
 */
export async function waitForDependencies(config: AppConfig, databaseUrl: string, waitMs = STARTUP_WAIT_MS): Promise<void> {
  const logger = new Logger('Startup');
  const deadline = Date.now() + waitMs;
  const reported = new Set<string>();
  for (;;) {
    const [database, redis] = await Promise.all([databaseProblem(databaseUrl), redisProblem(config)]);
    if (!database && !redis) {
      if (reported.size) logger.log('PostgreSQL and Redis answer; starting.');
      return;
    }
    const waiting = [
      database ? `PostgreSQL at ${databaseAddress(databaseUrl)} (${database})` : null,
      redis ? `Redis at ${redisAddress(config.redis)} (${redis})` : null,
    ].filter((w): w is string => w !== null);
    if (Date.now() + RETRY_MS > deadline) {
      const what: string[] = [];
      if (database)
        what.push(
          `PostgreSQL at ${databaseAddress(databaseUrl)} is not reachable (${database}): start it (\`sudo systemctl start postgresql\`) or fix DATABASE_URL.`,
        );
      if (redis)
        what.push(
          `Redis at ${redisAddress(config.redis)} is not reachable (${redis}): start it (Debian package redis-server) or set REDIS_URL; ` +
            '`npm start` starts a private one when REDIS_URL is unset.',
        );
      throw new Error(`Gave up after waiting ${Math.round(waitMs / 1000)} s. ${what.join(' ')}`);
    }
    for (const w of waiting) {
      const key = w.split(' (')[0];
      if (reported.has(key)) continue;
      reported.add(key);
      logger.warn(`Waiting for ${w}; retrying every ${RETRY_MS / 1000} s for up to ${Math.round(waitMs / 1000)} s.`);
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}
