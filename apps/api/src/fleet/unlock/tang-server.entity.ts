import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { HostEntity } from '../host.entity';

/**
 * A host's Tang server (docs/fleet-unlock.md, "Tang servers"). The admin writes `enabled`; the
 * host's worker writes what it serves (`url`, `thumbprints`, `reported_at`) and its sealing key.
 */
@Entity({ name: 'tang_servers' })
export class TangServerEntity {
  @PrimaryColumn({ type: 'uuid', name: 'host_id' })
  hostId!: string;

  @OneToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id' })
  host?: HostEntity;

  @Column({ type: 'boolean', default: false })
  enabled!: boolean;

  /** http://<fleet address>:<CLAN_TANG_PORT>, as the host serves it (null: not serving). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  url!: string | null;

  /** S256 thumbprints of the signing keys the host's advertisement is signed with now. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  thumbprints!: string[];

  @Column({ type: 'timestamptz', name: 'reported_at', nullable: true })
  reportedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'rotated_at', nullable: true })
  rotatedAt!: Date | null;

  /** The host's X25519 public key (base64): one-time secrets for the host are sealed to it (host-sealing.ts). */
  @Column({ type: 'varchar', length: 64, name: 'sealing_key', nullable: true })
  sealingKey!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
