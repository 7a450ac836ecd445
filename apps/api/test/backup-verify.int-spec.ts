/**
 * Verified restores (docs/backups.md, "Verified restores"), on qemu:///system
 * (TCG) with real restic, nix, Postgres and Redis. A demo machine with
 * backup.enable is built (nix, never booted itself); its machine policy's
 * repository gets snapshots made with the host's restic, tagged as machine
 * backups are. "Verify now" boots the latest one in a throw-away VM with no
 * network interface on the recorded generation: healthy, and its app check
 * check-state passes → recorded restorable and the status says "backed up and
 * verified"; a snapshot holding /state/data/clan-test-unhealthy (the demo
 * guest then answers no PING) → "not restorable", recorded, with a
 * notification; one holding /state/data/clan-test-check-fails (check-state
 * fails) → "not restorable", naming the check. Three throw-away boots, no
 * other. Needs root, libvirt, qemu, nix, e2fsprogs, busybox-static, restic;
 * fails (never skips) naming the Debian package that is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LibvirtService } from '../src/services/libvirt/libvirt.service';
import { setupAdmin } from './auth-helpers';
import { requireRestic } from './fixtures/backups';
import { waitFor } from './fixtures/principals';
import { prepareTestSystemFlake, requireVmHost, sh, SYSTEM_URI } from './fixtures/vm-host';
import { recordBuiltGeneration } from './fixtures/generations';
import { childProcessEnv } from './test-config';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

jest.setTimeout(900_000);

interface Task {
  id: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

describe('verified restores: the latest machine snapshot boots in a throw-away VM with no network (qemu:///system)', () => {
  const machine = 'vfy';
  const password = 'verify-test-password';
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let t: TestPanel;
  let host: TestClient;
  let networkId = '';
  let policyId = '';
  let revision = '';
  let work = '';
  let repoDir = '';
  let domainName = '';

  const base = () => `/api/networks/${networkId}/backups`;
  const restic = (args: string[], cwd?: string) =>
    execFileSync('restic', ['-r', repoDir, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...childProcessEnv(), RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(work, 'cache') },
    });
  /** A snapshot of `<src>/state/data` as a running demo machine's BACKUP leaves it in the policy's repository. */
  const snapshotOf = (files: Record<string, string>): void => {
    const src = mkdtempSync(join(work, 'src-'));
    mkdirSync(join(src, 'state/data'), { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(src, 'state/data', name), content);
    const tags = [`clan-policy:${policyId}`, 'clan-part:machine-files', `clan-revision=${revision}`, 'clan-generation=1'];
    // Relative to `src`, so the snapshot's tree holds /state/data as the guest's would.
    restic(['backup', '--host', machine, ...tags.flatMap((x) => ['--tag', x]), 'state/data'], src);
  };
  const taskLog = async (taskId: string) =>
    ((await host.get(`/api/tasks/${taskId}/log?limit=1000`)).body.items as { text: string }[]).map((l) => l.text).join('\n');
  const domainXml = (): string | null => {
    const r = sh('virsh', ['-c', SYSTEM_URI, 'dumpxml', domainName]);
    return r.status === 0 ? r.stdout : null;
  };
  const domainExists = () => sh('virsh', ['-c', SYSTEM_URI, 'domstate', domainName]).status === 0;
  const sql = <T>(q: string, p: unknown[] = []) => t.panel.app.get(DataSource).query<T>(q, p);

  /** Starts "verify now" and follows the task, capturing the throw-away domain's XML while it exists. */
  async function verifyNow(): Promise<{ task: Task; xml: string | null; log: string }> {
    const started = await host.post(`${base()}/policies/${policyId}/verify`);
    expect({ status: started.status, body: started.status === 202 ? null : started.body }).toEqual({ status: 202, body: null });
    let xml: string | null = null;
    const task = await waitFor(
      async () => {
        xml ??= domainXml();
        return (await host.get(`/api/tasks/${started.body.taskId}`)).body as Task;
      },
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      400_000,
      'the verification to finish',
    );
    return { task, xml, log: await taskLog(task.id) };
  }

  beforeAll(async () => {
    requireVmHost();
    requireRestic();
    flake = prepareTestSystemFlake();
    t = await startTestPanel({
      CLAN_FLAKE_URL: flake.url,
      CLAN_LIBVIRT_URI: SYSTEM_URI,
      CLAN_DOMAIN_TYPE: 'qemu',
      CLAN_HEALTH_TIMEOUT_SECONDS: '60',
      CLAN_TASK_HEARTBEAT_SECONDS: '1',
      NIX_CONFIG: 'substituters =',
    });
    host = await setupAdmin(t);
    work = mkdtempSync(join(tmpdir(), 'clan-verify-test-'));
    repoDir = join(work, 'repo');

    const net = await host.post('/api/networks', { name: 'verified' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
    const created = await host.post(`/api/networks/${networkId}/machines`, {
      name: machine,
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 }, backup: { enable: true } },
    });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({ status: 201, body: null });

    // Generation 1 of the machine, built from the network's repository as the panel would, never booted.
    ({ revision } = await recordBuiltGeneration(t, networkId, machine, work));
    domainName = `clan-verify-${t.panel.app.get(LibvirtService).panelId}-${networkId.replace(/-/g, '').slice(0, 8)}-${machine}`;

    const repository = await host.post(`${base()}/repositories`, { name: 'vault', kind: 'local', location: repoDir, password });
    expect(repository.status).toBe(201);
    const init = await host.post(`${base()}/repositories/${repository.body.id}/init`);
    expect(init.status).toBe(202);
    const inited = await waitFor(
      () => host.get(`/api/tasks/${init.body.taskId}`).then((r) => r.body as Task),
      (x) => ['succeeded', 'failed'].includes(x.status),
      60_000,
      'restic init',
    );
    expect([inited.status, inited.error]).toEqual(['succeeded', null]);
    const policy = await host.post(`${base()}/policies`, {
      repositoryId: repository.body.id,
      subjectKind: 'machine',
      subjectName: machine,
      runner: 'panel',
    });
    expect({ status: policy.status, body: policy.status === 201 ? null : policy.body }).toEqual({ status: 201, body: null });
    policyId = policy.body.id;
  });

  afterAll(async () => {
    if (domainName && domainExists()) {
      sh('virsh', ['-c', SYSTEM_URI, 'destroy', domainName]);
      sh('virsh', ['-c', SYSTEM_URI, 'undefine', domainName]);
    }
    await t?.close();
    flake?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('refuses, with a sentence, a policy that has no snapshot yet', async () => {
    const res = await host.post(`${base()}/policies/${policyId}/verify`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/has no snapshot in its repository yet; run a backup first/);
  });

  it('boots the latest snapshot with no network interface, reports it healthy, records it and removes the VM', async () => {
    snapshotOf({ 'hello.txt': 'cLAN demo data of vfy\n' });
    const { task, xml, log } = await verifyNow();
    if (task.status !== 'succeeded') throw new Error(`verification ${task.status}: ${task.error}\n--- log ---\n${log}`);
    expect(task.result).toMatchObject({ ok: true, generation: 1, revision, domainName, interfaces: 0 });
    // libvirt's own definition, read while the throw-away VM ran: no <interface> at all.
    expect(xml).not.toBeNull();
    expect(xml).not.toMatch(/<interface/);
    expect(xml).toContain(join(t.config.stateDir, 'vms', networkId, machine, 'gen-1', 'store.img'));
    expect(log).toMatch(/no network interface/);
    expect(log).toMatch(/Generation 1 answered healthy/);
    // The machine's app check ran in the throw-away VM (CHECK) and passed.
    expect(log).toMatch(
      /App check check-state: passed: The state disk is mounted at \/state and \/state\/data is readable \(1 entries\)\./,
    );

    // Gone afterwards: the domain and every temporary file.
    expect(domainExists()).toBe(false);
    expect(readdirSync(join(t.config.stateDir, 'verify'))).toEqual([]);
    const rows = await sql<{ ok: boolean; generation: number; revision: string; snapshot_id: string; detail: string }[]>(
      'SELECT ok, generation, revision, snapshot_id, detail FROM backup_verifications WHERE policy_id = $1',
      [policyId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ok: true, generation: 1, revision });
    expect(rows[0].detail).toMatch(
      /booted on generation 1 in a VM with no network and answered healthy after [\d.]+ s, with no failed units, app checks passed: check-state\.$/,
    );
    // The machine itself was never defined, let alone started: only the throw-away VM booted.
    const vm = await host.get(`/api/networks/${networkId}/machines/${machine}/vm`);
    expect(vm.body.state).toBe('undefined');

    const status = await host.get(`${base()}/status`);
    const subject = (
      status.body.subjects as { kind: string; name: string; policies: { verification: string; verifiedAt: string }[] }[]
    ).find((s) => s.kind === 'machine' && s.name === machine);
    expect(subject?.policies[0]).toMatchObject({ verification: 'verified' });
    expect(subject?.policies[0].verifiedAt).toBeTruthy();
  });

  it('reports a snapshot whose data breaks the health check as not restorable, with a notification', async () => {
    snapshotOf({ 'hello.txt': 'cLAN demo data of vfy\n', 'clan-test-unhealthy': 'break me\n' });
    const { task, xml, log } = await verifyNow();
    expect(task.status).toBe('failed');
    expect(task.error).toMatch(/vfy is not restorable: .*did not come up healthy/);
    expect(xml).not.toMatch(/<interface/);
    expect(log).toMatch(/CLAN-HEALTH silent \(clan-test-unhealthy on the state disk\)/);
    expect(domainExists()).toBe(false);
    expect(readdirSync(join(t.config.stateDir, 'verify'))).toEqual([]);

    const rows = await sql<{ ok: boolean; detail: string }[]>(
      'SELECT ok, detail FROM backup_verifications WHERE policy_id = $1 ORDER BY verified_at DESC',
      [policyId],
    );
    expect(rows.map((r) => r.ok)).toEqual([false, true]);
    expect(rows[0].detail).toMatch(/did not come up healthy/);

    const inbox = await host.get('/api/notifications');
    const n = (inbox.body.items as { kind: string; state: string; title: string; message: string }[]).find(
      (x) => x.kind === 'backup.verify',
    );
    expect(n).toMatchObject({ state: 'not-restorable', title: 'The backup of vfy is not restorable' });
    expect(n?.message).toMatch(/^vfy is not restorable: /);

    const status = await host.get(`${base()}/status`);
    const subject = (status.body.subjects as { kind: string; name: string; policies: { verification: string }[] }[]).find(
      (s) => s.kind === 'machine' && s.name === machine,
    );
    expect(subject?.policies[0]).toMatchObject({ verification: 'not-restorable' });
  });

  it("reports a snapshot whose data fails the machine's app check (check-state) as not restorable, naming the check", async () => {
    snapshotOf({ 'hello.txt': 'cLAN demo data of vfy\n', 'clan-test-check-fails': 'fail the check\n' });
    const { task, xml, log } = await verifyNow();
    expect(task.status).toBe('failed');
    const sentence =
      "but its app check check-state (/state/data/clan-test-check-fails is on the state disk: this machine's data is marked broken (a test marker)) failed.";
    expect(task.error).toMatch(/^vfy is not restorable: Snapshot [0-9a-f]{8} boots on generation 1, but its app check check-state /);
    expect(task.error).toContain(sentence);
    expect(xml).not.toMatch(/<interface/);
    // Healthy and without failed units: only the app check says no.
    expect(log).toMatch(/Generation 1 answered healthy/);
    expect(log).toMatch(/App check check-state: FAILED: \/state\/data\/clan-test-check-fails is on the state disk/);
    expect(domainExists()).toBe(false);
    expect(readdirSync(join(t.config.stateDir, 'verify'))).toEqual([]);

    const rows = await sql<{ ok: boolean; detail: string }[]>(
      'SELECT ok, detail FROM backup_verifications WHERE policy_id = $1 ORDER BY verified_at DESC',
      [policyId],
    );
    expect(rows.map((r) => r.ok)).toEqual([false, false, true]);
    expect(rows[0].detail).toContain(sentence);
  });
});
