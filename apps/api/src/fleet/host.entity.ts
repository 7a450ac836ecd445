import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** panel: the host the panel runs on (the fleet's first); worker: a host enrolled with a token, running `clan-panel worker`. */
export type HostRole = 'panel' | 'worker';

/** What a host's process reports with every heartbeat (docs/fleet.md, "Hosts"). */
export interface HostFacts {
  /** Logical CPUs. */
  cpus: number;
  memoryBytes: number;
  memoryAvailableBytes: number;
  /** The filesystem of the host's state directory (VM disks live there). */
  diskBytes: number;
  diskFreeBytes: number;
  /** 1-minute load average. */
  load1: number;
  /** Memory the host's running VMs were given (their libvirt domains). */
  vmMemoryBytes: number;
  runningVms: number;
  versions: { panel: string; node: string; libvirt: string | null; qemu: string | null; nix: string | null };
  /** The libvirt connection the host's worker uses. */
  libvirtUri: string;
  /** The host's address inside the fleet mesh (null: the panel host without a fleet interface). */
  meshAddress: string | null;
  /** The host's file service for migrations (http://<mesh address>:<port>), null on a host without one. */
  transferUrl: string | null;
}

/**
 * One host of the fleet. The panel's own host is created at its first start;
 * more hosts come by enrolment (host-enrolment.entity.ts). Online is decided
 * by the heartbeat: a host whose `heartbeat_at` is older than
 * CLAN_HOST_OFFLINE_SECONDS is offline (HostsService.state).
 */
@Entity({ name: 'hosts' })
@Index('UQ_hosts_panel', ['role'], { unique: true, where: `"role" = 'panel'` })
export class HostEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: HostRole;

  /** Last heartbeat of the host's worker (null: never seen since enrolment). */
  @Column({ type: 'timestamptz', name: 'heartbeat_at', nullable: true })
  heartbeatAt!: Date | null;

  /** The worker process that sent it (`<hostname>:<pid>:<start-ms>`). */
  @Column({ type: 'varchar', length: 128, name: 'worker_id', nullable: true })
  workerId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  facts!: HostFacts | null;

  /** No new machines are placed here; a drain moves its machines away. */
  @Column({ type: 'boolean', default: false })
  draining!: boolean;

  /** The state the panel last published, so a transition (online ↔ offline) is announced once. */
  @Column({ type: 'varchar', length: 16, name: 'known_state', default: 'online' })
  knownState!: 'online' | 'offline';

  /** sha256 of the host's credential (workers only): it proves a worker is this host when it asks the panel for things. */
  @Column({ type: 'varchar', length: 64, name: 'secret_hash', nullable: true })
  secretHash!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
