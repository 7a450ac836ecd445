import { createHmac, randomBytes } from 'node:crypto';
import { NetworkRole } from '@clan/contracts';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { sessionSecret } from '../src/services/secrets/session-secret';
import { TaskStore } from '../src/tasks/task.store';
import { ApiTokenEntity } from '../src/tokens/api-token.entity';
import { addNetwork, addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';

type Msg = { type: string; [k: string]: any };

/** A WebSocket client that records every message. */
class WsProbe {
  readonly messages: Msg[] = [];
  closed: { code: number } | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (d) => this.messages.push(JSON.parse(d.toString())));
    socket.on('close', (code) => (this.closed = { code }));
  }

  /** Resolves with the open probe, or rejects with the handshake's HTTP status. */
  static open(url: string, headers: Record<string, string>): Promise<WsProbe> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new WsProbe(socket)));
      socket.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode })),
      );
      socket.once('error', reject);
    });
  }

  send(m: unknown): void {
    this.socket.send(typeof m === 'string' ? m : JSON.stringify(m));
  }

  async next(pred: (m: Msg) => boolean, what: string, timeoutMs = 10_000): Promise<Msg> {
    const found = await waitFor(
      async () => this.messages.find(pred),
      (m) => m !== undefined,
      timeoutMs,
      what,
    );
    return found as Msg;
  }

  close(): void {
    this.socket.close();
  }
}

describe('WS /api/ws (real panel, Redis pub/sub)', () => {
  let t: TestPanel;
  let wsUrl: string;
  let admin: TestUser;
  let carol: TestUser;
  let netA: string;
  let netB: string;
  const probes: WsProbe[] = [];
  const open = async (headers: Record<string, string>) => {
    const p = await WsProbe.open(wsUrl, headers);
    probes.push(p);
    return p;
  };
  const bearer = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });
  const refusal = (headers: Record<string, string>) =>
    WsProbe.open(wsUrl, headers).then(
      (p) => {
        p.close();
        return 101;
      },
      (err: { status?: number }) => err.status,
    );

  /** A session row like the one login writes, and its signed cookie. */
  async function sessionCookie(userId: string): Promise<string> {
    const sid = randomBytes(18).toString('base64url');
    const expires = new Date(Date.now() + 3600_000);
    const data = {
      cookie: { originalMaxAge: 3600_000, expires: expires.toISOString(), httpOnly: true, path: '/', sameSite: 'strict' },
      passport: { user: userId },
      csrfToken: 'x',
    };
    await t.panel.app
      .get(DataSource)
      .query('INSERT INTO sessions (sid, user_id, data, expires_at) VALUES ($1, $2, $3::jsonb, $4)', [
        sid,
        userId,
        JSON.stringify(data),
        expires,
      ]);
    const mac = createHmac('sha256', sessionSecret(t.config)).update(sid).digest('base64').replace(/=+$/, '');
    return `clan.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;
  }

  beforeAll(async () => {
    t = await startTestPanel();
    wsUrl = t.baseUrl.replace('http', 'ws') + '/api/ws';
    admin = await addUser(t, 'root', { hostAdmin: true });
    carol = await addUser(t, 'carol');
    netA = await addNetwork(t, 'net-a');
    netB = await addNetwork(t, 'net-b', [[carol, NetworkRole.Viewer]]);
  });
  afterAll(async () => {
    for (const p of probes) p.close();
    await t.close();
  });

  it('streams task.log lines and the final task.updated to a task:<id> subscriber (bearer token)', async () => {
    const ws = await open(bearer(admin));
    const { body } = await admin.client.post('/api/host/diagnostics', { sampleSeconds: 2 });
    ws.send({ type: 'subscribe', topic: `task:${body.taskId}` });
    await ws.next((m) => m.type === 'subscribed' && m.topic === `task:${body.taskId}`, 'subscribed');
    const final = await ws.next((m) => m.type === 'task.updated' && m.task.status === 'succeeded', 'the final task.updated', 20_000);
    expect(final.task).toMatchObject({ id: body.taskId, progress: 100, type: 'host.diagnostics' });
    const lines = ws.messages.filter((m) => m.type === 'task.log');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((m) => m.taskId === body.taskId && typeof m.line.seq === 'number' && m.line.at && m.line.level)).toBe(true);
    expect(lines.some((m) => /^sample 2\/2/.test(m.line.text))).toBe(true);
    // Every line arrives exactly once, in order (the snapshot may have come after a few of them).
    const seqs = lines.map((m) => m.line.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The terminal update is the last task event.
    const taskEvents = ws.messages.filter((m) => m.type === 'task.updated' || m.type === 'task.log');
    expect(taskEvents[taskEvents.length - 1]).toBe(final);
  });

  it('accepts the session cookie with this panel as Origin, and filters the tasks topic by access', async () => {
    const cookie = await sessionCookie(carol.id);
    const ws = await open({ cookie, origin: t.baseUrl });
    ws.send({ type: 'subscribe', topic: 'tasks' });
    await ws.next((m) => m.type === 'subscribed' && m.topic === 'tasks', 'subscribed');
    const store = t.panel.app.get(TaskStore);
    const hidden = await store.create({
      type: 'vm.start',
      queue: 'hypervisor',
      payload: {},
      userId: admin.id,
      networkId: netA,
      machine: null,
    });
    const shown = await store.create({
      type: 'vm.start',
      queue: 'hypervisor',
      payload: {},
      userId: admin.id,
      networkId: netB,
      machine: null,
    });
    const own = await store.create({
      type: 'vm.start',
      queue: 'hypervisor',
      payload: {},
      userId: carol.id,
      networkId: null,
      machine: null,
    });
    await ws.next((m) => m.type === 'task.updated' && m.task.id === own.id, 'her own task');
    const seen = ws.messages.filter((m) => m.type === 'task.updated').map((m) => m.task.id);
    expect(seen).toContain(shown.id);
    expect(seen).not.toContain(hidden.id);
  });

  it('refuses handshakes without credentials, with bad ones, or from another Origin', async () => {
    const cookie = await sessionCookie(carol.id);
    expect(await refusal({})).toBe(401);
    expect(await refusal({ authorization: 'Bearer clan_not-a-real-token' })).toBe(401);
    expect(await refusal({ authorization: 'Basic abc' })).toBe(401);
    expect(await refusal({ cookie: cookie.replace(/.{4}$/, 'AAAA') })).toBe(401);
    expect(await refusal({ cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await refusal({ ...bearer(admin), origin: 'https://evil.example' })).toBe(403);
    expect(await refusal({ cookie, origin: t.baseUrl })).toBe(101);
  });

  it("answers an error for another network's task, unknown tasks and bad messages", async () => {
    const foreign = await t.panel.app
      .get(TaskStore)
      .create({ type: 'vm.start', queue: 'hypervisor', payload: {}, userId: admin.id, networkId: netA, machine: null });
    const ws = await open(bearer(carol));
    ws.send({ type: 'subscribe', topic: `task:${foreign.id}` });
    const err = await ws.next((m) => m.type === 'error', 'an error');
    expect(err.code).toBe('FORBIDDEN');
    expect(ws.messages.some((m) => m.type === 'subscribed')).toBe(false);

    const adminWs = await open(bearer(admin));
    adminWs.send({ type: 'subscribe', topic: 'task:00000000-0000-4000-8000-000000000000' });
    expect((await adminWs.next((m) => m.type === 'error', 'not found')).code).toBe('NOT_FOUND');
    adminWs.send('not json');
    adminWs.send({ type: 'subscribe', topic: 'everything' });
    await waitFor(
      async () => adminWs.messages.filter((m) => m.type === 'error').length,
      (n) => n >= 3,
      5000,
      'three errors',
    );
    expect(adminWs.messages.filter((m) => m.type === 'error').map((m) => m.code)).toEqual([
      'NOT_FOUND',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
  });

  it('stops a socket whose token was revoked at its next subscribe', async () => {
    const temp = await addUser(t, 'temp', { hostAdmin: true });
    const ws = await open(bearer(temp));
    await t.panel.app.get(DataSource).getRepository(ApiTokenEntity).update({ id: temp.tokenId }, { revokedAt: new Date() });
    ws.send({ type: 'subscribe', topic: 'tasks' });
    expect((await ws.next((m) => m.type === 'error', 'an error')).code).toBe('UNAUTHENTICATED');
    await waitFor(
      async () => ws.closed,
      (c) => c !== null,
      5000,
      'the socket to close',
    );
    expect(ws.closed?.code).toBe(4401);
  });
});
