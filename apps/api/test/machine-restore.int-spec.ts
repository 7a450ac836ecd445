/**
 * Whole-machine restore (docs/backups.md, "Whole-machine restore"), on
 * qemu:///system (TCG) with real restic, nix, Postgres and Redis. A demo
 * machine's generation 1 is built (nix); a snapshot of /state/data made with
 * the host's restic in its machine policy's repository is tagged with the
 * revision and generation; the machine's configuration is then changed and
 * an old state disk put in place. The restore must: keep the old disk aside,
 * put the snapshot's files on the new state disk (read with debugfs), commit
 * the configuration back ("Restore <machine> as of <date>") and boot generation 1
 * healthy. One VM boot. Needs root, libvirt, qemu, nix, e2fsprogs,
 * busybox-static, restic; fails (never skips) naming the missing package.
 */
import { childProcessEnv } from './test-config';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkRepoDir } from '../src/configs/repo-paths';
import { NixService } from '../src/services/nix/nix.service';
import { LibvirtService } from '../src/services/libvirt/libvirt.service';
import { GenerationStatus } from '../src/vms/generation.entity';
import { GenerationsStore } from '../src/vms/generations.service';
import { setupAdmin } from './auth-helpers';
import { requireRestic } from './fixtures/backups';
import { waitFor } from './fixtures/principals';
import { cleanUpVms, prepareTestSystemFlake, requireVmHost, SYSTEM_URI } from './fixtures/vm-host';
import { recordBuiltGeneration } from './fixtures/generations';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

jest.setTimeout(900_000);

interface Task {
  id: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}

describe('whole-machine restore: state disk, configuration and generation as a snapshot recorded them (qemu:///system)', () => {
  const machine = 'rst';
  const password = 'restore-test-password';
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let t: TestPanel;
  let host: TestClient;
  let networkId = '';
  let repositoryId = '';
  let policyId = '';
  let revision = '';
  let work = '';
  let repoDir = '';

  // Not execFileSync: this suite's panel runs in this process, and an event loop blocked for seconds lets its idle
  // keep-alive sockets time out under the next request (ECONNRESET).
  const restic = (args: string[], opts: { cwd?: string; input?: Buffer } = {}) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(
        'restic',
        ['-r', repoDir, ...args],
        {
          cwd: opts.cwd,
          encoding: 'utf8',
          maxBuffer: 64 << 20,
          env: { ...childProcessEnv(), RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(work, 'cache') },
        },
        (err, stdout, stderr) => (err ? reject(new Error(`restic ${args[0]} failed: ${stderr || err.message}`)) : resolve(stdout)),
      );
      child.stdin?.end(opts.input ?? '');
    });
  /** A snapshot of `<src>/state/data` as a running demo machine's BACKUP leaves it; returns its id. */
  const snapshotOf = async (files: Record<string, string>, tags: string[]): Promise<string> => {
    const src = mkdtempSync(join(work, 'src-'));
    mkdirSync(join(src, 'state/data'), { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(src, 'state/data', name), content);
    await restic(['backup', '--host', machine, ...tags.flatMap((x) => ['--tag', x]), 'state/data'], { cwd: src });
    const list = JSON.parse(await restic(['snapshots', '--json', '--latest', '1'])) as { id: string; time: string }[];
    return list.sort((a, b) => a.time.localeCompare(b.time)).at(-1)!.id;
  };
  const machineDir = () => join(t.config.stateDir, 'vms', networkId, machine);
  const mkfs = (dir: string, image: string) => {
    const mk = spawnSync('mke2fs', ['-q', '-F', '-t', 'ext4', '-L', 'clan-state', '-d', dir, image, '64M'], { encoding: 'utf8' });
    if (mk.error) throw new Error('mke2fs is missing: install the Debian package e2fsprogs.');
    expect({ status: mk.status, stderr: mk.stderr }).toEqual({ status: 0, stderr: '' });
  };
  const debugfsCat = (image: string, path: string) => {
    const r = spawnSync('debugfs', ['-R', `cat ${path}`, image], { encoding: 'utf8' });
    if (r.error) throw new Error('debugfs is missing: install the Debian package e2fsprogs.');
    return r.stdout;
  };

  beforeAll(async () => {
    requireVmHost();
    requireRestic();
    flake = prepareTestSystemFlake();
    t = await startTestPanel({
      CLAN_FLAKE_URL: flake.url,
      CLAN_LIBVIRT_URI: SYSTEM_URI,
      CLAN_DOMAIN_TYPE: 'qemu',
      CLAN_HEALTH_TIMEOUT_SECONDS: '90',
      CLAN_TASK_HEARTBEAT_SECONDS: '1',
      NIX_CONFIG: 'substituters =',
      CLAN_PROFILES_DIR: profilesDir,
    });
    host = await setupAdmin(t);
    work = mkdtempSync(join(tmpdir(), 'clan-restore-test-'));
    repoDir = join(work, 'repo');

    const net = await host.post('/api/networks', { name: 'restored' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
    const created = await host.post(`/api/networks/${networkId}/machines`, {
      name: machine,
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 }, backup: { enable: true } },
    });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({ status: 201, body: null });

    // Generation 1, built from the network's repository at this revision as the panel would.
    const built = await recordBuiltGeneration(t, networkId, machine, work);
    revision = built.revision;
    const nix = t.panel.app.get(NixService);
    await nix.setProfile(nix.profile(networkId, machine), built.storePath);

    const base = `/api/networks/${networkId}/backups`;
    const repository = await host.post(`${base}/repositories`, { name: 'vault', kind: 'local', location: repoDir, password });
    expect(repository.status).toBe(201);
    repositoryId = repository.body.id;
    const init = await host.post(`${base}/repositories/${repositoryId}/init`);
    expect(init.status).toBe(202);
    const inited = await waitFor(
      () => host.get(`/api/tasks/${init.body.taskId}`).then((r) => r.body as Task),
      (x) => ['succeeded', 'failed'].includes(x.status),
      60_000,
      'restic init',
    );
    expect([inited.status, inited.error]).toEqual(['succeeded', null]);
    const policy = await host.post(`${base}/policies`, { repositoryId, subjectKind: 'machine', subjectName: machine, runner: 'panel' });
    expect({ status: policy.status, body: policy.status === 201 ? null : policy.body }).toEqual({ status: 201, body: null });
    policyId = policy.body.id;
  });

  afterAll(async () => {
    if (t && networkId)
      cleanUpVms(`clan-${t.panel.app.get(LibvirtService).panelId}-${networkId.replace(/-/g, '').slice(0, 8)}-`, profilesDir);
    await t?.close();
    flake?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('refuses, with a sentence, a snapshot that does not record its revision and generation', async () => {
    const id = await snapshotOf({ 'x.txt': 'x\n' }, [`clan-policy:${policyId}`, 'clan-part:machine-files']);
    const res = await host.post(`/api/networks/${networkId}/machines/${machine}/restore`, { repositoryId, snapshotId: id });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/does not record the configuration it was taken under \(no clan-revision and clan-generation tag\)/);
  });

  it('brings back the data, the configuration and generation 1, keeping the old disk aside', async () => {
    // A stopped machine's backup: its state disk image, as `restic backup --stdin` of /<machine>-state.img.
    const then = join(work, 'then');
    mkdirSync(join(then, 'data'), { recursive: true });
    writeFileSync(join(then, 'data', 'hello.txt'), 'cLAN data of rst as of Tuesday\n');
    const image = join(work, 'then.img');
    mkfs(then, image);
    const tags = [
      `clan-policy:${policyId}`,
      'clan-part:state-disk',
      'clan-source=state-disk',
      `clan-revision=${revision}`,
      'clan-generation=1',
    ];
    await restic(
      ['backup', '--host', machine, ...tags.flatMap((x) => ['--tag', x]), '--stdin', '--stdin-filename', `${machine}-state.img`],
      {
        input: readFileSync(image),
      },
    );
    const id = (JSON.parse(await restic(['snapshots', '--json', '--tag', 'clan-source=state-disk'])) as { id: string }[])[0].id;
    // Since then: the configuration changed and the machine has a state disk of its own.
    const before = await host.get(`/api/networks/${networkId}/machines/${machine}`);
    const changed = await host.request('PUT', `/api/networks/${networkId}/machines/${machine}`, {
      config: { resources: { memoryMiB: 320, stateDiskGiB: 1 }, backup: { enable: true } },
      baseRevision: before.body.head,
    });
    expect({ status: changed.status, committed: changed.body.committed }).toEqual({ status: 200, committed: true });
    const old = join(work, 'old');
    mkdirSync(old);
    writeFileSync(join(old, 'old.txt'), 'written after Tuesday\n');
    mkdirSync(machineDir(), { recursive: true });
    mkfs(old, join(machineDir(), 'state.img'));

    const started = await host.post(`/api/networks/${networkId}/machines/${machine}/restore`, { repositoryId, snapshotId: id });
    expect({ status: started.status, body: started.status === 202 ? null : started.body }).toEqual({ status: 202, body: null });
    const task = await waitFor(
      () => host.get(`/api/tasks/${started.body.taskId}`).then((r) => r.body as Task),
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      600_000,
      'the whole-machine restore to finish',
    );
    const log = ((await host.get(`/api/tasks/${task.id}/log?limit=1000`)).body.items as { text: string }[]).map((l) => l.text).join('\n');
    if (task.status !== 'succeeded') throw new Error(`restore ${task.status}: ${task.error}\n--- log ---\n${log}`);
    expect(task.result).toMatchObject({ machine, generation: 1, revision });
    expect(log).toMatch(/The current state disk is kept as .*state\.img\.before-restore-\d{8}T\d{6}Z/);

    // The VM runs generation 1.
    const vm = await host.get(`/api/networks/${networkId}/machines/${machine}/vm`);
    expect(vm.body).toMatchObject({ state: 'running' });
    const gens = await t.panel.app.get(GenerationsStore).get(networkId, machine, 1);
    expect(gens?.status).toBe(GenerationStatus.Healthy);

    // The new state disk holds the snapshot's files; the old one is kept aside, untouched.
    expect(debugfsCat(join(machineDir(), 'state.img'), '/data/hello.txt')).toBe('cLAN data of rst as of Tuesday\n');
    const aside = readdirSync(machineDir()).filter((n) => n.startsWith('state.img.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(debugfsCat(join(machineDir(), aside[0]), '/old.txt')).toBe('written after Tuesday\n');
    expect(existsSync(join(machineDir(), 'restore-work'))).toBe(false);

    // The configuration of the machine is back as of the snapshot's revision, by a panel commit.
    const m = await host.get(`/api/networks/${networkId}/machines/${machine}`);
    expect(JSON.stringify(m.body)).toContain('"memoryMiB":256');
    const subject = execFileSync('git', ['log', '-1', '--format=%s%n%an'], {
      cwd: networkRepoDir(t.config.stateDir, networkId),
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', HOME: work },
    });
    expect(subject).toMatch(/^Restore rst as of \d{4}-\d{2}-\d{2}\ncLAN panel/);
  });
});
