import { type LibvirtEvent, type LibvirtEventStream, VmState } from '@clan/libvirt-client';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { VmDisks } from '../services/disk/vm-disks';
import { LibvirtService } from '../services/libvirt/libvirt.service';
import { NixService } from '../services/nix/nix.service';
import type { HostVmDto, HostVmListDto } from './dto/vm.dto';
import { HostIdentity } from '../fleet/host-identity.service';
import { JobName } from '../services/queue/queue.catalogue';
import { TaskStore } from '../tasks/task.store';
import { MachineStateService } from './machine-state.service';

export interface ReconcileReport {
  /** Domains whose machine row now names them (found by their metadata). */
  adopted: string[];
  /** This panel's domains that belong to no machine it knows. */
  unknown: string[];
  /** Machines whose recorded domain libvirt no longer has. */
  missing: string[];
  /** Domains of deleted networks, shut down and undefined (their state disks kept aside). */
  decommissioned: string[];
  /** Domains of machines that moved to another host: this host's copy undefined, its disk kept aside (docs/fleet.md). */
  movedAway: string[];
  /** Machines whose recorded state was brought up to date. */
  updated: number;
}

/**
 * Brings the database in line with libvirt (docs/vms.md, "Reconciliation"):
 * on start and every CLAN_RECONCILE_SECONDS. Never destroys anything: a
 * domain with the panel's name but no machine is flagged, not removed.
 */
@Injectable()
export class VmReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('VmReconciler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReconcileReport> | null = null;
  private unknown = new Set<string>();
  private events: LibvirtEventStream | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly libvirt: LibvirtService,
    private readonly state: MachineStateService,
    private readonly nix: NixService,
    private readonly disks: VmDisks,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    private readonly hosts: HostIdentity,
    private readonly tasks: TaskStore,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () =>
      void this.reconcile().catch((e: unknown) => this.logger.warn(`reconciliation with libvirt failed: ${(e as Error).message}`));
    tick();
    this.timer = setInterval(tick, this.config.reconcileSeconds * 1000);
    this.timer.unref();
    this.watch();
  }

  onModuleDestroy(): void {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.events?.close();
  }

  /**
   * Lifecycle events of this panel's domains (a guest powering itself off, a
   * crash, someone using virsh) trigger a pass at once instead of at the next
   * tick. test:/// connections live in one process, so there are none there.
   */
  private watch(): void {
    if (this.stopping || this.libvirt.uri.startsWith('test:')) return;
    const stream = this.libvirt.client.events();
    this.events = stream;
    stream.on('event', (e: LibvirtEvent) => {
      if (e.type !== 'lifecycle' || !this.libvirt.owns(e.domain)) return;
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(
        () =>
          void this.reconcile().catch((err: unknown) =>
            this.logger.warn(`reconciliation after ${e.event ?? e.type} of ${e.domain} failed: ${(err as Error).message}`),
          ),
        300,
      );
    });
    stream.on('end', () => {
      this.events = null;
      // libvirtd restarted or went away: listen again shortly.
      if (!this.stopping) setTimeout(() => this.watch(), 5000).unref();
    });
  }

  /** One pass; concurrent callers share it. */
  reconcile(): Promise<ReconcileReport> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<ReconcileReport> {
    const report: ReconcileReport = { adopted: [], unknown: [], missing: [], decommissioned: [], movedAway: [], updated: 0 };
    const client = this.libvirt.client;
    const names = (await client.listDomains()).filter((n) => this.libvirt.owns(n));
    // Only the machines placed on this host are this host's to reconcile (docs/fleet.md).
    const self = await this.hosts.selfId();
    const onPanelHost = self === (await this.hosts.panelHostId());
    const all = await this.state.withDomain();
    const rows = all.filter((r) => r.hostId === self || (onPanelHost && r.hostId === null));
    const elsewhere = new Map(all.filter((r) => !rows.includes(r)).map((r) => [r.domainName as string, r]));
    const byDomain = new Map(rows.map((r) => [r.domainName as string, r]));
    const now = new Date();

    for (const name of names) {
      const row = byDomain.get(name);
      const { state } = await client.state(name);
      if (row) {
        if (row.vmState !== state) {
          await this.state.patch(row.networkId, row.name, {
            vmState: state,
            vmStateAt: now,
            ...(isUp(state) ? {} : { health: 'unknown', healthAt: now }),
          });
          report.updated++;
        }
        continue;
      }
      const moved = elsewhere.get(name);
      if (moved) {
        if (await this.moveAway(name, moved.networkId, moved.name)) report.movedAway.push(name);
        continue;
      }
      const meta = await client.getSpec(name).then(
        (s) => s.metadata,
        () => undefined,
      );
      const owner = meta?.network && meta.machine ? await this.state.get(meta.network, meta.machine) : null;
      if (owner && owner.hostId !== null && owner.hostId !== self) continue;
      if (owner && !owner.domainName && this.libvirt.domainName(owner.networkId, owner.name) === name) {
        await this.state.patch(owner.networkId, owner.name, {
          domainName: name,
          currentGeneration: meta?.generation ?? owner.currentGeneration,
          vmState: state,
          vmStateAt: now,
        });
        report.adopted.push(name);
        this.logger.log(`adopted domain ${name} for machine ${owner.name}`);
      } else if (meta?.network && meta.machine && (await this.networkDeleted(meta.network))) {
        await this.decommission(name, meta.network, meta.machine);
        report.decommissioned.push(name);
      } else {
        report.unknown.push(name);
      }
    }

    const present = new Set(names);
    for (const row of rows) {
      if (present.has(row.domainName as string)) continue;
      if (row.vmState !== VmState.Undefined) {
        await this.state.patch(row.networkId, row.name, {
          vmState: VmState.Undefined,
          vmStateAt: now,
          health: 'unknown',
          healthAt: now,
        });
        report.missing.push(row.name);
        this.logger.warn(
          `machine ${row.name}: its domain ${row.domainName} is gone from libvirt; marked missing (start it to define it again)`,
        );
      }
    }
    const fresh = report.unknown.filter((n) => !this.unknown.has(n));
    if (fresh.length) this.logger.warn(`domains named like this panel's but belonging to no machine it knows: ${fresh.join(', ')}`);
    this.unknown = new Set(report.unknown);
    return report;
  }

  /**
   * This host's copy of a machine that now runs on another host: once no move
   * of it is under way, shut off and undefined, its directory (the state disk
   * as it was when it left) kept aside under `<stateDir>/vms-removed/`.
   */
  private async moveAway(domainName: string, networkId: string, machine: string): Promise<boolean> {
    const moving = await this.tasks.activeFor(networkId, machine, [JobName.VmMigrate]);
    if (moving.length) return false;
    const client = this.libvirt.client;
    const { state } = await client.state(domainName);
    if (isUp(state) || state === VmState.ShuttingDown || state === VmState.PmSuspended) await client.destroy(domainName);
    await client.undefine(domainName);
    const kept = await this.disks.archiveVmDir(this.disks.layout(networkId, machine));
    this.logger.log(
      `machine ${machine} runs on another host now: domain ${domainName} undefined here${kept ? `, its old disk kept at ${kept}` : ''}`,
    );
    return true;
  }

  private async networkDeleted(networkId: string): Promise<boolean> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(networkId)) return false;
    return !(await this.networks.exists({ where: { id: networkId } }));
  }

  /**
   * A deleted network's VM: forced off (the network and its configuration are
   * gone), undefined, its profile removed so Nix may collect the systems, and
   * its directory — with the state disk — moved to `<stateDir>/vms-removed/`.
   */
  private async decommission(domainName: string, networkId: string, machine: string): Promise<void> {
    const client = this.libvirt.client;
    const { state } = await client.state(domainName);
    if (isUp(state) || state === VmState.ShuttingDown || state === VmState.PmSuspended) await client.destroy(domainName);
    await client.undefine(domainName);
    await this.nix.removeProfile(this.nix.profile(networkId, machine)).catch(() => undefined);
    const kept = await this.disks.archiveVmDir(this.disks.layout(networkId, machine));
    this.logger.log(
      `network ${networkId} was deleted: domain ${domainName} shut off and undefined${kept ? `, its state disk kept at ${kept}` : ''}`,
    );
  }

  async hostVms(): Promise<HostVmListDto> {
    await this.reconcile();
    const client = this.libvirt.client;
    const names = (await client.listDomains()).filter((n) => this.libvirt.owns(n));
    const rows = await this.state.withDomain();
    const byDomain = new Map(rows.map((r) => [r.domainName as string, r]));
    const items: HostVmDto[] = [];
    for (const name of names.sort()) {
      const row = byDomain.get(name);
      const { state } = await client.state(name);
      const meta = row
        ? null
        : await client.getSpec(name).then(
            (s) => s.metadata,
            () => undefined,
          );
      items.push({
        domainName: name,
        state,
        networkId: row?.networkId ?? meta?.network ?? null,
        machine: row?.name ?? meta?.machine ?? null,
        generation: row?.currentGeneration ?? meta?.generation ?? null,
        known: !!row,
      });
    }
    return { items };
  }
}

function isUp(s: VmState): boolean {
  return s === VmState.Running || s === VmState.Blocked || s === VmState.Paused;
}
