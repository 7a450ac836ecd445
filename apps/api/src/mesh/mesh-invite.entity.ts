import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * An invite to join a network's mesh with one device: a random token shown
 * once (only its SHA-256 is stored), single use, expiring. Accepting it
 * creates the device (with the device's own public key when it brings one).
 */
@Entity({ name: 'mesh_invites' })
export class MeshInviteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** hex SHA-256 of the token. */
  @Index('UQ_mesh_invites_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, name: 'token_hash' })
  tokenHash!: string;

  /** Suggested device name (the person accepting may pick another). */
  @Column({ type: 'varchar', length: 63, name: 'device_name', nullable: true })
  deviceName!: string | null;

  /** Free text for the list: "Anna's phone". */
  @Column({ type: 'varchar', length: 120, default: '' })
  note!: string;

  /** Phones: a config that talks to relays only, small enough for a QR code. */
  @Column({ type: 'boolean', name: 'relay_only', default: false })
  relayOnly!: boolean;

  /** Whose device it will be (its role decides reachability); NULL = the person who accepts. */
  @Column({ type: 'uuid', name: 'owner_user_id', nullable: true })
  ownerUserId!: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'used_at', nullable: true })
  usedAt!: Date | null;

  /** The device the invite created. */
  @Column({ type: 'varchar', length: 63, name: 'used_by_device', nullable: true })
  usedByDevice!: string | null;

  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;
}
