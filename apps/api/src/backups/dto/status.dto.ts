import { ApiProperty } from '@nestjs/swagger';
import { type Restorability, SUBJECT_STATES, type SubjectState } from '../backup-status';

/** What the verified restores of a machine policy say (docs/backups.md, "Verified restores"). */
export const RESTORABILITY = ['verified', 'not-restorable', 'unverified'] as const;
import { BackupRepositoryDto } from './repository.dto';
import { FRESHNESS, SUBJECT_KINDS } from './policy.dto';

export class SubjectPolicyStatusDto {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ format: 'uuid' }) repositoryId!: string;
  @ApiProperty({ example: 'nas' }) repositoryName!: string;
  @ApiProperty({ enum: ['panel', 'device'] }) runner!: 'panel' | 'device';
  @ApiProperty({ enum: FRESHNESS }) freshness!: (typeof FRESHNESS)[number];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['succeeded', 'failed'] }) lastRunStatus!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastErrorClass!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty() lateAfterHours!: number;
  @ApiProperty() staleAfterHours!: number;
  @ApiProperty({
    type: String,
    enum: RESTORABILITY,
    nullable: true,
    description:
      'Machine policies: verified (the latest verified restore booted healthy, within one CLAN_VERIFY_DAYS window of the latest backup), not-restorable (the latest one failed) or unverified; null for devices.',
  })
  verification!: Restorability | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the latest verified restore ran.' })
  verifiedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What the latest verified restore proved, or what failed, as a sentence.' })
  verificationDetail!: string | null;
}

export class SubjectIntegrityDto {
  @ApiProperty({ enum: ['unknown', 'ok', 'failed'], description: 'The worst last check among the repositories the subject uses.' })
  result!: 'unknown' | 'ok' | 'failed';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The oldest of those last checks.' }) lastCheckAt!:
    string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds since lastCheckAt.' }) ageSeconds!: number | null;
}

export class SubjectStorageDto {
  @ApiProperty({ format: 'uuid' }) repositoryId!: string;
  @ApiProperty() repositoryName!: string;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ type: Number, nullable: true }) freeBytes!: number | null;
}

export class BackupSubjectStatusDto {
  @ApiProperty({ enum: SUBJECT_KINDS }) kind!: (typeof SUBJECT_KINDS)[number];
  @ApiProperty({ example: 'laptop-anna' }) name!: string;
  @ApiProperty({
    enum: ['protected', 'not-yet-backed-up', 'not-protected'],
    description:
      'protected: a backup of it has succeeded; not-yet-backed-up: it has an enabled policy but no successful backup yet; not-protected: no enabled policy.',
  })
  coverage!: 'protected' | 'not-yet-backed-up' | 'not-protected';
  @ApiProperty({
    enum: SUBJECT_STATES,
    description:
      'One word for the table: not-protected; first-backup-pending / -running / -failed before the first success; then protected, late or stale (the worst freshness of its successful policies).',
  })
  state!: SubjectState;
  @ApiProperty({ enum: FRESHNESS, nullable: true, description: 'The worst freshness of its enabled policies; null when not protected.' })
  freshness!: (typeof FRESHNESS)[number] | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The oldest "last success" among its policies.' })
  lastSuccessAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds since lastSuccessAt.' }) ageSeconds!: number | null;
  @ApiProperty({ type: SubjectIntegrityDto }) integrity!: SubjectIntegrityDto;
  @ApiProperty({
    type: String,
    enum: RESTORABILITY,
    nullable: true,
    description: 'The worst verification among its enabled machine policies; null when it has none.',
  })
  restorability!: Restorability | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'backed up and verified 2026-12-07',
    description: '"backed up and verified <date>", "backed up" or "not restorable"; null before the first backup.',
  })
  words!: string | null;
  @ApiProperty({ type: [SubjectStorageDto] }) storage!: SubjectStorageDto[];
  @ApiProperty({ type: [SubjectPolicyStatusDto] }) policies!: SubjectPolicyStatusDto[];
}

export class NetworkBackupStatusDto {
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
  @ApiProperty({
    type: [BackupSubjectStatusDto],
    description: "Every machine of the configuration, every active mesh device and every policy's subject; worst first.",
  })
  subjects!: BackupSubjectStatusDto[];
  @ApiProperty({ type: [BackupRepositoryDto] }) repositories!: BackupRepositoryDto[];
}

export class FamilyDeviceDto {
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ example: 'family' }) networkName!: string;
  @ApiProperty({ enum: SUBJECT_KINDS }) kind!: (typeof SUBJECT_KINDS)[number];
  @ApiProperty({ example: 'laptop-anna' }) name!: string;
  @ApiProperty({ enum: ['safe', 'needs-attention'] }) state!: 'safe' | 'needs-attention';
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last successful backup (the web app says it in words).' })
  lastBackupAt!: string | null;
  @ApiProperty({ enum: FRESHNESS, nullable: true }) freshness!: (typeof FRESHNESS)[number] | null;
  @ApiProperty({ type: String, enum: RESTORABILITY, nullable: true, description: 'Machines: what the verified restores say.' })
  restorability!: Restorability | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The oldest latest verified restore among its machine policies, when all are verified.',
  })
  verifiedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'backed up and verified 2026-12-07',
    description: '"backed up and verified <date>", "backed up" or "not restorable"; null before the first backup.',
  })
  words!: string | null;
  @ApiProperty({
    example: 'Turn laptop-anna on and connect it to the network so its backup can run.',
    description: 'What to do, in plain words.',
  })
  advice!: string;
}

export class FamilyViewDto {
  @ApiProperty({ type: [FamilyDeviceDto], description: "The signed-in member's devices (policies they own), needing attention first." })
  items!: FamilyDeviceDto[];
}
