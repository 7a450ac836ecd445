import { open, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPushBackupXml, type DomainJobInfo, LibvirtBackupUnsupportedError } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import { conflict } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { GuestRefusedError, GuestUnreachableError } from '../../services/guest/guest-channel';
import { Guests } from '../../services/guest/guest.service';
import { LibvirtService } from '../../services/libvirt/libvirt.service';
import { type JobContext, sleepUnlessCancelled } from '../../services/queue/job-context';
import { VmMutex } from '../../vms/vm-mutex';
import { partTag, policyTag } from '../backup-policies.service';
import type { BackupPolicyEntity } from '../backup-policy.entity';
import type { BackupRepositoryEntity } from '../backup-repository.entity';
import type { BackupRunSummary } from '../backup-run.entity';
import { BackupJobError } from '../jobs/backup-job-error';
import { mib, throttle } from '../jobs/progress';
import { MachineRepositories, type PanelRepository } from '../rest-repo/machine-repositories.service';
import { type BackupSummary, parseBackupLine, parseSnapshots, type SnapshotInfo } from '../restic/restic-output';
import { type ResticRepo, ResticService } from '../restic/restic.service';
import {
  buildTags,
  type ControllerBackupResult,
  controllerTags,
  MACHINE_FILES_PART,
  parseControllerBackupResult,
  parseControllerProgress,
  STATE_DISK_PART,
} from './machine-backup-tags';
import { liveCopyName, liveCopyPlan, liveCopyReason, type MeshGap, meshGap, sweepLiveCopies } from './live-state-disk';
import { type MachineVm, MachineVms } from './machine-vm';

/** How long a BACKUP may take inside the machine before the panel gives up on it. */
const BACKUP_TIMEOUT_MS = 12 * 3600_000;
const RESTORE_TIMEOUT_MS = 3600_000;
/** How long the dump hooks may take before a live copy of the state disk. */
const DUMPS_TIMEOUT_MS = 3600_000;
/** How often the libvirt backup job is looked at. */
const JOB_POLL_MS = 500;

/** The tag that marks a snapshot of a stopped machine's state disk image. */
export const STATE_DISK_SOURCE_TAG = 'clan-source=state-disk';

/** The `--keep-*` arguments of a policy, empty when it keeps everything. */
export function keepArgs(p: Pick<BackupPolicyEntity, 'keepLast' | 'keepDaily' | 'keepWeekly' | 'keepMonthly'>): string[] {
  const keep: string[] = [];
  if (p.keepLast) keep.push('--keep-last', String(p.keepLast));
  if (p.keepDaily) keep.push('--keep-daily', String(p.keepDaily));
  if (p.keepWeekly) keep.push('--keep-weekly', String(p.keepWeekly));
  if (p.keepMonthly) keep.push('--keep-monthly', String(p.keepMonthly));
  return keep;
}

/**
 * What restic inside a machine said when it could not reach its repository
 * over the mesh ("dial tcp 10.100.0.1:8470: i/o timeout" → "i/o timeout"), or
 * null for any other line.
 */
export function repositoryUnreachable(line: string): string | null {
  const m = /dial tcp [^ ]+: (?:connect: )?(i\/o timeout|network is unreachable|connection refused|no route to host)/.exec(line);
  return m ? m[1] : null;
}

/**
 * Backups of a machine where its data is (docs/backups.md, "Machines: where
 * the data is"). A running VM saves itself through its controller into its
 * own append-only repository; the panel copies that snapshot into the
 * policy's repository and prunes the machine's. A running VM that cannot
 * reach that repository over the mesh (no VM network on this host, or not in
 * the mesh) runs its dump hooks, and the panel copies its state disk with a
 * libvirt backup job (frozen for the moment it begins) and saves the copy. A
 * stopped VM cannot answer: the panel saves its state disk image, holding the
 * VM's lease so it cannot start meanwhile.
 */
@Injectable()
export class MachineBackups {
  constructor(
    private readonly machineRepos: MachineRepositories,
    private readonly vms: MachineVms,
    private readonly guests: Guests,
    private readonly restic: ResticService,
    private readonly mutex: VmMutex,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'vmNic'>,
    private readonly libvirt: LibvirtService,
  ) {}

  /** One run of a machine policy into `repo` (under the repository's lease, which the caller holds). */
  async backup(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    repo: BackupRepositoryEntity,
    restic: ResticRepo,
  ): Promise<{ snapshotId: string | null; summary: BackupRunSummary }> {
    const machine = policy.subjectName;
    const vm = await this.vms.of(policy.networkId, machine);
    switch (vm.place) {
      case 'running': {
        const gap = await this.meshGapOf(policy.networkId, machine);
        if (gap) {
          await ctx.log('info', liveCopyReason(machine, gap));
          return this.liveStateDisk(ctx, policy, restic, gap);
        }
        await ctx.log(
          'info',
          `${machine} is running (generation ${vm.generation ?? '?'}): it backs itself up through its VM controller into its own repository; the panel then copies the snapshot to ${repo.name} (${repo.displayLocation}).`,
        );
        return this.throughController(ctx, policy, repo, restic, vm);
      }
      case 'stopped':
        await ctx.log(
          'info',
          `${machine} is not running (${vm.state}): the panel backs up its state disk image from the host to ${repo.name} (${repo.displayLocation}).`,
        );
        return this.fromStateDisk(ctx, policy, restic);
      case 'paused':
        throw new BackupJobError(
          'source-missing',
          `${machine} is ${vm.state}: its controller cannot answer and its state disk is in use. Resume or stop the machine, then run the backup again.`,
        );
      case 'never-deployed':
        throw new BackupJobError('source-missing', `${machine} has never been deployed: it has no VM and no state disk to back up yet.`);
    }
  }

  private async throughController(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    repo: BackupRepositoryEntity,
    restic: ResticRepo,
    vm: MachineVm,
  ): Promise<{ snapshotId: string | null; summary: BackupRunSummary }> {
    const machine = policy.subjectName;
    const own = await this.machineRepos.ensure(policy.networkId, machine);
    const tags = controllerTags(policy.id, vm);
    await ctx.log('info', `BACKUP ${tags.join(' ')}`);
    await ctx.progress(3, `Asking ${machine} to back itself up`);
    const report = throttle((p: { percent: number; bytesDone: number; totalBytes: number }) => {
      void ctx.progress(5 + (p.percent / 100) * 70, `${machine}: ${mib(p.bytesDone)} of ${mib(p.totalBytes)}`);
    });
    let result: ControllerBackupResult;
    let unreachable: string | null = null;
    try {
      const end = await this.guests.request({ networkId: policy.networkId, machine, socketPath: vm.socketPath }, 'BACKUP', tags, {
        signal: ctx.signal,
        timeoutMs: BACKUP_TIMEOUT_MS,
        onLog: (text) => {
          const p = parseControllerProgress(text);
          if (p) report(p);
          else void ctx.log('info', `  ${text}`);
          unreachable ??= repositoryUnreachable(text);
        },
      });
      result = parseControllerBackupResult(end);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      if (err instanceof GuestRefusedError && unreachable) {
        throw new BackupJobError(
          'other',
          `${machine} could not reach its backup repository over the mesh (${unreachable}); nothing was backed up. ` +
            `Check on the Mesh tab that ${machine} shows a recent handshake, then run the backup again.`,
        );
      }
      if (err instanceof GuestRefusedError) {
        throw new BackupJobError(/dump hook/i.test(err.message) ? 'hook-failed' : 'other', `${machine}: ${err.message}`);
      }
      if (err instanceof GuestUnreachableError) {
        throw new BackupJobError('other', `The VM controller of ${machine} did not answer (${err.message}); nothing was backed up.`);
      }
      throw err;
    }
    const warnings: string[] = [];
    if (!result.complete) {
      const w = `${machine} could not read some files (named above); snapshot ${result.snapshotId.slice(0, 8)} lacks them.`;
      warnings.push(w);
      await ctx.log('warn', w);
    }
    await ctx.log(
      'info',
      `${machine} saved snapshot ${result.snapshotId.slice(0, 8)} in its own repository: ${result.filesNew} new files, ${mib(result.dataAdded)} added, ${mib(result.totalBytes)} in all.`,
    );

    await ctx.progress(78, `Copying snapshot ${result.snapshotId.slice(0, 8)} to ${repo.name}`);
    const copyId = await this.copyIntoPolicyRepository(ctx, policy, restic, own, result.snapshotId);
    await ctx.log('info', `Snapshot ${copyId.slice(0, 8)} in ${repo.name} is the copy of ${result.snapshotId.slice(0, 8)}.`);

    await ctx.progress(92, `Pruning the repository of ${machine}`);
    const pruned = await this.pruneMachineRepository(ctx, policy, own);
    if (pruned) warnings.push(pruned);
    const summary: BackupRunSummary = {
      snapshotId: copyId,
      filesNew: result.filesNew,
      bytesAdded: result.dataAdded,
      totalBytes: result.totalBytes,
      source: 'controller',
      machineSnapshotId: result.snapshotId,
      warnings,
    };
    return { snapshotId: copyId, summary };
  }

  /**
   * `restic copy` of one snapshot of the machine's repository into the
   * policy's, then the policy and part tags the rest of the panel looks for.
   * Both passwords reach restic only through its environment. Returns the id
   * of the copy (after tagging, which gives it a new id; `original` stays the
   * machine's snapshot).
   */
  private async copyIntoPolicyRepository(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    restic: ResticRepo,
    own: PanelRepository,
    sourceId: string,
  ): Promise<string> {
    const withSource: ResticRepo = {
      ...restic,
      credentialsEnv: { ...restic.credentialsEnv, RESTIC_FROM_REPOSITORY: own.dir, RESTIC_FROM_PASSWORD: own.env.RESTIC_PASSWORD },
    };
    await ctx.log('info', `restic copy ${sourceId.slice(0, 8)} (from the repository of ${policy.subjectName})`);
    await this.restic.ok(withSource, ['copy', sourceId], `restic copy of snapshot ${sourceId.slice(0, 8)}`, {
      signal: ctx.signal,
      onStdoutLine: (l) => void (l.trim() && ctx.log('info', `  ${l.trim()}`)),
    });
    const copied = await this.copyOf(restic, sourceId, ctx.signal);
    if (!copied) {
      throw new BackupJobError('other', `restic copy ended, but the repository holds no copy of snapshot ${sourceId.slice(0, 8)}.`, {
        machineSnapshotId: sourceId,
      });
    }
    const wanted = [policyTag(policy.id), partTag(MACHINE_FILES_PART)];
    if (wanted.every((t) => copied.tags.includes(t))) return copied.id;
    await this.restic.ok(restic, ['tag', ...wanted.flatMap((t) => ['--add', t]), copied.id], `restic tag of snapshot ${copied.shortId}`, {
      signal: ctx.signal,
    });
    const tagged = await this.copyOf(restic, sourceId, ctx.signal);
    if (!tagged) throw new BackupJobError('other', `The copy of snapshot ${sourceId.slice(0, 8)} vanished while it was tagged.`);
    return tagged.id;
  }

  /** The snapshot of `repo` whose `original` is `sourceId` (the newest, should there be several). */
  private async copyOf(restic: ResticRepo, sourceId: string, signal: AbortSignal): Promise<SnapshotInfo | null> {
    const r = await this.restic.ok(restic, ['snapshots', '--json', '--no-lock'], 'restic snapshots', { signal });
    const found = parseSnapshots(r.stdout).filter((s) => s.original === sourceId || s.id === sourceId);
    return found.sort((a, b) => b.time.localeCompare(a.time))[0] ?? null;
  }

  /**
   * The panel prunes the machine's repository (the machine cannot) with the
   * policy's keep rules, grouped by paths so one kind of snapshot never
   * crowds out another. A failure is a warning: the copy is safe already.
   */
  private async pruneMachineRepository(ctx: JobContext, policy: BackupPolicyEntity, own: PanelRepository): Promise<string | null> {
    const keep = keepArgs(policy);
    if (!keep.length) return null;
    const args = ['forget', '--prune', '--tag', `clan-policy=${policy.id.toLowerCase()}`, '--group-by', 'host,paths', ...keep];
    await ctx.log('info', `restic ${args.join(' ')} (the repository of ${policy.subjectName})`);
    try {
      await this.restic.ok(
        { location: own.dir, password: own.env.RESTIC_PASSWORD },
        args,
        `pruning the repository of ${policy.subjectName}`,
        {
          signal: ctx.signal,
        },
      );
      return null;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const w = `The repository of ${policy.subjectName} was not pruned: ${(err as Error).message}`;
      await ctx.log('warn', w);
      return w;
    }
  }

  /** Whether the machine can reach its repository over the mesh, decided without asking it. */
  private async meshGapOf(networkId: string, machine: string): Promise<MeshGap | null> {
    if (!this.config.vmNic) return 'no-vm-network';
    const env = await this.machineRepos.machineEnv(networkId, machine);
    return meshGap({ vmNic: this.config.vmNic, hasBackupEnv: env !== null });
  }

  /** A stopped machine: its raw state disk, read-only, as one file `<machine>-state.img`, holding the VM's lease. */
  private fromStateDisk(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    restic: ResticRepo,
  ): Promise<{ snapshotId: string | null; summary: BackupRunSummary }> {
    const machine = policy.subjectName;
    return this.mutex.run(
      policy.networkId,
      machine,
      ctx.signal,
      async () => {
        const vm = await this.vms.of(policy.networkId, machine);
        if (vm.place !== 'stopped') {
          throw new BackupJobError('other', `${machine} started while the backup waited for it (${vm.state}); run the backup again.`);
        }
        return this.saveImage(ctx, policy, restic, vm, vm.stateDisk, 'state-disk', 5);
      },
      () => ctx.log('info', `Waiting for another action on ${machine} to finish (it must stay stopped while its disk is read)…`),
    );
  }

  /**
   * A running machine that cannot reach its repository: its dump hooks
   * (DUMPS), then a point-in-time copy of its state disk by a libvirt
   * push-mode backup job, begun while the state disk's filesystem is frozen
   * (FREEZE … THAW through the controller), saved like a stopped machine's
   * image; the copy is removed whatever happens. Holds the VM's lease, so the
   * machine is neither stopped nor redeployed meanwhile.
   */
  private liveStateDisk(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    restic: ResticRepo,
    gap: MeshGap,
  ): Promise<{ snapshotId: string | null; summary: BackupRunSummary }> {
    const machine = policy.subjectName;
    return this.mutex.run(
      policy.networkId,
      machine,
      ctx.signal,
      async () => {
        const vm = await this.vms.of(policy.networkId, machine);
        if (vm.place === 'stopped') {
          await ctx.log('info', `${machine} stopped while the backup waited for it: the panel backs up its state disk image instead.`);
          return this.saveImage(ctx, policy, restic, vm, vm.stateDisk, 'state-disk', 5);
        }
        if (vm.place !== 'running' || !vm.domainName) {
          throw new BackupJobError('other', `${machine} is ${vm.state} now, not running; run the backup again.`);
        }
        const client = this.libvirt.client;
        if (!(await client.knowsBackupBegin())) throw this.unsupported(machine, 'virsh has no backup-begin command', gap);
        for (const stale of await sweepLiveCopies(vm.dir)) await ctx.log('info', `Removed ${stale}, a copy a run before left behind.`);
        const target = { networkId: policy.networkId, machine, socketPath: vm.socketPath };

        // The dump hooks first, so the copy holds fresh dumps.
        await ctx.progress(3, `${machine}: running its dump hooks`);
        await ctx.log('info', 'DUMPS');
        const warnings: string[] = [];
        try {
          const end = await this.guests.request<{ hooks?: string[] }>(target, 'DUMPS', [], {
            signal: ctx.signal,
            timeoutMs: DUMPS_TIMEOUT_MS,
            onLog: (text) => void ctx.log('info', `  ${text}`),
          });
          const hooks = end?.hooks ?? [];
          await ctx.log('info', hooks.length ? `${machine} ran its dump hooks: ${hooks.join(', ')}.` : `${machine} has no dump hooks.`);
        } catch (err) {
          if (ctx.signal.aborted) throw err;
          if (err instanceof GuestRefusedError && /^Unknown request 'DUMPS'/.test(err.message)) {
            const w = `The VM controller of ${machine} predates DUMPS (redeploy it for a newer one): its dump hooks did not run, so the copy holds the dumps of its last run only.`;
            warnings.push(w);
            await ctx.log('warn', w);
          } else if (err instanceof GuestRefusedError) {
            throw new BackupJobError(/dump hook/i.test(err.message) ? 'hook-failed' : 'other', `${machine}: ${err.message}`);
          } else if (err instanceof GuestUnreachableError) {
            throw new BackupJobError('other', `The VM controller of ${machine} did not answer (${err.message}); nothing was backed up.`);
          } else throw err;
        }

        const spec = await client.getSpec(vm.domainName);
        const copy = join(vm.dir, liveCopyName());
        const plan = liveCopyPlan(spec, vm.stateDisk, copy);
        if (!plan) {
          throw new BackupJobError(
            'source-missing',
            `The domain of ${machine} has no disk ${vm.stateDisk} (its state disk); nothing was backed up.`,
          );
        }
        const size = await open(vm.stateDisk, 'r').then(
          async (f) => {
            try {
              return (await f.stat()).size;
            } finally {
              await f.close();
            }
          },
          (err: NodeJS.ErrnoException) => {
            throw new BackupJobError(
              'source-unreadable',
              `The state disk of ${machine} cannot be read (${err.code ?? err.message}); nothing was backed up.`,
            );
          },
        );
        const fs = await statfs(vm.dir);
        if (fs.bavail * fs.bsize < size) {
          throw new BackupJobError(
            'other',
            `A copy of the state disk of ${machine} needs ${mib(size)} free next to it (${vm.dir}); ${mib(fs.bavail * fs.bsize)} are. Free some space, or stop ${machine} and run the backup again.`,
          );
        }
        try {
          // The copy is the panel's file (libvirt writes into it, --reuse-external), the disk's size, sparse.
          const f = await open(copy, 'wx', 0o600);
          await f.truncate(size);
          await f.close();
          await this.copyWhileRunning(ctx, machine, vm.domainName, target, plan, buildPushBackupXml(plan), gap, warnings);
          const out = await this.saveImage(ctx, policy, restic, vm, copy, 'state-disk-live', 50);
          if (warnings.length) out.summary.warnings = warnings;
          return out;
        } finally {
          await rm(copy, { force: true });
        }
      },
      () => ctx.log('info', `Waiting for another action on ${machine} to finish (it must keep running while its disk is copied)…`),
    );
  }

  /**
   * FREEZE the state disk's mount, begin the backup job, THAW, then wait for
   * the job to end; a cancelled run aborts the job. A guest that cannot freeze
   * makes a crash-consistent copy (said in the log and the warnings).
   */
  private async copyWhileRunning(
    ctx: JobContext,
    machine: string,
    domain: string,
    target: { networkId: string; machine: string; socketPath: string },
    plan: { target: string; file: string },
    xml: string,
    gap: MeshGap,
    warnings: string[],
  ): Promise<void> {
    const client = this.libvirt.client;
    const mount = await this.guests
      .facts(target)
      .then((f) => f.stateDisk.mount)
      .catch(() => null);
    const crash = async (why: string) => {
      const w = `${why}: the copy of ${machine}'s state disk is crash-consistent (as after a power cut), with fresh dumps.`;
      warnings.push(w);
      await ctx.log('warn', w);
    };
    await ctx.progress(8, `Copying the state disk of ${machine}`);
    let frozen = false;
    if (!mount) await crash(`The VM controller of ${machine} did not say where its state disk is mounted`);
    else {
      try {
        await this.guests.request(target, 'FREEZE', [mount], { signal: ctx.signal, timeoutMs: 60_000 });
        frozen = true;
        await ctx.log('info', `FREEZE ${mount}`);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        await crash(`${machine} could not freeze ${mount} (${(err as Error).message})`);
      }
    }
    await ctx.log('info', `virsh backup-begin ${domain}: ${plan.target} into ${plan.file}`);
    let began = false;
    try {
      await client.backupBegin(domain, xml, { reuseExternal: true });
      began = true;
    } catch (err) {
      if (err instanceof LibvirtBackupUnsupportedError) throw this.unsupported(machine, err.detail ?? err.message, gap);
      throw new BackupJobError('other', `libvirt could not begin a copy of the state disk of ${machine}: ${(err as Error).message}`);
    } finally {
      if (frozen) {
        try {
          await this.guests.request(target, 'THAW', [mount as string], { timeoutMs: 60_000 });
          await ctx.log('info', `THAW ${mount as string}`);
        } catch (err) {
          // The guest thaws by itself after 60 s: a copy begun after that may not be consistent.
          if (began) await crash(`${machine} did not thaw ${mount as string} when asked (${(err as Error).message})`);
          else
            await ctx.log(
              'warn',
              `${machine} did not thaw ${mount as string} when asked (${(err as Error).message}); it thaws by itself within 60 s.`,
            );
        }
      }
    }

    let last: DomainJobInfo | null = null;
    try {
      for (;;) {
        const job = await client.jobInfo(domain);
        if (job.type !== 'Bounded' && job.type !== 'Unbounded') break;
        last = job;
        if (job.dataTotalBytes) {
          const done = job.dataProcessedBytes ?? 0;
          void ctx.progress(10 + (done / job.dataTotalBytes) * 38, `${machine}: copied ${mib(done)} of ${mib(job.dataTotalBytes)}`);
        }
        await sleepUnlessCancelled(JOB_POLL_MS, ctx.signal);
      }
    } catch (err) {
      if (ctx.signal.aborted) {
        await client.jobAbort(domain).catch(() => undefined);
        await ctx.log('info', `virsh domjobabort ${domain}: the copy was abandoned.`);
      }
      throw err;
    }
    const done = await client.jobInfo(domain, { completed: true });
    if (done.type !== 'Completed') {
      throw new BackupJobError(
        'source-unreadable',
        `libvirt's copy of the state disk of ${machine} did not complete (${done.type}${done.errorMessage ? `: ${done.errorMessage}` : ''}); nothing was backed up.`,
      );
    }
    const bytes = done.dataTotalBytes ?? last?.dataTotalBytes;
    await ctx.log('info', `libvirt copied the state disk of ${machine}${bytes !== undefined ? ` (${mib(bytes)})` : ''}.`);
  }

  private unsupported(machine: string, detail: string, gap: MeshGap): BackupJobError {
    const reach =
      gap === 'no-vm-network'
        ? 'give the VMs a network (docs/vms.md "Network") so it backs itself up'
        : "add it to its network's mesh so it backs itself up";
    return new BackupJobError(
      'other',
      `This host's libvirt cannot copy the disk of a running VM (${detail}); that needs libvirt 7.2 or later with QEMU 4.2 or later. Upgrade libvirt, ${reach}, or stop ${machine} and run the backup again.`,
    );
  }

  /**
   * One raw image as one file `<machine>-state.img` through restic --stdin,
   * tagged as a state-disk snapshot with the machine's build; `source` names
   * where it came from in the run's summary.
   */
  private async saveImage(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    restic: ResticRepo,
    vm: MachineVm,
    path: string,
    source: 'state-disk' | 'state-disk-live',
    from: number,
  ): Promise<{ snapshotId: string | null; summary: BackupRunSummary }> {
    const machine = policy.subjectName;
    // Opened before restic starts, so a missing or unreadable image is a sentence, not an empty snapshot.
    const file = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
      throw new BackupJobError(
        err.code === 'ENOENT' ? 'source-missing' : 'source-unreadable',
        err.code === 'ENOENT'
          ? `${machine} has no state disk (${path}); nothing to back up.`
          : `The state disk of ${machine} cannot be read (${err.code ?? err.message}); nothing was backed up.`,
      );
    });
    const size = (await file.stat()).size;
    const name = `${machine}-state.img`;
    const tags = [policyTag(policy.id), partTag(STATE_DISK_PART), STATE_DISK_SOURCE_TAG, ...buildTags(vm)];
    const args = ['backup', '--json', '--host', machine, ...tags.flatMap((t) => ['--tag', t]), '--stdin', '--stdin-filename', name];
    await ctx.log('info', `restic ${args.join(' ')} < ${path} (${mib(size)}, read-only)`);
    const report = throttle(
      (done: number) => void ctx.progress(from + Math.min(1, size ? done / size : 1) * (95 - from), `${mib(done)} of ${mib(size)}`),
    );
    let done: BackupSummary | null = null;
    let readError: Error | null = null;
    const image = file.createReadStream();
    image.on('error', (err) => (readError = err));
    const r = await this.restic.run(restic, args, {
      signal: ctx.signal,
      stdin: image,
      onStdoutLine: (line) => {
        const parsed = parseBackupLine(line);
        if (parsed.kind === 'progress') report(parsed.progress.bytesDone);
        else if (parsed.kind === 'summary') done = parsed.summary;
      },
      onStderrLine: (line) => void (line.trim() && !line.startsWith('{') && ctx.log('info', line)),
    });
    image.destroy();
    await file.close().catch(() => undefined);
    const summary = done as BackupSummary | null;
    if (r.exitCode !== 0) throw await this.restic.failure(r, `restic backup of the state disk of ${machine}`, ctx.signal);
    const snapshotId = summary?.snapshotId ?? null;
    // restic saves whatever came before an early end of its input: a short image is a failed run.
    const failedRead = readError as Error | null;
    if (failedRead || (summary && summary.totalBytesProcessed !== size)) {
      throw new BackupJobError(
        'source-unreadable',
        `The state disk of ${machine} was not read to its end (${failedRead ? failedRead.message : `${summary?.totalBytesProcessed ?? 0} of ${size} bytes`}); snapshot ${snapshotId?.slice(0, 8) ?? '—'} is incomplete.`,
        { snapshotId },
      );
    }
    await ctx.log('info', `Snapshot ${snapshotId?.slice(0, 8) ?? '—'}: ${name}, ${mib(summary?.bytesAdded ?? 0)} added.`);
    return {
      snapshotId,
      summary: {
        snapshotId,
        source,
        filesNew: summary?.filesNew,
        bytesAdded: summary?.bytesAdded,
        totalBytes: summary?.totalBytesProcessed ?? size,
        totalFiles: 1,
      },
    };
  }

  /**
   * Restores `path` of a policy snapshot into the running machine: the
   * controller restores the machine repository's original of that copy.
   * Conflicts are sentences: not running, no original, a refused restore.
   */
  async restoreInto(
    networkId: string,
    machine: string,
    snapshot: SnapshotInfo,
    path: string,
  ): Promise<{ machine: string; snapshotId: string; machineSnapshotId: string; restored: string }> {
    if (snapshot.tags.includes(STATE_DISK_SOURCE_TAG)) {
      throw conflict(
        `Snapshot ${snapshot.shortId} holds the state disk image of ${machine}, not its files; restore the image on the host instead.`,
      );
    }
    const original = snapshot.original;
    if (!original) {
      throw conflict(
        `Snapshot ${snapshot.shortId} was not copied from the repository of ${machine}, so the machine cannot restore from it.`,
      );
    }
    const vm = await this.vms.of(networkId, machine);
    if (vm.place !== 'running') {
      throw conflict(`${machine} is not running (${vm.state}); start it, then restore into it again.`);
    }
    const own = await this.machineRepos.ensure(networkId, machine);
    const r = await this.restic.run({ location: own.dir, password: own.env.RESTIC_PASSWORD }, [
      'snapshots',
      '--json',
      '--no-lock',
      original,
    ]);
    const there = r.exitCode === 0 ? parseSnapshots(r.stdout).find((s) => s.id === original) : undefined;
    if (!there) {
      throw conflict(
        `The repository of ${machine} no longer holds snapshot ${original.slice(0, 8)} (the original of ${snapshot.shortId}); restore the path on the host instead.`,
      );
    }
    try {
      const end = await this.guests.request<{ restored?: string }>(
        { networkId, machine, socketPath: vm.socketPath },
        'RESTORE',
        [original, path],
        { timeoutMs: RESTORE_TIMEOUT_MS },
      );
      return { machine, snapshotId: snapshot.id, machineSnapshotId: original, restored: end?.restored ?? path };
    } catch (err) {
      if (err instanceof GuestRefusedError) throw conflict(`${machine}: ${err.message}`);
      if (err instanceof GuestUnreachableError)
        throw conflict(`The VM controller of ${machine} did not answer (${err.message}); nothing was restored.`);
      throw err;
    }
  }
}
