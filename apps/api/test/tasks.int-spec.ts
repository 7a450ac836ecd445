import { NetworkRole, TaskStatus } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { TaskEntity } from '../src/tasks/task.entity';
import { addNetwork, addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';

describe('tasks and the host.diagnostics job (real Postgres + Redis + BullMQ)', () => {
  let t: TestPanel;
  let admin: TestUser;
  let alice: TestUser; // admin of network A
  let bob: TestUser; // viewer of network A
  let carol: TestUser; // owner of network B only
  let netA: string;
  let netB: string;

  const tasks = () => t.panel.app.get(DataSource).getRepository(TaskEntity);
  /** A task row written directly (not enqueued), for list/cancel rules. */
  const insertTask = (fields: Partial<TaskEntity>) =>
    tasks().save(tasks().create({ type: 'host.diagnostics', queue: 'system', status: TaskStatus.Succeeded, payload: {}, ...fields }));

  beforeAll(async () => {
    t = await startTestPanel();
    admin = await addUser(t, 'root', { hostAdmin: true });
    alice = await addUser(t, 'alice');
    bob = await addUser(t, 'bob');
    carol = await addUser(t, 'carol');
    netA = await addNetwork(t, 'net-a', [
      [alice, NetworkRole.Admin],
      [bob, NetworkRole.Viewer],
    ]);
    netB = await addNetwork(t, 'net-b', [[carol, NetworkRole.Owner]]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs diagnostics to succeeded with progress 100, a result and log lines', async () => {
    const res = await admin.client.post('/api/host/diagnostics', { sampleSeconds: 2 });
    expect(res.status).toBe(202);
    const { taskId } = res.body;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);

    const task = await waitFor(
      () => admin.client.get(`/api/tasks/${taskId}`).then((r) => r.body),
      (b) => ['succeeded', 'failed', 'cancelled'].includes(b.status),
      20_000,
      'diagnostics to finish',
    );
    expect(task).toMatchObject({
      id: taskId,
      type: 'host.diagnostics',
      queue: 'system',
      status: 'succeeded',
      progress: 100,
      error: null,
      userId: admin.id,
    });
    expect(task.startedAt).toBeTruthy();
    expect(task.finishedAt).toBeTruthy();
    expect(task.result.components.database.status).toBe('ok');
    expect(task.result.components.redis.status).toBe('ok');
    expect(['ok', 'unavailable']).toContain(task.result.components.libvirt.status);
    expect(task.result.components.disk.freeBytes).toBeGreaterThan(0);
    expect(task.result.samples).toHaveLength(2);
    expect(task.result.samples[0].memTotalBytes).toBeGreaterThan(0);

    const log = await admin.client.get(`/api/tasks/${taskId}/log`);
    expect(log.status).toBe(200);
    const texts: string[] = log.body.items.map((l: { text: string }) => l.text);
    expect(texts[0]).toMatch(/^Started on worker /);
    expect(texts.some((x) => /^database: ok/.test(x))).toBe(true);
    expect(texts.some((x) => /^sample 2\/2: load /.test(x))).toBe(true);
    expect(texts[texts.length - 1]).toBe('Finished.');
    expect(log.body.items.map((l: { seq: number }) => l.seq)).toEqual(texts.map((_, i) => i + 1));

    const page = await admin.client.get(`/api/tasks/${taskId}/log?after=2&limit=3`);
    expect(page.body.items.map((l: { seq: number }) => l.seq)).toEqual([3, 4, 5]);
    expect(page.body.total).toBe(texts.length - 2);
  });

  it('validates the diagnostics body and needs Sys.Audit', async () => {
    for (const bad of [{ sampleSeconds: 0 }, { sampleSeconds: 61 }, { sampleSeconds: 'ten' }, { sampleSeconds: 5, extra: 1 }]) {
      const res = await admin.client.post('/api/host/diagnostics', bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields[0].field).toMatch(/sampleSeconds|extra/);
    }
    const res = await alice.client.post('/api/host/diagnostics', {});
    expect(res.status).toBe(403);
    // No body at all means the defaults.
    const bare = await admin.client.request('POST', '/api/host/diagnostics');
    expect(bare.status).toBe(202);
    const started = await admin.client.get(`/api/tasks/${bare.body.taskId}`);
    expect(started.body.type).toBe('host.diagnostics');
  });

  it('cancels a running diagnostics task quickly and refuses a second cancel', async () => {
    const { body } = await admin.client.post('/api/host/diagnostics', { sampleSeconds: 30 });
    const taskId: string = body.taskId;
    await waitFor(
      () => admin.client.get(`/api/tasks/${taskId}/log`).then((r) => r.body.items.map((l: { text: string }) => l.text).join('\n')),
      (text) => /sample 1\/30/.test(text),
      15_000,
      'the first sample',
    );
    const t0 = Date.now();
    const cancel = await admin.client.post(`/api/tasks/${taskId}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancelRequested).toBe(true);
    const done = await waitFor(
      () => admin.client.get(`/api/tasks/${taskId}`).then((r) => r.body),
      (b) => b.status !== 'running',
      5_000,
      'the task to stop',
    );
    expect(done.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(done.progress).toBeLessThan(100);
    const log = await admin.client.get(`/api/tasks/${taskId}/log`);
    const texts = log.body.items.map((l: { text: string }) => l.text);
    expect(texts).toContain('Cancel requested by root.');
    expect(texts[texts.length - 1]).toBe('Cancelled on request.');

    const again = await admin.client.post(`/api/tasks/${taskId}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASK_NOT_CANCELLABLE');
  });

  it('cancels a queued task at once', async () => {
    const queued = await insertTask({ status: TaskStatus.Queued, userId: admin.id });
    const res = await admin.client.post(`/api/tasks/${queued.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(res.body.finishedAt).toBeTruthy();
  });

  it('lets the starter, a network admin or a host admin cancel, not a viewer', async () => {
    const byCarolInA = await insertTask({ status: TaskStatus.Queued, userId: carol.id, networkId: netA });
    const byBob = await insertTask({ status: TaskStatus.Queued, userId: bob.id, networkId: netA });
    expect((await bob.client.post(`/api/tasks/${byCarolInA.id}/cancel`)).status).toBe(403);
    expect((await carol.client.post(`/api/tasks/${byBob.id}/cancel`)).status).toBe(403); // not even visible to her
    expect((await bob.client.post(`/api/tasks/${byBob.id}/cancel`)).status).toBe(200);
    expect((await alice.client.post(`/api/tasks/${byCarolInA.id}/cancel`)).status).toBe(200);
  });

  describe('GET /api/tasks', () => {
    const base = new Date('2030-01-01T00:00:00Z').getTime();
    const at = (minutes: number) => new Date(base + minutes * 60_000);
    let ids: Record<string, string>;

    beforeAll(async () => {
      const rows = [
        ['a1', { networkId: netA, userId: alice.id, status: TaskStatus.Succeeded, machine: 'web', createdAt: at(1) }],
        ['a2', { networkId: netA, userId: bob.id, status: TaskStatus.Failed, machine: 'db', createdAt: at(2) }],
        ['b1', { networkId: netB, userId: carol.id, status: TaskStatus.Succeeded, createdAt: at(3) }],
        ['b2', { networkId: netB, userId: bob.id, status: TaskStatus.Cancelled, type: 'vm.start', createdAt: at(4) }],
        ['h1', { networkId: null, userId: carol.id, status: TaskStatus.Succeeded, createdAt: at(5) }],
      ] as const;
      ids = {};
      for (const [name, fields] of rows) ids[name] = (await insertTask({ ...fields })).id;
    });

    const list = async (who: TestUser, query: string) => {
      const res = await who.client.get(`/api/tasks?since=2030-01-01T00:00:00Z&${query}`);
      expect(res.status).toBe(200);
      return { names: res.body.items.map((i: { id: string }) => Object.keys(ids).find((k) => ids[k] === i.id)), total: res.body.total };
    };

    it('shows host admins everything, newest first', async () => {
      expect(await list(admin, '')).toEqual({ names: ['h1', 'b2', 'b1', 'a2', 'a1'], total: 5 });
    });

    it('shows others their networks’ tasks plus the ones they started', async () => {
      expect((await list(alice, '')).names).toEqual(['a2', 'a1']);
      expect((await list(bob, '')).names).toEqual(['b2', 'a2', 'a1']); // b2 is in net B but bob started it
      expect((await list(carol, '')).names).toEqual(['h1', 'b2', 'b1']);
    });

    it('filters by status, type, network, machine, user and time, and pages', async () => {
      expect((await list(admin, 'status=succeeded')).names).toEqual(['h1', 'b1', 'a1']);
      expect((await list(admin, 'type=vm.start')).names).toEqual(['b2']);
      expect((await list(admin, `networkId=${netA}`)).names).toEqual(['a2', 'a1']);
      expect((await list(admin, 'machine=db')).names).toEqual(['a2']);
      expect((await list(admin, `userId=${bob.id}`)).names).toEqual(['b2', 'a2']);
      expect((await list(admin, `until=${at(3).toISOString()}`)).names).toEqual(['a2', 'a1']);
      expect(await list(admin, 'limit=2&offset=1')).toEqual({ names: ['b2', 'b1'], total: 5 });
      expect((await list(carol, `networkId=${netA}`)).names).toEqual([]);
    });

    it('rejects bad filters naming the field', async () => {
      for (const [q, field] of [
        ['status=done', 'status'],
        ['limit=500', 'limit'],
        ['since=yesterday', 'since'],
        ['networkId=42', 'networkId'],
      ]) {
        const res = await admin.client.get(`/api/tasks?${q}`);
        expect(res.status).toBe(400);
        expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
    });

    it('guards single tasks by network', async () => {
      expect((await carol.client.get(`/api/tasks/${ids['a1']}`)).status).toBe(403);
      expect((await bob.client.get(`/api/tasks/${ids['a1']}`)).status).toBe(200);
      expect((await carol.client.get(`/api/tasks/${ids['h1']}`)).status).toBe(200); // her own host-level task
      expect((await alice.client.get(`/api/tasks/${ids['h1']}`)).status).toBe(403);
      expect((await admin.client.get('/api/tasks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await admin.client.get('/api/tasks/not-a-uuid')).status).toBe(404);
      expect((await alice.client.get('/api/tasks/not-a-uuid')).status).toBe(403);
      expect((await new (admin.client.constructor as any)(t.baseUrl).get(`/api/tasks/${ids['a1']}`)).status).toBe(401);
    });
  });
});
