import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsReadDataSubset } from '../backup-validation';
import { type BackupRepositoryKind, REPOSITORY_KIND_NAMES, REPOSITORY_KINDS } from '../repository-kinds';

export const LABEL_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export class S3CredentialsDto {
  @ApiProperty({
    maxLength: 256,
    example: 'GK3a1b2c3d4e5f',
    description: 'Access key id (AWS_ACCESS_KEY_ID for restic). Stored encrypted.',
  })
  @IsString()
  @Length(1, 256)
  accessKeyId!: string;

  @ApiProperty({ maxLength: 1024, description: 'Secret access key (AWS_SECRET_ACCESS_KEY). Stored encrypted, never shown again.' })
  @IsString()
  @Length(1, 1024)
  secretAccessKey!: string;

  @ApiPropertyOptional({ maxLength: 64, example: 'garage', description: 'Region (AWS_DEFAULT_REGION), when the service needs one.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  region?: string;
}

export class CreateBackupRepositoryDto {
  @ApiProperty({ minLength: 1, maxLength: 63, pattern: LABEL_PATTERN.source, example: 'nas', description: 'Name, unique in the network.' })
  @IsString()
  @Length(1, 63)
  @Matches(LABEL_PATTERN, { message: 'name must be lowercase letters, digits and inner hyphens, e.g. "nas" or "offsite-s3"' })
  name!: string;

  @ApiProperty({
    enum: REPOSITORY_KIND_NAMES,
    description: `${REPOSITORY_KIND_NAMES.map((k) => `\`${k}\`: ${REPOSITORY_KINDS[k].summary}`).join('; ')}.`,
  })
  @IsIn(REPOSITORY_KIND_NAMES, { message: `kind must be one of: ${REPOSITORY_KIND_NAMES.join(', ')}` })
  kind!: BackupRepositoryKind;

  @ApiProperty({
    maxLength: 1024,
    example: '/srv/backups/family',
    description: `${REPOSITORY_KIND_NAMES.map((k) => `${k}: ${REPOSITORY_KINDS[k].locationForm}.`).join(' ')} Stored encrypted; lists show it without any "user:password@" part.`,
  })
  @IsString()
  @Length(1, 1024)
  location!: string;

  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 1024,
    description:
      'The restic repository password (RESTIC_PASSWORD). Omit it and the panel generates one and answers it once. Stored encrypted, never shown again. Losing it loses the backups.',
  })
  @IsOptional()
  @IsString()
  @Length(8, 1024, { message: 'password must be 8 to 1024 characters' })
  password?: string;

  @ApiPropertyOptional({ type: S3CredentialsDto, description: 'Required for kind s3.' })
  @IsOptional()
  @IsObject({ message: 's3 must be an object with accessKeyId and secretAccessKey' })
  @ValidateNested()
  @Type(() => S3CredentialsDto)
  s3?: S3CredentialsDto;
}

export class UpdateBackupRepositoryDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 63, pattern: LABEL_PATTERN.source, example: 'nas' })
  @IsOptional()
  @IsString()
  @Length(1, 63)
  @Matches(LABEL_PATTERN, { message: 'name must be lowercase letters, digits and inner hyphens, e.g. "nas" or "offsite-s3"' })
  name?: string;

  @ApiPropertyOptional({ type: S3CredentialsDto, description: 'New S3 keys (kind s3 only), e.g. after rotating them.' })
  @IsOptional()
  @IsObject({ message: 's3 must be an object with accessKeyId and secretAccessKey' })
  @ValidateNested()
  @Type(() => S3CredentialsDto)
  s3?: S3CredentialsDto;
}

export class CheckRepositoryDto {
  @ApiPropertyOptional({
    maxLength: 16,
    example: '10%',
    description: 'Also read and verify this part of the data (`--read-data-subset`): "10%" or "1/5". Omit for a metadata-only check.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  @IsReadDataSubset()
  readDataSubset?: string;
}

export class RepositoryCheckStatusDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the last `restic check` finished.' })
  at!: string | null;
  @ApiProperty({ enum: ['unknown', 'ok', 'failed'], description: 'unknown: never checked.' })
  result!: 'unknown' | 'ok' | 'failed';
  @ApiProperty({ type: String, nullable: true, description: 'What the failed check reported.' })
  error!: string | null;
}

export class BackupRepositoryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ example: 'nas' }) name!: string;
  @ApiProperty({ enum: REPOSITORY_KIND_NAMES }) kind!: BackupRepositoryKind;
  @ApiProperty({ example: '/srv/backups/family', description: 'The location without credentials.' }) location!: string;
  @ApiProperty({ description: 'True when S3 keys are stored.' }) hasCredentials!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the panel saw the repository exist (init or poll).',
  })
  initializedAt!: string | null;
  @ApiProperty({ type: RepositoryCheckStatusDto }) check!: RepositoryCheckStatusDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last poll of the repository.' }) polledAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What the last poll could not do (null: it worked).' }) pollError!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: 'repository-missing', description: 'Class of pollError.' })
  pollErrorClass!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Repository size in bytes (`restic stats --mode raw-data`).' })
  sizeBytes!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Free bytes on the file system of a local repository.' })
  freeBytes!: number | null;
  @ApiProperty({ description: 'Policies that back up into it.' }) policies!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** The answer to creating a repository: the repository, and a generated password this once. */
export class CreatedBackupRepositoryDto extends BackupRepositoryDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The password the panel generated (no password was given), answered only here and never again: store it somewhere safe, without it the backups cannot be restored. Null when you gave one.',
  })
  password!: string | null;
}

export class BackupRepositoryListDto {
  @ApiProperty({ type: [BackupRepositoryDto] }) items!: BackupRepositoryDto[];
  @ApiProperty() total!: number;
}

export class UsageSampleDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Repository size in bytes.' }) sizeBytes!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Free bytes on the target (local repositories).' }) freeBytes!: number | null;
}

export class UsageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Samples from this time on (default: 30 days ago).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, { message: 'since must be an ISO 8601 date-time' })
  since?: string;
}

export class RepositoryUsageDto {
  @ApiProperty({ format: 'uuid' }) repositoryId!: string;
  @ApiProperty({ type: [UsageSampleDto], description: 'Oldest first; one per poll or run (at most 2000).' }) samples!: UsageSampleDto[];
}
