import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { parseRedisUrl } from '../src/services/config/config.schema';
import { WORKER_DIED_REASON } from '../src/tasks/task-recovery.service';
import { type ChildPanel, seedHostAdminToken, spawnPanel } from './fixtures/child-panel';
import { TEST_REDIS_URL } from './test-config';
import { waitFor } from './fixtures/principals';
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(240_000);

/**
 * The crash test: a panel process is SIGKILLed while a task runs; the next
 * panel on the same database and queue prefix must not leave it "running".
 */
describe('a task whose panel is killed mid-run (real child processes)', () => {
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let env: Record<string, string>;
  let client: TestClient;
  const children: ChildPanel[] = [];

  beforeAll(async () => {
    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-restart-'));
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      CLAN_STATE_DIR: stateDir,
      CLAN_QUEUE_PREFIX: `clantest_${randomBytes(4).toString('hex')}`,
      CLAN_LIBVIRT_URI: 'test:///default',
      CLAN_LOG_LEVEL: 'error',
      CLAN_WEB_DIR: join(stateDir, 'no-web'),
      CLAN_TASK_HEARTBEAT_SECONDS: '1',
    };
    const token = await seedHostAdminToken(db.url);
    client = new TestClient('');
    client.bearer = token;
  });

  afterAll(async () => {
    for (const c of children) await c.kill('SIGTERM');
    await db.drop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function taskRow(id: string): Promise<{ status: string; error: string | null; worker_id: string | null }> {
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      return (await pg.query('SELECT status, error, worker_id FROM tasks WHERE id = $1', [id])).rows[0];
    } finally {
      await pg.end();
    }
  }

  it('marks the task failed with the reason after a restart, and BullMQ never runs it again', async () => {
    const first = await spawnPanel(env);
    children.push(first);
    const c1 = Object.assign(new TestClient(first.baseUrl), { bearer: client.bearer });
    const started = await c1.post('/api/host/diagnostics', { sampleSeconds: 60 });
    expect(started.status).toBe(202);
    const taskId: string = started.body.taskId;
    await waitFor(
      () => c1.get(`/api/tasks/${taskId}/log`).then((r) => (r.body.items ?? []).map((l: { text: string }) => l.text).join('\n')),
      (text) => /sample 1\/60/.test(text),
      30_000,
      'the task to be running',
    );

    await first.kill('SIGKILL');
    const orphan = await taskRow(taskId);
    expect(orphan.status).toBe('running');
    expect(orphan.worker_id).toContain(`:${first.pid}:`);

    const second = await spawnPanel(env);
    children.push(second);
    const c2 = Object.assign(new TestClient(second.baseUrl), { bearer: client.bearer });
    const t0 = Date.now();
    const after = await waitFor(
      () => c2.get(`/api/tasks/${taskId}`).then((r) => r.body),
      (b) => b.status !== 'running',
      20_000,
      'the task to leave "running"',
    );
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(after.status).toBe('failed');
    expect(after.error).toBe(WORKER_DIED_REASON);
    expect(after.finishedAt).toBeTruthy();
    const log = await c2.get(`/api/tasks/${taskId}/log`);
    const texts: string[] = log.body.items.map((l: { text: string }) => l.text);
    expect(texts[texts.length - 1]).toBe(WORKER_DIED_REASON);

    // The killed worker's BullMQ job is still "active" until its lock expires; BullMQ's stalled
    // check then hands it to the new worker, which must skip it because the task is terminal.
    const queue = new Queue('system', { connection: parseRedisUrl(env['REDIS_URL']), prefix: env['CLAN_QUEUE_PREFIX'] });
    try {
      await waitFor(
        () => queue.getJobState(taskId),
        (s) => s === 'unknown',
        60_000,
        'the stalled job to be handed out again and dropped',
      );
    } finally {
      await queue.close();
    }
    const final = await c2.get(`/api/tasks/${taskId}`);
    expect(final.body.status).toBe('failed');
    const finalLog = await c2.get(`/api/tasks/${taskId}/log`);
    expect(finalLog.body.items.filter((l: { text: string }) => l.text.startsWith('Started on worker')).length).toBe(1);
  });

  it('on SIGTERM stops its running task, records why, and exits promptly', async () => {
    let panel = children.find((ch) => ch.proc.exitCode === null && ch.proc.signalCode === null);
    if (!panel) {
      panel = await spawnPanel(env);
      children.push(panel);
    }
    const c = Object.assign(new TestClient(panel.baseUrl), { bearer: client.bearer });
    const { body } = await c.post('/api/host/diagnostics', { sampleSeconds: 60 });
    await waitFor(
      () => c.get(`/api/tasks/${body.taskId}/log`).then((r) => (r.body.items ?? []).map((l: { text: string }) => l.text).join('\n')),
      (text) => /sample 1\/60/.test(text),
      30_000,
      'the task to be running',
    );
    const t0 = Date.now();
    await panel.kill('SIGTERM');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(panel.proc.exitCode).toBe(0);
    const row = await taskRow(body.taskId);
    expect(row).toMatchObject({ status: 'failed', error: 'The panel shut down before this task finished.' });
  });
});
