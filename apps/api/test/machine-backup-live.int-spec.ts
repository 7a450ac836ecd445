/**
 * A running machine that cannot reach its backup repository over the mesh
 * (docs/backups.md, "Machines: where the data is"): a default install, whose
 * VMs have no NIC (CLAN_VM_BRIDGE and CLAN_VM_NETWORK unset) and no mesh.
 * One demo VM on qemu:///system (TCG) with backup.enable and a machine policy
 * on a local repository: "run now" runs its dump hooks (DUMPS), the panel
 * copies its state disk with a libvirt push-mode backup job while it runs
 * (FREEZE/THAW around backup-begin) and saves the copy as a state-disk
 * snapshot. The snapshot's image holds /data/hello.txt and the fresh dump
 * (read with debugfs); the machine is still running, thawed and answering
 * afterwards; no copy is left next to its state disk. Needs root, libvirt,
 * qemu, nix, e2fsprogs, busybox-static, restic; fails (never skips) naming
 * the missing package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestChannel } from '../src/services/guest/guest-channel';
import { SecretBox } from '../src/services/secrets/secret-box';
import { loadOrCreateKey } from '../src/services/secrets/state-keys';
import { requireRestic } from './fixtures/backups';
import { type ChildPanel, seedHostAdminToken, spawnPanel, sqlOn, vmPanelEnv } from './fixtures/child-panel';
import { waitFor } from './fixtures/principals';
import { cleanUpVms, prepareTestSystemFlake, readText, requireVmHost } from './fixtures/vm-host';
import { cloneTestDatabase, TestClient } from './harness';
import { childProcessEnv } from './test-config';

jest.setTimeout(900_000);

interface Task {
  id: string;
  type: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}
interface Snapshot {
  id: string;
  paths: string[];
  tags: string[];
}

describe('machine backups: a running machine without a mesh, its state disk copied while it runs (qemu:///system)', () => {
  const machine = 'live';
  const password = `policy-${randomBytes(8).toString('hex')}`;
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let panel: ChildPanel | undefined;
  let api: TestClient;
  let networkId: string;
  let repoDir: string;
  let policyId: string;
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;

  const machineDir = () => join(stateDir, 'vms', networkId, machine);
  const serial = () => readText(join(machineDir(), 'serial.log'));
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => sqlOn(db.url)<T>(query, params);
  const base = () => `/api/networks/${networkId}/backups`;
  const restic = (args: string[]) =>
    execFileSync('restic', ['-r', repoDir, ...args], {
      encoding: 'utf8',
      maxBuffer: 4 << 30,
      env: { ...childProcessEnv(), RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(stateDir, 'test-restic-cache') },
    });
  const debugfsCat = (image: string, path: string) => {
    const r = spawnSync('debugfs', ['-R', `cat ${path}`, image], { encoding: 'utf8' });
    if (r.error) throw new Error('debugfs is missing: install the Debian package e2fsprogs.');
    return r.stdout;
  };
  const finished = (taskId: string) =>
    waitFor(
      () => api.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      600_000,
      `task ${taskId} to finish`,
    );
  const taskLog = async (taskId: string) =>
    ((await api.get(`/api/tasks/${taskId}/log?limit=1000`)).body.items as { text: string }[]).map((l) => l.text).join('\n');
  const expectSucceeded = async (task: Task) => {
    if (task.status !== 'succeeded')
      throw new Error(
        `task ${task.status}: ${task.error}\n--- log ---\n${await taskLog(task.id)}\n--- serial ---\n${serial().slice(-3000)}`,
      );
  };

  beforeAll(async () => {
    requireVmHost();
    requireRestic();
    flake = prepareTestSystemFlake();
    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-live-'));
    chmodSync(stateDir, 0o711);
    const bearer = await seedHostAdminToken(db.url);
    // A default install: no CLAN_VM_BRIDGE / CLAN_VM_NETWORK, so the VM has no NIC.
    panel = await spawnPanel(
      vmPanelEnv({ databaseUrl: db.url, stateDir, flakeUrl: flake.url, profilesDir, autoDeploy: false, healthSeconds: 90 }),
      120_000,
    );
    api = Object.assign(new TestClient(panel.baseUrl), { bearer });
    const net = await api.post('/api/networks', { name: 'livetest' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
    const created = await api.post(`/api/networks/${networkId}/machines`, {
      name: machine,
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 }, backup: { enable: true } },
    });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({ status: 201, body: null });
    const deploy = await api.post(`/api/networks/${networkId}/machines/${machine}/deploy`, {});
    expect(deploy.status).toBe(202);
    const built = await finished(deploy.body.taskId);
    await expectSucceeded(built);
    await expectSucceeded(await finished(built.result!['deployTaskId'] as string));
    await waitFor(
      () => Promise.resolve(serial()),
      (s) => /CLAN-STATE ok/.test(s),
      60_000,
      'CLAN-STATE ok',
    );

    repoDir = join(stateDir, 'policy-repo');
    const repo = await api.post(`${base()}/repositories`, { name: 'vault', kind: 'local', location: repoDir, password });
    expect(repo.status).toBe(201);
    await expectSucceeded(await finished((await api.post(`${base()}/repositories/${repo.body.id}/init`)).body.taskId));
    const policy = await api.post(`${base()}/policies`, {
      repositoryId: repo.body.id,
      subjectKind: 'machine',
      subjectName: machine,
      runner: 'panel',
      keepLast: 5,
    });
    expect({ status: policy.status, body: policy.status === 201 ? null : policy.body }).toEqual({ status: 201, body: null });
    policyId = policy.body.id;
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

  it('run now: dump hooks, a frozen-then-thawed copy of the state disk, a state-disk snapshot holding the data and the dump; the VM runs on', async () => {
    const vm = (await api.get(`/api/networks/${networkId}/machines/${machine}/vm`)).body as {
      domainName: string;
      deployedRevision: string;
      currentGeneration: number;
    };
    const started = await api.post(`${base()}/policies/${policyId}/run`);
    expect(started.status).toBe(202);
    const task = await finished(started.body.taskId);
    await expectSucceeded(task);
    const log = await taskLog(task.id);
    expect(log).toContain(
      `${machine} cannot reach its backup repository over the mesh (this host gives its VMs no network; see docs/vms.md "Network"): the panel copies its state disk while it runs, after its dump hooks.`,
    );
    expect(log).not.toContain('through its VM controller');
    // In order: the dump hook, the freeze, the job, the thaw, restic.
    const order = [
      'running the dump hook demo-dump',
      'FREEZE /state',
      'virsh backup-begin',
      'THAW /state',
      'libvirt copied',
      'restic backup',
    ];
    const at = order.map((s) => log.indexOf(s));
    expect({ at, log }).toEqual({ at: [...at].sort((a, b) => a - b), log });
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(log).not.toContain('crash-consistent');
    expect(log).not.toContain(password);

    const snaps = JSON.parse(restic(['snapshots', '--json', '--no-lock'])) as Snapshot[];
    expect(snaps).toHaveLength(1);
    const snap = snaps[0]!;
    expect(task.result).toMatchObject({ snapshotId: expect.any(String), source: 'state-disk-live', totalFiles: 1 });
    expect(snap.id.startsWith(task.result!['snapshotId'] as string)).toBe(true);
    expect(snap.paths).toEqual([`/${machine}-state.img`]);
    expect(snap.tags).toEqual(
      expect.arrayContaining([
        `clan-policy:${policyId}`,
        'clan-part:state-disk',
        'clan-source=state-disk',
        `clan-revision=${vm.deployedRevision}`,
        `clan-generation=${vm.currentGeneration}`,
      ]),
    );

    // The image in the snapshot: the machine's data and the dump its hook just wrote.
    const image = join(stateDir, 'restored-state.img');
    restic(['restore', '--no-lock', snap.id, '--target', join(stateDir, 'restored')]);
    rmSync(image, { force: true });
    execFileSync('mv', [join(stateDir, 'restored', `${machine}-state.img`), image]);
    expect(debugfsCat(image, '/data/hello.txt')).toBe(`cLAN demo data of ${machine}\n`);
    expect(debugfsCat(image, '/dumps/demo-dump.txt')).toMatch(new RegExp(`^dump of ${machine} generation ${vm.currentGeneration}\\n$`));
    const fsck = spawnSync('e2fsck', ['-n', '-f', image], { encoding: 'utf8' });
    expect({ status: fsck.status, out: fsck.stdout + fsck.stderr }).toMatchObject({ status: 0 });

    // The machine runs on, healthy and thawed (a hook writing to /state returns at once), and no copy is left.
    expect(execFileSync('virsh', ['-c', 'qemu:///system', 'domstate', vm.domainName], { encoding: 'utf8' }).trim()).toBe('running');
    const facts = await api.get(`/api/networks/${networkId}/machines/${machine}/guest`);
    expect(facts.status).toBe(200);
    expect(facts.body).toMatchObject({ machine, stateDisk: { mount: '/state' }, failedUnits: [] });
    const token = new SecretBox(loadOrCreateKey(stateDir, 'master')).mac('vm-controller', `${networkId}/${machine}`);
    const t0 = Date.now();
    await GuestChannel.for(join(machineDir(), 'health.sock')).request('HOOK', ['demo-dump'], { token, timeoutMs: 20_000 });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(readdirSync(machineDir()).filter((n) => n.startsWith('state-live-copy-'))).toEqual([]);
  });
});
