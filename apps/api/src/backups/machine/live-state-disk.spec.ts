import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DomainJobInfo, LibvirtBackupUnsupportedError, parseXml } from '@clan/libvirt-client';
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
import { isLiveCopyName, liveCopyName, liveCopyPlan, liveCopyReason, meshGap, sweepLiveCopies } from './live-state-disk';
import { MachineBackups } from './machine-backups.service';
import type { MachineVm, MachineVms } from './machine-vm';

jest.setTimeout(120_000);

describe('the live copy decision and its pieces', () => {
  it('decides before asking the machine: no VM network, then not in the mesh, else through the controller', () => {
    expect(meshGap({ vmNic: undefined, hasBackupEnv: true })).toBe('no-vm-network');
    expect(meshGap({ vmNic: undefined, hasBackupEnv: false })).toBe('no-vm-network');
    expect(meshGap({ vmNic: { type: 'bridge', bridge: 'br0' }, hasBackupEnv: false })).toBe('not-in-mesh');
    expect(meshGap({ vmNic: { type: 'network', network: 'default' }, hasBackupEnv: true })).toBeNull();
  });

  it('says why in one sentence', () => {
    expect(liveCopyReason('files', 'no-vm-network')).toBe(
      'files cannot reach its backup repository over the mesh (this host gives its VMs no network; see docs/vms.md "Network"): the panel copies its state disk while it runs, after its dump hooks.',
    );
    expect(liveCopyReason('files', 'not-in-mesh')).toMatch(
      /^files cannot reach its backup repository over the mesh \(it is not in its network's mesh/,
    );
  });

  it('names copies so a sweep knows them, and sweeps only those', async () => {
    const name = liveCopyName(new Date('2026-12-07T08:01:02.345Z'));
    expect(name).toBe('state-live-copy-2026-12-07T08-01-02-345Z.img');
    expect(isLiveCopyName(name)).toBe(true);
    for (const other of ['state.img', 'secrets.img', 'state-live-copy-.img', 'state-live-copy-x/../y.img'])
      expect(isLiveCopyName(other)).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'clan-live-sweep-'));
    for (const n of [name, 'state.img', 'serial.log']) writeFileSync(join(dir, n), 'x');
    expect(await sweepLiveCopies(dir)).toEqual([name]);
    expect(readdirSync(dir).sort()).toEqual(['serial.log', 'state.img']);
    expect(await sweepLiveCopies(join(dir, 'nowhere'))).toEqual([]);
    rmSync(dir, { recursive: true });
  });

  it('copies the disk whose image is the state disk, whatever its device, and no other', () => {
    const disks = [
      { source: '/v/gen-3/store.img', target: 'vdb', format: 'raw' as const, readonly: true },
      { source: '/v/state.img', target: 'vda', format: 'raw' as const },
      { source: '/v/secrets.img', target: 'vdc', format: 'raw' as const, readonly: true },
    ];
    expect(liveCopyPlan({ disks }, '/v/state.img', '/v/copy.img')).toEqual({ target: 'vda', file: '/v/copy.img', others: ['vdb', 'vdc'] });
    expect(liveCopyPlan({ disks }, '/elsewhere/state.img', '/v/copy.img')).toBeNull();
  });
});

/**
 * MachineBackups on a running machine without a VM network: real restic on
 * local repositories, a stand-in controller (DUMPS, FACTS, FREEZE, THAW) and
 * a stand-in libvirt whose backup job copies the image into the file the
 * backup XML names.
 */
describe('MachineBackups: a running machine that cannot reach its repository (live copy of the state disk)', () => {
  let dir: string;
  let vm: MachineVm;
  let calls: string[];
  let jobs: DomainJobInfo[];
  let completed: DomainJobInfo;
  let knows: boolean;
  let beginError: Error | null;
  let refuse: Partial<Record<string, string>>;
  let copySeen: string | null;
  const policyRepo: ResticRepo = { location: '', password: 'policy-password' };
  const policy = { id: '3f2c1b7e-8d4a-4c61-9a0b-5e6f7a8b9c0d', networkId: 'net', subjectName: 'files' } as BackupPolicyEntity;
  const repo = { name: 'vault', displayLocation: 'vault dir' } as BackupRepositoryEntity;
  const log: string[] = [];
  const abort = new AbortController();
  const ctx = {
    signal: abort.signal,
    progress: () => Promise.resolve(),
    log: (level: string, text: string) => {
      log.push(`${level}: ${text}`);
      return Promise.resolve();
    },
  } as unknown as JobContext;
  const runner = new ProcessRunner({ hostCommandEnv: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir() } });
  const sh = async (args: string[]) =>
    (await runner.run('restic', ['-r', policyRepo.location, ...args], { pkg: 'restic', env: { RESTIC_PASSWORD: policyRepo.password } }))
      .stdout;

  const make = (vmNic: AppConfig['vmNic']) => {
    const restic = new ResticService(
      { resticBin: 'restic', stateDir: dir } as AppConfig,
      new ProcessRunner({ hostCommandEnv: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir } }),
    );
    const guests = {
      request: (_t: unknown, verb: string, args: string[], opts: { onLog?: (s: string) => void }) => {
        calls.push(`${verb} ${args.join(' ')}`.trim());
        const refusal = refuse[verb];
        if (refusal) return Promise.reject(new GuestRefusedError(refusal));
        if (verb === 'DUMPS') {
          opts.onLog?.('running the dump hook demo-dump');
          return Promise.resolve({ hooks: ['demo-dump'] });
        }
        return Promise.resolve({ mount: args[0], frozen: verb === 'FREEZE' });
      },
      facts: () => Promise.resolve({ stateDisk: { mount: '/state', sizeBytes: 1, usedBytes: 1 } }),
    } as unknown as Guests;
    const client = {
      knowsBackupBegin: () => Promise.resolve(knows),
      getSpec: () =>
        Promise.resolve({
          disks: [
            { source: join(dir, 'gen-1', 'store.img'), target: 'vdb', format: 'raw' },
            { source: vm.stateDisk, target: 'vda', format: 'raw' },
          ],
        }),
      backupBegin: (domain: string, xml: string, o: { reuseExternal?: boolean }) => {
        calls.push(`backup-begin ${domain} reuse=${String(o.reuseExternal)}`);
        if (beginError) return Promise.reject(beginError);
        const disks = parseXml(xml).children[0] as {
          children: { attrs: Record<string, string>; children: { attrs: Record<string, string> }[] }[];
        };
        expect(disks.children.map((d) => [d.attrs['name'], d.attrs['backup']])).toEqual([
          ['vda', 'yes'],
          ['vdb', 'no'],
        ]);
        const file = disks.children[0]!.children[0]!.attrs['file']!;
        expect(existsSync(file)).toBe(true);
        copySeen = file;
        copyFileSync(vm.stateDisk, file);
        return Promise.resolve();
      },
      jobInfo: (_d: string, o: { completed?: boolean } = {}) => {
        calls.push(o.completed ? 'domjobinfo --completed' : 'domjobinfo');
        return Promise.resolve(o.completed ? completed : (jobs.shift() ?? { type: 'None' }));
      },
      jobAbort: () => {
        calls.push('domjobabort');
        return Promise.resolve();
      },
    };
    return new MachineBackups(
      {
        ensure: () => Promise.reject(new Error('the live copy needs no machine repository')),
        machineEnv: () => Promise.resolve(null),
      } as unknown as MachineRepositories,
      { of: () => Promise.resolve(vm) } as unknown as MachineVms,
      guests,
      restic,
      { run: (_n: string, _m: string, _s: AbortSignal, fn: () => Promise<unknown>) => fn() } as unknown as VmMutex,
      { vmNic },
      { client } as unknown as LibvirtService,
    );
  };

  beforeAll(async () => {
    await runner.run('restic', ['version'], { pkg: 'restic' }).catch(() => {
      throw new Error('restic is not installed: install the Debian package restic (apt-get install restic).');
    });
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clan-live-copy-'));
    policyRepo.location = join(dir, 'policy');
    await sh(['init']);
    writeFileSync(join(dir, 'state.img'), Buffer.alloc(2 * 1024 * 1024, 9));
    // A copy a run before left behind.
    writeFileSync(join(dir, 'state-live-copy-2026-01-01T00-00-00-000Z.img'), 'stale');
    vm = {
      place: 'running',
      state: 'running',
      revision: 'b'.repeat(40),
      generation: 4,
      socketPath: '/nowhere',
      stateDisk: join(dir, 'state.img'),
      dir,
      domainName: 'clan-test-files',
    };
    calls = [];
    jobs = [{ type: 'Unbounded', operation: 'Backup', dataProcessedBytes: 1, dataTotalBytes: 2 }];
    completed = { type: 'Completed', operation: 'Backup', dataTotalBytes: 2 * 1024 * 1024 };
    knows = true;
    beginError = null;
    refuse = {};
    copySeen = null;
    log.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const leftovers = () => readdirSync(dir).filter(isLiveCopyName);

  it('no VM network: DUMPS, FREEZE, backup-begin, THAW, the job waited for, the copy saved as a state-disk snapshot and removed', async () => {
    const out = await make(undefined).backup(ctx, policy, repo, policyRepo);
    expect(calls).toEqual([
      'DUMPS',
      'FREEZE /state',
      'backup-begin clan-test-files reuse=true',
      'THAW /state',
      'domjobinfo',
      'domjobinfo',
      'domjobinfo --completed',
    ]);
    const [snap] = parseSnapshots(await sh(['snapshots', '--json']));
    expect(snap!.paths).toEqual(['/files-state.img']);
    expect(snap!.tags).toEqual(
      expect.arrayContaining([
        `clan-policy:${policy.id}`,
        'clan-part:state-disk',
        'clan-source=state-disk',
        `clan-revision=${'b'.repeat(40)}`,
        'clan-generation=4',
      ]),
    );
    expect(out.summary).toMatchObject({ source: 'state-disk-live', totalBytes: 2 * 1024 * 1024, totalFiles: 1 });
    expect(out.summary.warnings).toBeUndefined();
    expect(await sh(['dump', snap!.id, '/files-state.img'])).toBe(Buffer.alloc(2 * 1024 * 1024, 9).toString());
    const text = log.join('\n');
    expect(text).toContain(`info: ${liveCopyReason('files', 'no-vm-network')}`);
    expect(text).toContain('Removed state-live-copy-2026-01-01T00-00-00-000Z.img, a copy a run before left behind.');
    expect(text).toContain('files ran its dump hooks: demo-dump.');
    expect(copySeen).toMatch(/state-live-copy-.*\.img$/);
    expect(leftovers()).toEqual([]);
  });

  it('a host with a VM network but a machine not in the mesh: the same path, with its own reason', async () => {
    await make({ type: 'bridge', bridge: 'br0' }).backup(ctx, policy, repo, policyRepo);
    expect(log.join('\n')).toContain(liveCopyReason('files', 'not-in-mesh'));
    expect(calls[0]).toBe('DUMPS');
  });

  it('a guest without fsfreeze: a crash-consistent copy, said in the log and the warnings; an old controller without DUMPS: a warning', async () => {
    refuse = {
      FREEZE: 'fsfreeze could not freeze /state: sh: fsfreeze: not found',
      DUMPS: "Unknown request 'DUMPS'; this controller knows …",
    };
    const out = await make(undefined).backup(ctx, policy, repo, policyRepo);
    expect(calls).not.toContain('THAW /state');
    expect(out.summary.warnings).toEqual([
      expect.stringMatching(/predates DUMPS/),
      expect.stringMatching(
        /files could not freeze \/state \(fsfreeze could not freeze .*\): the copy of files's state disk is crash-consistent/,
      ),
    ]);
    expect(leftovers()).toEqual([]);
  });

  it('a failing dump hook fails the run before anything is copied', async () => {
    refuse = { DUMPS: 'The dump hook demo-dump failed (exit status 3); its output is above. Nothing was backed up.' };
    await expect(make(undefined).backup(ctx, policy, repo, policyRepo)).rejects.toMatchObject({ errorClass: 'hook-failed' });
    expect(calls).toEqual(['DUMPS']);
  });

  it('a libvirt without backup jobs: a sentence naming what to do, thawed, no copy left', async () => {
    beginError = new LibvirtBackupUnsupportedError(
      'backup-begin: not supported',
      'this function is not supported by the connection driver: virDomainBackupBegin',
    );
    await expect(make(undefined).backup(ctx, policy, repo, policyRepo)).rejects.toThrow(
      /^This host's libvirt cannot copy the disk of a running VM \(this function is not supported .*\); that needs libvirt 7\.2 or later with QEMU 4\.2 or later\. Upgrade libvirt, give the VMs a network \(docs\/vms\.md "Network"\) so it backs itself up, or stop files and run the backup again\.$/,
    );
    expect(calls).toContain('THAW /state');
    expect(leftovers()).toEqual([]);
    knows = false;
    calls = [];
    await expect(make(undefined).backup(ctx, policy, repo, policyRepo)).rejects.toThrow(/virsh has no backup-begin command/);
    expect(calls).toEqual([]);
  });

  it('a failed job fails the run and leaves no copy', async () => {
    completed = { type: 'Failed', operation: 'Backup', errorMessage: 'No space left on device' };
    await expect(make(undefined).backup(ctx, policy, repo, policyRepo)).rejects.toThrow(
      "libvirt's copy of the state disk of files did not complete (Failed: No space left on device); nothing was backed up.",
    );
    expect(leftovers()).toEqual([]);
    expect(parseSnapshots(await sh(['snapshots', '--json']))).toEqual([]);
  });

  it('a cancelled run aborts the libvirt job and leaves no copy', async () => {
    jobs = Array.from({ length: 100 }, () => ({ type: 'Unbounded' as const, operation: 'Backup' }));
    const run = make(undefined).backup(ctx, policy, repo, policyRepo);
    setTimeout(() => abort.abort(), 300);
    await expect(run).rejects.toBeDefined();
    expect(calls).toContain('domjobabort');
    expect(leftovers()).toEqual([]);
  });
});
