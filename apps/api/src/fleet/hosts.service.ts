import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { ErrorCode } from '@clan/contracts';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { LibvirtService } from '../services/libvirt/libvirt.service';
import { ProcessRunner } from '../services/process/process-runner';
import { WorkerLiveness } from '../services/queue/worker-liveness.service';
import { fleetHttpUrl } from './fleet-connections';
import { HostEnrolmentEntity } from './host-enrolment.entity';
import { readVersions, type HostVersions, measureHost } from './host-facts';
import { HostIdentity, hostNameFrom, type HostState, hostState } from './host-identity.service';
import { HostEntity, type HostFacts } from './host.entity';

/** A host as the API shows it (docs/fleet.md, "Hosts"). */
export interface HostView {
  id: string;
  name: string;
  role: HostEntity['role'];
  state: HostState;
  lastSeenAt: string | null;
  draining: boolean;
  capacity: { cpus: number; memoryBytes: number; diskBytes: number } | null;
  load: { load1: number; memoryAvailableBytes: number; diskFreeBytes: number; vmMemoryBytes: number; runningVms: number } | null;
  versions: HostVersions | null;
  meshAddress: string | null;
  machines: { networkId: string; networkName: string; machine: string; vmState: string }[];
  createdAt: string;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const HOST_NAME_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A host name the admin typed, checked with a sentence. */
export function checkHostName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || !HOST_NAME_RE.test(name)) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `${field}: a host name is 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit (like "garage-nuc").`,
      [{ field, message: 'not a host name' }],
    );
  }
  return name;
}

/**
 * The fleet's hosts: each host's heartbeat (where workers run), the panel's
 * watch for hosts that stopped beating (offline), the Hosts view, and
 * one-time enrolment tokens for new hosts.
 */
@Injectable()
export class HostsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Hosts');
  private beatTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private versions: Promise<HostVersions> | null = null;
  private readonly stateListeners = new Set<(host: HostEntity, state: HostState) => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    @InjectRepository(HostEntity) private readonly hosts: Repository<HostEntity>,
    @InjectRepository(HostEnrolmentEntity) private readonly enrolments: Repository<HostEnrolmentEntity>,
    private readonly identity: HostIdentity,
    private readonly libvirt: LibvirtService,
    private readonly liveness: WorkerLiveness,
    private readonly runner: ProcessRunner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runWorkers) {
      const beat = () => void this.beat().catch((err: unknown) => this.logger.warn(`host heartbeat failed: ${(err as Error).message}`));
      beat();
      this.beatTimer = setInterval(beat, this.config.fleet.heartbeatSeconds * 1000);
      this.beatTimer.unref();
    }
    if (this.config.role === 'panel') {
      const watch = () => void this.watch().catch((err: unknown) => this.logger.warn(`watching hosts failed: ${(err as Error).message}`));
      this.watchTimer = setInterval(watch, this.config.fleet.heartbeatSeconds * 1000);
      this.watchTimer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.beatTimer) clearInterval(this.beatTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
  }

  /** Called with each host that went offline or came back (the panel's watch). */
  onStateChange(listener: (host: HostEntity, state: HostState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** This host is alive: what it measures, its versions, its running VMs. */
  async beat(): Promise<void> {
    const hostId = await this.identity.selfId();
    this.versions ??= readVersions(this.runner, this.config.libvirtUri, this.config.nixBin);
    const [measured, versions, vms] = await Promise.all([measureHost(this.config.stateDir), this.versions, this.runningVms()]);
    const facts: HostFacts = {
      ...measured,
      ...vms,
      versions,
      libvirtUri: this.config.libvirtUri,
      meshAddress: this.config.fleet.address ?? null,
      transferUrl: this.config.fleet.address ? fleetHttpUrl(this.config.fleet.address, this.config.fleet.transferPort) : null,
    };
    await this.hosts.update({ id: hostId }, { heartbeatAt: new Date(), workerId: this.liveness.self.id, facts });
  }

  private async runningVms(): Promise<{ runningVms: number; vmMemoryBytes: number }> {
    try {
      const running = (await this.libvirt.client.listRunning()).filter((n) => this.libvirt.owns(n));
      const infos = await Promise.all(running.map((n) => this.libvirt.client.get(n).catch(() => null)));
      return { runningVms: running.length, vmMemoryBytes: infos.reduce((sum, i) => sum + (i ? i.maxMemoryKiB * 1024 : 0), 0) };
    } catch {
      return { runningVms: 0, vmMemoryBytes: 0 };
    }
  }

  stateOf(host: Pick<HostEntity, 'heartbeatAt'>, now = Date.now()): HostState {
    return hostState(host.heartbeatAt, this.config.fleet.heartbeatSeconds, now);
  }

  /** Marks hosts that stopped beating offline (and ones that came back online), once per transition. */
  async watch(): Promise<void> {
    for (const host of await this.hosts.find()) {
      const state = this.stateOf(host);
      if (state === host.knownState) continue;
      // Conditional: only one process announces a transition.
      const changed = await this.hosts
        .createQueryBuilder()
        .update()
        .set({ knownState: state })
        .where('id = :id AND known_state = :was', { id: host.id, was: host.knownState })
        .execute();
      if (!changed.affected) continue;
      if (state === 'offline')
        this.logger.warn(`host ${host.name} is offline: no heartbeat since ${host.heartbeatAt?.toISOString() ?? 'it enrolled'}`);
      else this.logger.log(`host ${host.name} is back online`);
      for (const l of this.stateListeners) l(host, state);
    }
  }

  async get(id: string): Promise<HostEntity> {
    const host = /^[0-9a-f-]{36}$/i.test(id) ? await this.hosts.findOneBy({ id }) : null;
    if (!host) throw notFound(`Host ${id}`);
    return host;
  }

  async all(): Promise<HostEntity[]> {
    await this.identity.panelHostId();
    return this.hosts.find({ order: { createdAt: 'ASC' } });
  }

  /** States of all hosts by id (for machine views). */
  async states(): Promise<Map<string, { name: string; state: HostState }>> {
    const rows = await this.all();
    return new Map(rows.map((h) => [h.id, { name: h.name, state: this.stateOf(h) }]));
  }

  async views(): Promise<HostView[]> {
    const hosts = await this.all();
    const panel = await this.identity.panelHostId();
    const machines: { host_id: string | null; network_id: string; network_name: string; name: string; vm_state: string }[] =
      await this.ds.query(
        `SELECT m.host_id, m.network_id, n.name AS network_name, m.name, m.vm_state
         FROM machines m JOIN networks n ON n.id = m.network_id
        WHERE m.domain_name IS NOT NULL OR m.host_id IS NOT NULL
        ORDER BY n.name, m.name`,
      );
    const views = hosts.map((h) =>
      this.view(
        h,
        machines.filter((m) => (m.host_id ?? panel) === h.id),
      ),
    );
    return views.sort((a, b) => (a.role === b.role ? 0 : a.role === 'panel' ? -1 : 1));
  }

  async viewOf(id: string): Promise<HostView> {
    const found = (await this.views()).find((v) => v.id === id);
    if (!found) throw notFound(`Host ${id}`);
    return found;
  }

  private view(h: HostEntity, machines: { network_id: string; network_name: string; name: string; vm_state: string }[]): HostView {
    const f = h.facts;
    const state = this.stateOf(h);
    return {
      id: h.id,
      name: h.name,
      role: h.role,
      state,
      lastSeenAt: h.heartbeatAt?.toISOString() ?? null,
      draining: h.draining,
      capacity: f ? { cpus: f.cpus, memoryBytes: f.memoryBytes, diskBytes: f.diskBytes } : null,
      load: f
        ? {
            load1: f.load1,
            memoryAvailableBytes: f.memoryAvailableBytes,
            diskFreeBytes: f.diskFreeBytes,
            vmMemoryBytes: f.vmMemoryBytes,
            runningVms: f.runningVms,
          }
        : null,
      versions: f?.versions ?? null,
      meshAddress: f?.meshAddress ?? null,
      machines: machines.map((m) => ({
        networkId: m.network_id,
        networkName: m.network_name,
        machine: m.name,
        vmState: state === 'offline' ? 'host-offline' : m.vm_state,
      })),
      createdAt: h.createdAt.toISOString(),
    };
  }

  async update(id: string, patch: { name?: string; draining?: boolean }): Promise<HostView> {
    const host = await this.get(id);
    if (patch.name !== undefined && patch.name !== host.name) {
      checkHostName(patch.name);
      if (await this.hosts.existsBy({ name: patch.name }))
        throw conflict(`Another host is already called "${patch.name}"; pick another name.`);
      host.name = patch.name;
    }
    if (patch.draining !== undefined) host.draining = patch.draining;
    await this.hosts.save(host);
    return this.viewOf(id);
  }

  /** Forgets a worker host that runs no machines. */
  async remove(id: string): Promise<void> {
    const host = await this.get(id);
    if (host.role === 'panel') throw conflict('The panel’s own host cannot be removed.');
    const rows: { name: string }[] = await this.ds.query(`SELECT name FROM machines WHERE host_id = $1`, [id]);
    if (rows.length) {
      throw conflict(
        `Host ${host.name} still has ${rows.length} machine${rows.length === 1 ? '' : 's'} (${rows.map((r) => r.name).join(', ')}); drain it first, or restart them elsewhere if it is gone.`,
      );
    }
    if (this.stateOf(host) === 'online')
      throw conflict(`Host ${host.name} is online; stop its worker before removing it, or it would come back.`);
    await this.hosts.delete({ id });
  }

  // --- enrolment -------------------------------------------------------------------------------

  /** A one-time token for a new host; only its hash is kept. */
  async createEnrolment(
    name: string,
    expiresInMinutes: number,
    createdBy: string | null,
  ): Promise<{ enrolment: HostEnrolmentEntity; token: string }> {
    checkHostName(name);
    if (await this.hosts.existsBy({ name })) throw conflict(`A host is already called "${name}"; pick another name.`);
    const pending = await this.enrolments
      .createQueryBuilder('e')
      .where('e.name = :name AND e.used_at IS NULL AND e.expires_at > now()', { name })
      .getExists();
    if (pending) throw conflict(`An enrolment for "${name}" is already waiting; revoke it first, or pick another name.`);
    const token = `clanh_${randomBytes(24).toString('base64url')}`;
    const enrolment = await this.enrolments.save(
      this.enrolments.create({ tokenHash: sha256(token), name, expiresAt: new Date(Date.now() + expiresInMinutes * 60_000), createdBy }),
    );
    return { enrolment, token };
  }

  listEnrolments(): Promise<HostEnrolmentEntity[]> {
    return this.enrolments.find({ order: { createdAt: 'DESC' }, take: 100 });
  }

  async revokeEnrolment(id: string): Promise<void> {
    const e = /^[0-9a-f-]{36}$/i.test(id) ? await this.enrolments.findOneBy({ id }) : null;
    if (!e) throw notFound(`Enrolment ${id}`);
    if (e.usedAt) throw conflict(`This enrolment was already used by host ${e.name}; remove the host instead.`);
    await this.enrolments.delete({ id });
  }

  /**
   * Spends a token (once, before it expires) and records the new host. The
   * answer carries the host's credential; the caller adds what the worker
   * needs to connect.
   */
  async enrol(token: string): Promise<{ host: HostEntity; secret: string }> {
    const hash = sha256(token);
    return this.ds.transaction(async (m) => {
      const e = await m
        .getRepository(HostEnrolmentEntity)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .where('e.token_hash = :hash', { hash })
        .getOne();
      if (!e)
        throw new DomainError(
          ErrorCode.NotFound,
          'This enrolment token is not known here. Copy it again from the panel’s Hosts page, or make a new one.',
        );
      if (e.usedAt) {
        throw new DomainError(
          ErrorCode.Gone,
          `This enrolment token was already used on ${e.usedAt.toISOString()} (host "${e.name}"). A token works once: make a new one on the panel’s Hosts page for another host.`,
        );
      }
      if (e.expiresAt.getTime() <= Date.now()) {
        throw new DomainError(
          ErrorCode.Gone,
          `This enrolment token expired on ${e.expiresAt.toISOString()}. Make a new one on the panel’s Hosts page.`,
        );
      }
      const secret = `clanhs_${randomBytes(32).toString('base64url')}`;
      const host = m.getRepository(HostEntity).create({
        id: randomUUID(),
        name: await this.freeName(m.getRepository(HostEntity), e.name),
        role: 'worker',
        secretHash: sha256(secret),
        heartbeatAt: null,
        knownState: 'offline',
      });
      await m.getRepository(HostEntity).insert(host);
      await m.getRepository(HostEnrolmentEntity).update({ id: e.id }, { usedAt: new Date(), hostId: host.id });
      return { host, secret };
    });
  }

  private async freeName(repo: Repository<HostEntity>, wanted: string): Promise<string> {
    const base = hostNameFrom(wanted);
    if (!(await repo.existsBy({ name: base }))) return base;
    for (let i = 2; ; i++) if (!(await repo.existsBy({ name: `${base}-${i}` }))) return `${base}-${i}`;
  }

  /** The host whose credential this is (a worker asking the panel for something), or null. */
  async bySecret(secret: string): Promise<HostEntity | null> {
    return this.hosts.findOneBy({ secretHash: sha256(secret) });
  }
}
