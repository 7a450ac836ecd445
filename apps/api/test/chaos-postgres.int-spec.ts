/**
 * Chaos: PostgreSQL stops (immediate shutdown, like a crash) and starts again
 * while the panel runs tasks. The panel must stay up, say `degraded` naming the
 * database, answer 503 with a sentence (never 500) where the database is
 * needed, and resume without a restart: every task ends, none is left queued
 * or running past its heartbeat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildPanel, spawnPanel } from './fixtures/child-panel';
import { freePort, healthOkAgain, taskEnded, PrivatePostgres, seedHostAdminToken, unsettledTasks } from './fixtures/chaos';
import { waitForDependencies } from '../src/app/startup-dependencies';
import { loadConfig } from '../src/services/config/config.schema';
import { waitFor } from './fixtures/principals';
import { TestClient } from './harness';
import { migrate } from '../src/app/create-app';
import { TEST_REDIS_URL } from './test-config';

jest.setTimeout(180_000);

describe('chaos: PostgreSQL restarted while tasks run (private cluster, real child panel)', () => {
  let pg: PrivatePostgres;
  let stateDir: string;
  let panel: ChildPanel;
  let api: TestClient;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    await migrate(pg.url);
    const token = await seedHostAdminToken(pg.url);
    stateDir = mkdtempSync(join(tmpdir(), 'clan-chaos-pg-'));
    panel = await spawnPanel({
      DATABASE_URL: pg.url,
      REDIS_URL: TEST_REDIS_URL,
      CLAN_STATE_DIR: stateDir,
      CLAN_QUEUE_PREFIX: `clantest_${randomBytes(4).toString('hex')}`,
      CLAN_LIBVIRT_URI: 'test:///default',
      CLAN_LOG_LEVEL: 'warn',
      CLAN_WEB_DIR: join(stateDir, 'no-web'),
      CLAN_TASK_HEARTBEAT_SECONDS: '1',
    });
    api = Object.assign(new TestClient(panel.baseUrl), { bearer: token });
  });

  afterAll(async () => {
    await pg?.start().catch(() => undefined);
    await panel?.kill('SIGTERM');
    await pg?.destroy();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('stays up, says degraded (503 naming the database) while it is away, and resumes when it is back', async () => {
    const health = await api.get('/api/health');
    expect({ status: health.status, overall: health.body.status }).toEqual({ status: 200, overall: 'ok' });

    const long = await api.post('/api/host/diagnostics', { sampleSeconds: 20 });
    expect(long.status).toBe(202);
    await waitFor(
      () => api.get(`/api/tasks/${long.body.taskId}`).then((r) => r.body.status),
      (s) => s === 'running',
      30_000,
      'the task to run',
    );

    await pg.stop('immediate');

    const down = await waitFor(
      () => api.get('/api/health'),
      (r) => r.body?.components?.database?.status === 'down',
      15_000,
      'health to notice the database is gone',
    );
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('degraded');
    expect(down.body.components.redis.status).toBe('ok');
    expect(down.body.components.database.message).toMatch(/database \(PostgreSQL\) is not reachable/);

    // Requests that need the database answer 503 with the sentence — signed in (token lookup) or not.
    for (const [method, path, body] of [
      ['GET', '/api/tasks', undefined],
      ['POST', '/api/host/diagnostics', { sampleSeconds: 1 }],
      ['GET', '/api/networks', undefined],
    ] as const) {
      const r = await api.request(method, path, body);
      expect({ path, status: r.status, code: r.body?.code }).toEqual({ path, status: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(r.body.message).toMatch(/PostgreSQL/);
    }
    const anonymous = await new TestClient(panel.baseUrl).post('/api/auth/login', { username: 'root', password: 'not the password' });
    expect(anonymous.status).toBe(503);

    await new Promise((r) => setTimeout(r, 3000));
    expect(panel.proc.exitCode).toBeNull();
    await pg.start();

    await healthOkAgain(api);
    const again = await api.post('/api/host/diagnostics', { sampleSeconds: 1 });
    expect(again.status).toBe(202);

    // The task that ran across the outage ends (it could not write its log: failed with a reason); the new one succeeds.
    const across = await taskEnded(api, long.body.taskId, 'the task that ran across the outage to end');
    if (across.status !== 'succeeded') expect(across.error).toMatch(/\w+ \w+/);
    const after = await taskEnded(api, again.body.taskId, 'the task started after the outage to end');
    expect(after.status).toBe('succeeded');
    expect(await unsettledTasks(pg.url)).toEqual([]);
    expect(panel.proc.exitCode).toBeNull();
    expect(panel.output()).not.toMatch(/UnhandledPromiseRejection|unhandled rejection/i);
  });

  it('at start-up gives up on an unreachable database after its wait, with a sentence saying what to do', async () => {
    const config = loadConfig({ REDIS_URL: TEST_REDIS_URL, CLAN_STATE_DIR: stateDir }, process.cwd());
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/clan`;
    await expect(waitForDependencies(config, url, 2500)).rejects.toThrow(
      /PostgreSQL at 127\.0\.0\.1:\d+\/clan is not reachable \(.*ECONNREFUSED.*\): start it \(`sudo systemctl start postgresql`\) or fix DATABASE_URL\./,
    );
  });
});
