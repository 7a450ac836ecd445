import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { spawnPanel } from './fixtures/child-panel';

/**
 * Once on embedded PGlite (no DATABASE_URL), as `npm start` runs it: the same
 * migrations and driver, and data that survives a restart. PGlite is ESM-only,
 * so the panel runs as a real process here.
 */
// Two panel processes start from source (ts-node) and migrate PGlite (WASM): about 55 s alone, more on a loaded machine.
jest.setTimeout(180_000);

describe('embedded PGlite (no DATABASE_URL)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'clan-pglite-'));
  const env = {
    CLAN_STATE_DIR: stateDir,
    REDIS_URL: 'redis://127.0.0.1:6379',
    CLAN_QUEUE_PREFIX: `clantest_${randomBytes(4).toString('hex')}`,
    CLAN_LIBVIRT_URI: 'test:///default',
    CLAN_WEB_DIR: join(stateDir, 'no-web'),
    CLAN_LOG_LEVEL: 'log',
  };
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('migrates, serves health, and keeps data across restarts', async () => {
    const first = await spawnPanel(env);
    let pgAddress: string;
    try {
      const health = await (await fetch(`${first.baseUrl}/api/health`)).json();
      expect(health.status).toBe('ok');
      expect(health.components.database).toEqual({ status: 'ok', detail: expect.stringContaining('embedded PGlite') });

      // Concurrent requests must not interleave on PGlite's single backend.
      const setup = await fetch(`${first.baseUrl}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'anna', password: 'correct horse battery' }),
      });
      expect(setup.status).toBe(201);
      const cookie = setup.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const { csrfToken } = await setup.json();
      const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 3 === 0
            ? fetch(`${first.baseUrl}/api/networks`, { method: 'POST', headers, body: JSON.stringify({ name: `burst-${i}` }) })
            : fetch(`${first.baseUrl}/api/${i % 3 === 1 ? 'networks' : 'auth/me'}`, { headers }),
        ),
      );
      expect(burst.map((r) => r.status).filter((s) => s >= 300)).toEqual([]);
      expect(first.output()).not.toMatch(/bind message|prepared statement/);
      // The embedded server speaks the Postgres protocol: write through a plain pg client.
      pgAddress = /PGlite serving .* on (127\.0\.0\.1:\d+)/.exec(first.output())?.[1] ?? '';
      expect(pgAddress).not.toBe('');
      const pg = new Client({ connectionString: `postgres://postgres@${pgAddress}/postgres` });
      await pg.connect();
      await pg.query(`INSERT INTO networks (name, description) VALUES ('family', 'kept across restarts')`);
      await pg.end();
    } finally {
      await first.kill('SIGTERM');
    }

    const second = await spawnPanel(env);
    try {
      const address = /PGlite serving .* on (127\.0\.0\.1:\d+)/.exec(second.output())?.[1] ?? '';
      const pg = new Client({ connectionString: `postgres://postgres@${address}/postgres` });
      await pg.connect();
      const rows = await pg.query(`SELECT description FROM networks WHERE name = 'family'`);
      const migrations = await pg.query('SELECT count(*)::int AS n FROM migrations');
      await pg.end();
      expect(rows.rows).toEqual([{ description: 'kept across restarts' }]);
      expect(migrations.rows[0].n).toBeGreaterThan(0);
    } finally {
      await second.kill('SIGTERM');
    }
  });
});
