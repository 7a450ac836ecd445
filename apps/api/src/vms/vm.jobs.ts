import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PanelNotification } from '@clan/contracts';
import { VmState } from '@clan/libvirt-client';
import type { MachineConfig } from '@clan/nix-schema';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { MachineStateService } from '../configs/machine-state.service';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import { PubSub } from '../services/queue/pubsub.service';
import { TASK_EVENTS_CHANNEL, type TaskEvent } from '../tasks/task-events';
import { type GenerationEntity, GenerationStatus } from './generation.entity';
import type { NixLogEvent } from './nix-log';
import { VmGc } from './vm-gc.service';
import { VmJobError, VmManager } from './vm-manager.service';
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
 * health, automatic rollback) and `vm.power`. Every one is idempotent: run
 * again after a crash it converges on the same result.
 */
@Injectable()
export class VmJobs {
  private readonly logger = new Logger('VmJobs');

  constructor(
    private readonly vm: VmManager,
    private readonly mutex: VmMutex,
    private readonly vmTasks: VmTasks,
    private readonly gc: VmGc,
    private readonly machineState: MachineStateService,
    private readonly audit: AuditService,
    private readonly pubsub: PubSub,
  ) {}

  // ── build ────────────────────────────────────────────────────────────────

  @JobHandler(JobName.MachineBuild)
  async build(ctx: JobContext<JobName.MachineBuild>): Promise<Record<string, unknown>> {
    const { networkId, machine } = target(ctx);
    const revision = ctx.payload.revision ? await this.vm.resolveRevision(networkId, ctx.payload.revision) : await this.vm.head(networkId);
    if (!revision) throw new VmJobError(`Revision ${ctx.payload.revision ?? ''} is not in the network's repository.`);
    const config = await this.vm.machineConfigAt(networkId, machine, revision);
    if (!config) throw new VmJobError(`Machine ${machine} is not in the configuration at ${short(revision)}; there is nothing to build.`);

    await ctx.log('info', `Building ${machine} from revision ${short(revision)}.`);
    await ctx.progress(2, 'Exporting the configuration');
    const dir = join(this.vm.config.stateDir, 'tmp', `build-${ctx.taskId}`);
    await rm(dir, { recursive: true, force: true });
    let storePath: string;
    try {
      await this.vm.exportRevision(networkId, revision, dir);
      const installable = `path:${dir}#nixosConfigurations.${machine}.config.system.build.toplevel`;
      await ctx.log('info', `nix build ${installable.replace(dir, '<revision>')}`);
      let lastProgressAt = 0;
      storePath = await this.vm.nix.build(installable, {
        signal: ctx.signal,
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
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
    ctx.throwIfCancelled();
    await ctx.progress(92, 'Recording the generation');
    const closure = await this.vm.nix.closure(storePath, ctx.signal);
    const { generation, reused } = await this.recordGeneration(networkId, machine, revision, storePath, closure.narBytes, ctx.taskId);
    await ctx.log(
      'info',
      reused
        ? `Built ${storePath}: the same system as generation ${generation.number}.`
        : `Built ${storePath} (${closure.paths.length} store paths, ${(closure.narBytes / 1024 / 1024).toFixed(1)} MiB): generation ${generation.number}.`,
    );

    const row = await this.vm.store.machine(networkId, machine);
    const state = await this.vm.domainState(row);
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
    const latest = await this.vm.store.latest(networkId, machine);
    if (latest && latest.storePath === storePath && latest.status !== GenerationStatus.Collected)
      return { generation: latest, reused: true };
    const number = await this.vm.nix.setProfile(this.vm.profile(networkId, machine), storePath);
    const generation = await this.vm.store.record({
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
          `the profile ${this.vm.profile(networkId, machine)} was changed outside the panel.`,
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
      () => this.deployLocked(ctx, networkId, machine),
      () => ctx.log('info', `Waiting for another action on ${machine} to finish…`),
    );
  }

  private async deployLocked(ctx: JobContext<JobName.VmDeploy>, networkId: string, machine: string): Promise<Record<string, unknown>> {
    const n = ctx.payload.generation;
    const g = await this.requireGeneration(networkId, machine, n);
    const outcome = await this.boot(ctx, g, 0, 90);
    if (outcome.healthy) {
      await this.markHealthy(g);
      await ctx.progress(95, 'Collecting old generations');
      await this.gc.collect(networkId, machine, this.vm.config.generationsKeep, (t) => ctx.log('info', t));
      await ctx.progress(100, `Generation ${n} is running and healthy`);
      return { generation: n, healthy: true, rolledBackTo: null };
    }

    await this.vm.store.patch(g.id, { status: GenerationStatus.Unhealthy, note: outcome.reason });
    if (ctx.payload.rollback) {
      throw new VmJobError(`Generation ${n} (a rollback target) did not answer its health probe either: ${outcome.reason}.`);
    }
    const row = await this.vm.store.machine(networkId, machine);
    const back =
      row?.healthyGeneration != null && row.healthyGeneration !== n
        ? await this.vm.store.get(networkId, machine, row.healthyGeneration)
        : null;
    if (!back || back.status === GenerationStatus.Collected) {
      throw new VmJobError(
        `Generation ${n} failed its health check (${outcome.reason}) and there is no earlier healthy generation to roll back to; ` +
          `the VM keeps running generation ${n}.`,
      );
    }

    await ctx.log('warn', `Rolling back ${machine} from generation ${n} to generation ${back.number}, the last healthy one.`);
    await this.recordRollback(ctx, g, back, outcome.reason);
    const again = await this.boot(ctx, back, 90, 99);
    await this.vm.store.patch(g.id, { status: GenerationStatus.RolledBack, rolledBackAt: new Date() });
    if (!again.healthy) {
      throw new VmJobError(
        `Generation ${n} failed its health check (${outcome.reason}); the rollback to generation ${back.number} booted but did not answer either (${again.reason}).`,
      );
    }
    await this.markHealthy(back);
    await ctx.log('info', `Rolled back: generation ${back.number} is running and healthy again.`);
    throw new VmJobError(
      `Generation ${n} failed its health check (${outcome.reason}); the panel rolled back to generation ${back.number}, which is running and healthy.`,
    );
  }

  private async requireGeneration(networkId: string, machine: string, n: number): Promise<GenerationEntity> {
    const g = await this.vm.store.get(networkId, machine, n);
    if (!g || g.status === GenerationStatus.Collected) {
      throw new VmJobError(`Generation ${n} of ${machine} no longer exists (collected or never built); build the machine again.`);
    }
    return g;
  }

  private async configAt(g: GenerationEntity): Promise<MachineConfig> {
    const config = await this.vm.machineConfigAt(g.networkId, g.machine, g.revision);
    if (!config) throw new VmJobError(`Machine ${g.machine} is not in the configuration at ${short(g.revision)}.`);
    return config;
  }

  /** Lays out, (re)defines and (re)starts generation `g`, then probes it. Progress from → to. */
  private async boot(ctx: JobContext, g: GenerationEntity, from: number, to: number) {
    const span = to - from;
    const config = await this.configAt(g);
    await ctx.log('info', `Preparing generation ${g.number} (${g.storePath}).`);
    await this.vm.prepareGeneration(g, ctx, from, from + span * 0.3);
    await this.vm.ensureStateDisk(this.vm.layout(g.networkId, g.machine), config.resources.stateDiskGiB, ctx);
    ctx.throwIfCancelled();

    const row = await this.vm.store.ensureMachine(g.networkId, g.machine);
    if (row.domainName) {
      const how = await this.vm.stop(row.domainName, ctx);
      if (how !== 'not-running') await ctx.log('info', `Stopped the running system (${how}).`);
    }
    await ctx.progress(from + span * 0.35, `Defining the VM for generation ${g.number}`);
    const domainName = await this.vm.define(g, config);
    await ctx.log(
      'info',
      `Domain ${domainName} defined for generation ${g.number} (${config.resources.vcpus} vCPU, ${config.resources.memoryMiB} MiB).`,
    );
    await ctx.progress(from + span * 0.4, `Starting generation ${g.number}`);
    await this.vm.start(g.networkId, g.machine, domainName);
    await this.vm.store.patch(g.id, { status: GenerationStatus.Booting, bootedAt: new Date() });
    await this.vm.nix.switchProfile(this.vm.profile(g.networkId, g.machine), g.number);
    await ctx.log('info', `Generation ${g.number} started.`);
    return this.vm.checkHealth(g.networkId, g.machine, g.number, ctx, from + span * 0.45, to);
  }

  private async markHealthy(g: GenerationEntity): Promise<void> {
    await this.vm.store.patch(g.id, { status: GenerationStatus.Healthy, healthyAt: new Date(), note: null });
    await this.vm.store.patchMachine(g.networkId, g.machine, { healthyGeneration: g.number });
    await this.machineState.setDeployedRevision(g.networkId, g.machine, g.revision);
  }

  /** The audit entry and the notification of an automatic rollback. */
  private async recordRollback(ctx: JobContext, from: GenerationEntity, to: GenerationEntity, reason: string): Promise<void> {
    const at = new Date();
    await this.audit.record({
      at,
      userId: null,
      username: 'panel',
      tokenId: null,
      ip: null,
      action: 'vm.rollback',
      method: 'TASK',
      path: `/api/networks/${from.networkId}/machines/${from.machine}/generations`,
      targetType: 'machine',
      targetId: from.machine,
      networkId: from.networkId,
      statusCode: 200,
      result: 'success',
      errorCode: null,
      correlationId: ctx.taskId,
      details: { automatic: true, fromGeneration: from.number, toGeneration: to.number, reason, taskId: ctx.taskId },
    });
    const notification: PanelNotification = {
      level: 'warn',
      title: `${from.machine} rolled back to generation ${to.number}`,
      message: `Generation ${from.number} of ${from.machine} failed its health check (${reason}); the panel is rolling back to generation ${to.number}.`,
      networkId: from.networkId,
      machine: from.machine,
      taskId: ctx.taskId,
      at: at.toISOString(),
    };
    await this.pubsub
      .publish(TASK_EVENTS_CHANNEL, { type: 'notification', notification } satisfies TaskEvent)
      .catch((e: unknown) => this.logger.warn(`rollback notification not sent: ${(e as Error).message}`));
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
    const row = await this.vm.store.machine(networkId, machine);
    const client = this.vm.libvirt.client;
    let state = await this.vm.domainState(row);
    await ctx.log('info', `${action} ${machine} (now ${state}).`);
    const record = async () => {
      state = await this.vm.domainState(row);
      await this.vm.store.patchMachine(networkId, machine, { vmState: state, vmStateAt: new Date() });
    };

    if (action === 'start' || action === 'reboot') {
      let domainName = row?.domainName ?? null;
      if (!domainName || state === VmState.Undefined) {
        // No domain (never deployed here, or removed behind our back): define the current generation.
        const n = row?.currentGeneration ?? row?.healthyGeneration ?? (await this.vm.store.latest(networkId, machine))?.number;
        if (!n) throw new VmJobError(`${machine} has no generation yet; deploy it first.`);
        const g = await this.requireGeneration(networkId, machine, n);
        await this.vm.prepareGeneration(g, ctx, 5, 30);
        const config = await this.configAt(g);
        await this.vm.ensureStateDisk(this.vm.layout(networkId, machine), config.resources.stateDiskGiB, ctx);
        domainName = await this.vm.define(g, config);
        await ctx.log('info', `Domain ${domainName} defined again for generation ${n}.`);
      } else if (action === 'reboot') {
        const how = await this.vm.stop(domainName, ctx);
        await ctx.log('info', how === 'not-running' ? 'It was not running.' : `Stopped (${how}).`);
      }
      if (state === VmState.Paused) await client.resume(domainName);
      await ctx.progress(40, 'Starting');
      await this.vm.start(networkId, machine, domainName);
      await record();
      const n = (await this.vm.store.machine(networkId, machine))?.currentGeneration;
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
      await this.vm.store.patchMachine(networkId, machine, { health: 'unknown', healthAt: new Date() });
    } else if (action === 'suspend') {
      if (state !== VmState.Paused) await client.suspend(domainName);
      await ctx.log('info', `${machine} is paused; its memory stays allocated.`);
    } else if (action === 'resume') {
      if (state === VmState.Paused) await client.resume(domainName);
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
    if (await this.vm.machineConfigAt(networkId, machine, await this.vm.head(networkId))) {
      await ctx.log('info', `${machine} is in the configuration again; its VM stays.`);
      return { removed: false };
    }
    const row = await this.vm.store.machine(networkId, machine);
    const client = this.vm.libvirt.client;
    if (row?.domainName) {
      const how = await this.vm.stop(row.domainName, ctx, 30_000);
      if (how !== 'not-running') await ctx.log('info', `Stopped ${row.domainName} (${how}).`);
      if ((await client.state(row.domainName)).state !== VmState.Undefined) await client.undefine(row.domainName);
      await ctx.log('info', `Domain ${row.domainName} undefined.`);
    }
    await ctx.progress(40, 'Dropping generations');
    const live = await this.vm.store.live(networkId, machine);
    await this.vm.nix.removeProfile(this.vm.profile(networkId, machine));
    for (const g of live) {
      await this.vm.removeGenerationFiles(networkId, machine, g.number);
      await this.vm.store.patch(g.id, { status: GenerationStatus.Collected });
    }
    await this.vm.nix.deleteIfDead([...new Set(live.map((g) => g.storePath))]);
    await ctx.progress(80, 'Keeping the state disk aside');
    const kept = await this.vm.archiveVmDir(networkId, machine);
    if (kept) await ctx.log('info', `The state disk was kept at ${kept}; delete it when nobody needs its data.`);
    await this.vm.store.patchMachine(networkId, machine, {
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
      ctx.networkId && ctx.machine ? [{ networkId: ctx.networkId, machine: ctx.machine }] : await this.vm.store.machinesWithGenerations();
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
