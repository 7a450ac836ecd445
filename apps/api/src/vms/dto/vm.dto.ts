import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { VmState } from '@clan/libvirt-client';
import { VM_POWER_ACTIONS, type VmPowerAction } from '../../services/queue/queue.catalogue';
import { GenerationStatus } from '../generation.entity';

export const VM_STATES = Object.values(VmState);
export const GENERATION_STATUSES = Object.values(GenerationStatus);
export const HEALTH_STATES = ['unknown', 'checking', 'healthy', 'unhealthy'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

const SHA = '3f0c1e2d4b5a69788796a5b4c3d2e1f001122334';

export class VmActiveTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'vm.deploy' }) type!: string;
  @ApiProperty({ example: 'running' }) status!: string;
  @ApiProperty({ example: 40 }) progress!: number;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
}

export class VmHostDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['online', 'offline'] }) state!: 'online' | 'offline';
}

export class VmSummaryDto {
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ example: 'anna' }) machine!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'clan-1a2b3c4d-5e6f7a8b-anna',
    description: 'The libvirt domain; null before the first deployment.',
  })
  domainName!: string | null;
  @ApiProperty({
    enum: [...VM_STATES, 'host-offline'],
    description: 'As libvirt on its host reports it (`undefined`: no domain; `host-offline`: its host stopped sending heartbeats).',
  })
  state!: VmState | 'host-offline';
  @ApiProperty({ type: () => VmHostDto, description: 'The host it runs on (docs/fleet.md).' }) host!: VmHostDto;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When the panel last booted it.' }) bootedAt!:
    string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds since the boot, while it runs.' }) uptimeSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The generation the domain is defined for.' }) currentGeneration!:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The last generation that passed its health check (the rollback target).' })
  healthyGeneration!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The newest generation built.' }) latestGeneration!: number | null;
  @ApiProperty({ enum: HEALTH_STATES, enumName: 'VmHealth' }) health!: HealthState;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) healthAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: SHA, description: 'The revision of the healthy generation running now.' })
  deployedRevision!: string | null;
  @ApiProperty({ enum: ['in-sync', 'not-deployed', 'behind'], enumName: 'ConfigDrift' }) drift!: string;
  @ApiProperty({ type: [String], description: "The machine's mesh addresses (empty until it has joined the network's mesh)." })
  addresses!: string[];
  @ApiProperty({ example: 1 }) vcpus!: number;
  @ApiProperty({ example: 1024 }) memoryMiB!: number;
  @ApiProperty({ example: 10 }) stateDiskGiB!: number;
  @ApiProperty({ type: VmActiveTaskDto, nullable: true, description: 'The build, deployment or power action under way, if any.' })
  activeTask!: VmActiveTaskDto | null;
}

export class GenerationDto {
  @ApiProperty({ example: 3 }) number!: number;
  @ApiProperty({ example: SHA }) revision!: string;
  @ApiProperty({ example: '/nix/store/0c1d…-nixos-system-anna-25.05' }) storePath!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'NAR size of the closure.' }) closureBytes!: number | null;
  @ApiProperty({ enum: GENERATION_STATUSES, enumName: 'GenerationStatus' }) status!: GenerationStatus;
  @ApiProperty({ description: 'The generation the VM is defined for now.' }) current!: boolean;
  @ApiProperty({ description: 'The rollback target: the last generation that passed its health check.' }) lastHealthy!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) taskId!: string | null;
  @ApiProperty({ format: 'date-time' }) builtAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) bootedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) healthyAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) rolledBackAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is unhealthy or was rolled back.' }) note!: string | null;
}

export class GenerationListDto {
  @ApiProperty({ type: [GenerationDto] }) items!: GenerationDto[];
  @ApiProperty() total!: number;
}

export class PowerParamDto {
  @ApiProperty({ enum: VM_POWER_ACTIONS, enumName: 'VmPowerAction' })
  @IsIn([...VM_POWER_ACTIONS], { message: `action must be one of ${VM_POWER_ACTIONS.join(', ')}` })
  action!: VmPowerAction;
}

export class DeployDto {
  @ApiPropertyOptional({
    example: SHA,
    description: 'The revision to build and boot (a commit id or prefix of at least 7); default: the head.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{7,40}$/, { message: 'revision must be a commit id (7 to 40 hex characters)' })
  revision?: string;
}

export class GcDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description: 'Generations to keep per machine (default CLAN_GENERATIONS_KEEP).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  keep?: number;
}

export class SerialLogQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1048576, default: 65536, description: 'Bytes from the end of the log.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1048576)
  tail?: number;
}

export class SerialLogDto {
  @ApiProperty({ description: 'The end of the serial console output since the last boot (UTF-8, invalid bytes replaced).' }) text!: string;
  @ApiProperty({ description: 'Size of the whole log in bytes.' }) size!: number;
  @ApiProperty({ description: 'Whether `text` starts after the beginning of the log.' }) truncated!: boolean;
}

export class GuestStateDiskDto {
  @ApiProperty({ example: '/', description: 'Where the state disk is mounted inside the machine.' }) mount!: string;
  @ApiProperty({ example: 10737418240 }) sizeBytes!: number;
  @ApiProperty({ example: 1288490188 }) usedBytes!: number;
}

/** What the VM controller inside the machine reports (FACTS, docs/vm-controller.md). */
export class GuestFactsDto {
  @ApiProperty({ example: 'anna' }) machine!: string;
  @ApiProperty({ example: 3, description: 'The generation the machine runs, as it says itself.' }) generation!: number;
  @ApiProperty({ example: 5400 }) uptimeSeconds!: number;
  @ApiProperty({ type: GuestStateDiskDto }) stateDisk!: GuestStateDiskDto;
  @ApiProperty({ type: [String], example: ['nginx.service'], description: 'Failed systemd units (none on the demo system).' })
  failedUnits!: string[];
}

export class HostVmDto {
  @ApiProperty({ example: 'clan-1a2b3c4d-5e6f7a8b-anna' }) domainName!: string;
  @ApiProperty({ enum: VM_STATES, enumName: 'VmState' }) state!: VmState;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) networkId!: string | null;
  @ApiProperty({ type: String, nullable: true }) machine!: string | null;
  @ApiProperty({ type: Number, nullable: true }) generation!: number | null;
  @ApiProperty({
    description: "False for a domain that carries this panel's name but belongs to no machine it knows (flagged by reconciliation).",
  })
  known!: boolean;
}

export class HostVmListDto {
  @ApiProperty({ type: [HostVmDto] }) items!: HostVmDto[];
}
