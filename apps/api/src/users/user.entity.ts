import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-case; unique. */
  @Index('UQ_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 128, name: 'display_name', default: '' })
  displayName!: string;

  @Column({ type: 'text', name: 'password_hash' })
  passwordHash!: string;

  @Column({ type: 'boolean', name: 'is_host_admin', default: false })
  isHostAdmin!: boolean;

  /** Encrypted (SecretBox) base32 TOTP secret once enrolment is confirmed. */
  @Column({ type: 'text', name: 'totp_secret', nullable: true })
  totpSecret!: string | null;

  /** Encrypted secret offered during enrolment, not yet confirmed with a code. */
  @Column({ type: 'text', name: 'totp_pending_secret', nullable: true })
  totpPendingSecret!: string | null;

  /** sha256 hashes of unused recovery codes. */
  @Column({ type: 'jsonb', name: 'recovery_code_hashes' })
  recoveryCodeHashes!: string[];

  /** Last TOTP time step accepted, so a code cannot be replayed. */
  @Column({ type: 'bigint', name: 'totp_last_step', nullable: true })
  totpLastStep!: string | null;

  @Column({ type: 'timestamptz', name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  /** Set while a host admin has disabled the account: no sign-in, no sessions, no API tokens. */
  @Column({ type: 'timestamptz', name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
