import { TaskStatus } from '@clan/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;

  @ApiProperty({ example: 'host.diagnostics', description: 'The job name from the queue catalogue.' })
  type!: string;

  @ApiProperty({ example: 'system' }) queue!: string;

  @ApiProperty({ enum: TaskStatus, enumName: 'TaskStatus' }) status!: TaskStatus;

  @ApiProperty({ minimum: 0, maximum: 100 }) progress!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The latest one-line status.' })
  message!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true }) networkId!: string | null;

  @ApiProperty({ type: String, nullable: true }) machine!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who started it.' })
  userId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The starter's display name (else username) when it began; null for the panel itself.",
  })
  userName!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'What the job produced, once succeeded.' })
  result!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed.' })
  error!: string | null;

  @ApiProperty({ description: 'A cancel was asked for and the worker has not stopped yet.' })
  cancelRequested!: boolean;

  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class TaskListDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiProperty() total!: number;
}

export class TaskLogLineDto {
  @ApiProperty({ description: 'Increasing from 1 within a task; pass the last one seen as `after`.' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['debug', 'info', 'warn', 'error'] }) level!: 'debug' | 'info' | 'warn' | 'error';
  @ApiProperty() text!: string;
}

export class TaskLogDto {
  @ApiProperty({ type: [TaskLogLineDto] }) items!: TaskLogLineDto[];
  @ApiProperty({ description: 'Lines after `after` in total (not only this page).' }) total!: number;
}

/** `202 Accepted` answer of every endpoint that starts long work. */
export class TaskStartedDto {
  @ApiProperty({ format: 'uuid', description: 'Follow it with GET /api/tasks/{taskId}, its log, or the WebSocket.' })
  taskId!: string;
}
