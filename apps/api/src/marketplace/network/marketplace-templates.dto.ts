import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CreateNetworkDto, NetworkDto } from '../../networks/dto/network.dto';
import { MarketplaceReviewSummaryDto } from './network-marketplace.dto';

/** The network fields of POST /api/networks, with their rules (the mesh layer is the default one). */
export class CreateFromTemplateDto extends PickType(CreateNetworkDto, ['name', 'description', 'system'] as const) {}

export class SkippedAppDto {
  @ApiProperty({ example: 'pinBoard' }) app!: string;
  @ApiProperty({ description: 'Why it was not put up for review, as a sentence.' }) reason!: string;
}

export class CreatedFromTemplateDto {
  @ApiProperty({ type: NetworkDto }) network!: NetworkDto;
  @ApiProperty({ type: [String] }) machines!: string[];
  @ApiProperty({ type: [MarketplaceReviewSummaryDto], description: 'One install review per third-party app the template uses.' })
  reviews!: MarketplaceReviewSummaryDto[];
  @ApiProperty({ type: [SkippedAppDto] }) skipped!: SkippedAppDto[];
}

export class PublishTemplateDto {
  @ApiProperty({ example: 'Family network', maxLength: 80 })
  @IsString({ message: 'title must be a string' })
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(80, { message: 'title must be at most 80 characters long' })
  title!: string;

  @ApiProperty({ example: 'Two machines: photos and a password vault.', maxLength: 2000 })
  @IsString({ message: 'description must be a string' })
  @MinLength(1, { message: 'description must not be empty' })
  @MaxLength(2000, { message: 'description must be at most 2000 characters long' })
  description!: string;

  @ApiPropertyOptional({ example: 'CC0-1.0', maxLength: 64, description: 'Default CC0-1.0.' })
  @IsOptional()
  @IsString({ message: 'licence must be a string' })
  @MinLength(1, { message: 'licence must not be empty' })
  @MaxLength(64, { message: 'licence must be at most 64 characters long' })
  licence?: string;
}

export class PublishedTemplateDto {
  @ApiProperty({ format: 'uuid' }) networkId!: string;
  @ApiProperty({ example: 'family', description: "The template's key in the published repository." }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() licence!: string;
  @ApiProperty({ description: 'The commit of the published repository.' }) revision!: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) publishedAt!: string;
  @ApiProperty({ type: 'string', nullable: true }) publishedBy!: string | null;
  @ApiProperty({ example: 'https://panel.example.org/api/published/<id>.git', description: 'Read-only, no sign-in.' }) gitUrl!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'nix://https-panel.example.org/api/published/<id>.git' }) link!: string | null;
  @ApiProperty({ type: [String] }) machines!: string[];
  @ApiProperty({ type: [String] }) apps!: string[];
  @ApiProperty({ type: [String], description: 'What was left out, as sentences.' }) omitted!: string[];
}

export class PublishStatusDto {
  @ApiProperty({ type: PublishedTemplateDto, nullable: true }) published!: PublishedTemplateDto | null;
}

export class ResolvedNetworkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The caller can see the network.' }) member!: boolean;
}

export class ResolvedSourceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ResolvedTemplateDto {
  @ApiProperty() source!: string;
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
}

export class ResolvedLinkDto {
  @ApiProperty({ enum: ['network', 'template'] }) kind!: 'network' | 'template';
  @ApiProperty({ description: 'The git URL the link names.' }) gitUrl!: string;
  @ApiProperty({ type: ResolvedNetworkDto, nullable: true, description: 'A network of this panel.' }) network!: ResolvedNetworkDto | null;
  @ApiProperty({ type: ResolvedSourceDto, nullable: true, description: 'The marketplace source here with that URL.' })
  source!: ResolvedSourceDto | null;
  @ApiProperty({ type: [ResolvedTemplateDto] }) templates!: ResolvedTemplateDto[];
}

export class ResolveLinkQuery {
  @ApiProperty({ example: 'nix://https-panel.example.org/api/published/0b6f7d4e-3c1a-4f5e-9a57-2d8c1e0f4a11.git' })
  @IsString({ message: 'link must be a string' })
  @MaxLength(2048, { message: 'link must be at most 2048 characters long' })
  link!: string;
}
