import type { DataSource } from 'typeorm';
import { PreparedJson } from '../http/prepared-json';
import { READ_MODEL_MAX_BYTES, ReadModelCache } from './read-model-cache';
import { namesWrittenBy, TableGenerations } from './table-generations';

describe('namesWrittenBy', () => {
  it('names the tables of the writes TypeORM and raw SQL make', () => {
    expect(namesWrittenBy('INSERT INTO "api_tokens"("id", "user_id") VALUES (DEFAULT, $1) RETURNING "id"')).toContain('api_tokens');
    expect(namesWrittenBy('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND revoked_at IS NULL')).toContain('api_tokens');
    expect(namesWrittenBy('DELETE FROM "public"."networks" WHERE "id" = $1')).toContain('networks');
    expect(namesWrittenBy('TRUNCATE machines CASCADE')).toContain('machines');
    expect(namesWrittenBy('insert into machines (network_id, name) values ($1, $2) on conflict do nothing')).toContain('machines');
  });

  it('names nothing for reads and row locks', () => {
    expect(namesWrittenBy('SELECT "m"."name" FROM "machines" "m" WHERE "m"."network_id" = $1').size).toBe(0);
    expect(namesWrittenBy('SELECT * FROM "networks" WHERE "id" = $1 FOR UPDATE').size).toBe(0);
    expect(namesWrittenBy('SELECT * FROM "networks" WHERE "id" = $1 FOR NO KEY UPDATE').size).toBe(0);
  });
});

describe('TableGenerations and ReadModelCache', () => {
  const make = () => {
    const generations = new TableGenerations({} as DataSource);
    return { generations, cache: new ReadModelCache(generations) };
  };

  it('counts writes to watched tables only', () => {
    const { generations } = make();
    expect(generations.of(['api_tokens', 'users'])).toEqual([0, 0]);
    expect(generations.written(namesWrittenBy('UPDATE "api_tokens" SET "revoked_at" = $1'))).toEqual(['api_tokens']);
    expect(generations.written(namesWrittenBy('INSERT INTO "audit_entries"("path") VALUES ($1)'))).toEqual([]);
    expect(generations.of(['api_tokens', 'users'])).toEqual([1, 0]);
  });

  it('keeps an answer until one of its tables is written, then loads again', async () => {
    const { generations, cache } = make();
    let loads = 0;
    const read = () => cache.json('k', ['api_tokens'], async () => ({ n: ++loads }));
    expect((await read()).value()).toEqual({ n: 1 });
    expect((await read()).value()).toEqual({ n: 1 });
    generations.written(['networks']);
    expect((await read()).value()).toEqual({ n: 1 });
    generations.written(['api_tokens']);
    expect((await read()).value()).toEqual({ n: 2 });
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 2, entries: 1 });
  });

  it('does not keep an answer whose load raced with a write', async () => {
    const { generations, cache } = make();
    let loads = 0;
    const read = () =>
      cache.json('k', ['machines'], async () => {
        loads++;
        if (loads === 1) generations.written(['machines']); // a deployment lands while the list is read
        return { loads };
      });
    expect((await read()).value()).toEqual({ loads: 1 });
    expect((await read()).value()).toEqual({ loads: 2 });
    expect((await read()).value()).toEqual({ loads: 2 });
  });

  it('keeps the bytes JSON.stringify makes, and stays within its byte bound', async () => {
    const { cache } = make();
    const value = { items: [{ id: 'a', note: 'ü "quoted"' }], total: 1 };
    const json = await cache.json('one', ['t'], async () => value);
    expect(json).toBeInstanceOf(PreparedJson);
    expect(json.bytes.toString('utf8')).toBe(JSON.stringify(value));
    const big = 'x'.repeat(READ_MODEL_MAX_BYTES / 8);
    for (let i = 0; i < 20; i++) await cache.json(`big${i}`, ['t'], async () => ({ big }));
    expect(cache.stats().bytes).toBeLessThanOrEqual(READ_MODEL_MAX_BYTES);
    expect(cache.stats().entries).toBeLessThan(21);
  });
});
