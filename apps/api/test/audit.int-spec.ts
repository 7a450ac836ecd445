import { statSync } from 'node:fs';
import { join } from 'node:path';
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

  it('writes the entry of a request refused for U+0000, sanitised, and names the field in the answer', async () => {
    const res = await admin.client.patch(`/api/networks/${netA}`, { description: 'our\u0000net\u001bwork', password: 'hunter2' });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['description']);
    const e = await entryFor(res.headers.get('x-correlation-id'));
    expect(e).toMatchObject({
      method: 'PATCH',
      path: '/api/networks/:networkId',
      networkId: netA,
      statusCode: 400,
      result: 'failure',
      errorCode: 'VALIDATION_FAILED',
      details: { body: { description: 'our\\u0000net\\u001bwork' } },
    });
    expect(JSON.stringify(e)).not.toContain('hunter2');

    // The name tried at sign-in is kept, escaped; a key with U+0000 too.
    const login = await new TestClient(t.baseUrl).post('/api/auth/login', { username: 'gh\u0000ost', password: 'x', ['odd\u0000name']: 1 });
    expect(login.status).toBe(400);
    const l = await entryFor(login.headers.get('x-correlation-id'));
    expect(l).toMatchObject({ username: 'gh\\u0000ost', details: { body: { username: 'gh\\u0000ost', 'odd\\u0000name': 1 } } });
  });

  it('writes the entry of a body refused for its nesting or its size, summarised', async () => {
    const deep = await admin.client.request('POST', '/api/networks', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000));
    expect(deep.status).toBe(400);
    expect((await entryFor(deep.headers.get('x-correlation-id'))).details).toEqual({
      body: { a: { a: { a: { a: { a: '[too deep]' } } } } },
    });

    const big = await admin.client.request('POST', '/api/networks', JSON.stringify({ name: 'big', description: 'x'.repeat(1_100_000) }));
    expect(big.status).toBe(413);
    const b = await entryFor(big.headers.get('x-correlation-id'));
    expect(b).toMatchObject({ statusCode: 413, errorCode: 'PAYLOAD_TOO_LARGE' });
    expect(b.details.bodyBytes).toBeGreaterThan(1_000_000);
  });

  it('keeps entries the database refused in the spool, raises an alert, and writes them once it takes them again', async () => {
    const ds = t.panel.app.get(DataSource);
    const spool = join(t.config.stateDir, 'audit-spool', 'pending.jsonl');
    const health = () => admin.client.get('/api/health').then((r) => r.body.components.audit as { status: string; detail: string });
    expect((await health()).status).toBe('ok');

    await ds.query('ALTER TABLE "audit_log" RENAME TO "audit_log_away"');
    let waiting: string[];
    try {
      const first = await admin.client.post('/api/host/diagnostics', { sampleSeconds: 0, note: 'while\u0000away' });
      const second = await new TestClient(t.baseUrl).post('/api/networks', { name: 'late' });
      expect([first.status, second.status]).toEqual([400, 401]);
      waiting = [first, second].map((r) => r.headers.get('x-correlation-id') ?? '');

      const h = await waitFor(health, (c) => c.detail.startsWith('2 audit entries waiting'), 10_000, 'the audit health component');
      expect(h.status).toBe('down');
      expect(statSync(spool).mode & 0o777).toBe(0o600);
      expect(statSync(join(t.config.stateDir, 'audit-spool')).mode & 0o777).toBe(0o700);

      const alert = await waitFor(
        () => admin.client.get('/api/notifications'),
        (r) => r.body.items?.some((n: { kind: string; state: string }) => n.kind === 'audit.write' && n.state === 'waiting'),
        10_000,
        'the audit alert',
      );
      expect(alert.body.items.find((n: { kind: string }) => n.kind === 'audit.write')).toMatchObject({
        severity: 'critical',
        subject: 'audit:write',
        title: 'Audit entries are waiting to be written',
      });
    } finally {
      await ds.query('ALTER TABLE "audit_log_away" RENAME TO "audit_log"');
    }

    // The replay timer (every 5 s) writes them in order; nothing is written twice.
    const first = await entryFor(waiting[0]);
    expect(first).toMatchObject({
      action: 'host.diagnostics.run',
      statusCode: 400,
      details: { body: { sampleSeconds: 0, note: 'while\\u0000away' } },
    });
    const second = await entryFor(waiting[1]);
    expect(second).toMatchObject({ action: 'network.create', userId: null, statusCode: 401, details: { body: { name: 'late' } } });
    const rows: { n: string }[] = await ds.query('SELECT count(*) AS n FROM "audit_log" WHERE "correlation_id" = ANY($1)', [waiting]);
    expect(Number(rows[0].n)).toBe(2);
    expect(await waitFor(health, (c) => c.status === 'ok', 10_000, 'audit health ok')).toMatchObject({
      detail: 'every audit entry is written',
    });
    expect(() => statSync(spool)).toThrow();
    const cleared = await waitFor(
      () => admin.client.get('/api/notifications'),
      (r) => r.body.items?.some((n: { kind: string; state: string }) => n.kind === 'audit.write' && n.state === 'ok'),
      10_000,
      'the audit alert cleared',
    );
    expect(cleared.status).toBe(200);
  });
});
