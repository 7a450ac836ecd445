import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../services/config/app-config';
import { GuestRefusedError } from '../../services/guest/guest-channel';
import type { Guests } from '../../services/guest/guest.service';
import type { LibvirtService } from '../../services/libvirt/libvirt.service';
import { ProcessRunner } from '../../services/process/process-runner';
import type { JobContext } from '../../services/queue/job-context';
import type { VmMutex } from '../../vms/vm-mutex';
import type { BackupPolicyEntity } from '../backup-policy.entity';
import type { BackupRepositoryEntity } from '../backup-repository.entity';
import type { MachineRepositories } from '../rest-repo/machine-repositories.service';
import { parseSnapshots } from '../restic/restic-output';
import { type ResticRepo, ResticService } from '../restic/restic.service';
import { MachineBackups, repositoryUnreachable } from './machine-backups.service';
import type { MachineVm, MachineVms } from './machine-vm';

/**
 * MachineBackups with the real restic (Debian package restic) on local
 * repositories; the VM controller is a stand-in that does what the real one
 * does with BACKUP (restic backup of a directory into the machine's
 * repository, with the tags it was sent) and RESTORE.
 */
// Every restic process takes a second or more on a loaded machine.
jest.setTimeout(120_000);

describe('MachineBackups (real restic, a stand-in controller)', () => {
  let dir: string;
  let restic: ResticService;
  let vm: MachineVm;
  let backups: MachineBackups;
  let requests: { verb: string; args: string[] }[];
  const policyRepo: ResticRepo = { location: '', password: 'policy-password' };
  const own = { dir: '', env: { RESTIC_REPOSITORY: '', RESTIC_PASSWORD: 'machine-password' } };
  const policy = {
    id: '3f2c1b7e-8d4a-4c61-9a0b-5e6f7a8b9c0d',
    networkId: 'net',
    subjectName: 'files',
    keepLast: 2,
    keepDaily: 0,
    keepWeekly: 0,
    keepMonthly: 0,
  } as BackupPolicyEntity;
  const repo = { name: 'vault', displayLocation: 'vault dir' } as BackupRepositoryEntity;
  const log: string[] = [];
  /** A host whose VMs have a NIC (the mesh path); the live-copy tests use their own. */
  const meshed = { vmNic: { type: 'bridge', bridge: 'br0' } } as Pick<AppConfig, 'vmNic'>;
  const ctx = {
    signal: new AbortController().signal,
    progress: () => Promise.resolve(),
    log: (_level: string, text: string) => {
      log.push(text);
      return Promise.resolve();
    },
    throwIfCancelled: () => undefined,
  } as unknown as JobContext;

  const runner = new ProcessRunner({ hostCommandEnv: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir() } });
  /** restic on a local repository; rejects (with restic's words) unless it exits 0. */
  const sh = async (args: string[], password: string, location: string): Promise<string> =>
    (
      await runner.run('restic', ['-r', location, ...args], {
        pkg: 'restic',
        env: { RESTIC_PASSWORD: password, RESTIC_CACHE_DIR: join(dir, 'cache') },
      })
    ).stdout;

  beforeAll(async () => {
    await runner.run('restic', ['version'], { pkg: 'restic' }).catch(() => {
      throw new Error('restic is not installed: install the Debian package restic (apt-get install restic).');
    });
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clan-machine-backups-'));
    policyRepo.location = join(dir, 'policy');
    own.dir = own.env.RESTIC_REPOSITORY = join(dir, 'machine');
    await sh(['init'], policyRepo.password, policyRepo.location);
    await sh(['init'], own.env.RESTIC_PASSWORD, own.dir);
    const data = join(dir, 'guest', 'data');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'hello.txt'), 'hello\n');
    writeFileSync(join(dir, 'state.img'), Buffer.alloc(3 * 1024 * 1024, 7));
    vm = {
      place: 'running',
      state: 'running',
      revision: 'a'.repeat(40),
      generation: 3,
      socketPath: '/nowhere',
      stateDisk: join(dir, 'state.img'),
      dir,
      domainName: 'clan-test-files',
    };
    requests = [];
    log.length = 0;
    restic = new ResticService(
      { resticBin: 'restic', stateDir: dir } as AppConfig,
      new ProcessRunner({ hostCommandEnv: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir } }),
    );
    const guests = {
      request: async (_t: unknown, verb: string, args: string[], opts: { onLog?: (s: string) => void }) => {
        requests.push({ verb, args });
        if (verb === 'RESTORE') return { restored: args[1] };
        opts.onLog?.('running the dump hook demo-dump');
        opts.onLog?.('progress 100 6 6');
        const out = await sh(
          ['backup', '--json', '--host', 'files', ...args.flatMap((t) => ['--tag', t]), data],
          own.env.RESTIC_PASSWORD,
          own.dir,
        );
        const summary = JSON.parse(out.trim().split('\n').at(-1)!) as { snapshot_id: string };
        const full = parseSnapshots(await sh(['snapshots', '--json', summary.snapshot_id], own.env.RESTIC_PASSWORD, own.dir))[0]!.id;
        return { snapshotId: full, filesNew: 1, dataAdded: 6, totalBytes: 6, complete: true };
      },
    } as unknown as Guests;
    const machineRepos = {
      ensure: () => Promise.resolve(own),
      machineEnv: () => Promise.resolve({ RESTIC_REPOSITORY: 'rest:http://x', RESTIC_PASSWORD: 'p' }),
    } as unknown as MachineRepositories;
    const vms = { of: () => Promise.resolve(vm) } as unknown as MachineVms;
    const mutex = { run: (_n: string, _m: string, _s: AbortSignal, fn: () => Promise<unknown>) => fn() } as unknown as VmMutex;
    backups = new MachineBackups(machineRepos, vms, guests, restic, mutex, meshed, {} as LibvirtService);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('running: BACKUP with the controller tags, then a copy in the policy repository with the policy tags and its original', async () => {
    const out = await backups.backup(ctx, policy, repo, policyRepo);
    expect(requests[0]).toEqual({
      verb: 'BACKUP',
      args: [`clan-policy=${policy.id}`, 'clan-part=machine-files', `clan-revision=${'a'.repeat(40)}`, 'clan-generation=3'],
    });
    const [copy] = parseSnapshots(await sh(['snapshots', '--json'], policyRepo.password, policyRepo.location));
    expect(out.snapshotId).toBe(copy!.id);
    expect(copy!.original).toBe(out.summary['machineSnapshotId']);
    expect(copy!.tags).toEqual(expect.arrayContaining([`clan-policy:${policy.id}`, 'clan-part:machine-files', 'clan-generation=3']));
    expect(out.summary).toMatchObject({ source: 'controller', filesNew: 1, bytesAdded: 6, warnings: [] });
    expect(log.join('\n')).toMatch(/through its VM controller[\s\S]*running the dump hook demo-dump[\s\S]*restic copy/);
    expect(log.join('\n')).not.toMatch(/policy-password|machine-password/);

    // The machine repository is pruned with the policy's keep rules (keepLast 2).
    await backups.backup(ctx, policy, repo, policyRepo);
    await backups.backup(ctx, policy, repo, policyRepo);
    expect(parseSnapshots(await sh(['snapshots', '--json'], own.env.RESTIC_PASSWORD, own.dir))).toHaveLength(2);
    expect(parseSnapshots(await sh(['snapshots', '--json'], policyRepo.password, policyRepo.location))).toHaveLength(3);

    // Restore into the machine asks RESTORE with the original.
    const latest = parseSnapshots(await sh(['snapshots', '--json', 'latest'], policyRepo.password, policyRepo.location))[0]!;
    const restored = await backups.restoreInto('net', 'files', latest, '/state/data/hello.txt');
    expect(restored).toEqual({
      machine: 'files',
      snapshotId: latest.id,
      machineSnapshotId: latest.original,
      restored: '/state/data/hello.txt',
    });
    expect(requests.at(-1)).toEqual({ verb: 'RESTORE', args: [latest.original, '/state/data/hello.txt'] });
  });

  it('restore into the machine: 409 sentences when it is not running or the original is gone', async () => {
    await backups.backup(ctx, policy, repo, policyRepo);
    const copy = parseSnapshots(await sh(['snapshots', '--json', 'latest'], policyRepo.password, policyRepo.location))[0]!;
    vm.place = 'stopped';
    vm.state = 'shutOff';
    await expect(backups.restoreInto('net', 'files', copy, '/state/data')).rejects.toThrow(/files is not running \(shutOff\)/);
    vm.place = 'running';
    await sh(['forget', copy.original!], own.env.RESTIC_PASSWORD, own.dir);
    await expect(backups.restoreInto('net', 'files', copy, '/state/data')).rejects.toThrow(/no longer holds snapshot/);
    await expect(backups.restoreInto('net', 'files', { ...copy, original: undefined }, '/state/data')).rejects.toThrow(
      /was not copied from the repository of files/,
    );
  });

  it('a repository the machine cannot reach over the mesh is said so, with what to check', async () => {
    const guests = {
      request: (_t: unknown, _verb: string, _args: string[], opts: { onLog?: (s: string) => void }) => {
        opts.onLog?.(
          'Fatal: unable to open config file: client.Head: Head "http://files:***@10.100.0.1:8470/n/files/config": dial tcp 10.100.0.1:8470: i/o timeout',
        );
        return Promise.reject(new GuestRefusedError('restic backup failed (exit status 1); its output is above. No snapshot was saved.'));
      },
    } as unknown as Guests;
    const b = new MachineBackups(
      { ensure: () => Promise.resolve(own), machineEnv: () => Promise.resolve({}) } as unknown as MachineRepositories,
      { of: () => Promise.resolve(vm) } as unknown as MachineVms,
      guests,
      restic,
      {} as VmMutex,
      meshed,
      {} as LibvirtService,
    );
    await expect(b.backup(ctx, policy, repo, policyRepo)).rejects.toMatchObject({
      errorClass: 'other',
      message:
        'files could not reach its backup repository over the mesh (i/o timeout); nothing was backed up. Check on the Mesh tab that files shows a recent handshake, then run the backup again.',
    });
    expect(repositoryUnreachable('dial tcp 10.100.0.1:8470: connect: network is unreachable')).toBe('network is unreachable');
    expect(repositoryUnreachable('Fatal: wrong password or no key found')).toBeNull();
  });

  it('a refusal of the controller is the run error, with its sentence', async () => {
    const guests = {
      request: () => Promise.reject(new GuestRefusedError('The dump hook demo-fail failed (exit status 3). Nothing was backed up.')),
    } as unknown as Guests;
    const b = new MachineBackups(
      { ensure: () => Promise.resolve(own), machineEnv: () => Promise.resolve({}) } as unknown as MachineRepositories,
      { of: () => Promise.resolve(vm) } as unknown as MachineVms,
      guests,
      restic,
      {} as VmMutex,
      meshed,
      {} as LibvirtService,
    );
    await expect(b.backup(ctx, policy, repo, policyRepo)).rejects.toMatchObject({
      errorClass: 'hook-failed',
      message: 'files: The dump hook demo-fail failed (exit status 3). Nothing was backed up.',
    });
  });

  it('stopped: the state disk image as one file <machine>-state.img, read to its end', async () => {
    vm.place = 'stopped';
    vm.state = 'shutOff';
    const out = await backups.backup(ctx, policy, repo, policyRepo);
    const [snap] = parseSnapshots(await sh(['snapshots', '--json'], policyRepo.password, policyRepo.location));
    // restic 0.14 names the new snapshot by its short id in the summary, as in every host backup.
    expect(snap!.id.startsWith(out.snapshotId!)).toBe(true);
    expect(snap!.paths).toEqual(['/files-state.img']);
    expect(snap!.tags).toEqual(
      expect.arrayContaining([`clan-policy:${policy.id}`, 'clan-part:state-disk', 'clan-source=state-disk', 'clan-generation=3']),
    );
    expect(out.summary).toMatchObject({ source: 'state-disk', totalBytes: 3 * 1024 * 1024 });
    expect((await sh(['dump', snap!.id, '/files-state.img'], policyRepo.password, policyRepo.location)).length).toBe(3 * 1024 * 1024);
    expect(log.join('\n')).toMatch(/is not running \(shutOff\): the panel backs up its state disk image/);

    rmSync(vm.stateDisk);
    await expect(backups.backup(ctx, policy, repo, policyRepo)).rejects.toMatchObject({ errorClass: 'source-missing' });
    vm.place = 'paused';
    vm.state = 'paused';
    await expect(backups.backup(ctx, policy, repo, policyRepo)).rejects.toThrow(/files is paused: .*Resume or stop the machine/);
  });
});
