import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { TaskStatus } from '@clan/contracts';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../src/services/redis/redis.module';
import { WorkerLiveness } from '../src/services/queue/worker-liveness.service';
import { TaskReconciler } from '../src/tasks/task-reconciler.service';
import { WORKER_DIED_REASON, WORKER_LOST_TASK_REASON } from '../src/tasks/task-recovery.service';
import { TaskEntity } from '../src/tasks/task.entity';
import { addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';

// Lets one test declare host.diagnostics resumable, to exercise the re-queue path.
const mockResumable = { value: false };
jest.mock('../src/services/queue/queue.catalogue', () => {
  const actual = jest.requireActual('../src/services/queue/queue.catalogue');
  return {
    ...actual,
    JOBS: {
      get 'host.diagnostics'() {
        return { queue: 'system', resumable: mockResumable.value };
      },
    },
  };
});

describe('task reconciliation (in-process panel, real Postgres + Redis)', () => {
  let t: TestPanel;
  let admin: TestUser;
  const deadPid = spawnSync('true').pid ?? 999_999;
  const deadLocalWorker = `${hostname()}:${deadPid}:1000`;

  const repo = () => t.panel.app.get(DataSource).getRepository(TaskEntity);
  const reconcile = () => t.panel.app.get(TaskReconciler).runOnce();
  const insert = (fields: Partial<TaskEntity>) =>
    repo().save(
      repo().create({
        type: 'host.diagnostics',
        queue: 'system',
        payload: { sampleSeconds: 1 },
        userId: admin.id,
        createdAt: new Date(Date.now() - 60_000),
        startedAt: new Date(Date.now() - 50_000),
        heartbeatAt: new Date(Date.now() - 50_000),
        ...fields,
      }),
    );
  const fetch = (id: string) => admin.client.get(`/api/tasks/${id}`).then((r) => r.body);
  const logText = (id: string) =>
    admin.client.get(`/api/tasks/${id}/log`).then((r) => r.body.items.map((l: { text: string }) => l.text) as string[]);

  beforeAll(async () => {
    t = await startTestPanel();
    admin = await addUser(t, 'root', { hostAdmin: true });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    mockResumable.value = false;
  });

  it('fails a running task whose worker process on this host is gone', async () => {
    const task = await insert({ status: TaskStatus.Running, workerId: deadLocalWorker });
    await reconcile();
    const after = await fetch(task.id);
    expect(after).toMatchObject({ status: 'failed', error: WORKER_DIED_REASON });
    expect(await logText(task.id)).toEqual([WORKER_DIED_REASON]);
  });

  it('re-queues a resumable task instead, and a worker then runs it to the end', async () => {
    mockResumable.value = true;
    const task = await insert({ status: TaskStatus.Running, workerId: deadLocalWorker });
    await reconcile();
    const done = await waitFor(
      () => fetch(task.id),
      (b) => b.status === 'succeeded' || b.status === 'failed',
      20_000,
      'the re-queued task',
    );
    expect(done.status).toBe('succeeded');
    const log = await logText(task.id);
    expect(log[0]).toMatch(/stopped .* It is resumable and will run again from the start\./);
    expect(log.filter((l) => l.startsWith('Started on worker'))).toHaveLength(1);
  });

  it('judges workers on other hosts by their Redis liveness key', async () => {
    const liveId = 'other-host:4242:1';
    const prefix = t.config.queuePrefix;
    await t.panel.app.get<Redis>(REDIS).set(`${prefix}:worker:${liveId}`, '1', 'PX', 60_000);
    const alive = await insert({ status: TaskStatus.Running, workerId: liveId });
    const dead = await insert({ status: TaskStatus.Running, workerId: 'other-host:4243:1' });
    await reconcile();
    expect((await fetch(alive.id)).status).toBe('running');
    expect((await fetch(dead.id)).status).toBe('failed');
    await repo().update({ id: alive.id }, { status: TaskStatus.Failed });
  });

  it('fails a task this process owns on paper but is not running', async () => {
    const me = t.panel.app.get(WorkerLiveness).self.id;
    const task = await insert({ status: TaskStatus.Running, workerId: me });
    await reconcile();
    expect(await fetch(task.id)).toMatchObject({ status: 'failed', error: WORKER_LOST_TASK_REASON });
  });

  it('enqueues a queued task whose BullMQ job vanished', async () => {
    const task = await insert({ status: TaskStatus.Queued, startedAt: null, heartbeatAt: null });
    await reconcile();
    const done = await waitFor(
      () => fetch(task.id),
      (b) => b.status === 'succeeded' || b.status === 'failed',
      20_000,
      'the re-enqueued task',
    );
    expect(done.status).toBe('succeeded');
    expect((await logText(task.id))[0]).toBe('Its queue entry was lost; queuing it again.');
  });
});
