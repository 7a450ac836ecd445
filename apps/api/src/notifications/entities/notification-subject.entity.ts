import type { NotificationSeverity } from '@clan/contracts';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';

/**
 * The last state seen for each subject (e.g. `backup:<policyId>` → `stale`).
 * The primary key on `subject` is what makes "one notification per state
 * change" hold across processes: emit() locks this row (SELECT … FOR UPDATE,
 * or loses the INSERT race and waits for the winner) before it compares.
 */
@Entity({ name: 'notification_subjects' })
export class NotificationSubjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'varchar', length: 64 })
  state!: string;

  /** The severity of the last change: a later "recovered" reaches the targets this one reached. */
  @Column({ type: 'varchar', length: 16 })
  severity!: NotificationSeverity;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'uuid', name: 'network_id', nullable: true })
  networkId!: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** When the state last changed (or was first seen). */
  @Column({ type: 'timestamptz', name: 'changed_at' })
  changedAt!: Date;
}
