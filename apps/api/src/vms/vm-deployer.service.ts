import type { PanelNotification } from '@clan/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { NixService } from '../services/nix/nix.service';
import type { JobContext } from '../services/queue/job-context';
import { PubSub } from '../services/queue/pubsub.service';
import { TASK_EVENTS_CHANNEL, type TaskEvent } from '../tasks/task-events';
import { type GenerationEntity, GenerationStatus } from './generation.entity';
import { GenerationsStore } from './generations.service';
import type { HealthOutcome } from './health-probe';
import { MachineConfigs } from './machine-configs.service';
import { MachineStateService } from './machine-state.service';
import { VmGc } from './vm-gc.service';
import { VmJobError } from './vm-job-error';
import { VmManager } from './vm-manager.service';

export type DeployResult = { generation: number; healthy: true; rolledBackTo: null };

/**
 * The decisions of a deployment (docs/vms.md, "Deploy and rollback"): boot a
 * generation and probe it; healthy → keep it (and collect old generations);
 * unhealthy → roll back to the last healthy generation, unless this was
 * itself a rollback or there is no such generation left (collected), each
 * with a sentence for the task's error. Every effect goes through injected
 * services, so vms/deploy.spec.ts drives these decisions with fakes. Run
 * again after a crash, a deployment converges on the same result.
 */
@Injectable()
export class VmDeployer {
  private readonly logger = new Logger('VmDeployer');

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'generationsKeep' | 'role'>,
    private readonly vm: VmManager,
    private readonly generations: GenerationsStore,
    private readonly state: MachineStateService,
    private readonly configs: MachineConfigs,
    private readonly nix: NixService,
    private readonly gc: VmGc,
    private readonly audit: AuditService,
    private readonly pubsub: PubSub,
  ) {}

  /** Deploys generation `n` (`rollback`: it is itself a rollback target, so no further rollback). */
  async deploy(ctx: JobContext, networkId: string, machine: string, n: number, rollback: boolean): Promise<DeployResult> {
    const g = await this.requireGeneration(networkId, machine, n);
    const outcome = await this.boot(ctx, g, 0, 90);
    if (outcome.healthy) {
      await this.markHealthy(g);
      await ctx.progress(95, 'Collecting old generations');
      await this.gc.collect(networkId, machine, this.config.generationsKeep, (t) => ctx.log('info', t));
      await ctx.progress(100, `Generation ${n} is running and healthy`);
      return { generation: n, healthy: true, rolledBackTo: null };
    }

    await this.generations.patch(g.id, { status: GenerationStatus.Unhealthy, note: outcome.reason });
    if (rollback) {
      throw new VmJobError(`Generation ${n} (a rollback target) did not answer its health probe either: ${outcome.reason}.`);
    }
    const row = await this.state.get(networkId, machine);
    const back =
      row?.healthyGeneration != null && row.healthyGeneration !== n
        ? await this.generations.get(networkId, machine, row.healthyGeneration)
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
    await this.generations.patch(g.id, { status: GenerationStatus.RolledBack, rolledBackAt: new Date() });
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

  /** The generation, unless it was collected (or never built). */
  async requireGeneration(networkId: string, machine: string, n: number): Promise<GenerationEntity> {
    const g = await this.generations.get(networkId, machine, n);
    if (!g || g.status === GenerationStatus.Collected) {
      throw new VmJobError(`Generation ${n} of ${machine} no longer exists (collected or never built); build the machine again.`);
    }
    return g;
  }

  /** Lays out and defines generation `g` again (a machine whose domain is gone); returns the domain name. */
  async defineAgain(ctx: JobContext, g: GenerationEntity): Promise<string> {
    await this.vm.prepareGeneration(g, ctx, 5, 30);
    const m = await this.configs.require(g.networkId, g.machine, g.revision);
    await this.vm.ensureStateDisk(g.networkId, g.machine, m.config.resources.stateDiskGiB, ctx);
    return this.vm.define(g, m, ctx);
  }

  /** Lays out, (re)defines and (re)starts generation `g`, then probes it. Progress from → to. */
  private async boot(ctx: JobContext, g: GenerationEntity, from: number, to: number): Promise<HealthOutcome> {
    const span = to - from;
    // The one read and validation of the configuration for this generation's boot; passed along from here.
    const m = await this.configs.require(g.networkId, g.machine, g.revision);
    await ctx.log('info', `Preparing generation ${g.number} (${g.storePath}).`);
    await this.vm.prepareGeneration(g, ctx, from, from + span * 0.3);
    await this.vm.ensureStateDisk(g.networkId, g.machine, m.config.resources.stateDiskGiB, ctx);
    ctx.throwIfCancelled();

    const row = await this.state.ensure(g.networkId, g.machine);
    if (row.domainName) {
      const how = await this.vm.stop(row.domainName, ctx);
      if (how !== 'not-running') await ctx.log('info', `Stopped the running system (${how}).`);
    }
    await ctx.progress(from + span * 0.35, `Defining the VM for generation ${g.number}`);
    const domainName = await this.vm.define(g, m, ctx);
    await ctx.log(
      'info',
      `Domain ${domainName} defined for generation ${g.number} (${m.config.resources.vcpus} vCPU, ${m.config.resources.memoryMiB} MiB).`,
    );
    await ctx.progress(from + span * 0.4, `Starting generation ${g.number}`);
    await this.vm.start(g.networkId, g.machine, domainName);
    await this.generations.patch(g.id, { status: GenerationStatus.Booting, bootedAt: new Date() });
    await this.keepRooted(g);
    await ctx.log('info', `Generation ${g.number} started.`);
    return this.vm.checkHealth(g.networkId, g.machine, g.number, ctx, from + span * 0.45, to);
  }

  /**
   * Keeps the running system from Nix's garbage collector on this host: the
   * panel's host built it into the machine's profile as generation `n`; a
   * worker host (docs/fleet.md) roots it in its own profile of the machine.
   */
  async keepRooted(g: GenerationEntity): Promise<void> {
    const profile = this.nix.profile(g.networkId, g.machine);
    if (this.config.role === 'worker') await this.nix.setProfile(profile, g.storePath);
    else await this.nix.switchProfile(profile, g.number);
  }

  private async markHealthy(g: GenerationEntity): Promise<void> {
    await this.generations.patch(g.id, { status: GenerationStatus.Healthy, healthyAt: new Date(), note: null });
    await this.state.patch(g.networkId, g.machine, { healthyGeneration: g.number });
    await this.state.setDeployedRevision(g.networkId, g.machine, g.revision);
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
}
