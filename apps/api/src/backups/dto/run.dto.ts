import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PagingQueryDto } from '../../common/http/paging.dto';

export const RUN_KINDS = ['backup', 'prune', 'check', 'restore', 'init'] as const;

export class BackupRunSummaryDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '8c1f882f',
    description: 'The snapshot of the files (null when none was written).',
  })
  snapshotId?: string | null;
  @ApiPropertyOptional() filesNew?: number;
  @ApiPropertyOptional() filesChanged?: number;
  @ApiPropertyOptional() filesUnmodified?: number;
  @ApiPropertyOptional({ description: 'Bytes added to the repository.' }) bytesAdded?: number;
  @ApiPropertyOptional({ description: 'Bytes of the files processed.' }) totalBytes?: number;
  @ApiPropertyOptional() totalFiles?: number;
  @ApiPropertyOptional({ description: 'Dump hooks: name, snapshot, bytes.', type: 'array', items: { type: 'object' } })
  dumps?: { name: string; snapshotId: string | null; bytes: number }[];
  @ApiPropertyOptional({ type: [String], description: 'What went wrong without failing the run (post hooks…).' }) warnings?: string[];
}

export class BackupRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) policyId!: string | null;
  @ApiProperty({ format: 'uuid' }) repositoryId!: string;
  @ApiProperty({ enum: RUN_KINDS }) kind!: (typeof RUN_KINDS)[number];
  @ApiProperty({ enum: ['panel', 'checkin'], description: "panel: the panel's own task; checkin: reported by the device." }) source!:
    'panel' | 'checkin';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The task (progress and log) of a panel run.' }) taskId!:
    string | null;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) status!: 'running' | 'succeeded' | 'failed';
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'repository-locked',
    description:
      'source-unreadable, source-missing, repository-missing, repository-locked, wrong-password, repository-damaged, hook-failed, cancelled or other.',
  })
  errorClass!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) snapshotId!: string | null;
  @ApiProperty({ type: BackupRunSummaryDto }) summary!: BackupRunSummaryDto;
}

export class BackupRunListDto {
  @ApiProperty({ type: [BackupRunDto] }) items!: BackupRunDto[];
  @ApiProperty() total!: number;
}

export class RunListQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ enum: RUN_KINDS, description: 'Only runs of this kind.' })
  @IsOptional()
  @IsIn(RUN_KINDS, { message: `kind must be one of: ${RUN_KINDS.join(', ')}` })
  kind?: (typeof RUN_KINDS)[number];
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** What a device reports after running restic itself. */
export class CheckinDto {
  @ApiProperty({ enum: ['succeeded', 'failed'], description: 'Outcome of the backup on the device.' })
  @IsIn(['succeeded', 'failed'], { message: 'status must be succeeded or failed' })
  status!: 'succeeded' | 'failed';

  @ApiPropertyOptional({ maxLength: 64, pattern: '^[0-9a-f]{8,64}$', example: '8c1f882f', description: 'The snapshot restic wrote.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[0-9a-f]{8,64}$/, { message: 'snapshotId must be a restic snapshot id (8 to 64 hex digits)' })
  snapshotId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: 40,
    description: 'When the backup started (default: finishedAt − durationSeconds).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(ISO, { message: 'startedAt must be an ISO 8601 date-time with a time zone' })
  startedAt?: string;

  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, description: 'When it finished (default: now). Not in the future.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(ISO, { message: 'finishedAt must be an ISO 8601 date-time with a time zone' })
  finishedAt?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: "restic's exit code, to classify a failure." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(255)
  exitCode?: number;

  @ApiPropertyOptional({ maxLength: 4000, description: "restic's error output (classified like the panel's own runs)." })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  error?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0 }) @IsOptional() @IsInt() @Min(0) filesNew?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0 }) @IsOptional() @IsInt() @Min(0) filesChanged?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0 }) @IsOptional() @IsInt() @Min(0) filesUnmodified?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0 }) @IsOptional() @IsInt() @Min(0) bytesAdded?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'How long the backup took.' })
  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @Max(31_536_000)
  durationSeconds?: number;
}

export class CheckinResultDto {
  @ApiProperty({ format: 'uuid', description: 'The run recorded for this check-in.' }) runId!: string;
  @ApiProperty({ enum: ['never', 'ok', 'late', 'stale'] }) freshness!: 'never' | 'ok' | 'late' | 'stale';
}

export const CHECKIN_HEADER = 'x-clan-checkin-token';
