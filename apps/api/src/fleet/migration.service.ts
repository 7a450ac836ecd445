import { isTerminalTaskStatus, TaskStatus } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../common/errors/domain-error';
import { JobName } from '../services/queue/queue.catalogue';
import { TaskStore } from '../tasks/task.store';
import { TasksService } from '../tasks/tasks.service';
import { MachineStateService } from '../vms/machine-state.service';
import { VmTasks } from '../vms/vm-tasks.service';
import type { PlacementDto } from './dto/fleet.dto';
import { HostIdentity, suggestHost } from './host-identity.service';
import type { HostEntity } from './host.entity';
import { HostsService } from './hosts.service';

/**
 * Placement and migration (docs/fleet.md): where a machine runs, moving it
 * to another host (a `vm.migrate` task on the host it moves to), draining a
 * host, and restarting the machines of a lost host elsewhere.
 */
@Injectable()
export class MigrationService {
  constructor(
    private readonly hosts: HostsService,
    private readonly identity: HostIdentity,
    private readonly tasks: TasksService,
    private readonly taskStore: TaskStore,
    private readonly state: MachineStateService,
    private readonly vmTasks: VmTasks,
  ) {}

  /** Every host with its state by heartbeat. */
  async withStates(): Promise<(HostEntity & { state: 'online' | 'offline' })[]> {
    return (await this.hosts.all()).map((h) => Object.assign(h, { state: this.hosts.stateOf(h) }));
  }

  async placement(networkId: string, machine: string): Promise<PlacementDto> {
    const hostId = await this.identity.hostOfMachine(networkId, machine);
    const hosts = await this.withStates();
    const current = hosts.find((h) => h.id === hostId);
    if (!current) throw notFound(`The host of ${machine}`);
    const suggested = suggestHost(hosts, hostId);
    return {
      hostId,
      hostName: current.name,
      hostState: current.state,
      hosts: hosts.map((h) => ({
        id: h.id,
        name: h.name,
        state: h.state,
        draining: h.draining,
        memoryAvailableBytes: h.facts?.memoryAvailableBytes ?? null,
        diskFreeBytes: h.facts?.diskFreeBytes ?? null,
        suggested: h.id === suggested?.id,
      })),
    };
  }

  /** Chooses the host of a machine that has not been deployed yet (afterwards it moves by migration). */
  async setPlacement(networkId: string, machine: string, hostId: string): Promise<PlacementDto> {
    const row = await this.state.get(networkId, machine);
    if (row?.domainName || row?.currentGeneration) {
      throw conflict(`${machine} already runs on a host; move it instead (Move to another host), which takes its disk along.`);
    }
    const hosts = await this.withStates();
    const to = hosts.find((h) => h.id === hostId);
    if (!to) throw notFound(`Host ${hostId}`);
    if (to.draining) throw conflict(`Host ${to.name} is being drained; it takes no new machines.`);
    await this.state.ensure(networkId, machine);
    await this.state.patch(networkId, machine, { hostId });
    return this.placement(networkId, machine);
  }

  /** Checks the move of `machine` to `toHostId` and says why not in a sentence. */
  private async checkMove(networkId: string, machine: string, toHostId: string, restartElsewhere: boolean) {
    const row = await this.state.get(networkId, machine);
    if (!row?.currentGeneration) throw conflict(`${machine} has not been deployed yet; there is nothing to move. Deploy it first.`);
    const fromHostId = row.hostId ?? (await this.identity.panelHostId());
    const hosts = await this.withStates();
    const to = hosts.find((h) => h.id === toHostId);
    const from = hosts.find((h) => h.id === fromHostId);
    if (!to) throw notFound(`Host ${toHostId}`);
    if (toHostId === fromHostId) throw conflict(`${machine} already runs on ${to.name}.`);
    if (to.state !== 'online') throw conflict(`Host ${to.name} is offline; a machine can only move to a host that is online.`);
    if (to.draining) throw conflict(`Host ${to.name} is being drained; it takes no new machines. Pick another host or stop draining it.`);
    if (restartElsewhere && from?.state === 'online') {
      throw conflict(`${from.name}, the host of ${machine}, is online: move the machine instead (it keeps everything up to now).`);
    }
    if (!restartElsewhere && from?.state === 'offline') {
      throw conflict(
        `${from.name}, the host of ${machine}, is offline, so its disk cannot be copied. Wait for it to come back, or restart the machine elsewhere from its last backup.`,
      );
    }
    return { fromHostId, to };
  }

  async startMigrate(networkId: string, machine: string, toHostId: string, userId: string | null): Promise<{ taskId: string }> {
    const { fromHostId } = await this.checkMove(networkId, machine, toHostId, false);
    return this.vmTasks.start(
      JobName.VmMigrate,
      { fromHostId, toHostId, reason: 'admin' },
      { userId, networkId, machine, hostId: toHostId },
    );
  }

  async startRestartElsewhere(networkId: string, machine: string, toHostId: string, userId: string | null): Promise<{ taskId: string }> {
    await this.checkMove(networkId, machine, toHostId, true);
    return this.vmTasks.start(
      JobName.VmMigrate,
      { fromHostId: null, toHostId, reason: 'restart-elsewhere' },
      { userId, networkId, machine, hostId: toHostId },
    );
  }

  async startDrain(hostId: string, userId: string | null): Promise<{ taskId: string }> {
    const host = await this.hosts.get(hostId);
    if (this.hosts.stateOf(host) === 'offline') {
      throw conflict(
        `Host ${host.name} is offline, so its machines cannot be copied off it. Restart them elsewhere from their backups instead.`,
      );
    }
    const others = (await this.withStates()).filter((h) => h.id !== hostId && h.state === 'online' && !h.draining);
    if (!others.length) throw conflict(`There is no other online host to move the machines of ${host.name} to; add a host first.`);
    await this.hosts.update(hostId, { draining: true });
    return this.tasks.start(JobName.HostDrain, { hostId }, { userId });
  }

  /** Waits for a task to end; its status. */
  async waitFor(taskId: string, signal: AbortSignal): Promise<TaskStatus> {
    for (;;) {
      const t = await this.taskStore.find(taskId);
      if (!t) return TaskStatus.Failed;
      if (isTerminalTaskStatus(t.status)) return t.status;
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('cancelled');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
