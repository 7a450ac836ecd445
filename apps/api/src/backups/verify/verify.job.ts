import { chmod, copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { VmState } from '@clan/libvirt-client';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { VmDisks } from '../../services/disk/vm-disks';
import { VmLayout } from '../../services/disk/vm-layout';
import { GuestRefusedError, GuestUnreachableError } from '../../services/guest/guest-channel';
import { Guests } from '../../services/guest/guest.service';
import { LibvirtService } from '../../services/libvirt/libvirt.service';
import { ProcessRunner } from '../../services/process/process-runner';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { GenerationStatus } from '../../vms/generation.entity';
import { GenerationsStore } from '../../vms/generations.service';
import { waitHealthy } from '../../vms/health-probe';
import { VmManager } from '../../vms/vm-manager.service';
import { VmMutex } from '../../vms/vm-mutex';
import { vmDomainSpec } from '../../vms/vm-layout';
import { BackupNotifier } from '../backup-notifier';
import { policyTag } from '../backup-policies.service';
import type { BackupPolicyEntity } from '../backup-policy.entity';
import { BackupRepositories } from '../backup-repositories.service';
import type { BackupRepositoryEntity } from '../backup-repository.entity';
import { RecordedRuns } from '../jobs/recorded-runs';
import { parseSnapshots, type SnapshotInfo } from '../restic/restic-output';
import { ResticError, ResticService } from '../restic/restic.service';
import { BackupVerifications } from './backup-verifications.store';
import { buildStateDiskImage } from '../machine/state-disk-image';
import type { GuestCheck } from '../../services/guest/guest-checks';
import {
  checksSummary,
  failedChecksSentence,
  generationOf,
  isStateDiskImage,
  latestSnapshot,
  revisionOf,
  verifyDomainName,
} from './verify-plan';

/** A verification that proved the snapshot is not restorable; the message is the sentence recorded and notified. */
export class NotRestorableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotRestorableError';
  }
}

/** The machine's files, but the throw-away VM's own state disk, secrets copy, boot files, serial log and health socket. */
class ThrowawayLayout extends VmLayout {
  constructor(
    real: VmLayout,
    readonly tmp: string,
  ) {
    super(real.stateDir, real.networkId, real.machine);
  }
  override get stateDisk(): string {
    return join(this.tmp, 'state.img');
  }
  override get secretsDisk(): string {
    return join(this.tmp, 'secrets.img');
  }
  override get serialLog(): string {
    return join(this.tmp, 'serial.log');
  }
  override get healthSocket(): string {
    return join(this.tmp, 'health.sock');
  }
  override kernel(): string {
    return join(this.tmp, 'kernel');
  }
  override initrd(): string {
    return join(this.tmp, 'initrd');
  }
  // storeDisk(n) stays the generation's own image, attached read-only as always.
}

interface Proven {
  snapshot: SnapshotInfo;
  generation: number;
  revision: string | null;
  domainName: string;
  interfaces: number;
  failedUnits: string[];
  /** The app checks that ran (all passed), [] when the machine declares none, null when its controller predates CHECK. */
  checks: GuestCheck[] | null;
  afterMs: number;
}

const DEFAULT_MEMORY_MIB = 512;

/**
 * A verified restore (docs/backups.md, "Verified restores"): the latest
 * snapshot of a machine policy becomes the state disk of a throw-away VM with
 * no network interface, booted on the generation the snapshot was taken on;
 * it must answer its health probe for that generation, report no failed
 * units and pass the machine's app checks (CHECK). The domain and every temporary file are removed whatever happens.
 * The outcome is recorded (backup_verifications) and notified.
 */
@Injectable()
export class BackupVerifyJob {
  private readonly logger = new Logger('BackupVerify');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly recorded: RecordedRuns,
    private readonly repositories: BackupRepositories,
    private readonly restic: ResticService,
    private readonly generations: GenerationsStore,
    private readonly vms: VmManager,
    private readonly disks: VmDisks,
    private readonly libvirt: LibvirtService,
    private readonly guests: Guests,
    private readonly processes: ProcessRunner,
    private readonly mutex: VmMutex,
    private readonly verifications: BackupVerifications,
    private readonly notifier: BackupNotifier,
  ) {}

  @JobHandler(JobName.BackupVerify)
  async verify(ctx: JobContext<JobName.BackupVerify>): Promise<Record<string, unknown>> {
    const { policy, repo } = await this.recorded.policyOf(ctx, ctx.payload.policyId);
    if (policy.subjectKind !== 'machine') {
      throw new NotRestorableError(`${policy.subjectName} is a device: only machine backups can be booted to verify them.`);
    }
    const started = Date.now();
    const seen: { snapshot: SnapshotInfo | null; generation: number | null; revision: string | null } = {
      snapshot: null,
      generation: null,
      revision: null,
    };
    try {
      const proven = await this.mutex.run(
        'backup-verify',
        `${policy.networkId}/${policy.subjectName}`,
        ctx.signal,
        () => this.prove(ctx, policy, repo, seen),
        () => ctx.log('info', `Waiting for another verified restore of ${policy.subjectName} to finish…`),
      );
      const detail = `Snapshot ${proven.snapshot.shortId} of ${policy.subjectName} booted on generation ${proven.generation} in a VM with no network and answered healthy after ${(proven.afterMs / 1000).toFixed(1)} s, with no failed units${checksSummary(proven.checks)}.`;
      await this.record(ctx, policy, seen, true, detail, started);
      await ctx.progress(100, `Restorable: snapshot ${proven.snapshot.shortId} boots healthy`);
      return {
        ok: true,
        snapshotId: proven.snapshot.id,
        generation: proven.generation,
        revision: proven.revision,
        domainName: proven.domainName,
        interfaces: proven.interfaces,
        detail,
      };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const reason = err instanceof NotRestorableError || err instanceof ResticError ? err.message : this.unexpected(err);
      const detail = reason.replace(/\s+$/, '').replace(/([^.!?])$/, '$1.');
      await ctx.log('error', `Not restorable: ${detail}`);
      await this.record(ctx, policy, seen, false, detail, started);
      throw new NotRestorableError(`${policy.subjectName} is not restorable: ${detail}`);
    }
  }

  private unexpected(err: unknown): string {
    this.logger.error('verified restore failed unexpectedly', err instanceof Error ? err.stack : String(err));
    return err instanceof Error ? err.message : String(err);
  }

  private async record(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    seen: { snapshot: SnapshotInfo | null; generation: number | null; revision: string | null },
    ok: boolean,
    detail: string,
    started: number,
  ): Promise<void> {
    await this.verifications.record({
      networkId: policy.networkId,
      policyId: policy.id,
      taskId: ctx.taskId,
      snapshotId: seen.snapshot?.id ?? null,
      generation: seen.generation,
      revision: seen.revision,
      ok,
      detail,
      durationMs: Date.now() - started,
    });
    await this.notifier.verification(policy, ok, detail);
  }

  private async prove(
    ctx: JobContext,
    policy: BackupPolicyEntity,
    repo: BackupRepositoryEntity,
    seen: { snapshot: SnapshotInfo | null; generation: number | null; revision: string | null },
  ): Promise<Proven> {
    const machine = policy.subjectName;
    const restic = this.repositories.open(repo);

    // 1. The latest snapshot of the policy, and the generation it was taken on.
    await ctx.progress(2, `Finding the latest snapshot of ${machine}`);
    const listed = await this.restic.ok(
      restic,
      ['snapshots', '--json', '--no-lock', '--tag', policyTag(policy.id)],
      `restic snapshots of ${repo.name}`,
      { signal: ctx.signal },
    );
    const snapshot = latestSnapshot(parseSnapshots(listed.stdout));
    if (!snapshot) throw new NotRestorableError(`Repository ${repo.name} holds no snapshot of ${machine} to restore.`);
    seen.snapshot = snapshot;
    const n = generationOf(snapshot);
    seen.revision = revisionOf(snapshot);
    if (n === null) {
      throw new NotRestorableError(
        `Snapshot ${snapshot.shortId} does not record the generation it was taken on (no clan-generation tag), so there is no system to boot it on.`,
      );
    }
    seen.generation = n;
    await ctx.log(
      'info',
      `Snapshot ${snapshot.shortId} of ${snapshot.time} (${isStateDiskImage(snapshot) ? 'state disk image' : snapshot.paths.join(', ')}), taken on generation ${n}${seen.revision ? ` (revision ${seen.revision.slice(0, 12)})` : ''}.`,
    );
    const g = await this.generations.get(policy.networkId, machine, n);
    if (!g || g.status === GenerationStatus.Collected) {
      throw new NotRestorableError(
        `Generation ${n} of ${machine}, which snapshot ${snapshot.shortId} was taken on, no longer exists (the generation GC removed it); a backup taken on a current generation can be verified.`,
      );
    }

    const real = this.vms.layout(policy.networkId, machine);
    // One per machine (the mutex above), so a dead run's leftovers are found and removed by the next one.
    const tmp = join(this.config.stateDir, 'verify', `${policy.networkId.replace(/-/g, '').slice(0, 8)}-${machine}`);
    const layout = new ThrowawayLayout(real, tmp);
    const domainName = verifyDomainName(this.libvirt.panelId, policy.networkId, machine);
    await this.removeDomain(domainName);
    await rm(tmp, { recursive: true, force: true });
    try {
      // 2. The generation's boot files and store disk (made again if they were removed from the host).
      await ctx.progress(5, `Generation ${n}: boot files and store disk`);
      try {
        await this.vms.prepareGeneration(g, ctx, 5, 25);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw new NotRestorableError(`The system of generation ${n} (${g.storePath}) cannot be laid out again: ${(err as Error).message}`);
      }
      await this.traversable(tmp);
      await copyFile(real.kernel(n), layout.kernel());
      await copyFile(real.initrd(n), layout.initrd());

      // 3. The throw-away state disk, from the snapshot.
      await ctx.progress(28, `Restoring snapshot ${snapshot.shortId} into a throw-away state disk`);
      await this.restoreStateDisk(ctx, restic, repo, snapshot, machine, layout);

      // 4. The machine's secrets (its controller token), as a copy the throw-away VM may hold.
      if (!(await this.disks.exists(real.secretsDisk))) await this.vms.writeSecretsDisk(policy.networkId, machine, ctx.signal);
      await copyFile(real.secretsDisk, layout.secretsDisk);
      await chmod(layout.secretsDisk, 0o600);

      // 5. The domain: no interface, whatever CLAN_VM_BRIDGE / CLAN_VM_NETWORK say.
      await ctx.progress(45, `Defining ${domainName} (no network interface)`);
      const kernelParams = (await this.disks.readText(join(g.storePath, 'kernel-params'))) ?? '';
      const memoryMiB = await this.memoryOf(policy.networkId, machine);
      const spec = vmDomainSpec({
        domainName,
        panelId: this.libvirt.panelId,
        networkId: policy.networkId,
        machine,
        generation: n,
        toplevel: g.storePath,
        kernelParams,
        domainType: await this.libvirt.domainType(),
        vcpus: 1,
        memoryMiB,
        display: false,
        layout,
      });
      delete spec.interfaces;
      await this.libvirt.client.define(spec);
      const defined = await this.libvirt.client.getSpec(domainName);
      const interfaces = defined.interfaces?.length ?? 0;
      if (interfaces)
        throw new Error(`${domainName} was defined with ${interfaces} network interface(s); a verified restore must have none.`);
      await ctx.log(
        'info',
        `Domain ${domainName}: no network interface (libvirt's definition has ${interfaces}), ${memoryMiB} MiB, disks ${defined.disks.map((d) => `${d.target}=${d.source}${d.readonly ? ' (read-only)' : ''}`).join(', ')}.`,
      );

      // 6. Boot, wait for the generation's health answer, then ask its controller for facts.
      await this.libvirt.client.start(domainName);
      await ctx.log(
        'info',
        `Booted ${domainName}; waiting for generation ${n} to answer its health probe (deadline ${this.config.healthTimeoutSeconds} s)…`,
      );
      const deadlineMs = this.config.healthTimeoutSeconds * 1000;
      const t0 = Date.now();
      const health = await waitHealthy(
        layout.healthSocket,
        { machine, generation: n },
        {
          deadlineMs,
          signal: ctx.signal,
          onAttempt: (attempt) =>
            void ctx.progress(50 + 40 * Math.min(1, (Date.now() - t0) / deadlineMs), `Health check of generation ${n} (probe ${attempt})`),
        },
      );
      if (!health.healthy) {
        throw new NotRestorableError(
          `Snapshot ${snapshot.shortId} booted on generation ${n} did not come up healthy: ${health.reason}. The machine's data in that snapshot may be what breaks it; see the serial log in the task.`,
        );
      }
      await ctx.progress(92, 'Asking the controller for its facts');
      let failedUnits: string[];
      try {
        const facts = await this.guests.facts({ networkId: policy.networkId, machine, socketPath: layout.healthSocket });
        if (facts.generation !== n) {
          throw new NotRestorableError(`The throw-away VM reports generation ${facts.generation}, not generation ${n}.`);
        }
        failedUnits = facts.failedUnits ?? [];
      } catch (err) {
        if (err instanceof GuestRefusedError || err instanceof GuestUnreachableError) {
          throw new NotRestorableError(`The controller of the throw-away VM did not give its facts: ${err.message}`);
        }
        throw err;
      }
      if (failedUnits.length) {
        throw new NotRestorableError(
          `Snapshot ${snapshot.shortId} boots on generation ${n}, but these units failed: ${failedUnits.slice(0, 10).join(', ')}.`,
        );
      }
      await ctx.log('info', `Generation ${n} answered healthy after ${(health.afterMs / 1000).toFixed(1)} s; no failed units.`);

      // 7. The machine's app checks: cheap liveness probes of its own services.
      await ctx.progress(95, "Running the machine's app checks");
      let checks: GuestCheck[] | null;
      try {
        checks = await this.guests.checks(
          { networkId: policy.networkId, machine, socketPath: layout.healthSocket },
          { signal: ctx.signal, onLog: (line) => void ctx.log('info', `check ${line}`) },
        );
      } catch (err) {
        if (err instanceof GuestRefusedError || err instanceof GuestUnreachableError) {
          throw new NotRestorableError(`The controller of the throw-away VM did not run its app checks: ${err.message}`);
        }
        throw err;
      }
      if (checks === null) {
        await ctx.log(
          'info',
          `The controller of generation ${n} is older than app checks (it answers "Unknown request" to CHECK): none were run.`,
        );
      } else {
        for (const c of checks) await ctx.log(c.ok ? 'info' : 'error', `App check ${c.name}: ${c.ok ? 'passed' : 'FAILED'}: ${c.detail}`);
      }
      const failedChecks = failedChecksSentence(checks, `Snapshot ${snapshot.shortId} boots on generation ${n}`);
      if (failedChecks) throw new NotRestorableError(failedChecks);
      return { snapshot, generation: n, revision: seen.revision, domainName, interfaces, failedUnits, checks, afterMs: health.afterMs };
    } catch (err) {
      await this.serialTail(ctx, layout);
      throw err;
    } finally {
      await this.removeDomain(domainName).catch((e: unknown) =>
        ctx.log('warn', `The throw-away domain ${domainName} could not be removed: ${(e as Error).message}`),
      );
      await rm(tmp, { recursive: true, force: true });
      await ctx.log('info', `Removed ${domainName} and its temporary files.`);
    }
  }

  /** The throw-away state disk from the snapshot, without mounting anything (machine/state-disk-image.ts). */
  private async restoreStateDisk(
    ctx: JobContext,
    restic: ReturnType<BackupRepositories['open']>,
    repo: BackupRepositoryEntity,
    snapshot: SnapshotInfo,
    machine: string,
    layout: ThrowawayLayout,
  ): Promise<void> {
    await buildStateDiskImage(
      { restic: this.restic, disks: this.disks, processes: this.processes },
      ctx,
      restic,
      repo,
      snapshot,
      machine,
      layout.tmp,
      layout.stateDisk,
      (message) => new NotRestorableError(message),
    );
  }

  /** The machine's memory as its own domain has it (the throw-away VM boots the same system), or a default. */
  private async memoryOf(networkId: string, machine: string): Promise<number> {
    const own = this.libvirt.domainName(networkId, machine);
    const { state } = await this.libvirt.client.state(own);
    if (state === VmState.Undefined) return DEFAULT_MEMORY_MIB;
    return (await this.libvirt.client.getSpec(own)).memoryMiB || DEFAULT_MEMORY_MIB;
  }

  /** Stops and undefines the throw-away domain when libvirt has it (a dead run may have left it). */
  private async removeDomain(name: string): Promise<void> {
    const { state } = await this.libvirt.client.state(name);
    if (state === VmState.Undefined) return;
    if (state !== VmState.ShutOff && state !== VmState.Crashed) await this.libvirt.client.destroy(name);
    await this.libvirt.client.undefine(name);
  }

  /** The temp dir, 0711 on the way from the state dir, so qemu (another user) can reach the files libvirt hands it. */
  private async traversable(tmp: string): Promise<void> {
    await mkdir(tmp, { recursive: true, mode: 0o711 });
    for (const d of [this.config.stateDir, join(this.config.stateDir, 'verify'), tmp]) {
      const mode = (await stat(d)).mode & 0o777;
      if ((mode & 0o001) === 0) await chmod(d, mode | 0o711);
    }
  }

  private async serialTail(ctx: JobContext, layout: ThrowawayLayout): Promise<void> {
    const tail = await this.disks.readTail(layout.serialLog, 4096).catch(() => null);
    const lines = tail?.text.split('\n').filter((l) => l.trim()) ?? [];
    if (lines.length) await ctx.log('info', `Serial console of the throw-away VM (last lines):\n${lines.slice(-25).join('\n')}`);
  }
}
