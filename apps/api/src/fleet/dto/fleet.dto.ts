import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const HOST_NAME_MESSAGE = 'a host name is 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit';

export class HostCapacityDto {
  @ApiProperty() cpus!: number;
  @ApiProperty() memoryBytes!: number;
  @ApiProperty() diskBytes!: number;
}

export class HostLoadDto {
  @ApiProperty({ description: '1-minute load average' }) load1!: number;
  @ApiProperty() memoryAvailableBytes!: number;
  @ApiProperty() diskFreeBytes!: number;
  @ApiProperty({ description: 'Memory given to the VMs running there' }) vmMemoryBytes!: number;
  @ApiProperty() runningVms!: number;
}

export class HostVersionsDto {
  @ApiProperty() panel!: string;
  @ApiProperty() node!: string;
  @ApiProperty({ type: String, nullable: true }) libvirt!: string | null;
  @ApiProperty({ type: String, nullable: true }) qemu!: string | null;
  @ApiProperty({ type: String, nullable: true }) nix!: string | null;
}

export class HostMachineDto {
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty() networkName!: string;
  @ApiProperty() machine!: string;
  @ApiProperty({ description: "The VM's state; 'host-offline' while its host is offline" }) vmState!: string;
}

export class HostDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['panel', 'worker'] }) role!: 'panel' | 'worker';
  @ApiProperty({ enum: ['online', 'offline'], description: 'offline: it missed three heartbeats (CLAN_HOST_HEARTBEAT_SECONDS)' })
  state!: 'online' | 'offline';
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSeenAt!: string | null;
  @ApiProperty() draining!: boolean;
  @ApiProperty({ type: HostCapacityDto, nullable: true }) capacity!: HostCapacityDto | null;
  @ApiProperty({ type: HostLoadDto, nullable: true }) load!: HostLoadDto | null;
  @ApiProperty({ type: HostVersionsDto, nullable: true }) versions!: HostVersionsDto | null;
  @ApiProperty({ type: String, nullable: true }) meshAddress!: string | null;
  @ApiProperty({ type: [HostMachineDto] }) machines!: HostMachineDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class HostListDto {
  @ApiProperty({ type: [HostDto] }) items!: HostDto[];
}

export class UpdateHostDto {
  @ApiPropertyOptional({ pattern: HOST_NAME.source })
  @IsOptional()
  @IsString()
  @Matches(HOST_NAME, { message: HOST_NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ description: 'A draining host gets no new machines.' })
  @IsOptional()
  @IsBoolean()
  draining?: boolean;
}

export class CreateEnrolmentDto {
  @ApiProperty({ pattern: HOST_NAME.source, example: 'garage-nuc' })
  @IsString()
  @Matches(HOST_NAME, { message: HOST_NAME_MESSAGE })
  name!: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 1440, default: 60 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(1440)
  expiresInMinutes?: number;
}

export class EnrolmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) usedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) hostId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class EnrolmentListDto {
  @ApiProperty({ type: [EnrolmentDto] }) items!: EnrolmentDto[];
}

export class CreatedEnrolmentDto extends EnrolmentDto {
  @ApiProperty({ description: 'The one-time token (shown once; only its hash is kept).' }) token!: string;
  @ApiProperty({ type: [String], description: 'What to run on the new host, in order.' }) commands!: string[];
}

export class EnrolHostDto {
  @ApiProperty({ description: 'The one-time enrolment token from the Hosts page.' })
  @IsString()
  @MaxLength(200)
  token!: string;
}

export class HostEnrolledDto {
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: "The host's credential (shown once)." }) secret!: string;
  @ApiProperty({ description: 'PostgreSQL, reached over the fleet mesh.' }) databaseUrl!: string;
  @ApiProperty({ description: 'Redis, reached over the fleet mesh.' }) redisUrl!: string;
  @ApiProperty() queuePrefix!: string;
  @ApiProperty() heartbeatSeconds!: number;
  @ApiProperty({ description: "The panel's keys the worker needs (its secrets box and VM naming), base64." })
  keys!: { master: string; panelId: string };
  @ApiProperty({ description: "The panel's Nix store as a binary cache in the mesh, and the key its narinfo files are signed with." })
  cache!: { url: string; publicKey: string };
}

export class MigrateMachineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  hostId!: string;
}

export class PlacementHostDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['online', 'offline'] }) state!: 'online' | 'offline';
  @ApiProperty() draining!: boolean;
  @ApiProperty({ type: Number, nullable: true }) memoryAvailableBytes!: number | null;
  @ApiProperty({ type: Number, nullable: true }) diskFreeBytes!: number | null;
  @ApiProperty({ description: 'Where the panel would place it (most free memory, then disk).' }) suggested!: boolean;
}

export class PlacementDto {
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty() hostName!: string;
  @ApiProperty({ enum: ['online', 'offline'] }) hostState!: 'online' | 'offline';
  @ApiProperty({ type: [PlacementHostDto] }) hosts!: PlacementHostDto[];
}
