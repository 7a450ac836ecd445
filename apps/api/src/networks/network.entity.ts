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

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
