/**
 * Chaos: Redis is killed and started again (empty: no persistence) while the
 * panel runs tasks. The panel must stay up, say `degraded` naming Redis, answer
 * 503 with a sentence where Redis is needed, and resume by itself: every task
 * ends, none is lost or left queued/running past its heartbeat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildPanel, spawnPanel } from './fixtures/child-panel';
import { freePort, healthOkAgain, taskEnded, PrivateRedis, seedHostAdminToken, unsettledTasks } from './fixtures/chaos';
import { waitForDependencies } from '../src/app/startup-dependencies';
import { loadConfig } from '../src/services/config/config.schema';
import { waitFor } from './fixtures/principals';
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(180_000);

const HEARTBEAT_SECONDS = 1;

describe('chaos: Redis restarted while tasks run (private redis-server, real child panel)', () => {
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let redis: PrivateRedis;
  let stateDir: string;
  let panel: ChildPanel;
  let api: TestClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await cloneTestDatabase();
    redis = await PrivateRedis.start();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-chaos-redis-'));
    const token = await seedHostAdminToken(db.url);
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      CLAN_STATE_DIR: stateDir,
      CLAN_QUEUE_PREFIX: `clantest_${randomBytes(4).toString('hex')}`,
      CLAN_LIBVIRT_URI: 'test:///default',
      CLAN_LOG_LEVEL: 'warn',
      CLAN_WEB_DIR: join(stateDir, 'no-web'),
      CLAN_TASK_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
    };
    panel = await spawnPanel(env);
    api = Object.assign(new TestClient(panel.baseUrl), { bearer: token });
  });

  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await panel?.kill('SIGTERM');
    await redis?.stop();
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('stays up, says degraded (503 naming Redis) while it is away, and resumes every task when it is back', async () => {
    const health = await api.get('/api/health');
    expect({ status: health.status, overall: health.body.status, redis: health.body.components.redis.status }).toEqual({
      status: 200,
      overall: 'ok',
      redis: 'ok',
    });

    // Two tasks running across the outage, one finishing before it.
    const long = await api.post('/api/host/diagnostics', { sampleSeconds: 12 });
    const short = await api.post('/api/host/diagnostics', { sampleSeconds: 1 });
    expect([long.status, short.status]).toEqual([202, 202]);
    await waitFor(
      () => api.get(`/api/tasks/${long.body.taskId}`).then((r) => r.body.status),
      (s) => s === 'running',
      30_000,
      'the long task to run',
    );

    await redis.stop();

    const down = await waitFor(
      () => api.get('/api/health'),
      (r) => r.body?.components?.redis?.status === 'down',
      15_000,
      'health to notice Redis is gone',
    );
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('degraded');
    expect(down.body.components.database.status).toBe('ok');
    expect(down.body.components.redis.message).toMatch(/Redis/);

    // A request that needs Redis (sign-in counts attempts there) answers 503 with a sentence, promptly.
    const t0 = Date.now();
    const refused = await new TestClient(panel.baseUrl).post('/api/auth/login', { username: 'root', password: 'not the password' });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('REDIS_UNAVAILABLE');
    expect(refused.body.message).toMatch(/Redis at 127\.0\.0\.1:\d+ is not reachable/);
    // Starting a task needs only the database: it is accepted and waits for Redis.
    const during = await api.post('/api/host/diagnostics', { sampleSeconds: 1 });
    expect(during.status).toBe(202);
    expect(Date.now() - t0).toBeLessThan(15_000);
    // Reads that need only the database still work.
    const list = await api.get('/api/tasks?type=host.diagnostics');
    expect(list.status).toBe(200);

    // Away for longer than a heartbeat's liveness window (3 heartbeats).
    await new Promise((r) => setTimeout(r, 4000));
    expect(panel.proc.exitCode).toBeNull();
    await redis.start();

    await healthOkAgain(api);
    const again = await api.post('/api/host/diagnostics', { sampleSeconds: 1 });
    expect(again.status).toBe(202);

    // Every task ends; the ones that ran across the outage are not lost.
    const ids: string[] = [long.body.taskId, short.body.taskId, during.body.taskId, again.body.taskId];
    for (const id of ids) {
      const t = await taskEnded(api, id, `task ${id} to end`);
      if (t.status !== 'succeeded') expect(t.error).toMatch(/\w+ \w+/);
    }
    // Accepted while Redis was away, run once it was back; started after it, run at once.
    expect((await api.get(`/api/tasks/${during.body.taskId}`)).body.status).toBe('succeeded');
    expect((await api.get(`/api/tasks/${again.body.taskId}`)).body.status).toBe('succeeded');
    expect(await unsettledTasks(db.url)).toEqual([]);
    expect(panel.proc.exitCode).toBeNull();
    expect(panel.output()).not.toMatch(/UnhandledPromiseRejection|unhandled rejection/i);
  });

  it('at start-up waits for Redis with a clear line, and starts once it answers', async () => {
    await redis.stop();
    let waitingSeen!: () => void;
    const waiting = new Promise<void>((r) => (waitingSeen = r));
    const starting = spawnPanel({ ...env, CLAN_QUEUE_PREFIX: `clantest_${randomBytes(4).toString('hex')}` }, 90_000, (all) => {
      if (/Waiting for Redis at/.test(all)) waitingSeen();
    });
    await waiting;
    await new Promise((r) => setTimeout(r, 2500));
    await redis.start();
    const late = await starting;
    try {
      expect(late.output()).toMatch(new RegExp(`Waiting for Redis at 127\\.0\\.0\\.1:${redis.port} \\(.+\\); retrying every 2 s`));
      const h = await new TestClient(late.baseUrl).get('/api/health');
      expect(h.body.components.redis.status).toBe('ok');
    } finally {
      await late.kill('SIGTERM');
    }
  });

  it('gives up after its wait with a sentence naming what is missing and what to do', async () => {
    const config = loadConfig({ ...env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, process.cwd());
    await expect(waitForDependencies(config, db.url, 2500)).rejects.toThrow(
      /Gave up after waiting 3 s\. Redis at 127\.0\.0\.1:\d+ is not reachable \(.+\): start it \(Debian package redis-server\) or set REDIS_URL/,
    );
  });
});
