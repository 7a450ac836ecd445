import { ErrorCode } from '@clan/contracts';
import { VmState } from '@clan/libvirt-client';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/authz/principal';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { MachinesService } from '../configs/machines.service';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { VmDisks } from '../services/disk/vm-disks';
import { GuestRefusedError, GuestUnreachableError } from '../services/guest/guest-channel';
import { Guests } from '../services/guest/guest.service';
import { LibvirtService } from '../services/libvirt/libvirt.service';
import { JobName, type VmPowerAction } from '../services/queue/queue.catalogue';
import { TasksService } from '../tasks/tasks.service';
import type { GenerationDto, GenerationListDto, GuestFactsDto, HealthState, HostVmListDto, SerialLogDto, VmSummaryDto } from './dto/vm.dto';
import { type GenerationEntity, GenerationStatus } from './generation.entity';
import { GenerationsStore } from './generations.service';
import { MachineConfigs } from './machine-configs.service';
import { HostIdentity } from '../fleet/host-identity.service';
import { MachineStateService } from './machine-state.service';
import { VmReconciler } from './vm-reconciler.service';
import { VmTasks } from './vm-tasks.service';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The read side of the VM manager and the entry points of its tasks. */
@Injectable()
export class VmsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'generationsKeep'>,
    private readonly state: MachineStateService,
    private readonly store: GenerationsStore,
    private readonly configs: MachineConfigs,
    private readonly libvirt: LibvirtService,
    private readonly disks: VmDisks,
    private readonly vmTasks: VmTasks,
    private readonly tasks: TasksService,
    private readonly machines: MachinesService,
    private readonly reconciler: VmReconciler,
    private readonly guests: Guests,
    private readonly hosts: HostIdentity,
  ) {}

  async summary(networkId: string, machine: string): Promise<VmSummaryDto> {
    const m = await this.machines.get(networkId, machine);
    const row = await this.state.get(networkId, machine);
    const host = await this.hosts.placementOf(networkId, machine);
    let state: VmState | 'host-offline' = VmState.Undefined;
    // A VM on another host: as that host's reconciler last recorded it; nothing is known while the host is offline.
    if (host.state === 'offline') state = 'host-offline';
    else if (!host.local) state = (row?.vmState as VmState | undefined) ?? VmState.Undefined;
    else if (row?.domainName) state = (await this.libvirt.client.state(row.domainName)).state;
    const latest = await this.store.latest(networkId, machine);
    const active = (await this.vmTasks.active(networkId, machine)).at(-1) ?? null;
    const running = state === VmState.Running || state === VmState.Blocked || state === VmState.Paused;
    const resources = m.effective['resources'] as { vcpus: number; memoryMiB: number; stateDiskGiB: number };
    return {
      networkId,
      machine,
      domainName: row?.domainName ?? null,
      state,
      host: { id: host.id, name: host.name, state: host.state },
      bootedAt: iso(row?.bootedAt),
      uptimeSeconds: running && row?.bootedAt ? Math.max(0, Math.round((Date.now() - row.bootedAt.getTime()) / 1000)) : null,
      currentGeneration: row?.currentGeneration ?? null,
      healthyGeneration: row?.healthyGeneration ?? null,
      latestGeneration: latest?.number ?? null,
      health: running ? ((row?.health as HealthState | undefined) ?? 'unknown') : 'unknown',
      healthAt: iso(row?.healthAt),
      deployedRevision: row?.deployedRevision ?? null,
      drift: m.drift,
      addresses: meshAddresses(m.effective['mesh']),
      vcpus: resources.vcpus,
      memoryMiB: resources.memoryMiB,
      stateDiskGiB: resources.stateDiskGiB,
      activeTask: active
        ? { id: active.id, type: active.type, status: active.status, progress: active.progress, message: active.message ?? null }
        : null,
    };
  }

  async generations(networkId: string, machine: string, limit: number, offset: number): Promise<GenerationListDto> {
    await this.requireKnown(networkId, machine);
    const row = await this.state.get(networkId, machine);
    const { items, total } = await this.store.list(networkId, machine, limit, offset);
    return {
      items: items.map((g) => toGenerationDto(g, row?.currentGeneration ?? null, row?.healthyGeneration ?? null)),
      total,
    };
  }

  async power(principal: Principal, networkId: string, machine: string, action: VmPowerAction) {
    await this.machines.get(networkId, machine);
    const host = await this.hosts.placementOf(networkId, machine);
    if (host.state === 'offline') {
      throw conflict(`${machine} runs on host ${host.name}, which is offline; power actions wait until it is back (see Hosts).`);
    }
    // A power action is libvirt's alone: refuse it now (503, what to do) rather than queue a task that cannot run.
    if (host.local) await this.libvirt.requireReachable();
    return this.vmTasks.start(JobName.VmPower, { action }, { userId: principal.userId, networkId, machine });
  }

  async deploy(principal: Principal, networkId: string, machine: string, revision: string | undefined) {
    await this.machines.get(networkId, machine);
    const sha = revision ? await this.configs.resolveRevision(networkId, revision) : await this.configs.head(networkId);
    if (!sha) throw notFound(`Revision ${revision}`);
    // A build of this revision already queued or running is the answer: one build per revision.
    const { taskId } = await this.vmTasks.build(sha, 'manual', { userId: principal.userId, networkId, machine }, { exclusive: true });
    return { taskId };
  }

  async rollback(principal: Principal, networkId: string, machine: string, number: number) {
    await this.requireKnown(networkId, machine);
    const g = await this.store.get(networkId, machine, number);
    if (!g) throw notFound(`Generation ${number} of ${machine}`);
    if (g.status === GenerationStatus.Collected) {
      throw conflict(`Generation ${number} of ${machine} was garbage-collected; its system is gone. Pick a newer generation.`);
    }
    return this.vmTasks.start(JobName.VmDeploy, { generation: number, rollback: true }, { userId: principal.userId, networkId, machine });
  }

  async gc(principal: Principal, keep: number | undefined) {
    return this.tasks.start(JobName.GenerationsGc, { keep: keep ?? this.config.generationsKeep }, { userId: principal.userId });
  }

  async serialLog(networkId: string, machine: string, tail: number): Promise<SerialLogDto> {
    await this.requireKnown(networkId, machine);
    return this.disks.readTail(this.disks.layout(networkId, machine).serialLog, tail);
  }

  /** FACTS from the VM controller inside the running machine. */
  async guestFacts(networkId: string, machine: string): Promise<GuestFactsDto> {
    await this.requireKnown(networkId, machine);
    const row = await this.state.get(networkId, machine);
    const state = row?.domainName ? (await this.libvirt.client.state(row.domainName)).state : VmState.Undefined;
    if (state !== VmState.Running) throw conflict(`${machine} ${notRunningWords(state)}; start it to see inside it.`);
    try {
      return await this.guests.facts({ networkId, machine, socketPath: this.disks.layout(networkId, machine).healthSocket });
    } catch (e) {
      if (e instanceof GuestUnreachableError)
        throw new DomainError(
          ErrorCode.GuestUnavailable,
          `${e.message} It may still be booting: try again in a minute; if it stays silent, look at the machine's serial console.`,
        );
      if (e instanceof GuestRefusedError)
        throw new DomainError(ErrorCode.GuestUnavailable, `The controller inside ${machine} refused: ${e.message}`);
      throw e;
    }
  }

  hostVms(): Promise<HostVmListDto> {
    return this.reconciler.hostVms();
  }

  /** In the configuration now, or still has generations/a VM (a machine removed from it). */
  private async requireKnown(networkId: string, machine: string): Promise<void> {
    try {
      await this.machines.get(networkId, machine);
    } catch (e) {
      const row = await this.state.get(networkId, machine);
      if (!row?.domainName && !(await this.store.latest(networkId, machine))) throw e;
    }
  }
}

/**
 * The machine's addresses in its network's mesh: those of its `mesh` section,
 * which the panel renders from the mesh's peers (the Mesh tab's source),
 * without the prefix length ("10.100.0.2/24" → "10.100.0.2").
 */
export function meshAddresses(section: unknown): string[] {
  const addresses = (section as { enable?: unknown; addresses?: unknown } | undefined)?.addresses;
  if (!Array.isArray(addresses)) return [];
  return addresses.filter((a): a is string => typeof a === 'string').map((a) => a.replace(/\/\d+$/, ''));
}

export function toGenerationDto(g: GenerationEntity, current: number | null, healthy: number | null): GenerationDto {
  return {
    number: g.number,
    revision: g.revision,
    storePath: g.storePath,
    closureBytes: g.closureBytes === null ? null : Number(g.closureBytes),
    status: g.status,
    current: g.number === current,
    lastHealthy: g.number === healthy,
    taskId: g.taskId,
    builtAt: g.builtAt.toISOString(),
    bootedAt: iso(g.bootedAt),
    healthyAt: iso(g.healthyAt),
    rolledBackAt: iso(g.rolledBackAt),
    note: g.note,
  };
}

/** Why a machine's VM is not running, as the end of a sentence about the machine ("files is shut off"). */
export function notRunningWords(state: VmState | string): string {
  switch (state) {
    case VmState.Undefined:
      return 'has no VM yet (it was never deployed, or its VM was removed)';
    case VmState.ShutOff:
      return 'is shut off';
    case VmState.Paused:
      return 'is paused';
    case VmState.ShuttingDown:
      return 'is shutting down';
    case VmState.Crashed:
      return 'has crashed';
    case VmState.PmSuspended:
      return 'is suspended';
    default:
      return `is not running (libvirt says ${state})`;
  }
}
