import { TaskStatus } from '@clan/contracts';
import { VmState } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { VmLayout } from '../services/disk/vm-layout';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import { TasksService } from '../tasks/tasks.service';
import { MachineStateService } from '../vms/machine-state.service';
import { VmDeployer } from '../vms/vm-deployer.service';
import { VmJobError } from '../vms/vm-job-error';
import { VmManager } from '../vms/vm-manager.service';
import { VmMutex } from '../vms/vm-mutex';
import { HostIdentity, suggestHost } from './host-identity.service';
import { HostsService } from './hosts.service';
import { MigrationService } from './migration.service';
import { fetchStateDisk, TransferServer } from './transfer.server';

const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;

/**
 * Moving machines between hosts (docs/fleet.md, "Placement and migration").
 * `vm.migrate` runs on the host the machine moves to: it has the old host
 * stop it (a `vm.power` task on that host's queue), copies the state disk
 * from the old host's file service over the fleet mesh, places the machine
 * here, boots its current generation and waits for its health probe. When
 * the VM does not come up healthy, the machine goes back to the old host and
 * starts there. The old host's reconciler then undefines its copy of the
 * domain and keeps its disk aside.
 */
@Injectable()
export class MigrationJobs {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identity: HostIdentity,
    private readonly hosts: HostsService,
    private readonly migration: MigrationService,
    private readonly tasks: TasksService,
    private readonly state: MachineStateService,
    private readonly vm: VmManager,
    private readonly deployer: VmDeployer,
    private readonly mutex: VmMutex,
    private readonly transfer: TransferServer,
  ) {}

  @JobHandler(JobName.VmMigrate)
  async migrate(ctx: JobContext<JobName.VmMigrate>): Promise<Record<string, unknown>> {
    if (!ctx.networkId || !ctx.machine) throw new VmJobError('This task names no machine.');
    const networkId = ctx.networkId;
    const machine = ctx.machine;
    const { fromHostId, toHostId } = ctx.payload;
    const self = await this.identity.selfId();
    if (self !== toHostId) throw new VmJobError('This move reached the wrong host; start it again.');
    if (!fromHostId) throw new VmJobError('Restarting a machine on another host from its last backup is not available yet.');
    const [from, to] = [await this.hosts.get(fromHostId), await this.hosts.get(toHostId)];
    const row = await this.state.get(networkId, machine);
    const n = row?.currentGeneration;
    if (!n) throw new VmJobError(`${machine} has no generation to boot; deploy it first.`);
    const placedHere = (row.hostId ?? (await this.identity.panelHostId())) === toHostId;
    let copied = 0;

    if (!placedHere) {
      await ctx.progress(5, `Stopping ${machine} on ${from.name}`);
      await ctx.log('info', `Moving ${machine} from ${from.name} to ${to.name} (cold: stop, copy the state disk, boot here).`);
      const stop = await this.tasks.start(
        JobName.VmPower,
        { action: 'stop' },
        { userId: ctx.userId, networkId, machine, hostId: fromHostId },
      );
      const stopped = await this.migration.waitFor(stop.taskId, ctx.signal);
      if (stopped !== TaskStatus.Succeeded) {
        throw new VmJobError(
          `${from.name} could not stop ${machine} (task ${stop.taskId} ${stopped}); nothing was moved and it stays there.`,
        );
      }
      const url = from.facts?.transferUrl;
      if (!url)
        throw new VmJobError(
          `${from.name} has no file service in the fleet mesh (CLAN_FLEET_ADDRESS); its disk cannot be copied. It stays there, stopped.`,
        );
      await ctx.progress(20, `Copying the state disk from ${from.name}`);
      const ticket = await this.transfer.ticket({ networkId, machine, hostId: fromHostId });
      const layout = new VmLayout(this.config.stateDir, networkId, machine);
      try {
        copied = await fetchStateDisk(url, ticket, layout.stateDisk, ctx.signal);
      } catch (err) {
        await this.startOn(ctx, fromHostId);
        throw new VmJobError(
          `Copying the state disk from ${from.name} failed (${(err as Error).message}); ${machine} is started again there.`,
        );
      }
      await ctx.log('info', `State disk copied from ${from.name} (${mib(copied)}).`);
    }

    return this.mutex.run(networkId, machine, ctx.signal, async () => {
      await this.state.patch(networkId, machine, { hostId: toHostId });
      await ctx.progress(45, `Booting generation ${n} on ${to.name}`);
      const g = await this.deployer.requireGeneration(networkId, machine, n);
      const domainName = await this.deployer.defineAgain(ctx, g);
      await this.vm.start(networkId, machine, domainName);
      await this.deployer.keepRooted(g);
      await this.state.patch(networkId, machine, { vmState: await this.vm.domainState(domainName), vmStateAt: new Date() });
      const health = await this.vm.checkHealth(networkId, machine, n, ctx, 60, 97);
      if (!health.healthy && !placedHere) {
        await ctx.log(
          'warn',
          `Generation ${n} did not answer its health probe on ${to.name} (${health.reason}); moving ${machine} back to ${from.name}.`,
        );
        await this.vm.stop(domainName, ctx, 30_000);
        await this.vm.undefine(domainName);
        await this.state.patch(networkId, machine, { hostId: fromHostId, vmState: VmState.ShutOff, vmStateAt: new Date() });
        await this.startOn(ctx, fromHostId);
        throw new VmJobError(`${machine} did not come up healthy on ${to.name} (${health.reason}); it was started again on ${from.name}.`);
      }
      if (!health.healthy) throw new VmJobError(`${machine} runs on ${to.name} but did not answer its health probe: ${health.reason}.`);
      await ctx.progress(100, `${machine} runs on ${to.name}`);
      return { from: from.name, to: to.name, generation: n, copiedBytes: copied, healthy: true };
    });
  }

  /** Starts the machine on `hostId` again (after a failed move). */
  private async startOn(ctx: JobContext<JobName.VmMigrate>, hostId: string): Promise<void> {
    const t = await this.tasks.start(
      JobName.VmPower,
      { action: 'start' },
      { userId: ctx.userId, networkId: ctx.networkId, machine: ctx.machine, hostId },
    );
    await ctx.log('info', `Started ${ctx.machine} again on its old host (task ${t.taskId}).`);
  }

  @JobHandler(JobName.HostDrain)
  async drain(ctx: JobContext<JobName.HostDrain>): Promise<Record<string, unknown>> {
    const host = await this.hosts.get(ctx.payload.hostId);
    const view = await this.hosts.viewOf(host.id);
    const moved: string[] = [];
    const total = view.machines.length;
    await ctx.log('info', `Draining ${host.name}: ${total} machine${total === 1 ? '' : 's'} to move.`);
    for (const [i, m] of view.machines.entries()) {
      ctx.throwIfCancelled();
      const target = suggestHost(await this.migration.withStates(), host.id);
      if (!target)
        throw new VmJobError(`No other host is online and not draining; ${m.networkName}/${m.machine} and the rest stay on ${host.name}.`);
      await ctx.progress(Math.round((i / Math.max(total, 1)) * 100), `Moving ${m.networkName}/${m.machine} to ${target.name}`);
      const row = await this.state.get(m.networkId, m.machine);
      if (!row?.currentGeneration) {
        await this.state.patch(m.networkId, m.machine, { hostId: target.id });
        await ctx.log('info', `${m.networkName}/${m.machine} was never deployed; it is placed on ${target.name} now.`);
        continue;
      }
      const t = await this.tasks.start(
        JobName.VmMigrate,
        { fromHostId: host.id, toHostId: target.id, reason: 'drain' },
        { userId: ctx.userId, networkId: m.networkId, machine: m.machine, hostId: target.id },
      );
      const status = await this.migration.waitFor(t.taskId, ctx.signal);
      if (status !== TaskStatus.Succeeded)
        throw new VmJobError(`Moving ${m.networkName}/${m.machine} failed (task ${t.taskId}); the drain stops here.`);
      moved.push(`${m.networkName}/${m.machine} → ${target.name}`);
      await ctx.log('info', `Moved ${m.networkName}/${m.machine} to ${target.name}.`);
    }
    await ctx.progress(100, `${host.name} is empty`);
    return { host: host.name, moved };
  }
}
