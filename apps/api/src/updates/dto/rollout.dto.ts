import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RolloutMachineState, UpdateRolloutStatus } from '../update-rollout.entity';
import { UpdatePreviewStatus } from '../update-preview.entity';

// ── preview ──────────────────────────────────────────────────────────────────

export class PreviewPackageDto {
  @ApiProperty({ example: 'nginx' }) name!: string;
  @ApiProperty({ type: [String], example: ['1.26.3'], description: 'Versions before; [] when the package is new.' }) from!: string[];
  @ApiProperty({ type: [String], example: ['1.28.0'], description: 'Versions after; [] when the package is gone.' }) to!: string[];
  @ApiProperty({ description: 'Closure size change in bytes (0 when Nix printed none).' }) sizeDelta!: number;
}

export class PreviewBaselineDto {
  @ApiProperty({
    enum: ['running', 'head'],
    description: 'running: the generation the machine runs; head: it runs none, so what the head builds.',
  })
  kind!: 'running' | 'head';
  @ApiProperty({ type: 'integer', nullable: true }) generation!: number | null;
  @ApiProperty() storePath!: string;
}

export class PreviewClosureBytesDto {
  @ApiProperty({ type: 'integer', example: 123, description: "The running system's closure, in bytes." }) from!: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 456, description: "The candidate's closure; null when not built." })
  to!: number | null;
}

export class PreviewMachineDto {
  @ApiProperty() machine!: string;
  @ApiProperty({ type: PreviewBaselineDto }) baseline!: PreviewBaselineDto;
  @ApiProperty({ type: 'string', nullable: true, description: 'The candidate toplevel; null when it could not be built (see error).' })
  candidate!: string | null;
  @ApiProperty({ description: "The machine's system changes." }) changes!: boolean;
  @ApiProperty({ description: 'The kernel, kernel parameters or initrd change: applying the update restarts the machine.' })
  reboot!: boolean;
  @ApiProperty({ type: [PreviewPackageDto] }) packages!: PreviewPackageDto[];
  @ApiProperty({
    type: [String],
    example: ['nginx.service'],
    description: 'systemd units whose files change (restarted when no reboot is needed).',
  })
  restarts!: string[];
  @ApiProperty({ type: PreviewClosureBytesDto, description: 'Closure sizes in bytes (`to` null when not built).' })
  closureBytes!: PreviewClosureBytesDto;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "Bytes of store paths the candidate needs that the running system's closure lacks.",
  })
  downloadBytes!: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why this machine could not be built or compared, as a sentence.' })
  error!: string | null;
}

export class UpdatePreviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: UpdatePreviewStatus, enumName: 'UpdatePreviewStatus' }) status!: UpdatePreviewStatus;
  @ApiProperty({ description: "The network repository's head the preview was made from." }) baseRevision!: string;
  @ApiProperty({ description: 'The clan revision flake.lock pins now.' }) fromRev!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The clan revision the proposed lock pins.' }) toRev!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'A unified diff of flake.lock, head → proposed.' }) lockDiff!: string | null;
  @ApiProperty({ type: [PreviewMachineDto] }) machines!: PreviewMachineDto[];
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) taskId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class PreviewStartedDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) previewId!: string;
}

// ── rollout ──────────────────────────────────────────────────────────────────

export class RolloutMachineDto {
  @ApiProperty() machine!: string;
  @ApiProperty({ description: '0 is the canary.' }) wave!: number;
  @ApiProperty({ enum: RolloutMachineState, enumName: 'RolloutMachineState' }) state!: RolloutMachineState;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The generation it ran when the rollout started (what abort returns it to).',
  })
  fromGeneration!: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) toGeneration!: number | null;
  @ApiProperty({ type: [String], description: 'The build and deploy tasks of this machine.' }) taskIds!: string[];
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class UpdateRolloutDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) previewId!: string;
  @ApiProperty({ enum: UpdateRolloutStatus, enumName: 'UpdateRolloutStatus' }) status!: UpdateRolloutStatus;
  @ApiProperty() fromRev!: string;
  @ApiProperty() toRev!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The commit that carries the new lock (trailer Clan-Rollout).' })
  revision!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The commit that put the old lock back (abort).' })
  revertRevision!: string | null;
  @ApiProperty() canary!: string;
  @ApiProperty() concurrency!: number;
  @ApiProperty() soakSeconds!: number;
  @ApiProperty({ type: [RolloutMachineDto] }) machines!: RolloutMachineDto[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Where and why it halted or failed, as a sentence.' }) haltReason!:
    string | null;
  @ApiProperty({ enum: ['manual', 'schedule'] }) trigger!: 'manual' | 'schedule';
  @ApiProperty({ type: 'string', nullable: true, description: 'Who started it; null: the schedule.' }) username!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) taskId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class UpdateRolloutListDto {
  @ApiProperty({ type: [UpdateRolloutDto] }) items!: UpdateRolloutDto[];
  @ApiProperty() total!: number;
}

export const ROLLOUT_MAX_CONCURRENCY = 8;
export const ROLLOUT_MAX_SOAK_SECONDS = 3600;

export class StartRolloutDto {
  @ApiProperty({ format: 'uuid', description: 'The ready preview to roll out.' })
  @IsUUID('4', { message: 'previewId must be the id of a preview' })
  previewId!: string;

  @ApiPropertyOptional({ description: 'The machine updated first; default: the one with the fewest apps.' })
  @IsOptional()
  @IsString({ message: 'canary must be a machine name' })
  @MaxLength(63)
  canary?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: ROLLOUT_MAX_CONCURRENCY,
    default: 1,
    description: 'Machines updated at once after the canary.',
  })
  @IsOptional()
  @IsInt({ message: 'concurrency must be a whole number' })
  @Min(1, { message: 'concurrency must be at least 1' })
  @Max(ROLLOUT_MAX_CONCURRENCY, { message: `concurrency must be at most ${ROLLOUT_MAX_CONCURRENCY}` })
  concurrency?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: ROLLOUT_MAX_SOAK_SECONDS,
    default: 120,
    description: 'How long each machine must stay healthy with its app checks passing.',
  })
  @IsOptional()
  @IsInt({ message: 'soakSeconds must be a whole number of seconds' })
  @Min(0, { message: 'soakSeconds must be 0 or more' })
  @Max(ROLLOUT_MAX_SOAK_SECONDS, { message: `soakSeconds must be at most ${ROLLOUT_MAX_SOAK_SECONDS} (an hour)` })
  soakSeconds?: number;
}

export class SkipMachineDto {
  @ApiProperty({ description: 'The machine that halted the rollout: it keeps running what it ran before.' })
  @IsString({ message: 'machine must be a machine name' })
  @MaxLength(63)
  machine!: string;
}

export class RolloutStartedDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) rolloutId!: string;
}

// ── settings ─────────────────────────────────────────────────────────────────

export class UpdateWindowDto {
  @ApiProperty({ type: [Number], example: [0, 6], description: 'Days of the week, 0 = Sunday.' })
  @IsArray({ message: 'days must be a list of days of the week (0 = Sunday … 6 = Saturday)' })
  @ArrayMaxSize(7)
  @IsInt({ each: true, message: 'each day must be 0 (Sunday) to 6 (Saturday)' })
  @Min(0, { each: true, message: 'each day must be 0 (Sunday) to 6 (Saturday)' })
  @Max(6, { each: true, message: 'each day must be 0 (Sunday) to 6 (Saturday)' })
  days!: number[];

  @ApiProperty({ example: '02:00', description: 'Start, host time, HH:MM.' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start must be a time of day as HH:MM, e.g. 02:00' })
  start!: string;

  @ApiProperty({ example: '05:00', description: 'End, host time, HH:MM; before the start: past midnight.' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'end must be a time of day as HH:MM, e.g. 05:00' })
  end!: string;
}

export class UpdateSettingsDto {
  @ApiProperty({ description: 'Automatic updates: a found update is previewed and rolled out in the next window.' })
  @IsBoolean({ message: 'autoUpdate must be true or false' })
  autoUpdate!: boolean;

  @ApiProperty({ type: UpdateWindowDto, nullable: true, description: 'When scheduled rollouts may start; null: any time.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateWindowDto)
  window!: UpdateWindowDto | null;
}
