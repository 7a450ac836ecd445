/**
 * The VM pipeline end to end on the real hypervisor (docs/vms.md): a panel
 * process (a real child, so it can be killed) with CLAN_LIBVIRT_URI
 * qemu:///system, domain type qemu (TCG) and the test system flake standing in
 * for the cLAN flake. Config commits build generations with the real Nix, boot
 * them under libvirt, probe their health and roll back broken ones.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildPanel, seedHostAdminToken, spawnPanel, sqlOn, vmPanelEnv } from './fixtures/child-panel';
import { waitFor } from './fixtures/principals';
import {
  cleanUpVms,
  closureOf,
  domainsWithPrefix,
  prepareTestSystemFlake,
  readText,
  requireVmHost,
  sh,
  SYSTEM_URI,
  virsh,
} from './fixtures/vm-host';

const virshOk = (...args: string[]) => sh('virsh', ['-c', SYSTEM_URI, ...args]).status === 0;
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(900_000);

interface Task {
  id: string;
  type: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

describe('VM pipeline on qemu:///system with the test system', () => {
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let env: Record<string, string>;
  let token: string;
  let panel: ChildPanel;
  let api: TestClient;
  let networkId: string;
  let domainPrefix = '';
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;
  const children: ChildPanel[] = [];

  const vmDir = (machine: string) => join(stateDir, 'vms', networkId, machine);
  const serial = (machine: string) => readText(join(vmDir(machine), 'serial.log'));

  async function startPanel(): Promise<void> {
    panel = await spawnPanel(env, 120_000);
    children.push(panel);
    api = Object.assign(new TestClient(panel.baseUrl), { bearer: token });
  }

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => sqlOn(db.url)<T>(query, params);

  async function tasksOf(machine: string, type: string): Promise<Task[]> {
    const r = await api.get(`/api/tasks?networkId=${networkId}&machine=${machine}&type=${type}&limit=50`);
    expect(r.status).toBe(200);
    return r.body.items as Task[];
  }

  async function finished(taskId: string, timeoutMs = 300_000): Promise<Task> {
    return waitFor(
      () => api.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      timeoutMs,
      `task ${taskId} to finish`,
    );
  }

  async function taskLog(taskId: string): Promise<string> {
    const r = await api.get(`/api/tasks/${taskId}/log?limit=1000`);
    return (r.body.items as { text: string }[]).map((l) => l.text).join('\n');
  }

  /** The build task a commit started (the newest after `known`), then the deployment it queued. */
  async function pipelineAfter(machine: string, known: Set<string>): Promise<{ build: Task; deploy: Task | null }> {
    const build = await waitFor(
      () => tasksOf(machine, 'machine.build').then((ts) => ts.find((t) => !known.has(t.id)) ?? null),
      (t) => t !== null,
      30_000,
      `a build task for ${machine}`,
    );
    const built = await finished(build!.id);
    if (built.status !== 'succeeded') throw new Error(`build failed: ${built.error}\n${await taskLog(built.id)}`);
    const deployId = built.result?.['deployTaskId'];
    return { build: built, deploy: typeof deployId === 'string' ? await finished(deployId) : null };
  }

  /** Fails with the task's error, its log and the serial console, so a red run says why. */
  async function expectSucceeded(task: Task | null, machine = 'alpha'): Promise<void> {
    if (task?.status === 'succeeded') return;
    const log = task ? await taskLog(task.id) : '(no task)';
    throw new Error(
      `task ${task?.type} ${task?.status}: ${task?.error}\n--- task log ---\n${log}\n--- serial ---\n${serial(machine).slice(-3000)}`,
    );
  }

  const knownBuilds = async (machine: string) => new Set((await tasksOf(machine, 'machine.build')).map((t) => t.id));

  beforeAll(async () => {
    requireVmHost();
    flake = prepareTestSystemFlake();
    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-vm-'));
    // libvirt's qemu runs as another user: it must traverse to the VM files (VmLayout opens the rest).
    chmodSync(stateDir, 0o711);
    env = vmPanelEnv(
      { databaseUrl: db.url, stateDir, flakeUrl: flake.url, profilesDir, autoDeploy: true, healthSeconds: 60 },
      // Frequent passes: the network-deletion test waits for one, and the others run beside them.
      { CLAN_RECONCILE_SECONDS: '5' },
    );
    token = await seedHostAdminToken(db.url);
    await startPanel();
    const net = await api.post('/api/networks', { name: 'vmtest' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
  });

  afterAll(async () => {
    for (const c of children) await c.kill('SIGTERM').catch(() => undefined);
    // Every domain this panel recorded, even when a test failed before domainPrefix was known.
    const recorded = db
      ? await sql<{ domain_name: string }>('SELECT domain_name FROM machines WHERE domain_name IS NOT NULL').catch(() => [])
      : [];
    for (const { domain_name } of recorded) cleanUpVms(domain_name, null);
    cleanUpVms(domainPrefix || 'clan-none-', profilesDir);
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    flake?.remove();
  });

  it('"create machine" builds generation 1 and boots it under libvirt: marker on the serial console, healthy', async () => {
    const before = await knownBuilds('alpha');
    const created = await api.post(`/api/networks/${networkId}/machines`, {
      name: 'alpha',
      config: {
        resources: { memoryMiB: 256, stateDiskGiB: 1 },
        // A system of its own per run: the suites share one Nix store, and the garbage-collection test below
        // expects generation 1's system to die with its profile link (another suite's alpha must not keep it).
        backup: { extraPaths: [`/clan-test-pipeline-${randomBytes(4).toString('hex')}`] },
      },
    });
    expect(created.status).toBe(201);

    const { build, deploy } = await pipelineAfter('alpha', before);
    expect(build.result?.['generation']).toBe(1);
    await expectSucceeded(deploy);
    expect(serial('alpha')).toMatch(/CLAN-BOOT machine=alpha generation=1\b/);
    expect(serial('alpha')).toMatch(/CLAN-STATE ok boots=1/);
    // The secrets disk (serial clan-secrets) is attached and mounts read-only, root only: the machine's TLS certificate,
    // key and network CA (apps/api/src/pki), the VM controller token; no mesh key here (CLAN_MESH_MACHINES off), no app credential (no app).
    expect(serial('alpha')).toMatch(/CLAN-SECRETS ok files=4 root=700/);

    const vm = (await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body;
    expect(vm).toMatchObject({ state: 'running', currentGeneration: 1, healthyGeneration: 1, health: 'healthy', drift: 'in-sync' });
    domainPrefix = vm.domainName.split('-').slice(0, 2).join('-') + '-';
    expect(virsh('domstate', vm.domainName).trim()).toBe('running');
    // The build log streamed nix's progress.
    expect(await taskLog(build.id)).toMatch(/generation 1/);

    const gens = (await api.get(`/api/networks/${networkId}/machines/alpha/generations`)).body;
    expect(gens.items).toHaveLength(1);
    expect(gens.items[0]).toMatchObject({ number: 1, status: 'healthy', current: true, lastHealthy: true });
    expect(gens.items[0].bootedAt).toBeTruthy();
    // Kept as a profile generation: a GC root.
    expect(realpathSync(join(profilesDir, networkId, 'alpha'))).toBe(gens.items[0].storePath);
    expect(virsh('dumpxml', vm.domainName)).toContain(`clan.generation=1`);
  });

  it('the VM sees only its own closure: the store disk holds exactly the system closure', async () => {
    const gens = (await api.get(`/api/networks/${networkId}/machines/alpha/generations`)).body;
    const storePath: string = gens.items[0].storePath;
    const expected = closureOf(storePath).map((p) => p.replace('/nix/store/', ''));
    const log = serial('alpha');
    const seen = [...log.matchAll(/^CLAN-STORE-PATH (\S+)\s*$/gm)].map((m) => m[1]!).sort();
    expect(log).toMatch(new RegExp(`CLAN-STORE ok paths=${expected.length}\\b`));
    expect(seen).toEqual(expected);
  });

  it('a config change produces generation 2, which boots on the same state disk', async () => {
    const before = await knownBuilds('alpha');
    const changed = await api.request('PUT', `/api/networks/${networkId}/machines/alpha`, {
      config: { resources: { memoryMiB: 288, stateDiskGiB: 1 } },
      baseRevision: (await api.get(`/api/networks/${networkId}/machines/alpha`)).body.head,
    });
    expect(changed.status).toBe(200);
    const { build, deploy } = await pipelineAfter('alpha', before);
    expect(build.result?.['generation']).toBe(2);
    await expectSucceeded(deploy);
    expect(serial('alpha')).toMatch(/CLAN-BOOT machine=alpha generation=2\b/);
    expect(serial('alpha')).toMatch(/CLAN-STATE ok boots=2/);
    const vm = (await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body;
    expect(vm).toMatchObject({ state: 'running', currentGeneration: 2, healthyGeneration: 2, health: 'healthy', memoryMiB: 288 });
    expect(virsh('dominfo', vm.domainName)).toMatch(/Max memory:\s+294912 KiB/);
    // Generation 2's store disk has its own closure; generation 1's system (still in the host store) is not in it.
    const gens = (await api.get(`/api/networks/${networkId}/machines/alpha/generations`)).body.items as {
      number: number;
      storePath: string;
    }[];
    const seen = [...serial('alpha').matchAll(/^CLAN-STORE-PATH (\S+)\s*$/gm)].map((m) => `/nix/store/${m[1]}`);
    expect(seen).toContain(gens.find((g) => g.number === 2)!.storePath);
    expect(seen).not.toContain(gens.find((g) => g.number === 1)!.storePath);
  });

  it('a generation that fails its health probe is rolled back automatically; audit log and task log say so', async () => {
    const before = await knownBuilds('alpha');
    const broken = await api.request('PUT', `/api/networks/${networkId}/machines/alpha`, {
      config: { resources: { memoryMiB: 288, stateDiskGiB: 1 }, backup: { extraPaths: ['/clan-test:unhealthy'] } },
      baseRevision: (await api.get(`/api/networks/${networkId}/machines/alpha`)).body.head,
    });
    expect(broken.status).toBe(200);
    const { build, deploy } = await pipelineAfter('alpha', before);
    expect(build.result?.['generation']).toBe(3);
    expect(deploy?.status).toBe('failed');
    expect(deploy?.error).toMatch(/Generation 3 failed its health check .*rolled back to generation 2, which is running and healthy/);
    const log = await taskLog(deploy!.id);
    expect(log).toMatch(/Rolling back alpha from generation 3 to generation 2/);
    expect(log).toMatch(/Rolled back: generation 2 is running and healthy again/);
    // The VM runs generation 2 again (libvirt truncates the serial log on each start).
    expect(serial('alpha')).toMatch(/CLAN-BOOT machine=alpha generation=2\b/);
    const vm = (await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body;
    expect(vm).toMatchObject({ state: 'running', currentGeneration: 2, healthyGeneration: 2, latestGeneration: 3, health: 'healthy' });

    const gens = (await api.get(`/api/networks/${networkId}/machines/alpha/generations`)).body.items as {
      number: number;
      status: string;
    }[];
    expect(gens.find((g) => g.number === 3)?.status).toBe('rolled-back');
    const audit = await api.get(`/api/audit?networkId=${networkId}&action=vm.rollback`);
    expect(audit.status).toBe(200);
    const entry = (audit.body.items as { action: string; details: Record<string, unknown> }[]).find((e) => e.action === 'vm.rollback');
    expect(entry?.details).toMatchObject({ automatic: true, fromGeneration: 3, toGeneration: 2, taskId: deploy!.id });
  });

  it('garbage collection keeps the newest and every referenced generation, and frees the rest from the Nix store', async () => {
    const before = (await api.get(`/api/networks/${networkId}/machines/alpha/generations`)).body.items as {
      number: number;
      storePath: string;
    }[];
    const first = before.find((g) => g.number === 1)!;
    expect(existsSync(first.storePath)).toBe(true);
    const gc = await api.post('/api/host/generations/gc', { keep: 1 });
    expect(gc.status).toBe(202);
    await expectSucceeded(await finished(gc.body.taskId));
    const after = (await api.get(`/api/networks/${networkId}/machines/alpha/generations`)).body.items as {
      number: number;
      status: string;
    }[];
    // 3 is the newest, 2 runs and is the last healthy one: only 1 goes.
    expect(Object.fromEntries(after.map((g) => [g.number, g.status]))).toEqual({ 1: 'collected', 2: 'healthy', 3: 'rolled-back' });
    expect(existsSync(join(vmDir('alpha'), 'gen-1'))).toBe(false);
    expect(existsSync(join(profilesDir, networkId, 'alpha-1-link'))).toBe(false);
    expect(existsSync(join(profilesDir, networkId, 'alpha-2-link'))).toBe(true);
    // Nothing else kept generation 1's system alive: Nix deleted it.
    expect(existsSync(first.storePath)).toBe(false);
    const rollback = await api.post(`/api/networks/${networkId}/machines/alpha/generations/1/rollback`, {});
    expect(rollback.status).toBe(409);
    expect(rollback.body.message).toMatch(/garbage-collected/);
  });

  it('killing the panel in the middle of a start task leaves no orphaned domain and no stuck task', async () => {
    const stop = await api.post(`/api/networks/${networkId}/machines/alpha/vm/stop`, {});
    expect(stop.status).toBe(202);
    await expectSucceeded(await finished(stop.body.taskId));
    const domainName: string = (await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body.domainName;
    expect(virsh('domstate', domainName).trim()).toBe('shut off');

    const start = await api.post(`/api/networks/${networkId}/machines/alpha/vm/start`, {});
    expect(start.status).toBe(202);
    const taskId: string = start.body.taskId;
    // One action per VM at a time.
    const second = await api.post(`/api/networks/${networkId}/machines/alpha/vm/reboot`, {});
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/Machine alpha is busy/);
    await waitFor(
      () => taskLog(taskId),
      (l) => /Waiting for generation 2/.test(l),
      60_000,
      'the start to be under way',
    );
    await panel.kill('SIGKILL');
    const [row] = await sql<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [taskId]);
    expect(row!.status).toBe('running');

    await startPanel();
    await expectSucceeded(await finished(taskId, 180_000));
    expect(await taskLog(taskId)).toMatch(/Generation 2 is healthy/);
    // Every domain of this panel belongs to a machine it knows; the machine's VM runs.
    const host = (await api.get('/api/host/vms')).body.items as { domainName: string; known: boolean; state: string }[];
    expect(host.map((d) => d.domainName)).toEqual(domainsWithPrefix(domainPrefix));
    expect(host.every((d) => d.known)).toBe(true);
    expect(host).toEqual([expect.objectContaining({ domainName, state: 'running' })]);
    const stuck = await sql(`SELECT id FROM tasks WHERE status IN ('queued', 'running')`);
    expect(stuck).toEqual([]);
  });
  it('notices at once (libvirt lifecycle events) when a VM is stopped behind its back', async () => {
    const domainName: string = (await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body.domainName;
    const [before] = await sql<{ vm_state: string }>(`SELECT vm_state FROM machines WHERE domain_name = $1`, [domainName]);
    expect(before!.vm_state).toBe('running');
    virsh('destroy', domainName);
    // Well before the periodic pass (CLAN_RECONCILE_SECONDS, 60 s).
    await waitFor(
      () =>
        sql<{ vm_state: string; health: string }>(`SELECT vm_state, health FROM machines WHERE domain_name = $1`, [domainName]).then(
          (r) => r[0],
        ),
      (r) => r?.vm_state === 'shutOff' && r.health === 'unknown',
      15_000,
      'the machine row to say shut off',
    );
    expect((await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body).toMatchObject({ state: 'shutOff', health: 'unknown' });
  });

  it('removing the machine from the configuration stops and undefines its VM and keeps its state disk aside', async () => {
    const domainName: string = (await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body.domainName;
    const removed = await api.request('DELETE', `/api/networks/${networkId}/machines/alpha`);
    expect(removed.status).toBe(200);
    const task = await waitFor(
      () => tasksOf('alpha', 'vm.remove').then((ts) => ts[0] ?? null),
      (t) => t !== null,
      30_000,
      'the removal task',
    );
    await expectSucceeded(await finished(task!.id));
    expect(domainsWithPrefix(domainPrefix)).toEqual([]);
    expect(virshOk('domstate', domainName)).toBe(false);
    const kept = readdirSync(join(stateDir, 'vms-removed', networkId));
    expect(kept).toHaveLength(1);
    expect(existsSync(join(stateDir, 'vms-removed', networkId, kept[0]!, 'state.img'))).toBe(true);
    expect(existsSync(join(profilesDir, networkId, 'alpha'))).toBe(false);
  });
  it('deleting a network shuts its VMs off and undefines them (state disks kept aside)', async () => {
    const net = await api.post('/api/networks', { name: 'vmtest-gone' });
    expect(net.status).toBe(201);
    const goneId: string = net.body.id;
    const created = await api.post(`/api/networks/${goneId}/machines`, {
      name: 'beta',
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } },
    });
    expect(created.status).toBe(201);
    const build = await waitFor(
      () => api.get(`/api/tasks?networkId=${goneId}&machine=beta&type=machine.build`).then((r) => (r.body.items as Task[])[0] ?? null),
      (t) => t !== null,
      30_000,
      'the build of beta',
    );
    const built = await finished(build!.id);
    await expectSucceeded(built, 'beta');
    await expectSucceeded(await finished(built.result!['deployTaskId'] as string), 'beta');
    const domainName: string = (await api.get(`/api/networks/${goneId}/machines/beta/vm`)).body.domainName;
    expect(virsh('domstate', domainName).trim()).toBe('running');

    expect((await api.request('DELETE', `/api/networks/${goneId}`)).status).toBe(204);
    await waitFor(
      async () => virshOk('domstate', domainName),
      (defined) => !defined,
      30_000,
      `domain ${domainName} to be undefined`,
    );
    // The pass undefines the domain first, then removes the profile (nix-env) and moves the directory aside.
    const kept = await waitFor(
      async () => (existsSync(join(stateDir, 'vms-removed', goneId)) ? readdirSync(join(stateDir, 'vms-removed', goneId)) : []),
      (entries) => entries.length > 0,
      30_000,
      `the VM directory of beta in vms-removed/${goneId}`,
    );
    expect(kept).toEqual([expect.stringMatching(/^beta-/)]);
    expect(existsSync(join(stateDir, 'vms-removed', goneId, kept[0]!, 'state.img'))).toBe(true);
    expect(existsSync(join(profilesDir, goneId, 'beta'))).toBe(false);
  });
});
