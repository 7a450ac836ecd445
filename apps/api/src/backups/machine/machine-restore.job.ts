import { chmod, mkdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigReader } from '../../configs/config-reader.service';
import { ConfigWriter } from '../../configs/config-writer.service';
import type { Layers } from '../../configs/layers';
import { NetworkRepoService } from '../../configs/network-repo.service';
import { readRepoState } from '../../configs/repo-state';
import { VmDisks } from '../../services/disk/vm-disks';
import { CommandError, ProcessRunner } from '../../services/process/process-runner';
import type { JobContext } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { GenerationStatus } from '../../vms/generation.entity';
import { GenerationsStore } from '../../vms/generations.service';
import { MachineStateService } from '../../vms/machine-state.service';
import { VmDeployer } from '../../vms/vm-deployer.service';
import { VmManager } from '../../vms/vm-manager.service';
import { VmMutex } from '../../vms/vm-mutex';
import { BackupPolicies } from '../backup-policies.service';
import { BackupRepositories } from '../backup-repositories.service';
import { BackupJobError } from '../jobs/backup-job-error';
import { RecordedRuns } from '../jobs/recorded-runs';
import { parseSnapshots } from '../restic/restic-output';
import { ResticService } from '../restic/restic.service';
import { isStateDiskImage } from '../verify/verify-plan';
import { asideName, machineLayersAt, restoreMessage, restorePointOf, snapshotWhen } from './machine-restore-plan';
import { buildStateDiskImage } from './state-disk-image';

/**
 * A whole-machine restore (docs/backups.md, "Whole-machine restore"): the
 * snapshot becomes the machine's state disk (the current one is kept aside
 * as state.img.before-restore-<time>, never deleted), the machine's
 * configuration goes back to the recorded revision's version of it (a panel
 * commit, only when it differs), and the recorded generation boots and must
 * answer healthy.
 */
@Injectable()
export class MachineRestoreJob {
  constructor(
    private readonly recorded: RecordedRuns,
    private readonly repositories: BackupRepositories,
    private readonly policies: BackupPolicies,
    private readonly restic: ResticService,
    private readonly generations: GenerationsStore,
    private readonly vms: VmManager,
    private readonly deployer: VmDeployer,
    private readonly state: MachineStateService,
    private readonly disks: VmDisks,
    private readonly processes: ProcessRunner,
    private readonly mutex: VmMutex,
    private readonly reader: ConfigReader,
    private readonly writer: ConfigWriter,
    private readonly repos: NetworkRepoService,
  ) {}

  @JobHandler(JobName.BackupMachineRestore)
  async restore(ctx: JobContext<JobName.BackupMachineRestore>): Promise<Record<string, unknown>> {
    const { repositoryId, snapshotId, machine } = ctx.payload;
    const repo = await this.recorded.repositoryOf(ctx, repositoryId);
    const networkId = repo.networkId;
    const restic = this.repositories.open(repo);

    // 1. The snapshot, its policy, and the revision and generation it was taken under.
    await ctx.progress(2, `Reading snapshot ${snapshotId.slice(0, 8)}`);
    const listed = await this.restic.ok(restic, ['snapshots', '--json', '--no-lock', snapshotId], `restic snapshots of ${repo.name}`, {
      signal: ctx.signal,
    });
    const snapshot = parseSnapshots(listed.stdout)[0];
    if (!snapshot) throw new BackupJobError('other', `Backup repository ${repo.name} has no snapshot ${snapshotId}.`);
    const policies = await this.policies.rows.findBy({ networkId, subjectKind: 'machine', subjectName: machine });
    const point = restorePointOf(snapshot, machine, policies);
    if (!point.ok) throw new BackupJobError('other', point.reason);
    const { revision, generation: n } = point;
    const g = await this.generations.get(networkId, machine, n);
    if (!g || g.status === GenerationStatus.Collected) throw new BackupJobError('other', generationGone(machine, n, snapshot.shortId));
    await ctx.log(
      'info',
      `Restoring ${machine} as of ${snapshotWhen(snapshot.time)}: snapshot ${snapshot.shortId}, revision ${revision.slice(0, 12)}, generation ${n}.`,
    );

    return this.mutex.run(
      networkId,
      machine,
      ctx.signal,
      async () => {
        // 2. The new state disk, beside the current one (same file system, so the swap is two renames).
        const layout = this.vms.layout(networkId, machine);
        const dir = dirname(layout.stateDisk);
        const work = join(dir, 'restore-work');
        const fresh = join(work, 'state.img');
        await rm(work, { recursive: true, force: true });
        await mkdir(work, { recursive: true, mode: 0o700 });
        await ctx.progress(5, `Making the state disk from snapshot ${snapshot.shortId}`);
        try {
          await buildStateDiskImage(
            { restic: this.restic, disks: this.disks, processes: this.processes },
            ctx,
            restic,
            repo,
            snapshot,
            machine,
            work,
            fresh,
            (message) => new BackupJobError('other', message),
          );

          await this.fitToCurrent(ctx, fresh, layout.stateDisk, isStateDiskImage(snapshot));

          // 3. The configuration at the recorded revision (this machine's part only).
          await ctx.progress(35, `Configuration of ${machine} as of revision ${revision.slice(0, 8)}`);
          const reverted = await this.revertConfig(networkId, machine, revision, snapshot.time);
          await ctx.log(
            'info',
            reverted
              ? `Committed ${reverted.slice(0, 12)}: ${machine}'s configuration as of revision ${revision.slice(0, 8)}.`
              : `${machine}'s configuration already is as of revision ${revision.slice(0, 8)}; nothing to commit.`,
          );

          // 4. Stop the VM, keep the current disk aside, put the restored one in its place.
          await ctx.progress(45, `Stopping ${machine}`);
          const row = await this.state.get(networkId, machine);
          if (row?.domainName) {
            const how = await this.vms.stop(row.domainName, ctx);
            await ctx.log('info', how === 'not-running' ? `${machine} was not running.` : `${machine} is off (${how}).`);
          }
          let aside: string | null = null;
          if (await this.disks.exists(layout.stateDisk)) {
            aside = join(dir, asideName(new Date()));
            await rename(layout.stateDisk, aside);
            await ctx.log('info', `The current state disk is kept as ${aside}.`);
          }
          await rename(fresh, layout.stateDisk);
          await ctx.log('info', `The state disk of ${machine} is now the one from snapshot ${snapshot.shortId}.`);

          // 5. Boot the recorded generation and wait for it to answer healthy (no rollback: the restore is the target).
          await ctx.progress(55, `Starting generation ${n}`);
          const scaled = Object.create(ctx) as JobContext;
          scaled.progress = (p: number, message?: string) => ctx.progress(55 + (p * 44) / 100, message);
          await this.deployer.deploy(scaled, networkId, machine, n, true);
          await ctx.progress(100, `${machine} runs generation ${n} with its data as of ${snapshotWhen(snapshot.time)}`);
          return { machine, snapshotId: snapshot.id, revision, generation: n, configCommit: reverted, keptAside: aside };
        } finally {
          await rm(work, { recursive: true, force: true });
        }
      },
      () => ctx.log('info', `Waiting for another action on ${machine} to finish…`),
    );
  }

  /**
   * An ext4 image made from files is only as large as they are: grown (file
   * and file system, `resize2fs`) to the size of the disk it replaces, so the
   * machine keeps its room. 0600 like every state disk.
   */
  private async fitToCurrent(ctx: JobContext, fresh: string, current: string, isImage: boolean): Promise<void> {
    await chmod(fresh, 0o600);
    if (isImage || !(await this.disks.exists(current))) return;
    const want = (await stat(current)).size;
    if ((await stat(fresh)).size >= want) return;
    await truncate(fresh, want);
    try {
      await this.processes.run('resize2fs', ['-f', fresh], { signal: ctx.signal, pkg: 'e2fsprogs' });
    } catch (err) {
      if (err instanceof CommandError) throw new BackupJobError('other', `The restored state disk could not be grown: ${err.message}`);
      throw err;
    }
    await ctx.log('info', `Restored state disk grown to ${(want / 1024 ** 3).toFixed(1)} GiB, the size of the disk it replaces.`);
  }

  /** The panel commit that brings back the machine's configuration at `revision`; null when it already is so. */
  private async revertConfig(networkId: string, machine: string, revision: string, time: string): Promise<string | null> {
    const tree = this.repos.repo(networkId);
    const sha = await this.reader.resolve(tree, revision).catch(() => {
      throw new BackupJobError(
        'other',
        `The configuration repository has no revision ${revision.slice(0, 12)} (the one the snapshot was taken under), so ${machine}'s configuration cannot be brought back.`,
      );
    });
    const target = await readRepoState(tree, sha);
    if (!target.configs || target.configs[machine] === undefined) {
      throw new BackupJobError('other', `Revision ${sha.slice(0, 8)} has no valid configuration of ${machine} to bring back.`);
    }
    const targetLayers: Layers = { configs: target.configs, overrides: target.overrides, localAdmins: target.localAdmins };
    const result = await this.writer.write(
      networkId,
      null,
      (state) => {
        if (!state.configs) {
          throw new BackupJobError('other', `configs.json at ${state.head.slice(0, 8)} is invalid; repair it before restoring ${machine}.`);
        }
        const current: Layers = { configs: { ...state.configs }, overrides: { ...state.overrides }, localAdmins: { ...state.localAdmins } };
        const next = machineLayersAt(current, targetLayers, machine) ?? current;
        return { kind: 'layers', layers: next, message: restoreMessage(machine, time, sha) };
      },
      {},
    );
    return result.committed ? result.revision : null;
  }
}

export function generationGone(machine: string, n: number, shortId: string): string {
  return `Generation ${n} of ${machine}, which snapshot ${shortId} was taken on, no longer exists (the generation GC removed it), so the machine cannot be brought back as it was; restore its files instead.`;
}
