import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const FREE_OBJECT = { type: 'object', additionalProperties: true } as const;

export class MarketplaceSourceRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'example-apps' }) name!: string;
  @ApiProperty({
    example: 'https://git.example.org/author/clan-apps',
    description: "The author's repository (builds read the panel's mirror).",
  })
  url!: string;
}

export class NetworkMarketplaceUpdateDto {
  @ApiProperty({ description: 'The newer revision the source is indexed at.' }) rev!: string;
  @ApiProperty({ type: 'string', nullable: true, format: 'uuid', description: 'The pending review of that update, if one was made.' })
  reviewId!: string | null;
}

export class NetworkMarketplaceAppDto {
  @ApiProperty({ example: 'pinBoard', description: 'The name under `applications` in configs.json.' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: MarketplaceSourceRefDto }) source!: MarketplaceSourceRefDto;
  @ApiProperty({ description: 'The pinned revision (flake.lock).' }) rev!: string;
  @ApiProperty() narHash!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) acceptedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) acceptedBy!: string | null;
  @ApiProperty({ ...FREE_OBJECT, description: "JSON Schema of the app's options, as the catalog serves the built-in apps'." })
  schema!: Record<string, unknown>;
  @ApiProperty({
    ...FREE_OBJECT,
    nullable: true,
    description: 'The options an app gets when added with nothing set; null when one is required.',
  })
  defaults!: Record<string, unknown> | null;
  @ApiProperty({ type: [String], description: 'Machines whose configuration lists the app.' }) machines!: string[];
  @ApiProperty({ type: NetworkMarketplaceUpdateDto, nullable: true, description: 'The source has a newer revision of the app.' })
  update!: NetworkMarketplaceUpdateDto | null;
}

export class MarketplaceReviewSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'pinBoard' }) app!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['install', 'update'] }) kind!: 'install' | 'update';
  @ApiProperty({ type: 'string', nullable: true, description: 'The pinned revision it replaces; null for an install.' }) fromRev!:
    string | null;
  @ApiProperty() toRev!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The machine the app is added to on accept (when it is one).' })
  machine!: string | null;
  @ApiProperty({ type: [String], description: 'Every machine the app is added to on accept (a template may name several).' })
  machines!: string[];
  @ApiProperty({ enum: ['pending', 'accepted', 'rejected', 'stale'] }) status!: 'pending' | 'accepted' | 'rejected' | 'stale';
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) createdBy!: string | null;
}

export class NetworkMarketplaceDto {
  @ApiProperty({ type: [NetworkMarketplaceAppDto], description: 'The third-party apps pinned in the network (marketplace.json).' })
  apps!: NetworkMarketplaceAppDto[];
  @ApiProperty({ type: [MarketplaceReviewSummaryDto], description: 'Pending reviews first, then the 20 most recent decided ones.' })
  reviews!: MarketplaceReviewSummaryDto[];
  @ApiProperty({ type: [String], description: 'Entries of marketplace.json the panel could not read (left out), as sentences.' })
  problems!: string[];
}

export class SourceDiffFileDto {
  @ApiProperty() path!: string;
  @ApiProperty({ enum: ['added', 'modified', 'deleted', 'renamed'] }) status!: 'added' | 'modified' | 'deleted' | 'renamed';
  @ApiProperty({ type: 'integer' }) additions!: number;
  @ApiProperty({ type: 'integer' }) deletions!: number;
}

export class SourceDiffDto {
  @ApiProperty({ type: [SourceDiffFileDto] }) files!: SourceDiffFileDto[];
  @ApiProperty({ description: "Unified diff of the source's tree from the pinned revision (or nothing) to the new one." }) patch!: string;
  @ApiProperty({ description: 'The patch was cut at 512 KiB; the file list is complete.' }) truncated!: boolean;
}

export class MarketplaceReviewDto extends MarketplaceReviewSummaryDto {
  @ApiProperty({ type: MarketplaceSourceRefDto }) source!: MarketplaceSourceRefDto;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) decidedBy!: string | null;
  @ApiProperty({
    description: 'Unified diff of the network repository (flake.nix, flake.lock, marketplace.json, configs.json) accepting makes.',
  })
  configDiff!: string;
  @ApiProperty({ type: SourceDiffDto }) sourceDiff!: SourceDiffDto;
}

export class AcceptMarketplaceReviewDto {
  @ApiProperty({ type: MarketplaceReviewDto }) review!: MarketplaceReviewDto;
  @ApiProperty({ description: 'The commit that pinned the app.' }) commit!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The machine the app was added to.' }) machine!: string | null;
}

export class CreateMarketplaceReviewDto {
  @ApiProperty({ format: 'uuid', description: 'The marketplace source the app comes from.' })
  @IsUUID('all', { message: 'sourceId must be the id of a marketplace source' })
  sourceId!: string;

  @ApiProperty({ example: 'pinBoard', description: "The app's key in the source." })
  @IsString({ message: 'app must be a string' })
  @Matches(/^[a-z][a-zA-Z0-9]{0,62}$/, { message: 'app must be an app key: a lower-case letter, then letters and digits (at most 63)' })
  app!: string;

  @ApiPropertyOptional({
    example: 'home-server',
    description: 'Install only: the machine to add the app to (enabled, with its defaults) on accept.',
  })
  @IsOptional()
  @IsString({ message: 'machine must be a string' })
  @MaxLength(63, { message: 'machine must be at most 63 characters long' })
  machine?: string;
}
