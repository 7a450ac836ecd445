import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';
import { UserEntity } from '../../users/user.entity';

/** What was recorded: a machine's serial console, or a shell on the host. */
export type RecordingKind = 'serial' | 'host';

export interface RecordingParticipant {
  userId: string;
  username: string;
  joinedAt: string;
  leftAt: string | null;
}

/**
 * One recorded terminal session (asciicast v2 file `<stateDir>/recordings/<id>.cast`
 * plus a `<id>.json` sidecar with the same facts). A recording of a deleted
 * network's machine stays (network_id becomes NULL) until retention removes it.
 */
@Entity({ name: 'console_recordings' })
@Index('IDX_console_recordings_started_at', ['startedAt'])
@Index('IDX_console_recordings_target', ['networkId', 'machine', 'startedAt'])
export class ConsoleRecordingEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: RecordingKind;

  @Column({ type: 'uuid', name: 'network_id', nullable: true })
  networkId!: string | null;

  @ManyToOne(() => NetworkEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  /** The network's name when recorded (the network may be deleted later). */
  @Column({ type: 'varchar', length: 128, name: 'network_name', nullable: true })
  networkName!: string | null;

  @Column({ type: 'varchar', length: 63, nullable: true })
  machine!: string | null;

  /** The live session the recording belongs to (a host shell can be joined by its id). */
  @Column({ type: 'uuid', name: 'session_id' })
  sessionId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'uuid', name: 'started_by', nullable: true })
  startedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'started_by' })
  starter?: UserEntity;

  @Column({ type: 'varchar', length: 64, name: 'started_by_name' })
  startedByName!: string;

  /** Everyone who was connected, with when they joined and left. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  participants!: RecordingParticipant[];

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /** Size of the .cast file, updated when the session ends. */
  @Column({ type: 'bigint', default: 0 })
  bytes!: string;

  @Column({ type: 'int' })
  width!: number;

  @Column({ type: 'int' })
  height!: number;
}
