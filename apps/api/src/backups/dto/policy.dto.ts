import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsAbsolutePath, IsCron, IsReadDataSubset } from '../backup-validation';
import { LABEL_PATTERN } from './repository.dto';

export const SUBJECT_KINDS = ['machine', 'device'] as const;
export const RUNNERS = ['panel', 'device'] as const;
export const FRESHNESS = ['never', 'ok', 'late', 'stale'] as const;
export const HOOK_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class BackupHookDto {
  @ApiProperty({
    maxLength: 100,
    pattern: HOOK_NAME_PATTERN.source,
    example: 'nextcloud-db.sql',
    description: 'Label in logs; for a dump hook, the file name its output gets in the snapshot.',
  })
  @IsString()
  @Length(1, 100)
  @Matches(HOOK_NAME_PATTERN, { message: 'name must be letters, digits, ".", "_" and "-" (a file name), e.g. "db.sql"' })
  name!: string;

  @ApiProperty({
    type: [String],
    example: ['pg_dump', '--no-owner', 'nextcloud'],
    description: 'The command as argv (no shell; use ["sh", "-c", "…"] for one). Runs on the host as the panel user.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'command needs at least the program to run' })
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @Length(1, 4096, { each: true })
  command!: string[];
}

export class CreateBackupPolicyDto {
  @ApiProperty({ format: 'uuid', description: 'The repository (backup target) of this network to back up into.' })
  @IsUUID('all', { message: 'repositoryId must be a UUID' })
  repositoryId!: string;

  @ApiProperty({
    enum: SUBJECT_KINDS,
    description: '`machine`: a machine of the network configuration; `device`: a mesh device (a laptop…).',
  })
  @IsIn(SUBJECT_KINDS, { message: `subjectKind must be one of: ${SUBJECT_KINDS.join(', ')}` })
  subjectKind!: (typeof SUBJECT_KINDS)[number];

  @ApiProperty({ maxLength: 63, pattern: LABEL_PATTERN.source, example: 'laptop-anna', description: 'Name of the machine or device.' })
  @IsString()
  @Length(1, 63)
  @Matches(LABEL_PATTERN, { message: 'subjectName must be a machine or device name: lowercase letters, digits and inner hyphens' })
  subjectName!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The member whose device this is; the family view shows it to them. Must be a member of the network.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'ownerUserId must be a UUID' })
  ownerUserId?: string | null;

  @ApiPropertyOptional({
    enum: RUNNERS,
    description:
      '`panel`: the panel runs restic on this host on the schedule (host admins only: it reads host paths). `device`: the device runs restic itself and reports through a check-in. Default: panel for machines, device for devices.',
  })
  @IsOptional()
  @IsIn(RUNNERS, { message: `runner must be one of: ${RUNNERS.join(', ')}` })
  runner?: (typeof RUNNERS)[number];

  @ApiPropertyOptional({ default: true, description: 'Disabled policies keep their history but run nothing and raise no alerts.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['/srv/photos'], description: 'Absolute paths to back up.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(4096, { each: true })
  @IsAbsolutePath({ each: true })
  paths?: string[];

  @ApiPropertyOptional({ type: [String], example: ['*.tmp', '/srv/photos/cache'], description: 'restic --exclude patterns.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 1024, { each: true })
  excludes?: string[];

  @ApiPropertyOptional({
    default: true,
    description: "Machines: also back up the state paths of the machine's active apps (catalog) and its backup.extraPaths.",
  })
  @IsOptional()
  @IsBoolean()
  includeAppState?: boolean;

  @ApiPropertyOptional({ type: [BackupHookDto], description: 'Commands run before the backup; one failing fails the run.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BackupHookDto)
  preHooks?: BackupHookDto[];

  @ApiPropertyOptional({
    type: [BackupHookDto],
    description: 'Commands run after the backup, also after a failed one; failures become warnings.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BackupHookDto)
  postHooks?: BackupHookDto[];

  @ApiPropertyOptional({
    type: [BackupHookDto],
    description:
      "Database dumps: each command's standard output is stored as the file /<name> in a snapshot of its own (restic --stdin). A command that exits non-zero fails the run and its partial snapshot is forgotten.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BackupHookDto)
  dumpHooks?: BackupHookDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    example: '0 3 * * *',
    description: "When the panel backs up (runner panel), as five-field cron in the host's time zone; null: only when started by hand.",
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(200)
  @IsCron()
  schedule?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    example: '0 5 * * 0',
    description: 'When to run `restic check` on the repository.',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(200)
  @IsCron()
  checkSchedule?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 16,
    example: '5%',
    description: 'Scheduled checks also read this part of the data (`--read-data-subset`); null: metadata only.',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(16)
  @IsReadDataSubset()
  checkReadDataSubset?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10000, default: 0, description: 'Retention: keep the last n snapshots.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  keepLast?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10000,
    default: 0,
    description: 'Retention: keep the last snapshot of n days.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  keepDaily?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10000,
    default: 0,
    description: 'Retention: keep the last snapshot of n weeks.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  keepWeekly?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 10000,
    default: 0,
    description: 'Retention: keep the last snapshot of n months.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  keepMonthly?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 8760,
    default: 26,
    description: 'Hours after the last success when the subject is "late".',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  lateAfterHours?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 8760,
    default: 72,
    description: 'Hours after the last success when the subject is "stale" (not backed up: people are notified). At least lateAfterHours.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  staleAfterHours?: number;
}

/** Every field optional; the subject cannot change (make a new policy). */
export class UpdateBackupPolicyDto extends PartialType(CreateBackupPolicyDto) {}

export class AppStateHookDto {
  @ApiProperty({ example: 'nextcloud' }) app!: string;
  @ApiProperty({ example: 'nextcloud-db' }) id!: string;
  @ApiProperty({ example: 'Dump the Nextcloud database next to its data before the backup runs.' }) description!: string;
}

export class BackupPolicyStatusDto {
  @ApiProperty({ enum: FRESHNESS, description: 'never / ok / late / stale from lastSuccessAt and the thresholds.' })
  freshness!: (typeof FRESHNESS)[number];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastSnapshotId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRunAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['succeeded', 'failed'] }) lastRunStatus!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'wrong-password', description: 'Class of the last failure (docs/backups.md).' })
  lastErrorClass!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last check-in of the device.' }) lastCheckinAt!:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Next scheduled backup (runner panel).' }) nextRunAt!:
    string | null;
}

export class BackupPolicyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ format: 'uuid' }) repositoryId!: string;
  @ApiProperty({ example: 'nas' }) repositoryName!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) subjectKind!: (typeof SUBJECT_KINDS)[number];
  @ApiProperty({ example: 'laptop-anna' }) subjectName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ownerUserId!: string | null;
  @ApiProperty({ enum: RUNNERS }) runner!: (typeof RUNNERS)[number];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: [String] }) paths!: string[];
  @ApiProperty({ type: [String] }) excludes!: string[];
  @ApiProperty() includeAppState!: boolean;
  @ApiProperty({ type: [String], description: 'What a run backs up: paths plus, for machines, the app state paths.' })
  effectivePaths!: string[];
  @ApiProperty({ type: [AppStateHookDto], description: "Steps the machine's apps ask for (catalog); add them as dump hooks." })
  appHooks!: AppStateHookDto[];
  @ApiProperty({ type: [BackupHookDto] }) preHooks!: BackupHookDto[];
  @ApiProperty({ type: [BackupHookDto] }) postHooks!: BackupHookDto[];
  @ApiProperty({ type: [BackupHookDto] }) dumpHooks!: BackupHookDto[];
  @ApiProperty({ type: String, nullable: true }) schedule!: string | null;
  @ApiProperty({ type: String, nullable: true }) checkSchedule!: string | null;
  @ApiProperty({ type: String, nullable: true }) checkReadDataSubset!: string | null;
  @ApiProperty() keepLast!: number;
  @ApiProperty() keepDaily!: number;
  @ApiProperty() keepWeekly!: number;
  @ApiProperty() keepMonthly!: number;
  @ApiProperty() lateAfterHours!: number;
  @ApiProperty() staleAfterHours!: number;
  @ApiProperty({ description: 'A check-in token has been issued (the token itself is shown once).' }) hasCheckinToken!: boolean;
  @ApiProperty({ example: 'clan-policy:3f0c…', description: 'The restic tag every snapshot of this policy carries.' }) snapshotTag!: string;
  @ApiProperty({ type: BackupPolicyStatusDto }) status!: BackupPolicyStatusDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BackupPolicyListDto {
  @ApiProperty({ type: [BackupPolicyDto] }) items!: BackupPolicyDto[];
  @ApiProperty() total!: number;
}

export class CheckinTokenDto {
  @ApiProperty({ example: 'cbk_…', description: 'Shown once. Send it as the X-Clan-Checkin-Token header; a new one replaces it.' })
  token!: string;
  @ApiProperty({ example: 'X-Clan-Checkin-Token' }) header!: string;
  @ApiProperty({ example: '/api/backups/check-in' }) url!: string;
  @ApiProperty({ description: 'The restic tags the device must give its snapshots so polling finds them.', type: [String] })
  tags!: string[];
}
