import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** express-session rows (see SessionStore). */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid!: string;

  @Index('IDX_sessions_user')
  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  userId!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Index('IDX_sessions_expires')
  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;
}
