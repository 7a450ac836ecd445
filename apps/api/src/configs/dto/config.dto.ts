import { ADMIN_MODES, type AdminMode, NAME_MAX_LENGTH, NAME_PATTERN, NETWORK_LAYERS, RESERVED_NAMES, SYSTEMS } from '@clan/nix-schema';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsResourceName } from '../../networks/dto/is-resource-name';
import { PagingQueryDto } from '../../common/http/paging.dto';
import { DRIFT_STATES, type Drift } from '../machine-revisions.service';

export const MESSAGE_MAX = 4000;
/** Below the 1 MB JSON body limit, so an oversized configs.json is a 400 naming `content`. */
export const RAW_CONTENT_MAX = 900_000;
const SHA = /^[0-9a-f]{7,40}$/;
const SHA_RULE = 'must be a commit sha (7–40 lower-case hex digits)';
const EXAMPLE_SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const FREE_OBJECT = { type: 'object', additionalProperties: true } as const;

/** Query strings carry "true"/"false"; anything else stays a string and fails @IsBoolean naming the field. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

const BASE_RULE = `baseRevision ${SHA_RULE}`;
const STALE =
  '409 (with `currentRevision` in the error body) when what this write replaces changed since; docs/api.md, "Revisions and conflicts".';

/** A required `baseRevision`: the revision the client read before editing. */
function BaseRevision(description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ pattern: SHA.source, example: EXAMPLE_SHA, description: `${description} ${STALE}` })(target, key);
    Matches(SHA, { message: `baseRevision is required: the \`head\` the machine was read at (${SHA_RULE.replace('must be ', '')})` })(
      target,
      key,
    );
  };
}

/** An optional `baseRevision` (scripted writes may act on the head as it is). */
function OptionalBaseRevision(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ pattern: SHA.source, example: EXAMPLE_SHA, description: `${description} ${STALE}` })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    Matches(SHA, { message: BASE_RULE })(target, key);
  };
}

/** `message?` and `dryRun?`, taken by every write. */
export class WriteOptionsDto {
  @ApiPropertyOptional({
    maxLength: MESSAGE_MAX,
    example: 'Share the photos folder',
    description: 'Commit message; a meaningful one is generated when omitted.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MESSAGE_MAX)
  message?: string;

  @ApiPropertyOptional({ default: false, description: 'true: answer the diff that would be committed, commit nothing.' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** The same options as query parameters, for DELETE. */
export class WriteQueryDto {
  @ApiPropertyOptional({ maxLength: MESSAGE_MAX, description: 'Commit message; generated when omitted.' })
  @IsOptional()
  @IsString()
  @MaxLength(MESSAGE_MAX)
  message?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: answer the diff, commit nothing.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @OptionalBaseRevision('The head the deletion was decided at; omitted: the head at the time of the write.')
  baseRevision?: string;
}

export class CreateMachineDto extends WriteOptionsDto {
  @ApiProperty({
    minLength: 1,
    maxLength: NAME_MAX_LENGTH,
    pattern: NAME_PATTERN.source,
    example: 'anna',
    description: `DNS label: a-z, 0-9 and "-"; not one of ${RESERVED_NAMES.join(', ')}. Cannot be changed later.`,
  })
  @IsResourceName()
  name!: string;

  @ApiPropertyOptional({
    ...FREE_OBJECT,
    description:
      'The machine configuration (GET /api/catalog/schema, `machine`); omitted fields get their defaults. May hold `localAdmins`.',
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class UpdateMachineDto extends WriteOptionsDto {
  @ApiProperty({
    ...FREE_OBJECT,
    description:
      'The whole network layer of the machine (defaults fill what is omitted). `adminMode` and `localAdmins` keep their current values when omitted.',
  })
  @IsObject()
  config!: Record<string, unknown>;

  @BaseRevision('The `head` the form was filled from (GET machine); 409 when someone else changed this machine since.')
  baseRevision!: string;
}

export class UpdateOverridesDto extends WriteOptionsDto {
  @ApiProperty({
    ...FREE_OBJECT,
    description: 'The whole local layer: a partial machine configuration deep-merged over the network layer (arrays and scalars replace).',
  })
  @IsObject()
  overrides!: Record<string, unknown>;

  @BaseRevision("The `head` the local layer was read at (GET machine); 409 when the machine's overrides changed since.")
  baseRevision!: string;
}

export class RevokeOverridesQueryDto extends WriteQueryDto {
  @ApiPropertyOptional({
    maxLength: 256,
    example: 'applications.syncthing',
    description: 'Dotted key path of the override to revoke; all overrides when omitted.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  path?: string;
}

export class PutRawConfigDto extends WriteOptionsDto {
  @ApiProperty({ maxLength: RAW_CONTENT_MAX, example: '{}\n', description: 'The whole configs.json text.' })
  @IsString()
  @MaxLength(RAW_CONTENT_MAX)
  content!: string;

  @OptionalBaseRevision('The head the edit started from; 409 when the head moved since. Omitted: replaces configs.json at the head.')
  baseRevision?: string;
}

export class RevertDto extends WriteOptionsDto {
  @ApiProperty({ pattern: SHA.source, example: EXAMPLE_SHA, description: 'The revision whose tree the new commit restores.' })
  @IsString()
  @Matches(SHA, { message: `revision ${SHA_RULE}` })
  revision!: string;

  @OptionalBaseRevision('The head the revert was decided at; 409 when the head moved since. Omitted: reverts the head as it is.')
  baseRevision?: string;
}

export class HistoryQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ maxLength: 256, example: 'configs.json', description: 'Only commits touching this repository path.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/, {
    message: 'path must be a repository path such as configs.json or overrides/anna.json',
  })
  path?: string;
}

export class DiffQueryDto {
  @ApiPropertyOptional({ pattern: SHA.source, description: 'Base revision; the parent of `to` when omitted.' })
  @IsOptional()
  @IsString()
  @Matches(SHA, { message: `from ${SHA_RULE}` })
  from?: string;

  @ApiPropertyOptional({ pattern: SHA.source, description: 'Target revision; the head when omitted.' })
  @IsOptional()
  @IsString()
  @Matches(SHA, { message: `to ${SHA_RULE}` })
  to?: string;
}

export class RawQueryDto {
  @ApiPropertyOptional({ pattern: SHA.source, description: 'The revision to read; the head when omitted.' })
  @IsOptional()
  @IsString()
  @Matches(SHA, { message: `revision ${SHA_RULE}` })
  revision?: string;
}

export class DiffFileDto {
  @ApiProperty({ example: 'configs.json' }) path!: string;
  @ApiProperty({ enum: ['added', 'modified', 'deleted', 'renamed'], enumName: 'DiffFileStatus' }) status!:
    'added' | 'modified' | 'deleted' | 'renamed';
}

export class DiffDto {
  @ApiProperty({ description: 'Unified diff (git diff).' }) patch!: string;
  @ApiProperty({ type: [DiffFileDto] }) files!: DiffFileDto[];
}

export class WriteResultDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: EXAMPLE_SHA,
    description: 'The new commit; the unchanged head when nothing changed; null for a dry run.',
  })
  revision!: string | null;

  @ApiProperty({ type: DiffDto }) diff!: DiffDto;
  @ApiProperty({ description: 'Whether a commit was made.' }) committed!: boolean;

  @ApiProperty({
    example: EXAMPLE_SHA,
    description:
      'The head this change (or dry-run preview) was computed against. Send it as `baseRevision` when applying a previewed change, so what is committed is exactly what was previewed.',
  })
  basedOn!: string;
}

const driftProperty = {
  enum: [...DRIFT_STATES],
  enumName: 'ConfigDrift',
  description: '`not-deployed` until the VM manager deploys; `behind` when the config changed after the deployed revision.',
};

export class MachineSummaryDto {
  @ApiProperty({ example: 'anna' }) name!: string;
  @ApiProperty({ enum: [...SYSTEMS], enumName: 'MachineSystem' }) system!: string;
  @ApiProperty({ enum: [...ADMIN_MODES], enumName: 'MachineAdminMode' }) adminMode!: AdminMode;
  @ApiProperty({ enum: [...NETWORK_LAYERS], enumName: 'MachineNetworkLayer' }) networkLayer!: string;
  @ApiProperty({ type: [String], example: ['syncthing'], description: 'Apps running with the effective config.' }) apps!: string[];
  @ApiProperty({ ...FREE_OBJECT, example: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 } }) resources!: Record<string, unknown>;
  @ApiProperty({ type: [String], example: ['anna'] }) localAdmins!: string[];
  @ApiProperty(driftProperty) drift!: Drift;
}

export class MachineListDto {
  @ApiProperty({ type: [MachineSummaryDto] }) items!: MachineSummaryDto[];
  @ApiProperty({ type: 'integer', example: 1 }) total!: number;
}

export class MachineDto {
  @ApiProperty({ example: 'anna' }) name!: string;
  @ApiProperty({
    example: EXAMPLE_SHA,
    description: 'The head revision this machine was read at: send it back as `baseRevision` when writing it.',
  })
  head!: string;
  @ApiProperty({ ...FREE_OBJECT, description: 'The network layer (configs.json entry, defaults filled) plus `localAdmins`.' })
  config!: Record<string, unknown>;
  @ApiProperty({ ...FREE_OBJECT, description: 'The local layer as set (partial); `{}` when there is none.' }) overrides!: Record<
    string,
    unknown
  >;
  @ApiProperty({ ...FREE_OBJECT, description: 'What the machine is built from: the network layer deep-merged with the local layer.' })
  effective!: Record<string, unknown>;
  @ApiProperty({ enum: [...ADMIN_MODES], enumName: 'MachineAdminMode' }) adminMode!: AdminMode;
  @ApiProperty({ type: [String] }) localAdmins!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The last commit that changed what this machine is built from.' }) revision!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The revision the running machine was built from.' }) deployedRevision!:
    string | null;
  @ApiProperty(driftProperty) drift!: Drift;
}

export class MachineWriteResultDto extends WriteResultDto {
  @ApiProperty({ type: MachineDto, description: 'The machine as committed (or as it would be, for a dry run).' }) machine!: MachineDto;
}

export class CommitDto {
  @ApiProperty({ example: EXAMPLE_SHA }) sha!: string;
  @ApiProperty({ type: [String] }) parents!: string[];
  @ApiProperty({ example: 'Anna' }) authorName!: string;
  @ApiProperty({ example: 'anna@users.clan.invalid' }) authorEmail!: string;
  @ApiProperty({ format: 'date-time' }) date!: string;
  @ApiProperty({ example: 'Add machine anna with syncthing' }) subject!: string;
  @ApiProperty() body!: string;
}

export class HistoryDto {
  @ApiProperty({ type: [CommitDto] }) items!: CommitDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
}

export class RawConfigDto {
  @ApiProperty({ example: EXAMPLE_SHA }) revision!: string;
  @ApiProperty({ description: 'configs.json at that revision.' }) content!: string;
}

export class MachineStatusDto {
  @ApiProperty({ example: 'anna' }) name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The last commit that changed what this machine is built from.' }) revision!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) deployedRevision!: string | null;
  @ApiProperty(driftProperty) drift!: Drift;
}

export class ConfigStatusDto {
  @ApiProperty({ example: EXAMPLE_SHA }) head!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'nix://https-panel.example.org/api/networks/0d5c…/config.git',
    description: 'The nix:// link members clone the repository with; null when the panel has no usable host name.',
  })
  link!: string | null;
  @ApiProperty({ type: [MachineStatusDto] }) machines!: MachineStatusDto[];
}
