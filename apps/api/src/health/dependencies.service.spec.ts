import { ErrorCode } from '@clan/contracts';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { toErrorResponseChecked } from '../common/errors/all-exceptions.filter';
import { DomainError } from '../common/errors/domain-error';
import type { AppConfig } from '../services/config/app-config';
import { Dependencies } from './dependencies.service';

const config = { redis: { host: '10.0.0.5', port: 6380, password: 'hunter2-secret' }, databaseUrl: 'postgres://x' } as unknown as AppConfig;

function deps(db: () => Promise<unknown>, ping: () => Promise<unknown>): Dependencies {
  return new Dependencies({ query: db } as unknown as DataSource, { ping } as unknown as Redis, config);
}

const up = () => Promise.resolve([{ v: 'PostgreSQL 15.19 on x86_64' }]);
const pong = () => Promise.resolve('PONG');
const refused = (what: string) => () => Promise.reject(new Error(`connect ECONNREFUSED ${what}`));

describe('Dependencies.outage: which dependency is away, as the 503 to answer', () => {
  it('is null when both answer', async () => {
    await expect(deps(up, pong).outage()).resolves.toBeNull();
  });

  it('names the database when it is away (and the Redis address without its password when Redis is)', async () => {
    const db = await deps(refused('127.0.0.1:5432'), pong).outage();
    expect(db).toBeInstanceOf(DomainError);
    expect(db).toMatchObject({ code: ErrorCode.DatabaseUnavailable, headers: { 'Retry-After': '5' } });
    expect(db?.message).toMatch(/^The panel's database \(PostgreSQL\) is not reachable \(connect ECONNREFUSED 127\.0\.0\.1:5432\)\./);

    const redis = await deps(up, refused('10.0.0.5:6380')).outage();
    expect(redis).toMatchObject({ code: ErrorCode.RedisUnavailable });
    expect(redis?.message).toMatch(/^Redis at 10\.0\.0\.5:6380 is not reachable/);
    expect(redis?.message).not.toContain('hunter2');
  });

  it('probes once for a burst of failing requests', async () => {
    const db = jest.fn(up);
    const d = deps(db, pong);
    await Promise.all([d.outage(), d.outage(), d.outage()]);
    expect(db).toHaveBeenCalledTimes(1);
  });
});

describe('toErrorResponseChecked', () => {
  it('turns an unexpected error into the outage 503 while a dependency is away', async () => {
    const away = new DomainError(ErrorCode.RedisUnavailable, 'Redis at x is not reachable (…).');
    const r = await toErrorResponseChecked(new Error('Connection is closed.'), 'c1', () => Promise.resolve(away));
    expect(r).toMatchObject({ status: 503, body: { code: 'REDIS_UNAVAILABLE', message: away.message, correlationId: 'c1' } });
  });

  it('keeps a 500 when nothing is away, and never asks about a 4xx', async () => {
    const outage = jest.fn(() => Promise.resolve(null));
    expect((await toErrorResponseChecked(new Error('boom'), 'c2', outage)).status).toBe(500);
    const notFound = await toErrorResponseChecked(new DomainError(ErrorCode.NotFound, 'No such thing.'), 'c3', outage);
    expect(notFound.status).toBe(404);
    expect(outage).toHaveBeenCalledTimes(1);
  });
});
