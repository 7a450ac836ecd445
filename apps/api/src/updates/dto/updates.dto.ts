import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, ValidateIf } from 'class-validator';
import { UPSTREAM_MAX_LENGTH } from '../upstream-url';
import { UpdatePreviewDto, UpdateRolloutDto, UpdateWindowDto } from './rollout.dto';

export class SetUpstreamDto {
  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: UPSTREAM_MAX_LENGTH,
    example: 'git+file:///srv/mirror/clan?ref=main',
    description:
      "The git flake the network's `clan` input follows: `git+file:///absolute/path?ref=<branch>` or `git+https://host/path?ref=<branch>` " +
      '(no user name, password or other parameters). The panel renders it into flake.nix, runs `nix flake lock` and commits both files. ' +
      "`null`: stop following it; the network builds from the panel's own flake (or the demo system) again, without a lock.",
  })
  // null is a value here (stop following); the service checks the URL and answers a sentence.
  @ValidateIf((_, v) => v !== null)
  @IsDefined({ message: 'upstream must be a git flake URL or null' })
  @IsString({ message: 'upstream must be a git flake URL (a string) or null' })
  upstream!: string | null;
}

export class UpdateInputDto {
  @ApiProperty({ example: 'clan', description: 'The flake input: `clan`, the only one a network repository has.' }) input!: string;
  @ApiProperty({ type: 'string', nullable: true, description: "The revision the repository's flake.lock pins at its head." })
  currentRev!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When that revision was made (its lastModified).' })
  currentDate!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: "The revision the upstream's branch pointed at when last checked." })
  latestRev!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) latestDate!: string | null;
  @ApiProperty({ description: 'The upstream has another revision than the lock pins.' }) available!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When the last check ran; null: never.' })
  checkedAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the last check failed, as a sentence; null when it worked.' })
  error!: string | null;
}

export class UpdatesDto {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: "The git flake the network follows; null: the panel's own flake or the demo system (no lock, no checks).",
  })
  upstream!: string | null;
  @ApiProperty({ type: [UpdateInputDto] }) inputs!: UpdateInputDto[];
  @ApiProperty({
    type: UpdatePreviewDto,
    nullable: true,
    description: 'The latest preview that is not superseded (building, ready or failed); null: none.',
  })
  preview!: UpdatePreviewDto | null;
  @ApiProperty({
    type: UpdateRolloutDto,
    nullable: true,
    description: 'The rollout running or halted now, else the latest one; null: none yet.',
  })
  rollout!: UpdateRolloutDto | null;
  @ApiProperty({ description: 'Automatic updates are on.' }) autoUpdate!: boolean;
  @ApiProperty({ type: UpdateWindowDto, nullable: true, description: 'The maintenance window; null: any time.' })
  window!: UpdateWindowDto | null;
}
