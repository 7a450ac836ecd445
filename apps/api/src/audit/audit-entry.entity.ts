import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_at', ['at'])
@Index('IDX_audit_log_network_at', ['networkId', 'at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username!: string | null;

  /** The caller's display name (or username) when the entry was written: it outlives the account. */
  @Column({ type: 'varchar', length: 128, name: 'actor_name', nullable: true })
  actorName!: string | null;

  @Column({ type: 'uuid', name: 'token_id', nullable: true })
  tokenId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  /** e.g. `network.create`, derived from the route; `POST /api/networks` otherwise. */
  @Column({ type: 'varchar', length: 128 })
  action!: string;

  @Column({ type: 'varchar', length: 8 })
  method!: string;

  @Column({ type: 'varchar', length: 256 })
  path!: string;

  @Column({ type: 'varchar', length: 32, name: 'target_type', nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 128, name: 'target_id', nullable: true })
  targetId!: string | null;

  @Column({ type: 'uuid', name: 'network_id', nullable: true })
  networkId!: string | null;

  @Column({ type: 'smallint', name: 'status_code' })
  statusCode!: number;

  @Column({ type: 'varchar', length: 16 })
  result!: 'success' | 'failure';

  @Column({ type: 'varchar', length: 64, name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'correlation_id' })
  correlationId!: string;

  /** Redacted request details (never passwords, secrets or tokens). */
  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
