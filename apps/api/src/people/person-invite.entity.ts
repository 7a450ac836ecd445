import { NetworkRole } from '@clan/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';

/**
 * An invitation for a person (docs/permissions.md, "Invite a person"): a
 * one-time link that lets them create their own account and join one network
 * with a role. The token is shown once; only its SHA-256 is stored.
 */
@Entity({ name: 'person_invites' })
@Index('IDX_person_invites_network', ['networkId', 'createdAt'])
export class PersonInviteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'network_id' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** hex SHA-256 of the token. */
  @Index('UQ_person_invites_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: NetworkRole;

  /** The name the inviter expects ("Grandma"); the invitee may change it. */
  @Column({ type: 'varchar', length: 128, name: 'display_name', default: '' })
  displayName!: string;

  @Column({ type: 'varchar', length: 120, default: '' })
  note!: string;

  /** After the account exists, offer to enrol a first device in the network's mesh. */
  @Column({ type: 'boolean', name: 'enrol_device', default: false })
  enrolDevice!: boolean;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  /** The inviter's name when the invite was made: the link still names them if their account goes. */
  @Column({ type: 'varchar', length: 128, name: 'created_by_name', default: '' })
  createdByName!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'used_at', nullable: true })
  usedAt!: Date | null;

  /** The account the invite created (NULL again if that account is deleted). */
  @Column({ type: 'uuid', name: 'used_by', nullable: true })
  usedBy!: string | null;

  /** Its username, kept for the list. */
  @Column({ type: 'varchar', length: 64, name: 'used_by_username', nullable: true })
  usedByUsername!: string | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
