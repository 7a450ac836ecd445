import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsAbsolutePath } from '../backup-validation';

export class SnapshotDto {
  @ApiProperty({ example: '8c1f882f1ded8b19…' }) id!: string;
  @ApiProperty({ example: '8c1f882f' }) shortId!: string;
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ example: 'laptop-anna' }) hostname!: string;
  @ApiProperty({ type: [String] }) paths!: string[];
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The policy that made it (from its clan-policy tag).' })
  policyId!: string | null;
  @ApiProperty({ example: 'files', description: '"files", or "dump:<name>" for a dump hook\'s snapshot.' }) part!: string;
}

export class SnapshotListDto {
  @ApiProperty({ type: [SnapshotDto], description: 'Newest first.' }) items!: SnapshotDto[];
  @ApiProperty() total!: number;
}

export class SnapshotQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this policy's snapshots." })
  @IsOptional()
  @IsUUID('all', { message: 'policyId must be a UUID' })
  policyId?: string;
}

export class TreeQueryDto {
  @ApiPropertyOptional({ maxLength: 4096, example: '/srv/photos', description: 'Directory to list (default "/").' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @IsAbsolutePath()
  path?: string;
}

export class TreeEntryDto {
  @ApiProperty({ example: 'f1.jpg' }) name!: string;
  @ApiProperty({ example: '/srv/photos/f1.jpg' }) path!: string;
  @ApiProperty({ enum: ['file', 'dir', 'symlink', 'other'] }) type!: 'file' | 'dir' | 'symlink' | 'other';
  @ApiProperty({ type: Number, nullable: true }) size!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) mtime!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '-rw-r--r--' }) permissions!: string | null;
}

export class TreeListingDto {
  @ApiProperty() snapshotId!: string;
  @ApiProperty({ example: '/srv/photos' }) path!: string;
  @ApiProperty({ type: [TreeEntryDto], description: 'Directories first, then by name.' }) entries!: TreeEntryDto[];
}

export class RestoreDto {
  @ApiProperty({
    maxLength: 4096,
    example: '/srv/photos/2024',
    description: 'Absolute path in the snapshot to restore (a file or a directory).',
  })
  @IsString()
  @Length(1, 4096)
  @IsAbsolutePath()
  path!: string;

  @ApiPropertyOptional({
    maxLength: 4096,
    example: '/srv/restore',
    description:
      'Restore under this directory instead of the original place: the file lands at <target><path>. Only host admins may restore elsewhere. Omit to restore to the original location (overwrites).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  @IsAbsolutePath()
  target?: string;
}

export class MachineRestoreDto {
  @ApiProperty({
    maxLength: 256,
    example: '/state/data/notes.txt',
    description: 'Absolute path in the machine (a file or a directory) to restore from the snapshot, overwriting what is there.',
  })
  @IsString()
  @Length(1, 256)
  @IsAbsolutePath()
  path!: string;
}

export class MachineRestoreResultDto {
  @ApiProperty({ example: 'files' }) machine!: string;
  @ApiProperty({ description: "The snapshot in the policy's repository." }) snapshotId!: string;
  @ApiProperty({ description: "Its original in the machine's own repository, which the machine restored from." })
  machineSnapshotId!: string;
  @ApiProperty({ example: '/state/data/notes.txt' }) restored!: string;
}
