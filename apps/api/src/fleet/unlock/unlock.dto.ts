import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  MinLength,
} from 'class-validator';
import { DEVICE_RE } from './clevis-policy';

export class SetClevisPolicyDto {
  @ApiProperty({ minimum: 1, maximum: 64, description: 'How many pins must answer (a TPM pin counts as one).' })
  @IsInt()
  @Min(1)
  @Max(64)
  threshold!: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 63,
    description: 'Other hosts whose Tang servers hold a pin (Tang enabled, never this host).',
  })
  @IsArray()
  @ArrayMaxSize(63)
  @IsUUID('all', { each: true })
  tangHostIds!: string[];

  @ApiProperty({ description: 'Add a pin sealed to this host’s TPM2.' })
  @IsBoolean()
  tpm!: boolean;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 255,
    pattern: DEVICE_RE.source,
    description: 'The LUKS device; absent or null: the host’s CLAN_UNLOCK_DEVICE.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(DEVICE_RE, { message: 'device must be an absolute path under /dev, such as /dev/nvme0n1p2' })
  device?: string | null;
}

export class SetTangDto {
  @ApiProperty({ description: 'Run a Tang server on this host inside the fleet mesh.' })
  @IsBoolean()
  enabled!: boolean;
}

export class BindDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 512,
    writeOnly: true,
    description: 'A passphrase the LUKS device opens with today. Sealed to the host for its bind task only; never stored readable.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  // clevis reads the passphrase as one line.
  @Matches(/^[^\n\r\0]+$/, { message: 'passphrase must be one line' })
  passphrase!: string;
}

export class PolicyProblemDto {
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class TangStateDto {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'http://<fleet address>:<port> while it serves.' }) url!: string | null;
  @ApiProperty({ type: [String], description: 'S256 thumbprints of the advertised signing keys.' }) thumbprints!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reportedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) rotatedAt!: string | null;
}

export class BoundDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: Number, nullable: true }) slot!: number | null;
  @ApiProperty({ type: String, nullable: true }) device!: string | null;
  @ApiProperty({ description: 'The sss configuration bound.' }) config!: string;
  @ApiProperty({ description: 'The bound configuration is the one the policy renders now.' }) current!: boolean;
}

export class HostPolicyDto {
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: [String], format: 'uuid' }) tangHostIds!: string[];
  @ApiProperty() tpm!: boolean;
  @ApiProperty({ type: String, nullable: true }) device!: string | null;
  @ApiProperty({ type: [PolicyProblemDto], description: 'What keeps it from being bound now.' }) problems!: PolicyProblemDto[];
  @ApiProperty({ type: BoundDto, nullable: true }) bound!: BoundDto | null;
}

export class UnlockHostDto {
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['panel', 'worker'] }) role!: 'panel' | 'worker';
  @ApiProperty() online!: boolean;
  @ApiProperty({ type: TangStateDto }) tang!: TangStateDto;
  @ApiProperty({ type: HostPolicyDto, nullable: true }) policy!: HostPolicyDto | null;
}

export class HostUnlockAnalysisDto {
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty({ description: 'False: the host has no policy (assumed to boot on its own).' }) managed!: boolean;
  @ApiProperty({ type: Number, nullable: true }) threshold!: number | null;
  @ApiProperty() pins!: number;
  @ApiProperty({ type: [String], description: 'Tang pins that can never answer.' }) deadPins!: string[];
  @ApiProperty({ type: Boolean, nullable: true, description: 'Boots unattended with every host up.' }) bootsWithAllUp!: boolean | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Pin hosts that may be down at once (-1: stuck already).' }) spareFailures!:
    number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    description: 'For each other host id: still boots unattended while that host is down.',
  })
  bootsIfDown!: Record<string, boolean>;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'Minimal sets of hosts whose failure strands it.',
  })
  minimalFailureSets!: string[][];
  @ApiProperty() minimalFailureSetsTruncated!: boolean;
}

export class HostFailureImpactDto {
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty({ type: [String], description: 'Hosts that would wait at the passphrase prompt if they rebooted while it is down.' })
  strands!: string[];
  @ApiProperty({ type: [String], description: 'Hosts stuck after a whole-fleet restart without it (cascades counted).' })
  strandsInColdStart!: string[];
}

export class UnlockMatrixDto {
  @ApiProperty({ type: [HostUnlockAnalysisDto] }) hosts!: HostUnlockAnalysisDto[];
  @ApiProperty({ type: [HostFailureImpactDto] }) ifHostFails!: HostFailureImpactDto[];
}

export class ColdStartDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'Host ids coming up unattended, round by round.',
  })
  rounds!: string[][];
  @ApiProperty({ type: [String] }) stuck!: string[];
  @ApiProperty({ type: [String] }) unmanaged!: string[];
}

export class UnlockOverviewDto {
  @ApiProperty({ type: [UnlockHostDto] }) hosts!: UnlockHostDto[];
  @ApiProperty({ type: UnlockMatrixDto }) matrix!: UnlockMatrixDto;
  @ApiProperty({ type: ColdStartDto }) coldStart!: ColdStartDto;
}

export class ClevisConfigDto {
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The sss configuration as JSON.' })
  config!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, description: "Exactly what `clevis luks bind … sss '<text>'` gets." }) text!: string | null;
  @ApiProperty({ type: [PolicyProblemDto] }) problems!: PolicyProblemDto[];
}

export class HostRefDto {
  @ApiProperty({ format: 'uuid' }) hostId!: string;
  @ApiProperty() name!: string;
}

export class TangRotationDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ type: [HostRefDto], description: 'Hosts whose binding the rotation task renews (a clevis.bind task each).' })
  rebinds!: HostRefDto[];
  @ApiProperty({ type: [HostRefDto], description: 'Hosts whose policy uses this server but that were never bound.' })
  notBound!: HostRefDto[];
}
