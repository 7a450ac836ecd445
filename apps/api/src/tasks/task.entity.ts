import { TaskStatus } from '@clan/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'tasks' })
@Index('IDX_tasks_status', ['status'])
@Index('IDX_tasks_network_created', ['networkId', 'createdAt'])
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** JobName from the queue catalogue, e.g. `host.diagnostics`. */
  @Column({ type: 'varchar', length: 64 })
  type!: string;

  /** The BullMQ queue its job went to: the catalogue's, or `<queue>@<host id>` for a job of one host (docs/fleet.md). */
  @Column({ type: 'varchar', length: 80 })
  queue!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: TaskStatus;

  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'uuid', name: 'network_id', nullable: true })
  networkId!: string | null;

  @Column({ type: 'varchar', length: 63, nullable: true })
  machine!: string | null;

  @Column({ type: 'uuid', name: 'user_id', nullable: true })
  userId!: string | null;

  /** The starter's display name (or username) when the task began: it outlives the account. */
  @Column({ type: 'varchar', length: 128, name: 'user_name', nullable: true })
  userName!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'boolean', name: 'cancel_requested', default: false })
  cancelRequested!: boolean;

  /** Identity of the worker process running it: `<hostname>:<pid>:<start-ms>`. */
  @Column({ type: 'varchar', length: 128, name: 'worker_id', nullable: true })
  workerId!: string | null;

  @Column({ type: 'timestamptz', name: 'heartbeat_at', nullable: true })
  heartbeatAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
