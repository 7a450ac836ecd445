import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { NetworkRole } from '@clan/contracts';
import { Logger, type LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { type NotificationEvent, NotificationsService } from '../src/notifications/notifications.service';
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from './fixtures/http-receiver';
import { addNetwork, addUser, type TestUser, waitFor } from './fixtures/principals';
import { type SmtpReceiver, startSmtpReceiver } from './fixtures/smtp-receiver';
import { type ApiResponse, startTestPanel, TestClient, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

/**
 * Notifications end to end on real Postgres and Redis: emit() from the
 * service (and from other processes), in-app list and WebSocket, and
 * deliveries to real receivers — a local HTTP server for webhooks and for
 * ntfy's publish API (a plain HTTP POST), and a small real SMTP server that
 * nodemailer talks to. Retries are fast here (CLAN_NOTIFY_RETRY_SECONDS=1).
 */

jest.setTimeout(180_000);

const ROOT = join(__dirname, '../../..');

/** Every secret these tests configure: none may ever appear in an answer, a log line or the audit log. */
const SECRETS = {
  signing: 'whsec-7c1f0e9a-signing-secret',
  header: 'Bearer hdr-4b2d-header-secret',
  ntfyToken: 'tk_ntfytoken9f8e7d6c5b4a',
  smtpPassword: 'smtp-pass-3e2d1c0b',
  echoed: 'echo-me-5a4b3c2d1e',
};

/** Collects everything the panel logs (Nest's Logger, which every service uses). */
class LogRecorder implements LoggerService {
  readonly lines: string[] = [];
  private add =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) => {
      this.lines.push(`${level} ${JSON.stringify([message, ...rest])}`);
    };
  log = this.add('log');
  error = this.add('error');
  warn = this.add('warn');
  debug = this.add('debug');
  verbose = this.add('verbose');
  fatal = this.add('fatal');
}

/** Records every answer a client got, to check no secret ever comes back. */
class RecordingClient extends TestClient {
  static answers: string[] = [];
  override async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await super.request<T>(method, path, body, headers);
    RecordingClient.answers.push(`${method} ${path} ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}

function clientOf(t: TestPanel, user: TestUser): RecordingClient {
  const c = new RecordingClient(t.baseUrl);
  c.bearer = user.token;
  return c;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `receiver` holds `count` requests matching `pred`, then checks no more arrive for a while. */
async function exactly(receiver: { requests: ReceivedRequest[] }, pred: (r: ReceivedRequest) => boolean, count: number, what: string) {
  await waitFor(
    async () => receiver.requests.filter(pred).length,
    (n) => n >= count,
    20_000,
    what,
  );
  await sleep(1500); // a duplicate would arrive within this (deliveries take milliseconds)
  expect(receiver.requests.filter(pred)).toHaveLength(count);
  return receiver.requests.filter(pred);
}

describe('notifications (real Postgres, Redis, HTTP and SMTP receivers)', () => {
  let t: TestPanel;
  let logs: LogRecorder;
  let hooks: HttpReceiver;
  let ntfy: HttpReceiver;
  let smtp: SmtpReceiver;
  let service: NotificationsService;
  let hostAdmin: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let admin: RecordingClient;
  let netA: string;
  let netB: string;
  let seq = 0;
  const subject = (name: string) => `test:${name}:${++seq}`;

  const event = (over: Partial<NotificationEvent>): NotificationEvent => ({
    kind: 'backup.freshness',
    severity: 'warning',
    networkId: netA,
    subject: subject('default'),
    state: 'stale',
    title: 'laptop-anna has not been backed up for 3 days',
    message: 'The last successful backup of laptop-anna finished 3 days ago.',
    ...over,
  });

  const createHostTarget = async (body: Record<string, unknown>) => {
    const res = await admin.post('/api/notification-targets', body);
    expect(res.status).toBe(201);
    return res.body as { id: string; [k: string]: any };
  };
  const removeHostTarget = async (id: string) => expect((await admin.delete(`/api/notification-targets/${id}`)).status).toBe(200);
  const hostTarget = async (id: string) =>
    ((await admin.get('/api/notification-targets')).body.items as { id: string; [k: string]: any }[]).find((x) => x.id === id);
  const notificationsFor = async (subjectKey: string) =>
    (await t.panel.app.get(DataSource).query('SELECT * FROM "notifications" WHERE "subject" = $1 ORDER BY "created_at"', [subjectKey])) as {
      id: string;
      state: string;
      previous_state: string | null;
    }[];

  beforeAll(async () => {
    [hooks, ntfy, smtp] = await Promise.all([startHttpReceiver(), startHttpReceiver(), startSmtpReceiver()]);
    t = await startTestPanel({ CLAN_NOTIFY_ATTEMPTS: '3', CLAN_NOTIFY_RETRY_SECONDS: '1', CLAN_LOG_LEVEL: 'verbose' });
    logs = new LogRecorder();
    Logger.overrideLogger(logs);
    service = t.panel.app.get(NotificationsService);
    hostAdmin = await addUser(t, 'notify-host', { hostAdmin: true });
    owner = await addUser(t, 'notify-owner');
    member = await addUser(t, 'notify-member');
    outsider = await addUser(t, 'notify-outsider');
    netA = await addNetwork(t, 'notify-a', [
      [owner, NetworkRole.Owner],
      [member, NetworkRole.Member],
    ]);
    netB = await addNetwork(t, 'notify-b');
    admin = clientOf(t, hostAdmin);
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([hooks?.close(), ntfy?.close(), smtp?.close()]);
  });

  it('delivers exactly one notification per state change under repeated and concurrent emits', async () => {
    const target = await createHostTarget({
      name: 'all changes',
      type: 'webhook',
      minSeverity: 'info',
      webhook: { url: `${hooks.url}/changes`, headerName: 'Authorization', headerSecret: SECRETS.header, signingSecret: SECRETS.signing },
    });
    expect(target.webhook).toEqual({
      url: `${hooks.url}/changes`,
      headerName: 'Authorization',
      headerSecretSet: true,
      signingSecretSet: true,
    });
    const key = subject('laptop-anna');
    const mine = (r: ReceivedRequest) => r.path === '/changes' && JSON.parse(r.body).subject === key;

    // The first observation being "ok" is recorded silently; repeats of it change nothing.
    await service.emit(event({ subject: key, state: 'ok', severity: 'info' }));
    await Promise.all(Array.from({ length: 5 }, () => service.emit(event({ subject: key, state: 'ok', severity: 'info' }))));
    expect(await notificationsFor(key)).toEqual([]);

    // 20 concurrent "stale" polls, then 5 more one by one: one change.
    await Promise.all(Array.from({ length: 20 }, () => service.emit(event({ subject: key, state: 'stale' }))));
    for (let i = 0; i < 5; i++) await service.emit(event({ subject: key, state: 'stale' }));
    // Back to ok: a second change ("recovered"), delivered although it is only info.
    await Promise.all(
      Array.from({ length: 10 }, () =>
        service.emit(event({ subject: key, state: 'ok', severity: 'info', title: 'laptop-anna is backed up again' })),
      ),
    );

    const stored = await notificationsFor(key);
    expect(stored.map((n) => [n.previous_state, n.state])).toEqual([
      ['ok', 'stale'],
      ['stale', 'ok'],
    ]);
    const got = await exactly(hooks, mine, 2, 'two webhook deliveries');
    const bodies = got.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.previousState, b.state]).sort()).toEqual([
      ['ok', 'stale'],
      ['stale', 'ok'],
    ]);
    expect(bodies[0]).toMatchObject({ type: 'notification', kind: 'backup.freshness', networkId: netA, networkName: 'notify-a' });
    for (const r of got) {
      // The receiver can check the signature with the shared secret, and gets the secret header.
      const expected = createHmac('sha256', SECRETS.signing).update(`${r.headers['x-clan-timestamp']}.${r.body}`).digest('hex');
      expect(r.headers['x-clan-signature-256']).toBe(`sha256=${expected}`);
      expect(r.headers['authorization']).toBe(SECRETS.header);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-clan-delivery']).toBe(JSON.parse(r.body).deliveryId);
    }
    // A first observation that is not ok is news.
    const fresh = subject('never-backed-up');
    await Promise.all(Array.from({ length: 10 }, () => service.emit(event({ subject: fresh, state: 'never' }))));
    expect((await notificationsFor(fresh)).map((n) => [n.previous_state, n.state])).toEqual([[null, 'never']]);
    await exactly(hooks, (r) => r.path === '/changes' && JSON.parse(r.body).subject === fresh, 1, 'the first-seen problem');
    await removeHostTarget(target.id);
  });

  it('holds when several panel processes emit at once (the database decides, not memory)', async () => {
    const target = await createHostTarget({
      name: 'multi-process',
      type: 'webhook',
      minSeverity: 'info',
      webhook: { url: `${hooks.url}/multi` },
    });
    const key = subject('multi');
    const burst = (state: string): NotificationEvent[] => Array.from({ length: 10 }, () => event({ subject: key, state }));
    const env = {
      ...childProcessEnv(),
      TS_NODE_TRANSPILE_ONLY: '1',
      TS_NODE_PROJECT: join(ROOT, 'apps/api/tools/tsconfig.json'),
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      CLAN_QUEUE_PREFIX: t.config.queuePrefix,
      CLAN_STATE_DIR: t.config.stateDir,
      CLAN_RUN_WORKERS: 'false',
      CLAN_AUTO_DEPLOY: 'false',
      CLAN_LIBVIRT_URI: 'test:///default',
    };
    // One more whole panel process (booting one is slow); with this one, two processes race on the same subject.
    const children = [startEmitter({ ...env, CLAN_EMIT_EVENTS: JSON.stringify(burst('stale')) })];
    try {
      await Promise.all(children.map((c) => c.ready));
      // Both processes fire their bursts at the same moment.
      for (const c of children) c.go();
      await Promise.all([...children.map((c) => c.done), ...burst('stale').map((e) => service.emit(e))]);
    } finally {
      for (const c of children) c.kill();
    }
    expect((await notificationsFor(key)).map((n) => n.state)).toEqual(['stale']);
    await exactly(hooks, (r) => r.path === '/multi' && JSON.parse(r.body).subject === key, 1, 'one delivery for two processes');
    await removeHostTarget(target.id);
  });

  it('routes by matchers: minimum severity, networks and kinds, host-level and network-level targets', async () => {
    const critical = await createHostTarget({
      name: 'phone',
      type: 'ntfy',
      minSeverity: 'critical',
      kinds: ['backup.*'],
      ntfy: { server: ntfy.url, topic: 'family-alerts', token: SECRETS.ntfyToken },
    });
    const onlyB = await createHostTarget({
      name: 'b only',
      type: 'webhook',
      minSeverity: 'info',
      networkIds: [netB],
      webhook: { url: `${hooks.url}/only-b` },
    });
    // The network owner manages network A's own email target.
    const ownerClient = clientOf(t, owner);
    const created = await ownerClient.post(`/api/networks/${netA}/notification-targets`, {
      name: 'family mail',
      type: 'email',
      minSeverity: 'warning',
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        username: 'panel',
        password: SECRETS.smtpPassword,
        from: 'cLAN <panel@clan.test>',
        to: ['anna@clan.test', 'ben@clan.test'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.email).toMatchObject({ host: '127.0.0.1', port: smtp.port, secure: false, username: 'panel', passwordSet: true });
    expect(created.body.networkId).toBe(netA);

    const tag = subject('matchers');
    await service.emit(event({ subject: `${tag}:1`, severity: 'warning', networkId: netA, kind: 'backup.freshness', title: 'A warning' }));
    await service.emit(
      event({ subject: `${tag}:2`, severity: 'critical', networkId: netA, kind: 'backup.check', title: 'A critical check' }),
    );
    await service.emit(event({ subject: `${tag}:3`, severity: 'critical', networkId: netB, kind: 'vm.health', title: 'B critical vm' }));
    await service.emit(event({ subject: `${tag}:4`, severity: 'info', networkId: netB, kind: 'backup.freshness', title: 'B info' }));
    await service.emit(event({ subject: `${tag}:5`, severity: 'critical', networkId: null, kind: 'backup.check', title: 'Host critical' }));

    const ntfyGot = await exactly(ntfy, (r) => r.path === '/family-alerts', 2, 'ntfy: critical backup.* only');
    expect(ntfyGot.map((r) => r.headers['title']).sort()).toEqual(['A critical check', 'Host critical']);
    const first = ntfyGot.find((r) => r.headers['title'] === 'A critical check');
    expect(first?.method).toBe('POST');
    expect(first?.headers).toMatchObject({
      priority: '5',
      tags: 'rotating_light,backup.check',
      authorization: `Bearer ${SECRETS.ntfyToken}`,
    });
    expect(first?.body).toBe('The last successful backup of laptop-anna finished 3 days ago.');

    const bGot = await exactly(hooks, (r) => r.path === '/only-b', 2, 'webhook: network B only');
    expect(bGot.map((r) => JSON.parse(r.body).title).sort()).toEqual(['B critical vm', 'B info']);

    await waitFor(
      async () => smtp.messages.length,
      (n) => n >= 2,
      20_000,
      'two emails',
    );
    await sleep(1500);
    const mails = smtp.messages.filter((m) => m.data.includes(tag) || /A (warning|critical check)/.test(m.data));
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => /^Subject: (.*)$/m.exec(m.data)?.[1]).sort()).toEqual([
      '[cLAN critical] A critical check',
      '[cLAN warning] A warning',
    ]);
    for (const m of mails) {
      expect(m.to.sort()).toEqual(['anna@clan.test', 'ben@clan.test']);
      expect(m.from).toBe('panel@clan.test');
      expect(m.auth).toEqual({ user: 'panel', pass: SECRETS.smtpPassword });
    }
    smtp.messages.splice(0);
    await removeHostTarget(critical.id);
    await removeHostTarget(onlyB.id);
    expect((await ownerClient.delete(`/api/networks/${netA}/notification-targets/${created.body.id}`)).status).toBe(200);
  });

  it('sends a test from the button of every target type and records the outcome', async () => {
    const hook = await createHostTarget({ name: 'test hook', type: 'webhook', webhook: { url: `${hooks.url}/button` } });
    const res = await admin.post(`/api/notification-targets/${hook.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, error: null });
    const [got] = await exactly(hooks, (r) => r.path === '/button', 1, 'the test webhook');
    expect(got.headers['x-clan-event']).toBe('test');
    expect(JSON.parse(got.body)).toMatchObject({ type: 'test', kind: 'panel.test', title: 'Test notification from the cLAN panel' });
    expect(await hostTarget(hook.id)).toMatchObject({ lastStatus: 'ok', lastError: null, lastSuccessAt: expect.any(String) });

    const ownerClient = clientOf(t, owner);
    const phone = await ownerClient.post(`/api/networks/${netA}/notification-targets`, {
      name: 'phone',
      type: 'ntfy',
      ntfy: { server: ntfy.url, topic: 'button' },
    });
    expect((await ownerClient.post(`/api/networks/${netA}/notification-targets/${phone.body.id}/test`)).body).toMatchObject({ ok: true });
    const [pushed] = await exactly(ntfy, (r) => r.path === '/button', 1, 'the test ntfy message');
    expect(pushed.headers['tags']).toBe('information_source,panel.test,test');

    const mail = await ownerClient.post(`/api/networks/${netA}/notification-targets`, {
      name: 'mail',
      type: 'email',
      email: { host: '127.0.0.1', port: smtp.port, from: 'panel@clan.test', to: ['ops@clan.test'] },
    });
    expect((await ownerClient.post(`/api/networks/${netA}/notification-targets/${mail.body.id}/test`)).body).toMatchObject({ ok: true });
    expect(smtp.messages.at(-1)?.data).toContain('A test from the cLAN panel: this target works.');
    expect(smtp.messages.at(-1)?.auth).toBeNull();

    // A target nobody listens on: the button says why, and so does the target.
    const closed = await startHttpReceiver();
    await closed.close();
    const dead = await createHostTarget({ name: 'dead', type: 'webhook', webhook: { url: `${closed.url}/nobody` } });
    const failed = await admin.post(`/api/notification-targets/${dead.id}/test`);
    expect(failed.body.ok).toBe(false);
    expect(failed.body.error).toMatch(/ECONNREFUSED/);
    expect(await hostTarget(dead.id)).toMatchObject({ lastStatus: 'failed', lastError: expect.stringMatching(/ECONNREFUSED/) });
    for (const id of [hook.id, dead.id]) await removeHostTarget(id);
    for (const id of [phone.body.id, mail.body.id]) await ownerClient.delete(`/api/networks/${netA}/notification-targets/${id}`);
  });

  it('retries a failing target with backoff, records each error, and gives up after the last attempt without stopping the worker', async () => {
    const flaky = await startHttpReceiver();
    const down = await startHttpReceiver();
    const refusing = await startHttpReceiver();
    try {
      const flakyTarget = await createHostTarget({ name: 'flaky', type: 'webhook', webhook: { url: `${flaky.url}/hook` } });
      const downTarget = await createHostTarget({ name: 'down', type: 'webhook', webhook: { url: `${down.url}/hook` } });
      const refusingTarget = await createHostTarget({ name: 'refusing', type: 'webhook', webhook: { url: `${refusing.url}/hook` } });
      flaky.failNext(2, 503);
      down.failAlways(500);
      refusing.failNext(5, 404, 'no such hook');
      smtp.failNext(1, '451 4.3.0 try again later');
      const mail = await createHostTarget({
        name: 'mail retry',
        type: 'email',
        email: { host: '127.0.0.1', port: smtp.port, from: 'panel@clan.test', to: ['ops@clan.test'] },
      });

      await service.emit(event({ subject: subject('retry') }));

      // Flaky: two 503s, then delivered on the third attempt — the same delivery id each time, growing gaps.
      const tries = await exactly(flaky, () => true, 3, 'three attempts at the flaky receiver');
      expect(new Set(tries.map((r) => r.headers['x-clan-delivery'])).size).toBe(1);
      expect(tries[2].at - tries[1].at).toBeGreaterThan(tries[1].at - tries[0].at);
      expect(await hostTarget(flakyTarget.id)).toMatchObject({ lastStatus: 'ok', pendingDeliveries: 0, failedDeliveries: 0 });

      // Down: three attempts (CLAN_NOTIFY_ATTEMPTS=3), then failed, with the receiver's answer as the error.
      await exactly(down, () => true, 3, 'three attempts at the down receiver');
      const gaveUp = await waitFor(
        () => hostTarget(downTarget.id),
        (x) => x?.failedDeliveries === 1,
        20_000,
        'the down target to give up',
      );
      expect(gaveUp).toMatchObject({ lastStatus: 'failed', lastError: 'HTTP 500: receiver is down', pendingDeliveries: 0 });

      // Refusing (404): not worth retrying — one attempt, failed at once.
      await exactly(refusing, () => true, 1, 'one attempt at the refusing receiver');
      expect(
        await waitFor(
          () => hostTarget(refusingTarget.id),
          (x) => x?.failedDeliveries === 1,
          10_000,
          'refusal recorded',
        ),
      ).toMatchObject({
        lastError: 'HTTP 404: no such hook',
      });

      // SMTP 451 is temporary: the second attempt delivers.
      await waitFor(
        () => hostTarget(mail.id),
        (x) => x?.lastStatus === 'ok',
        20_000,
        'the email after a 451',
      );
      expect(smtp.commands.filter((c) => c.startsWith('MAIL FROM')).length).toBeGreaterThanOrEqual(2);

      // The worker is still there: the next change goes through at once.
      down.failAlways(null);
      await service.emit(event({ subject: subject('after-failures') }));
      await waitFor(
        () => hostTarget(downTarget.id),
        (x) => x?.lastStatus === 'ok',
        20_000,
        'the next delivery',
      );
      for (const id of [flakyTarget.id, downTarget.id, refusingTarget.id, mail.id]) await removeHostTarget(id);
    } finally {
      await Promise.all([flaky.close(), down.close(), refusing.close()]);
    }
  });

  it('shows each person the notifications they may see, with their own read state, live over the WebSocket', async () => {
    const tag = subject('inbox');
    const memberClient = clientOf(t, member);
    const outsiderClient = clientOf(t, outsider);
    const ws = await openSocket(t, member.token);
    try {
      ws.send({ type: 'subscribe', topic: 'notifications' });
      await ws.next((m) => m.type === 'subscribed' && m.topic === 'notifications', 'subscribed');

      await service.emit(event({ subject: `${tag}:a`, networkId: netA, title: 'A needs attention' }));
      await service.emit(event({ subject: `${tag}:b`, networkId: netB, title: 'B needs attention' }));
      await service.emit(event({ subject: `${tag}:host`, networkId: null, title: 'Host needs attention' }));

      const pushed = await ws.next(
        (m) => m.type === 'notification.created' && m.notification.title === 'A needs attention',
        'the live notification',
      );
      expect(pushed.notification).toMatchObject({ networkId: netA, networkName: 'notify-a', read: false, severity: 'warning' });
      await sleep(500);
      expect(ws.messages.filter((m) => m.type === 'notification.created').map((m) => m.notification.title)).toEqual(['A needs attention']);

      const titles = async (c: TestClient) =>
        ((await c.get('/api/notifications?limit=200')).body.items as { title: string; subject: string }[])
          .filter((n) => n.subject.startsWith(tag))
          .map((n) => n.title);
      expect(await titles(memberClient)).toEqual(['A needs attention']);
      expect(await titles(outsiderClient)).toEqual([]);
      expect((await titles(admin)).sort()).toEqual(['A needs attention', 'B needs attention', 'Host needs attention']);

      const mine = (await memberClient.get('/api/notifications?unread=true&limit=200')).body;
      const a = mine.items.find((n: { subject: string }) => n.subject === `${tag}:a`);
      const before = (await memberClient.get('/api/notifications/unread-count')).body.unread;
      expect(before).toBe(mine.unread);
      const read = await memberClient.post(`/api/notifications/${a.id}/read`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ marked: 1, unread: before - 1 });
      await ws.next((m) => m.type === 'notifications.read' && m.ids?.[0] === a.id, 'the read event');
      expect((await memberClient.post(`/api/notifications/${a.id}/read`)).body.marked).toBe(0);
      // Read state is per person: the host admin still has it unread.
      const adminView = (await admin.get('/api/notifications?limit=200')).body.items.find((n: { id: string }) => n.id === a.id);
      expect(adminView.read).toBe(false);

      // Another network's notification answers like a missing one.
      const bId = (await admin.get('/api/notifications?limit=200')).body.items.find(
        (n: { subject: string }) => n.subject === `${tag}:b`,
      ).id;
      expect((await memberClient.post(`/api/notifications/${bId}/read`)).status).toBe(404);
      expect((await outsiderClient.get('/api/notifications')).body).toMatchObject({ total: 0, unread: 0 });

      const all = await admin.post('/api/notifications/read-all');
      expect(all.status).toBe(200);
      expect(all.body.unread).toBe(0);
      expect((await admin.get('/api/notifications/unread-count')).body.unread).toBe(0);
      expect((await admin.get('/api/notifications?unread=true')).body.items).toEqual([]);
      expect((await memberClient.get('/api/notifications/unread-count')).body.unread).toBe(before - 1);
    } finally {
      ws.close();
    }
  });

  it('checks access and input: Sys.Modify for host targets, Network.Manage for network targets, 400s that name the field', async () => {
    const ownerClient = clientOf(t, owner);
    const memberClient = clientOf(t, member);
    const body = { name: 'x', type: 'webhook', webhook: { url: `${hooks.url}/x` } };
    expect((await ownerClient.post('/api/notification-targets', body)).status).toBe(403);
    expect((await memberClient.post(`/api/networks/${netA}/notification-targets`, body)).status).toBe(403);
    expect((await memberClient.get(`/api/networks/${netA}/notification-targets`)).status).toBe(403);
    expect((await ownerClient.post(`/api/networks/${netB}/notification-targets`, body)).status).toBe(403);

    const a = await ownerClient.post(`/api/networks/${netA}/notification-targets`, body);
    expect(a.status).toBe(201);
    // The id of network A's target means nothing under network B or the host.
    expect((await admin.patch(`/api/networks/${netB}/notification-targets/${a.body.id}`, { name: 'moved' })).status).toBe(404);
    expect((await admin.post(`/api/notification-targets/${a.body.id}/test`)).status).toBe(404);
    expect((await admin.get('/api/notification-targets')).body.items.map((x: { id: string }) => x.id)).not.toContain(a.body.id);

    const field = async (res: Promise<ApiResponse>) => {
      const r = await res;
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      return (r.body.fields as { field: string }[]).map((f) => f.field);
    };
    expect(await field(admin.post('/api/notification-targets', { name: 'x', type: 'webhook' }))).toEqual(['webhook']);
    expect(await field(admin.post('/api/notification-targets', { ...body, ntfy: { topic: 'x' } }))).toEqual(['ntfy']);
    expect(await field(admin.post('/api/notification-targets', { ...body, webhook: { url: 'ftp://x' } }))).toContain('webhook.url');
    expect(
      await field(admin.post('/api/notification-targets', { ...body, webhook: { url: `${hooks.url}/x`, headerSecret: 'v' } })),
    ).toEqual(['webhook.headerName']);
    expect(
      await field(
        admin.post('/api/notification-targets', {
          ...body,
          webhook: { url: `${hooks.url}/x`, headerName: 'Content-Type', headerSecret: 'v' },
        }),
      ),
    ).toEqual(['webhook.headerName']);
    expect(await field(admin.post('/api/notification-targets', { ...body, networkIds: ['00000000-0000-4000-8000-000000000000'] }))).toEqual(
      ['networkIds'],
    );
    expect(await field(admin.post('/api/notification-targets', { ...body, kinds: ['Backup Stale'] }))).toContain('kinds');
    expect(
      await field(
        admin.post('/api/notification-targets', {
          name: 'm',
          type: 'email',
          email: { host: 'smtp', port: 25, from: 'a@b', to: ['not an address'] },
        }),
      ),
    ).toContain('email.to');
    expect(await field(ownerClient.patch(`/api/networks/${netA}/notification-targets/${a.body.id}`, { email: { host: 'smtp' } }))).toEqual([
      'email',
    ]);

    // Editing keeps the secret unless it is replaced or cleared (null).
    const h = await createHostTarget({
      name: 'editable',
      type: 'webhook',
      webhook: { url: `${hooks.url}/e`, signingSecret: SECRETS.signing },
    });
    const renamed = await admin.patch(`/api/notification-targets/${h.id}`, { name: 'renamed', webhook: { url: `${hooks.url}/e2` } });
    expect(renamed.body).toMatchObject({ name: 'renamed', webhook: { url: `${hooks.url}/e2`, signingSecretSet: true } });
    const cleared = await admin.patch(`/api/notification-targets/${h.id}`, { webhook: { signingSecret: null } });
    expect(cleared.body.webhook.signingSecretSet).toBe(false);
    await removeHostTarget(h.id);
  });

  it('never shows a secret: not in answers, not in errors, not in logs, not in the audit log, not in the database as plain text', async () => {
    // A receiver that echoes the request's secret header in its error page: the stored error has it scrubbed.
    const echo = await startHttpReceiver();
    try {
      const target = await createHostTarget({
        name: 'echo',
        type: 'webhook',
        webhook: { url: `${echo.url}/echo`, headerName: 'X-Api-Key', headerSecret: SECRETS.echoed },
      });
      echo.failNext(1, 400, `bad key ${SECRETS.echoed}`);
      const res = await admin.post(`/api/notification-targets/${target.id}/test`);
      expect(res.body.ok).toBe(false);
      expect(res.body.error).toBe('HTTP 400: bad key ***');
      await removeHostTarget(target.id);
    } finally {
      await echo.close();
    }
    const audit = await admin.get('/api/audit?limit=200');
    expect(audit.status).toBe(200);
    expect(audit.body.items.some((e: { action: string }) => e.action === 'notification.target.create')).toBe(true);
    const sealed = (await t.panel.app
      .get(DataSource)
      .query('SELECT "settings"::text, "secrets_encrypted" FROM "notification_targets"')) as unknown[];

    const places: [string, string][] = [
      ['API answers', RecordingClient.answers.join('\n')],
      ['logs', logs.lines.join('\n')],
      ['audit log', JSON.stringify(audit.body)],
      ['stored targets', JSON.stringify(sealed)],
    ];
    expect(RecordingClient.answers.length).toBeGreaterThan(50);
    expect(logs.lines.some((l) => l.includes('failed'))).toBe(true); // the failures above were logged…
    for (const [where, text] of places) {
      for (const [name, secret] of Object.entries(SECRETS)) {
        if (text.includes(secret)) throw new Error(`the ${name} secret appears in ${where}`); // …without their secrets
      }
    }
  });
});

// ── helpers ───────────────────────────────────────────────────────────────

interface Emitter {
  ready: Promise<void>;
  done: Promise<void>;
  go(): void;
  kill(): void;
}

/** Starts apps/api/test/fixtures/notify-emitter.ts: a whole second panel process that emits on cue. */
function startEmitter(env: Record<string, string>): Emitter {
  const proc: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(__dirname, 'fixtures/notify-emitter.ts')],
    { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const seen = (marker: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`notify-emitter: no ${marker} within ${timeoutMs} ms:\n${err}`)), timeoutMs);
      const check = () => {
        if (marker.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        check();
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        if (!marker.test(out)) reject(new Error(`notify-emitter exited (${code}) before ${marker}:\n${err}`));
      });
    });
  const ready = seen(/READY/, 120_000);
  const done = seen(/DONE \d+/, 150_000);
  return {
    ready,
    done,
    go: () => proc.stdin?.write('go\n'),
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
}

type Msg = { type: string; [k: string]: any };

async function openSocket(t: TestPanel, token: string) {
  const socket = new WebSocket(`${t.baseUrl.replace('http', 'ws')}/api/ws`, { headers: { authorization: `Bearer ${token}` } });
  const messages: Msg[] = [];
  socket.on('message', (d) => messages.push(JSON.parse(d.toString()) as Msg));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    messages,
    send: (m: unknown) => socket.send(JSON.stringify(m)),
    next: (pred: (m: Msg) => boolean, what: string) =>
      waitFor(
        async () => messages.find(pred),
        (m) => m !== undefined,
        10_000,
        what,
      ) as Promise<Msg>,
    close: () => socket.close(),
  };
}
