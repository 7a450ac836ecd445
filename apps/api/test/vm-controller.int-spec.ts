/**
 * The VM controller (docs/vm-controller.md) in a real demo VM on
 * qemu:///system (TCG): one boot through the panel (a child process, the
 * test system flake standing in for the cLAN flake), then FACTS through the
 * API route and HOOK, a wrong token and FREEZE/THAW of the state disk through
 * GuestChannel on the machine's sockets, with the token the panel put on its
 * secrets disk; a PING answered on the health port while a slow hook holds
 * the control port.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestChannel, GuestRefusedError } from '../src/services/guest/guest-channel';
import { SecretBox } from '../src/services/secrets/secret-box';
import { loadOrCreateKey } from '../src/services/secrets/state-keys';
import { type ChildPanel, seedHostAdminToken, spawnPanel, sqlOn, vmPanelEnv } from './fixtures/child-panel';
import { waitFor } from './fixtures/principals';
import { cleanUpVms, prepareTestSystemFlake, readText, requireVmHost } from './fixtures/vm-host';
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(600_000);

interface Task {
  id: string;
  type: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

describe('VM controller in a demo VM on qemu:///system', () => {
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let panel: ChildPanel | undefined;
  let api: TestClient;
  let networkId: string;
  let channel: GuestChannel;
  let token: string;
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;

  const machineDir = () => join(stateDir, 'vms', networkId, 'ctl');
  const serial = () => readText(join(machineDir(), 'serial.log'));

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => sqlOn(db.url)<T>(query, params);

  const finished = (taskId: string) =>
    waitFor(
      () => api.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      400_000,
      `task ${taskId} to finish`,
    );

  beforeAll(async () => {
    requireVmHost();
    flake = prepareTestSystemFlake();
    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-vmctl-'));
    chmodSync(stateDir, 0o711);
    const bearer = await seedHostAdminToken(db.url);
    panel = await spawnPanel(
      vmPanelEnv({ databaseUrl: db.url, stateDir, flakeUrl: flake.url, profilesDir, autoDeploy: true, healthSeconds: 90 }),
      120_000,
    );
    api = Object.assign(new TestClient(panel.baseUrl), { bearer });
    const net = await api.post('/api/networks', { name: 'ctltest' });
    expect(net.status).toBe(201);
    networkId = net.body.id;

    const created = await api.post(`/api/networks/${networkId}/machines`, {
      name: 'ctl',
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } },
    });
    expect(created.status).toBe(201);
    const build = await waitFor(
      () =>
        api
          .get(`/api/tasks?networkId=${networkId}&machine=ctl&type=machine.build&limit=5`)
          .then((r) => (r.body.items as Task[])[0] ?? null),
      (t) => t !== null,
      30_000,
      'the build task',
    );
    const built = await finished(build!.id);
    expect([built.status, built.error]).toEqual(['succeeded', null]);
    const deploy = await finished(built.result?.['deployTaskId'] as string);
    if (deploy.status !== 'succeeded')
      throw new Error(`deployment ${deploy.status}: ${deploy.error}\n--- serial ---\n${serial().slice(-3000)}`);

    channel = GuestChannel.for(join(machineDir(), 'health.sock'));
    // The panel's own key (CLAN_STATE_DIR/secrets/master.key): the token it wrote on the secrets disk.
    token = new SecretBox(loadOrCreateKey(stateDir, 'master')).mac('vm-controller', `${networkId}/ctl`);
  });

  afterAll(async () => {
    await panel?.kill('SIGTERM').catch(() => undefined);
    const recorded = db
      ? await sql<{ domain_name: string }>('SELECT domain_name FROM machines WHERE domain_name IS NOT NULL').catch(() => [])
      : [];
    for (const { domain_name } of recorded) cleanUpVms(domain_name, null);
    cleanUpVms('clan-none-', profilesDir);
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    flake?.remove();
  });

  it('the machine page\'s "Inside the machine": FACTS through the API, the generation it runs and its state disk', async () => {
    expect(serial()).toMatch(/CLAN-SECRETS ok files=4 root=700/);
    const res = await api.get(`/api/networks/${networkId}/machines/ctl/guest`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ machine: 'ctl', generation: 1, stateDisk: { mount: '/state' }, failedUnits: [] });
    expect(res.body.uptimeSeconds).toBeGreaterThan(0);
    expect(res.body.stateDisk.sizeBytes).toBeGreaterThan(500 << 20);
    expect(res.body.stateDisk.usedBytes).toBeGreaterThan(0);
    expect(res.body.stateDisk.usedBytes).toBeLessThan(res.body.stateDisk.sizeBytes);
  });

  it('runs a declared hook (its output as LOG lines, then END ok) and refuses an undeclared one', async () => {
    const logs: string[] = [];
    expect(await channel.request('HOOK', ['demo-dump'], { token, onLog: (l) => logs.push(l), timeoutMs: 30_000 })).toEqual({
      hook: 'demo-dump',
      exitCode: 0,
    });
    expect(logs).toEqual(['demo-dump: wrote /state/dumps/demo-dump.txt', 'demo-dump: 25 bytes']);
    await expect(channel.request('HOOK', ['rm-everything'], { token, timeoutMs: 30_000 })).rejects.toEqual(
      new GuestRefusedError('This machine declares no hook named rm-everything; nothing was run.'),
    );
    const failing: string[] = [];
    await expect(channel.request('HOOK', ['demo-fail'], { token, onLog: (l) => failing.push(l), timeoutMs: 30_000 })).rejects.toThrow(
      'The hook demo-fail failed (exit status 3); its output is above.',
    );
    expect(failing).toEqual(['demo-fail: this hook always fails']);
  });

  it('runs nothing for a wrong token', async () => {
    await expect(channel.request('HOOK', ['demo-dump'], { token: `${token.slice(0, -1)}x`, timeoutMs: 30_000 })).rejects.toEqual(
      new GuestRefusedError("The request's token is not this machine's controller token; nothing was run."),
    );
    // Health pings go on, on the health port (the PONG says requests go to the control port).
    expect(await channel.ping(10_000)).toEqual({ machine: 'ctl', generation: 1, control: true });
  });

  it('answers PING while a long request (the slow hook demo-sleep) runs on the control port', async () => {
    const logs: string[] = [];
    let ended = 0;
    const slow = channel
      .request('HOOK', ['demo-sleep'], { token, onLog: (l) => logs.push(l), timeoutMs: 60_000 })
      .finally(() => (ended = Date.now()));
    await waitFor(
      async () => logs.length,
      (n) => n > 0,
      30_000,
      'demo-sleep to start',
    );
    const pinged = Date.now();
    expect(await channel.ping(3000)).toEqual({ machine: 'ctl', generation: 1, control: true });
    expect(Date.now() - pinged).toBeLessThan(3000);
    expect(ended).toBe(0);
    expect(await slow).toEqual({ hook: 'demo-sleep', exitCode: 0 });
    expect(logs).toEqual(['demo-sleep: sleeping 8 s', 'demo-sleep: awake']);
  });

  it('freezes and thaws the state disk, and only the state disk', async () => {
    await expect(channel.request('FREEZE', ['/'], { token, timeoutMs: 30_000 })).rejects.toThrow(
      "Only the state disk (/state) can be frozen, not '/'.",
    );
    expect(await channel.request('FREEZE', ['/state'], { token, timeoutMs: 30_000 })).toEqual({
      mount: '/state',
      frozen: true,
      thawAfterSeconds: 60,
    });
    // Facts still come while it is frozen (reading only).
    expect((await api.get(`/api/networks/${networkId}/machines/ctl/guest`)).status).toBe(200);
    expect(await channel.request('THAW', ['/state'], { token, timeoutMs: 30_000 })).toEqual({ mount: '/state', frozen: false });
    await expect(channel.request('THAW', ['/state'], { token, timeoutMs: 30_000 })).rejects.toThrow('/state is not frozen.');
    // Writable again: the hook writes its dump.
    expect(await channel.request('HOOK', ['demo-dump'], { token, timeoutMs: 30_000 })).toEqual({ hook: 'demo-dump', exitCode: 0 });
  });

  it('answers 409 with a sentence once the VM is stopped', async () => {
    const stop = await api.post(`/api/networks/${networkId}/machines/ctl/vm/stop`, {});
    expect(stop.status).toBe(202);
    expect((await finished(stop.body.taskId)).status).toBe('succeeded');
    const res = await api.get(`/api/networks/${networkId}/machines/ctl/guest`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('ctl is shut off; start it to see inside it.');
  });
});
