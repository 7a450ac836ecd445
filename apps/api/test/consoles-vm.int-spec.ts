/**
 * The serial and graphical consoles of a real VM (docs/consoles.md): a panel
 * process on qemu:///system boots the test system (nix/test-system, whose
 * init runs a busybox shell on ttyS0); people type into its console through
 * the panel's WebSocket and read the answer, the scrollback survives a
 * reboot, the session is recorded, and a display's VNC comes through the
 * proxy. One VM, booted once and rebooted twice.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asciicastOutput, parseAsciicast } from '@clan/contracts';
import { Client } from 'pg';
import { hashToken } from '../src/common/authz/access.service';
import { type ChildPanel, spawnPanel, vmPanelEnv } from './fixtures/child-panel';
import { ConsoleClient, readEvents } from './fixtures/console-client';
import { waitFor } from './fixtures/principals';
import { cleanUpVms, prepareTestSystemFlake, readText, requireVmHost } from './fixtures/vm-host';
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(900_000);

/** Boots are slow on a loaded 2-core machine (TCG): give the guest room. */
const GUEST_MS = 180_000;

interface Task {
  id: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

describe('consoles of a booted VM (qemu:///system, test system)', () => {
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let panel: ChildPanel;
  let root: TestClient;
  let nadia: TestClient;
  let networkId: string;
  let domainName = '';
  const clients: ConsoleClient[] = [];
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;
  const tokens: Record<string, string> = {};

  const machinePath = () => `/api/networks/${networkId}/machines/echo`;
  const open = async (c: TestClient, kind: 'serial' | 'vnc' = 'serial', protocols?: string[]) => {
    const res = await c.post(`${machinePath()}/console/ticket`, { kind });
    if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
    const client = await ConsoleClient.open(panel.baseUrl, res.body.url, { headers: { origin: panel.baseUrl }, protocols });
    clients.push(client);
    return client;
  };
  const serialLog = () => readText(join(stateDir, 'vms', networkId, 'echo', 'serial.log'));

  async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      return (await pg.query(query, params)).rows as T[];
    } finally {
      await pg.end();
    }
  }

  async function user(name: string, hostAdmin: boolean): Promise<void> {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO users (username, password_hash, is_host_admin, recovery_code_hashes) VALUES ($1, 'unused', $2, '[]') RETURNING id`,
      [name, hostAdmin],
    );
    const token = `clan_${randomBytes(24).toString('base64url')}`;
    await sql(`INSERT INTO api_tokens (user_id, name, secret_hash, prefix) VALUES ($1, 'test', $2, $3)`, [
      row!.id,
      hashToken(token),
      token.slice(0, 12),
    ]);
    tokens[name] = token;
  }

  async function finished(taskId: string): Promise<Task> {
    return waitFor(
      () => root.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      GUEST_MS + 120_000,
      `task ${taskId}`,
    );
  }

  async function expectSucceeded(task: Task): Promise<void> {
    if (task.status === 'succeeded') return;
    const log = (await root.get(`/api/tasks/${task.id}/log?limit=1000`)).body.items.map((l: { text: string }) => l.text).join('\n');
    throw new Error(`task ${task.status}: ${task.error}\n--- log ---\n${log}\n--- serial ---\n${serialLog().slice(-3000)}`);
  }

  /** Reboots through the panel (stop + start: the domain picks up console settings) and waits for the reboot task to succeed. */
  async function reboot(): Promise<void> {
    const r = await root.post(`${machinePath()}/vm/reboot`, {});
    expect(r.status).toBe(202);
    await expectSucceeded(await finished(r.body.taskId));
  }

  beforeAll(async () => {
    requireVmHost();
    flake = prepareTestSystemFlake();
    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-console-vm-'));
    chmodSync(stateDir, 0o711);
    await user('root', true);
    await user('nadia', false);
    panel = await spawnPanel(
      vmPanelEnv({ databaseUrl: db.url, stateDir, flakeUrl: flake.url, profilesDir, autoDeploy: true, healthSeconds: GUEST_MS / 1000 }),
      120_000,
    );
    root = Object.assign(new TestClient(panel.baseUrl), { bearer: tokens['root'] });
    nadia = Object.assign(new TestClient(panel.baseUrl), { bearer: tokens['nadia'] });
    const net = await root.post('/api/networks', { name: 'consoles' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
    expect((await root.post(`/api/networks/${networkId}/members`, { username: 'nadia', role: 'admin' })).status).toBe(201);
    const created = await root.post(`/api/networks/${networkId}/machines`, {
      name: 'echo',
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } },
    });
    expect(created.status).toBe(201);
    const build = await waitFor(
      () => root.get(`/api/tasks?networkId=${networkId}&machine=echo&type=machine.build`).then((r) => (r.body.items as Task[])[0] ?? null),
      (t) => t !== null,
      60_000,
      'the build',
    );
    const built = await finished(build!.id);
    await expectSucceeded(built);
    await expectSucceeded(await finished(built.result!['deployTaskId'] as string));
    domainName = (await root.get(`${machinePath()}/vm`)).body.domainName;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await panel?.kill('SIGTERM').catch(() => undefined);
    if (domainName) cleanUpVms(domainName, null);
    cleanUpVms('clan-none-', profilesDir);
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    flake?.remove();
  });

  it('type a command in the serial console and read its output; output since boot is replayed first', async () => {
    await waitFor(
      () => root.get(machinePath() + '/console').then((r) => r.body),
      (b) => b.state === 'attached',
      60_000,
      'the panel to hold the console',
    );
    const c = await open(root);
    const hello = await c.waitMessage('hello');
    expect(hello).toMatchObject({ kind: 'serial', state: 'attached', title: 'consoles/echo: serial console' });
    // The replay: the boot markers (printed long before anyone connected) and the shell's prompt.
    await c.waitText(/CLAN-BOOT machine=echo generation=1[\s\S]*echo:\/# /, 'the boot output and the prompt', GUEST_MS);
    c.type('echo hi-$((6*7))\r');
    await c.waitText(/\r\nhi-42\r\n/, 'the guest shell to answer', GUEST_MS);
    c.close();
  });

  it('several viewers share the console: same output, input from anyone, everyone sees who is connected', async () => {
    const a = await open(root);
    const b = await open(nadia);
    await a.waitMessage('replayed');
    await b.waitMessage('replayed');
    for (const c of [a, b]) await c.waitMessage('presence', (m) => m.participants.length === 2);
    b.type('echo from-nadia-$((1+1))\r');
    await a.waitText(/from-nadia-2\r\n/, 'nadia’s command on root’s screen', GUEST_MS);
    await b.waitText(/from-nadia-2\r\n/, 'nadia’s command on her own screen', GUEST_MS);
    // Serial lines have no window size: a resize is accepted and changes nothing.
    a.control({ type: 'resize', cols: 120, rows: 40 });
    a.control({ type: 'ping' });
    await a.waitMessage('pong');
    expect(a.messages.some((m) => m.type === 'resized')).toBe(false);
    const live = (await root.get(machinePath() + '/console')).body;
    expect(live.participants.map((p: { username: string }) => p.username).sort()).toEqual(['nadia', 'root']);
    a.close();
    await b.waitMessage('presence', (m) => m.participants.length === 1);
    b.close();
  });

  it('keeps the output as a log: paged by offset over HTTP, followed as server-sent events', async () => {
    const log = (await nadia.get(`${machinePath()}/console/log`)).body;
    expect(log.text).toMatch(/CLAN-BOOT machine=echo generation=1/);
    expect(log.text).toMatch(/hi-42/);
    expect(log.boots).toHaveLength(1);
    expect(log).toMatchObject({ from: log.boots[0].offset, to: log.end, more: false });
    const tail = (await nadia.get(`${machinePath()}/console/log?tail=64`)).body;
    expect(tail.to - tail.from).toBe(64);
    expect(log.text.endsWith(tail.text)).toBe(true);
    const slice = (await nadia.get(`${machinePath()}/console/log?from=${log.from + 5}`)).body;
    expect(slice.text).toBe(log.text.slice(5));

    const c = await open(root);
    await c.waitMessage('replayed');
    const events = await readEvents<{ from: number; to: number; text: string }>(
      `${panel.baseUrl}${machinePath()}/console/log/stream`,
      { authorization: `Bearer ${tokens['nadia']}` },
      (evs) =>
        evs
          .map((e) => e.data.text)
          .join('')
          .includes('followed-3'),
      async () => c.type('echo followed-$((1+2))\r'),
      GUEST_MS,
    );
    // Follow starts at the end: nothing that was already there comes again.
    expect(events[0]!.data.from).toBeGreaterThanOrEqual(log.end);
    expect(events.every((e) => e.id === String(e.data.to))).toBe(true);
    // An EventSource reconnecting by itself sends Last-Event-ID: the stream resumes there, whatever ?from= says.
    const resumed = await readEvents<{ from: number; to: number; text: string }>(
      `${panel.baseUrl}${machinePath()}/console/log/stream?from=${log.from}`,
      { authorization: `Bearer ${tokens['nadia']}`, 'last-event-id': String(events[0]!.data.from) },
      (evs) => evs.length >= 1,
    );
    expect(resumed[0]!.data.from).toBe(events[0]!.data.from);
    c.close();
  });

  it('recorded each viewing as asciicast v2, replayable by the network’s admins', async () => {
    const list = await waitFor(
      () => nadia.get(`/api/consoles/recordings?networkId=${networkId}&machine=echo`).then((r) => r.body.items),
      (items: { endedAt: string | null }[]) => items.length >= 3 && items.every((r) => r.endedAt !== null),
      30_000,
      'the recordings to end',
    );
    const shared = list.find((r: { participants: { username: string }[] }) => r.participants.length === 2);
    expect(shared).toMatchObject({ kind: 'serial', machine: 'echo', networkName: 'consoles', width: 80, height: 24 });
    const cast = parseAsciicast((await nadia.request('GET', `/api/networks/${networkId}/recordings/${shared.id}/cast`)).body as string);
    expect(asciicastOutput(cast)).toMatch(/from-nadia-2/);
    expect(cast.events.filter((e) => e[1] === 'm').map((e) => e[2])).toEqual(expect.arrayContaining(['root joined', 'nadia joined']));
  });

  it('the scrollback outlives a reboot (libvirt truncates serial.log; the panel keeps its own), and viewers follow the VM', async () => {
    const viewer = await open(root);
    await viewer.waitMessage('replayed');
    await reboot();
    // The viewer stayed connected: it was told the VM stopped, then saw the new boot live.
    await viewer.waitMessage('status', (m) => m.state === 'stopped', GUEST_MS);
    await viewer.waitText(/CLAN-BOOT machine=echo generation=1[\s\S]*CLAN-BOOT machine=echo generation=1/, 'the second boot', GUEST_MS);
    viewer.close();
    expect(serialLog()).not.toMatch(/hi-42/);
    const all = (await root.get(`${machinePath()}/console/log?boot=all`)).body;
    expect(all.boots).toHaveLength(2);
    expect(all.text.match(/CLAN-BOOT machine=echo/g)).toHaveLength(2);
    expect(all.text).toMatch(/hi-42/);
    const current = (await root.get(`${machinePath()}/console/log`)).body;
    expect(current.from).toBe(all.boots[1].offset);
    expect(current.text.match(/CLAN-BOOT machine=echo/g)).toHaveLength(1);
    expect(current.text).not.toMatch(/hi-42/);
    // A new viewer is replayed the current boot only.
    const fresh = await open(root);
    await fresh.waitMessage('replayed');
    expect(fresh.text).toMatch(/CLAN-BOOT/);
    expect(fresh.text).not.toMatch(/hi-42/);
    fresh.close();
  });

  it('a machine with a display gets VNC on a unix socket, proxied to the browser', async () => {
    expect((await nadia.post(`${machinePath()}/console/ticket`, { kind: 'vnc' })).status).toBe(409);
    const set = await nadia.request('PUT', `${machinePath()}/console`, { display: true });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ display: true, running: true, displayAvailable: false });
    await reboot();
    await waitFor(
      () => nadia.get(`${machinePath()}/console`).then((r) => r.body),
      (b) => b.displayAvailable === true,
      30_000,
      'the display to come up',
    );
    const vnc = await open(nadia, 'vnc', ['binary']);
    await vnc.waitText(/^RFB 003\.008\n/, 'the RFB greeting of the VM’s own VNC server');
    vnc.socket.send(Buffer.from('RFB 003.008\n'), { binary: true });
    await waitFor(
      async () => vnc.bytes,
      (n) => n > 12,
      30_000,
      'the security types',
    );
    vnc.close();
    // The serial console still works beside the display.
    const c = await open(root);
    // Type only once the rebooted guest's shell is there: keystrokes sent while it boots are lost.
    await c.waitText(/CLAN-BOOT machine=echo[\s\S]*echo:\/# /, 'the shell prompt after the display reboot', GUEST_MS);
    c.type('echo still-$((2*2))\r');
    await c.waitText(/still-4\r\n/, 'the shell after the display reboot', GUEST_MS);
    c.close();
  });
});
