import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A one-time enrolment token for a new host (docs/fleet.md, "Enrolment"):
 * only its sha256 is kept. It is spent by the first worker that presents it
 * before `expires_at`; a second try is refused with a sentence.
 */
@Entity({ name: 'host_enrolments' })
export class HostEnrolmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, name: 'token_hash', unique: true })
  tokenHash!: string;

  /** The name the new host will have. */
  @Column({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'uuid', name: 'host_id', nullable: true })
  hostId!: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
