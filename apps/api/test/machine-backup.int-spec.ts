/**
 * Machine backups where the data is (docs/backups.md, "Machines: where the
 * data is"), with one booted demo VM on the mesh lab (fixtures/mesh-vm-lab.ts):
 * a machine with backup.enable and a machine policy on a local repository.
 * Running: "run now" asks the VM controller to BACKUP (its dump hook, then
 * restic into its own append-only repository over the mesh), the panel
 * copies the snapshot into the policy's repository with the revision and
 * generation tags; a file written in the VM (serial console) is backed up,
 * deleted, restored through the restore-in-machine route and read back
 * byte-identical. From inside the machine, with its own backup/env, restic
 * forget and a raw overwrite of a snapshot are refused (403) and the
 * snapshot stays, as the panel's restic sees it on the host (docs/decisions/0016).
 * A verified restore boots the controller's latest snapshot (its /state/data
 * and /var/lib/clan/dumps mapped onto a new state disk) in a throw-away VM
 * with no network. Stopped: "run now" saves the state disk image from the
 * host. Needs root, libvirt, qemu, nix, wireguard-go, wireguard-tools,
 * iproute2, busybox-static, restic; fails (never skips) naming the Debian
 * package that is missing.
 */
import { childProcessEnv } from './test-config';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_REPO_AUTH_PURPOSE, BACKUP_REPO_KEY_PURPOSE } from '../src/backups/rest-repo/rest-repo-auth';
import { repoRelativeDir } from '../src/backups/rest-repo/rest-repo-request';
import { SecretBox } from '../src/services/secrets/secret-box';
import { loadOrCreateKey } from '../src/services/secrets/state-keys';
import { ConsoleClient } from './fixtures/console-client';
import { requireRestic } from './fixtures/backups';
import { GUEST_MS, MeshVmLab } from './fixtures/mesh-vm-lab';
import { waitFor } from './fixtures/principals';

jest.setTimeout(1_200_000);

interface Snapshot {
  id: string;
  shortId: string;
  time: string;
  paths: string[];
  tags: string[];
  original?: string;
}
interface LsNode {
  struct_type?: string;
  path?: string;
  type?: string;
  mtime?: string;
}

describe('machine backups: through the VM controller when running, the state disk when stopped (qemu:///system)', () => {
  const t = new MeshVmLab('10.254.87');
  const machine = 'files';
  const password = `policy-${randomBytes(8).toString('hex')}`;
  let base = '';
  let repoDir = '';
  let repositoryId = '';
  let policyId = '';
  let term: ConsoleClient | null = null;
  let marks = 0;

  const machinePath = () => `/api/networks/${t.networkId}/machines/${machine}`;
  const restic = (args: string[]) =>
    execFileSync('restic', ['-r', repoDir, ...args], {
      encoding: 'utf8',
      env: { ...childProcessEnv(), RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(t.stateDir, 'test-restic-cache') },
    });
  const snapshotsInRepo = (): Snapshot[] =>
    (JSON.parse(restic(['snapshots', '--json', '--no-lock'])) as Snapshot[]).sort((a, b) => a.time.localeCompare(b.time));
  const ls = (id: string): LsNode[] =>
    restic(['ls', '--json', '--no-lock', id])
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LsNode);

  async function runNow(): Promise<{ task: Awaited<ReturnType<MeshVmLab['finished']>>; log: string }> {
    const started = await t.root.post(`${base}/policies/${policyId}/run`);
    expect(started.status).toBe(202);
    const task = await t.finished(started.body.taskId);
    await t.expectSucceeded(task, machine);
    return { task, log: await t.taskLog(task.id) };
  }

  /** Runs a shell line in the guest's serial console and returns what it printed between two markers. */
  async function inGuest(line: string, ms = 60_000): Promise<string> {
    if (!term) {
      await waitFor(
        () => t.root.get(`${machinePath()}/console`).then((r) => r.body),
        (b) => b.state === 'attached',
        60_000,
        'the panel to hold the console',
      );
      const res = await t.root.post(`${machinePath()}/console/ticket`, { kind: 'serial' });
      if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
      term = await ConsoleClient.open(t.panel.baseUrl, res.body.url, { headers: { origin: t.panel.baseUrl } });
      await term.waitText(/files:\/# /, 'the prompt', GUEST_MS);
    }
    const n = ++marks;
    // The markers are computed by the shell, so the echoed command line never matches them.
    term.type(`echo B-$((${n}*1000)); ${line}; echo E-$((${n}*1000))\r`);
    const text = await term.waitText(new RegExp(`\\r\\nB-${n * 1000}\\r\\n[\\s\\S]*?E-${n * 1000}\\r\\n`), `the guest to run: ${line}`, ms);
    const m = new RegExp(`\\r\\nB-${n * 1000}\\r\\n([\\s\\S]*?)E-${n * 1000}\\r\\n`).exec(text)!;
    return m[1]!.replace(/\r\n/g, '\n');
  }

  beforeAll(async () => {
    requireRestic();
    await t.start('mbk');
    base = `/api/networks/${t.networkId}/backups`;
    await t.createMachine(machine, { resources: { memoryMiB: 256, stateDiskGiB: 1 }, backup: { enable: true } });
    await t.deploy(machine);
    // The guest reaches its repository over the mesh: wait until it is in.
    await t.serialLine(machine, /CLAN-MESH up /, 'CLAN-MESH up');
    await t.serialLine(machine, /CLAN-STATE ok/, 'CLAN-STATE ok');

    repoDir = join(t.stateDir, 'policy-repo');
    const created = await t.root.post(`${base}/repositories`, { name: 'vault', kind: 'local', location: repoDir, password });
    expect(created.status).toBe(201);
    repositoryId = created.body.id;
    const init = await t.root.post(`${base}/repositories/${repositoryId}/init`);
    await t.expectSucceeded(await t.finished(init.body.taskId));
    const policy = await t.root.post(`${base}/policies`, {
      repositoryId,
      subjectKind: 'machine',
      subjectName: machine,
      runner: 'panel',
      keepLast: 5,
    });
    expect({ status: policy.status, body: policy.status === 201 ? null : policy.body }).toEqual({ status: 201, body: null });
    policyId = policy.body.id;
  });

  afterAll(async () => {
    term?.close();
    await t.cleanup();
  });

  it('run now on a running machine: its controller saves /state/data and the dump, the panel copies the snapshot with revision and generation', async () => {
    const vm = (await t.root.get(`${machinePath()}/vm`)).body as { deployedRevision: string; currentGeneration: number };
    expect(vm.deployedRevision).toMatch(/^[0-9a-f]{40}$/);
    const { task, log } = await runNow();
    expect(log).toContain('through its VM controller');
    expect(log).toMatch(/demo-dump/);
    expect(log).toContain('restic copy');
    // The dump hook ran before the copy, in the order the controller reported.
    expect(log.indexOf('demo-dump')).toBeLessThan(log.indexOf('restic copy'));
    expect(log).not.toContain(password);

    const copy = snapshotsInRepo().at(-1)!;
    expect(task.result!['snapshotId']).toBe(copy.id);
    expect(copy.original).toBe(task.result!['machineSnapshotId']);
    expect(copy.tags).toEqual(
      expect.arrayContaining([
        `clan-policy:${policyId}`,
        'clan-part:machine-files',
        `clan-revision=${vm.deployedRevision}`,
        `clan-generation=${vm.currentGeneration}`,
      ]),
    );
    const nodes = ls(copy.id);
    const snap = nodes.find((n) => n.struct_type === 'snapshot') as unknown as { time: string };
    const paths = nodes.map((n) => n.path);
    expect(paths).toEqual(expect.arrayContaining(['/state/data/hello.txt', '/var/lib/clan/dumps/demo-dump.txt']));
    expect(restic(['dump', '--no-lock', copy.id, '/state/data/hello.txt'])).toBe(`cLAN demo data of ${machine}\n`);
    expect(restic(['dump', '--no-lock', copy.id, '/var/lib/clan/dumps/demo-dump.txt'])).toMatch(
      new RegExp(`^dump of ${machine} generation \\d+`),
    );
    // The dump was written before restic started (both times are the guest's clock).
    const dump = nodes.find((n) => n.path === '/var/lib/clan/dumps/demo-dump.txt')!;
    expect(Date.parse(dump.mtime!)).toBeLessThanOrEqual(Date.parse(snap.time));

    // The policy's status sees the run like any other.
    const policy = (await t.root.get(`${base}/policies/${policyId}`)).body;
    expect(policy.status.lastSnapshotId).toBe(copy.id);
    expect(policy.status.freshness).toBe('ok');
    const listed = (await t.root.get(`${base}/repositories/${repositoryId}/snapshots?policyId=${policyId}`)).body.items as { id: string }[];
    expect(listed.map((s) => s.id)).toContain(copy.id);
  });

  it('a file written in the machine is backed up, deleted, restored into the running machine and reads back byte-identical', async () => {
    const content = randomBytes(48).toString('hex');
    expect(await inGuest(`printf '%s\\n' ${content} > /state/data/notes.txt && sync && echo written`)).toContain('written');
    const { task } = await runNow();
    const snapshotId = task.result!['snapshotId'] as string;
    expect(restic(['dump', '--no-lock', snapshotId, '/state/data/notes.txt'])).toBe(`${content}\n`);

    expect(await inGuest(`rm /state/data/notes.txt && sync; [ -e /state/data/notes.txt ] || echo gone`)).toContain('gone');
    const restored = await t.root.post(`${base}/repositories/${repositoryId}/snapshots/${snapshotId}/restore-in-machine`, {
      path: '/state/data/notes.txt',
    });
    expect({ status: restored.status, body: restored.body }).toMatchObject({
      status: 200,
      body: { machine, snapshotId, machineSnapshotId: task.result!['machineSnapshotId'], restored: '/state/data/notes.txt' },
    });
    expect(await inGuest('cat /state/data/notes.txt')).toBe(`${content}\n`);

    // A path the snapshot does not hold is refused before the machine is asked.
    const outside = await t.root.post(`${base}/repositories/${repositoryId}/snapshots/${snapshotId}/restore-in-machine`, {
      path: '/etc/passwd',
    });
    expect(outside.status).toBe(400);
  });

  it('from inside the machine, with its own credentials, deleting or overwriting a snapshot of its repository is refused', async () => {
    // The panel's view of the machine repository (restic's local layout on the host), with the key the panel derives.
    const box = new SecretBox(loadOrCreateKey(t.stateDir, 'master'));
    const keyPassword = box.mac(BACKUP_REPO_KEY_PURPOSE, `${t.networkId}/${machine}`);
    const authPassword = box.mac(BACKUP_REPO_AUTH_PURPOSE, `${t.networkId}/${machine}`);
    const machineRepoDir = join(t.stateDir, 'machine-backups', repoRelativeDir(t.networkId, machine));
    const machineSnapshots = (): Snapshot[] =>
      JSON.parse(
        execFileSync('restic', ['-r', machineRepoDir, 'snapshots', '--json', '--no-lock'], {
          encoding: 'utf8',
          env: { ...childProcessEnv(), RESTIC_PASSWORD: keyPassword, RESTIC_CACHE_DIR: join(t.stateDir, 'test-restic-cache') },
        }),
      ) as Snapshot[];
    const before = machineSnapshots();
    expect(before.length).toBeGreaterThan(0);
    const target = before.at(-1)!.id;
    const snapshotFile = join(machineRepoDir, 'snapshots', target);
    const sha256 = () => createHash('sha256').update(readFileSync(snapshotFile)).digest('hex');
    expect(sha256()).toBe(target);

    // Run in a subshell with the machine's backup/env; the sed keeps both passwords out of the console (and this test's output).
    const withMachineEnv = (commands: string) =>
      `( set -a; . /run/clan-secrets/backup/env; set +a; { ${commands}; } 2>&1 | sed -e "s|$RESTIC_PASSWORD|<key>|g" -e "s|$RESTIC_REPOSITORY|<repository>|g" )`;

    // restic forget (with its exclusive lock, which the server lets it create and remove): the DELETE of the snapshot file is 403; restic retries (~45 s), then gives up.
    const forget = await inGuest(withMachineEnv(`restic --no-cache forget ${target}; echo restic-exit=$?`), 180_000);
    expect(forget).toMatch(/403/);
    expect(forget).toMatch(/restic-exit=[1-9]/);
    expect(forget).not.toMatch(/removed snapshot/i);

    // A raw overwrite: the snapshot file's own bytes POSTed back to its name (so the SHA-256 check passes) is refused as existing.
    const overwrite = await inGuest(
      withMachineEnv(
        `u=\${RESTIC_REPOSITORY#rest:}; wget -q -O /tmp/snap "\${u}snapshots/${target}" && echo fetched; ` +
          `wget -q -O - --post-file=/tmp/snap "\${u}snapshots/${target}"; echo wget-exit=$?; rm -f /tmp/snap`,
      ),
    );
    expect(overwrite).toContain('fetched');
    expect(overwrite).toMatch(/403 Forbidden/);
    expect(overwrite).toMatch(/wget-exit=[1-9]/);

    for (const text of [forget, overwrite]) {
      expect(text).not.toContain(keyPassword);
      expect(text).not.toContain(authPassword);
    }
    // From the host: the snapshot is still listed by the panel's restic and its file is byte-identical.
    expect(machineSnapshots().map((s) => s.id)).toEqual(before.map((s) => s.id));
    expect(sha256()).toBe(target);
  });

  it("a verified restore of the controller's own snapshot boots it with no network and reports it restorable", async () => {
    const latest = snapshotsInRepo().at(-1)!;
    expect(latest.tags).toContain('clan-part:machine-files');
    const started = await t.root.post(`${base}/policies/${policyId}/verify`);
    expect({ status: started.status, body: started.status === 202 ? null : started.body }).toEqual({ status: 202, body: null });
    const task = await t.finished(started.body.taskId);
    await t.expectSucceeded(task);
    expect(task.result).toMatchObject({ ok: true, interfaces: 0 });
    expect(String(task.result!['snapshotId'])).toBe(latest.id);
    expect(await t.taskLog(task.id)).toMatch(/answered healthy/);
    // The machine itself kept running beside the throw-away VM, and the family-facing status says so.
    expect((await t.root.get(`${machinePath()}/vm`)).body.state).toBe('running');
    const status = await t.root.get(`${base}/status`);
    const subject = (status.body.subjects as { kind: string; name: string; policies: { verification: string }[] }[]).find(
      (x) => x.kind === 'machine' && x.name === machine,
    );
    expect(subject?.policies[0]).toMatchObject({ verification: 'verified' });
  });

  it('a stopped machine: run now backs up its state disk image from the host, and restoring into it is refused', async () => {
    const fileSnapshot = snapshotsInRepo().at(-1)!;
    const stop = await t.root.post(`${machinePath()}/vm/stop`, {});
    expect(stop.status).toBe(202);
    await t.expectSucceeded(await t.finished(stop.body.taskId), machine);

    const { task, log } = await runNow();
    expect(log).toMatch(/is not running .*state disk image from the host/);
    const image = snapshotsInRepo().at(-1)!;
    // restic 0.14 names a new snapshot by its short id, as in every host backup.
    expect(image.id.startsWith(task.result!['snapshotId'] as string)).toBe(true);
    expect(image.tags).toEqual(expect.arrayContaining([`clan-policy:${policyId}`, 'clan-part:state-disk', 'clan-source=state-disk']));
    expect(image.tags.some((tag) => /^clan-revision=[0-9a-f]{40}$/.test(tag))).toBe(true);
    expect(ls(image.id).map((n) => n.path)).toContain(`/${machine}-state.img`);

    const refused = await t.root.post(`${base}/repositories/${repositoryId}/snapshots/${fileSnapshot.id}/restore-in-machine`, {
      path: '/state/data/hello.txt',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/is not running/);
  });
});
