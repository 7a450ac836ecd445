import { NetworkRole, TaskStatus } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { TaskEntity } from '../src/tasks/task.entity';
import { addNetwork, addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, TestClient, type TestPanel } from './harness';

describe('audit log (real Postgres)', () => {
  let t: TestPanel;
  let admin: TestUser;
  let alice: TestUser; // admin of network A (holds Audit.Read)
  let bob: TestUser; // viewer of network A
  let netA: string;

  /** Audit entries are written after the response; wait for the one with this correlation id. */
  const entryFor = async (correlationId: string | null) => {
    const res = await waitFor(
      () => admin.client.get('/api/audit?limit=200'),
      (r) => r.body.items?.some((e: { correlationId: string }) => e.correlationId === correlationId),
      10_000,
      `the audit entry ${correlationId}`,
    );
    return res.body.items.find((e: { correlationId: string }) => e.correlationId === correlationId);
  };

  beforeAll(async () => {
    t = await startTestPanel({ CLAN_LOGIN_MAX_FAILURES: '2' });
    admin = await addUser(t, 'root', { hostAdmin: true });
    alice = await addUser(t, 'alice');
    bob = await addUser(t, 'bob');
    netA = await addNetwork(t, 'net-a', [
      [alice, NetworkRole.Admin],
      [bob, NetworkRole.Viewer],
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a successful write with its action, target, caller and redacted body', async () => {
    const res = await admin.client.post('/api/host/diagnostics', { sampleSeconds: 1 });
    expect(res.status).toBe(202);
    const e = await entryFor(res.headers.get('x-correlation-id'));
    expect(e).toMatchObject({
      action: 'host.diagnostics.run',
      method: 'POST',
      path: '/api/host/diagnostics',
      statusCode: 202,
      result: 'success',
      errorCode: null,
      userId: admin.id,
      username: 'root',
      tokenId: admin.tokenId,
      targetType: 'task',
      targetId: res.body.taskId,
      networkId: null,
      details: { body: { sampleSeconds: 1 } },
    });
    expect(e.ip).toMatch(/127\.0\.0\.1/);
  });

  it('records a write the guard refused (403) with the error code', async () => {
    const res = await alice.client.post('/api/host/diagnostics', {});
    expect(res.status).toBe(403);
    const e = await entryFor(res.headers.get('x-correlation-id'));
    expect(e).toMatchObject({
      action: 'host.diagnostics.run',
      statusCode: 403,
      result: 'failure',
      errorCode: 'FORBIDDEN',
      userId: alice.id,
      username: 'alice',
    });
  });

  it('records an unauthenticated write (401) against the route pattern and the task’s network', async () => {
    const tasks = t.panel.app.get(DataSource).getRepository(TaskEntity);
    const task = await tasks.save(
      tasks.create({ type: 'vm.start', queue: 'hypervisor', status: TaskStatus.Succeeded, payload: {}, networkId: netA }),
    );
    const res = await new TestClient(t.baseUrl).post(`/api/tasks/${task.id}/cancel`);
    expect(res.status).toBe(401);
    const e = await entryFor(res.headers.get('x-correlation-id'));
    expect(e).toMatchObject({
      action: 'task.cancel',
      path: '/api/tasks/:taskId/cancel',
      statusCode: 401,
      result: 'failure',
      errorCode: 'UNAUTHENTICATED',
      userId: null,
      targetType: 'task',
      targetId: task.id,
      networkId: netA,
    });
  });

  it('records validation failures and sign-in attempts without secrets', async () => {
    const bad = await admin.client.post('/api/host/diagnostics', {
      sampleSeconds: 0,
      password: 'hunter2',
      nested: { apiToken: 'x', note: 'kept' },
    });
    expect(bad.status).toBe(400);
    const e = await entryFor(bad.headers.get('x-correlation-id'));
    expect(e).toMatchObject({
      statusCode: 400,
      errorCode: 'VALIDATION_FAILED',
      details: { body: { sampleSeconds: 0, nested: { note: 'kept' } } },
    });
    expect(JSON.stringify(e)).not.toContain('hunter2');

    const login = await new TestClient(t.baseUrl).post('/api/auth/login', {
      username: 'ghost',
      password: 'not-the-password',
      totpCode: '123456',
    });
    expect(login.status).toBeGreaterThanOrEqual(400);
    const l = await entryFor(login.headers.get('x-correlation-id'));
    expect(l).toMatchObject({
      path: '/api/auth/login',
      username: 'ghost',
      userId: null,
      result: 'failure',
      details: { body: { username: 'ghost' } },
    });
    expect(JSON.stringify(l)).not.toMatch(/not-the-password|123456/);
  });

  it('records rate-limited sign-ins', async () => {
    let limited: { status: number; headers: Headers } | undefined;
    for (let i = 0; i < 6 && !limited; i++) {
      const res = await new TestClient(t.baseUrl).post('/api/auth/login', { username: 'mallory', password: `guess-${i}` });
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    const e = await entryFor(limited!.headers.get('x-correlation-id'));
    expect(e).toMatchObject({
      path: '/api/auth/login',
      username: 'mallory',
      statusCode: 429,
      result: 'failure',
      errorCode: 'RATE_LIMITED',
    });
  });

  it('records unknown endpoints by method and path, and never reads', async () => {
    const res = await admin.client.post('/api/no/such/thing', {});
    expect(res.status).toBe(404);
    const e = await entryFor(res.headers.get('x-correlation-id'));
    expect(e).toMatchObject({ action: 'POST /api/no/such/thing', path: '/api/no/such/thing', statusCode: 404, errorCode: 'NOT_FOUND' });

    const read = await admin.client.get('/api/tasks');
    const all = await admin.client.get('/api/audit?limit=200');
    expect(all.body.items.some((x: { correlationId: string }) => x.correlationId === read.headers.get('x-correlation-id'))).toBe(false);
  });

  it('serves a network’s entries to those with Audit.Read, with filters', async () => {
    const tasks = t.panel.app.get(DataSource).getRepository(TaskEntity);
    const task = await tasks.save(
      tasks.create({ type: 'vm.start', queue: 'hypervisor', status: TaskStatus.Queued, payload: {}, networkId: netA, userId: bob.id }),
    );
    const cancel = await alice.client.post(`/api/tasks/${task.id}/cancel`);
    expect(cancel.status).toBe(200);
    await entryFor(cancel.headers.get('x-correlation-id'));

    const mine = await alice.client.get(`/api/networks/${netA}/audit`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(2); // the 401 above and this cancel
    expect(mine.body.items.every((x: { networkId: string }) => x.networkId === netA)).toBe(true);
    expect(mine.body.items[0]).toMatchObject({ action: 'task.cancel', userId: alice.id, result: 'success', targetId: task.id });

    expect(
      (await alice.client.get(`/api/networks/${netA}/audit?result=failure`)).body.items.map((x: { statusCode: number }) => x.statusCode),
    ).toEqual([401]);
    expect((await alice.client.get(`/api/networks/${netA}/audit?userId=${alice.id}`)).body.total).toBe(1);
    expect((await bob.client.get(`/api/networks/${netA}/audit`)).status).toBe(403);
    expect((await alice.client.get('/api/audit')).status).toBe(403);
    expect((await admin.client.get('/api/networks/not-a-uuid/audit')).status).toBe(404);
  });

  it('filters the host-wide log by action prefix, result, user and time', async () => {
    const q = (s: string) => admin.client.get(`/api/audit?${s}`).then((r) => r.body);
    const tasksOnly = await q('action=task');
    expect(tasksOnly.items.length).toBeGreaterThan(0);
    expect(tasksOnly.items.every((x: { action: string }) => x.action.startsWith('task.'))).toBe(true);
    expect((await q('action=host.diagnostics.run&result=success')).total).toBe(1);
    expect((await q(`userId=${alice.id}&action=host`)).items.map((x: { statusCode: number }) => x.statusCode)).toEqual([403]);
    expect((await q('since=2100-01-01T00:00:00Z')).total).toBe(0);
    const page = await q('limit=1');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
    const bad = await admin.client.get('/api/audit?result=maybe&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['limit', 'result']);
  });
});
