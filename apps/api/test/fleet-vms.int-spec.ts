/**
 * The fleet with real hosts and real VMs (docs/fleet.md): a panel (a child
 * process) and two worker hosts, each `clan-panel worker` in its own network
 * namespace with its own privileged libvirtd and state directory, joined by a
 * WireGuard mesh (wireguard-go). Workers are enrolled with one-time tokens
 * over the mesh and reach the panel's PostgreSQL and Redis only through its
 * fleet door. The test system is built by the panel and booted on the hosts.
 * Needs root, libvirt, qemu, Nix, wireguard-go and iproute2; fails naming
 * what is missing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireLabTools } from '@clan/vpn/testing';
import { type ChildPanel, seedHostAdminToken, spawnPanel, sqlOn, vmPanelEnv } from './fixtures/child-panel';
import { ConsoleClient } from './fixtures/console-client';
import { FleetLab, type LabHost } from './fixtures/fleet-lab';
import { waitFor } from './fixtures/principals';
import { prepareTestSystemFlake, requireVmHost } from './fixtures/vm-host';
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(900_000);

const GUEST_MS = 120_000;

interface Task {
  id: string;
  type: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

describe('fleet: machines on worker hosts (namespaces, real WireGuard, libvirtd per host, demo system VMs)', () => {
  const fleet = new FleetLab();
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let panel: ChildPanel;
  let api: TestClient;
  let stateDir: string;
  let networkId: string;
  let hostA: LabHost;
  let hostB: LabHost;
  const hostIds: Record<string, string> = {};
  const clients: ConsoleClient[] = [];
  const profiles = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;
  let workerEnv: Record<string, string>;

  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => sqlOn(db.url)<T>(q, p);
  const machinePath = () => `/api/networks/${networkId}/machines/web`;

  async function finished(taskId: string, timeoutMs = 300_000): Promise<Task> {
    return waitFor(
      () => api.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      timeoutMs,
      `task ${taskId} to finish\n--- host a\n${hostA?.log.slice(-2000)}\n--- host b\n${hostB?.log.slice(-2000)}`,
    );
  }

  async function succeeded(taskId: string, timeoutMs?: number): Promise<Task> {
    const t = await finished(taskId, timeoutMs);
    if (t.status !== 'succeeded') {
      const log = await api.get(`/api/tasks/${taskId}/log?limit=1000`);
      throw new Error(`task ${t.type} ${t.status}: ${t.error}\n${(log.body.items as { text: string }[]).map((l) => l.text).join('\n')}`);
    }
    return t;
  }

  const hostState = async (id: string) =>
    (await api.get(`/api/hosts/${id}`)).body as { state: string; machines: { machine: string; vmState: string }[] };

  /** Until no action runs on the machine: a config commit may have queued a second build, which deploys after it. */
  async function idle(): Promise<void> {
    await waitFor(
      () => api.get(`${machinePath()}/vm`).then((r) => r.body as { activeTask: unknown; state: string }),
      (v) => v.activeTask === null && v.state === 'running',
      600_000,
      'no action under way on web',
    );
  }

  async function console(): Promise<ConsoleClient> {
    const res = await api.post(`${machinePath()}/console/ticket`, { kind: 'serial' });
    if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
    const c = await ConsoleClient.open(panel.baseUrl, res.body.url, { headers: { origin: panel.baseUrl } });
    clients.push(c);
    return c;
  }

  /**
   * Types a command until its answer shows: a shell that just printed its
   * prompt may still be waiting for the terminal's answer to its cursor
   * query (ESC[6n) and take the first keys as that answer.
   */
  async function typeUntil(c: ConsoleClient, command: string, answer: RegExp, what: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      c.type(command);
      try {
        await c.waitText(answer, what, 5000);
        return;
      } catch (err) {
        if (attempt >= 5)
          throw new Error(`${(err as Error).message}\n--- host a\n${hostA.log.slice(-3000)}\n--- host b\n${hostB.log.slice(-3000)}`);
      }
    }
  }

  beforeAll(async () => {
    requireVmHost();
    requireLabTools();
    flake = prepareTestSystemFlake();
    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-fleet-panel-'));
    await fleet.start(['a', 'b']);
    [hostA, hostB] = fleet.hosts;
    const token = await seedHostAdminToken(db.url);
    panel = await spawnPanel(
      vmPanelEnv(
        { databaseUrl: db.url, stateDir, flakeUrl: flake.url, profilesDir: profiles, autoDeploy: true, healthSeconds: GUEST_MS / 1000 },
        {
          CLAN_FLEET_ADDRESS: fleet.panelAddress,
          CLAN_FLEET_NETNS: fleet.panelNs,
          CLAN_MESH_PANEL_PORT: '7780',
          CLAN_HOST_HEARTBEAT_SECONDS: '1',
          CLAN_LOG_LEVEL: 'warn',
        },
      ),
      120_000,
    );
    api = Object.assign(new TestClient(panel.baseUrl), { bearer: token });
    workerEnv = {
      CLAN_DOMAIN_TYPE: 'qemu',
      CLAN_PROFILES_DIR: `${profiles}-hosts`,
      CLAN_HEALTH_TIMEOUT_SECONDS: String(GUEST_MS / 1000),
      CLAN_TASK_HEARTBEAT_SECONDS: '1',
      CLAN_LOG_LEVEL: 'warn',
      CLAN_FLAKE_URL: flake.url,
      NIX_CONFIG: 'substituters =',
    };
    for (const h of fleet.hosts) {
      const made = await api.post('/api/hosts/enrolments', { name: `host-${h.name}` });
      expect(made.status).toBe(201);
      expect(await fleet.enrol(h, made.body.token)).toMatch(new RegExp(`Enrolled as host "host-${h.name}"`));
      hostIds[h.name] = fleet.enrolment(h).hostId;
      // Per-host profile directories: on real hosts each has its own /nix.
      fleet.startWorker(h, { ...workerEnv, CLAN_PROFILES_DIR: `${profiles}-${h.name}` });
    }
    for (const h of fleet.hosts) {
      await waitFor(
        () => hostState(hostIds[h.name]),
        (s) => s.state === 'online',
        120_000,
        `host ${h.name} online\n${h.log}`,
      );
    }
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await panel?.kill('SIGTERM').catch(() => undefined);
    await fleet.cleanup();
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    for (const p of [profiles, `${profiles}-a`, `${profiles}-b`, `${profiles}-hosts`]) rmSync(p, { recursive: true, force: true });
    flake?.remove();
  });

  it('builds a machine placed on host B, boots it there with its jobs on B’s queue, and opens its console from the panel', async () => {
    const net = await api.post('/api/networks', { name: 'fleet' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
    // Placed before its first deployment: the admin chooses host B.
    const created = await api.post(`/api/networks/${networkId}/machines`, {
      name: 'web',
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } },
    });
    expect(created.status).toBe(201);
    const placed = await api.request('PUT', `${machinePath()}/placement`, { hostId: hostIds['b'] });
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ hostId: hostIds['b'], hostName: 'host-b', hostState: 'online' });

    const build = await waitFor(
      () => api.get(`/api/tasks?networkId=${networkId}&machine=web&type=machine.build`).then((r) => (r.body.items as Task[])[0] ?? null),
      (t) => t !== null,
      60_000,
      'the build',
    );
    const built = await succeeded(build!.id, 600_000);
    const deployId = built.result!['deployTaskId'] as string;
    await succeeded(deployId);
    const [deployRow] = await sql<{ queue: string; worker_id: string }>(`SELECT queue, worker_id FROM tasks WHERE id = $1`, [deployId]);
    const [buildRow] = await sql<{ queue: string }>(`SELECT queue FROM tasks WHERE id = $1`, [build!.id]);
    const [b] = await sql<{ worker_id: string }>(`SELECT worker_id FROM hosts WHERE id = $1`, [hostIds['b']]);
    expect(buildRow.queue).toBe('nix-build');
    expect(deployRow.queue).toBe(`hypervisor@${hostIds['b']}`);
    expect(deployRow.worker_id).toBe(b.worker_id);

    const domain = (await api.get(`${machinePath()}/vm`)).body;
    expect(domain).toMatchObject({ state: 'running', host: { id: hostIds['b'], name: 'host-b', state: 'online' } });
    expect(fleet.domains(hostB)).toEqual([domain.domainName]);
    expect(fleet.domains(hostA)).toEqual([]);

    await idle();
    const c = await console();
    const hello = await c.waitMessage('hello');
    expect(hello).toMatchObject({ kind: 'serial', title: 'fleet/web: serial console (on host-b)' });
    await c.waitText(
      /CLAN-BOOT machine=web generation=\d+[\s\S]*web:\/# /,
      'the boot output and the prompt, relayed from host B',
      GUEST_MS,
    );
    await typeUntil(
      c,
      'echo written-on-b > /state/marker; sync; echo saved-$((40+2))\r',
      /saved-42/,
      'the guest to answer through the relay',
    );
    c.close();
  });

  it('marks host B offline when its worker is killed ("host offline", not "stopped"), and reconciles without a duplicate domain when it returns', async () => {
    await idle();
    const domainName = fleet.domains(hostB)[0];
    const killedAt = Date.now();
    await fleet.killWorker(hostB);
    await waitFor(
      () => hostState(hostIds['b']),
      (s) => s.state === 'offline',
      15_000,
      'host B offline',
    );
    expect(Date.now() - killedAt).toBeLessThan(8000);
    expect((await hostState(hostIds['b'])).machines).toEqual([expect.objectContaining({ machine: 'web', vmState: 'host-offline' })]);
    expect((await api.get(`${machinePath()}/vm`)).body).toMatchObject({
      state: 'host-offline',
      host: { name: 'host-b', state: 'offline' },
    });
    const refused = await api.post(`${machinePath()}/vm/reboot`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/runs on host host-b, which is offline/);

    fleet.startWorker(hostB, { ...workerEnv, CLAN_PROFILES_DIR: `${profiles}-b` });
    await waitFor(
      () => hostState(hostIds['b']),
      (s) => s.state === 'online',
      120_000,
      `host B back online\n${hostB.log}`,
    );
    await waitFor(
      () => api.get(`${machinePath()}/vm`).then((r) => r.body),
      (v) => v.state === 'running',
      30_000,
      'the VM seen running again',
    );
    expect(fleet.domains(hostB)).toEqual([domainName]);
    expect(fleet.domains(hostA)).toEqual([]);
  });

  it('migrates the machine from host B to host A; its state disk comes along (a file written before is read after)', async () => {
    // A later config commit of the panel's (a follow-up of the machine's creation) may start one more
    // build and deploy at any time: while it runs the move is refused (409, busy); ask again after it.
    let moved = { status: 0, body: {} as { taskId?: string; message?: string } };
    for (let attempt = 0; attempt < 10; attempt++) {
      await idle();
      moved = await api.post(`${machinePath()}/migrate`, { hostId: hostIds['a'] });
      if (moved.status !== 409 || !/is busy/.test(moved.body.message ?? '')) break;
    }
    expect({ status: moved.status, body: moved.body }).toEqual({ status: 202, body: { taskId: expect.any(String) } });
    const t = await succeeded(moved.body.taskId as string);
    expect(t.result).toMatchObject({ from: 'host-b', to: 'host-a', healthy: true });
    const [row] = await sql<{ queue: string }>(`SELECT queue FROM tasks WHERE id = $1`, [moved.body.taskId]);
    expect(row.queue).toBe(`hypervisor@${hostIds['a']}`);
    expect((await api.get(`${machinePath()}/vm`)).body).toMatchObject({ state: 'running', host: { name: 'host-a' } });
    // Host B's reconciler lets go of its stopped copy: one domain in the fleet.
    await waitFor(
      async () => fleet.domains(hostB),
      (d) => d.length === 0,
      90_000,
      'host B to undefine its old copy',
    );
    expect(fleet.domains(hostA)).toHaveLength(1);

    const c = await console();
    await c.waitMessage('hello');
    await c.waitText(/CLAN-BOOT machine=web generation=\d+[\s\S]*web:\/# /, 'the boot on host A', GUEST_MS);
    await typeUntil(c, 'cat /state/marker\r', /cat \/state\/marker\s+written-on-b/, 'the file written on host B');
  });
});
