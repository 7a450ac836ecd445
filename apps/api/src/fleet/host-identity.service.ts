import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { JobName, placementOf, queueNameFor } from '../services/queue/queue.catalogue';

/** What `clan-panel worker enrol` writes into a worker's state directory (mode 0600). */
export interface EnrolledHostFile {
  hostId: string;
  name: string;
  /** The host's credential (the panel keeps its sha256). */
  secret: string;
  panelUrl: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  heartbeatSeconds: number;
  /** The panel's store as a binary cache, and the key to trust for it. */
  cacheUrl: string;
  cachePublicKey: string;
}

export const ENROLMENT_FILE = 'host.json';

export type HostState = 'online' | 'offline';

/** A host is online while its last heartbeat is at most three beats old (docs/fleet.md, "Hosts"). */
export function hostState(heartbeatAt: Date | string | null | undefined, heartbeatSeconds: number, now = Date.now()): HostState {
  return heartbeatAt && now - new Date(heartbeatAt).getTime() <= heartbeatSeconds * 3000 ? 'online' : 'offline';
}

/**
 * The host the panel would place a machine on: online, not draining, most
 * memory available, then most free disk (null when none qualifies).
 */
export function suggestHost<
  H extends { id: string; draining: boolean; facts: { memoryAvailableBytes?: number; diskFreeBytes?: number } | null },
>(hosts: readonly (H & { state: HostState })[], except: string | null = null): H | null {
  const usable = hosts.filter((h) => h.state === 'online' && !h.draining && h.id !== except);
  usable.sort(
    (a, b) =>
      (b.facts?.memoryAvailableBytes ?? 0) - (a.facts?.memoryAvailableBytes ?? 0) ||
      (b.facts?.diskFreeBytes ?? 0) - (a.facts?.diskFreeBytes ?? 0),
  );
  return usable[0] ?? null;
}

export interface MachinePlacement {
  id: string;
  name: string;
  state: HostState;
  /** The machine runs on this process's host (its libvirt is the one this process talks to). */
  local: boolean;
}

/** A host name: what a DNS label allows. */
export function hostNameFrom(raw: string): string {
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return name || 'host';
}

export class NotEnrolledError extends Error {
  constructor(stateDir: string) {
    super(
      `This worker is not enrolled: ${join(stateDir, ENROLMENT_FILE)} is missing. Run "clan-panel worker enrol --panel <panel URL> --token <token>" with a token from the panel's Hosts page first.`,
    );
  }
}

/**
 * Which host this process is (docs/fleet.md): the panel's host — its row is
 * made at the first start — or an enrolled worker host (its enrolment file).
 * Also where a task's job goes: the catalogue's queue, or the queue of the
 * host that owns the task's machine.
 */
@Injectable()
export class HostIdentity {
  private self: Promise<string> | null = null;
  private panel: Promise<string> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  /** This process's host id. */
  selfId(): Promise<string> {
    this.self ??= (this.config.role === 'worker' ? this.enrolled().then((f) => f.hostId) : this.panelHostId()).catch((err: unknown) => {
      this.self = null;
      throw err;
    });
    return this.self;
  }

  /** The enrolment of this worker host. */
  async enrolled(): Promise<EnrolledHostFile> {
    try {
      return JSON.parse(await readFile(join(this.config.stateDir, ENROLMENT_FILE), 'utf8')) as EnrolledHostFile;
    } catch {
      throw new NotEnrolledError(this.config.stateDir);
    }
  }

  /** The panel's host: made on first use (the first start), found afterwards. */
  panelHostId(): Promise<string> {
    this.panel ??= this.ensurePanelHost().catch((err: unknown) => {
      this.panel = null;
      throw err;
    });
    return this.panel;
  }

  private async ensurePanelHost(): Promise<string> {
    const found = await this.ds.query(`SELECT id FROM hosts WHERE role = 'panel'`);
    if (found[0]) return (found[0] as { id: string }).id;
    const base = hostNameFrom(hostname());
    for (const name of [base, `${base}-panel`, `panel-${randomUUID().slice(0, 8)}`]) {
      // The partial unique index on role = 'panel' settles two processes starting at once.
      await this.ds.query(`INSERT INTO hosts (id, name, role) VALUES ($1, $2, 'panel') ON CONFLICT DO NOTHING`, [randomUUID(), name]);
      const rows = await this.ds.query(`SELECT id FROM hosts WHERE role = 'panel'`);
      if (rows[0]) return (rows[0] as { id: string }).id;
    }
    throw new Error('could not record the panel’s host');
  }

  /** The host a machine runs on (its placement, else the panel's host). */
  async hostOfMachine(networkId: string, machine: string): Promise<string> {
    const rows: { host_id: string | null }[] = await this.ds.query(`SELECT host_id FROM machines WHERE network_id = $1 AND name = $2`, [
      networkId,
      machine,
    ]);
    return rows[0]?.host_id ?? (await this.panelHostId());
  }

  /** A machine's host: its name, whether it is online (by its heartbeat), and whether it is this process's host. */
  async placementOf(networkId: string, machine: string): Promise<MachinePlacement> {
    const id = await this.hostOfMachine(networkId, machine);
    const rows: { name: string; heartbeat_at: Date | null }[] = await this.ds.query(`SELECT name, heartbeat_at FROM hosts WHERE id = $1`, [
      id,
    ]);
    const state = hostState(rows[0]?.heartbeat_at, this.config.fleet.heartbeatSeconds);
    return { id, name: rows[0]?.name ?? 'unknown host', state, local: id === (await this.selfId()) };
  }

  /**
   * Places a machine that runs nowhere yet (no host chosen, no VM) on the
   * host `suggestHost` picks; the panel's host when none qualifies. Returns its host.
   */
  async placeIfNew(networkId: string, machine: string): Promise<string> {
    const rows: { host_id: string | null; domain_name: string | null }[] = await this.ds.query(
      `SELECT host_id, domain_name FROM machines WHERE network_id = $1 AND name = $2`,
      [networkId, machine],
    );
    if (rows[0]?.host_id || rows[0]?.domain_name) return this.hostOfMachine(networkId, machine);
    const hosts: {
      id: string;
      draining: boolean;
      heartbeat_at: Date | null;
      facts: { memoryAvailableBytes?: number; diskFreeBytes?: number } | null;
    }[] = await this.ds.query(`SELECT id, draining, heartbeat_at, facts FROM hosts`);
    const chosen =
      suggestHost(hosts.map((h) => ({ ...h, state: hostState(h.heartbeat_at, this.config.fleet.heartbeatSeconds) })))?.id ??
      (await this.panelHostId());
    // Only a machine still placed nowhere: two first deployments at once agree on the first answer.
    await this.ds.query(
      `INSERT INTO machines (network_id, name, host_id) VALUES ($1, $2, $3)
       ON CONFLICT (network_id, name) DO UPDATE SET host_id = EXCLUDED.host_id WHERE machines.host_id IS NULL AND machines.domain_name IS NULL`,
      [networkId, machine, chosen],
    );
    return this.hostOfMachine(networkId, machine);
  }

  /** Machines this host runs: placed here, or (on the panel's host) placed nowhere yet. */
  async ownsMachine(networkId: string, machine: string): Promise<boolean> {
    return (await this.hostOfMachine(networkId, machine)) === (await this.selfId());
  }

  /** The queue a task's job goes to (docs/fleet.md, "Work goes to the right host"). */
  async queueFor(
    jobName: JobName,
    origin: { hostId?: string | null; networkId?: string | null; machine?: string | null },
  ): Promise<string> {
    if (placementOf(jobName) === 'panel') return queueNameFor(jobName, null);
    let hostId = origin.hostId ?? null;
    if (!hostId && origin.networkId && origin.machine) {
      // A machine's first deployment places it; everything else goes where it is.
      hostId =
        jobName === JobName.VmDeploy
          ? await this.placeIfNew(origin.networkId, origin.machine)
          : await this.hostOfMachine(origin.networkId, origin.machine);
    }
    return queueNameFor(jobName, hostId ?? (await this.selfId()));
  }
}
