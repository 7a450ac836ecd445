import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';
import { SNAPSHOT_ID } from '../backups.service';

export class WholeMachineRestoreDto {
  @ApiProperty({ format: 'uuid', description: 'The backup repository holding the snapshot.' })
  @IsUUID()
  repositoryId!: string;

  @ApiProperty({
    pattern: SNAPSHOT_ID.source,
    example: '8c1f882f',
    description: "A snapshot of one of the machine's backup policies, tagged with the revision and generation it was taken under.",
  })
  @IsString()
  @Matches(SNAPSHOT_ID, { message: 'snapshotId must be a restic snapshot id (8 to 64 hex digits)' })
  snapshotId!: string;
}
