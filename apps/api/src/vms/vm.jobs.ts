import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VmState } from '@clan/libvirt-client';
import { Injectable } from '@nestjs/common';
import { type BuildFlakes, explainBuildFailure } from '../configs/build-failure';
import { SystemFlakes } from '../configs/system-flakes.service';
import { lockedInput } from '../updates/flake-lock';
import { VmDisks } from '../services/disk/vm-disks';
import type { NixLogEvent } from '../services/nix/nix-log';
import { NixBuildError, NixService } from '../services/nix/nix.service';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import { type GenerationEntity, GenerationStatus } from './generation.entity';
import { GenerationsStore } from './generations.service';
import { MachineConfigs } from './machine-configs.service';
import { MachineStateService } from './machine-state.service';
import { VmDeployer } from './vm-deployer.service';
import { VmGc } from './vm-gc.service';
import { VmJobError } from './vm-job-error';
import { VmManager } from './vm-manager.service';
import { VmMutex } from './vm-mutex';
import { VmTasks } from './vm-tasks.service';

function target(ctx: JobContext): { networkId: string; machine: string } {
  if (!ctx.networkId || !ctx.machine) throw new VmJobError('This task names no machine.');
  return { networkId: ctx.networkId, machine: ctx.machine };
}

const short = (rev: string) => rev.slice(0, 12);

/**
 * The VM pipeline's jobs (docs/vms.md): `machine.build` (nix build → a
 * generation kept as a profile generation), `vm.deploy` (define, boot,
 * health, automatic rollback — decided by VmDeployer), `vm.power`,
 * `vm.remove` and `generations.gc`. Each job gets what it uses injected;
 * every one is idempotent: run again after a crash it converges on the same
 * result.
 */
@Injectable()
export class VmJobs {
  constructor(
    private readonly configs: MachineConfigs,
    private readonly nix: NixService,
    private readonly disks: VmDisks,
    private readonly vm: VmManager,
    private readonly deployer: VmDeployer,
    private readonly generations: GenerationsStore,
    private readonly state: MachineStateService,
    private readonly mutex: VmMutex,
    private readonly vmTasks: VmTasks,
    private readonly gc: VmGc,
    private readonly flakes: SystemFlakes,
  ) {}

  // ── build ────────────────────────────────────────────────────────────────

  @JobHandler(JobName.MachineBuild)
  async build(ctx: JobContext<JobName.MachineBuild>): Promise<Record<string, unknown>> {
    const { networkId, machine } = target(ctx);
    const revision = ctx.payload.revision
      ? await this.configs.resolveRevision(networkId, ctx.payload.revision)
      : await this.configs.head(networkId);
    if (!revision) throw new VmJobError(`Revision ${ctx.payload.revision ?? ''} is not in the network's repository.`);
    // Read and validated once here; the deployment this build queues finds the same revision already validated.
    if (!(await this.configs.at(networkId, machine, revision)))
      throw new VmJobError(`Machine ${machine} is not in the configuration at ${short(revision)}; there is nothing to build.`);

    await ctx.log('info', `Building ${machine} from revision ${short(revision)}.`);
    await ctx.progress(2, 'Exporting the configuration');
    const dir = await this.disks.scratch(`build-${ctx.taskId}`);
    let storePath: string;
    let flakes: BuildFlakes | null = null;
    try {
      await this.configs.exportRevision(networkId, revision, dir, ctx.signal);
      // A revision with a flake.lock that pins clan builds from that lock; any other gets the flakes the host's
      // settings name (the network's system, CLAN_FLAKE_URL, CLAN_NIXPKGS), which win over an older flake.nix.
      const lockText = await readFile(join(dir, 'flake.lock'), 'utf8').catch(() => null);
      flakes = await this.flakes.buildInputs(networkId, lockedInput(lockText, 'clan') !== null);
      const overrideInputs = this.flakes.overrideInputs(flakes);
      await ctx.log('info', this.flakes.describe(flakes));
      const installable = `path:${dir}#nixosConfigurations.${machine}.config.system.build.toplevel`;
      await ctx.log('info', `nix build ${installable.replace(dir, '<revision>')}`);
      let lastProgressAt = 0;
      storePath = await this.nix.build(installable, {
        signal: ctx.signal,
        overrideInputs,
        lockFile: flakes.upstream ? 'locked' : 'ignore',
        onEvent: (e: NixLogEvent) => {
          if (e.kind === 'log') {
            void ctx.log(e.level, e.text);
            return;
          }
          const p = e.progress;
          const now = Date.now();
          if (now - lastProgressAt < 250 && p.done < p.expected) return;
          lastProgressAt = now;
          const pct = p.expected > 0 ? 5 + (p.done / p.expected) * 85 : 5;
          const what = p.current ? `building ${p.current}` : 'evaluating';
          void ctx.progress(pct, `${p.done}/${p.expected} derivations built — ${what}`);
        },
      });
    } catch (e) {
      if (e instanceof NixBuildError && flakes) throw new VmJobError(explainBuildFailure(flakes, e.message));
      throw e;
    } finally {
      await this.disks.remove(dir).catch(() => undefined);
    }
    ctx.throwIfCancelled();
    await ctx.progress(92, 'Recording the generation');
    const closure = await this.nix.closure(storePath, ctx.signal);
    const { generation, reused } = await this.recordGeneration(networkId, machine, revision, storePath, closure.narBytes, ctx.taskId);
    await ctx.log(
      'info',
      reused
        ? `Built ${storePath}: the same system as generation ${generation.number}.`
        : `Built ${storePath} (${closure.paths.length} store paths, ${(closure.narBytes / 1024 / 1024).toFixed(1)} MiB): generation ${generation.number}.`,
    );

    const row = await this.state.get(networkId, machine);
    const state = await this.vm.domainState(row?.domainName);
    const upToDate =
      row?.currentGeneration === generation.number &&
      row.health === 'healthy' &&
      (state === VmState.Running || state === VmState.Blocked) &&
      generation.status === GenerationStatus.Healthy;
    if (upToDate) {
      await ctx.log('info', `Generation ${generation.number} is already running and healthy; nothing to deploy.`);
      await ctx.progress(100, 'Up to date');
      return { generation: generation.number, storePath, revision, deployTaskId: null };
    }
    const { taskId } = await this.vmTasks.start(
      JobName.VmDeploy,
      { generation: generation.number, rollback: false },
      { userId: ctx.userId, networkId, machine },
      { exclusive: false, after: ctx.taskId },
    );
    await ctx.log('info', `Deployment of generation ${generation.number} queued (task ${taskId}).`);
    await ctx.progress(100, `Generation ${generation.number} built`);
    return { generation: generation.number, storePath, revision, deployTaskId: taskId };
  }

  /**
   * The build's generation: the profile's next generation (a GC root), or the
   * latest one when it is the same system (a re-run, or nothing changed).
   */
  private async recordGeneration(
    networkId: string,
    machine: string,
    revision: string,
    storePath: string,
    closureBytes: number,
    taskId: string,
  ): Promise<{ generation: GenerationEntity; reused: boolean }> {
    const latest = await this.generations.latest(networkId, machine);
    if (latest && latest.storePath === storePath && latest.status !== GenerationStatus.Collected)
      return { generation: latest, reused: true };
    const number = await this.nix.setProfile(this.nix.profile(networkId, machine), storePath);
    const generation = await this.generations.record({
      networkId,
      machine,
      number,
      revision,
      storePath,
      closureBytes,
      status: GenerationStatus.Built,
      taskId,
      builtAt: new Date(),
    });
    if (generation.storePath !== storePath) {
      throw new VmJobError(
        `Profile generation ${number} of ${machine} is already recorded for another system (${generation.storePath}); ` +
          `the profile ${this.nix.profile(networkId, machine)} was changed outside the panel.`,
      );
    }
    return { generation, reused: false };
  }

  // ── deploy ───────────────────────────────────────────────────────────────

  @JobHandler(JobName.VmDeploy)
  async deploy(ctx: JobContext<JobName.VmDeploy>): Promise<Record<string, unknown>> {
    const { networkId, machine } = target(ctx);
    return this.mutex.run(
      networkId,
      machine,
      ctx.signal,
      () => this.deployer.deploy(ctx, networkId, machine, ctx.payload.generation, ctx.payload.rollback),
      () => ctx.log('info', `Waiting for another action on ${machine} to finish…`),
    );
  }

  // ── power ────────────────────────────────────────────────────────────────

  @JobHandler(JobName.VmPower)
  async power(ctx: JobContext<JobName.VmPower>): Promise<Record<string, unknown>> {
    const { networkId, machine } = target(ctx);
    return this.mutex.run(
      networkId,
      machine,
      ctx.signal,
      () => this.powerLocked(ctx, networkId, machine),
      () => ctx.log('info', `Waiting for another action on ${machine} to finish…`),
    );
  }

  private async powerLocked(ctx: JobContext<JobName.VmPower>, networkId: string, machine: string): Promise<Record<string, unknown>> {
    const action = ctx.payload.action;
    const row = await this.state.get(networkId, machine);
    let state = await this.vm.domainState(row?.domainName);
    await ctx.log('info', `${action} ${machine} (now ${state}).`);
    const record = async () => {
      state = await this.vm.domainState(row?.domainName);
      await this.state.patch(networkId, machine, { vmState: state, vmStateAt: new Date() });
    };

    if (action === 'start' || action === 'reboot') {
      let domainName = row?.domainName ?? null;
      if (!domainName || state === VmState.Undefined) {
        // No domain (never deployed here, or removed behind our back): define the current generation.
        const n = row?.currentGeneration ?? row?.healthyGeneration ?? (await this.generations.latest(networkId, machine))?.number;
        if (!n) throw new VmJobError(`${machine} has no generation yet; deploy it first.`);
        const g = await this.deployer.requireGeneration(networkId, machine, n);
        domainName = await this.deployer.defineAgain(ctx, g);
        await ctx.log('info', `Domain ${domainName} defined again for generation ${n}.`);
      } else if (action === 'reboot') {
        const how = await this.vm.stop(domainName, ctx);
        await ctx.log('info', how === 'not-running' ? 'It was not running.' : `Stopped (${how}).`);
      }
      if (state === VmState.Paused) await this.vm.resume(domainName);
      await ctx.progress(40, 'Starting');
      await this.vm.start(networkId, machine, domainName);
      await record();
      const n = (await this.state.get(networkId, machine))?.currentGeneration;
      if (n) {
        const h = await this.vm.checkHealth(networkId, machine, n, ctx, 45, 99);
        if (!h.healthy) throw new VmJobError(`${machine} started but generation ${n} did not answer its health probe: ${h.reason}.`);
      }
      await ctx.progress(100, action === 'start' ? 'Running' : 'Rebooted');
      return { action, state };
    }

    const domainName = row?.domainName;
    if (!domainName || state === VmState.Undefined) throw new VmJobError(`${machine} has no VM on this host yet; deploy it first.`);
    if (action === 'stop') {
      const how = await this.vm.stop(domainName, ctx);
      await ctx.log('info', how === 'not-running' ? `${machine} was not running.` : `${machine} is off (${how}).`);
      await this.state.patch(networkId, machine, { health: 'unknown', healthAt: new Date() });
    } else if (action === 'suspend') {
      if (state !== VmState.Paused) await this.vm.suspend(domainName);
      await ctx.log('info', `${machine} is paused; its memory stays allocated.`);
    } else if (action === 'resume') {
      if (state === VmState.Paused) await this.vm.resume(domainName);
      else await ctx.log('info', `${machine} was not paused (${state}).`);
    }
    await record();
    await ctx.progress(100, `${machine}: ${state}`);
    return { action, state };
  }

  // ── removal ──────────────────────────────────────────────────────────────

  @JobHandler(JobName.VmRemove)
  async remove(ctx: JobContext<JobName.VmRemove>): Promise<Record<string, unknown>> {
    const { networkId, machine } = target(ctx);
    return this.mutex.run(networkId, machine, ctx.signal, () => this.removeLocked(ctx, networkId, machine));
  }

  /**
   * Stops and undefines the VM of a machine that left the configuration,
   * drops its generations (profile, boot files, store disks) and moves its
   * state disk aside to `<stateDir>/vms-removed/…` (data is never deleted here).
   */
  private async removeLocked(ctx: JobContext, networkId: string, machine: string): Promise<Record<string, unknown>> {
    if (await this.configs.at(networkId, machine, await this.configs.head(networkId))) {
      await ctx.log('info', `${machine} is in the configuration again; its VM stays.`);
      return { removed: false };
    }
    const row = await this.state.get(networkId, machine);
    if (row?.domainName) {
      const how = await this.vm.stop(row.domainName, ctx, 30_000);
      if (how !== 'not-running') await ctx.log('info', `Stopped ${row.domainName} (${how}).`);
      await this.vm.undefine(row.domainName);
      await ctx.log('info', `Domain ${row.domainName} undefined.`);
    }
    await ctx.progress(40, 'Dropping generations');
    const live = await this.generations.live(networkId, machine);
    await this.nix.removeProfile(this.nix.profile(networkId, machine));
    for (const g of live) {
      await this.vm.removeGenerationFiles(networkId, machine, g.number);
      await this.generations.patch(g.id, { status: GenerationStatus.Collected });
    }
    await this.nix.deleteIfDead([...new Set(live.map((g) => g.storePath))]);
    await ctx.progress(80, 'Keeping the state disk aside');
    const kept = await this.vm.archiveVmDir(networkId, machine);
    if (kept) await ctx.log('info', `The state disk was kept at ${kept}; delete it when nobody needs its data.`);
    await this.state.patch(networkId, machine, {
      domainName: null,
      currentGeneration: null,
      healthyGeneration: null,
      vmState: VmState.Undefined,
      vmStateAt: new Date(),
      health: 'unknown',
      healthAt: new Date(),
      deployedRevision: null,
    });
    await ctx.progress(100, `${machine} removed`);
    return { removed: true, generations: live.length, stateKeptAt: kept };
  }

  // ── garbage collection ───────────────────────────────────────────────────

  @JobHandler(JobName.GenerationsGc)
  async collect(ctx: JobContext<JobName.GenerationsGc>): Promise<Record<string, unknown>> {
    const keep = ctx.payload.keep;
    const machines =
      ctx.networkId && ctx.machine
        ? [{ networkId: ctx.networkId, machine: ctx.machine }]
        : await this.generations.machinesWithGenerations();
    let collected = 0;
    for (const [i, m] of machines.entries()) {
      ctx.throwIfCancelled();
      await ctx.progress((i / Math.max(1, machines.length)) * 100, `${m.machine}`);
      collected += await this.mutex.run(m.networkId, m.machine, ctx.signal, () =>
        this.gc.collect(m.networkId, m.machine, keep, (t) => ctx.log('info', t)),
      );
    }
    await ctx.log('info', `Collected ${collected} generation(s) on ${machines.length} machine(s), keeping the last ${keep} of each.`);
    return { collected, machines: machines.length, keep };
  }
}
