import { NetworkSystem } from '@clan/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'networks' })
export class NetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** DNS-safe slug: used in `<device>.<network>.clan` and repository paths. */
  @Index('UQ_networks_name', { unique: true })
  @Column({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** What its machines run: NixOS (the cLAN flake, needs nixpkgs) or the demo system (nix/test-system). */
  @Column({ type: 'varchar', length: 16, default: NetworkSystem.Nixos })
  system!: NetworkSystem;

  /**
   * The git flake its `clan` input follows, pinned by the repository's flake.lock
   * (docs/updates.md); null: the panel's own flake or the demo system, as the host's settings say.
   */
  @Column({ type: 'text', nullable: true, default: null })
  upstream!: string | null;

  /**
   * When a scheduled (automatic) rollout may start, in the host's time: the
   * days of the week (0 = Sunday) and a span of hours ("02:00"–"05:00"; an end
   * before the start runs past midnight). null: any time.
   */
  @Column({ type: 'jsonb', name: 'update_window', nullable: true, default: null })
  updateWindow!: UpdateWindow | null;

  /** Automatic updates (opt-in): a check that finds an update builds its preview and rolls it out in the next window. */
  @Column({ type: 'boolean', name: 'auto_update', default: false })
  autoUpdate!: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** A network's maintenance window (docs/updates.md). */
export interface UpdateWindow {
  days: number[];
  start: string;
  end: string;
}
