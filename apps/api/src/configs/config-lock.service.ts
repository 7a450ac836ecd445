import { createHash } from 'node:crypto';
import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';

/** How long a write waits for another process's write to the same network. */
const LOCK_TIMEOUT = '30s';
/**
 * Each held advisory lock pins a pooled connection while the write itself
 * queries through the pool: cap the holders well below the pool size (8) so
 * writes to many networks at once can never starve themselves of connections.
 */
const MAX_LOCK_HOLDERS = 3;

/** A signed 64-bit advisory-lock key for a network, derived from its id. */
export function advisoryKey(networkId: string): string {
  return createHash('sha256').update(`clan.config:${networkId}`).digest().readBigInt64BE(0).toString();
}

/**
 * Serializes writes to one network's repository: an in-process queue keyed by
 * network (so one process never waits on the database for itself) plus a
 * Postgres transaction-level advisory lock, so two API processes on the same
 * database cannot interleave commits either. The embedded single-connection
 * database serves one process only, so there the in-process queue suffices.
 */
@Injectable()
export class ConfigLock {
  private readonly tails = new Map<string, Promise<void>>();
  private holders = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run<T>(networkId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(networkId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(networkId, tail);
    await previous;
    try {
      return this.config.databaseUrl ? await this.withAdvisoryLock(networkId, fn) : await fn();
    } finally {
      release();
      if (this.tails.get(networkId) === tail) this.tails.delete(networkId);
    }
  }

  private async withAdvisoryLock<T>(networkId: string, fn: () => Promise<T>): Promise<T> {
    if (this.holders >= MAX_LOCK_HOLDERS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.holders++;
    try {
      return await this.holdAdvisoryLock(networkId, fn);
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.holders--;
    }
  }

  private async holdAdvisoryLock<T>(networkId: string, fn: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        await runner.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        await runner.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryKey(networkId)]);
      } catch (err) {
        await runner.rollbackTransaction();
        if (
          (err as { code?: string; driverError?: { code?: string } }).driverError?.code === '55P03' ||
          (err as { code?: string }).code === '55P03'
        ) {
          throw new DomainError(
            ErrorCode.Conflict,
            "Another change to this network's configuration is taking long; try again in a moment.",
          );
        }
        throw err;
      }
      try {
        return await fn();
      } finally {
        // Ending the transaction releases the lock; nothing was written through it.
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  }
}
