import { userInfo } from 'node:os';
import { databaseTarget, redisTarget, workerDatabaseUrl, workerRedisUrl } from './fleet-connections';

describe('fleet connections', () => {
  it('points a worker at the panel’s relays in the mesh, keeping credentials and database', () => {
    expect(workerDatabaseUrl('postgres://clan:s3cret@127.0.0.1:5433/clan_panel?sslmode=disable', '10.98.0.1')).toBe(
      'postgres://clan:s3cret@10.98.0.1:5432/clan_panel?sslmode=disable',
    );
    expect(workerRedisUrl('redis://:pw@localhost:6380/2', 'fd00::1')).toBe('redis://:pw@[fd00::1]:6379/2');
  });

  it('relays to where the panel itself connects, over TCP', () => {
    expect(databaseTarget('postgres://postgres@127.0.0.1:5432/x')).toEqual({ host: '127.0.0.1', port: 5432 });
    expect(databaseTarget('postgres://postgres@db.local/x')).toEqual({ host: 'db.local', port: 5432 });
    expect(redisTarget('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379 });
  });

  it('relays to unix sockets as the NixOS module configures them, and workers connect as the panel’s user', () => {
    expect(databaseTarget('postgres:///clan-panel?host=/run/postgresql')).toEqual({ path: '/run/postgresql/.s.PGSQL.5432' });
    expect(redisTarget('unix:///run/redis-clan-panel/redis.sock')).toEqual({ path: '/run/redis-clan-panel/redis.sock' });
    expect(workerDatabaseUrl('postgres:///clan-panel?host=/run/postgresql', '10.98.0.1')).toBe(
      `postgres://${userInfo().username}@10.98.0.1:5432/clan-panel`,
    );
    expect(workerRedisUrl('unix:///run/redis-clan-panel/redis.sock', '10.98.0.1')).toBe('redis://10.98.0.1:6379');
  });
});
